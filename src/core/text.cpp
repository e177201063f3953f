#include "core/text.hpp"

#include <algorithm>

namespace backcare {

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // skip an escape sequence: ESC [ ... letter
      while (i < s.size() && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) ++i;
      continue;
    }
    if ((c & 0xc0) != 0x80) ++w;
  }
  return w;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
  return out;
}

std::string plural(long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

namespace {

// The length of the escape sequence at s[i] (ESC, then up to and with a
// letter), as display_width skips it.
std::size_t escape_length(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && !((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z'))) ++j;
  return std::min(j + 1, s.size()) - i;
}

}  // namespace

// Linear in the text: each byte is copied once and each width counted
// once. (It cut long words by copying the rest of the line at each cut,
// which took 11 s for a 1.3 MB word.)
std::vector<std::string> wrap_text(std::string_view text, std::size_t width, std::string_view indent) {
  std::vector<std::string> lines;
  const std::size_t indent_w = display_width(indent);
  std::string line;
  std::size_t line_w = 0;
  bool words = false;  // the line holds a word
  auto flush = [&] {
    lines.push_back(std::move(line));
    line = std::string(indent);
    line_w = indent_w;
    words = false;
  };
  // Cutting is possible only when the indent leaves room.
  const bool can_cut = width > indent_w + 1;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size() && text[i] == '\n') {  // a line break in the text is kept
      if (any) flush();
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
    if (j == i) break;
    std::string_view word = text.substr(i, j - i);
    std::size_t ww = display_width(word);
    if (words && line_w + 1 + ww > width) flush();
    else if (words) line += ' ', ++line_w;
    any = words = true;
    if (line_w + ww <= width || !can_cut) {
      line += word;
      line_w += ww;
    } else {
      // A word longer than the room left is cut, a code point at a time
      // (escape sequences kept whole).
      for (std::size_t k = 0; k < word.size();) {
        std::size_t len = 1, w = 1;
        if (word[k] == '\x1b') {
          len = escape_length(word, k), w = 0;
        } else {
          while (k + len < word.size() && (static_cast<unsigned char>(word[k + len]) & 0xc0) == 0x80) ++len;
        }
        if (w > 0 && line_w >= width) {
          flush();
          words = true;
        }
        line.append(word.substr(k, len));
        line_w += w;
        k += len;
      }
    }
    i = j;
  }
  if (words || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace backcare
