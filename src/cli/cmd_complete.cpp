// backcare __complete: live values for the shell completion scripts, read
// from the user's actual routine, so the scripts never parse TOML.
// Hidden from --help; its output is one value a line, tab, description.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "core/symptoms.hpp"

#include <fmt/format.h>

#include <memory>

namespace backcare::cli {
namespace {

struct CompleteOptions {
  std::string what;
  std::string routine;
};

int run_complete(const CompleteOptions& o, Context& ctx) {
  if (o.what == "symptoms") {
    for (const auto& s : symptoms()) fmt::print("{}\t{}\n", s.id, s.description);
    return kOk;
  }
  const Routine* r = nullptr;
  try {
    r = &ctx.routine();
  } catch (const Failure&) {
    return kOk;  // a broken routine completes nothing rather than printing errors into the prompt
  }
  if (o.what == "activities") {
    for (const auto& a : r->outcomes.activities) fmt::print("{}\t{}\n", a.id, a.description);
  } else if (o.what == "routines") {
    for (const auto& def : r->routines) fmt::print("{}\t{}\n", def.name, def.title);
  } else if (o.what == "exercises") {
    const RoutineDef* def = o.routine.empty() ? nullptr : r->routine(o.routine);
    if (def) {
      for (const auto& id : def->exercises)
        if (const Exercise* e = r->exercise(id)) fmt::print("{}\t{}\n", e->id, e->name);
    } else {
      for (const auto& e : r->exercises) fmt::print("{}\t{}\n", e.id, e.name);
    }
  }
  return kOk;
}

}  // namespace

Command add_complete(CLI::App& root) {
  auto o = std::make_shared<CompleteOptions>();
  auto* cmd = root.add_subcommand("__complete", "values for shell completion");
  cmd->group("");  // hidden
  cmd->add_option("WHAT", o->what, "routines, exercises, symptoms or activities")
      ->required()
      ->check(CLI::IsMember({"routines", "exercises", "symptoms", "activities"}));
  cmd->add_option("ROUTINE", o->routine, "with exercises: only this routine's");
  return {cmd, [o](Context& ctx) { return run_complete(*o, ctx); }};
}

}  // namespace backcare::cli
