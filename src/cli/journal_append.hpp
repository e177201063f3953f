// Appending to the journal on disk, whole entries or nothing (SPEC §3).
#pragma once

#include <chrono>
#include <csignal>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace backcare::cli {

// The longest line the reader takes (journal_read): a longer entry is
// refused before anything is written.
inline constexpr std::size_t kMaxEntryLine = 64 * 1024;

// What to do while another program holds the journal's lock.
struct AppendPolicy {
  // How long to wait for the lock before giving up.
  std::chrono::milliseconds patience{10000};
  // Asked about every 100 ms once `patience` is spent: true waits on (a
  // guided session, while the person is there). Empty: give up.
  std::function<bool()> keep_waiting;
  // On giving up, save the lines in the recovery file beside the journal
  // (the next write appends them) instead of failing.
  bool save_on_timeout = false;
};

enum class Landed { journal, recovery };

// Appends whole lines (each without its newline) with one write, under an
// exclusive lock, then fsyncs (SPEC §3). A new journal gets the header line,
// mode 0600, and its missing folders with mode 0700. On failure nothing of
// this call is left in the file:
// - INT, TERM, HUP and PIPE are held off from the write until its undo is
//   done;
// - the intent file (intent_path) records where the bytes start, so that a
//   write cut short by SIGKILL or a power cut is rolled back by the next
//   backcare under the lock;
// - a line over kMaxEntryLine is refused (exit 2) before anything is done.
// Under the lock it first rolls back an unfinished write, then appends the
// lines of the recovery file (before `lines`), and warns when the journal
// or its folder can be read by others. Throws Failure (2 a line too long,
// 73 cannot create, 74 I/O). Returns Landed::recovery when the lock could
// not be had and policy.save_on_timeout saved the lines instead.
Landed append_lines(const std::string& path, const std::vector<std::string>& lines, const AppendPolicy& policy = {});

// The intent file: "JOURNAL.intent".
std::string intent_path(const std::string& journal);
// The recovery file: "JOURNAL.recovery".
std::string recovery_path(const std::string& journal);

// Saves whole lines in the recovery file (0600, under its own lock), for
// the next write to append. Throws Failure(74).
void save_recovery(const std::string& journal, const std::vector<std::string>& lines);

// For readers: when an intent file lies beside the journal and the lock
// is free, rolls the unfinished write back now. Never waits, never throws.
void recover_unfinished_write(const std::string& journal);

// The lock loop of every writer: an exclusive flock on fd, saying on stderr
// after a second that it waits (SPEC §3), waiting up to `patience` and then
// while keep_waiting() says so. True when held (or when the file system has
// no locks).
bool lock_exclusive(int fd, std::chrono::milliseconds patience, const std::function<bool()>& keep_waiting = {});

// Whether fd is still the file at path (an `edit journal` may have
// renamed a new file over it).
bool same_file(int fd, const std::string& path);

// Holds INT, TERM, HUP and PIPE off while alive (sigprocmask); they are
// delivered when it ends.
class SignalHold {
 public:
  SignalHold();
  ~SignalHold();
  SignalHold(const SignalHold&) = delete;
  SignalHold& operator=(const SignalHold&) = delete;

 private:
  sigset_t old_;
};

}  // namespace backcare::cli
