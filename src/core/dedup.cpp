#include "core/dedup.hpp"

#include "core/scan.hpp"

#include <algorithm>
#include <cstring>
#include <string>


namespace backcare {
namespace {

inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}


std::uint64_t hash_bytes(const char* p, std::size_t n);

// The hash of a line that has nothing to collapse; 0 when it meets a tab
// or two spaces in a row: then the caller hashes the line's normal form.
std::uint64_t hash_plain(const char* p, std::size_t n) {
  if (has_blank_run(p, n)) return 0;
  return hash_bytes(p, n);
}

// The hash itself (core/scan: line_hashing), of bytes known to be in
// normal form.
std::uint64_t hash_bytes(const char* p, std::size_t n) {
  using namespace line_hashing;
  std::uint64_t a = kA, b = kB;
  // Whole blocks of 16 bytes, then the rest padded with zeros.
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) step(a, b, load8(p + i), load8(p + i + 8));
  if (n >= 16 && i < n) {
    // The rest (1 to 15 bytes) as zero-padded words, from loads that end
    // at the last byte: the bytes wanted are their top ones.
    const std::size_t t = n - i;
    if (t > 8) step(a, b, load8(p + i), load8(p + n - 8) >> (8 * (16 - t)));
    else step(a, b, load8(p + n - 8) >> (8 * (8 - t)), 0);
  } else if (i < n || n == 0) {
    char tail[16] = {};
    std::memcpy(tail, p + i, n - i);
    step(a, b, load8(tail), load8(tail + 8));
  }
  return finish(a, b, n);
}

}  // namespace

std::uint64_t line_hash(std::string_view line) {
  std::size_t i = 0, n = line.size();
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (i < n && blank(line[i])) ++i;
  while (n > i && blank(line[n - 1])) --n;
  if (std::uint64_t h = hash_plain(line.data() + i, n - i)) return h;
  // Rare: build the normal form (each run of blanks one space), then hash it.
  std::string norm;
  norm.reserve(n - i);
  bool in_blank = false;
  for (; i < n; ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      in_blank = true;
      continue;
    }
    if (in_blank) norm += ' ', in_blank = false;
    norm += c;
  }
  return hash_plain(norm.data(), norm.size());
}

std::uint64_t bytes_hash(std::string_view s) { return hash_bytes(s.data(), s.size()); }

std::uint64_t line_hash(std::string_view line, const LineMasks& m) {
  // No tab or CR (they are odd), and spaces only one at a time inside the
  // line: its normal form is itself.
  const std::size_t n = line.size();
  if (!m.bits || m.odd || n == 0 || line[0] == ' ' || line[n - 1] == ' ') return line_hash(line);
  std::uint64_t carry = 0;
  for (std::size_t w = 0, words = LineMasks::words(n); w < words; ++w) {
    const std::uint64_t sp = m.space[w];
    if ((sp & (sp << 1)) | (sp & carry)) return line_hash(line);
    carry = sp >> 63;
  }
  if (m.hashed) return line_hashing::finish(m.hash_a, m.hash_b, n);
  return hash_bytes(line.data(), n);
}

bool LineSet::insert(std::uint64_t h) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return false;
    if (slots_[i] == 0) {
      slots_[i] = h;
      ++size_;
      if (used_.size() < 256) used_.push_back(static_cast<std::uint32_t>(i));
      return true;
    }
  }
}

void LineSet::clear() {
  if (size_ == 0) return;
  if (size_ <= used_.size()) {
    for (auto i : used_) slots_[i] = 0;
  } else {
    std::fill(slots_.begin(), slots_.end(), 0);
  }
  used_.clear();
  size_ = 0;
}

bool LineSet::contains(std::uint64_t h) const {
  if (slots_.empty()) return false;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return true;
    if (slots_[i] == 0) return false;
  }
}

void LineSet::prefetch(std::uint64_t h) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
}

void LineSet::reserve(std::size_t n) {
  std::size_t want = 1024;
  while (want * 3 < n * 4) want *= 2;
  if (want > slots_.size()) grow(want);
}

void LineSet::grow(std::size_t to) {
  std::vector<std::uint64_t> old;
  old.swap(slots_);
  used_.clear();
  size_ = 0;
  slots_.assign(to ? to : old.empty() ? 64 : old.size() * 2, 0);
  std::size_t mask = slots_.size() - 1;
  for (auto h : old) {
    if (h == 0) continue;
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = h;
    ++size_;
    if (used_.size() < 256) used_.push_back(static_cast<std::uint32_t>(i));
  }
}

LineDay line_day(std::string_view line) {
  LineDay d;
  // The common case: the line starts with YYYY-MM-DD, no blank in it.
  // Those 10 bytes are what the loop below would take.
  if (line.size() >= 10 && line[4] == '-' && line[7] == '-') {
    bool digits = true;
    for (std::size_t k : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) digits &= line[k] >= '0' && line[k] <= '9';
    if (digits) {
      std::memcpy(d.b, line.data(), 10);
      d.n = 10;
      return d;
    }
  }
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  while (i < line.size() && d.n < sizeof d.b && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
    d.b[d.n++] = line[i++];
  return d;
}

LineDay line_day(std::string_view line, const LineMasks& m) {
  // No tab or CR (odd): the first token ends at the first space.
  if (!m.bits || m.odd || line.empty() || line[0] == ' ') return line_day(line);
  LineDay d;
  std::size_t n = std::min<std::size_t>(line.size(), sizeof d.b);
  if (m.space[0]) n = std::min<std::size_t>(n, static_cast<std::size_t>(__builtin_ctzll(m.space[0])));
  if (line.size() >= sizeof d.b) {
    std::memcpy(d.b, line.data(), sizeof d.b);  // a copy of known size, then the bytes past the token cleared
    for (std::size_t k = n; k < sizeof d.b; ++k) d.b[k] = 0;
  } else {
    std::memcpy(d.b, line.data(), n);
  }
  d.n = static_cast<std::uint8_t>(n);
  return d;
}

RepeatFilter::Verdict RepeatFilter::see(const LineDay& day, std::uint64_t h) {
  if (wide_) {
    if (day < floor_) return Verdict::widen;
    return all_.insert(h) ? Verdict::fresh : Verdict::repeat;
  }
  if (!have_day_ || day_ < day) {
    day_ = day;
    have_day_ = true;
    cur_.clear();
    cur_.insert(h);
    return Verdict::fresh;
  }
  if (day == day_) return cur_.insert(h) ? Verdict::fresh : Verdict::repeat;
  return Verdict::widen;
}

void RepeatFilter::widen(const LineDay& day) {
  had_floor_ = wide_;
  old_floor_ = floor_;
  // A journal that keeps going back (written in reverse) would be read
  // again and again: from the third time on, every date is kept.
  floor_ = ++widened_ >= 3 ? LineDay{} : day;
  if (!wide_) {
    wide_ = true;
    cur_ = LineSet();
  }
}

void RepeatFilter::remember(const LineDay& day, std::uint64_t h) {
  if (day < floor_) return;
  if (had_floor_ && !(day < old_floor_)) return;  // kept already
  all_.insert(h);
}

}  // namespace backcare
