#include "cli/journal_read.hpp"

#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/files.hpp"
#include "cli/journal_cache.hpp"
#include "core/bytes.hpp"
#include "core/dedup.hpp"
#include "core/journal_head.hpp"
#include "core/redflags.hpp"
#include "core/scan.hpp"

#include <fmt/format.h>

#include <tuple>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <exception>
#include <latch>
#include <limits>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
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
constexpr std::size_t kParallelMin = 2 * 1024 * 1024;
// The order of a part's first line, times the part's number: parts come
// after one another whatever their lengths (2^61 lines, or 2^29 where a
// long has 32 bits, are not to be had).
constexpr long kPartOrder = std::numeric_limits<long>::max() / 4;


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

// The same from the line's masks: no tab, '#' or CR (odd) means blank is
// all spaces.
std::uint64_t line_key(std::string_view s, const LineMasks& m) {
  if (m.odd) return line_key(s, false);
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return 0;
  return line_hash(s, m);
}

// Whether the reader parses most lines whole (then the masks in full pay),
// or reads the fronts of most (the prompt path; plan --due's old lines).
bool wants_bits(const ScanOptions& opts) { return !opts.head_only && !opts.head_before; }

std::string too_long_message() { return fmt::format("the line is longer than {} KiB; skipped", kMaxLine / 1024); }

// Reads bytes [begin, end) of the file (end < 0: to its end) a chunk at a
// time and calls on_line(text, offset, masks) for each line, without its
// newline (the last may lack one), with its masks (core/scan) or nullptr, and on_too_long() for each line longer than
// kMaxLine bytes, which is skipped. The views given to on_line stay valid
// until on_line returns.
template <class OnLine, class OnTooLong>
void split_lines(int fd, const std::string& path, off_t begin, off_t end, std::vector<char>& buf, bool bits,
                 OnLine&& on_line, OnTooLong&& on_too_long) {
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
    std::size_t stop = have + static_cast<std::size_t>(n), start = 0;
    const off_t base = pos - static_cast<off_t>(stop);  // the file offset of buf[0]
    LineMasks masks;
    bool masked = false;
    for (;;) {
      // An unfinished line is scanned again from its start (once a chunk).
      const char* nl = bits ? scan_line(buf.data() + start, buf.data() + stop, masks, masked)
                            : (masked = true, line_end(buf.data() + start, buf.data() + stop, masks));
      if (!nl) break;
      auto at = static_cast<std::size_t>(nl - buf.data());
      if (skipping) skipping = false;
      else if (at - start > kMaxLine) on_too_long();
      else
        on_line(std::string_view(buf.data() + start, at - start), base + static_cast<off_t>(start),
                masked ? &masks : nullptr);
      start = at + 1;
    }
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
  if (have > 0 && !skipping) on_line(std::string_view(buf.data(), have), pos - static_cast<off_t>(have), nullptr);
}

