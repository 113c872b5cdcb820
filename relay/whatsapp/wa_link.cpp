#include "relay/whatsapp/wa_link.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "common/percent_encoding.hpp"
#include "relay/core/crypto.hpp"

namespace baton {

std::string wa_me_link(std::string_view business_number, std::string_view code) {
  std::string digits;
  for (char c : business_number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return "https://wa.me/" + digits + "?text=" + percent_encode("Chat #" + std::string(code));
}

std::string qr_svg(std::string_view text) {
  std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M),
                                                     &QRcode_free);
  if (!qr)
    throw std::runtime_error("QR code could not be made for a text of " + std::to_string(text.size()) + " bytes");
  constexpr int quiet = 4;
  int width = qr->width;
  int size = width + 2 * quiet;
  std::string path;
  // One horizontal run of dark modules per "h" segment keeps the path short.
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width;) {
      if (!(qr->data[static_cast<std::size_t>(y * width + x)] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (qr->data[static_cast<std::size_t>(y * width + x + run)] & 1)) ++run;
      path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + std::to_string(run) + "v1h-" +
              std::to_string(run) + "z";
      x += run;
    }
  }
  auto n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path d=\"" +
         path + "\" fill=\"#000\"/></svg>";
}

std::string qr_data_url(std::string_view text) { return "data:image/svg+xml;base64," + crypto::base64(qr_svg(text)); }

}  // namespace baton
