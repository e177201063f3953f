// The speed work behind one seam: finding line ends and blanks in bytes.
// Two paths give the same answers: a SIMD one (SSE2 on x86-64, and AVX2
// for the two per-line passes where the processor has it) and a scalar
// one that every machine runs (arm64 users, and the CI build with
// -DBACKCARE_SIMD=OFF, which compiles the scalar path only).
#pragma once

#include <cstddef>
#include <cstdint>

namespace backcare {

// Whether [p, p + n) holds a tab or two spaces in a row (then a line is not
// in its normal form: see line_hash).
bool has_blank_run(const char* p, std::size_t n);

// A line's bytes as bit masks (bit i of word i / 64 for byte i), for the
// journal parser's common case: its tokens found from the masks, not byte
// by byte. Made for lines of at most kMaskedLine bytes; only the words
// holding the line's bytes are written (words(size)), their bits past the
// line are 0.
inline constexpr std::size_t kMaskedLine = 512;

// The line hash's steps (core/dedup: line_hash), here so that a pass over
// a line's bytes can hash them on its way: two lanes of 8-byte words, each
// word multiplied by an odd constant and added to its lane after a rotation
// (the multiplications stay off the chain from word to word); 16 bytes a
// step, the last step's bytes padded with zeros; the length and splitmix64's
// finaliser at the end. Not for adversaries; a journal is the user's own text.
namespace line_hashing {
inline constexpr std::uint64_t kA = 0x243f6a8885a308d3ull, kB = 0x13198a2e03707344ull;
inline constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xc2b2ae3d27d4eb4full;
inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline void step(std::uint64_t& a, std::uint64_t& b, std::uint64_t w0, std::uint64_t w1) {
  a = rotl(a, 23) + w0 * k1;
  b = rotl(b, 29) + w1 * k2;
}
inline std::uint64_t finish(std::uint64_t a, std::uint64_t b, std::size_t n) {
  std::uint64_t h = (a ^ rotl(b, 32)) + n * k2;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}
}  // namespace line_hashing
struct LineMasks {
  static constexpr std::size_t kWords = kMaskedLine / 64;
  static constexpr std::size_t words(std::size_t n) { return (n + 63) / 64; }
  std::uint64_t space[kWords];   // ' '
  std::uint64_t equals[kWords];  // '='
  std::uint64_t quote[kWords];   // '"'
  bool odd = false;   // a tab, '#', '\\' or another byte below 0x20: the parser's general path reads the line
  bool high = false;  // a byte from 0x7f up: the line needs the UTF-8 and control check
  bool bits = false;  // the words are filled (scan_line, line_masks); else see line_end
  // The line's bytes hashed on the way (line_hashing, all but finish), when
  // the pass did so (the AVX2 scan_line); else line_hash hashes them itself.
  bool hashed = false;
  std::uint64_t hash_a = 0, hash_b = 0;
};
// n <= kMaskedLine. Never reads outside [p, p + n).
void line_masks(const char* p, std::size_t n, LineMasks& m);

// The end of the line that starts at p: the first '\n' in [p, end), or
// nullptr when there is none (the line runs to end). When the line has at
// most kMaskedLine bytes, fills m for it and sets masked; else clears
// masked. One pass over the bytes for both.
const char* scan_line(const char* p, const char* end, LineMasks& m, bool& masked);

// The same for readers that need no more than the front of each line: the
// line's end, for a line of any length, and m.bits false. Then m.odd and
// m.high both say only whether the line holds a byte outside printable
// ASCII ('#' and '\\' are not looked at). Lighter than scan_line.
const char* line_end(const char* p, const char* end, LineMasks& m);

// The first byte of [p, end) outside printable ASCII (below 0x20, 0x7f, or
// from 0x80 up), or end.
const char* skip_plain_ascii(const char* p, const char* end);

// Whether [p, p + n) is a list of ids: each of 1 to 64 characters from
// a-z, 0-9, '-' and '_', starting with a letter or digit, separated by
// single commas (the journal's done=, skipped=, sore= and flags=).
bool id_list(const char* p, std::size_t n);

// The paths by name, for the unit tests that run the same cases through
// both. simd_available() is false when the SIMD path is not built (then
// the simd_ functions are the scalar ones).
namespace scan_paths {
bool simd_available();
bool scalar_has_blank_run(const char* p, std::size_t n);
bool simd_has_blank_run(const char* p, std::size_t n);
void scalar_line_masks(const char* p, std::size_t n, LineMasks& m);
void simd_line_masks(const char* p, std::size_t n, LineMasks& m);
const char* scalar_scan_line(const char* p, const char* end, LineMasks& m, bool& masked);
const char* simd_scan_line(const char* p, const char* end, LineMasks& m, bool& masked);
const char* scalar_line_end(const char* p, const char* end, LineMasks& m);
const char* simd_line_end(const char* p, const char* end, LineMasks& m);
// AVX2 (32 bytes at a time), where the build has SIMD and the processor
// AVX2 (avx2_available); else these are the SSE2 or scalar ones.
bool avx2_available();
const char* avx2_scan_line(const char* p, const char* end, LineMasks& m, bool& masked);
const char* avx2_line_end(const char* p, const char* end, LineMasks& m);
const char* scalar_skip_plain_ascii(const char* p, const char* end);
const char* simd_skip_plain_ascii(const char* p, const char* end);
bool scalar_id_list(const char* p, std::size_t n);
bool simd_id_list(const char* p, std::size_t n);
}  // namespace scan_paths

}  // namespace backcare
