#include "core/scan.hpp"

#include <cstring>

#if BACKCARE_SIMD && defined(__SSE2__)
#define BACKCARE_SCAN_SSE2 1
#include <emmintrin.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// AVX2, chosen at run time where the processor has it, for the two passes
// every line goes through (scan_line, line_end); SSE2 otherwise.
#define BACKCARE_SCAN_AVX2 1
#include <immintrin.h>
#if __has_include(<sys/platform/x86.h>) && !defined(__clang__)
// glibc's view of the processor, read once by the dynamic loader: no cpuid
// at start-up (in a virtual machine each one is a trip to the hypervisor).
// The header is C (its _Bool); g++ takes it, clang++ 14 does not, and a
// clang build asks libgcc instead.
#include <sys/platform/x86.h>
#define BACKCARE_GLIBC_X86 1
#endif
#else
#define BACKCARE_SCAN_AVX2 0
#endif
#else
#define BACKCARE_SCAN_AVX2 0
#define BACKCARE_SCAN_SSE2 0
#endif

namespace backcare {
namespace scan_paths {

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

namespace {
inline void byte_bits(LineMasks& m, std::size_t i, unsigned char c) {
  if (i % 64 == 0) m.space[i / 64] = m.equals[i / 64] = m.quote[i / 64] = 0;
  const std::uint64_t bit = std::uint64_t{1} << (i % 64);
  if (c == ' ') m.space[i / 64] |= bit;
  else if (c == '=') m.equals[i / 64] |= bit;
  else if (c == '"') m.quote[i / 64] |= bit;
  else if (c < 0x20 || c == '#' || c == '\\') m.odd = true;
  else if (c >= 0x7f) m.high = true;
}

// scan_line from byte i on, byte by byte (the start of a line, or what a
// SIMD path leaves: a tail shorter than its block, or the rest of a line
// past the limit): the bits of the bytes up to the limit, then the newline
// by memchr.
const char* scan_rest(const char* p, std::size_t i, std::size_t n, LineMasks& m, bool& masked) {
  for (; i < n && i < kMaskedLine; ++i) {
    if (p[i] == '\n') {
      masked = true;
      return p + i;
    }
    byte_bits(m, i, static_cast<unsigned char>(p[i]));
  }
  if (i == n) {  // the bytes end within the limit
    masked = true;
    return nullptr;
  }
  const auto* q = static_cast<const char*>(std::memchr(p + i, '\n', n - i));
  masked = q == p + kMaskedLine;  // a line of exactly the limit
  return q;
}

// line_end from p on, byte by byte.
const char* line_end_rest(const char* p, const char* end, LineMasks& m) {
  for (; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') return p;
    if (c < 0x20 || c >= 0x7f) m.odd = m.high = true;
  }
  return nullptr;
}
}  // namespace

void scalar_line_masks(const char* p, std::size_t n, LineMasks& m) {
  m.odd = m.high = false;
  m.bits = true;
  m.hashed = false;
  for (std::size_t i = 0; i < n; ++i) byte_bits(m, i, static_cast<unsigned char>(p[i]));
}

const char* scalar_scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  m.odd = m.high = false;
  m.bits = true;
  m.hashed = false;
  return scan_rest(p, 0, static_cast<std::size_t>(end - p), m, masked);
}

const char* scalar_line_end(const char* p, const char* end, LineMasks& m) {
  m.bits = m.hashed = false;
  m.odd = m.high = false;
  return line_end_rest(p, end, m);
}

const char* scalar_skip_plain_ascii(const char* p, const char* end) {
  while (p < end && static_cast<unsigned char>(*p) >= 0x20 && static_cast<unsigned char>(*p) < 0x7f) ++p;
  return p;
}

bool scalar_id_list(const char* p, std::size_t n) {
  std::size_t len = 0;  // of the id so far
  for (std::size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (c == ',') {
      if (len == 0) return false;
      len = 0;
      continue;
    }
    const bool lead = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!lead && (c != '-' && c != '_')) return false;
    if ((len == 0 && !lead) || ++len > 64) return false;
  }
  return len > 0;
}

