#include "core/scan.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>

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

TEST_CASE("both scan paths find the same line end", "[scan]") {
  INFO("SIMD path built: " << simd_available());
  std::mt19937 rng(7);
  for (std::size_t n = 0; n < 80; ++n)
    for (int rep = 0; rep < 20; ++rep) {
      std::string s = random_text(rng, n, "abcdefgh ijk\t\r");
      if (n && rep % 2) s[rng() % n] = '\n';
      in_own_buffer(s, [&](const char* p, std::size_t size) {
        const char* want = nullptr;
        for (std::size_t i = 0; i < size && !want; ++i)
          if (p[i] == '\n') want = p + i;
        CHECK(scalar_find_newline(p, p + size) == want);
        CHECK(simd_find_newline(p, p + size) == want);
        CHECK(find_newline(p, p + size) == want);
      });
    }
}

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
