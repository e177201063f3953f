#include "core/streak.hpp"

#include <algorithm>

namespace backcare {

Streaks compute_streaks(const DayMarks& days, Day since, Day today, unsigned planned_days) {
  Streaks s;
  if (days.empty()) return s;
  Day d = std::max(days.first(), since);
  int run = 0;
  for (; d < today; d += date::days{1}) {
    switch (day_state(days.marks(d), d, planned_days)) {
      case DayState::active: ++run; break;
      case DayState::missed: run = 0; break;
      case DayState::neutral: break;
    }
    s.longest = std::max(s.longest, run);
  }
  if (d == today && (days.marks(today) & kActive)) ++run;
  s.longest = std::max(s.longest, run);
  s.current = run;
  return s;
}

std::optional<Day> first_streak_of(const DayMarks& days, Day since, Day today, unsigned planned_days, int n) {
  if (days.empty() || n <= 0) return std::nullopt;
  int run = 0;
  for (Day d = std::max(days.first(), since); d <= today; d += date::days{1}) {
    const std::uint8_t m = days.marks(d);
    if (m & kActive) {
      if (++run == n) return d;
    } else if (d < today && day_state(m, d, planned_days) == DayState::missed) {
      run = 0;
    }
  }
  return std::nullopt;
}

}  // namespace backcare
