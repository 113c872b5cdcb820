#pragma once
// Open connections are file descriptors. The soft limit many systems start
// with (1,024) is far below what the relay can serve, and running out of
// descriptors makes accept() fail for everyone: the relay raises the soft
// limit to the hard one at start and keeps a reserve below it.

#include <cstddef>

namespace baton {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now
// in force.
std::size_t raise_file_limit();

// Descriptors kept for what is not a client connection: the database and its
// journal, Cloud API, SMTP and model connections, logs.
inline constexpr std::size_t reserved_files = 128;

// How many client connections fit under `file_limit` with the reserve kept.
inline std::size_t connections_within(std::size_t file_limit) {
  return file_limit > 2 * reserved_files ? file_limit - reserved_files : file_limit / 2;
}

}  // namespace baton
