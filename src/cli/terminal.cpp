#include "cli/terminal.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

termios saved, raw_mode;
std::atomic<bool> saved_valid{false};
std::atomic<bool> cursor_hidden{false};
struct sigaction old_term, old_hup, old_quit;

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr int kNumCrash = sizeof kCrashSignals / sizeof kCrashSignals[0];
struct sigaction old_crash[kNumCrash];

volatile std::sig_atomic_t caught_signal = 0;
volatile std::sig_atomic_t resized = 0;
struct sigaction old_int_f, old_term_f, old_hup_f, old_winch_f;

constexpr char kShowCursor[] = "\x1b[?25h";
constexpr char kHideCursor[] = "\x1b[?25l";

extern "C" void restore_and_reraise(int sig) {
  RawTerminal::restore_now();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// A crash: restore the terminal, put back the handler that was there
// before (a sanitizer's, or the default), and let the signal go on to it.
extern "C" void restore_and_chain(int sig) {
  int saved_errno = errno;
  RawTerminal::restore_now();
  for (int i = 0; i < kNumCrash; ++i)
    if (kCrashSignals[i] == sig) ::sigaction(sig, &old_crash[i], nullptr);
  // A fault re-executes the instruction and meets the old handler; a
  // raised signal needs raising again.
  if (sig == SIGABRT || sig == SIGFPE) ::raise(sig);
  errno = saved_errno;
}

extern "C" void set_flag(int sig) {
  if (sig == SIGWINCH) {
    resized = 1;
    return;
  }
  if (caught_signal == 0) caught_signal = sig;
}

}  // namespace

bool interactive() { return ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO); }

RawTerminal::RawTerminal() {
  if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved) != 0) return;
  saved_valid = true;
  struct sigaction sa{};
  sa.sa_handler = restore_and_reraise;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, &old_term);
  ::sigaction(SIGHUP, &sa, &old_hup);
  ::sigaction(SIGQUIT, &sa, &old_quit);
  struct sigaction crash{};
  crash.sa_handler = restore_and_chain;
  sigemptyset(&crash.sa_mask);
  crash.sa_flags = SA_NODEFER;
  for (int i = 0; i < kNumCrash; ++i) ::sigaction(kCrashSignals[i], &crash, &old_crash[i]);
  raw_mode = saved;
  raw_mode.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
  raw_mode.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
  raw_mode.c_cc[VMIN] = 1;
  raw_mode.c_cc[VTIME] = 0;
  active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_mode) == 0;
}

