#include "cli/cue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace backcare::cli {

CueRunner::CueRunner(std::vector<std::string> argv) : argv_(std::move(argv)) {}

CueRunner::~CueRunner() { reap(); }  // the rest end on their own; init collects them

constexpr std::size_t kQueued = 3;

void CueRunner::reap() {
  children_.erase(std::remove_if(children_.begin(), children_.end(),
                                 [](pid_t pid) {
                                   int status;
                                   pid_t r = ::waitpid(pid, &status, WNOHANG);
                                   return r == pid || (r < 0 && errno == ECHILD);
                                 }),
                  children_.end());
  while (children_.empty() && !queue_.empty() && on()) {
    std::string next = std::move(queue_.front());
    queue_.pop_front();
    spawn(next);
  }
}

void CueRunner::say(const std::string& text, bool droppable) {
  if (!on() || text.empty()) return;
  reap();
  if (busy()) {
    if (droppable) return;
    if (queue_.size() >= kQueued) queue_.pop_front();
    queue_.push_back(text);
    return;
  }
  spawn(text);
}

void CueRunner::spawn(const std::string& text) {
  std::vector<std::string> args = argv_;
  args.push_back(text);
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  cargs.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_init(&attr);
  // The child starts with default signal handling and nothing blocked,
  // whatever the session set up for itself.
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGCHLD}) sigaddset(&defaults, sig);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  pid_t pid = 0;
  int err = ::posix_spawnp(&pid, cargs[0], &fa, &attr, cargs.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (err != 0) {
    failed_ = true;
    error_ = fmt::format("cannot run the cue command '{}': {}; spoken cues are off for this session", argv_[0],
                         std::strerror(err));
    return;
  }
  children_.push_back(pid);
}

std::string CueRunner::take_error() {
  std::string e;
  e.swap(error_);
  return e;
}

}  // namespace backcare::cli
