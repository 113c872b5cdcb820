#include "relay/app/file_limit.hpp"

#include <sys/resource.h>

#include "relay/core/log.hpp"

namespace baton {

std::size_t raise_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    auto before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      limit.rlim_cur = before;
      log::warn("could not raise the open file limit", {{"limit", static_cast<std::uint64_t>(before)}});
    }
  }
  if (limit.rlim_cur == RLIM_INFINITY) return 1 << 20;
  return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace baton
