#include "core/dedup.hpp"

namespace backcare {

std::uint64_t line_hash(std::string_view line) {
  // FNV-1a over the normalized bytes, then a final mix (splitmix64).
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto feed = [&](unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ull;
  };
  std::size_t i = 0, n = line.size();
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (i < n && blank(line[i])) ++i;
  while (n > i && blank(line[n - 1])) --n;
  bool in_blank = false;
  for (; i < n; ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      in_blank = true;
      continue;
    }
    if (in_blank) {
      feed(' ');
      in_blank = false;
    }
    feed(static_cast<unsigned char>(c));
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
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

void LineSet::grow() {
  std::vector<std::uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  std::size_t mask = slots_.size() - 1;
  for (auto h : old) {
    if (h == 0) continue;
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = h;
  }
}

}  // namespace backcare
