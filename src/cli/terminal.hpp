// The terminal: whether we have one, raw key input, and restoring it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace backcare::cli {

// Interactive means both stdin and stdout are terminals (SPEC §4).
bool interactive();

// Raw mode on stdin while alive: keys arrive one by one, without echo, and
// Ctrl-C arrives as the byte 0x03 rather than as SIGINT. The previous mode
// is restored on destruction, and also when SIGTERM, SIGHUP or SIGQUIT end
// the process (the handler restores, then re-raises the signal), and on a
// crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: restored, then the
// signal goes on to the handler that was there before).
//
// Suspending works too: Ctrl-Z (the byte 0x1A in raw mode, see read_key)
// or a SIGTSTP restores the terminal and stops the process (SIGTSTP
// raised again with its default action); on SIGCONT (fg) the mode of the
// moment (raw, or cooked while a line is read) and a hidden cursor come
// back, session_ms() leaves the stopped time out, and read_key returns
// kResumed so that the caller redraws.
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  bool active() const { return active_; }
  // Restores the saved mode (and shows the cursor when hide_cursor hid
  // it); async-signal-safe, callable from a handler.
  static void restore_now();
  // Back to the saved (cooked) mode for a while, e.g. to read a line with
  // echo and line editing; raw() returns to raw mode.
  void cooked();
  void raw();

 private:
  bool active_ = false;
};

// Hides the cursor (when `hide`) with an escape code, or shows it again.
// While hidden, RawTerminal::restore_now shows it, so every exit path does.
void hide_cursor(bool hide);

// Signals as flags, for a loop that must finish its work (append a line,
// restore the terminal) before it exits: while alive, SIGINT, SIGTERM and
// SIGHUP only set a flag (replacing RawTerminal's handlers), and SIGWINCH
// marks a resize. The previous handlers come back on destruction.
class SignalFlags {
 public:
  SignalFlags();
  ~SignalFlags();
  SignalFlags(const SignalFlags&) = delete;
  SignalFlags& operator=(const SignalFlags&) = delete;
  // The first terminating signal caught (SIGINT, SIGTERM or SIGHUP), or 0.
  static int caught();
  // True once after each SIGWINCH.
  static bool take_resize();
};

// A terminating signal was caught while SignalFlags was alive.
bool interrupted();

inline constexpr int kTimeout = -1;
inline constexpr int kEof = -2;
inline constexpr int kCtrlC = 0x03;
inline constexpr int kCtrlZ = 0x1a;
// Keys that are not bytes (read_key).
inline constexpr int kKeyLeft = -10;
inline constexpr int kKeyRight = -11;
inline constexpr int kKeyUp = -12;
inline constexpr int kKeyDown = -13;
inline constexpr int kResumed = -20;  // stopped (Ctrl-Z, SIGTSTP) and continued: redraw

// The next key from stdin, waiting at most timeout_ms (-1: forever): a
// byte, an arrow (kKeyLeft ...), kTimeout, kEof or kResumed. Escape
// sequences are decoded (core/keys): F1, Home, Alt-q and the like are
// read whole and ignored, never taken for the letters they end with.
// Ctrl-Z suspends the process (restoring the terminal) and returns
// kResumed once it is continued. A signal ends the wait early with
// kTimeout, so that the caller can look at its flags (see interrupted()).
int read_key(int timeout_ms);

// Stops the process as Ctrl-Z does in a shell (SIGTSTP to its process
// group; RawTerminal's handler restores the terminal first).
void suspend_self();

// Milliseconds of CLOCK_MONOTONIC without the time the process was
// stopped by SIGTSTP (Ctrl-Z): the clock of a guided session.
long long session_ms();

// Drops keys typed ahead, so an old keypress never answers a question.
void discard_typeahead();

enum class YesNo { yes, no, back, quit };
// Asks on stdout and waits for an explicit y or n (Enter alone asks again);
// b goes back when allowed; q, Ctrl-C, end of input and a caught signal
// (interrupted()) quit. Needs raw mode.
YesNo ask_yes_no(std::string_view question, bool allow_back);
// The same; `last_key` receives the byte that answered (kCtrlC, 'q', ...),
// kEof at the end of input, 0 for a signal.
YesNo ask_yes_no(std::string_view question, bool allow_back, int& last_key);

// Asks for a whole number from lo to hi in raw mode (digits, backspace,
// Enter). '-' skips (nullopt); Enter alone, a letter or a number out of
// range asks again with a hint. `stop` is set, and nullopt returned, on q
// or Ctrl-D ('q'), Ctrl-C (kCtrlC), end of input (kEof) or a caught
// signal (0).
std::optional<int> ask_number(std::string_view question, int lo, int hi, std::optional<int>& stop);

// Reads one line in the terminal's cooked mode (echo, line editing):
// the line without its newline, or nullopt on end of input or a caught
// signal. Control characters are dropped; at most max_bytes are kept.
std::optional<std::string> read_line_cooked(RawTerminal& term, std::size_t max_bytes);

// Writes to stdout with write(2), ignoring errors: a closed terminal
// cannot turn output into an exception or a signal.
void write_out(std::string_view s);

// Columns of the terminal on stdout; 80 when unknown.
int terminal_width();

}  // namespace backcare::cli
