#include "relay/app/model_key.hpp"

#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "relay/core/config.hpp"

namespace baton {
namespace {

// Written with owner-only permissions from the start, then renamed into
// place, so no other user can read it even for a moment.
void write_private(const std::filesystem::path& file, std::string_view bytes) {
  auto temp = file;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw ConfigError("cannot write " + file.string());
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw ConfigError("cannot write " + file.string());
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) throw ConfigError("cannot write " + file.string() + ": " + ec.message());
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

SecretBox::Key load_or_create_secret_key(const std::filesystem::path& data_dir, RandomSource& random) {
  auto file = data_dir / "secret.key";
  SecretBox::Key key{};
  if (std::filesystem::exists(file)) {
    auto bytes = read_all(file);
    if (bytes.size() != key.size()) throw ConfigError(file.string() + " is damaged (expected 32 bytes)");
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(key.data()));
    return key;
  }
  random.fill(key);
  write_private(file, std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  return key;
}

std::string resolve_model_key(const std::string& configured, const std::filesystem::path& data_dir,
                              RandomSource& random) {
  auto file = data_dir / "llm-key.sealed";
  if (configured.empty() && !std::filesystem::exists(file)) return {};
  SecretBox box(load_or_create_secret_key(data_dir, random), random);
  if (!configured.empty()) {
    // Kept only when it differs, so restarts do not rewrite the file.
    auto stored = std::filesystem::exists(file) ? box.open(read_all(file)) : std::nullopt;
    if (stored != configured) write_private(file, box.seal(configured));
    return configured;
  }
  auto opened = box.open(read_all(file));
  if (!opened) {
    throw ConfigError(file.string() + " cannot be opened with " + (data_dir / "secret.key").string() +
                      "; give the key again with --llm-key or RELAY_LLM_KEY");
  }
  return *opened;
}

}  // namespace baton
