#include "tools/wa-sim/inbound_media.hpp"

#include "common/media_type.hpp"
#include "relay/core/crypto.hpp"
#include "tools/wa-sim/json_fields.hpp"
#include "tools/wa-sim/media_rules.hpp"
#include "tools/wa-sim/sample_media.hpp"

namespace baton::sim {
namespace {

using boost::json::object;

// "data:image/png;base64,AAAA" or plain "AAAA".
std::optional<std::string> decode_data(std::string_view data) {
  if (data.starts_with("data:")) {
    auto comma = data.find(',');
    if (comma == std::string_view::npos || data.substr(0, comma).find(";base64") == std::string_view::npos) {
      return std::nullopt;
    }
    data.remove_prefix(comma + 1);
  }
  return crypto::from_base64(data);
}

std::string article(const std::string& type) { return (type == "image" || type == "audio" ? "an " : "a ") + type; }

}  // namespace

std::variant<const StoredMedia*, std::string> store_inbound_media(const std::string& type, const object& request,
                                                                  MediaStore& store, std::int64_t now_ms) {
  if (fields::given(request, "media") && !fields::object_at(request, "media")) {
    return std::string("media must be an object");
  }
  const auto* media = fields::object_at(request, "media");
  std::string legacy_name(fields::string_or(request, "filename"));
  if (!media) {
    auto sample = sample_media(type);
    if (!sample) return std::string("no sample file for type ") + type;
    auto name = legacy_name.empty() ? std::string(sample->filename) : clean_file_name(legacy_name);
    return &store.add(std::string(sample->bytes), std::string(sample->mime), name, now_ms);
  }
  for (auto key : {"type", "mime", "filename", "data"}) {
    if (fields::given(*media, key) && !fields::string_at(*media, key)) {
      return "media." + std::string(key) + " must be a string";
    }
  }
  if (fields::given(*media, "type") && fields::string_or(*media, "type") != type) {
    return std::string("media.type and type disagree");
  }
  auto data = fields::string_at(*media, "data");
  if (!data) return std::string("media.data (the file's bytes in base64) is required");
  // Checked before decoding, so an oversized body costs no second copy.
  if (data->size() / 4 * 3 > max_inbound_media_bytes + 3) {
    return std::string("media.data is over 100 MB, more than WhatsApp delivers");
  }
  auto bytes = decode_data(*data);
  if (!bytes) return std::string("media.data must be base64 or a data: URL");
  if (bytes->empty()) return std::string("media.data is empty");
  if (bytes->size() > max_inbound_media_bytes)
    return std::string("media.data is over 100 MB, more than WhatsApp delivers");

  auto filename = clean_file_name(fields::string_or(*media, "filename", legacy_name));
  std::string given(fields::string_or(*media, "mime"));
  // Office formats are told apart by name: use the file's, else the type's.
  std::string sniff_name = filename;
  if (const auto* declared = upload_type(given); declared && sniff_name.find('.') == std::string::npos) {
    sniff_name = "file." + std::string(declared->extension);
  }
  auto sniffed = sniff_media(std::string_view(*bytes).substr(0, media_sniff_bytes), sniff_name);

  std::string mime;
  if (type == "document") {
    // A user may send any file as a document; its type is as declared.
    mime = !given.empty() ? given : sniffed ? sniffed->mime : "application/octet-stream";
  } else {
    if (!sniffed || to_string(sniffed->kind) != type) {
      return "media.data is not " + article(type) + " WhatsApp carries" +
             (sniffed ? " (it is " + sniffed->mime + ")" : std::string());
    }
    if (!given.empty() && base_mime(given) != sniffed->mime) {
      return "media.mime says " + given + " but the bytes are " + sniffed->mime;
    }
    // WhatsApp reports voice notes with their codec.
    mime = !given.empty() ? given : sniffed->mime == "audio/ogg" ? "audio/ogg; codecs=opus" : sniffed->mime;
  }
  return &store.add(std::move(*bytes), std::move(mime), std::move(filename), now_ms);
}

}  // namespace baton::sim
