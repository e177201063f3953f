#include "cli/journal_read.hpp"

#include "cli/context.hpp"
#include "cli/files.hpp"
#include "core/dedup.hpp"

#include <fmt/format.h>

#include <tuple>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cerrno>
#include <exception>
#include <latch>
#include <memory>
#include <optional>
#include <system_error>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace backcare::cli {
namespace {

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kChunk = 256 * 1024;
constexpr int kMaxWarnings = 20;
// Below this size a journal is read on one thread: a second would cost
// more than it saves.
constexpr std::size_t kParallelMin = 256 * 1024;


// What a line is for de-duplication: 0 for a blank line or a comment
// (nothing to read), else the hash of its normal form. The first line of
// the file loses a UTF-8 byte order mark.
std::uint64_t line_key(std::string_view& s, bool first_of_file) {
  if (first_of_file && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i == s.size() || s[i] == '#' || s.substr(i) == "\r") return 0;
  return line_hash(s);
}

std::string too_long_message() { return fmt::format("the line is longer than {} KiB; skipped", kMaxLine / 1024); }

// Reads bytes [begin, end) of the file (end < 0: to its end) a chunk at a
// time and calls on_line(text) for each line, without its newline (the
// last may lack one), and on_too_long() for each line longer than
// kMaxLine bytes, which is skipped. flush() is called before the buffer's bytes
// move, so the views given to on_line stay valid until then.
template <class OnLine, class OnTooLong, class Flush>
void split_lines(int fd, const std::string& path, off_t begin, off_t end, std::vector<char>& buf, OnLine&& on_line,
                 OnTooLong&& on_too_long, Flush&& flush) {
  std::size_t have = 0;   // bytes of an unfinished line at the front of buf
  bool skipping = false;  // inside a line that is too long
  off_t pos = begin;
  for (;;) {
    std::size_t want = buf.size() - have;
    if (end >= 0) want = std::min<std::size_t>(want, static_cast<std::size_t>(std::max<off_t>(end - pos, 0)));
    if (want == 0) break;
    ssize_t n = ::pread(fd, buf.data() + have, want, pos);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
    if (n == 0) break;
    pos += n;
    std::size_t stop = have + static_cast<std::size_t>(n), start = 0, from = have;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf.data() + from, '\n', stop - from));
      if (!nl) break;
      auto at = static_cast<std::size_t>(nl - buf.data());
      if (skipping) skipping = false;
      else if (at - start > kMaxLine) on_too_long();
      else on_line(std::string_view(buf.data() + start, at - start));
      start = from = at + 1;
    }
    flush();
    have = stop - start;
    if (skipping) {
      have = 0;
    } else if (have > kMaxLine) {
      on_too_long();
      skipping = true;
      have = 0;
    } else if (start > 0 && have > 0) {
      std::memmove(buf.data(), buf.data() + start, have);
    }
  }
  if (have > 0 && !skipping) on_line(std::string_view(buf.data(), have));
  flush();
}

// The same over bytes already in memory: the views point into them.
template <class OnLine, class OnTooLong, class Flush>
void split_memory(const char* p, std::size_t n, OnLine&& on_line, OnTooLong&& on_too_long, Flush&& flush) {
  const char* end = p + n;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* stop = nl ? nl : end;
    if (static_cast<std::size_t>(stop - p) > kMaxLine) on_too_long();
    else on_line(std::string_view(p, static_cast<std::size_t>(stop - p)));
    p = nl ? nl + 1 : end;
  }
  flush();
}

// Bytes read whole from a stretch of the file; not zeroed first.
struct Bytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
};

// Reads bytes [begin, end) of the file whole (end < 0: to its end).
Bytes read_stretch(int fd, const std::string& path, off_t begin, off_t end, off_t size_hint) {
  std::size_t cap = static_cast<std::size_t>(std::max<off_t>((end >= 0 ? end : size_hint) - begin, 0)) + 1;
  Bytes b{std::unique_ptr<char[]>(new char[cap]), 0};
  for (;;) {
    if (end >= 0 && begin + static_cast<off_t>(b.size) >= end) break;
    if (b.size == cap) {  // the file grew
      std::unique_ptr<char[]> more(new char[cap * 2]);
      std::memcpy(more.get(), b.data.get(), b.size);
      b.data = std::move(more);
      cap *= 2;
    }
    std::size_t want = cap - b.size;
    if (end >= 0) want = std::min<std::size_t>(want, static_cast<std::size_t>(end - begin) - b.size);
    ssize_t n = ::pread(fd, b.data.get() + b.size, want, begin + static_cast<off_t>(b.size));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
    if (n == 0) break;
    b.size += static_cast<std::size_t>(n);
  }
  return b;
}

