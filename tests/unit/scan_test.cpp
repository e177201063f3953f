#include "core/scan.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace backcare;
using namespace backcare::scan_paths;

namespace {
// Each case in a buffer of its own exact size, so that a read past its end
// shows under ASan.
template <class F>
void in_own_buffer(const std::string& s, F&& f) {
  std::unique_ptr<char[]> b(new char[s.size() ? s.size() : 1]);
  s.copy(b.get(), s.size());
  f(b.get(), s.size());
}

std::string random_text(std::mt19937& rng, std::size_t n, const char* alphabet) {
  std::string s;
  std::size_t k = std::char_traits<char>::length(alphabet);
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng() % k];
  return s;
}
}  // namespace

TEST_CASE("both scan paths tell a line with a tab or two spaces in a row", "[scan]") {
  std::mt19937 rng(11);
  for (std::size_t n = 0; n < 70; ++n)
    for (int rep = 0; rep < 40; ++rep) {
      std::string s = random_text(rng, n, rep % 4 ? "abcdefghijklmnop " : "abc \t");
      bool want = s.find('\t') != std::string::npos || s.find("  ") != std::string::npos;
      in_own_buffer(s, [&](const char* p, std::size_t size) {
        CHECK(scalar_has_blank_run(p, size) == want);
        CHECK(simd_has_blank_run(p, size) == want);
        CHECK(has_blank_run(p, size) == want);
      });
    }
  // Across the seams of the 16-byte blocks.
  for (std::size_t at = 0; at + 1 < 40; ++at) {
    std::string s(40, 'x');
    s[at] = s[at + 1] = ' ';
    CHECK(simd_has_blank_run(s.data(), s.size()));
    CHECK(scalar_has_blank_run(s.data(), s.size()));
  }
}

namespace {
// The masks a line should have, byte by byte.
struct Want {
  std::string space, equals, quote;  // one '1' or '0' a byte
  bool odd = false, high = false;
};
Want want_of(std::string_view s) {
  Want w;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    w.space += c == ' ' ? '1' : '0';
    w.equals += c == '=' ? '1' : '0';
    w.quote += c == '"' ? '1' : '0';
    if (c < 0x20 || c == '#' || c == '\\') w.odd = true;
    if (c >= 0x7f) w.high = true;
  }
  return w;
}
std::string bits_of(const std::uint64_t* words, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (words[i / 64] >> (i % 64)) & 1 ? '1' : '0';
  return out;
}
// Bits past the line's end in its last word must be clear.
bool clear_past(const std::uint64_t* words, std::size_t n) {
  if (n % 64 == 0) return true;
  return (words[n / 64] >> (n % 64)) == 0;
}
void check_masks(const LineMasks& m, std::string_view line) {
  Want w = want_of(line);
  CHECK(bits_of(m.space, line.size()) == w.space);
  CHECK(bits_of(m.equals, line.size()) == w.equals);
  CHECK(bits_of(m.quote, line.size()) == w.quote);
  CHECK(clear_past(m.space, line.size()));
  CHECK(clear_past(m.equals, line.size()));
  CHECK(clear_past(m.quote, line.size()));
  CHECK(m.odd == w.odd);
  CHECK(m.high == w.high);
}
// Journal-like bytes: the characters the parser cares about, and the odd ones.
constexpr const char* kLineBytes = "2026-01-05 session minutes=3 note=\"ab c\" \t#\\\r\x01\x7f\xc3\xa9\xff,";
}  // namespace

TEST_CASE("both scan paths give a line's masks and its end in one pass", "[scan][masks]") {
  INFO("SIMD path built: " << simd_available() << ", AVX2 run: " << avx2_available());
  std::mt19937 rng(19);
  for (int rep = 0; rep < 6000; ++rep) {
    // Lines around the sizes that matter: blocks of 16, words of 64, the 512 limit.
    std::size_t n = rep % 3 == 0 ? rng() % 40 : rep % 3 == 1 ? rng() % 200 : 480 + rng() % 70;
    std::string s = random_text(rng, n, rep % 5 ? "abc =\"" : kLineBytes);
    // A newline somewhere, or none; at times a second one after it.
    const bool has_nl = n && rep % 4 != 0;
    if (has_nl) s[rng() % n] = '\n';
    if (has_nl && rep % 7 == 0) s[rng() % n] = '\n';
    in_own_buffer(s, [&](const char* p, std::size_t size) {
      const char* want_end = nullptr;
      for (std::size_t i = 0; i < size && !want_end; ++i)
        if (p[i] == '\n') want_end = p + i;
      const std::size_t len = want_end ? static_cast<std::size_t>(want_end - p) : size;
      const std::string_view line(p, len);
      const bool want_masked = len <= kMaskedLine;
      INFO("size " << size << ", line " << len);
      std::vector<decltype(&scan_line)> scans = {&scalar_scan_line, &simd_scan_line, &scan_line};
      if (avx2_available()) scans.push_back(&avx2_scan_line);
      for (auto scan : scans) {
        LineMasks m;
        bool masked = !want_masked;
        CHECK(scan(p, p + size, m, masked) == want_end);
        CHECK(masked == want_masked);
        if (masked && want_masked) check_masks(m, line);
      }
      if (want_masked)
        for (auto make : {&scalar_line_masks, &simd_line_masks, &line_masks}) {
          LineMasks m;
          make(p, len, m);
          check_masks(m, line);
        }
    });
  }
}

