// backcare sync: keeps the journal's folder in step with a git remote (SPEC
// §9). git is the engine: this file only runs it (posix_spawnp, no shell),
// with `journal.txt merge=union` in .gitattributes so that two machines'
// new lines are both kept. It never rewrites history (no rebase, no force,
// no reset): a merge git cannot finish is undone with `git merge --abort`
// and left to the person, with the commands to run.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/files.hpp"
#include "core/cron.hpp"
#include "core/journal.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace backcare::cli {
namespace {

struct SyncOptions {
  std::string init;  // --init REMOTE
  bool quiet = false;
};

struct Git {
  int status = -1;     // exit status; -1 when git could not be run
  std::string output;  // stdout and stderr together
};

// Runs `git -C dir ARGS...`, with its output captured. Never a shell, and
// never a terminal prompt for a password (GIT_TERMINAL_PROMPT=0): sync is
// run from cron too.
class GitRunner {
 public:
  explicit GitRunner(std::string dir) : dir_(std::move(dir)) {}

  // -c user.name / user.email for commits, set when the user has none.
  void set_identity_defaults(std::vector<std::string> args) { identity_ = std::move(args); }

  Git run(const std::vector<std::string>& args) const {
    std::vector<std::string> all = {"git", "-C", dir_};
    all.insert(all.end(), identity_.begin(), identity_.end());
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e)
      if (std::strncmp(*e, "GIT_TERMINAL_PROMPT=", 20) != 0 && std::strncmp(*e, "LC_ALL=", 7) != 0)
        env_store.emplace_back(*e);
    env_store.emplace_back("GIT_TERMINAL_PROMPT=0");
    env_store.emplace_back("LC_ALL=C");  // git's messages as we parse them
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Failure(kIoErr, fmt::format("cannot run git: {}", std::strerror(errno)));
    Fd rd(fds[0]), wr(fds[1]);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, wr.get(), 1);
    posix_spawn_file_actions_adddup2(&fa, wr.get(), 2);
    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, "git", &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ::close(wr.release());
    Git g;
    if (rc != 0) {
      g.output = std::strerror(rc);
      return g;
    }
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(rd.get(), buf, sizeof buf);
      if (n > 0) g.output.append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR) break;
    }
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    g.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return g;
  }

 private:
  std::string dir_;
  std::vector<std::string> identity_;
};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The last few lines of git's output, indented, to quote in a message.
std::string quoted_output(const std::string& out) {
  std::vector<std::string> lines;
  std::size_t p = 0;
  while (p < out.size()) {
    std::size_t q = out.find('\n', p);
    if (q == std::string::npos) q = out.size();
    std::string line = out.substr(p, q - p);
    if (!line.empty() && line.find_first_not_of(' ') != std::string::npos) lines.push_back(line);
    p = q + 1;
  }
  std::size_t from = lines.size() > 6 ? lines.size() - 6 : 0;
  std::string s;
  for (std::size_t i = from; i < lines.size(); ++i) s += "\n  git: " + lines[i];
  return s;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A pattern line for .gitattributes: the name with git's glob characters
// escaped.
std::string attr_pattern(const std::string& name) {
  std::string out = "/";
  for (char c : name) {
    if (c == '*' || c == '?' || c == '[' || c == '\\' || c == ' ' || c == '!' || c == '#') out += '\\';
    out += c;
  }
  return out;
}

class Sync {
 public:
  Sync(Context& ctx, const SyncOptions& o)
      : o_(o), journal_(ctx.journal_path()), dir_(dir_of(journal_)), name_(base_of(journal_)), git_(dir_),
        hint_sync_(ctx.command("sync")) {
    for (char c : journal_)
      if (static_cast<unsigned char>(c) < 0x20)
        throw Failure(kUsage, "the journal's path holds a control character; sync cannot name it to git");
  }

  int init(std::string remote) {
    if (remote.empty() || remote[0] == '-')
      throw Failure(kUsage, fmt::format("--init '{}': give the remote's URL or path (such as "
                                        "git@example.org:me/backcare.git)",
                                        remote));
    check_git();
    // A local path is made absolute: git reads it from the folder later.
    auto colon = remote.find(':'), slash = remote.find('/');
    if (remote[0] != '/' && remote.find("://") == std::string::npos && (colon == std::string::npos || slash < colon)) {
      char cwd[4096];
      if (::getcwd(cwd, sizeof cwd)) remote = std::string(cwd) + "/" + remote;
    }
    if (exists(dir_ + "/.git"))
      throw Failure(kCantCreate, fmt::format("{} is a git repository already: run '{}' to bring it in step (its "
                                             "remote is 'origin')",
                                             dir_, hint_sync_));
    check_folder_is_the_journals();
    // First the remote: when it cannot be reached, nothing is changed here.
    Git ls = GitRunner(".").run({"ls-remote", "--symref", "--", remote});
    if (ls.status != 0) unreachable(remote, ls, "nothing was changed", false);
    std::optional<std::string> branch = remote_branch(ls.output);

    make_parent_dirs(dir_ + "/x");
    bool had_journal = exists(journal_);
    must(git_.run({"init", "-q"}), "make the folder a git repository");
    must(git_.run({"remote", "add", "origin", "--", remote}), "name the remote");
    write_excludes();
    set_identity();
    std::string b = branch.value_or("main");
    must(git_.run({"symbolic-ref", "HEAD", "refs/heads/" + b}), "name the branch");
    if (branch) {
      must(git_.run({"fetch", "-q", "origin", b}), "fetch from the remote");
      if (!had_journal) {
        // No journal here yet: take the remote's, as a clone would.
        must(git_.run({"checkout", "-q", "-b", b, "--track", "origin/" + b}), "check out the remote's journal");
        if (!exists(journal_)) (void)write_new_file(journal_, std::string(kJournalHeader) + "\n");
        ensure_attributes();
        if (commit_all("backcare sync --init: journal.txt merge=union")) push(b, true);
        else must(git_.run({"branch", "-q", "--set-upstream-to", "origin/" + b}), "follow the remote's branch");
      } else {
        ensure_attributes();
        commit_all(fmt::format("backcare sync --init: the journal of {}", host()));
        merge("origin/" + b, true);
        push(b, true);
      }
    } else {
      if (!had_journal) (void)write_new_file(journal_, std::string(kJournalHeader) + "\n");
      ensure_attributes();
      commit_all(fmt::format("backcare sync --init: the journal of {}", host()));
      push(b, true);
    }
    if (!o_.quiet)
      warn(fmt::format("{} is kept in step with {}; run '{}' to exchange new lines", dir_, remote, hint_sync_));
    return kOk;
  }

  int sync() {
    check_git();
    if (!exists(dir_ + "/.git"))
      throw Failure(kNegative, fmt::format("{} is not set up for sync yet: run '{}' with the URL of an (empty) git "
                                        "repository, once on each computer",
                                        dir_, hint_sync_ + " --init REMOTE"));
    if (exists(dir_ + "/.git/MERGE_HEAD"))
      throw Failure(kNegative, fmt::format("{} is in the middle of a merge; finish it first (cd {} && git status), "
                                           "then run '{}'",
                                           dir_, shell_word(dir_), hint_sync_));
    set_identity();
    Git head = git_.run({"symbolic-ref", "--short", "-q", "HEAD"});
    if (head.status != 0)
      throw Failure(kNegative, fmt::format("{} is not on a branch (a detached HEAD); check out your branch (cd {} && "
                                           "git status), then run '{}'",
                                           dir_, shell_word(dir_), hint_sync_));
    const std::string b = trimmed(head.output);
    // First the remote: when it cannot be reached, nothing is changed here.
    Git fetch = git_.run({"fetch", "-q", "origin"});
    if (fetch.status != 0) unreachable("origin", fetch, "nothing was changed; your journal is as it was");
    ensure_attributes();
    commit_all(fmt::format("backcare sync from {}", host()));
    bool remote_has = git_.run({"rev-parse", "-q", "--verify", "refs/remotes/origin/" + b}).status == 0;
    for (int attempt = 0;; ++attempt) {
      if (remote_has) merge("origin/" + b, false);
      Git p = git_.run({"push", "-q", "origin", "HEAD:refs/heads/" + b});
      if (p.status == 0) break;
      // Another computer pushed since our fetch: fetch and merge again, once.
      bool rejected = p.output.find("rejected") != std::string::npos || p.output.find("fetch first") != std::string::npos;
      if (!rejected || attempt > 0) unreachable("origin", p, "your new lines are committed here and go out with the next sync");
      Git f = git_.run({"fetch", "-q", "origin"});
      if (f.status != 0) unreachable("origin", f, "your new lines are committed here and go out with the next sync");
      remote_has = true;
    }
    if (git_.run({"rev-parse", "-q", "--verify", "@{u}"}).status != 0)
      git_.run({"branch", "-q", "--set-upstream-to", "origin/" + b});
    if (!o_.quiet) warn(fmt::format("{}: in step with the remote", dir_));
    return kOk;
  }

 private:
  void check_git() {
    Git v = GitRunner(".").run({"--version"});
    if (v.status != 0)
      throw Failure(kSoftware, "sync runs git, which was not found: install it (apt install git), then try again");
  }

  // sync keeps a folder of its own: one that holds other things (a journal
  // put in the home folder with --journal) is refused rather than made a
  // repository of everything there.
  void check_folder_is_the_journals() {
    DIR* d = ::opendir(dir_.c_str());
    if (!d) return;  // does not exist yet: it is made
    std::vector<std::string> others;
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n == "." || n == ".." || n == name_ || n == ".gitattributes" || n[0] == '.') continue;
      if (n.rfind(name_, 0) == 0) continue;  // the journal's own side files
      others.push_back(n);
    }
    ::closedir(d);
    if (!others.empty())
      throw Failure(kUsage, fmt::format("{} holds other files than the journal ({}{}); sync makes the whole folder a "
                                        "git repository, so give the journal a folder of its own (--journal "
                                        "DIR/journal.txt) and try again",
                                        dir_, others.front(), others.size() > 1 ? ", ..." : ""));
  }

  static std::optional<std::string> remote_branch(const std::string& ls) {
    // "ref: refs/heads/main\tHEAD" names the default branch; else any branch.
    std::optional<std::string> any;
    std::size_t p = 0;
    while (p < ls.size()) {
      std::size_t q = ls.find('\n', p);
      if (q == std::string::npos) q = ls.size();
      std::string line = ls.substr(p, q - p);
      p = q + 1;
      const std::string sym = "ref: refs/heads/";
      if (line.rfind(sym, 0) == 0) return line.substr(sym.size(), line.find('\t') - sym.size());
      auto tab = line.find("\trefs/heads/");
      if (tab != std::string::npos && (!any || line.substr(tab + 12) == "main")) any = line.substr(tab + 12);
    }
    return any;
  }

  // Why git could not talk to the remote, in the person's terms. sync never
  // lets git ask for anything (cron runs it too), so a remote that wants a
  // password, or an ssh host key not yet accepted, is said to be so. Before
  // the folder is set up (--init), the advice is to run --init again.
  [[noreturn]] void unreachable(const std::string& remote, const Git& g, const std::string& state,
                                bool set_up = true) {
    auto has = [&g](std::string_view s) { return g.output.find(s) != std::string::npos; };
    const std::string retry = set_up ? hint_sync_ : hint_sync_ + " --init " + shell_word(remote);
    const std::string try_it = set_up ? fmt::format("cd {} && git ls-remote origin", shell_word(dir_))
                                      : "git ls-remote " + shell_word(remote);
    if (has("Host key verification failed"))
      throw Failure(kNegative, fmt::format("the remote {} is on a host whose ssh key this computer does not know "
                                           "yet: {}.{}\nConnect once by hand ({}) to check and accept its key, "
                                           "then run '{}' again",
                                           remote, state, quoted_output(g.output), try_it, retry));
    if (has("terminal prompts disabled") || has("could not read Username") || has("could not read Password") ||
        has("Authentication failed") || has("Permission denied ("))
      throw Failure(kNegative, fmt::format("the remote {} wants a password or a key that sync cannot give: {}.{}\n"
                                           "sync never asks for one (it runs from cron too): give git a way in "
                                           "that does not ask, such as an ssh key in ssh-agent or a git credential "
                                           "helper, check it with '{}', then run '{}' again",
                                           remote, state, quoted_output(g.output), try_it, retry));
    throw Failure(kNegative, fmt::format("cannot reach the remote {}: {}.{}\nCheck the network and the remote's "
                                         "address{}, then run '{}' again",
                                         remote, state, quoted_output(g.output),
                                         set_up ? fmt::format(" (cd {} && git remote -v)", shell_word(dir_)) : "",
                                         retry));
  }

  void must(const Git& g, const std::string& what) {
    if (g.status == 0) return;
    throw Failure(kNegative, fmt::format("git could not {} in {}:{}", what, dir_, quoted_output(g.output)));
  }

  void set_identity() {
    std::vector<std::string> ids;
    if (git_.run({"config", "user.name"}).status != 0) ids.insert(ids.end(), {"-c", "user.name=backcare"});
    if (git_.run({"config", "user.email"}).status != 0)
      ids.insert(ids.end(), {"-c", fmt::format("user.email=backcare@{}.invalid", host())});
    git_.set_identity_defaults(ids);
  }

  static std::string host() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "this computer";
    std::string h;
    for (char* c = buf; *c; ++c)
      if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '.')
        h += *c;
    return h.empty() ? "this computer" : h;
  }

  void write_excludes() {
    // backcare's working files beside the journal stay on this computer.
    std::string path = dir_ + "/.git/info/exclude";
    std::string text = read_small_file(path, "git exclude file");
    text += fmt::format("# backcare's own working files beside the journal\n{}.*\n/.*\n!/.gitattributes\n",
                        attr_pattern(name_));
    ::unlink(path.c_str());
    if (!write_new_file(path, text, 0600)) throw Failure(kCantCreate, fmt::format("{}: cannot write it", path));
  }

  // ".gitattributes" holds "/journal.txt merge=union": both sides' new
  // lines are kept when two computers' journals are merged.
  void ensure_attributes() {
    const std::string path = dir_ + "/.gitattributes";
    const std::string line = attr_pattern(name_) + " merge=union";
    std::string text = exists(path) ? read_small_file(path, ".gitattributes") : std::string();
    std::size_t p = 0;
    while (p < text.size()) {
      std::size_t q = text.find('\n', p);
      if (q == std::string::npos) q = text.size();
      if (text.compare(p, q - p, line) == 0) return;
      p = q + 1;
    }
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += line + "\n";
    std::string tmp = path + ".backcare-new";
    ::unlink(tmp.c_str());
    if (!write_new_file(tmp, text, 0600)) throw Failure(kCantCreate, fmt::format("{}: cannot write it", tmp));
    if (::rename(tmp.c_str(), path.c_str()) != 0)
      throw Failure(kCantCreate, fmt::format("{}: cannot write it: {}", path, std::strerror(errno)));
  }

  // Commits every change in the folder; false when there was none.
  bool commit_all(const std::string& message) {
    must(git_.run({"add", "-A"}), "add the changes");
    Git diff = git_.run({"diff", "--cached", "--quiet"});
    if (diff.status == 0) return false;
    must(git_.run({"commit", "-q", "--no-verify", "-m", message}), "commit the changes");
    return true;
  }

  void merge(const std::string& theirs, bool unrelated) {
    std::vector<std::string> args = {"merge", "-q", "--no-edit"};
    if (unrelated) args.push_back("--allow-unrelated-histories");
    args.push_back(theirs);
    Git m = git_.run(args);
    if (m.status == 0) return;
    Git u = git_.run({"diff", "--name-only", "--diff-filter=U"});
    std::string files = trimmed(u.output);
    for (char& c : files)
      if (c == '\n') c = ' ';
    git_.run({"merge", "--abort"});  // back to this computer's side, whole
    if (files.empty())
      throw Failure(kNegative, fmt::format("git could not merge the remote's changes in {}; nothing was pushed and "
                                           "your journal is as it was:{}",
                                           dir_, quoted_output(m.output)));
    throw Failure(kNegative,
                  fmt::format("{} changed here and on another computer in ways git cannot join: {}. The merge was "
                              "undone, nothing was pushed, and your journal is as it was. To settle it by hand: cd "
                              "{} && git pull --no-rebase, edit those files, 'git commit -a', then run '{}'",
                              files == name_ ? "the journal" : "some files", files, shell_word(dir_), hint_sync_));
  }

  void push(const std::string& branch, bool set_upstream) {
    std::vector<std::string> args = {"push", "-q"};
    if (set_upstream) args.push_back("-u");
    args.insert(args.end(), {"origin", "HEAD:refs/heads/" + branch});
    Git p = git_.run(args);
    if (p.status != 0) unreachable("origin", p, "the repository here is set up and goes out with the next sync");
    if (set_upstream) git_.run({"branch", "-q", "--set-upstream-to", "origin/" + branch});
  }

  const SyncOptions& o_;
  std::string journal_, dir_, name_;
  GitRunner git_;
  std::string hint_sync_;
};

