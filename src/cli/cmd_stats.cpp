// backcare stats: not built yet.
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace backcare::cli {

Command add_stats(CLI::App& root) {
  auto* cmd = root.add_subcommand("stats", "streaks, goals, habit strength, pain trend");
  cmd->allow_extras();
  return {cmd, [](Context&) -> int { throw Failure(kSoftware, "'stats' is not built yet"); }};
}

}  // namespace backcare::cli
