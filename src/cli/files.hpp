// Small file helpers for the shell.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <unistd.h>

namespace backcare::cli {

// Owns a file descriptor: closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Creates the missing folders of a file's path with mode 0700.
// Throws Failure(73).
void make_parent_dirs(const std::string& file);

// Creates a file that does not exist yet, writes it whole and syncs it.
// Returns false, writing nothing, when the file exists already: it is never
// overwritten. Throws Failure: 73 when it cannot be created, 74 when the
// write fails (the file it created is removed).
[[nodiscard]] bool write_new_file(const std::string& path, std::string_view content, unsigned mode = 0600);

// Reads a whole (small) file. Throws Failure(66) when it is missing.
std::string read_small_file(const std::string& path, std::string_view what);

// What a file that is not a regular one is, for a message ("a folder").
const char* file_kind(mode_t mode);

// Whether path is a symbolic link whose target does not exist.
bool dangling_symlink(const std::string& path);

// Takes a flock (op: LOCK_SH or LOCK_EX), waiting up to `patience` for
// another holder. True when held, or when the file system has no locks.
bool lock_file(int fd, int op, std::chrono::milliseconds patience);

// Writes all of data, going on after short writes and EINTR. False on an
// error (errno says which) or when nothing more can be written.
[[nodiscard]] bool write_all(int fd, std::string_view data);

}  // namespace backcare::cli
