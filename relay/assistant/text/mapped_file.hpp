#pragma once
// A file mapped read-only into memory. The linguistic data is tens of
// megabytes of which a question touches a few pages, so the kernel's page
// cache holds it instead of the relay's heap.

#include <filesystem>
#include <optional>
#include <string_view>

namespace baton {

class MappedFile {
 public:
  // nullopt when the file cannot be opened or mapped (or is empty).
  static std::optional<MappedFile> open(const std::filesystem::path& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace baton