// Journals up to this size are read whole, in one go, and kept in memory
// while they are scanned (for two passes, when read on two threads); a
// larger one is read a chunk at a time, so memory stays flat.
constexpr off_t kWholeFile = 16 * 1024 * 1024;

// A stretch of the journal to go through line by line, more than once.
class Stretch {
 public:
  Stretch(int fd, const std::string& path, off_t begin, off_t end, off_t size)
      : fd_(fd), path_(path), begin_(begin), end_(end) {
    if (size > kWholeFile) {
      buf_.resize(kChunk + kMaxLine);
      return;
    }
    in_memory_ = true;
    // Mapped, its pages filled at once: no copy, few page faults. Read
    // into memory when the mapping is refused.
    off_t stop = end >= 0 ? end : size;
    if (stop > begin) {
      static const off_t page = ::sysconf(_SC_PAGESIZE);
      off_t from = begin / page * page;
      map_size_ = static_cast<std::size_t>(stop - from);
      void* m = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, from);
      if (m != MAP_FAILED) {
        map_ = m;
        data_ = static_cast<const char*>(m) + (begin - from);
        size_ = static_cast<std::size_t>(stop - begin);
        return;
      }
    }
    bytes_ = read_stretch(fd, path, begin, end, size);
    data_ = bytes_.data.get();
    size_ = bytes_.size;
  }
  Stretch(const Stretch&) = delete;
  Stretch& operator=(const Stretch&) = delete;
  ~Stretch() {
    if (map_) ::munmap(map_, map_size_);
  }

  template <class OnLine, class OnTooLong, class Flush>
  void lines(OnLine&& on_line, OnTooLong&& on_too_long, Flush&& flush) {
    if (in_memory_) split_memory(data_, size_, on_line, on_too_long, flush);
    else split_lines(fd_, path_, begin_, end_, buf_, on_line, on_too_long, flush);
  }

 private:
  int fd_;
  const std::string& path_;
  off_t begin_, end_;
  bool in_memory_ = false;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  Bytes bytes_;
  std::vector<char> buf_;
};

// Warnings of one part of the file, kept to print in file order.
struct Warnings {
  std::vector<std::pair<long, std::string>> first;  // at most kMaxWarnings
  long count = 0;
  long future = 0;
  void bad(long line, std::string why) {
    if (++count <= kMaxWarnings) first.emplace_back(line, std::move(why));
  }
  // Likely typos of a kind or key, once per distinct name: (name, line, warning).
  std::vector<std::string> checked;
  std::vector<std::tuple<std::string, long, std::string>> typos;
  void check_typo(std::string_view name, bool is_kind, long line) {
    if (checked.size() >= 64 || std::find(checked.begin(), checked.end(), name) != checked.end()) return;
    checked.emplace_back(name);
    if (auto why = typo_warning(name, is_kind); !why.empty()) typos.emplace_back(std::string(name), line, std::move(why));
  }
};

void print_warnings(const std::string& path, const std::vector<Warnings>& parts, const ScanOptions& opts) {
  long shown = 0, count = 0, future = 0;
  std::vector<std::string_view> typo_names;
  for (const auto& w : parts)
    for (const auto& [name, line, why] : w.typos)
      if (std::find(typo_names.begin(), typo_names.end(), name) == typo_names.end()) {
        typo_names.push_back(name);
        warn(fmt::format("{}:{}: {}", path, line, why));
      }
  for (const auto& w : parts) {
    for (const auto& [line, why] : w.first)
      if (shown++ < kMaxWarnings) warn(fmt::format("{}:{}: {}", path, line, why));
    count += w.count;
    future += w.future;
  }
  if (count > kMaxWarnings) warn(fmt::format("{}: {} more lines could not be read", path, count - kMaxWarnings));
  if (future && opts.today_asked)
    warn(fmt::format("{}: {} {} dated after {} ignored", path, future, future == 1 ? "entry" : "entries",
                     format_date(*opts.today)));
  else if (future)
    warn(fmt::format("{}: {} {} dated after today ({}) ignored; is the clock right?", path, future,
                     future == 1 ? "entry" : "entries", format_date(*opts.today)));
}

// Parses a line that is to be read (not a repeat) and hands its entry on,
// unless it is dated after today and is not a planned rest day.
template <class Sink>
void read_line(std::string_view s, long line, const ScanOptions& opts, Record& rec, std::string& error, Warnings& w,
               Sink&& sink) {
  switch (parse_record(s, rec, error)) {
    case ParseStatus::blank: return;
    case ParseStatus::error: w.bad(line, error); return;
    case ParseStatus::entry: break;
  }
  if (rec.kind == Kind::unknown) w.check_typo(rec.kind_text, true, line);
  else if (!rec.unknown_key.empty()) w.check_typo(rec.unknown_key, false, line);
  if (opts.today && rec.date > *opts.today && rec.kind != Kind::rest) {
    ++w.future;
    return;
  }
  sink(rec, line);
}

