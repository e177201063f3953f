#include "core/dedup.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace backcare;

TEST_CASE("lines equal after trimming and collapsing blanks hash alike", "[dedup]") {
  auto h = line_hash("2026-11-28 pain 3 where=neck");
  CHECK(line_hash("  2026-11-28\tpain   3 where=neck  ") == h);
  CHECK(line_hash("2026-11-28 pain 3 where=neck\r") == h);
  CHECK(line_hash("2026-11-28 pain 4 where=neck") != h);
  CHECK(line_hash("2026-11-28 pain 3 wh ere=neck") != h);
  CHECK(line_hash("") != 0);
}

TEST_CASE("the line set tells new lines from repeated ones, across growth", "[dedup]") {
  LineSet set;
  for (int i = 0; i < 5000; ++i) CHECK(set.insert(line_hash("line " + std::to_string(i))));
  for (int i = 0; i < 5000; ++i) CHECK_FALSE(set.insert(line_hash("line " + std::to_string(i))));
  CHECK(set.size() == 5000);
}

namespace {
// The normal form of SPEC §3, spelled out the slow way.
std::string normal_form(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::size_t i = 0, n = s.size();
  while (i < n && blank(s[i])) ++i;
  while (n > i && blank(s[n - 1])) --n;
  std::string out;
  bool gap = false;
  for (; i < n; ++i) {
    if (s[i] == ' ' || s[i] == '\t') {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += s[i];
  }
  return out;
}
}  // namespace

TEST_CASE("the hash depends on the normal form only, whatever the length", "[dedup]") {
  // Random lines of blanks and a few letters, of every length around the
  // 16-byte blocks the hash takes.
  std::uint64_t x = 88172645463325252ull;
  auto rnd = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  const char alphabet[] = {' ', ' ', '\t', '\r', 'a', 'b', '=', '"'};
  for (int i = 0; i < 20000; ++i) {
    std::string s(rnd() % 70, ' ');
    for (auto& c : s) c = alphabet[rnd() % sizeof alphabet];
    std::string n = normal_form(s);
    INFO('[' << s << "] -> [" << n << ']');
    CHECK(line_hash(s) == line_hash(n));
    // One byte changed in the normal form changes the hash.
    if (!n.empty()) {
      std::string m = n;
      std::size_t at = rnd() % m.size();
      m[at] = m[at] == 'a' ? 'b' : 'a';
      if (normal_form(m) != n) CHECK(line_hash(m) != line_hash(n));
    }
  }
}

TEST_CASE("contains and reserve", "[dedup]") {
  LineSet set;
  CHECK_FALSE(set.contains(42));
  set.reserve(10000);
  for (std::uint64_t h = 1; h <= 10000; ++h) CHECK(set.insert(h * 0x9e3779b97f4a7c15ull | 1));
  for (std::uint64_t h = 1; h <= 10000; ++h) CHECK(set.contains(h * 0x9e3779b97f4a7c15ull | 1));
  CHECK_FALSE(set.contains(2));
  CHECK(set.size() == 10000);
}
