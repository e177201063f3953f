#include "core/template.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace backcare {
namespace {

bool name_start(char c) { return c >= 'a' && c <= 'z'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '_'; }

// A character for an error message: printable ASCII as is, else its code.
std::string shown(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

}  // namespace

std::vector<std::string> Template::fields() const {
  std::vector<std::string> out;
  for (const auto& p : pieces)
    if (p.field && std::find(out.begin(), out.end(), p.text) == out.end()) out.push_back(p.text);
  return out;
}

std::variant<Template, TemplateError> parse_template(std::string_view s) {
  Template t;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) t.pieces.push_back({std::move(literal), false});
    literal.clear();
  };
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '}') {
      if (i + 1 < s.size() && s[i + 1] == '}') {
        literal += '}';
        i += 2;
        continue;
      }
      return TemplateError{i, fmt::format("a lone '}}' at column {} (write '}}}}' for a brace)", i + 1)};
    }
    if (c != '{') {
      literal += c;
      ++i;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '{') {
      literal += '{';
      i += 2;
      continue;
    }
    std::size_t start = i + 1, j = start;
    while (j < s.size() && name_char(s[j])) ++j;
    if (j >= s.size())
      return TemplateError{i, fmt::format("the field opened at column {} has no closing '}}' (write '{{{{' for a brace)",
                                          i + 1)};
    if (s[j] != '}')
      return TemplateError{j, fmt::format("unexpected {} at column {} in a field name (names are lower-case "
                                          "letters, digits and '_'; write '{{{{' for a brace)",
                                          shown(s[j]), j + 1)};
    if (j == start) return TemplateError{i, fmt::format("an empty field '{{}}' at column {}", i + 1)};
    if (!name_start(s[start]))
      return TemplateError{start, fmt::format("a field name must start with a letter, at column {}", start + 1)};
    flush();
    t.pieces.push_back({std::string(s.substr(start, j - start)), true});
    i = j + 1;
  }
  flush();
  return t;
}

std::string render(const Template& t, const std::function<std::string(std::string_view)>& lookup) {
  std::string out;
  for (const auto& p : t.pieces) out += p.field ? lookup(p.text) : p.text;
  return out;
}

}  // namespace backcare
