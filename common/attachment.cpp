#include "common/attachment.hpp"

#include "common/enum_names.hpp"

namespace baton {
namespace {

constexpr EnumNames<AttachmentKind, 5> kind_names{{"image", "document", "audio", "video", "sticker"}};

}  // namespace

std::string_view to_string(AttachmentKind kind) { return kind_names.name(kind, "document"); }

std::optional<AttachmentKind> attachment_kind_from_string(std::string_view name) { return kind_names.parse(name); }

}  // namespace baton
