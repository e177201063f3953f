// Terminal input as keys: the bytes a terminal sends in raw mode, decoded
// into plain keys, arrows and escape sequences to ignore. Pure: the shell
// feeds bytes and says when the short wait for the next byte ran out.
//
// What a terminal sends for a key that is not a character:
//   ESC [ params intermediates final   CSI: arrows (ESC [ A .. D), F5 and up
//                                      (ESC [ 1 5 ~), Home, Delete,
//                                      modified keys (ESC [ 1 ; 5 C)
//   ESC [ [ letter                     the Linux console's F1 .. F5
//   ESC O params final                 SS3: F1 .. F4 (ESC O P .. S), arrows
//                                      in application mode (ESC O A .. D)
//   ESC P / ] / X / ^ / _ ... ST|BEL   strings (DCS, OSC, SOS, PM, APC):
//                                      replies to queries, ended by ESC \ or BEL
//   ESC key                            Alt (Meta) with a key
//   ESC, then nothing for a moment     the Escape key itself
// Without decoding, the bytes after ESC read as keys: F1 (ESC O P) was
// 'P', "this hurts"; F2 'Q', quit; F4 'S', skip. Now every sequence is one
// key, and the ones that mean nothing to backcare are `ignored`.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

namespace backcare {

enum class KeyKind { byte, left, right, up, down, ignored };

struct InputKey {
  KeyKind kind = KeyKind::byte;
  unsigned char byte = 0;  // for KeyKind::byte
  bool operator==(const InputKey&) const = default;
};

class KeyDecoder {
 public:
  // One byte from the terminal.
  void feed(unsigned char b);
  // The wait for the next byte ran out: an open sequence ends there (a lone
  // ESC is the Escape key, which backcare ignores).
  void timeout();
  // In the middle of a sequence: the shell should wait only a moment for
  // the next byte, then call timeout().
  bool pending() const { return state_ != State::ground; }
  // The next key decoded, if any.
  std::optional<InputKey> next();

 private:
  enum class State { ground, escape, csi, csi_linux, ss3, string, string_escape };
  void end_sequence(KeyKind kind);
  void csi_final(unsigned char b);
  State state_ = State::ground;
  std::string params_;  // CSI or SS3 parameter and intermediate bytes (the first few)
  std::deque<InputKey> out_;
};

}  // namespace backcare