#if BACKCARE_SCAN_SSE2
bool simd_available() { return true; }

bool simd_id_list(const char* p, std::size_t n) {
  if (n < 16) return scalar_id_list(p, n);
  auto in = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  std::size_t last = 0;    // where the current id starts
  unsigned after = 1;      // bit 0: the block's first byte starts an id
  auto block = [&](std::size_t at, unsigned fresh) {  // fresh: the bits of bytes not seen yet
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i dash = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const auto lead = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(in(v, 'a', 'z'), in(v, '0', '9'))));
    const auto dashes = static_cast<unsigned>(_mm_movemask_epi8(dash));
    const auto commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')))) & fresh;
    if (((lead | dashes | commas) & fresh) != fresh) return false;  // a byte that is none of them
    // The bytes that start an id: the first of the list, or after a comma.
    const unsigned starts = ((commas << 1) | after) & fresh;
    if (starts & (commas | dashes)) return false;  // an empty id, or one starting with '-' or '_'
    if (commas) {
      // Commas in one block are under 16 apart: only the first can end an id that is too long.
      if (at + static_cast<std::size_t>(__builtin_ctz(commas)) - last > 64) return false;
      last = at + static_cast<std::size_t>(31 - __builtin_clz(commas)) + 1;
    }
    after = (commas >> 15) & 1u;
    return true;
  };
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    if (!block(i, 0xffffu)) return false;
  }
  if (i < n) {
    // The last 16 bytes, overlapping: only those from i on are new, and
    // their bits are shifted down to start at bit 0 of the block at n - 16.
    const unsigned drop = static_cast<unsigned>(16 - (n - i));
    after <<= drop;
    if (!block(n - 16, 0xffffu << drop & 0xffffu)) return false;
  }
  return n - last >= 1 && n - last <= 64;
}

namespace {
// The masks of the 16 bytes at q, each a 16-bit movemask.
struct Block {
  unsigned space, equals, quote, odd, high;
};
inline Block block_at(const char* q) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
  // Signed compares: bytes from 0x80 up are negative, so below ' ' too.
  const auto low = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(' '))));
  const auto neg = static_cast<unsigned>(_mm_movemask_epi8(v));
  const __m128i sym = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  Block b;
  b.space = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
  b.equals = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('='))));
  b.quote = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
  b.odd = (low & ~neg) | static_cast<unsigned>(_mm_movemask_epi8(sym));
  b.high = neg | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))));
  return b;
}
// Stores the 16 bytes' bits at byte `at` (a multiple of 16, so a block
// never straddles two words; the first block of a word overwrites it).
inline void put(LineMasks& m, std::size_t at, const Block& b, unsigned keep) {
  const std::size_t w = at / 64, sh = at % 64;
  const auto sp = static_cast<std::uint64_t>(b.space & keep) << sh;
  const auto eq = static_cast<std::uint64_t>(b.equals & keep) << sh;
  const auto qt = static_cast<std::uint64_t>(b.quote & keep) << sh;
  if (sh == 0) {
    m.space[w] = sp, m.equals[w] = eq, m.quote[w] = qt;
  } else {
    m.space[w] |= sp, m.equals[w] |= eq, m.quote[w] |= qt;
  }
  m.odd |= (b.odd & keep) != 0;
  m.high |= (b.high & keep) != 0;
}
}  // namespace

