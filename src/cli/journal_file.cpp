#include "cli/journal_file.hpp"

#include "cli/context.hpp"
#include "cli/files.hpp"
#include "core/dedup.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace backcare::cli {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kChunk = 256 * 1024;
constexpr int kMaxWarnings = 20;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// What a file that is not a regular one is, for a message.
const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISCHR(mode)) return "a character device";
  return "not a regular file";
}

bool dangling_symlink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0;
}

// Takes a flock, waiting a while for another writer (or an open editor).
bool lock(int fd, int op, std::chrono::milliseconds patience) {
  auto give_up = std::chrono::steady_clock::now() + patience;
  for (;;) {
    if (::flock(fd, op | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) return errno == ENOLCK || errno == EINVAL;  // no locks here
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Removes the n bytes this process just appended, if they are still last.
void undo_append(int fd, std::size_t n) {
  if (n == 0) return;
  off_t end = ::lseek(fd, 0, SEEK_CUR);
  struct stat st;
  if (end < static_cast<off_t>(n) || ::fstat(fd, &st) != 0 || st.st_size != end) return;
  if (::ftruncate(fd, end - static_cast<off_t>(n)) != 0) {
    // Nothing more can be done; the caller reports the write error.
  }
}

class LineScanner {
 public:
  LineScanner(const std::string& path, const ScanOptions& opts,
              const std::function<void(const Record&, long)>& f)
      : path_(path), opts_(opts), f_(f) {}

  void line(std::string_view s) {
    ++lineno_;
    if (lineno_ == 1 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);  // a BOM
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i == s.size() || s[i] == '#' || s.substr(i) == "\r") return;
    if (!seen_.insert(line_hash(s))) return;
    switch (parse_record(s, rec_, error_)) {
      case ParseStatus::blank: return;
      case ParseStatus::error: bad(lineno_, error_); return;
      case ParseStatus::entry: break;
    }
    if (opts_.today && rec_.date > *opts_.today && rec_.kind != Kind::rest) {
      ++future_;
      return;
    }
    f_(rec_, lineno_);
  }

  void too_long() {
    ++lineno_;
    bad(lineno_, fmt::format("the line is longer than {} KiB; skipped", kMaxLine / 1024));
  }

  void finish() {
    if (warnings_ > kMaxWarnings)
      warn(fmt::format("{}: {} more lines could not be read", path_, warnings_ - kMaxWarnings));
    if (future_)
      warn(fmt::format("{}: {} {} dated after today ({}) ignored; is the clock right?", path_, future_,
                       future_ == 1 ? "entry" : "entries", format_date(*opts_.today)));
  }

 private:
  void bad(long n, const std::string& why) {
    if (++warnings_ <= kMaxWarnings) warn(fmt::format("{}:{}: {}", path_, n, why));
  }

  const std::string& path_;
  const ScanOptions& opts_;
  const std::function<void(const Record&, long)>& f_;
  LineSet seen_;
  Record rec_;
  std::string error_;
  long lineno_ = 0;
  long warnings_ = 0;
  long future_ = 0;
};

}  // namespace

void scan_journal(const std::string& path, const ScanOptions& opts,
                  const std::function<void(const Record&, long)>& f) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ENOENT && !dangling_symlink(path)) return;  // a new user: an empty journal
    if (errno == ENOENT)
      throw Failure(kNoInput, fmt::format("{}: the journal is a symbolic link to a missing file", path));
    throw Failure(kNoInput, fmt::format("{}: cannot open the journal: {}", path, std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
  if (S_ISDIR(st.st_mode))
    throw Failure(kNoInput, fmt::format("{}: is a folder; the journal must be a file (see --journal)", path));
  if (S_ISCHR(st.st_mode)) return;  // /dev/null and friends hold no entries
  if (!S_ISREG(st.st_mode))
    throw Failure(kNoInput, fmt::format("{}: is {}; the journal must be a regular file", path, file_kind(st.st_mode)));
  // A shared lock keeps a writer's line from being read half-written. An
  // editor holding the journal does not stop reading for long.
  lock(fd.get(), LOCK_SH, std::chrono::milliseconds(1000));
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

  LineScanner scanner(path, opts, f);
  std::vector<char> buf(kChunk + kMaxLine);
  std::size_t have = 0;  // bytes of an unfinished line at the front of buf
  bool skipping = false;  // inside a line that is too long
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data() + have, buf.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
    if (n == 0) break;
    std::size_t end = have + static_cast<std::size_t>(n), start = 0;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf.data() + start, '\n', end - start));
      if (!nl) break;
      auto stop = static_cast<std::size_t>(nl - buf.data());
      if (skipping) skipping = false;
      else if (stop - start > kMaxLine) scanner.too_long();  // whole in the buffer, but too long all the same
      else scanner.line(std::string_view(buf.data() + start, stop - start));
      start = stop + 1;
    }
    have = end - start;
    if (skipping) {
      have = 0;
    } else if (have > kMaxLine) {
      scanner.too_long();
      skipping = true;
      have = 0;
    } else if (start > 0) {
      std::memmove(buf.data(), buf.data() + start, have);
    }
  }
  if (have > 0 && !skipping) scanner.line(std::string_view(buf.data(), have));  // a last line without newline
  scanner.finish();
}

