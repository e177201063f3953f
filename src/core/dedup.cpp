#include "core/dedup.hpp"

#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace backcare {
namespace {

inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// Hashes the bytes of a line that has nothing to collapse, in two lanes of
// 8-byte words, each word multiplied by an odd constant and added to its
// lane after a rotation (the multiplications stay off the chain from word
// to word), then splitmix64's finaliser. Returns 0 when it meets a tab or
// two spaces in a row: then the caller hashes the line's normal form
// instead. Not for adversaries; a journal is the user's own text.
std::uint64_t hash_plain(const char* p, std::size_t n) {
  constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xc2b2ae3d27d4eb4full;
  std::uint64_t a = 0x243f6a8885a308d3ull ^ (n * k2), b = 0x13198a2e03707344ull;
  auto block = [&](const char* q) {
    a = rotl(a, 23) + load8(q) * k1;
    b = rotl(b, 29) + load8(q + 8) * k2;
  };
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    bool prev_space = false;
    auto plain = [&](const char* q) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)));
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab)) || (spaces & (spaces >> 1)) || (prev_space && (spaces & 1u)))
        return false;
      prev_space = spaces >> 15;
      return true;
    };
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      if (!plain(p + i)) return 0;
      block(p + i);
    }
    if (i < n) {
      // The last 16 bytes, overlapping the block before: a pair of spaces
      // across the seam lies within them.
      prev_space = false;
      if (!plain(p + n - 16)) return 0;
      block(p + n - 16);
    }
  } else
#endif
  {
    char tail[16] = {};
    bool prev_space = false;
    for (std::size_t j = 0; j < n; ++j) {
      if (p[j] == '\t') return 0;
      bool space = p[j] == ' ';
      if (space && prev_space) return 0;
      prev_space = space;
    }
    // Lines of 16 bytes or more without SSE2: whole blocks, then the rest.
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) block(p + i);
    for (std::size_t j = i; j < n; ++j) tail[j - i] = p[j];
    if (i < n || n == 0) block(tail);
  }
  std::uint64_t h = a ^ rotl(b, 32);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
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

bool LineSet::insert(std::uint64_t h) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return false;
    if (slots_[i] == 0) {
      slots_[i] = h;
      ++size_;
      return true;
    }
  }
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
  slots_.assign(to ? to : old.empty() ? 1024 : old.size() * 2, 0);
  std::size_t mask = slots_.size() - 1;
  for (auto h : old) {
    if (h == 0) continue;
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = h;
  }
}

}  // namespace backcare
