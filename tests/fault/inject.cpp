// A fault injector for the end-to-end tests, loaded with LD_PRELOAD into the
// real binary. BACKCARE_FAULT names the faults, comma-separated:
//
//   nofallocate  fallocate() fails with EOPNOTSUPP, as on file systems
//                without it, so a full disk shows only in write()
//   shortwrite   write() to a regular file writes half of what it is given
//                (at least one byte) and returns that count
//   fsync-eio    fsync() fails with EIO after doing nothing
//   writelog     each write() to a regular file is recorded, as a line
//                "BYTES PATH" (what it was asked to write, and the file's
//                path), appended to the file named by BACKCARE_FAULT_LOG:
//                how many writes an append takes
//   slowwrite    a write() of at least 4096 bytes to a regular file writes
//                its first half, creates the file named by
//                BACKCARE_FAULT_MARK (when set: "half of it is in"), sleeps
//                BACKCARE_FAULT_SLEEP seconds (default 5), then writes the
//                rest: a window in which to send a signal mid-write;
//                pwrite() the same (how edit saved before issue 11)
//
// Only regular files are touched: a terminal, pipe or /dev/null is not.
// Built without sanitizers (tests/CMakeLists.txt); an ASan binary needs
// ASAN_OPTIONS=verify_asan_link_order=0 to accept a library loaded first.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace {

bool fault(const char* name) {
  const char* list = std::getenv("BACKCARE_FAULT");
  if (!list) return false;
  std::size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) return true;
  return false;
}

bool regular(int fd) {
  struct stat st;
  return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

template <class F>
F next(const char* name) {
  return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// Appends "BYTES PATH" for a write of `count` bytes to fd.
void log_write(int fd, size_t count, ssize_t (*real)(int, const void*, size_t)) {
  const char* log = std::getenv("BACKCARE_FAULT_LOG");
  if (!log) return;
  char link[64], path[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, path, sizeof path - 1);
  path[n < 0 ? 0 : n] = '\0';
  char line[4200];
  int len = std::snprintf(line, sizeof line, "%zu %s\n", count, path);
  int out = ::open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (out < 0) return;
  if (len > 0) (void)real(out, line, static_cast<size_t>(len) < sizeof line ? static_cast<size_t>(len) : sizeof line - 1);
  ::close(out);
}

// slowwrite: half, the mark, the sleep, then the rest (`put(from, n)` writes n bytes from `from`).
template <class Put>
ssize_t slow(size_t count, Put&& put) {
  size_t half = count / 2;
  ssize_t n = put(0, half);
  if (n != static_cast<ssize_t>(half)) return n;
  if (const char* mark = std::getenv("BACKCARE_FAULT_MARK")) {
    int m = ::open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (m >= 0) ::close(m);
  }
  const char* s = std::getenv("BACKCARE_FAULT_SLEEP");
  unsigned left = s ? static_cast<unsigned>(std::atoi(s)) : 5u;
  while (left > 0) left = ::sleep(left);
  ssize_t m = put(half, count - half);
  return m < 0 ? n : n + m;
}

}  // namespace

extern "C" {

int fallocate(int fd, int mode, off_t offset, off_t len) {
  if (fault("nofallocate")) {
    errno = EOPNOTSUPP;
    return -1;
  }
  static auto real = next<int (*)(int, int, off_t, off_t)>("fallocate");
  return real(fd, mode, offset, len);
}

int fallocate64(int fd, int mode, off_t offset, off_t len) {
  if (fault("nofallocate")) {
    errno = EOPNOTSUPP;
    return -1;
  }
  static auto real = next<int (*)(int, int, off_t, off_t)>("fallocate64");
  return real(fd, mode, offset, len);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  if (count >= 4096 && fault("slowwrite") && regular(fd))
    return slow(count, [&](size_t from, size_t n) {
      return real(fd, static_cast<const char*>(buf) + from, n, offset + static_cast<off_t>(from));
    });
  return real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) { return pwrite(fd, buf, count, offset); }

ssize_t write(int fd, const void* buf, size_t count) {
  static auto real = next<ssize_t (*)(int, const void*, size_t)>("write");
  if (fault("writelog") && regular(fd)) log_write(fd, count, real);
  if (count > 1 && fault("shortwrite") && regular(fd)) count /= 2;
  if (count >= 4096 && fault("slowwrite") && regular(fd))
    return slow(count, [&](size_t from, size_t n) { return real(fd, static_cast<const char*>(buf) + from, n); });
  return real(fd, buf, count);
}

int fsync(int fd) {
  if (fault("fsync-eio") && regular(fd)) {
    errno = EIO;
    return -1;
  }
  static auto real = next<int (*)(int)>("fsync");
  return real(fd);
}

}  // extern "C"
