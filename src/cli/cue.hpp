// Spoken cues: the routine's `cue` command (settings.cue, an argv) run at
// each change of a guided session with the text as its last argument.
// Run without a shell (posix_spawnp), with stdin, stdout and stderr on
// /dev/null, and never waited for: finished children are collected with
// waitpid(WNOHANG), so the timer never blocks on speech.
//
// One cue at a time, never two voices at once (issue 17): while a cue is
// being said, a droppable one (a count) is dropped and any other waits in
// a short queue, started by reap() once the one before has ended. A queue
// that is full drops its oldest waiting cue, which is stale by then.
#pragma once

#include <deque>
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
  // Starts the command with `text` appended, or queues it while another
  // cue is being said. A droppable cue (a count) is dropped instead.
  void say(const std::string& text, bool droppable);
  // Collects children that have ended and starts the next queued cue;
  // never blocks.
  void reap();
  // A cue is being said or waits.
  bool busy() const { return !children_.empty() || !queue_.empty(); }
  bool queued() const { return !queue_.empty(); }
  // Why the command could not be started, once; then empty.
  std::string take_error();

 private:
  std::vector<std::string> argv_;
  void spawn(const std::string& text);
  std::vector<pid_t> children_;
  std::deque<std::string> queue_;
  bool failed_ = false;
  std::string error_;
};

}  // namespace backcare::cli