void simd_line_masks(const char* p, std::size_t n, LineMasks& m) {
  if (n < 16) return scalar_line_masks(p, n, m);
  m.odd = m.high = false;
  m.bits = true;
  m.hashed = false;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) put(m, i, block_at(p + i), 0xffffu);
  if (i < n) {
    // The last 16 bytes, overlapping the block before: only the bits of
    // the bytes from i on are new.
    const unsigned fresh = static_cast<unsigned>(n - i);  // 1 to 15
    Block b = block_at(p + n - 16);
    const unsigned drop = 16 - fresh;
    b.space >>= drop, b.equals >>= drop, b.quote >>= drop, b.odd >>= drop, b.high >>= drop;
    put(m, i, b, (1u << fresh) - 1);
  }
}

const char* simd_scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  const auto n = static_cast<std::size_t>(end - p);
  m.bits = true;
  m.hashed = false;
  const __m128i nlv = _mm_set1_epi8('\n'), spv = _mm_set1_epi8(' '), eqv = _mm_set1_epi8('='),
                qtv = _mm_set1_epi8('"'), hashv = _mm_set1_epi8('#'), bsv = _mm_set1_epi8('\\'),
                delv = _mm_set1_epi8(0x7f);
  unsigned odd = 0, high = 0;
  std::size_t i = 0;
  // A word (64 bytes, four blocks of 16) at a time, built in registers.
  while (i + 16 <= n && i < kMaskedLine) {
    std::uint64_t sp = 0, eq = 0, qt = 0;
    const std::size_t w = i / 64;
    for (unsigned k = 0; k < 4 && i + 16 <= n; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const auto nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nlv)));
      const unsigned keep = nl ? (nl & (0u - nl)) - 1 : 0xffffu;
      // Signed compare: bytes from 0x80 up are negative, so below ' ' too.
      const __m128i rare = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, spv), _mm_cmpeq_epi8(v, delv)),
                                        _mm_or_si128(_mm_cmpeq_epi8(v, hashv), _mm_cmpeq_epi8(v, bsv)));
      if (const unsigned r = static_cast<unsigned>(_mm_movemask_epi8(rare)) & keep) {
        // Which: a byte from 0x7f up needs the UTF-8 check, the others the general path.
        const auto neg = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, delv))));
        high |= r & neg;
        odd |= r & ~neg;
      }
      const unsigned sh = 16 * k;
      sp |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, spv))) & keep) << sh;
      eq |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, eqv))) & keep) << sh;
      qt |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, qtv))) & keep) << sh;
      if (nl) {
        m.space[w] = sp, m.equals[w] = eq, m.quote[w] = qt;
        m.odd = odd != 0, m.high = high != 0;
        masked = true;  // i < kMaskedLine: the line is shorter
        return p + i + static_cast<std::size_t>(__builtin_ctz(nl));
      }
    }
    m.space[w] = sp, m.equals[w] = eq, m.quote[w] = qt;
  }
  m.odd = odd != 0, m.high = high != 0;
  return scan_rest(p, i, n, m, masked);
}

const char* simd_line_end(const char* p, const char* end, LineMasks& m) {
  m.bits = m.hashed = false;
  m.odd = m.high = false;
  const __m128i spv = _mm_set1_epi8(' '), delv = _mm_set1_epi8(0x7f);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Below ' ' (signed: from 0x80 up too, and the newline) or 0x7f.
    const auto bad = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, spv), _mm_cmpeq_epi8(v, delv))));
    if (!bad) continue;
    const char* q = p + __builtin_ctz(bad);
    if (*q == '\n') return q;
    m.odd = m.high = true;  // not printable ASCII: the newline by memchr
    return static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(end - q)));
  }
  return line_end_rest(p, end, m);
}

const char* simd_skip_plain_ascii(const char* p, const char* end) {
  const __m128i space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f);
  for (; end - p >= 16; p += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del));
    if (int bits = _mm_movemask_epi8(bad)) return p + __builtin_ctz(static_cast<unsigned>(bits));
  }
  return scalar_skip_plain_ascii(p, end);
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
#if BACKCARE_SCAN_AVX2
bool avx2_available() {
#if defined(BACKCARE_GLIBC_X86)
  return CPU_FEATURE_ACTIVE(AVX2);
#else
  return __builtin_cpu_supports("avx2");
#endif
}

