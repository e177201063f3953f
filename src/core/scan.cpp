#include "core/scan.hpp"

#include <cstring>

#if BACKCARE_SIMD && defined(__SSE2__)
#define BACKCARE_SCAN_SSE2 1
#include <emmintrin.h>
#else
#define BACKCARE_SCAN_SSE2 0
#endif

namespace backcare {
namespace scan_paths {

const char* scalar_find_newline(const char* p, const char* end) {
  for (; p < end; ++p)
    if (*p == '\n') return p;
  return nullptr;
}

bool scalar_has_blank_run(const char* p, std::size_t n) {
  bool prev_space = false;
  for (std::size_t j = 0; j < n; ++j) {
    if (p[j] == '\t') return true;
    bool space = p[j] == ' ';
    if (space && prev_space) return true;
    prev_space = space;
  }
  return false;
}

#if BACKCARE_SCAN_SSE2
bool simd_available() { return true; }

// 16 bytes at a time; never reads outside [p, end).
const char* simd_find_newline(const char* p, const char* end) {
  const __m128i nl = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    if (int m = _mm_movemask_epi8(_mm_cmpeq_epi8(v, nl))) return p + __builtin_ctz(static_cast<unsigned>(m));
    p += 16;
  }
  return scalar_find_newline(p, end);
}

bool simd_has_blank_run(const char* p, std::size_t n) {
  if (n < 16) return scalar_has_blank_run(p, n);
  const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
  auto run = [&](const char* q, bool& prev_space) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab)) || (spaces & (spaces >> 1)) || (prev_space && (spaces & 1u)))
      return true;
    prev_space = spaces >> 15;
    return false;
  };
  bool prev = false;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    if (run(p + i, prev)) return true;
  if (i < n) {
    // The last 16 bytes, overlapping the block before: a pair of spaces
    // across the seam lies within them.
    prev = false;
    if (run(p + n - 16, prev)) return true;
  }
  return false;
}
#else
bool simd_available() { return false; }
const char* simd_find_newline(const char* p, const char* end) { return scalar_find_newline(p, end); }
bool simd_has_blank_run(const char* p, std::size_t n) { return scalar_has_blank_run(p, n); }
#endif

}  // namespace scan_paths

#if BACKCARE_SCAN_SSE2
// The C library's memchr is vectorised already (SSE2/AVX2 on x86-64).
const char* find_newline(const char* p, const char* end) {
  return static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
}
bool has_blank_run(const char* p, std::size_t n) { return scan_paths::simd_has_blank_run(p, n); }
#else
const char* find_newline(const char* p, const char* end) { return scan_paths::scalar_find_newline(p, end); }
bool has_blank_run(const char* p, std::size_t n) { return scan_paths::scalar_has_blank_run(p, n); }
#endif

}  // namespace backcare