TEST_CASE("a line of exactly 512 bytes is masked, one of 513 is not", "[scan][masks]") {
  for (std::size_t n : {511u, 512u, 513u, 1000u})
    for (bool newline : {false, true}) {
      std::string s(n, 'a');
      s[n / 2] = ' ';
      if (newline) s += "\nnext";
      in_own_buffer(s, [&](const char* p, std::size_t size) {
        std::vector<decltype(&scan_line)> scans = {&scalar_scan_line, &simd_scan_line};
        if (avx2_available()) scans.push_back(&avx2_scan_line);
        for (auto scan : scans) {
          LineMasks m;
          bool masked = false;
          const char* end = scan(p, p + size, m, masked);
          CHECK(end == (newline ? p + n : nullptr));
          CHECK(masked == (n <= kMaskedLine));
          if (masked) check_masks(m, std::string_view(p, n));
        }
      });
    }
}

TEST_CASE("both paths tell the printable ASCII stretch", "[scan]") {
  std::mt19937 rng(23);
  for (int rep = 0; rep < 3000; ++rep) {
    std::string s = random_text(rng, rng() % 90, rep % 3 ? "abcdef gh=\"" : kLineBytes);
    in_own_buffer(s, [&](const char* p, std::size_t size) {
      const char* want = p;
      while (want < p + size && static_cast<unsigned char>(*want) >= 0x20 && static_cast<unsigned char>(*want) < 0x7f)
        ++want;
      CHECK(scalar_skip_plain_ascii(p, p + size) == want);
      CHECK(simd_skip_plain_ascii(p, p + size) == want);
      CHECK(skip_plain_ascii(p, p + size) == want);
    });
  }
}

TEST_CASE("both paths tell a list of ids as is_id would, id by id", "[scan][id_list]") {
  // The reference: split at commas, each piece an id of 1-64 characters.
  auto reference = [](std::string_view s) {
    if (s.empty()) return false;
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = s.find(',', start);
      std::string_view id = s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (id.empty() || id.size() > 64) return false;
      if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9'))) return false;
      for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
      if (comma == std::string_view::npos) return true;
      start = comma + 1;
    }
  };
  std::mt19937 rng(29);
  int yes = 0;
  for (int rep = 0; rep < 20000; ++rep) {
    std::string s;
    const int ids = static_cast<int>(rng() % 6);
    for (int k = 0; k < ids; ++k) {
      if (k) s += ',';
      // Lengths around the limit of 64 and the 16-byte blocks.
      std::size_t len = rep % 3 == 0 ? 60 + rng() % 8 : 1 + rng() % 20;
      s += random_text(rng, len, rep % 4 ? "abcz09-_" : "abz0-_,A. ");
    }
    if (rep % 9 == 0 && !s.empty()) s[rng() % s.size()] = ",-_a"[rng() % 4];
    const bool want = reference(s);
    yes += want;
    INFO(s);
    in_own_buffer(s, [&](const char* p, std::size_t size) {
      CHECK(scalar_id_list(p, size) == want);
      CHECK(simd_id_list(p, size) == want);
      CHECK(id_list(p, size) == want);
    });
  }
  CHECK(yes > 4000);
  CHECK(yes < 16000);
}

TEST_CASE("both paths find the line's end and tell a line of printable ASCII", "[scan][line_end]") {
  std::mt19937 rng(31);
  for (int rep = 0; rep < 6000; ++rep) {
    std::size_t n = rng() % 120;
    std::string s = random_text(rng, n, rep % 3 ? "abc =\"#\\" : kLineBytes);
    if (n && rep % 4) s[rng() % n] = '\n';
    in_own_buffer(s, [&](const char* p, std::size_t size) {
      const char* want_end = nullptr;
      for (std::size_t i = 0; i < size && !want_end; ++i)
        if (p[i] == '\n') want_end = p + i;
      bool printable = true;
      for (const char* q = p; q < (want_end ? want_end : p + size); ++q)
        printable = printable && static_cast<unsigned char>(*q) >= 0x20 && static_cast<unsigned char>(*q) < 0x7f;
      std::vector<decltype(&line_end)> finds = {&scalar_line_end, &simd_line_end, &line_end};
      if (avx2_available()) finds.push_back(&avx2_line_end);
      for (auto find : finds) {
        LineMasks m;
        m.bits = true;
        CHECK(find(p, p + size, m) == want_end);
        CHECK_FALSE(m.bits);
        CHECK(m.odd == !printable);
        CHECK(m.high == !printable);
      }
    });
  }
}
