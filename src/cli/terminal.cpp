#include "cli/terminal.hpp"

#include "core/keys.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

termios saved, raw_mode;
std::atomic<bool> saved_valid{false};
std::atomic<bool> cursor_hidden{false};
std::atomic<bool> raw_applied{false};  // raw mode is on now (not cooked for a line)
struct sigaction old_term, old_hup, old_quit, old_tstp, old_cont;
bool tstp_handled = false;  // our SIGTSTP handler is in place (it was not ignored)

// Suspending: the stopped time, and a flag for read_key's caller.
std::atomic<long long> stopped_total{0};
volatile std::sig_atomic_t resumed_flag = 0;
static_assert(std::atomic<long long>::is_always_lock_free, "used in a signal handler");

long long monotonic_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void write_raw(const char* s, std::size_t n) {
  ssize_t r = ::write(STDOUT_FILENO, s, n);
  (void)r;
}

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

// Ctrl-Z or SIGTSTP: restore the terminal, stop with the default action,
// and once continued (fg) put back the mode of the moment. Everything here
// is async-signal-safe.
extern "C" void on_tstp(int) {
  int saved_errno = errno;
  const long long t0 = monotonic_now();
  const bool was_raw = raw_applied.load(), was_hidden = cursor_hidden.load();
  if (was_hidden) write_raw(kShowCursor, sizeof kShowCursor - 1);
  if (was_raw) write_raw("\r\n", 2);  // the shell's "Stopped" goes below the live line
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  struct sigaction dfl{}, mine{};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(SIGTSTP, &dfl, &mine);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  ::sigprocmask(SIG_UNBLOCK, &tstp, nullptr);
  ::raise(SIGTSTP);  // stopped here, until SIGCONT
  ::sigaction(SIGTSTP, &mine, nullptr);
  // In the background (bg), tcsetattr stops the process again (SIGTTOU)
  // until it is in the foreground: what a terminal program should do.
  if (was_raw && saved_valid) ::tcsetattr(STDIN_FILENO, TCSANOW, &raw_mode);
  if (was_hidden) write_raw(kHideCursor, sizeof kHideCursor - 1);
  stopped_total.fetch_add(monotonic_now() - t0);
  resumed_flag = 1;
  errno = saved_errno;
}

// SIGCONT after a stop that was not ours (SIGSTOP): raw mode again if it
// was on, and a redraw.
extern "C" void on_cont(int) {
  int saved_errno = errno;
  if (raw_applied.load() && saved_valid) ::tcsetattr(STDIN_FILENO, TCSANOW, &raw_mode);
  resumed_flag = 1;
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
  // Suspend and continue, unless whoever started us ignores SIGTSTP (then
  // Ctrl-Z does nothing, as it would in a shell).
  struct sigaction tstp{}, cont{};
  ::sigaction(SIGTSTP, nullptr, &old_tstp);
  tstp_handled = old_tstp.sa_handler != SIG_IGN;
  if (tstp_handled) {
    tstp.sa_handler = on_tstp;
    sigemptyset(&tstp.sa_mask);
    ::sigaction(SIGTSTP, &tstp, &old_tstp);
    cont.sa_handler = on_cont;
    sigemptyset(&cont.sa_mask);
    ::sigaction(SIGCONT, &cont, &old_cont);
  }
  active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_mode) == 0;
  raw_applied = active_;
}

