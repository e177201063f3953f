// backcare plan: what is due today.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_file.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <memory>

namespace backcare::cli {
namespace {

struct PlanOptions {
  bool due = false;
  bool quiet = false;
};

DayRecord read_day(Context& ctx, Day day) {
  DayRecord rec;
  scan_journal(ctx.journal_path(), {ctx.today()}, [&](const Record& r, long) {
    if (r.date != day) return;
    if (r.kind == Kind::rest) rec.rest = true;
    if (r.kind == Kind::session && !rec.has_session(r.subject.text)) rec.sessions.emplace_back(r.subject.text);
  });
  return rec;
}

int run_plan(const PlanOptions& o, Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  DayRecord today = read_day(ctx, now.day);
  if (o.due) {
    auto names = due_now(routine, now, today);
    if (!o.quiet)
      for (const auto& n : names) fmt::print("{}\n", n);
    return names.empty() ? kNegative : kOk;
  }
  Style st{ctx.color()};
  fmt::print("{}\n", st.bold(format_long_date(now.day)));
  auto items = plan_day(routine, now, today);
  if (items.empty()) fmt::print("  nothing scheduled today\n");
  for (const auto& item : items) {
    std::string state(due_state_name(item.state));
    if (item.state == DueState::done) state = st.green(state);
    else if (item.state == DueState::due) state = st.yellow(state);
    fmt::print("  {}  {:<12} {}\n", format_hhmm(item.time), item.routine->name, state);
  }
  return kOk;
}

}  // namespace

Command add_plan(CLI::App& root) {
  auto o = std::make_shared<PlanOptions>();
  auto* cmd = root.add_subcommand("plan", "what is due today and this week; reminders for cron or a calendar");
  cmd->add_flag("--due", o->due, "print the routines due now, one a line; exit 1 when none is");
  add_quiet(cmd, o->quiet, "with --due: print nothing, only set the exit code");
  cmd->footer(examples({"backcare plan", "backcare plan --due -q && notify-send backcare 'time for your exercises'"}));
  return {cmd, [o](Context& ctx) { return run_plan(*o, ctx); }};
}

}  // namespace backcare::cli
