// Output templates for --format: text with named fields, such as
//   "{streak}d {pain}/10 {trend}"
// A field is {name}, name being a lower-case letter then letters, digits
// or '_'; {{ and }} stand for literal braces. The parser knows no field
// names: the caller checks them against its own list.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace backcare {

struct TemplatePiece {
  std::string text;    // literal text, or the field's name
  bool field = false;
  bool operator==(const TemplatePiece&) const = default;
};

struct Template {
  std::vector<TemplatePiece> pieces;  // no two literal pieces in a row
  // The field names, in order of first use, each once.
  std::vector<std::string> fields() const;
};

struct TemplateError {
  std::size_t offset = 0;  // byte offset in the template text
  std::string message;     // fit to follow "--format: "
};

// Parses a template. Never throws for any input (besides bad_alloc).
std::variant<Template, TemplateError> parse_template(std::string_view text);

// The text with each field replaced by lookup(name).
std::string render(const Template& t, const std::function<std::string(std::string_view)>& lookup);

}  // namespace backcare
