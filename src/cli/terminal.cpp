#include "cli/terminal.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

termios saved;
std::atomic<bool> saved_valid{false};
struct sigaction old_term, old_hup, old_quit;

extern "C" void restore_and_reraise(int sig) {
  RawTerminal::restore_now();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
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
  termios raw = saved;
  raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
  raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

RawTerminal::~RawTerminal() {
  if (!saved_valid) return;
  restore_now();
  ::sigaction(SIGTERM, &old_term, nullptr);
  ::sigaction(SIGHUP, &old_hup, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  saved_valid = false;
}

void RawTerminal::restore_now() {
  if (saved_valid) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
}

int read_byte(int timeout_ms) {
  for (;;) {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) return kTimeout;  // let the caller look at its flags
    if (r <= 0) return r == 0 ? kTimeout : kEof;
    unsigned char c;
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    return kEof;
  }
}

void discard_typeahead() {
  if (::isatty(STDIN_FILENO)) ::tcflush(STDIN_FILENO, TCIFLUSH);
}

YesNo ask_yes_no(std::string_view question, bool allow_back) {
  fmt::print("{} [y/n{}] ", question, allow_back ? "/b=back" : "");
  std::fflush(stdout);
  for (;;) {
    int c = read_byte(-1);
    YesNo answer;
    if (c == 'y' || c == 'Y') answer = YesNo::yes;
    else if (c == 'n' || c == 'N') answer = YesNo::no;
    else if (allow_back && (c == 'b' || c == 'B' || c == 0x7f || c == 0x08)) answer = YesNo::back;
    else if (c == 'q' || c == kCtrlC || c == kEof || c == 0x04) answer = YesNo::quit;
    else continue;  // Enter and anything else: ask again
    fmt::print("{}\r\n", answer == YesNo::yes ? "yes" : answer == YesNo::no ? "no" : answer == YesNo::back ? "back" : "");
    std::fflush(stdout);
    return answer;
  }
}

}  // namespace backcare::cli