// Lines are taken in batches: first each line's hash, with a prefetch of
// its slot in the set of seen lines (a large journal's set does not fit
// in the cache), then the lookups and the parsing, in file order.
constexpr std::size_t kBatch = 16;

// Opens the journal for reading, under a shared lock. Returns -1 for a
// journal that holds nothing: a missing one (a new user), or a character
// device such as /dev/null.
int open_journal(const std::string& path) {
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (raw < 0) {
    if (errno == ENOENT && !dangling_symlink(path)) return -1;
    if (errno == ENOENT)
      throw Failure(kNoInput, fmt::format("{}: the journal is a symbolic link to a missing file", path));
    throw Failure(kNoInput, fmt::format("{}: cannot open the journal: {}", path, std::strerror(errno)));
  }
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
  if (S_ISDIR(st.st_mode))
    throw Failure(kNoInput, fmt::format("{}: is a folder; the journal must be a file (see --journal)", path));
  if (S_ISCHR(st.st_mode)) return -1;
  if (!S_ISREG(st.st_mode))
    throw Failure(kNoInput, fmt::format("{}: is {}; the journal must be a regular file", path, file_kind(st.st_mode)));
  // A shared lock keeps a writer's line from being read half-written. An
  // editor holding the journal does not stop reading for long.
  lock_file(fd.get(), LOCK_SH, std::chrono::milliseconds(1000));
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  return fd.release();
}

// The offset just after the first newline at or after `from` (the start of
// the next line), or `size`.
off_t next_line_start(int fd, const std::string& path, off_t from, off_t size) {
  char buf[4096];
  while (from < size) {
    ssize_t n = ::pread(fd, buf, sizeof buf, from);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
    if (n == 0) break;
    if (const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(n)))
      return std::min<off_t>(from + (static_cast<const char*>(nl) - buf) + 1, size);
    from += n;
  }
  return size;
}

// Reads the whole of an open journal on this thread.
// Lines to make room for in the set of seen lines, from the file's size:
// about as many as a journal of usual lines holds.
std::size_t expected_lines(off_t bytes) { return static_cast<std::size_t>(bytes / 100); }

void scan_fd(int fd, off_t size, const std::string& path, const ScanOptions& opts,
             const std::function<void(const Record&, long)>& f) {
  Stretch all(fd, path, 0, -1, size);
  std::vector<Warnings> warnings(1);
  LineSet seen;
  seen.reserve(expected_lines(size));
  struct Pending {
    std::string_view text;
    std::uint64_t hash;
    long line;
  };
  std::vector<Pending> pending;
  pending.reserve(kBatch);
  Record rec;
  std::string error;
  long lineno = 0;
  auto flush = [&] {
    for (const auto& p : pending)
      if (p.hash && seen.insert(p.hash)) read_line(p.text, p.line, opts, rec, error, warnings[0], f);
    pending.clear();
  };
  all.lines(
      [&](std::string_view s) {
        if (pending.size() == kBatch) flush();
        std::uint64_t h = line_key(s, lineno == 0);
        if (h) seen.prefetch(h);
        pending.push_back({s, h, ++lineno});
      },
      [&] {
        flush();
        warnings[0].bad(++lineno, too_long_message());
      },
      flush);
  print_warnings(path, warnings, opts);
}

}  // namespace

void scan_journal(const std::string& path, const ScanOptions& opts,
                  const std::function<void(const Record&, long)>& f) {
  int raw = open_journal(path);
  if (raw < 0) return;
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
  scan_fd(fd.get(), st.st_size, path, opts, f);
}

