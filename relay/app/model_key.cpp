#include "relay/app/model_key.hpp"

#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "relay/core/config.hpp"
#include "relay/core/log.hpp"

namespace baton {
namespace {

// Written with owner-only permissions from the start (a leftover temporary
// file or a symlink in its place is removed, never followed), then renamed
// into place, so no other user can read it even for a moment.
void write_private(const std::filesystem::path& file, std::string_view bytes) {
  auto temp = file;
  temp += ".tmp";
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw ConfigError("cannot write " + file.string());
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw ConfigError("cannot write " + file.string());
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) throw ConfigError("cannot write " + file.string() + ": " + ec.message());
}

// The whole file, which must be readable; group or world access is taken
// away (with a warning) rather than tolerated.
std::string read_private(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw ConfigError("cannot read " + file.string());
  struct stat info {};
  if (::fstat(fd, &info) == 0 && (info.st_mode & 077) != 0) {
    log::warn("secret file was readable by others; made it private", {{"file", file.string()}});
    ::fchmod(fd, 0600);
  }
  std::string bytes;
  char buffer[4096];
  for (;;) {
    auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      ::close(fd);
      throw ConfigError("cannot read " + file.string());
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return bytes;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

SecretBox::Key load_secret_key(const std::filesystem::path& data_dir, const std::filesystem::path& given,
                               RandomSource& random) {
  auto file = given.empty() ? data_dir / "secret.key" : given;
  SecretBox::Key key{};
  // A given file that is missing (an unmounted volume) must not be replaced
  // by a new key: nothing sealed before could be opened again.
  if (!given.empty() && !std::filesystem::exists(std::filesystem::symlink_status(file))) {
    throw ConfigError("--secret-key-file: " + file.string() + " does not exist");
  }
  if (std::filesystem::exists(std::filesystem::symlink_status(file))) {
    auto bytes = read_private(file);
    if (bytes.size() != key.size()) throw ConfigError(file.string() + " is damaged (expected 32 bytes)");
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(key.data()));
    return key;
  }
  random.fill(key);
  write_private(file, std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  return key;
}

std::string resolve_model_key(const std::string& configured, const std::filesystem::path& data_dir,
                              const SecretBox::Key& secret_key, RandomSource& random, const std::string& origin) {
  auto file = data_dir / "llm-key.sealed";
  bool stored = std::filesystem::exists(std::filesystem::symlink_status(file));
  if (configured.empty() && !stored) return {};
  auto give_again = "; give the key again with --llm-key or RELAY_LLM_KEY";
  if (!configured.empty()) {
    SecretBox box(secret_key, random);
    // The origin travels inside the sealed text, so it cannot be altered.
    auto content = origin + "\n" + configured;
    std::optional<std::string> previous;
    if (stored) {
      try {
        previous = box.open(trimmed(read_private(file)));
      } catch (const ConfigError&) {
      }
    }
    if (previous != content) write_private(file, box.seal(content));
    return configured;
  }
  SecretBox box(secret_key, random);
  auto opened = box.open(trimmed(read_private(file)));
  if (!opened) throw ConfigError(file.string() + " cannot be opened with the secret key" + give_again);
  auto newline = opened->find('\n');
  if (newline == std::string::npos) throw ConfigError(file.string() + " is damaged" + give_again);
  auto sealed_for = opened->substr(0, newline);
  if (sealed_for != origin) {
    throw ConfigError("the stored model key was given for " + sealed_for + ", not " + origin + " (--llm-url changed)" +
                      give_again);
  }
  return opened->substr(newline + 1);
}

}  // namespace baton
