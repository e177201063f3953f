#include "cli/journal_append.hpp"

#include "cli/context.hpp"
#include "cli/failure.hpp"
#include "cli/files.hpp"
#include "core/journal.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace backcare::cli {
namespace {

constexpr std::string_view kIntentMagic = "backcare-intent 1";

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string folder_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Makes a directory entry (a new or removed file) durable.
void sync_folder(const std::string& file) {
  int d = ::open(folder_of(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d < 0) return;
  (void)::fsync(d);
  ::close(d);
}

bool read_all_at(int fd, off_t from, std::size_t n, std::string& out) {
  out.resize(n);
  std::size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, out.data() + done, n - done, from + static_cast<off_t>(done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<std::size_t>(r);
  }
  return true;
}

// The record of one write: which file, where its bytes start, how many.
struct Intent {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t offset = 0;
  std::size_t length = 0;
  std::uint64_t hash = 0;
};

std::string format_intent(const Intent& i) {
  return fmt::format("{} dev={} ino={} offset={} length={} hash={:016x}\n", kIntentMagic,
                     static_cast<unsigned long long>(i.dev), static_cast<unsigned long long>(i.ino),
                     static_cast<long long>(i.offset), i.length, i.hash);
}

bool parse_intent(std::string_view text, Intent& i) {
  if (text.substr(0, kIntentMagic.size()) != kIntentMagic) return false;
  auto field = [&](std::string_view key, unsigned long long& v, int base) {
    auto at = text.find(" " + std::string(key) + "=");
    if (at == std::string_view::npos) return false;
    const char* p = text.data() + at + key.size() + 2;
    auto [end, ec] = std::from_chars(p, text.data() + text.size(), v, base);
    return ec == std::errc() && end != p;
  };
  unsigned long long dev, ino, off, len, hash;
  if (!field("dev", dev, 10) || !field("ino", ino, 10) || !field("offset", off, 10) || !field("length", len, 10) ||
      !field("hash", hash, 16))
    return false;
  i.dev = static_cast<dev_t>(dev);
  i.ino = static_cast<ino_t>(ino);
  i.offset = static_cast<off_t>(off);
  i.length = static_cast<std::size_t>(len);
  i.hash = hash;
  return true;
}

// Under the journal's exclusive lock: finishes what an intent file says.
// A write that landed whole is kept; one cut short is truncated back to
// where it started; bytes added after it by someone else are never
// removed. Then the intent file goes.
void roll_back_unfinished(int fd, const std::string& path) {
  const std::string ipath = intent_path(path);
  int raw = ::open(ipath.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (raw < 0) return;
  std::string text;
  {
    Fd ifd(raw);
    struct stat ist;
    if (::fstat(ifd.get(), &ist) != 0 || !S_ISREG(ist.st_mode) || ist.st_size > 4096) return;
    if (!read_all_at(ifd.get(), 0, static_cast<std::size_t>(ist.st_size), text)) return;
  }
  Intent i;
  struct stat st;
  if (!parse_intent(text, i) || ::fstat(fd, &st) != 0 || st.st_dev != i.dev || st.st_ino != i.ino) {
    ::unlink(ipath.c_str());  // not this file's, or not readable: stale
    return;
  }
  const off_t end = i.offset + static_cast<off_t>(i.length);
  std::string bytes;
  if (st.st_size <= i.offset) {
    // Nothing of it reached the file.
  } else if (st.st_size >= end && read_all_at(fd, i.offset, i.length, bytes) && fnv1a(bytes) == i.hash) {
    // It landed whole; only its end was not seen.
  } else if (st.st_size <= end) {
    SignalHold hold;
    if (::ftruncate(fd, i.offset) != 0 || ::fsync(fd) != 0) {
      warn(fmt::format("{}: an earlier backcare was stopped while writing, and its unfinished entry cannot be "
                       "removed: {}",
                       path, std::strerror(errno)));
      return;  // the intent stays for the next try
    }
    warn(fmt::format("{}: an earlier backcare was stopped while writing; its unfinished entry ({} bytes) was "
                     "removed",
                     path, static_cast<long long>(st.st_size - i.offset)));
  } else {
    warn(fmt::format("{}: an earlier backcare was stopped while writing, and lines were added after it; a cut line "
                     "may be left at byte {} ('backcare edit journal' shows it)",
                     path, static_cast<long long>(i.offset)));
  }
  ::unlink(ipath.c_str());
}

// Opens (or creates) the journal for appending; every refusal names the path.
int open_journal_for_append(const std::string& path, bool& created) {
  created = false;
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
    if (raw >= 0) created = true;
    if (raw < 0 && errno == EEXIST) raw = ::open(path.c_str(), flags);
    if (raw < 0)
      throw Failure(kCantCreate, fmt::format("{}: cannot create the journal: {}", path, std::strerror(errno)));
  } else if (raw < 0) {
    int e = errno;
    struct stat st;
    if (e == EISDIR)
      throw Failure(kIoErr, fmt::format("{}: is a folder; the journal must be a file; nothing was written", path));
    if (e == ENXIO && ::stat(path.c_str(), &st) == 0)
      throw Failure(kIoErr, fmt::format("{}: is {}; the journal must be a regular file; nothing was written", path,
                                        file_kind(st.st_mode)));
    throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}; nothing was written", path,
                                      std::strerror(e)));
  }
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}", path, std::strerror(errno)));
  // A character device (/dev/null, /dev/full) would take the entry and
  // keep nothing: refused, like any file that is not a regular one.
  if (!S_ISREG(st.st_mode))
    throw Failure(kIoErr, fmt::format("{}: is {}; the journal must be a regular file; nothing was written", path,
                                      file_kind(st.st_mode)));
  ::fcntl(fd.get(), F_SETFL, O_APPEND);  // blocking from here on
  return fd.release();
}

