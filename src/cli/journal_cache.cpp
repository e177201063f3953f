#include "cli/journal_cache.hpp"

#include "cli/context.hpp"
#include "cli/files.hpp"
#include "core/dedup.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace backcare::cli {

namespace {

// A cache file larger than this is not one of ours.
constexpr off_t kMaxEntry = 512L * 1024 * 1024;

std::optional<std::string> cache_dir() {
  if (auto off = env("BACKCARE_CACHE"); off && *off == "off") return std::nullopt;
  if (auto x = env("XDG_CACHE_HOME"); x && (*x)[0] == '/') return *x + "/backcare";
  if (auto h = env("HOME"); h && (*h)[0] == '/') return *h + "/.cache/backcare";
  return std::nullopt;
}

// Entries not written for this long are of journals gone or replaced (an
// editor that saves a new file), or of figures no longer asked for.
constexpr long kStaleSeconds = 14L * 24 * 3600;

// Removes the folder's stale entries, and the temporary files of writes
// cut short, when an entry has just been written (seldom: when the
// journal grew or a new day began).
void forget_old_entries(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  while (const struct dirent* e = ::readdir(d)) {
    if (std::strncmp(e->d_name, "fold-", 5) != 0) continue;
    struct stat st;
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now.tv_sec - st.st_mtim.tv_sec > kStaleSeconds) ::unlinkat(::dirfd(d), e->d_name, 0);
  }
  ::closedir(d);
}

}  // namespace

std::optional<std::string> fold_cache_file(const struct stat& journal, std::string_view slot) {
  auto dir = cache_dir();
  if (!dir) return std::nullopt;
  const std::string id = fmt::format("{}:{}:{}", static_cast<unsigned long long>(journal.st_dev),
                                     static_cast<unsigned long long>(journal.st_ino), slot);
  return fmt::format("{}/fold-{:016x}", *dir, bytes_hash(id));
}

std::optional<FoldEntry> load_fold_entry(const std::string& file) {
  int raw = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
  if (raw < 0) return std::nullopt;
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || st.st_size > kMaxEntry)
    return std::nullopt;
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    got += static_cast<std::size_t>(n);
  }
  return decode_fold_entry(bytes);
}

void store_fold_entry(const std::string& file, const FoldEntry& e) {
  try {
    make_parent_dirs(file);
  } catch (const Failure&) {
    return;
  }
  std::string tmp = file + ".XXXXXX";
  int raw = ::mkstemp(tmp.data());  // 0600
  if (raw < 0) return;
  bool ok;
  {
    Fd fd(raw);
    ok = write_all(fd.get(), encode_fold_entry(e));
    ok = (::close(fd.release()) == 0) && ok;
  }
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return;
  }
  forget_old_entries(file.substr(0, file.rfind('/')));
}

JournalStamp journal_stamp(const struct stat& st, long size) {
  JournalStamp s;
  s.dev = static_cast<std::uint64_t>(st.st_dev);
  s.ino = static_cast<std::uint64_t>(st.st_ino);
  s.size = size;
  s.mtime_s = st.st_mtim.tv_sec, s.mtime_ns = st.st_mtim.tv_nsec;
  s.ctime_s = st.st_ctim.tv_sec, s.ctime_ns = st.st_ctim.tv_nsec;
  return s;
}

bool stamp_settled(const struct stat& st) {
  struct timespec now;
  if (::clock_gettime(CLOCK_REALTIME, &now) != 0) return false;
  return now.tv_sec - st.st_ctim.tv_sec > 2;
}

bool hash_file_range(int fd, long from, long to, StreamHash& h) {
  static thread_local std::string buf(256 * 1024, '\0');
  while (from < to) {
    const auto want = static_cast<std::size_t>(std::min<long>(to - from, static_cast<long>(buf.size())));
    ssize_t n = ::pread(fd, buf.data(), want, from);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    h.feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    from += n;
  }
  return true;
}

}  // namespace backcare::cli
