#pragma once
// Messages that are only a greeting or only thanks, in any of the six
// languages. They deserve a friendly word, not "I'm not sure".

#include <string_view>

namespace baton {

enum class SmallTalk : unsigned char { none, hello, thanks };

SmallTalk detect_small_talk(std::string_view text);

}  // namespace baton
