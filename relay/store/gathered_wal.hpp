#pragma once
// A SQLite VFS over the system's default one that gathers the writes of a
// write-ahead log into one system call per commit.
//
// SQLite writes each page of a commit to the WAL as two pwrite calls (the
// frame's 24-byte header, then the page), then syncs. A group commit of
// webhooks wrote about 80 such pieces; on this machine 80 pwrite calls cost
// ten times one write of the same bytes (docs/benchmarks.md). Here writes
// that continue one another are kept in memory and reach the file in one
// write per 120 KiB, at the latest when SQLite syncs the log, reads it, asks
// its size, truncates or closes it.
//
// Only for connections that commit with `synchronous = FULL`: there SQLite
// syncs the log before it publishes a commit to other connections (the
// wal-index), so a frame is always in the file before anyone can look for
// it. Every other file passes straight through.

#include <cstdint>

namespace baton::sqlite {

// The VFS's name, registered on first use; pass it to sqlite3_open_v2.
const char* gathered_wal_vfs();

// While on, database files this thread opens or writes through the VFS have
// their writes sent on to the disk a few pages at a time, with a pause
// between (for the store's background checkpoints: sqlite_store.hpp).
void pace_database_writes(bool on);

// Writes that reached the log files, and the pieces SQLite handed over for
// them, since the process started (for tests).
struct GatheredWalCounts {
  std::uint64_t file_writes = 0;
  std::uint64_t pieces = 0;
};
GatheredWalCounts gathered_wal_counts();

}  // namespace baton::sqlite