std::vector<Entry> read_entries(const std::string& path, const ScanOptions& opts) {
  std::vector<Entry> entries;
  scan_journal(path, opts, [&](const Record& r, long) {
    if (r.kind != Kind::unknown) entries.push_back(to_entry(r));
  });
  return entries;
}

void append_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string payload;
  for (const auto& l : lines) {
    payload += l;
    payload += '\n';
  }
  // Read-write, to see whether the last line has its newline.
  int flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  int raw = ::open(path.c_str(), flags);
  if (raw < 0 && errno == EACCES) {
    flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    raw = ::open(path.c_str(), flags);
  }
  if (raw < 0 && (errno == ENOENT || errno == ENOTDIR)) {
    if (dangling_symlink(path))
      throw Failure(kCantCreate,
                    fmt::format("{}: the journal is a symbolic link to a missing file; nothing was written", path));
    make_parent_dirs(path);
    raw = ::open(path.c_str(), flags | O_CREAT | O_EXCL, 0600);
    if (raw < 0 && errno == EEXIST) raw = ::open(path.c_str(), flags);
    if (raw < 0)
      throw Failure(kCantCreate, fmt::format("{}: cannot create the journal: {}", path, std::strerror(errno)));
  } else if (raw < 0) {
    int e = errno;
    if (e == EISDIR)
      throw Failure(kIoErr, fmt::format("{}: is a folder; the journal must be a file; nothing was written", path));
    if (e == ENXIO)
      throw Failure(kIoErr, fmt::format("{}: is a FIFO; the journal must be a regular file; nothing was written", path));
    throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}; nothing was written", path,
                                      std::strerror(e)));
  }
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}", path, std::strerror(errno)));
  if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
    throw Failure(kIoErr, fmt::format("{}: is {}; the journal must be a regular file; nothing was written", path,
                                      file_kind(st.st_mode)));
  const bool regular = S_ISREG(st.st_mode);
  if (regular) ::fcntl(fd.get(), F_SETFL, O_APPEND);  // blocking from here on

  if (!lock(fd.get(), LOCK_EX, std::chrono::seconds(10)))
    throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program (is 'backcare edit journal' "
                                      "open?); nothing was written",
                                      path));
  if (regular) {
    if (::fstat(fd.get(), &st) != 0)
      throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}", path, std::strerror(errno)));
    std::string prefix;
    if (st.st_size == 0) {
      prefix = std::string(kJournalHeader) + "\n";
    } else {
      // A journal opened write-only cannot tell its last byte: a newline is
      // added then too, as a blank line is harmless and a glued line is not.
      char last = 0;
      if (::pread(fd.get(), &last, 1, st.st_size - 1) != 1 || last != '\n') prefix.push_back('\n');
    }
    if (!prefix.empty()) payload = prefix + payload;
    // Reserve the space first, so a full disk refuses the whole entry.
    if (::fallocate(fd.get(), FALLOC_FL_KEEP_SIZE, st.st_size, static_cast<off_t>(payload.size())) != 0 &&
        (errno == ENOSPC || errno == EDQUOT || errno == EFBIG))
      throw Failure(kIoErr, fmt::format("{}: {}; nothing was written", path, std::strerror(errno)));
  }
  ssize_t n;
  do {
    n = ::write(fd.get(), payload.data(), payload.size());
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(payload.size())) {
    int e = n < 0 ? errno : ENOSPC;
    if (regular && n > 0) undo_append(fd.get(), static_cast<std::size_t>(n));
    throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}; nothing was written", path,
                                      std::strerror(e)));
  }
  if (::fsync(fd.get()) != 0 && errno != EINVAL && errno != EROFS) {
    int e = errno;
    if (regular) undo_append(fd.get(), payload.size());
    throw Failure(kIoErr, fmt::format("{}: cannot save the journal to disk: {}; nothing was written", path,
                                      std::strerror(e)));
  }
}

}  // namespace backcare::cli