// SPEC §3: a journal or folder that others can read is reported on every
// write; its mode is left as the user set it.
void warn_if_readable(int fd, const std::string& path, bool created) {
  struct stat st;
  if (!created && ::fstat(fd, &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
    warn(fmt::format("{}: others can read the journal (mode {:04o}); 'chmod 600 {}' keeps it private", path,
                     st.st_mode & 07777, path));
  const std::string dir = folder_of(path);
  if (::stat(dir.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
    warn(fmt::format("{}: others can list the journal's folder (mode {:04o}); 'chmod 700 {}' keeps it private", dir,
                     st.st_mode & 07777, dir));
}

// The whole lines of the recovery file, read under its lock (held by
// `lock` while alive). Empty when there is none.
struct Recovery {
  std::unique_ptr<Fd> fd;  // holds the recovery file's lock
  std::string lines;  // whole lines, each with its newline
  std::size_t count = 0;
};

Recovery take_recovery(const std::string& path) {
  Recovery r;
  const std::string rpath = recovery_path(path);
  int raw = ::open(rpath.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (raw < 0) return r;
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return r;
  if (!lock_file(fd.get(), LOCK_EX, std::chrono::milliseconds(2000)) || !same_file(fd.get(), rpath)) return r;
  if (::fstat(fd.get(), &st) != 0 || st.st_size == 0) return r;
  std::string text;
  if (!read_all_at(fd.get(), 0, static_cast<std::size_t>(st.st_size), text)) return r;
  std::string_view rest = text;
  Record rec;
  std::string error;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) break;  // a cut last line is not whole
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (line.size() <= kMaxEntryLine && parse_record(line, rec, error) == ParseStatus::entry) {
      r.lines.append(line);
      r.lines.push_back('\n');
      ++r.count;
    }
  }
  r.fd = std::make_unique<Fd>(fd.release());
  return r;
}

}  // namespace

std::string intent_path(const std::string& journal) { return journal + ".intent"; }
std::string recovery_path(const std::string& journal) { return journal + ".recovery"; }

SignalHold::SignalHold() {
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  sigaddset(&block, SIGPIPE);
  ::sigprocmask(SIG_BLOCK, &block, &old_);
}

SignalHold::~SignalHold() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }

bool same_file(int fd, const std::string& path) {
  struct stat a, b;
  if (::fstat(fd, &a) != 0 || ::stat(path.c_str(), &b) != 0) return false;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool lock_exclusive(int fd, std::chrono::milliseconds patience, const std::function<bool()>& keep_waiting) {
  const auto start = std::chrono::steady_clock::now();
  bool said = false;
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) return errno == ENOLCK || errno == EINVAL;  // no locks here
    auto waited = std::chrono::steady_clock::now() - start;
    if (!said && waited >= std::chrono::seconds(1)) {
      fmt::print(stderr, "backcare: waiting for the journal (held by another backcare)\u2026\n");
      std::fflush(stderr);
      said = true;
    }
    if (waited >= patience) {
      if (!keep_waiting || !keep_waiting()) return false;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

void save_recovery(const std::string& journal, const std::vector<std::string>& lines) {
  const std::string rpath = recovery_path(journal);
  std::string payload;
  for (const auto& l : lines) payload += l + "\n";
  for (int tries = 0; tries < 5; ++tries) {
    int raw = ::open(rpath.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
    if (raw < 0)
      throw Failure(kIoErr, fmt::format("{}: cannot save the entry for later: {}", rpath, std::strerror(errno)));
    Fd fd(raw);
    if (!lock_file(fd.get(), LOCK_EX, std::chrono::milliseconds(5000)))
      throw Failure(kIoErr, fmt::format("{}: cannot save the entry for later: the file stays locked", rpath));
    if (!same_file(fd.get(), rpath)) continue;  // taken by a write meanwhile: a new one
    struct stat st;
    if (::fstat(fd.get(), &st) != 0)
      throw Failure(kIoErr, fmt::format("{}: cannot save the entry for later: {}", rpath, std::strerror(errno)));
    std::string data = payload;
    char last = '\n';
    if (st.st_size > 0 && (::pread(fd.get(), &last, 1, st.st_size - 1) != 1 || last != '\n')) data = "\n" + data;
    SignalHold hold;
    if (!write_all(fd.get(), data) || ::fsync(fd.get()) != 0) {
      int e = errno;
      if (::ftruncate(fd.get(), st.st_size) != 0) {
        // the cut line is dropped when read: only whole lines are taken
      }
      throw Failure(kIoErr, fmt::format("{}: cannot save the entry for later: {}", rpath, std::strerror(e)));
    }
    sync_folder(rpath);
    return;
  }
  throw Failure(kIoErr, fmt::format("{}: cannot save the entry for later: it keeps being replaced", rpath));
}

void recover_unfinished_write(const std::string& journal) {
  struct stat st;
  if (::lstat(intent_path(journal).c_str(), &st) != 0) return;
  try {
    int raw = ::open(journal.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (raw < 0) return;
    Fd fd(raw);
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return;  // a writer is at work: not unfinished
    if (!same_file(fd.get(), journal)) return;
    roll_back_unfinished(fd.get(), journal);
  } catch (...) {
    // A reader goes on; the next write tries again.
  }
}

Landed append_lines(const std::string& path, const std::vector<std::string>& lines, const AppendPolicy& policy) {
  std::string entries;
  for (const auto& l : lines) {
    if (l.size() > kMaxEntryLine)
      throw Failure(kUsage, fmt::format("the entry is {} bytes long, more than the {} KiB a journal line may hold; "
                                        "nothing was written (shorten the note)",
                                        l.size(), kMaxEntryLine / 1024));
    entries += l;
    entries += '\n';
  }
  for (int tries = 0;; ++tries) {
    bool created = false;
    Fd fd(open_journal_for_append(path, created));
    if (!lock_exclusive(fd.get(), policy.patience, policy.keep_waiting)) {
      if (policy.save_on_timeout) {
        save_recovery(path, lines);
        return Landed::recovery;
      }
      throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program (is 'backcare edit journal' "
                                        "open?); nothing was written",
                                        path));
    }
    // `edit journal` renames its new text over the journal: a lock on the
    // old file guards nothing, so open the new one.
    if (!same_file(fd.get(), path) && tries < 20) continue;
    roll_back_unfinished(fd.get(), path);
    warn_if_readable(fd.get(), path, created);

    struct stat st;
    if (::fstat(fd.get(), &st) != 0)
      throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}", path, std::strerror(errno)));
    std::string payload;
    if (st.st_size == 0) {
      payload = std::string(kJournalHeader) + "\n";
    } else {
      // A journal opened write-only cannot tell its last byte: a newline is
      // added then too, as a blank line is harmless and a glued line is not.
      char last = 0;
      if (::pread(fd.get(), &last, 1, st.st_size - 1) != 1 || last != '\n') payload.push_back('\n');
    }
    Recovery saved = take_recovery(path);
    payload += saved.lines;
    payload += entries;
    // Reserve the space first, so a full disk refuses the whole entry.
    if (::fallocate(fd.get(), FALLOC_FL_KEEP_SIZE, st.st_size, static_cast<off_t>(payload.size())) != 0 &&
        (errno == ENOSPC || errno == EDQUOT || errno == EFBIG))
      throw Failure(kIoErr, fmt::format("{}: {}; nothing was written", path, std::strerror(errno)));

    SignalHold hold;  // from the intent to the end of the undo
    const std::string ipath = intent_path(path);
    bool intent = false;
    {
      int ifd = ::open(ipath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
      if (ifd >= 0) {
        Fd ifile(ifd);
        Intent i{st.st_dev, st.st_ino, st.st_size, payload.size(), fnv1a(payload)};
        intent = write_all(ifile.get(), format_intent(i)) && ::fsync(ifile.get()) == 0;
        if (intent) sync_folder(ipath);
        else ::unlink(ipath.c_str());
      }
      // No intent file (a folder that cannot be written): the write goes on,
      // guarded against everything but SIGKILL and power cuts.
    }
    auto undo = [&] {
      struct stat now;
      if (::fstat(fd.get(), &now) == 0 && now.st_size > st.st_size &&
          now.st_size <= st.st_size + static_cast<off_t>(payload.size()) && ::ftruncate(fd.get(), st.st_size) == 0)
        (void)::fsync(fd.get());
      if (intent) ::unlink(ipath.c_str());
    };
    ssize_t n;
    do {
      n = ::write(fd.get(), payload.data(), payload.size());
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(payload.size())) {
      int e = n < 0 ? errno : ENOSPC;
      undo();
      throw Failure(kIoErr, fmt::format("{}: cannot write to the journal: {}; nothing was written", path,
                                        std::strerror(e)));
    }
    if (::fsync(fd.get()) != 0 && errno != EINVAL && errno != EROFS) {
      int e = errno;
      undo();
      throw Failure(kIoErr, fmt::format("{}: cannot save the journal to disk: {}; nothing was written", path,
                                        std::strerror(e)));
    }
    if (saved.count > 0) {
      if (::ftruncate(saved.fd->get(), 0) == 0) ::unlink(recovery_path(path).c_str());
      warn(fmt::format("{}: added {} entr{} saved in {} while the journal was locked", path, saved.count,
                       saved.count == 1 ? "y" : "ies", recovery_path(path)));
    }
    if (intent) ::unlink(ipath.c_str());
    return Landed::journal;
  }
}

}  // namespace backcare::cli
