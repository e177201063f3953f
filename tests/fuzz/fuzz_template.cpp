// libFuzzer target: the --format template parser of stats (core/template).
//
// The whole input is one template. Besides "no crash, no undefined
// behaviour":
//  - parse_template throws nothing;
//  - an error has a byte offset inside the template and a message that is
//    one short line of printable ASCII naming the column (offset + 1): it
//    is printed after "backcare: --format: " and may quote a byte of the
//    template, never the raw byte itself;
//  - a template that parses is well formed: no empty literal piece, no two
//    literal pieces in a row, each field name a lower-case letter then
//    letters, digits or '_'; fields() lists each name once, in order of
//    first use;
//  - it is the only reading of its text: writing the pieces back (a
//    field as {name}, a literal brace doubled) gives the input, byte for
//    byte;
//  - rendering never throws, whatever the lookup returns (braces, NUL
//    bytes, invalid UTF-8, empty or long values), and gives the literal
//    pieces and the values in order;
//  - rendered with each field as its own name in braces, the output is the
//    input with each {{ and }} made one brace (as the man page says);
//  - rendered with stats' own fields over an empty report (what
//    `backcare stats --format` prints for a new user), each known field is
//    one line of printable ASCII.
#include "core/stats.hpp"
#include "core/stats_text.hpp"
#include "core/template.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

using namespace backcare;

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz_template: %s\n  template: [%.*s]\n  detail:   [%.*s]\n", what,
               static_cast<int>(input.size()), input.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

bool name_start(char c) { return c >= 'a' && c <= 'z'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '_'; }

bool valid_name(std::string_view n) {
  if (n.empty() || !name_start(n[0])) return false;
  for (char c : n)
    if (!name_char(c)) return false;
  return true;
}

// The input with each pair of equal braces made one, left to right; a
// brace without its twin (a field's own) is kept.
std::string collapse_doubled_braces(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '{' || s[i] == '}') && i + 1 < s.size() && s[i + 1] == s[i]) ++i;
  }
  return out;
}

void check_error(std::string_view input, const TemplateError& e) {
  if (e.offset >= input.size()) fail("an error offset outside the template", input, e.message);
  if (e.message.empty()) fail("an error without a message", input);
  if (e.message.size() > 160) fail("an error message longer than 160 bytes", input, e.message);
  if (!printable_ascii(e.message)) fail("an error message that is not printable ASCII", input, e.message);
  if (e.message.find("column " + std::to_string(e.offset + 1)) == std::string::npos)
    fail("an error message that does not name the offset's column", input, e.message);
}

void check_template(std::string_view input, const Template& t) {
  // Well formed.
  std::vector<std::string> names;
  bool last_literal = false;
  for (const auto& p : t.pieces) {
    if (p.field) {
      if (!valid_name(p.text)) fail("a field with a malformed name", input, p.text);
      bool seen = false;
      for (const auto& n : names) seen = seen || n == p.text;
      if (!seen) names.push_back(p.text);
      last_literal = false;
    } else {
      if (p.text.empty()) fail("an empty literal piece", input);
      if (last_literal) fail("two literal pieces in a row", input, p.text);
      last_literal = true;
    }
  }
  if (t.fields() != names) fail("fields() is not each name once in order of first use", input);

  // The only reading of its text.
  std::string back;
  for (const auto& p : t.pieces) {
    if (p.field) {
      back += '{' + p.text + '}';
      continue;
    }
    for (char c : p.text) back += c == '{' ? "{{" : c == '}' ? "}}" : std::string(1, c);
  }
  if (back != input) fail("the pieces written back differ from the template", input, back);

  // Rendering with values made of the input's own bytes (braces, NULs,
  // anything), of many lengths, and with empty values.
  std::size_t calls = 0;
  std::string expected;
  auto value_for = [&](std::size_t k) { return std::string(input.substr(k % (input.size() + 1))); };
  for (const auto& p : t.pieces) expected += p.field ? value_for(calls++) : p.text;
  calls = 0;
  std::string out = render(t, [&](std::string_view) { return value_for(calls++); });
  if (out != expected) fail("render does not give the pieces and values in order", input, out);
  std::string literal_only;
  for (const auto& p : t.pieces)
    if (!p.field) literal_only += p.text;
  if (render(t, [](std::string_view) { return std::string(); }) != literal_only)
    fail("render with empty values is not the literal text", input);

  // As documented: {{ and }} are braces, a field shown as itself.
  std::string braces = render(t, [](std::string_view name) { return '{' + std::string(name) + '}'; });
  if (braces != collapse_doubled_braces(input))
    fail("rendering fields as {name} is not the template with doubled braces made one", input, braces);

  // stats' own fields over an empty report.
  static const StatsReport empty_report{};
  std::string stats_out = render(t, [&](std::string_view name) {
    if (!find_stats_field(name)) return std::string("?");
    std::string v = stats_field_value(name, empty_report);
    if (!printable_ascii(v)) fail("a stats field that is not printable ASCII", input, v);
    return v;
  });
  (void)stats_out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::variant<Template, TemplateError> parsed;
  try {
    parsed = parse_template(input);
  } catch (...) {
    fail("parse_template threw", input);
  }
  if (const auto* e = std::get_if<TemplateError>(&parsed))
    check_error(input, *e);
  else
    check_template(input, std::get<Template>(parsed));
  return 0;
}
