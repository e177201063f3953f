#include "cli/files.hpp"

#include "cli/failure.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace backcare::cli {

void make_parent_dirs(const std::string& file) {
  auto slash = file.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return;
  std::string dir = file.substr(0, slash);
  for (std::size_t pos = 1;; ++pos) {
    pos = dir.find('/', pos);
    std::string part = dir.substr(0, pos);
    if (part.empty() || part.back() == '/') {
      if (pos == std::string::npos) break;
      continue;
    }
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
      throw Failure(kCantCreate, fmt::format("{}: cannot create the folder: {}", part, std::strerror(errno)));
    if (pos == std::string::npos) break;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw Failure(kCantCreate, fmt::format("{}: is not a folder", dir));
}

bool write_new_file(const std::string& path, std::string_view content, unsigned mode) {
  make_parent_dirs(path);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, mode);
  if (fd < 0 && errno == EEXIST) return false;
  if (fd < 0) throw Failure(kCantCreate, fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  std::size_t done = 0;
  int err = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (!err && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (::close(fd) != 0 && !err && errno != EINTR) err = errno;
  if (err) {
    ::unlink(path.c_str());
    throw Failure(kIoErr, fmt::format("{}: cannot write: {}", path, std::strerror(err)));
  }
  return true;
}

std::string read_small_file(const std::string& path, std::string_view what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT) throw Failure(kNoInput, fmt::format("{}: no such {}", path, what));
    throw Failure(kNoInput, fmt::format("{}: cannot open the {}: {}", path, what, std::strerror(e)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Failure(kNoInput, fmt::format("{}: the {} is not a regular file", path, what));
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      throw Failure(kIoErr, fmt::format("{}: cannot read the {}: {}", path, what, std::strerror(e)));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

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
bool lock_file(int fd, int op, std::chrono::milliseconds patience) {
  auto give_up = std::chrono::steady_clock::now() + patience;
  for (;;) {
    if (::flock(fd, op | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) return errno == ENOLCK || errno == EINVAL;  // no locks here
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}


bool write_all(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace backcare::cli
