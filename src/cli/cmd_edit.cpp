// backcare edit: open the routine or the journal in the user's editor, then
// check it, as `crontab -e` does.
//
// The editor is $VISUAL, else $EDITOR, else vi, run by /bin/sh as
// `sh -c '<editor> "$@"' <editor> FILE` (as git does), so the variable may
// hold arguments and shell quoting: EDITOR="code --wait" works.
//
// The routine is edited in place; a missing one is first copied from the
// default. The journal is copied to a private temporary file that the editor
// gets; the journal itself stays locked (flock LOCK_EX on a descriptor held
// here) until the edit is written back in place, so `log` or `start`
// waiting to append (up to 10 s, then exit 74) never lands in a file that
// is about to be replaced, whatever way the editor saves.
//
// After the editor: problems are reported as FILE:LINE[:COL]: reason. On a
// terminal, "Edit again?" is asked; otherwise, or on "n", the file is kept
// as saved and edit exits 65. A failing editor (non-zero exit) ends edit
// with exit 1, the journal left untouched.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "core/cron.hpp"
#include "cli/files.hpp"
#include "cli/terminal.hpp"
#include "core/journal.hpp"
#include "core/routine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
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
  if (pid > 0)
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  int err = errno;
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

// Removes the temporary copy however edit ends.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

std::string read_fd(int fd, const std::string& name) {
  std::string text;
  char buf[65536];
  off_t off = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Failure(kIoErr, fmt::format("{}: cannot read: {}", name, std::strerror(errno)));
    if (n == 0) return text;
    text.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
}

bool write_all_at(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return ::ftruncate(fd, static_cast<off_t>(data.size())) == 0;
}

// Rewrites the locked journal in place with the edited text.
void write_back(int fd, const std::string& path, const std::string& before, const std::string& after) {
  if (after.size() > before.size() &&
      ::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(after.size())) != 0 &&
      (errno == ENOSPC || errno == EDQUOT || errno == EFBIG))
    throw Failure(kIoErr, fmt::format("{}: {}; the journal was not changed", path, std::strerror(errno)));
  if (write_all_at(fd, after) && (::fsync(fd) == 0 || errno == EINVAL)) return;
  int e = errno;
  bool restored = write_all_at(fd, before) && ::fsync(fd) == 0;
  throw Failure(kIoErr, fmt::format("{}: cannot save the edit: {}; {}", path, std::strerror(e),
                                    restored ? "the journal was put back as it was" : "the journal may be damaged"));
}

int edit_journal(const EditOptions& o, Context& ctx) {
  const std::string path = ctx.journal_path();
  // A journal made meanwhile by another writer is simply the one to edit.
  if (write_new_file(path, std::string(kJournalHeader) + "\n", 0600) && !o.quiet)
    warn(fmt::format("created the journal {}", path));
  Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0)
    throw Failure(kIoErr, fmt::format("{}: cannot open the journal for editing: {}", path, std::strerror(errno)));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw Failure(kIoErr, fmt::format("{}: the journal is not a regular file; it cannot be edited", path));
  ::fcntl(fd.get(), F_SETFL, 0);
  // Wait a little for a writer that holds the lock right now.
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) break;  // no locks on this file system: go on
    if (std::chrono::steady_clock::now() >= give_up)
      throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program; try again", path));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string before = read_fd(fd.get(), path);

  std::string dir = env("TMPDIR").value_or("/tmp");
  if (dir.empty() || dir[0] != '/') dir = "/tmp";
  std::string tmpl = dir + "/backcare-journal-XXXXXX.txt";
  int tfd = ::mkstemps(tmpl.data(), 4);
  if (tfd < 0) throw Failure(kCantCreate, fmt::format("{}: cannot create a temporary copy: {}", dir, std::strerror(errno)));
  TempFile temp{tmpl};
  {
    Fd t(tfd);
    if (!write_all_at(t.get(), before) || ::fsync(t.get()) != 0)
      throw Failure(kIoErr, fmt::format("{}: cannot write the temporary copy: {}", temp.path, std::strerror(errno)));
  }

  const std::string editor = editor_command();
  std::string after;
  bool problems = false;
  for (;;) {
    check_editor(run_editor(editor, temp.path), editor, "the journal was not changed");
    after = read_small_file(temp.path, "edited copy of the journal");
    std::vector<std::string> typos;
    auto found = journal_problems(after, path, typos);
    for (const auto& p : found) warn(p);
    for (const auto& t : typos) warn(t);
    problems = !found.empty();
    if (problems && again()) continue;
    break;
  }
  if (after == before) {
    if (!o.quiet) warn(fmt::format("{}: no changes", path));
  } else {
    write_back(fd.get(), path, before, after);
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
