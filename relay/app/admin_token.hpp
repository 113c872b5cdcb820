#pragma once
// The admin bearer token: from --admin-token if given; otherwise generated on
// first start, printed once, and kept only as a SHA-256 hash in the data
// folder (delete data/admin-token.sha256 to get a new one).

#include <filesystem>
#include <iosfwd>
#include <string>

#include "common/random_source.hpp"
#include "relay/core/crypto.hpp"

namespace baton {

crypto::Digest resolve_admin_token(const std::string& configured, const std::filesystem::path& data_dir,
                                   RandomSource& random, std::ostream& announce);

}  // namespace baton
