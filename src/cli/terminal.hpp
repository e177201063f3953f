// The terminal: whether we have one, raw key input, and restoring it.
#pragma once

#include <string_view>

namespace backcare::cli {

// Interactive means both stdin and stdout are terminals (SPEC §4).
bool interactive();

// Raw mode on stdin while alive: keys arrive one by one, without echo, and
// Ctrl-C arrives as the byte 0x03 rather than as SIGINT. The previous mode
// is restored on destruction, and also when SIGTERM, SIGHUP or SIGQUIT end
// the process (the handler restores, then re-raises the signal).
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  bool active() const { return active_; }
  // Restores the saved mode; async-signal-safe, callable from a handler.
  static void restore_now();

 private:
  bool active_ = false;
};

inline constexpr int kTimeout = -1;
inline constexpr int kEof = -2;
inline constexpr int kCtrlC = 0x03;

// The next byte from stdin, waiting at most timeout_ms (-1: forever).
// Returns the byte, kTimeout or kEof. Retries on EINTR unless a signal
// handler asked to stop (see interrupted()).
int read_byte(int timeout_ms);

// Drops keys typed ahead, so an old keypress never answers a question.
void discard_typeahead();

enum class YesNo { yes, no, back, quit };
// Asks on stdout and waits for an explicit y or n (Enter alone asks again);
// b goes back when allowed; q, Ctrl-C and end of input quit. Needs raw mode.
YesNo ask_yes_no(std::string_view question, bool allow_back);

}  // namespace backcare::cli