// The bytes 0..t-1 kept, the rest cleared: the 32 bytes from kKeep + 32 - t.
alignas(64) constexpr unsigned char kKeep[64] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

__attribute__((target("avx2"))) const char* avx2_scan_line(const char* p, const char* end, LineMasks& m,
                                                             bool& masked) {
  using namespace line_hashing;
  const auto n = static_cast<std::size_t>(end - p);
  m.bits = true;
  m.hashed = false;
  const __m256i nlv = _mm256_set1_epi8('\n'), spv = _mm256_set1_epi8(' '), eqv = _mm256_set1_epi8('='),
                qtv = _mm256_set1_epi8('"'), hashv = _mm256_set1_epi8('#'), bsv = _mm256_set1_epi8('\\'),
                delv = _mm256_set1_epi8(0x7f);
  std::uint32_t odd = 0, high = 0;
  std::uint64_t ha = kA, hb = kB;  // the line's hash, as hash_bytes builds it
  auto hash_half = [&](__m128i h) {
    step(ha, hb, static_cast<std::uint64_t>(_mm_cvtsi128_si64(h)),
         static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(h, h))));
  };
  std::size_t i = 0;
  // A word (64 bytes, two blocks of 32) at a time, built in registers.
  while (i + 32 <= n && i < kMaskedLine) {
    std::uint64_t sp = 0, eq = 0, qt = 0;
    const std::size_t w = i / 64;
    for (unsigned k = 0; k < 2 && i + 32 <= n; ++k, i += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
      const auto nl = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nlv)));
      const std::uint32_t keep = nl ? (nl & (0u - nl)) - 1 : 0xffffffffu;
      // Signed: bytes from 0x80 up are negative, so below ' ' too.
      const __m256i rare = _mm256_or_si256(_mm256_or_si256(_mm256_cmpgt_epi8(spv, v), _mm256_cmpeq_epi8(v, delv)),
                                           _mm256_or_si256(_mm256_cmpeq_epi8(v, hashv), _mm256_cmpeq_epi8(v, bsv)));
      if (const std::uint32_t r = static_cast<std::uint32_t>(_mm256_movemask_epi8(rare)) & keep) {
        const auto neg =
            static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(v, _mm256_cmpeq_epi8(v, delv))));
        high |= r & neg;
        odd |= r & ~neg;
      }
      const unsigned sh = 32 * k;
      sp |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, spv))) & keep)
            << sh;
      eq |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, eqv))) & keep)
            << sh;
      qt |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, qtv))) & keep)
            << sh;
      if (nl) {
        // The line ends in this block: its t bytes here, zero-padded, in
        // as many 16-byte steps as they fill (none when t is 0).
        const auto t = static_cast<std::size_t>(__builtin_ctz(nl));
        const __m256i kept =
            _mm256_and_si256(v, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kKeep + 32 - t)));
        if (t > 0) hash_half(_mm256_castsi256_si128(kept));
        if (t > 16) hash_half(_mm256_extracti128_si256(kept, 1));
        m.space[w] = sp, m.equals[w] = eq, m.quote[w] = qt;
        m.odd = odd != 0, m.high = high != 0;
        m.hashed = i + t > 0;  // an empty line is hashed by hash_bytes
        m.hash_a = ha, m.hash_b = hb;
        masked = true;  // i < kMaskedLine: the line is shorter
        return p + i + t;
      }
      hash_half(_mm256_castsi256_si128(v));
      hash_half(_mm256_extracti128_si256(v, 1));
    }
    m.space[w] = sp, m.equals[w] = eq, m.quote[w] = qt;
  }
  m.odd = odd != 0, m.high = high != 0;
  const char* q = scan_rest(p, i, n, m, masked);
  if (i == kMaskedLine && q == p + kMaskedLine) {  // all 512 bytes hashed in whole steps
    m.hashed = true;
    m.hash_a = ha, m.hash_b = hb;
  }
  return q;  // a shorter tail is left to hash_bytes
}

