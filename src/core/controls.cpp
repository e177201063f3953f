#include "core/controls.hpp"

#include <fmt/format.h>

namespace backcare {
namespace {

// The control character at s[i] and its length in bytes, or length 0 when
// s[i] starts none. Everything else is passed over one byte at a time,
// which is safe: a UTF-8 lead or continuation byte is never 00-1F or 7F,
// and C2 followed by 80-9F is the only UTF-8 form of C1.
std::size_t control_at(std::string_view s, std::size_t i, unsigned& code) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x20 || b == 0x7f) {
    code = b;
    return 1;
  }
  if (b == 0xc2 && i + 1 < s.size()) {
    auto n = static_cast<unsigned char>(s[i + 1]);
    if (n >= 0x80 && n <= 0x9f) {
      code = n;
      return 2;
    }
  }
  if (b >= 0x80 && b <= 0x9f) {
    // A continuation byte belongs to the sequence before it when one is
    // open; walk back over continuation bytes to its lead.
    std::size_t j = i, cont = 0;
    while (j > 0 && cont < 3 && (static_cast<unsigned char>(s[j - 1]) & 0xc0) == 0x80) --j, ++cont;
    if (j > 0) {
      auto lead = static_cast<unsigned char>(s[j - 1]);
      std::size_t len = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
      if (len > cont + 1) return 0;  // inside a sequence (its place within it is valid)
    }
    code = b;  // a raw 8-bit C1 byte
    return 1;
  }
  return 0;
}

bool allowed(unsigned code, std::size_t len, ControlAllow a) {
  if (len != 1) return false;
  return (code == '\t' && a.tab) || (code == '\n' && a.newline);
}

}  // namespace

std::size_t control_length(std::string_view s, std::size_t i, unsigned* code) {
  unsigned c = 0;
  std::size_t len = i < s.size() ? control_at(s, i, c) : 0;
  if (code) *code = c;
  return len;
}

std::optional<ControlChar> find_control(std::string_view s, ControlAllow allow) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned code = 0;
    std::size_t len = control_at(s, i, code);
    if (len == 0) continue;
    if (!allowed(code, len, allow)) return ControlChar{i, code};
    i += len - 1;
  }
  return std::nullopt;
}

std::string describe_control(unsigned code) {
  const char* name = nullptr;
  switch (code) {
    case 0x00: name = "NUL"; break;
    case 0x07: name = "BEL"; break;
    case 0x08: name = "backspace"; break;
    case 0x09: name = "tab"; break;
    case 0x0a: name = "line feed"; break;
    case 0x0b: name = "vertical tab"; break;
    case 0x0c: name = "form feed"; break;
    case 0x0d: name = "carriage return"; break;
    case 0x1b: name = "ESC"; break;
    case 0x7f: name = "DEL"; break;
    case 0x85: name = "next line"; break;
    case 0x9b: name = "CSI"; break;
    case 0x9d: name = "OSC"; break;
    default: break;
  }
  if (name) return fmt::format("U+{:04X} ({})", code, name);
  return fmt::format("U+{:04X}", code);
}

std::string flatten_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned code = 0;
    std::size_t len = control_at(s, i, code);
    if (len == 0) {
      out += s[i];
      continue;
    }
    out += ' ';
    i += len - 1;
  }
  return out;
}

std::string show_controls(std::string_view s, ControlAllow allow) {
  if (!find_control(s, allow)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned code = 0;
    std::size_t len = control_at(s, i, code);
    if (len == 0 || allowed(code, len, allow)) {
      out += s[i];
      continue;
    }
    out += fmt::format("<U+{:04X}>", code);
    i += len - 1;
  }
  return out;
}

}  // namespace backcare
