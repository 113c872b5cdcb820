#pragma once
// A file's bytes as the relay serves them to its chat's token holder or the
// admin: the sniffed type, a download name, and headers that keep the
// browser from treating it as anything that runs on the relay's origin.

#include <string>

#include "common/attachment.hpp"
#include "relay/http/http_types.hpp"

namespace baton {

Response attachment_response(const Request& request, const Attachment& attachment, std::string bytes);

}  // namespace baton
