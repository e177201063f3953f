// backcare: a habit tracker for exercises against upper-back pain.
// This file wires the subcommands to CLI11 and maps errors to exit codes.
#include "cli/commands.hpp"
#include "cli/context.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <csignal>
#include <exception>
#include <system_error>

using namespace backcare::cli;

namespace {

// "backcare log pain": the command line's subcommands, parsed so far, so
// that a usage error points at the help of the command it is about.
std::string command_path(CLI::App& app) {
  std::string path = "backcare";
  for (CLI::App* a = &app;;) {
    auto subs = a->get_subcommands();
    if (subs.empty() || subs.front()->get_name().rfind("__", 0) == 0) return path;
    a = subs.front();
    path += " " + a->get_name();
  }
}

// SPEC §4: a failed write to stdout is an I/O error (exit 74), checked
// once here for every command. Returns the exit code to use.
int check_stdout(int code, int e = 0) {
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  if (!flushed && errno != 0) e = errno;
  if (flushed && !std::ferror(stdout)) return code;
  if (e != 0) warn(fmt::format("cannot write to standard output: {}", std::strerror(e)));
  else warn("cannot write to standard output");
  return kIoErr;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_DFL);  // a closed pipe ends us quietly, as with cat
  CLI::App app{"backcare: a habit tracker for exercises against upper-back pain", "backcare"};
  app.set_version_flag("--version", std::string("backcare ") + BACKCARE_VERSION);
  app.fallthrough();  // global options work after the subcommand too
  app.require_subcommand(0, 1);
  GlobalOptions g;
  app.add_option("--routine", g.routine, "routine file (default: ~/.config/backcare/routine.toml, else built in)")
      ->type_name("FILE");
  auto* journal_opt = app.add_option("--journal", g.journal, "journal file (default: ~/.local/share/backcare/journal.txt)")
      ->type_name("FILE");
  app.add_flag("--no-color", g.no_color, "no colour, as --color never");
  app.add_option("--color", g.color, "colour: auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.footer(
      "\nEnvironment: BACKCARE_ROUTINE, BACKCARE_JOURNAL, BACKCARE_NOW, XDG_CONFIG_HOME, XDG_DATA_HOME,\n"
      "NO_COLOR, TERM, TZ, VISUAL, EDITOR.\n"
      "See backcare(1). Run 'backcare COMMAND --help' for a command's options.\n"
      "\nExamples:\n"
      "  backcare start morning\n"
      "  backcare log pain 3 --where neck\n"
      "  backcare plan --due -q && notify-send backcare 'time for your exercises'");

  std::vector<Command> commands = {add_init(app), add_edit(app), add_start(app), add_log(app),
                                   add_plan(app), add_stats(app), add_check(app), add_complete(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "backcare: {}\nRun '{} --help' for usage.\n", cut_long_words(e.what(), 100), command_path(app));
    return kUsage;
  }
  g.journal_given = journal_opt->count() > 0;
  try {
    Context ctx(g);
    for (auto& c : commands)
      if (c.app->parsed()) return check_stdout(c.run(ctx));
    return check_stdout(run_overview(ctx));  // bare `backcare` (SPEC §9)
  } catch (const Failure& f) {
    warn(f.what());
    return f.code;
  } catch (const std::system_error& e) {
    if (std::ferror(stdout)) return check_stdout(kIoErr, e.code().value());  // fmt::print's own report of a failed write
    warn(fmt::format("internal error: {}", e.what()));
    return kSoftware;
  } catch (const std::bad_alloc&) {
    warn("out of memory");
    return kSoftware;
  } catch (const std::exception& e) {
    warn(fmt::format("internal error: {}", e.what()));
    return kSoftware;
  }
}
