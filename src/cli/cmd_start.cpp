// backcare start: not built yet.
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace backcare::cli {

Command add_start(CLI::App& root) {
  auto* cmd = root.add_subcommand("start", "a guided session in the terminal");
  cmd->allow_extras();
  return {cmd, [](Context&) -> int { throw Failure(kSoftware, "'start' is not built yet"); }};
}

}  // namespace backcare::cli
