#include "relay/store/gathered_wal.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

namespace baton::sqlite {
namespace {

// Past this, what is gathered goes out at once (a migration, a large upload
// in one transaction): memory stays bounded whatever a commit holds.
constexpr std::size_t flush_at_bytes = 4 * 1024 * 1024;
// The unix VFS writes `amount & 0x1ffff` bytes per pwrite and reports a
// disk full when that is zero, so one call hands it less than 128 KiB.
constexpr std::size_t largest_write = 120 * 1024;
// A pacing thread's pause after each few pages it writes to a database file.
constexpr std::uint32_t pace_pages = 8;
constexpr auto pace_pause = std::chrono::microseconds(1000);

std::atomic<std::uint64_t> file_writes{0};
std::atomic<std::uint64_t> pieces{0};

struct Pending {
  sqlite3_int64 start = 0;
  std::string bytes;
};

// SQLite allocates szOsFile bytes and hands them to xOpen: this header,
// then the default VFS's own file object.
struct GatheredFile {
  sqlite3_file base;
  sqlite3_file* real;
  Pending* pending;  // only for a write-ahead log
  // A database file opened by a thread that paces its writes: a descriptor
  // of the same file, to start each write's way to the disk.
  int pace_fd;
  std::uint32_t paced_pages;
};

thread_local bool pacing = false;

sqlite3_vfs* system_vfs = nullptr;

GatheredFile& as_gathered(sqlite3_file* file) { return *reinterpret_cast<GatheredFile*>(file); }
sqlite3_file* real_of(sqlite3_file* file) { return as_gathered(file).real; }

int flush(GatheredFile& file) {
  auto* pending = file.pending;
  if (!pending || pending->bytes.empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (std::size_t done = 0; done < pending->bytes.size() && rc == SQLITE_OK; done += largest_write) {
    auto size = std::min(largest_write, pending->bytes.size() - done);
    rc = file.real->pMethods->xWrite(file.real, pending->bytes.data() + done, static_cast<int>(size),
                                     pending->start + static_cast<sqlite3_int64>(done));
    file_writes.fetch_add(1, std::memory_order_relaxed);
  }
  // On failure SQLite abandons the transaction, and its frames with it.
  pending->bytes.clear();
  if (pending->bytes.capacity() > flush_at_bytes) pending->bytes.shrink_to_fit();
  return rc;
}

int flush(sqlite3_file* file) { return flush(as_gathered(file)); }

int x_close(sqlite3_file* file) {
  auto& gathered = as_gathered(file);
  int flushed = flush(gathered);
  int rc = gathered.real->pMethods ? gathered.real->pMethods->xClose(gathered.real) : SQLITE_OK;
  delete gathered.pending;
  gathered.pending = nullptr;
  if (gathered.pace_fd >= 0) ::close(gathered.pace_fd);
  gathered.pace_fd = -1;
  return flushed != SQLITE_OK ? flushed : rc;
}

int x_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xRead(real_of(file), out, amount, offset);
}

int x_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  auto& gathered = as_gathered(file);
  auto* pending = gathered.pending;
  if (!pending) {
    int rc = gathered.real->pMethods->xWrite(gathered.real, data, amount, offset);
    if (rc == SQLITE_OK && pacing && gathered.pace_fd >= 0) {
      // Each page starts for the disk now, a few at a time, so that the
      // checkpoint's sync finds them written and the log's syncs in between
      // never wait behind hundreds of them.
      ::sync_file_range(gathered.pace_fd, offset, amount, SYNC_FILE_RANGE_WRITE);
      if (++gathered.paced_pages % pace_pages == 0) std::this_thread::sleep_for(pace_pause);
    }
    return rc;
  }
  pieces.fetch_add(1, std::memory_order_relaxed);
  auto end = pending->start + static_cast<sqlite3_int64>(pending->bytes.size());
  if (!pending->bytes.empty() && offset != end) {
    if (int rc = flush(gathered); rc != SQLITE_OK) return rc;
  }
  if (pending->bytes.empty()) pending->start = offset;
  pending->bytes.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  if (pending->bytes.size() >= flush_at_bytes) return flush(gathered);
  return SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xTruncate(real_of(file), size);
}

int x_sync(sqlite3_file* file, int flags) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xSync(real_of(file), flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFileSize(real_of(file), size);
}

int x_lock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xLock(real_of(file), level); }
int x_unlock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xUnlock(real_of(file), level); }
int x_check_reserved_lock(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}

int x_file_control(sqlite3_file* file, int op, void* arg) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFileControl(real_of(file), op, arg);
}

int x_sector_size(sqlite3_file* file) { return real_of(file)->pMethods->xSectorSize(real_of(file)); }
int x_device_characteristics(sqlite3_file* file) {
  return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}

