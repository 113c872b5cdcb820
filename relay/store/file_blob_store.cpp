#include "relay/store/file_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "relay/core/crypto.hpp"

namespace baton {
namespace fs = std::filesystem;
namespace {

bool is_hex_digest(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Writes the whole file and flushes it to the disk, or throws.
void write_durably(const fs::path& file, std::string_view bytes) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  std::size_t written = 0;
  bool ok = true;
  while (ok && written < bytes.size()) {
    auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) ok = false;
    else written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::error_code ignored;
    fs::remove(file, ignored);
    throw std::runtime_error("cannot write " + file.string());
  }
}

void sync_folder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

FileBlobStore::FileBlobStore(fs::path folder, const SecretBox::Key& key, RandomSource& random)
    : folder_(std::move(folder)), key_(key), box_(key, random) {
  fs::create_directories(folder_);
  fs::permissions(folder_, fs::perms::owner_all, fs::perm_options::replace);
}

fs::path FileBlobStore::path_of(std::string_view sha256) const {
  auto name = crypto::to_hex(
      crypto::hmac_sha256(std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()), sha256));
  return folder_ / name.substr(0, 2) / name.substr(2);
}

std::string FileBlobStore::put(std::string_view bytes) {
  auto sha = crypto::to_hex(crypto::sha256(bytes));
  auto file = path_of(sha);
  if (fs::exists(file)) return sha;
  fs::create_directories(file.parent_path());
  std::uint64_t n = 0;
  {
    std::lock_guard lock(temp_names_);
    n = next_temp_++;
  }
  // Written beside its final name, then renamed: a reader never sees half a file.
  auto temp = file.parent_path() / (".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(n));
  write_durably(temp, box_.seal_bytes(bytes));
  fs::rename(temp, file);
  sync_folder(file.parent_path());
  return sha;
}

std::optional<std::string> FileBlobStore::get(std::string_view sha256) {
  if (!is_hex_digest(sha256)) return std::nullopt;
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::string sealed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto plain = box_.open_bytes(sealed);
  // Bytes that do not match their name were altered on disk: not served.
  if (!plain || crypto::to_hex(crypto::sha256(*plain)) != sha256) return std::nullopt;
  return plain;
}

bool FileBlobStore::contains(std::string_view sha256) { return is_hex_digest(sha256) && fs::exists(path_of(sha256)); }

void FileBlobStore::remove(std::string_view sha256) {
  if (!is_hex_digest(sha256)) return;
  std::error_code ignored;
  fs::remove(path_of(sha256), ignored);
}

}  // namespace baton
