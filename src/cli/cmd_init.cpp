// backcare init: write the default routine where the user can edit it.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/files.hpp"

#include <fmt/format.h>

#include <memory>

namespace backcare::cli {

namespace {
struct InitOptions {
  bool print = false;
  bool quiet = false;
};

int run_init(const InitOptions& o, Context& ctx) {
  if (o.print) {
    fmt::print("{}", default_routine_text());
    return kOk;
  }
  std::string path = ctx.routine_file();
  if (!write_new_file(path, default_routine_text()))
    throw Failure(kCantCreate, fmt::format("{}: already exists; it was left as it is (change it with '{}', or move it "
                                           "away to start afresh)",
                                           path, ctx.command("edit routine")));
  if (!o.quiet)
    fmt::print(stderr, "backcare: wrote the default routine to {}; change it with '{}'\n", path,
               ctx.command("edit routine"));
  return kOk;
}
}  // namespace

Command add_init(CLI::App& root) {
  auto o = std::make_shared<InitOptions>();
  auto* cmd = root.add_subcommand("init", "write the default routine to your config, to edit");
  cmd->add_flag("--print", o->print, "write the default routine to stdout instead");
  add_quiet(cmd, o->quiet);
  cmd->footer(examples({"backcare init", "backcare init --print > my-routine.toml",
                        "backcare init --routine ~/back/routine.toml"}));
  return {cmd, [o](Context& ctx) { return run_init(*o, ctx); }};
}

}  // namespace backcare::cli
