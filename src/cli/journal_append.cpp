#include "cli/journal_append.hpp"

#include "cli/failure.hpp"
#include "cli/files.hpp"
#include "core/journal.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

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
}  // namespace

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

  if (!lock_file(fd.get(), LOCK_EX, std::chrono::seconds(10)))
    throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program (is 'backcare edit journal' "
                                      "open?); nothing was written",
                                      path));
  // Replaced while we waited (sync's git merge, a 'git pull' by hand): the
  // line goes into the journal now at that path, not into the old file.
  if (struct stat now; regular && ::stat(path.c_str(), &now) == 0 && (now.st_ino != st.st_ino || now.st_dev != st.st_dev))
    return append_lines(path, lines);
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
