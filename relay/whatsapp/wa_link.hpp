#pragma once
// "Continue on WhatsApp": the wa.me link that opens a chat with the business
// with the reference code already typed, and a QR code of it for visitors
// on a computer. The code in the text is how the relay knows which chat the
// visitor's first WhatsApp message belongs to.

#include <string>
#include <string_view>

namespace baton {

// https://wa.me/<digits>?text=<percent-encoded "Chat #CODE">
std::string wa_me_link(std::string_view business_number, std::string_view code);

// The QR code of `text` as a standalone SVG (libqrencode, error correction
// level M, a four-module quiet zone, one path), and as a data: URL an <img>
// can show: an SVG loaded as an image runs no script.
std::string qr_svg(std::string_view text);
std::string qr_data_url(std::string_view text);

}  // namespace baton
