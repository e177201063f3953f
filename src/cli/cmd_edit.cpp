// backcare edit: not built yet.
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace backcare::cli {

Command add_edit(CLI::App& root) {
  auto* cmd = root.add_subcommand("edit", "edit the routine or the journal, then check it");
  cmd->allow_extras();
  return {cmd, [](Context&) -> int { throw Failure(kSoftware, "'edit' is not built yet"); }};
}

}  // namespace backcare::cli
