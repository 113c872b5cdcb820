#pragma once
// A web address that may go into an attribute of the widget (an image's
// src): http or https, at most 500 characters, and nothing that could end
// the attribute or hide in it (spaces, control characters, quotes, angle
// brackets, backslashes, backticks). The relay checks the site owner's
// settings with it at start, and the widget checks what it is given again.

#include <string_view>

namespace baton {

bool is_web_image_url(std::string_view url);

}  // namespace baton
