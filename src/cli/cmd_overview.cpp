// Bare `backcare` (SPEC §9): today's overview. Open flags first (SPEC §7),
// then what is due, the streak and this week. Exit 0.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_read.hpp"
#include "core/flags.hpp"
#include "core/days.hpp"
#include "core/planning.hpp"
#include "core/schedule.hpp"
#include "core/streak.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

namespace backcare::cli {

int run_overview(Context& ctx) {
  const Context::Safety safety = ctx.safety();
  LocalTime now = ctx.now();
  Style st{ctx.color()};
  RedFlags rules(now.day);
  DayFold days(now.day);  // today, this week and the streak's marks
  scan_journal(ctx.journal_path(), {now.day}, [&](const Record& r, long line) {
    rules.add(r, line);
    days.add(r);
  });
  const OpenFlags open = open_flags(rules);
  if (!open.flags.empty()) fmt::print("{}\n", format_open_flags(open, safety.emergency_number, st));
  fmt::print("{}\n", st.bold(format_long_date(now.day)));
  if (!safety.routine) {
    fmt::print("  the routine cannot be read, so what is due is not known ('backcare edit routine' fixes it)\n");
    return kOk;
  }
  const Routine& routine = *safety.routine;
  const bool hold = open.on_hold();
  auto items = plan_day(routine, now, days.today_log());
  if (items.empty()) fmt::print("  nothing scheduled today\n");
  for (const auto& item : items) {
    std::string state(due_state_name(item.state));
    if (hold && item.state != DueState::done) state = "on hold";
    fmt::print("  {}  {}  {}\n", format_hhmm(item.time), item.routine->name, state);
  }
  int streak = compute_streaks(days.days(), days.days().first(), now.day, routine.planned_days()).current;
  fmt::print("{} {}\n", st.bold("Streak:"), plural(streak, "day", "days"));
  fmt::print("{} {} of {}\n", st.bold("This week:"), days.week_sessions(),
             plural(week_target(routine.goals.sessions_per_week, routine.planned_days(), days.week_rest_days()),
                    "session", "sessions"));
  if (hold) fmt::print("{}\n", st.bold("Exercise is on hold until a clinician has assessed the flags above."));
  return kOk;
}

}  // namespace backcare::cli