__attribute__((target("avx2"))) const char* avx2_line_end(const char* p, const char* end, LineMasks& m) {
  m.bits = m.hashed = false;
  m.odd = m.high = false;
  const __m256i spv = _mm256_set1_epi8(' '), delv = _mm256_set1_epi8(0x7f);
  for (; end - p >= 32; p += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const auto bad = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpgt_epi8(spv, v), _mm256_cmpeq_epi8(v, delv))));
    if (!bad) continue;
    const char* q = p + __builtin_ctz(bad);
    if (*q == '\n') return q;
    m.odd = m.high = true;
    return static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(end - q)));
  }
  return line_end_rest(p, end, m);
}
#else
bool avx2_available() { return false; }
const char* avx2_scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  return simd_scan_line(p, end, m, masked);
}
const char* avx2_line_end(const char* p, const char* end, LineMasks& m) { return simd_line_end(p, end, m); }
#endif
#else
bool simd_available() { return false; }
bool avx2_available() { return false; }
const char* avx2_scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  return scalar_scan_line(p, end, m, masked);
}
const char* avx2_line_end(const char* p, const char* end, LineMasks& m) { return scalar_line_end(p, end, m); }
bool simd_has_blank_run(const char* p, std::size_t n) { return scalar_has_blank_run(p, n); }
void simd_line_masks(const char* p, std::size_t n, LineMasks& m) { scalar_line_masks(p, n, m); }
const char* simd_scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  return scalar_scan_line(p, end, m, masked);
}
const char* simd_line_end(const char* p, const char* end, LineMasks& m) { return scalar_line_end(p, end, m); }
const char* simd_skip_plain_ascii(const char* p, const char* end) { return scalar_skip_plain_ascii(p, end); }
bool simd_id_list(const char* p, std::size_t n) { return scalar_id_list(p, n); }
#endif

}  // namespace scan_paths

#if BACKCARE_SCAN_SSE2
bool has_blank_run(const char* p, std::size_t n) { return scan_paths::simd_has_blank_run(p, n); }
void line_masks(const char* p, std::size_t n, LineMasks& m) { scan_paths::simd_line_masks(p, n, m); }
// The widest path the processor runs, chosen once.
const char* scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  static const auto path = scan_paths::avx2_available() ? &scan_paths::avx2_scan_line : &scan_paths::simd_scan_line;
  return path(p, end, m, masked);
}
const char* line_end(const char* p, const char* end, LineMasks& m) {
  static const auto path = scan_paths::avx2_available() ? &scan_paths::avx2_line_end : &scan_paths::simd_line_end;
  return path(p, end, m);
}
const char* skip_plain_ascii(const char* p, const char* end) { return scan_paths::simd_skip_plain_ascii(p, end); }
bool id_list(const char* p, std::size_t n) { return scan_paths::simd_id_list(p, n); }
#else
bool has_blank_run(const char* p, std::size_t n) { return scan_paths::scalar_has_blank_run(p, n); }
void line_masks(const char* p, std::size_t n, LineMasks& m) { scan_paths::scalar_line_masks(p, n, m); }
const char* scan_line(const char* p, const char* end, LineMasks& m, bool& masked) {
  return scan_paths::scalar_scan_line(p, end, m, masked);
}
const char* line_end(const char* p, const char* end, LineMasks& m) { return scan_paths::scalar_line_end(p, end, m); }
const char* skip_plain_ascii(const char* p, const char* end) { return scan_paths::scalar_skip_plain_ascii(p, end); }
bool id_list(const char* p, std::size_t n) { return scan_paths::scalar_id_list(p, n); }
#endif

}  // namespace backcare
