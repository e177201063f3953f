// Control characters in text that goes to a terminal or into a generated
// file (a crontab line, a systemd unit, an iCalendar property). Pure.
//
// A control character here is C0 (U+0000-U+001F), DEL (U+007F) or C1
// (U+0080-U+009F, written in UTF-8 as C2 80 .. C2 9F; a raw byte 80-9F that
// is not part of a UTF-8 sequence counts too, as an 8-bit terminal reads
// it). They are what an escape sequence is made of (ESC, CSI, OSC, BEL, ST)
// and what ends a line (LF, CR, VT, FF, NEL), so a value that holds none
// can neither drive a terminal nor add a line to a line-oriented file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace backcare {

struct ControlAllow {
  bool tab = false;      // U+0009
  bool newline = false;  // U+000A alone (never CR)
};

struct ControlChar {
  std::size_t offset = 0;  // byte offset of its first byte
  unsigned code = 0;       // its code point (or the raw byte)
};

// The first control character of s that `allow` does not allow, if any.
std::optional<ControlChar> find_control(std::string_view s, ControlAllow allow = {});

// True when s holds no control character at all (tab only when allowed):
// fit for one line of a crontab, a systemd unit or a header.
inline bool single_line(std::string_view s, bool allow_tab = false) {
  return !find_control(s, {allow_tab, false});
}

// The length in bytes of the control character that starts at s[i] (1 or
// 2), or 0 when none does; its code point goes to *code.
std::size_t control_length(std::string_view s, std::size_t i, unsigned* code = nullptr);

// A name for a control character in a message: "U+001B (ESC)", "U+000A
// (line feed)", "U+009B".
std::string describe_control(unsigned code);

// s with every control character (tab and line breaks included) replaced
// by one space: for text that must stay on one line, such as a
// notification's message.
std::string flatten_controls(std::string_view s);

// s with every control character but the allowed ones shown as <U+001B>:
// for echoing untrusted text in an error message.
std::string show_controls(std::string_view s, ControlAllow allow = {});

}  // namespace backcare