RawTerminal::~RawTerminal() {
  if (!saved_valid) return;
  restore_now();
  ::sigaction(SIGTERM, &old_term, nullptr);
  ::sigaction(SIGHUP, &old_hup, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  for (int i = 0; i < kNumCrash; ++i) ::sigaction(kCrashSignals[i], &old_crash[i], nullptr);
  saved_valid = false;
}

void RawTerminal::restore_now() {
  if (cursor_hidden.exchange(false)) {
    ssize_t n = ::write(STDOUT_FILENO, kShowCursor, sizeof kShowCursor - 1);
    (void)n;
  }
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

void RawTerminal::cooked() {
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

void RawTerminal::raw() {
  if (saved_valid && active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_mode);
}

void hide_cursor(bool hide) {
  if (hide == cursor_hidden.load()) return;
  std::fflush(stdout);
  if (hide) {
    cursor_hidden = true;
    write_out(kHideCursor);
  } else {
    cursor_hidden = false;
    write_out(kShowCursor);
  }
}

SignalFlags::SignalFlags() {
  caught_signal = 0;
  resized = 0;
  struct sigaction sa{};
  sa.sa_handler = set_flag;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a wait ends early and the loop looks at the flags
  ::sigaction(SIGINT, &sa, &old_int_f);
  ::sigaction(SIGTERM, &sa, &old_term_f);
  ::sigaction(SIGHUP, &sa, &old_hup_f);
  ::sigaction(SIGWINCH, &sa, &old_winch_f);
}

SignalFlags::~SignalFlags() {
  ::sigaction(SIGINT, &old_int_f, nullptr);
  ::sigaction(SIGTERM, &old_term_f, nullptr);
  ::sigaction(SIGHUP, &old_hup_f, nullptr);
  ::sigaction(SIGWINCH, &old_winch_f, nullptr);
}

int SignalFlags::caught() { return caught_signal; }

bool SignalFlags::take_resize() {
  if (!resized) return false;
  resized = 0;
  return true;
}

bool interrupted() { return caught_signal != 0; }

int read_byte(int timeout_ms) {
  for (;;) {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) return kTimeout;  // let the caller look at its flags
    if (r <= 0) return r == 0 ? kTimeout : kEof;
    unsigned char c;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) return kTimeout;
    if (n < 0 && errno == EAGAIN) continue;
    return kEof;
  }
}

void discard_typeahead() {
  if (::isatty(STDIN_FILENO)) ::tcflush(STDIN_FILENO, TCIFLUSH);
}

YesNo ask_yes_no(std::string_view question, bool allow_back) {
  int key = 0;
  return ask_yes_no(question, allow_back, key);
}

YesNo ask_yes_no(std::string_view question, bool allow_back, int& last_key) {
  fmt::print("{} [y/n{}] ", question, allow_back ? "/b=back" : "");
  std::fflush(stdout);
  for (;;) {
    // A bounded wait, so a signal caught just before it cannot leave the
    // question waiting forever.
    int c = read_byte(250);
    last_key = c;
    YesNo answer;
    if (c == kTimeout) {
      if (!interrupted()) continue;
      last_key = 0;
      answer = YesNo::quit;
    } else if (c == 'y' || c == 'Y') {
      answer = YesNo::yes;
    } else if (c == 'n' || c == 'N') {
      answer = YesNo::no;
    } else if (allow_back && (c == 'b' || c == 'B' || c == 0x7f || c == 0x08)) {
      answer = YesNo::back;
    } else if (c == 'q' || c == 'Q' || c == kCtrlC || c == kEof || c == 0x04) {
      answer = YesNo::quit;
    } else {
      continue;  // Enter and anything else: ask again
    }
    fmt::print("{}\r\n", answer == YesNo::yes ? "yes" : answer == YesNo::no ? "no" : answer == YesNo::back ? "back" : "");
    std::fflush(stdout);
    return answer;
  }
}

std::optional<int> ask_number(std::string_view question, int lo, int hi, std::optional<int>& stop) {
  stop.reset();
  fmt::print("{} ", question);
  std::fflush(stdout);
  std::string typed;
  for (;;) {
    int c = read_byte(250);
    if (c == kTimeout) {
      if (!interrupted()) continue;
      stop = 0;
    } else if (c == 'q' || c == 'Q' || c == kCtrlC || c == kEof || c == 0x04) {
      stop = c == 0x04 || c == 'Q' ? 'q' : c;  // Ctrl-D in raw mode is a key, not the end of input
    }
    if (stop) {
      write_out("\r\n");
      return std::nullopt;
    }
    if (c >= '0' && c <= '9' && typed.size() < 3) {
      typed += static_cast<char>(c);
      write_out(std::string(1, static_cast<char>(c)));
    } else if ((c == 0x7f || c == 0x08) && !typed.empty()) {
      typed.pop_back();
      write_out("\b \b");
    } else if (c == '\r' || c == '\n') {
      if (typed.empty()) {
        write_out("(skipped)\r\n");
        return std::nullopt;
      }
      int v = std::stoi(typed);
      if (v >= lo && v <= hi) {
        write_out("\r\n");
        return v;
      }
      write_out(fmt::format("\r\nGive a whole number from {} to {}, or press Enter to skip.\r\n{} ", lo, hi, question));
      typed.clear();
    }
  }
}

std::optional<std::string> read_line_cooked(RawTerminal& term, std::size_t max_bytes) {
  std::fflush(stdout);
  term.cooked();
  std::string line;
  bool ended = false, got_newline = false;
  while (!ended) {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int r = ::poll(&p, 1, 250);
    if (interrupted()) break;
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r < 0) break;
      continue;
    }
    char buf[512];
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // end of input
    for (ssize_t i = 0; i < n; ++i) {
      char c = buf[i];
      if (c == '\n' || c == '\r') {
        ended = got_newline = true;
        break;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
      if (line.size() < max_bytes) line += c;
    }
  }
  term.raw();
  if (!got_newline) return std::nullopt;
  // A cut in the middle of a UTF-8 sequence would make the line invalid.
  while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0x80)) {
    std::size_t start = line.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xc0) == 0x80) --start;
    unsigned char lead = static_cast<unsigned char>(line[start]);
    std::size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (line.size() - start == want) break;
    line.resize(start);
  }
  return line;
}

void write_out(std::string_view s) {
  std::fflush(stdout);
  while (!s.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

int terminal_width() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace backcare::cli
