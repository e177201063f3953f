#include "core/keys.hpp"
#include "core/session.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace backcare;

namespace {
// The keys of `bytes`, with a timeout after them (the terminal sent nothing more).
std::vector<InputKey> keys(const std::string& bytes, bool then_timeout = true) {
  KeyDecoder d;
  std::vector<InputKey> out;
  for (char c : bytes) d.feed(static_cast<unsigned char>(c));
  if (then_timeout) d.timeout();
  while (auto k = d.next()) out.push_back(*k);
  return out;
}

InputKey B(char c) { return {KeyKind::byte, static_cast<unsigned char>(c)}; }
const InputKey kIgnored{KeyKind::ignored, 0};

// What the session makes of the keys: the bytes that are session keys.
std::vector<Key> session_keys(const std::string& bytes) {
  std::vector<Key> out;
  for (const auto& k : keys(bytes)) {
    Key key;
    if (k.kind == KeyKind::byte && key_of_byte(k.byte, key)) out.push_back(key);
  }
  return out;
}
}  // namespace

TEST_CASE("plain keys pass through one by one", "[keys]") {
  CHECK(keys("q") == std::vector<InputKey>{B('q')});
  CHECK(keys(" \r\x03") == std::vector<InputKey>{B(' '), B('\r'), B('\x03')});
  CHECK(keys("\xc3\xa9") == std::vector<InputKey>{B('\xc3'), B('\xa9')});
}

TEST_CASE("[regression] F1, F2, F4 and other escape sequences are not session keys", "[keys]") {
  // Found by hand: F1 (ESC O P) read as 'P' and marked the exercise sore,
  // F2 (ESC O Q) quit, F4 (ESC O S) skipped.
  for (const char* seq : {"\x1bOP", "\x1bOQ", "\x1bOR", "\x1bOS",                    // F1-F4 (xterm, SS3)
                          "\x1b[11~", "\x1b[12~", "\x1b[14~", "\x1b[15~", "\x1b[24~",  // F1-F4 (vt), F5, F12
                          "\x1b[1;2P", "\x1b[1;5Q", "\x1bO2S",                         // modified F1, F2, F4
                          "\x1b[[A", "\x1b[[B", "\x1b[[D", "\x1b[[E",                  // the Linux console's F1-F5
                          "\x1b[H", "\x1b[F", "\x1b[3~", "\x1b[5~", "\x1b[2~",         // Home, End, Delete, PgUp, Insert
                          "\x1b[1;5D", "\x1b[1;2C",                                    // Ctrl-Left, Shift-Right
                          "\x1bq", "\x1bs", "\x1bp", "\x1bn", "\x1b" "b", "\x1b ",        // Alt with a session key
                          "\x1b]11;rgb:0000/0000/0000\x07", "\x1b]52;c;cQ==\x1b\\",     // OSC replies
                          "\x1bP1$r0m\x1b\\", "\x1b_Gi=1;OK\x1b\\",                     // DCS, APC
                          "\x1b[?1;2c", "\x1b[<0;10;5M", "\x1b[200~"}) {               // DA reply, mouse, paste
    INFO(std::string(seq + 1));
    CHECK(keys(seq) == std::vector<InputKey>{kIgnored});
    CHECK(session_keys(seq).empty());
  }
  CHECK(keys("\x1b") == std::vector<InputKey>{kIgnored});  // Escape alone, after the wait
}

TEST_CASE("arrows are decoded, in both cursor modes", "[keys]") {
  CHECK(keys("\x1b[D") == std::vector<InputKey>{{KeyKind::left, 0}});
  CHECK(keys("\x1b[C") == std::vector<InputKey>{{KeyKind::right, 0}});
  CHECK(keys("\x1bOD\x1bOC\x1b[A\x1b[1B") ==
        std::vector<InputKey>{{KeyKind::left, 0}, {KeyKind::right, 0}, {KeyKind::up, 0}, {KeyKind::down, 0}});
}

TEST_CASE("keys around sequences keep their place, and a cut sequence gives its byte back", "[keys]") {
  CHECK(keys("n\x1bOPq") == std::vector<InputKey>{B('n'), kIgnored, B('q')});
  // A sequence cut by a control key: Ctrl-C still interrupts.
  CHECK(keys("\x1b[1\x03") == std::vector<InputKey>{kIgnored, B('\x03')});
  CHECK(keys("\x1bO\x03") == std::vector<InputKey>{kIgnored, B('\x03')});
  CHECK(keys("\x1b\x03") == std::vector<InputKey>{kIgnored, B('\x03')});
  // Escape pressed twice, then an arrow.
  CHECK(keys("\x1b\x1b[D") == std::vector<InputKey>{kIgnored, {KeyKind::left, 0}});
  // A sequence split over two reads goes on where it stopped.
  KeyDecoder d;
  d.feed(0x1b);
  CHECK(d.pending());
  CHECK_FALSE(d.next());
  d.feed('O');
  d.feed('P');
  CHECK_FALSE(d.pending());
  CHECK(d.next() == kIgnored);
  // An unfinished sequence ends at the timeout, and what follows counts.
  d.feed(0x1b);
  d.feed('[');
  d.timeout();
  d.feed('q');
  CHECK(d.next() == kIgnored);
  CHECK(d.next() == B('q'));
  // A string with no end ends at the timeout too.
  d.feed(0x1b);
  d.feed(']');
  for (char c : std::string("52;c;long text")) d.feed(static_cast<unsigned char>(c));
  CHECK(d.pending());
  d.timeout();
  d.feed('s');
  CHECK(d.next() == kIgnored);
  CHECK(d.next() == B('s'));
  CHECK_FALSE(d.next());
  // A very long parameter list is read to its end.
  CHECK(keys("\x1b[" + std::string(1000, '1') + "~q") == std::vector<InputKey>{kIgnored, B('q')});
}
