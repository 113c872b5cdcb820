#include "relay/app/admin_token.hpp"

#include <fstream>
#include <ostream>
#include <sys/stat.h>

#include "common/ids.hpp"
#include "relay/core/config.hpp"

namespace baton {

crypto::Digest resolve_admin_token(const std::string& configured, const std::filesystem::path& data_dir,
                                   RandomSource& random, std::ostream& announce) {
  if (!configured.empty()) return crypto::sha256(configured);
  auto file = data_dir / "admin-token.sha256";
  if (std::ifstream in{file}) {
    std::string hex;
    in >> hex;
    if (auto digest = crypto::digest_from_hex(hex)) return *digest;
    throw ConfigError(file.string() + " is damaged; delete it to generate a new admin token");
  }
  auto token = new_token(random);
  auto digest = crypto::sha256(token);
  {
    std::ofstream out{file};
    out << crypto::to_hex(digest) << "\n";
    if (!out) throw ConfigError("cannot write " + file.string());
  }
  ::chmod(file.c_str(), 0600);
  announce << "admin token (shown once; only its hash is kept in " << file.string() << "): " << token << std::endl;
  return digest;
}

}  // namespace baton
