#pragma once
// What the site owner says about their chat's header, through the embed
// tag's data-title, data-logo and data-reply-time: checked here, so a typo
// or a hostile page cannot put anything but a short text or a web image in
// the widget.

#include <string>
#include <string_view>

namespace baton::client {

struct Branding {
  std::string title;       // replaces "Chat with us"; empty: the widget's own
  std::string logo;        // an http(s) image URL; empty: none
  std::string reply_time;  // "Usually replies within an hour"; empty: none

  // Each value as given when it is usable, else empty: texts trimmed and at
  // most 60 (title) or 80 (reply time) characters; the logo only as an
  // http or https URL of at most 500 characters without spaces or quotes.
  static Branding from(std::string_view title, std::string_view logo, std::string_view reply_time);
};

}  // namespace baton::client
