#pragma once
// Makes a file or a folder unwritable for the relay under test, root or
// not, until destroyed: what a full or failing disk does to one path.

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace baton::test {

// Root may write any file it can open; the immutable flag stops even root,
// and (since Linux 5.3) writes through descriptors opened before it was set.
inline bool set_immutable(const std::filesystem::path& file, bool on) {
  int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) return false;
  int flags = 0;
  bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (done) {
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  }
  ::close(fd);
  return done;
}

// Makes `file` (or a folder: nothing can be created in it) unwritable for
// the relay until destroyed.
class Unwritable {
 public:
  explicit Unwritable(std::filesystem::path file) : file_(std::move(file)) {
    if (::geteuid() != 0) {
      works_ = ::chmod(file_.c_str(), std::filesystem::is_directory(file_) ? 0555 : 0444) == 0;
      by_mode_ = true;
    } else {
      works_ = set_immutable(file_, true);
    }
  }
  ~Unwritable() {
    if (!works_) return;
    if (by_mode_) ::chmod(file_.c_str(), std::filesystem::is_directory(file_) ? 0755 : 0644);
    else set_immutable(file_, false);
  }
  Unwritable(const Unwritable&) = delete;
  Unwritable& operator=(const Unwritable&) = delete;
  bool works() const { return works_; }
  bool by_mode() const { return by_mode_; }

 private:
  std::filesystem::path file_;
  bool works_ = false;
  bool by_mode_ = false;
};

}  // namespace baton::test