// The same over bytes already in memory (from file offset `at`): the views
// point into them.
template <class OnLine, class OnTooLong>
void split_memory(const char* p, std::size_t n, off_t at, bool bits, OnLine&& on_line, OnTooLong&& on_too_long) {
  const char* const base = p;
  const char* end = p + n;
  LineMasks masks;
  bool masked = false;
  while (p < end) {
    const char* nl = bits ? scan_line(p, end, masks, masked) : (masked = true, line_end(p, end, masks));
    const char* stop = nl ? nl : end;
    if (static_cast<std::size_t>(stop - p) > kMaxLine) on_too_long();
    else on_line(std::string_view(p, static_cast<std::size_t>(stop - p)), at + (p - base), masked ? &masks : nullptr);
    p = nl ? nl + 1 : end;
  }
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

// Journals up to this size are mapped whole and kept in memory while they
// are scanned (for two passes, when read on two threads); a larger one is
// read a chunk at a time, so memory stays flat: a mapping of the whole file
// counts in the peak RSS, and at 16 MiB it alone broke SPEC §10's budget.
constexpr off_t kWholeFile = 2 * 1024 * 1024;

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

  template <class OnLine, class OnTooLong>
  // bits: the lines' masks in full (scan_line), else only their odd and
  // high flags (line_end), for readers of the lines' fronts.
  void lines(bool bits, OnLine&& on_line, OnTooLong&& on_too_long) {
    if (in_memory_) split_memory(data_, size_, begin_, bits, on_line, on_too_long);
    else split_lines(fd_, path_, begin_, end_, buf_, bits, on_line, on_too_long);
  }

  // The lines of the stretch before file offset `upto` once more, during
  // lines() (a buffer of their own when not in memory).
  template <class OnLine>
  void again(off_t upto, OnLine&& on_line) {
    auto none = [] {};
    if (in_memory_) {
      split_memory(data_, static_cast<std::size_t>(upto - begin_), begin_, true, on_line, none);
    } else {
      std::vector<char> buf(kChunk + kMaxLine);
      split_lines(fd_, path_, begin_, upto, buf, true, on_line, none);
    }
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
  long base = 0;  // lines before the part: added to its line numbers
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
  if (opts.keep_warnings && !opts.keep_warnings()) return;
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
      if (shown++ < kMaxWarnings) warn(fmt::format("{}:{}: {}", path, w.base + line, why));
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
// masks: the line's (core/scan), or nullptr.
template <class Sink>
void read_line(std::string_view s, long line, const ScanOptions& opts, Record& rec, std::string& error, Warnings& w,
               Sink&& sink, const LineMasks* masks = nullptr) {
  auto head = [&] { return masks ? parse_head(s, *masks, rec, error) : parse_head(s, rec, error); };
  auto whole = [&] { return masks ? parse_record(s, *masks, rec, error) : parse_record(s, rec, error); };
  ParseStatus status;
  if (opts.head_only) {
    status = head();
  } else if (opts.head_before) {
    // The head first; the whole line unless the head is all it needs (and
    // for an error, so that the reason is parse_record's own).
    status = head();
    if (status != ParseStatus::blank && (status == ParseStatus::error || !head_suffices(rec, *opts.head_before)))
      status = whole();
  } else {
    status = whole();
  }
  switch (status) {
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

// Opens the journal for reading, under a shared lock. Returns -1 for a
// journal that holds nothing: a missing one (a new user), or a character
// device such as /dev/null.
int open_journal(const std::string& path) {
  recover_unfinished_write(path);  // a write cut short by SIGKILL (SPEC §3)
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

// One stretch of the journal read line by line: repeats dropped by a
// RepeatFilter (one day's hashes while dates go forward), the rest parsed
// and handed to the sink. A part after the first (`defer_head`) keeps the
// lines of its first date aside, unparsed, as an earlier part may hold
// them too: the caller settles them once every part is read.
template <class Sink>
struct PartReader {
  const ScanOptions& opts;
  Sink sink;
  bool first_of_file;  // the stretch starts the file (a byte order mark)
  bool defer_head;
  bool stop_on_widen;  // a part of a parallel read: dates going back end it
  RepeatFilter filter{};
  Warnings warnings{};
  Record rec{};
  std::string error{};
  long lineno = 0;  // lines of the stretch so far
  bool any = false, deferring = true, went_back = false;
  LineDay first_day{};
  struct Held {
    std::size_t at, size;
    long line;
    std::uint64_t hash;
  };
  std::string held_text{};
  std::vector<Held> held{};

  void too_long() { warnings.bad(++lineno, too_long_message()); }

  // Once the stretch before this one is read: the lines kept aside, each
  // unless it repeats a line of the same date there (`carry`: the hashes
  // of the lines dated `day` that it ended on, `any_before`: it had any);
  // then day and carry are the date this stretch ended on and its hashes.
  void settle(bool any_before, LineDay& day, LineSet& carry) {
    if (!any) return;
    const bool same = any_before && first_day == day;
    for (const auto& h : held)
      if (!same || carry.insert(h.hash))
        read_line(std::string_view(held_text).substr(h.at, h.size), h.line, opts, rec, error, warnings, sink);
    if (!any_before || !(filter.day() == day)) {
      day = filter.day();
      carry = std::move(filter.day_set());
    }
  }

  template <class Again>
  void line(std::string_view s, off_t at, const LineMasks* masks, Again&& again) {
    ++lineno;
    if (went_back) return;
    // The first line of the file may lose a byte order mark: its masks
    // would not fit what is left.
    if (first_of_file && lineno == 1) masks = nullptr;
    if (opts.head_before) {
      // An old line that its head alone is read from: not a repeat to
      // filter either (what the reader takes of it, a count, cannot change
      // with a repeat; see head_suffices). Identical lines share their
      // date, so the filter still sees every line a newer one can repeat.
      std::string_view t = s;
      if (first_of_file && lineno == 1 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
      if ((masks ? parse_head(t, *masks, rec, error) : parse_head(t, rec, error)) == ParseStatus::entry &&
          head_suffices(rec, *opts.head_before)) {
        sink(rec, lineno);
        return;
      }
    }
    if (opts.repeats_harmless) {
      if (first_of_file && lineno == 1 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
      read_line(s, lineno, opts, rec, error, warnings, sink, masks);
      return;
    }
    std::uint64_t h = masks ? line_key(s, *masks) : line_key(s, first_of_file && lineno == 1);
    if (!h) return;
    const LineDay day = masks ? line_day(s, *masks) : line_day(s);
    if (!any) {
      first_day = day;
      any = true;
    }
    auto v = filter.see(day, h);
    if (v == RepeatFilter::Verdict::widen) {
      if (stop_on_widen) {
        went_back = true;
        return;
      }
      filter.widen(day);
      long n = 0;
      again(at, [&](std::string_view t, off_t, const LineMasks*) {
        std::uint64_t k = line_key(t, first_of_file && ++n == 1);
        if (k) filter.remember(line_day(t), k);
      });
      v = filter.see(day, h);
    }
    if (v == RepeatFilter::Verdict::repeat) return;
    if (defer_head && deferring) {
      if (day == first_day) {
        held.push_back({held_text.size(), s.size(), lineno, h});
        held_text.append(s);
        return;
      }
      deferring = false;
    }
    read_line(s, lineno, opts, rec, error, warnings, sink, masks);
  }
};

// Reads the whole of an open journal on this thread; f(record, line) for
// each entry (a template: no std::function between the reader and a caller's
// lambda, once a line).
// done(reader), if given, is called once the lines are read, before the
// warnings are printed.
template <class F, class Done = std::nullptr_t>
void scan_fd(int fd, off_t size, const std::string& path, const ScanOptions& opts, F&& f, Done&& done = nullptr) {
  Stretch all(fd, path, 0, -1, size);
  PartReader<F&> r{opts, f, true, false, false};
  auto again = [&](off_t upto, auto&& on) { all.again(upto, on); };
  all.lines(
      wants_bits(opts), [&](std::string_view s, off_t at, const LineMasks* m) { r.line(s, at, m, again); },
      [&] { r.too_long(); });
  if constexpr (!std::is_same_v<std::decay_t<Done>, std::nullptr_t>) done(r);
  std::vector<Warnings> w;
  w.push_back(std::move(r.warnings));
  print_warnings(path, w, opts);
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

namespace {

// What the reader knows at the end of the lines it read, for a fold cache
// to go on from: their count, the order the next one gets, the date of
// the last ones and their hashes (repeats of them may follow), warnings.
struct ReadEnd {
  long lines = 0;
  long next_order = 1;
  bool any = false;
  LineDay day{};
  LineSet day_set{};
  Warnings warnings{};  // line numbers from the file's start (base 0)

  std::string save() const {
    ByteWriter w;
    w.put(lines), w.put(next_order), w.put(static_cast<std::uint8_t>(any)), w.put(day);
    std::vector<std::uint64_t> hashes;
    day_set.each([&](std::uint64_t h) { hashes.push_back(h); });
    w.put(hashes);
    w.put(static_cast<std::uint64_t>(warnings.first.size()));
    for (const auto& [line, why] : warnings.first) w.put(line), w.put(why);
    w.put(warnings.count), w.put(warnings.future);
    w.put(warnings.checked);
    w.put(static_cast<std::uint64_t>(warnings.typos.size()));
    for (const auto& [name, line, why] : warnings.typos) w.put(name), w.put(line), w.put(why);
    return w.take();
  }
  bool load(std::string_view bytes) {
    ByteReader r(bytes);
    std::uint8_t a = 2;
    std::vector<std::uint64_t> hashes;
    if (!(get_count(r, lines) && r.get(next_order) && r.get(a) && a <= 1 && r.get(day) && r.get(hashes))) return false;
    // Orders go on from next_order (at most two parts' worth: kPartOrder);
    // a day's text is at most its 10 bytes.
    if (next_order < 1 || next_order > 2 * kPartOrder || day.n > sizeof day.b) return false;
    any = a;
    for (auto h : hashes)
      if (h) day_set.insert(h);
    std::size_t n;
    if (!r.length(n, 16)) return false;
    for (std::size_t i = 0; i < n; ++i) {
      long line;
      std::string why;
      if (!(r.get(line) && r.get(why))) return false;
      warnings.first.emplace_back(line, std::move(why));
    }
    if (!(get_count(r, warnings.count) && get_count(r, warnings.future) && r.get(warnings.checked) &&
          r.length(n, 24)))
      return false;
    for (std::size_t i = 0; i < n; ++i) {
      std::string name, why;
      long line;
      if (!(r.get(name) && r.get(line) && r.get(why))) return false;
      warnings.typos.emplace_back(std::move(name), line, std::move(why));
    }
    return r.done();
  }
};

// The warnings of parts read one after another, as one part's from the
// file's start.
Warnings joined(std::vector<Warnings>& parts) {
  Warnings all;
  for (auto& w : parts) {
    for (auto& [line, why] : w.first)
      if (all.first.size() < static_cast<std::size_t>(kMaxWarnings)) all.first.emplace_back(w.base + line, std::move(why));
    all.count += w.count;
    all.future += w.future;
    for (auto& name : w.checked)
      if (std::find(all.checked.begin(), all.checked.end(), name) == all.checked.end()) all.checked.push_back(name);
    for (auto& t : w.typos)  // the first line of each name, as print_warnings shows it
      if (std::none_of(all.typos.begin(), all.typos.end(),
                       [&](const auto& u) { return std::get<0>(u) == std::get<0>(t); }))
        all.typos.push_back(std::move(t));
  }
  return all;
}

// Whether the file's last byte, before `size`, is a newline (whole lines:
// a fold of them can be gone on from).
bool ends_with_newline(int fd, off_t size) {
  char c = 0;
  return size > 0 && ::pread(fd, &c, 1, size - 1) == 1 && c == '\n';
}

// The key of a cache entry: the command's, and the reader's options.
std::string entry_key(const CachedFolds& cache, const ScanOptions& opts) {
  return fmt::format("{}|today={}|asked={}|head={}|repeats={}|heads-before={}", cache.key,
                     opts.today ? format_date(*opts.today) : std::string("-"), opts.today_asked, opts.head_only,
                     opts.repeats_harmless, opts.head_before ? format_date(*opts.head_before) : std::string("-"));
}

}  // namespace

void scan_journal_parts(const std::string& path, const ScanOptions& opts, int parts,
                        const std::function<void(int, const Record&, long)>& sink,
                        const std::function<void()>& restart, const std::function<void(int used)>& merge,
                        const CachedFolds* cache) {
  int raw = open_journal(path);
  if (raw < 0) return;
  Fd fd(raw);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot read the journal: {}", path, std::strerror(errno)));
  const off_t size = st.st_size;

  // A fold kept from a run before: taken when the journal still starts
  // with the bytes it was made from.
  std::optional<std::string> file;
  if (cache && size >= kFoldCacheMin) file = fold_cache_file(st, cache->slot);
  const std::string key = file ? entry_key(*cache, opts) : std::string();
  const bool settled = file && stamp_settled(st);
  // Stores the fold of all `size` bytes when they are whole lines and the
  // journal did not change while it was read.
  auto store = [&](const ReadEnd& end, StreamHash hash, off_t hashed) {
    if (!file || !ends_with_newline(fd.get(), size)) return;
    if (hashed < size && !hash_file_range(fd.get(), hashed, size, hash)) return;
    struct stat now;
    if (::fstat(fd.get(), &now) != 0 || !(journal_stamp(now, size) == journal_stamp(st, size))) return;
    FoldEntry e{key, journal_stamp(st, size), settled, hash, end.save(), cache->save()};
    store_fold_entry(*file, e);
  };

  if (file) {
    auto entry = load_fold_entry(*file);
    const JournalStamp now = journal_stamp(st, size);
    if (entry && entry->key == key && entry->stamp.dev == now.dev && entry->stamp.ino == now.ino &&
        entry->stamp.size <= size && (size - entry->stamp.size) <= size / 2) {
      const off_t from = static_cast<off_t>(entry->stamp.size);
      StreamHash hash;
      bool same = entry->settled && entry->stamp == now;
      if (same) hash = entry->hash;
      else same = hash_file_range(fd.get(), 0, from, hash) && hash.digest() == entry->hash.digest();
      ReadEnd end;
      if (same && end.load(entry->reader)) {
        if (!cache->load(entry->folds)) {
          restart();
        } else if (from == size) {
          merge(1);
          std::vector<Warnings> w;
          w.push_back(std::move(end.warnings));
          print_warnings(path, w, opts);
          if (!entry->settled && settled) {
            entry->stamp = now, entry->settled = true;
            store_fold_entry(*file, *entry);
          }
          return;
        } else {
          // The lines appended since, as a part after the cached one.
          struct TailSink {
            const std::function<void(int, const Record&, long)>* sink;
            long base;
            void operator()(const Record& r, long line) const { (*sink)(1, r, base + line); }
          };
          PartReader<TailSink> r{opts, TailSink{&sink, end.next_order}, false, true, true};
          Stretch tail(fd.get(), path, from, size, size);
          auto none = [](off_t, auto&&) {};
          tail.lines(wants_bits(opts), [&](std::string_view s, off_t at, const LineMasks* m) { r.line(s, at, m, none); },
                     [&] { r.too_long(); });
          const bool ordered = opts.repeats_harmless ||
                               (!r.went_back && !r.filter.wide() && !(r.any && end.any && r.first_day < end.day));
          if (ordered) {
            r.settle(end.any, end.day, end.day_set);
            r.warnings.base = end.lines;
            std::vector<Warnings> w;
            w.push_back(std::move(end.warnings));
            w.push_back(std::move(r.warnings));
            merge(2);
            print_warnings(path, w, opts);
            ReadEnd after;
            after.lines = end.lines + r.lineno;
            after.next_order = end.next_order + r.lineno + 1;
            after.any = end.any || r.any;
            after.day = end.day;
            after.day_set = std::move(end.day_set);
            after.warnings = joined(w);
            store(after, hash, from);
            return;
          }
          restart();  // dates went back: the whole journal, as if no cache
        }
      }
    }
  }

  if (parts < 1 || size < static_cast<off_t>(kParallelMin)) parts = 1;
  auto alone = [&] {
    std::optional<ReadEnd> end;
    scan_fd(
        fd.get(), size, path, opts, [&](const Record& r, long line) { sink(0, r, line); },
        [&](auto& r) {
          merge(1);
          if (!file || (!opts.repeats_harmless && r.filter.wide())) return;
          end.emplace();
          end->lines = r.lineno;
          end->next_order = r.lineno + 1;
          end->any = r.any;
          end->day = r.filter.day();
          end->day_set = std::move(r.filter.day_set());
          end->warnings = r.warnings;
        });
    if (end) store(*end, StreamHash{}, 0);
  };
  if (parts == 1) return alone();
  // Each part starts at the start of a line.
  std::vector<off_t> bounds(static_cast<std::size_t>(parts) + 1, size);
  bounds[0] = 0;
  for (std::size_t k = 1; k < bounds.size() - 1; ++k)
    bounds[k] = std::max(bounds[k - 1], next_line_start(fd.get(), path, size / parts * static_cast<off_t>(k) - 1, size));

  // One pass on every part at once, each with its own filter of repeats.
  // While dates go forward across the whole file, a line can only repeat
  // one of an earlier part when it holds the date that part ended on: each
  // part after the first keeps the lines of its first date aside, and they
  // are settled here afterwards against the day sets the parts ended with.
  // Where dates go backwards, the parallel reading is given up: the sinks
  // start again (restart) and the file is read on this thread.
  // A part's lines are ordered after every line of the parts before it
  // (ties of day and time go to the later line when the parts are merged).
  struct PartSink {
    const std::function<void(int, const Record&, long)>* sink;
    int k;
    void operator()(const Record& r, long line) const { (*sink)(k, r, kPartOrder * k + line); }
  };
  using Sink = PartSink;
  struct Part {
    std::optional<PartReader<Sink>> reader;
    std::exception_ptr error;
  };
  std::vector<Part> p(static_cast<std::size_t>(parts));
  std::atomic<bool> failed{false};

  auto work = [&](int k) {
    Part& me = p[static_cast<std::size_t>(k)];
    const off_t begin = bounds[static_cast<std::size_t>(k)], end = bounds[static_cast<std::size_t>(k) + 1];
    try {
      me.reader.emplace(PartReader<Sink>{opts, PartSink{&sink, k}, k == 0, k > 0, true});
      Stretch stretch(fd.get(), path, begin, end, size);
      auto none = [](off_t, auto&&) {};
      PartReader<Sink>& r = *me.reader;
      stretch.lines(wants_bits(opts), [&](std::string_view s, off_t at, const LineMasks* m) { r.line(s, at, m, none); },
                    [&] { r.too_long(); });
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
    return alone();
  }
  work(0);
  for (auto& t : threads) t.join();
  for (int k = 0; k < parts; ++k)
    if (p[static_cast<std::size_t>(k)].error) std::rethrow_exception(p[static_cast<std::size_t>(k)].error);

  // In order across the parts? Each one's dates forward, and each part
  // starting on or after the date the one before ended on.
  bool ordered = true;
  const LineDay* last = nullptr;
  for (auto& part : p) {
    auto& r = *part.reader;
    if (r.went_back || r.filter.wide()) ordered = false;
    if (!r.any) continue;
    if (last && r.first_day < *last) ordered = false;
    last = &r.filter.day();
  }
  if (!ordered) {
    restart();
    return alone();
  }
  // The lines kept aside, against the lines of the same date before them.
  LineDay carry_day = p[0].reader->filter.day();
  LineSet carry = std::move(p[0].reader->filter.day_set());
  bool any = p[0].reader->any;
  long base = p[0].reader->lineno;
  for (int k = 1; k < parts; ++k) {
    auto& r = *p[static_cast<std::size_t>(k)].reader;
    r.warnings.base = base;
    base += r.lineno;
    r.settle(any, carry_day, carry);
    any = any || r.any;
  }
  std::vector<Warnings> w;
  for (int k = 0; k < parts; ++k) w.push_back(std::move(p[static_cast<std::size_t>(k)].reader->warnings));
  merge(parts);
  print_warnings(path, w, opts);
  if (file) {
    ReadEnd end;
    end.lines = base;
    end.next_order = kPartOrder * (parts - 1) + p.back().reader->lineno + 1;
    end.any = any;
    end.day = carry_day;
    end.day_set = std::move(carry);
    end.warnings = joined(w);
    store(end, StreamHash{}, 0);
  }
}


}  // namespace backcare::cli
