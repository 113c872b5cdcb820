#pragma once
// The media object of an image, document, audio, video or sticker send:
// `{"id": "<uploaded media id>"}` or `{"link": "https://..."}`, with a
// caption (not for audio or stickers) and, for documents, a filename. Shape
// only: whether the id exists is the Graph API's check (MediaApi::attach).

#include <boost/json/object.hpp>
#include <optional>

#include "tools/wa-sim/graph_error.hpp"
#include "tools/wa-sim/send_request.hpp"

namespace baton::sim {

// Fills out.media_id or out.media_link, out.body (the caption) and out.filename.
std::optional<GraphError> read_media(const boost::json::object& message, SendRequest& out);

inline constexpr std::size_t max_caption_chars = 1024;

}  // namespace baton::sim
