#pragma once
// Filling "{name}" placeholders in the texts people read (the widget's and
// the relay's translated sentences).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace baton {

// `text` with every {name} replaced by its value; values are not searched again.
std::string fill_placeholders(std::string_view text,
                              std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace baton
