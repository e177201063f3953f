// Identical lines count once (SPEC §3): a journal merged from two machines
// may repeat a line. Lines are compared after trimming and collapsing runs
// of blanks; a 64-bit hash of that form stands for the line, so memory stays
// at 8 bytes a distinct line whatever the lines' length.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace backcare {

// Hash of the line after trimming blanks (and a final CR) at both ends and
// collapsing each run of spaces and tabs into one space. Never 0.
std::uint64_t line_hash(std::string_view line);

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

 private:
  void grow(std::size_t to = 0);  // to: the new number of slots, a power of 2
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace backcare
