// Streaks (SPEC §5) over the per-day marks of the fold (core/days): a run
// of active-or-neutral days, by day_state(), the one day rule.
#pragma once

#include "core/days.hpp"

#include <optional>

namespace backcare {

struct Streaks {
  int current = 0;
  int longest = 0;
};

// Streaks as of `today` over the days from `since` on (days before it are
// not seen). planned_days: weekdays any routine is scheduled on (bit 0 =
// Monday). Today counts once active; until then the run ends yesterday.
Streaks compute_streaks(const DayMarks& days, Day since, Day today, unsigned planned_days);

// The first day on which the run of active days, counted by the rule of
// compute_streaks, reached n; nullopt when it never did by today.
std::optional<Day> first_streak_of(const DayMarks& days, Day since, Day today, unsigned planned_days, int n);

}  // namespace backcare