RawTerminal::~RawTerminal() {
  if (!saved_valid) return;
  restore_now();
  ::sigaction(SIGTERM, &old_term, nullptr);
  ::sigaction(SIGHUP, &old_hup, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  if (tstp_handled) {
    ::sigaction(SIGTSTP, &old_tstp, nullptr);
    ::sigaction(SIGCONT, &old_cont, nullptr);
    tstp_handled = false;
  }
  for (int i = 0; i < kNumCrash; ++i) ::sigaction(kCrashSignals[i], &old_crash[i], nullptr);
  saved_valid = false;
}

void RawTerminal::restore_now() {
  raw_applied = false;
  if (cursor_hidden.exchange(false)) write_raw(kShowCursor, sizeof kShowCursor - 1);
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

void RawTerminal::cooked() {
  raw_applied = false;
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

void RawTerminal::raw() {
  if (saved_valid && active_) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_mode);
    raw_applied = true;
  }
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

namespace {

// A sequence may span two calls of read_key: the decoder lives on.
KeyDecoder decoder;
// How long a sequence may pause between its bytes: a terminal sends one
// at once, so a lone ESC is known to be the Escape key after this.
constexpr int kEscapeWaitMs = 100;

}  // namespace

void suspend_self() { ::kill(0, SIGTSTP); }

long long session_ms() {
  for (;;) {
    long long before = stopped_total.load();
    long long now = monotonic_now();
    if (stopped_total.load() == before) return now - before;  // no stop in between
  }
}

int read_key(int timeout_ms) {
  const long long deadline = timeout_ms < 0 ? -1 : monotonic_now() + timeout_ms;
  for (;;) {
    if (resumed_flag) {
      resumed_flag = 0;
      return kResumed;
    }
    if (auto k = decoder.next()) {
      switch (k->kind) {
        case KeyKind::ignored: continue;
        case KeyKind::left: return kKeyLeft;
        case KeyKind::right: return kKeyRight;
        case KeyKind::up: return kKeyUp;
        case KeyKind::down: return kKeyDown;
        case KeyKind::byte:
          if (k->byte == kCtrlZ && tstp_handled) {
            suspend_self();  // the handler has run when kill returns, and set resumed_flag
            continue;
          }
          return k->byte;
      }
    }
    long long left = deadline < 0 ? -1 : deadline - monotonic_now();
    if (deadline >= 0 && left < 0) left = 0;
    const bool pending = decoder.pending();
    int wait = static_cast<int>(left);
    if (pending && (left < 0 || left > kEscapeWaitMs)) wait = kEscapeWaitMs;
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int r = ::poll(&p, 1, wait);
    if (r < 0 && errno == EINTR) {
      if (resumed_flag) continue;
      return kTimeout;  // let the caller look at its flags
    }
    if (r < 0) return kEof;
    if (r == 0) {
      if (pending && wait == kEscapeWaitMs) {
        decoder.timeout();  // the sequence is over (a lone ESC: the Escape key)
        continue;
      }
      if (left == 0 || !pending) return kTimeout;
      continue;
    }
    unsigned char c;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) {
      decoder.feed(c);
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    decoder.timeout();
    while (decoder.next()) {
    }
    return kEof;
  }
}

void discard_typeahead() {
  if (::isatty(STDIN_FILENO)) ::tcflush(STDIN_FILENO, TCIFLUSH);
  decoder = KeyDecoder{};  // and half a sequence
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
    int c = read_key(250);
    last_key = c;
    YesNo answer;
    if (c == kResumed) {  // after Ctrl-Z and fg: the question again
      fmt::print("\r\n{} [y/n{}] ", question, allow_back ? "/b=back" : "");
      std::fflush(stdout);
      continue;
    }
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
  // Nothing is dropped in silence: Enter alone, a letter or a number out of
  // range asks again with a hint; '-' is the one way to skip (issue 17).
  auto again = [&](std::string_view why) {
    write_out(fmt::format("\r\n{}Type a whole number from {} to {} and press Enter, or - to skip.\r\n{} ", why, lo,
                          hi, question));
    typed.clear();
  };
  for (;;) {
    int c = read_key(250);
    if (c == kResumed) {  // after Ctrl-Z and fg: the question again, with what was typed
      write_out(fmt::format("\r\n{} {}", question, typed));
      continue;
    }
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
    if (c >= '0' && c <= '9') {
      if (typed.size() < 3) {
        typed += static_cast<char>(c);
        write_out(std::string(1, static_cast<char>(c)));
      }
    } else if ((c == 0x7f || c == 0x08) && !typed.empty()) {
      typed.pop_back();
      write_out("\b \b");
    } else if (c == '-' && typed.empty()) {
      write_out("- (skipped)\r\n");
      return std::nullopt;
    } else if (c == '\r' || c == '\n') {
      if (typed.empty()) {
        again("");
        continue;
      }
      int v = std::stoi(typed);
      if (v >= lo && v <= hi) {
        write_out("\r\n");
        return v;
      }
      again(fmt::format("{} is not from {} to {}. ", v, lo, hi));
    } else if (c >= 0x20 && c < 0x7f) {
      again(fmt::format("'{}' is not a number. ", static_cast<char>(c)));
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
    // Escape sequences (arrows typed in the line) are dropped whole.
    KeyDecoder keys;
    for (ssize_t i = 0; i < n; ++i) keys.feed(static_cast<unsigned char>(buf[i]));
    keys.timeout();
    while (auto k = keys.next()) {
      if (k->kind != KeyKind::byte) continue;
      char c = static_cast<char>(k->byte);
      if (c == '\n' || c == '\r') {
        ended = got_newline = true;
        break;
      }
      if (k->byte < 0x20 || k->byte == 0x7f) continue;
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
