// Text for people: optional colour, and small layout helpers. Pure: the
// shell decides whether colour is on (SPEC §2) and passes a Style.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace backcare {

struct Style {
  bool color = false;
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string cyan(std::string_view s) const { return wrap("36", s); }
  std::string wrap(std::string_view sgr, std::string_view s) const {
    if (!color) return std::string(s);
    return "\x1b[" + std::string(sgr) + "m" + std::string(s) + "\x1b[0m";
  }
};

// Splits text into lines of at most `width` columns (counting UTF-8 code
// points), breaking at spaces and at the text's own line breaks; a word
// longer than a line is cut. Each line after the first starts with
// `indent`. Linear time in the text.
std::vector<std::string> wrap_text(std::string_view text, std::size_t width, std::string_view indent = "");

// Number of columns a UTF-8 string takes (code points, escape codes skipped).
std::size_t display_width(std::string_view s);

// Pads with spaces to a number of columns (escape codes not counted).
std::string pad(std::string_view s, std::size_t width);

// "1 session", "3 sessions".
std::string plural(long n, std::string_view one, std::string_view many);

}  // namespace backcare
