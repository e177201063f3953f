// backcare edit: open the routine or the journal in the user's editor, then
// check it, as `crontab -e` does.
//
// The editor is $VISUAL, else $EDITOR, else vi, run by /bin/sh as
// `sh -c '<editor> "$@"' <editor> FILE` (as git does), so the variable may
// hold arguments and shell quoting: EDITOR="code --wait" works.
//
// The routine is edited in place; a missing one is first copied from the
// default. The journal is copied to a private working copy beside it
// (".journal.txt.edit-XXXXXX.txt", 0600) that the editor gets; the journal
// itself stays locked (flock LOCK_EX) until the edit is saved. Saving writes
// the new text to ".journal.txt.new-XXXXXX" beside it, fsyncs it and
// renames it over the journal (SPEC §3: old or new, whole, at every
// instant), with the lines appended by `>>` meanwhile kept after it. A
// writer waiting for the lock notices the new file and appends there. The
// working files are removed on every exit path: SIGTERM and SIGHUP end the
// editor too, SIGINT outside the editor ends edit, and the files of an edit
// that was killed are removed by the next one.
//
// After the editor: problems are reported as FILE:LINE[:COL]: reason. On a
// terminal, "Edit again?" is asked; otherwise, or on "n", the file is kept
// as saved and edit exits 65. A failing editor (non-zero exit) ends edit
// with exit 1, the journal left untouched.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "core/cron.hpp"
#include "cli/files.hpp"
#include "cli/journal_append.hpp"
#include "cli/terminal.hpp"
#include "core/journal.hpp"
#include "core/routine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace backcare::cli {
namespace {

struct EditOptions {
  std::string what = "routine";
  bool quiet = false;
};

constexpr int kMaxProblems = 20;

std::string editor_command() {
  if (auto v = env("VISUAL")) return *v;
  if (auto e = env("EDITOR")) return *e;
  return "vi";
}

// Runs the editor on a file and waits for it. Returns its exit status, or
// 128 + the signal that ended it.
int run_editor(const std::string& editor, const std::string& file) {
  std::fflush(stdout);
  std::fflush(stderr);
  struct sigaction ignore{}, old_int{}, old_quit{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGINT, &ignore, &old_int);
  ::sigaction(SIGQUIT, &ignore, &old_quit);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    std::string script = editor + " \"$@\"";
    ::execl("/bin/sh", "sh", "-c", script.c_str(), editor.c_str(), file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  int err = errno;
  bool forwarded = false;
  if (pid > 0)
    for (;;) {
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      if (r == pid || (r < 0 && errno != EINTR)) break;
      // SIGTERM or SIGHUP for edit (SignalFlags): the editor is ended
      // too, and edit cleans up after it.
      if (int sig = SignalFlags::caught(); sig && sig != SIGINT && !forwarded) {
        ::kill(pid, sig);
        forwarded = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  if (pid < 0) throw Failure(kSoftware, fmt::format("cannot start the editor: {}", std::strerror(err)));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

void check_editor(int status, const std::string& editor, std::string_view outcome) {
  if (status == 0) return;
  std::string how = status == 127 ? "could not be run (not found?)" : fmt::format("failed (exit status {})", status);
  throw Failure(kNegative, fmt::format("the editor '{}' {}; {} (set VISUAL or EDITOR to choose another)", editor, how,
                                       outcome));
}

// Asks "Edit again?" when stdin is a terminal; false without one.
bool again() {
  if (!::isatty(STDIN_FILENO)) return false;
  RawTerminal raw;
  if (!raw.active()) return false;
  discard_typeahead();
  return ask_yes_no("Edit again?", false) == YesNo::yes;
}

// The same under edit journal's SignalFlags: a signal while it asks ends
// the edit (the flag is kept for stop_if_signalled).
bool again_or_stop() {
  bool yes = false;
  int sig = 0;
  {
    RawTerminal raw;
    SignalFlags inner;  // RawTerminal's own handlers would end the process at once
    if (raw.active() && ::isatty(STDIN_FILENO)) {
      discard_typeahead();
      yes = ask_yes_no("Edit again?", false) == YesNo::yes;
    }
    sig = SignalFlags::caught();
  }
  if (sig) ::raise(sig);  // caught again by the outer flags
  return yes && sig == 0;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

int edit_routine(const EditOptions& o, Context& ctx) {
  const std::string path = ctx.routine_file();
  if (!exists(path)) {
    if (ctx.routine_is_explicit())
      throw Failure(kNoInput, fmt::format("{}: no such routine file ('{}' writes the default there)", path,
                                          "backcare init --routine " + shell_word(path)));
    if (write_new_file(path, default_routine_text()) && !o.quiet)
      warn(fmt::format("copied the default routine to {}", path));
  }
  const std::string editor = editor_command();
  for (;;) {
    check_editor(run_editor(editor, path), editor, fmt::format("{} is as the editor left it", path));
    std::string text = read_small_file(path, "routine file");
    try {
      Routine r = load_routine(text);
      if (!o.quiet)
        warn(fmt::format("{}: the routine is valid ({} exercises, {} routines)", path, r.exercises.size(),
                         r.routines.size()));
      return kOk;
    } catch (const RoutineError& e) {
      warn(fmt::format("{}:{}:{}: {}", path, e.line, e.column, e.what()));
    }
    if (again()) continue;
    warn(fmt::format("{} was kept with this problem; commands that read the routine stop at it (exit 65) until it "
                     "is fixed: run '{}' again",
                     path, ctx.command("edit routine")));
    return kDataErr;
  }
}

// The journal's problems, as "FILE:LINE: reason" (the first few); the likely
// typos of kinds and keys, warnings only, in `typos`.
std::vector<std::string> journal_problems(std::string_view text, const std::string& name,
                                          std::vector<std::string>& typos) {
  std::vector<std::string> out;
  std::vector<std::string_view> typos_seen;
  long lineno = 0, count = 0;
  Record rec;
  std::string error;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++lineno;
    if (lineno == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    ParseStatus st = parse_record(line, rec, error);
    if (st == ParseStatus::error && ++count <= kMaxProblems) out.push_back(fmt::format("{}:{}: {}", name, lineno, error));
    if (st == ParseStatus::entry && (rec.kind == Kind::unknown || !rec.unknown_key.empty()) && typos_seen.size() < 64) {
      std::string_view n = rec.kind == Kind::unknown ? rec.kind_text : rec.unknown_key;
      if (std::find(typos_seen.begin(), typos_seen.end(), n) == typos_seen.end()) {
        typos_seen.emplace_back(n);
        if (auto why = typo_warning(n, rec.kind == Kind::unknown); !why.empty())
          typos.push_back(fmt::format("{}:{}: {}", name, lineno, why));
      }
    }
  }
  if (count > kMaxProblems) out.push_back(fmt::format("{}: {} more lines cannot be read", name, count - kMaxProblems));
  return out;
}

// Removes a working file however edit ends (signals are turned into an
// exception by the checks below, so this runs for them too).
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

std::string read_fd(int fd, const std::string& name, off_t off = 0) {
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read: {}", name, std::strerror(errno)));
    if (n == 0) return text;
    text.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
}

// A signal caught (SignalFlags) ends the edit: the working copy goes, the
// journal stays as it was.
void stop_if_signalled() {
  int sig = SignalFlags::caught();
  if (sig == 0) return;
  int code = sig == SIGTERM ? kTerminated : sig == SIGINT ? kInterrupted : 128 + sig;
  throw Failure(code, fmt::format("stopped by signal {} ({}); the journal was not changed", sig, ::strsignal(sig)));
}

// The journal's real file (a symbolic link is followed, and kept) and the
// names of edit's files beside it: ".journal.txt.edit-XXXXXX.txt" (the
// working copy the editor gets) and ".journal.txt.new-XXXXXX" (the new text
// before it is renamed over the journal).
struct Place {
  std::string file, dir, base;
  std::string prefix(std::string_view what) const { return fmt::format(".{}.{}-", base, what); }
};

Place place_of(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) throw Failure(kIoErr, fmt::format("{}: cannot find the journal's folder: {}", path, std::strerror(errno)));
  Place p;
  p.file = real;
  std::free(real);
  auto slash = p.file.find_last_of('/');
  p.dir = slash == 0 ? "/" : p.file.substr(0, slash);
  p.base = p.file.substr(slash + 1);
  return p;
}

// Working files left by an edit that was killed (SIGKILL, a crash, a
// power cut). Called under the journal's lock, which every edit of this
// journal holds while its files exist.
void remove_stale_files(const Place& p) {
  DIR* d = ::opendir(p.dir.c_str());
  if (!d) return;
  const std::string edit = p.prefix("edit"), fresh = p.prefix("new");
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name.substr(0, edit.size()) == edit || name.substr(0, fresh.size()) == fresh)
      ::unlinkat(::dirfd(d), e->d_name, 0);
  }
  ::closedir(d);
}

// Opens the journal and takes its lock, reopening when a new file was
// renamed over it meanwhile.
int open_locked(const std::string& path) {
  for (int tries = 0;; ++tries) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0)
      throw Failure(kIoErr, fmt::format("{}: cannot open the journal for editing: {}", path, std::strerror(errno)));
    struct stat st;
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
      throw Failure(kIoErr, fmt::format("{}: the journal is not a regular file; it cannot be edited", path));
    ::fcntl(fd.get(), F_SETFL, 0);
    if (!lock_exclusive(fd.get(), std::chrono::seconds(10)))
      throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program; try again", path));
    if (same_file(fd.get(), path) || tries >= 20) return fd.release();
  }
}

// Replaces the journal with the edited text, by rename: at every instant
// the journal on disk is the old text or the new, whole (SPEC §3). Lines
// appended to the old file since `size0` (by `>>`, which takes no lock)
// are kept after the edited text.
void save_edit(int fd, const Place& p, const std::string& path, std::string after, off_t size0) {
  SignalHold hold;
  struct stat st;
  if (::fstat(fd, &st) != 0)
    throw Failure(kIoErr, fmt::format("{}: cannot save the edit: {}; the journal was not changed", path,
                                      std::strerror(errno)));
  std::string tmpl = p.dir + "/" + p.prefix("new") + "XXXXXX";
  int raw = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (raw < 0)
    throw Failure(kCantCreate, fmt::format("{}: cannot save the edit: {}; the journal was not changed", tmpl,
                                           std::strerror(errno)));
  TempFile fresh{tmpl};
  Fd out(raw);
  // The journal keeps its mode (and owner, where that may be set).
  (void)::fchmod(out.get(), st.st_mode & 07777);
  if (::geteuid() == 0 && ::fchown(out.get(), st.st_uid, st.st_gid) != 0) {
    // root editing another user's journal: it becomes root's; nothing lost
  }
  auto fail = [&](int e) {
    throw Failure(kIoErr, fmt::format("{}: cannot save the edit: {}; the journal was not changed", path,
                                      std::strerror(e)));
  };
  off_t taken = size0;
  bool need_newline = !after.empty() && after.back() != '\n';
  if (!write_all(out.get(), after)) fail(errno ? errno : ENOSPC);
  for (int round = 0; round < 100; ++round) {  // until no one appends meanwhile
    if (::fstat(fd, &st) != 0) fail(errno);
    if (st.st_size <= taken) break;
    std::string tail = read_fd(fd, path, taken);
    taken += static_cast<off_t>(tail.size());
    if (tail.empty()) break;
    if (need_newline) tail.insert(tail.begin(), '\n');
    need_newline = tail.back() != '\n';
    if (!write_all(out.get(), tail)) fail(errno ? errno : ENOSPC);
    if (round == 0) warn(fmt::format("{}: lines added while the editor was open are kept after the edit", path));
  }
  if (::fsync(out.get()) != 0) fail(errno);
  if (::rename(tmpl.c_str(), p.file.c_str()) != 0) fail(errno);
  fresh.path.clear();
  int d = ::open(p.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d >= 0) {
    (void)::fsync(d);
    ::close(d);
  }
}

int edit_journal(const EditOptions& o, Context& ctx) {
  const std::string path = ctx.journal_path();
  // A journal made meanwhile by another writer is simply the one to edit.
  if (write_new_file(path, std::string(kJournalHeader) + "\n", 0600) && !o.quiet)
    warn(fmt::format("created the journal {}", path));
  // The journal stays locked until the edit is saved (SPEC §4): a writer
  // that waits for it sees the renamed file and appends there.
  Fd fd(open_locked(path));
  SignalFlags signals;  // INT, TERM, HUP: the working copy is removed, then exit
  const Place place = place_of(path);
  remove_stale_files(place);
  const std::string before = read_fd(fd.get(), path);
  const off_t size0 = static_cast<off_t>(before.size());

  // The working copy lives beside the journal, private (0600, mkstemps).
  std::string tmpl = place.dir + "/" + place.prefix("edit") + "XXXXXX.txt";
  int tfd = ::mkstemps(tmpl.data(), 4);
  if (tfd < 0)
    throw Failure(kCantCreate, fmt::format("{}: cannot create the working copy: {}", place.dir, std::strerror(errno)));
  TempFile temp{tmpl};
  {
    Fd t(tfd);
    if (!write_all(t.get(), before) || ::fsync(t.get()) != 0)
      throw Failure(kIoErr, fmt::format("{}: cannot write the working copy: {}", temp.path, std::strerror(errno)));
  }
  stop_if_signalled();

  const std::string editor = editor_command();
  std::string after;
  bool problems = false;
  for (;;) {
    int status = run_editor(editor, temp.path);
    stop_if_signalled();
    check_editor(status, editor, "the journal was not changed");
    after = read_small_file(temp.path, "edited copy of the journal");
    std::vector<std::string> typos;
    auto found = journal_problems(after, path, typos);
    for (const auto& p : found) warn(p);
    for (const auto& t : typos) warn(t);
    problems = !found.empty();
    if (problems && again_or_stop()) continue;
    stop_if_signalled();
    break;
  }
  if (after == before) {
    if (!o.quiet) warn(fmt::format("{}: no changes", path));
  } else {
    save_edit(fd.get(), place, path, std::move(after), size0);
    if (!o.quiet) warn(fmt::format("{}: saved", path));
  }
  if (problems) {
    warn(fmt::format("{}: the lines above cannot be read; every command skips them with a warning until they are "
                     "fixed ('{}')",
                     path, ctx.command("edit journal")));
    return kDataErr;
  }
  return kOk;
}

}  // namespace

Command add_edit(CLI::App& root) {
  auto o = std::make_shared<EditOptions>();
  auto* cmd = root.add_subcommand("edit", "edit the routine or the journal, then check it");
  cmd->add_option("WHAT", o->what, "routine (the default) or journal")
      ->check(one_of({"routine", "journal"}));
  add_quiet(cmd, o->quiet, "say nothing when all is well");
  cmd->footer(examples({"backcare edit", "backcare edit journal", "EDITOR=nano backcare edit routine"}));
  return {cmd, [o](Context& ctx) { return o->what == "journal" ? edit_journal(*o, ctx) : edit_routine(*o, ctx); }};
}

}  // namespace backcare::cli