int run_sync(const SyncOptions& o, Context& ctx) {
  ::umask(077);  // what git writes (the journal among them) is for this user alone
  // The journal stays locked while git works on it, as edit does: a write
  // from cron waits rather than landing in a file git is replacing.
  int raw = ::open(ctx.journal_path().c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  std::optional<Fd> lock;
  if (raw >= 0) {
    lock.emplace(raw);
    if (!lock_file(lock->get(), LOCK_EX, std::chrono::seconds(10)))
      throw Failure(kIoErr, fmt::format("{}: the journal is locked by another program; try again in a moment",
                                        ctx.journal_path()));
  }
  Sync s(ctx, o);
  return o.init.empty() ? s.sync() : s.init(o.init);
}

}  // namespace

Command add_sync(CLI::App& root) {
  auto o = std::make_shared<SyncOptions>();
  auto* cmd = root.add_subcommand("sync", "keep the journal in step with a git remote, merging both sides' lines");
  cmd->add_option("--init", o->init, "make the journal's folder a git repository following REMOTE and push it "
                                     "(or take REMOTE's journal when there is none here)")
      ->type_name("REMOTE");
  add_quiet(cmd, o->quiet, "say nothing when all is well");
  cmd->footer(examples({"backcare sync --init ~/backcare.git", "backcare sync",
                        "30 * * * * /usr/local/bin/backcare sync -q"}));
  return {cmd, [o](Context& ctx) { return run_sync(*o, ctx); }};
}

}  // namespace backcare::cli
