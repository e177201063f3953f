// What is due now and what comes next: the routine model's schedules
// (core/routine: Schedule) against today's facts from the fold (core/days).
#pragma once

#include "core/calendar.hpp"
#include "core/days.hpp"
#include "core/routine.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

enum class DueState { done, due, upcoming, rest };
std::string_view due_state_name(DueState s);

struct PlanItem {
  const RoutineDef* routine;
  int time;  // the first planned time of the day, seconds since midnight
  DueState state;
};

// Each routine scheduled on now.day, in time order, with its state: done
// when it has a session that day (a partial one counts), rest on a rest
// day, due when its first time has come, else upcoming.
std::vector<PlanItem> plan_day(const Routine& r, LocalTime now, const DayRecord& today);

// The names of the routines due now (plan --due).
std::vector<std::string> due_now(const Routine& r, LocalTime now, const DayRecord& today);

// The next planned (day, time, routine) strictly after now, within a week.
struct Occurrence {
  Day day;
  int time;
  const RoutineDef* routine;
};
std::optional<Occurrence> next_planned(const Routine& r, LocalTime now);

// The schedules of the embedded default routine (share/backcare/routine.toml)
// known without parsing it: a Routine holding only each routine's name and
// schedule, for `plan --due` on the prompt path (a unit test holds it to
// the parse, so a change to the file must change it too).
const Routine& default_routine_schedules();

}  // namespace backcare
