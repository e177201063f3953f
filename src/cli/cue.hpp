// Spoken cues: the routine's `cue` command (settings.cue, an argv) run at
// each change of a guided session with the text as its last argument.
// Run without a shell (posix_spawnp), with stdin, stdout and stderr on
// /dev/null, and never waited for: finished children are collected with
// waitpid(WNOHANG), so the timer never blocks on speech.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace backcare::cli {

class CueRunner {
 public:
  explicit CueRunner(std::vector<std::string> argv);  // empty: cues off
  ~CueRunner();
  CueRunner(const CueRunner&) = delete;
  CueRunner& operator=(const CueRunner&) = delete;

  bool on() const { return !argv_.empty() && !failed_; }
  // Starts the command with `text` appended. A droppable cue (a rep count)
  // is dropped while an earlier cue is still running.
  void say(const std::string& text, bool droppable);
  // Collects children that have ended; never blocks.
  void reap();
  // Why the command could not be started, once; then empty.
  std::string take_error();

 private:
  std::vector<std::string> argv_;
  std::vector<pid_t> children_;
  bool failed_ = false;
  std::string error_;
};

}  // namespace backcare::cli
