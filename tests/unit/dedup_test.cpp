#include "core/dedup.hpp"
#include "core/scan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

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

namespace {
// Reads lines as the journal reader does: each line to the filter, and on
// `widen` every earlier line handed back before asking again. Returns the
// lines read, in order.
std::vector<std::string> distinct(const std::vector<std::string>& lines, bool* went_wide = nullptr) {
  RepeatFilter f;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto h = line_hash(lines[i]);
    auto d = line_day(lines[i]);
    auto v = f.see(d, h);
    if (v == RepeatFilter::Verdict::widen) {
      f.widen(d);
      for (std::size_t j = 0; j < i; ++j) f.remember(line_day(lines[j]), line_hash(lines[j]));
      v = f.see(d, h);
      REQUIRE(v != RepeatFilter::Verdict::widen);
    }
    if (v == RepeatFilter::Verdict::fresh) out.push_back(lines[i]);
  }
  if (went_wide) *went_wide = f.wide();
  return out;
}

std::vector<std::string> first_of_each(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  std::vector<std::uint64_t> seen;
  for (const auto& l : lines) {
    auto h = line_hash(l);
    if (std::find(seen.begin(), seen.end(), h) == seen.end()) seen.push_back(h), out.push_back(l);
  }
  return out;
}
}  // namespace

TEST_CASE("a journal in date order keeps one day of hashes and drops repeats of that day", "[dedup]") {
  std::vector<std::string> lines = {"2026-01-01 pain 3", "2026-01-01  pain 3", "2026-01-01 pain 4",
                                    "2026-01-02 pain 3", "2026-01-02 pain 3\r", "2026-01-03 rest"};
  bool wide = true;
  CHECK(distinct(lines, &wide) == std::vector<std::string>{"2026-01-01 pain 3", "2026-01-01 pain 4",
                                                           "2026-01-02 pain 3", "2026-01-03 rest"});
  CHECK_FALSE(wide);
  RepeatFilter f;
  for (int d = 1; d <= 28; ++d)
    for (int k = 0; k < 5; ++k) f.see(line_day("2026-02-" + std::to_string(d)), line_hash(std::to_string(d * 10 + k)));
  CHECK(f.kept() == 5);  // the last day's lines only
}

TEST_CASE("a union-merged journal whose halves interleave out of order counts each line once", "[dedup]") {
  // Two machines' journals, each in date order, merged by a union merge:
  // stretches of one, then of the other, going back in time at each seam,
  // both holding some of the same lines.
  std::vector<std::string> a, b;
  for (int d = 1; d <= 20; ++d) {
    char day[16];
    std::snprintf(day, sizeof day, "2026-03-%02d", d);
    a.push_back(std::string(day) + " 07:00 session morning minutes=10");
    if (d % 3 == 0) b.push_back(std::string(day) + " 07:00 session morning minutes=10");  // synced
    b.push_back(std::string(day) + " 21:00 pain " + std::to_string(d % 10));
    if (d % 4 == 0) a.push_back(std::string(day) + "\t21:00 pain " + std::to_string(d % 10));  // synced, a tab
  }
  std::vector<std::string> merged;
  for (std::size_t i = 0; i < 40; i += 8) {  // stretches of 8 lines from each half in turn
    for (std::size_t j = i; j < i + 8 && j < a.size(); ++j) merged.push_back(a[j]);
    for (std::size_t j = i; j < i + 8 && j < b.size(); ++j) merged.push_back(b[j]);
  }
  REQUIRE(merged.size() == a.size() + b.size());
  bool wide = false;
  auto got = distinct(merged, &wide);
  CHECK(wide);
  CHECK(got == first_of_each(merged));
  CHECK(got.size() == 20 + 20);  // each session and each reading once
}

TEST_CASE("a repeat that comes far later, after many days, still counts once", "[dedup]") {
  std::vector<std::string> lines;
  for (int d = 1; d <= 28; ++d)
    for (int m = 1; m <= 12; ++m) {
      char day[16];
      std::snprintf(day, sizeof day, "2025-%02d-%02d", m, d);
      lines.push_back(std::string(day) + " pain " + std::to_string((d + m) % 10));
    }
  std::sort(lines.begin(), lines.end());
  lines.push_back(lines[3]);    // a year back
  lines.push_back(lines[100]);  // then forward again
  lines.push_back("2024-12-31 rest");
  lines.push_back(lines[0]);  // further back than before, then the first again
  lines.push_back("2024-12-31 rest");
  lines.push_back(lines[2]);
  auto got = distinct(lines);
  CHECK(got == first_of_each(lines));
  CHECK(got.size() == 28 * 12 + 1);
}

TEST_CASE("the line's day is its first token, blanks and a CR aside", "[dedup]") {
  CHECK(line_day("  2026-01-01\tpain 3").view() == "2026-01-01");
  CHECK(line_day("2026-1-1 x").view() == "2026-1-1");
  CHECK(line_day("2026-01-01\r").view() == "2026-01-01");
  CHECK(line_day("2026-01-01T07:00 x").view() == "2026-01-01");  // at most 10 bytes
  CHECK(line_day("2026-01-01 a") == line_day("2026-01-01\tb"));
  CHECK(line_day("2026-01-01") < line_day("2026-01-02"));
}

