// backcare check: not built yet.
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace backcare::cli {

Command add_check(CLI::App& root) {
  auto* cmd = root.add_subcommand("check", "screening for warning signs: when to see a clinician");
  cmd->allow_extras();
  return {cmd, [](Context&) -> int { throw Failure(kSoftware, "'check' is not built yet"); }};
}

}  // namespace backcare::cli