int x_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
  return real_of(file)->pMethods->xShmMap(real_of(file), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real_of(file)->pMethods->xShmLock(real_of(file), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* file) { real_of(file)->pMethods->xShmBarrier(real_of(file)); }
int x_shm_unmap(sqlite3_file* file, int delete_flag) {
  return real_of(file)->pMethods->xShmUnmap(real_of(file), delete_flag);
}

int x_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  if (int rc = flush(file); rc != SQLITE_OK) return rc;
  return real_of(file)->pMethods->xFetch(real_of(file), offset, amount, out);
}
int x_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return real_of(file)->pMethods->xUnfetch(real_of(file), offset, page);
}

// The default VFS's files are unix files: version 3, every method present.
const sqlite3_io_methods gathered_methods = {
    3,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    x_shm_map,
    x_shm_lock,
    x_shm_barrier,
    x_shm_unmap,
    x_fetch,
    x_unfetch,
};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto& gathered = as_gathered(file);
  gathered.base.pMethods = nullptr;
  gathered.real = reinterpret_cast<sqlite3_file*>(&gathered + 1);
  gathered.pending = nullptr;
  gathered.pace_fd = -1;
  gathered.paced_pages = 0;
  int rc = system_vfs->xOpen(system_vfs, name, gathered.real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  if ((flags & SQLITE_OPEN_MAIN_DB) && pacing && name) gathered.pace_fd = ::open(name, O_RDWR | O_CLOEXEC);
  if (gathered.real->pMethods && gathered.real->pMethods->iVersion < 3) {
    // Not the unix files this is written for: refuse rather than guess.
    gathered.real->pMethods->xClose(gathered.real);
    return SQLITE_CANTOPEN;
  }
  if (flags & SQLITE_OPEN_WAL) gathered.pending = new (std::nothrow) Pending();
  if ((flags & SQLITE_OPEN_WAL) && !gathered.pending) {
    gathered.real->pMethods->xClose(gathered.real);
    return SQLITE_NOMEM;
  }
  gathered.base.pMethods = &gathered_methods;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs*, const char* name, int sync_dir) { return system_vfs->xDelete(system_vfs, name, sync_dir); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return system_vfs->xAccess(system_vfs, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return system_vfs->xFullPathname(system_vfs, name, size, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return system_vfs->xDlOpen(system_vfs, name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { system_vfs->xDlError(system_vfs, size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return system_vfs->xDlSym(system_vfs, handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { system_vfs->xDlClose(system_vfs, handle); }
int x_randomness(sqlite3_vfs*, int size, char* out) { return system_vfs->xRandomness(system_vfs, size, out); }
int x_sleep(sqlite3_vfs*, int micros) { return system_vfs->xSleep(system_vfs, micros); }
int x_current_time(sqlite3_vfs*, double* out) { return system_vfs->xCurrentTime(system_vfs, out); }
int x_get_last_error(sqlite3_vfs*, int size, char* out) { return system_vfs->xGetLastError(system_vfs, size, out); }
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return system_vfs->xCurrentTimeInt64(system_vfs, out); }

constexpr const char* vfs_name = "baton-gathered-wal";

sqlite3_vfs* registered_vfs() {
  static sqlite3_vfs* vfs = [] {
    system_vfs = sqlite3_vfs_find(nullptr);
    if (!system_vfs || system_vfs->iVersion < 2) throw std::runtime_error("SQLite has no usable default VFS");
    static sqlite3_vfs own{};
    own.iVersion = 2;
    own.szOsFile = static_cast<int>(sizeof(GatheredFile)) + system_vfs->szOsFile;
    own.mxPathname = system_vfs->mxPathname;
    own.zName = vfs_name;
    own.xOpen = x_open;
    own.xDelete = x_delete;
    own.xAccess = x_access;
    own.xFullPathname = x_full_pathname;
    own.xDlOpen = x_dl_open;
    own.xDlError = x_dl_error;
    own.xDlSym = x_dl_sym;
    own.xDlClose = x_dl_close;
    own.xRandomness = x_randomness;
    own.xSleep = x_sleep;
    own.xCurrentTime = x_current_time;
    own.xGetLastError = x_get_last_error;
    own.xCurrentTimeInt64 = x_current_time_int64;
    if (int rc = sqlite3_vfs_register(&own, 0); rc != SQLITE_OK) {
      throw std::runtime_error("cannot register SQLite VFS " + std::string(vfs_name));
    }
    return &own;
  }();
  return vfs;
}

}  // namespace

const char* gathered_wal_vfs() { return registered_vfs()->zName; }

void pace_database_writes(bool on) { pacing = on; }

GatheredWalCounts gathered_wal_counts() {
  return GatheredWalCounts{file_writes.load(std::memory_order_relaxed), pieces.load(std::memory_order_relaxed)};
}

}  // namespace baton::sqlite