// line_day's fast path for a leading YYYY-MM-DD gives what its general
// loop gives: the first 10 bytes after leading blanks, up to a blank or CR.
TEST_CASE("line_day equals the plain loop on random lines, dates and near-dates", "[dedup][line_day]") {
  auto reference = [](std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string out;
    while (i < line.size() && out.size() < 10 && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') out += line[i++];
    return out;
  };
  const std::string alphabet = "0123456789-- \t\rTx";
  std::uint64_t state = 42;
  auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull, state >> 33; };
  int fast = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string line = n % 2 ? "2026-11-28" : "";
    for (std::size_t k = next() % 14; k > 0; --k) line += alphabet[next() % alphabet.size()];
    if (n % 3 == 0 && !line.empty()) line[next() % line.size()] = alphabet[next() % alphabet.size()];
    INFO(line);
    REQUIRE(std::string(line_day(line).view()) == reference(line));
    fast += line.size() >= 10 && line[4] == '-' && line[7] == '-';
  }
  CHECK(fast > 5000);
}

TEST_CASE("from the line's masks, line_hash and line_day give what they give from its bytes", "[dedup][masks]") {
  std::mt19937 rng(5);
  const std::string alphabet = "2026-11-28 session x=\"y  \t\r#\\é";
  int direct = 0;
  for (int n = 0; n < 30000; ++n) {
    std::string line = n % 2 ? "2026-11-28 10:00 session morning" : "";
    for (std::size_t k = rng() % 40; k > 0; --k) line += alphabet[rng() % alphabet.size()];
    if (n % 5 == 0) line.insert(0, " ");
    if (n % 7 == 0) line += " ";
    INFO(line);
    LineMasks m;
    line_masks(line.data(), line.size(), m);
    REQUIRE(line_hash(line, m) == line_hash(line));
    REQUIRE(line_day(line, m) == line_day(line));
    direct += !m.odd && !line.empty() && line[0] != ' ' && line.back() != ' ' && line.find("  ") == std::string::npos;
  }
  CHECK(direct > 2000);  // the masks' own path was taken often
}

TEST_CASE("LineDay's order and equality are those of its text", "[dedup][line_day]") {
  std::mt19937 rng(9);
  const std::string alphabet = "0129-aZ\x01\xff";
  auto token = [&] {
    std::string t;
    for (std::size_t k = rng() % 11; k > 0; --k) t += alphabet[rng() % alphabet.size()];
    return t;
  };
  for (int n = 0; n < 50000; ++n) {
    std::string a = token(), b = n % 3 ? token() : a.substr(0, rng() % (a.size() + 1));
    LineDay x = line_day(a), y = line_day(b);
    INFO(a << " | " << b);
    REQUIRE((x == y) == (x.view() == y.view()));
    REQUIRE((x < y) == (x.view() < y.view()));
    REQUIRE((y < x) == (y.view() < x.view()));
  }
}

TEST_CASE("the hash a scan makes on its way equals line_hash's own, line by line", "[dedup][masks]") {
  // scan_line (AVX2 where the processor has it) hashes the line's bytes as it
  // finds its end; line_hash finishes that hash. It must be the hash of the
  // bytes, whatever the length (around the 16- and 32-byte steps and 512).
  std::mt19937 rng(13);
  const std::string alphabet = "2026-11-28 session x=\"y abc";
  std::vector<decltype(&scan_line)> scans = {&scan_line, &scan_paths::scalar_scan_line, &scan_paths::simd_scan_line};
  if (scan_paths::avx2_available()) scans.push_back(&scan_paths::avx2_scan_line);
  int hashed = 0;
  for (int rep = 0; rep < 4000; ++rep) {
    std::string buf;
    for (int k = 0; k < 5; ++k) {
      std::size_t len = rep % 4 == 0 ? 500 + rng() % 20 : rng() % 100;
      for (std::size_t j = 0; j < len; ++j) buf += alphabet[rng() % alphabet.size()];
      if (k < 4 || rep % 2) buf += '\n';
    }
    std::unique_ptr<char[]> own(new char[buf.size()]);
    buf.copy(own.get(), buf.size());
    for (auto scan : scans) {
      const char* p = own.get();
      const char* end = p + buf.size();
      while (p < end) {
        LineMasks m;
        bool masked = false;
        const char* nl = scan(p, end, m, masked);
        const std::string_view line(p, static_cast<std::size_t>((nl ? nl : end) - p));
        INFO(line);
        if (masked) {
          REQUIRE(line_hash(line, m) == line_hash(line));
          hashed += m.hashed;
        }
        p = nl ? nl + 1 : end;
      }
    }
  }
  if (scan_paths::avx2_available()) CHECK(hashed > 5000);
}
