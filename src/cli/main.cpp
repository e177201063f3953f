// backcare: a habit tracker for exercises against upper-back pain.
// This file wires the subcommands to CLI11 and maps errors to exit codes.
#include "cli/commands.hpp"
#include "cli/context.hpp"

#include <fmt/format.h>

#include <clocale>
#include <csignal>
#include <exception>

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
  app.add_option("--journal", g.journal, "journal file (default: ~/.local/share/backcare/journal.txt)")
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
                                   add_plan(app), add_stats(app), add_check(app), add_report(app), add_complete(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "backcare: {}\nRun '{} --help' for usage.\n", e.what(), command_path(app));
    return kUsage;
  }
  try {
    Context ctx(g);
    for (auto& c : commands)
      if (c.app->parsed()) return c.run(ctx);
    fmt::print(stderr, "backcare: a command is needed: init, edit, start, log, plan, stats or check\n"
                       "Run 'backcare --help' for usage.\n");
    return kUsage;
  } catch (const Failure& f) {
    warn(f.what());
    return f.code;
  } catch (const std::bad_alloc&) {
    warn("out of memory");
    return kSoftware;
  } catch (const std::exception& e) {
    warn(fmt::format("internal error: {}", e.what()));
    return kSoftware;
  }
}
