// Identical lines count once (SPEC §3): a journal merged from two machines
// may repeat a line. Lines are compared after trimming and collapsing runs
// of blanks; a 64-bit hash of that form stands for the line.
//
// Identical lines share their first token (the date), and the writer appends
// in date order, so RepeatFilter keeps the hashes of the current date only:
// memory is one day's lines, flat in the journal's length. Only where dates
// go backwards (a merged or hand-edited journal) does it keep a wider set,
// of the lines from the earliest date gone back to on; the caller then feeds
// it the lines read before (widen, remember), so the rule holds exactly.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace backcare {

// Hash of the line after trimming blanks (and a final CR) at both ends and
// collapsing each run of spaces and tabs into one space. Never 0.
std::uint64_t line_hash(std::string_view line);
// The same, given the line's masks (core/scan), which tell without another
// look at the bytes whether the line is in its normal form already.
struct LineMasks;
std::uint64_t line_hash(std::string_view line, const LineMasks& masks);
// The same hash of the bytes as they are, not brought to a normal form (for
// text known to hold no blanks, such as a list of ids). Never 0.
std::uint64_t bytes_hash(std::string_view s);

// An open-addressing set of line hashes.
class LineSet {
 public:
  // True when the hash was not in the set yet (the line is new).
  bool insert(std::uint64_t h);
  bool contains(std::uint64_t h) const;
  // Makes room for n lines at once, saving the rehashing on the way.
  void reserve(std::size_t n);
  // A hint that insert(h) or contains(h) follows soon: starts loading its slot.
  void prefetch(std::uint64_t h) const;
  std::size_t size() const { return size_; }
  // Calls f(hash) for each hash in the set, in no order.
  template <class F>
  void each(F&& f) const {
    for (auto h : slots_)
      if (h) f(h);
  }
  // Empties the set, keeping its room; costs the lines it held, not its room.
  void clear();

 private:
  void grow(std::size_t to = 0);  // to: the new number of slots, a power of 2
  std::vector<std::uint64_t> slots_;
  std::vector<std::uint32_t> used_;  // the slots filled, for clear()
  std::size_t size_ = 0;
};

// What identical lines share and the writer keeps in order: the first
// token of the line (its date), at most 10 bytes of it. Ordered as text.
struct LineDay {
  char b[10] = {};
  std::uint8_t n = 0;
  std::string_view view() const { return {b, n}; }
  // The bytes past n are 0 (line_day keeps them so): whole-array compares
  // of known size, n breaking ties (a shorter token that is a prefix
  // comes first, as with the views).
  friend bool operator==(const LineDay& x, const LineDay& y) {
    return x.n == y.n && std::memcmp(x.b, y.b, sizeof x.b) == 0;
  }
  friend bool operator<(const LineDay& x, const LineDay& y) {
    // As text: the bytes read big-endian, 8 then 2.
    std::uint64_t xh, yh;
    std::uint16_t xt, yt;
    std::memcpy(&xh, x.b, 8), std::memcpy(&yh, y.b, 8);
    std::memcpy(&xt, x.b + 8, 2), std::memcpy(&yt, y.b + 8, 2);
    xh = __builtin_bswap64(xh), yh = __builtin_bswap64(yh);
    xt = __builtin_bswap16(xt), yt = __builtin_bswap16(yt);
    if (xh != yh) return xh < yh;
    if (xt != yt) return xt < yt;
    return x.n < y.n;
  }
};
LineDay line_day(std::string_view line);  // blanks at the front are skipped
LineDay line_day(std::string_view line, const LineMasks& masks);  // the same, from the line's masks

class RepeatFilter {
 public:
  enum class Verdict { fresh, repeat, widen };
  // fresh: the line is new, read it; repeat: seen before, skip it; widen:
  // its date lies before those kept: call widen(day), hand every line
  // before this one to remember(), then call see() again.
  Verdict see(const LineDay& day, std::uint64_t hash);
  void widen(const LineDay& day);
  void remember(const LineDay& day, std::uint64_t hash);
  // Whether dates ever went backwards (the wide set is in use).
  bool wide() const { return wide_; }
  // The date of the lines kept in the day set, and that set (narrow only).
  const LineDay& day() const { return day_; }
  const LineSet& day_set() const { return cur_; }
  LineSet& day_set() { return cur_; }
  std::size_t kept() const { return cur_.size() + all_.size(); }

 private:
  LineDay day_;
  bool have_day_ = false;
  LineSet cur_;  // hashes of the lines dated day_ (narrow)
  bool wide_ = false;
  LineDay floor_, old_floor_;  // wide: the lines dated floor_ or later are in all_
  bool had_floor_ = false;     // during a widen: old_floor_ holds the previous floor
  int widened_ = 0;
  LineSet all_;
};

}  // namespace backcare
