#pragma once
// The file of a user's media message in POST /sim/inbound: the `media`
// object's bytes (base64, or a data: URL as a browser's FileReader gives
// it), checked to be the kind the message claims and stored under a new
// media id; or, when a media type comes without bytes, a small sample file
// of that type, so that every media message names something downloadable.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <variant>

#include "tools/wa-sim/media_store.hpp"

namespace baton::sim {

// Cloud API delivers users' files up to 100 MB.
inline constexpr std::size_t max_inbound_media_bytes = 100 * 1024 * 1024;

// `type` is image, document, audio, video or sticker. An error sentence
// for bad input; nothing is stored then.
std::variant<const StoredMedia*, std::string> store_inbound_media(const std::string& type,
                                                                  const boost::json::object& request, MediaStore& store,
                                                                  std::int64_t now_ms);

}  // namespace baton::sim