int scan_journal_parts(const std::string& path, const ScanOptions& opts, int parts,
                       const std::function<void(int, const Record&, long)>& sink) {
  int raw = open_journal(path);
  if (raw < 0) return 0;
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
  const off_t size = st.st_size;
  if (parts < 1 || size < static_cast<off_t>(kParallelMin)) parts = 1;
  if (parts == 1) {
    scan_fd(fd.get(), size, path, opts, [&](const Record& r, long line) { sink(0, r, line); });
    return 1;
  }
  // Each part starts at the start of a line.
  std::vector<off_t> bounds(static_cast<std::size_t>(parts) + 1, size);
  bounds[0] = 0;
  for (std::size_t k = 1; k < bounds.size() - 1; ++k)
    bounds[k] = std::max(bounds[k - 1], next_line_start(fd.get(), path, size / parts * static_cast<off_t>(k) - 1, size));

  // Pass 1, on every part at once: the hash of each line (0 for a line not
  // to read: blank, a comment, too long, or a repeat within the part) and
  // the set of the part's lines. Pass 2, after all of pass 1: the lines
  // again, each read unless an earlier part holds it too, so that of
  // identical lines the first in the file is the one read.
  struct Part {
    std::vector<std::uint64_t> hashes;  // one a line
    LineSet seen;
    Warnings warnings;
    std::exception_ptr error;
  };
  std::vector<Part> p(static_cast<std::size_t>(parts));
  std::barrier sync(parts);
  std::atomic<bool> failed{false};

  auto work = [&](int k) {
    Part& me = p[static_cast<std::size_t>(k)];
    const off_t begin = bounds[static_cast<std::size_t>(k)], end = bounds[static_cast<std::size_t>(k) + 1];
    std::optional<Stretch> stretch;
    try {
      stretch.emplace(fd.get(), path, begin, end, size);
      me.hashes.reserve(expected_lines(end - begin));
      me.seen.reserve(expected_lines(end - begin));
      std::vector<std::size_t> pending;
      pending.reserve(kBatch);
      auto flush = [&] {
        for (std::size_t i : pending)
          if (!me.seen.insert(me.hashes[i])) me.hashes[i] = 0;
        pending.clear();
      };
      stretch->lines(
          [&](std::string_view s) {
            if (pending.size() == kBatch) flush();
            std::uint64_t h = line_key(s, k == 0 && me.hashes.empty());
            me.hashes.push_back(h);
            if (h) {
              me.seen.prefetch(h);
              pending.push_back(me.hashes.size() - 1);
            }
          },
          [&] { me.hashes.push_back(0); }, flush);
    } catch (...) {
      me.error = std::current_exception();
      failed = true;
    }
    sync.arrive_and_wait();
    if (failed) return;
    try {
      long first = 0;  // lines before this part
      for (int j = 0; j < k; ++j) first += static_cast<long>(p[static_cast<std::size_t>(j)].hashes.size());
      Record rec;
      std::string error;
      struct Pending {
        std::string_view text;
        std::size_t index;
      };
      std::vector<Pending> pending;
      pending.reserve(kBatch);
      std::size_t index = 0;
      auto flush = [&] {
        for (const auto& q : pending) {
          std::uint64_t h = me.hashes[q.index];
          bool repeated = false;
          for (int j = 0; j < k && !repeated; ++j) repeated = p[static_cast<std::size_t>(j)].seen.contains(h);
          if (!repeated)
            read_line(q.text, first + static_cast<long>(q.index) + 1, opts, rec, error, me.warnings,
                      [&](const Record& r, long line) { sink(k, r, line); });
        }
        pending.clear();
      };
      stretch->lines(
          [&](std::string_view s) {
            if (pending.size() == kBatch) flush();
            std::size_t i = index++;
            if (k == 0 && i == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
            if (i >= me.hashes.size() || !me.hashes[i]) return;
            for (int j = 0; j < k; ++j) p[static_cast<std::size_t>(j)].seen.prefetch(me.hashes[i]);
            pending.push_back({s, i});
          },
          [&] {
            flush();
            me.warnings.bad(first + static_cast<long>(index++) + 1, too_long_message());
          },
          flush);
    } catch (...) {
      me.error = std::current_exception();
      failed = true;
    }
  };

  // The threads wait for all of them to exist: if one cannot be made, the
  // others leave without starting and this thread reads the whole file.
  std::vector<std::thread> threads;
  std::latch go(1);
  bool abandon = false;
  try {
    threads.reserve(static_cast<std::size_t>(parts) - 1);
    for (int k = 1; k < parts; ++k)
      threads.emplace_back([&, k] {
        go.wait();
        if (!abandon) work(k);
      });
  } catch (const std::system_error&) {
    abandon = true;
  }
  go.count_down();
  if (abandon) {
    for (auto& t : threads) t.join();
    scan_fd(fd.get(), size, path, opts, [&](const Record& r, long line) { sink(0, r, line); });
    return 1;
  }
  work(0);
  for (auto& t : threads) t.join();
  for (int k = 0; k < parts; ++k)
    if (p[static_cast<std::size_t>(k)].error) std::rethrow_exception(p[static_cast<std::size_t>(k)].error);
  std::vector<Warnings> w;
  for (int k = 0; k < parts; ++k) w.push_back(std::move(p[static_cast<std::size_t>(k)].warnings));
  print_warnings(path, w, opts);
  return parts;
}


}  // namespace backcare::cli
