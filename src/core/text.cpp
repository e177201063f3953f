#include "core/text.hpp"

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

std::vector<std::string> wrap_text(std::string_view text, std::size_t width, std::string_view indent) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_w = 0;
  auto flush = [&] {
    lines.push_back(line);
    line = std::string(indent);
    line_w = display_width(indent);
  };
  std::size_t i = 0;
  bool first_word = true;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j == i) break;
    std::string_view word = text.substr(i, j - i);
    std::size_t ww = display_width(word);
    if (!first_word && line_w + 1 + ww > width) flush();
    else if (!first_word) line += ' ', ++line_w;
    line += word;
    line_w += ww;
    first_word = false;
    // A word longer than the width is cut.
    while (line_w > width && width > display_width(indent) + 1) {
      std::string rest;
      std::size_t cut = 0, w = 0;
      while (cut < line.size() && w < width) {
        ++cut;
        while (cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) ++cut;
        ++w;
      }
      rest = line.substr(cut);
      line.resize(cut);
      flush();
      line += rest;
      line_w += display_width(rest);
    }
    i = j;
  }
  if (!first_word || lines.empty()) lines.push_back(line);
  return lines;
}

}  // namespace backcare
