#include "core/streak.hpp"

#include <algorithm>

namespace backcare {

void DayMarks::mark(Day d, std::uint8_t m) {
  if (marks.empty()) {
    first = d;
  } else if (d < first) {
    marks.insert(marks.begin(), static_cast<std::size_t>(days_between(d, first)), 0);
    first = d;
  }
  auto i = static_cast<std::size_t>(days_between(first, d));
  if (i >= marks.size()) marks.resize(i + 1, 0);
  marks[i] |= m;
}

std::uint8_t DayMarks::at(Day d) const {
  if (marks.empty() || d < first) return 0;
  auto i = static_cast<std::size_t>(days_between(first, d));
  return i < marks.size() ? marks[i] : 0;
}

Streaks compute_streaks(const DayMarks& days, Day since, Day today, unsigned planned_days) {
  Streaks s;
  if (days.marks.empty()) return s;
  Day d = std::max(days.first, since);
  int run = 0;
  for (; d < today; d += date::days{1}) {
    std::uint8_t m = days.at(d);
    bool planned = planned_days >> (iso_weekday(d) - 1) & 1u;
    if (m & kActive) ++run;
    else if (!(m & kRest) && planned) run = 0;
    s.longest = std::max(s.longest, run);
  }
  if (d == today && (days.at(today) & kActive)) ++run;
  s.longest = std::max(s.longest, run);
  s.current = run;
  return s;
}

std::string_view day_state_name(DayState s) {
  switch (s) {
    case DayState::active: return "active";
    case DayState::neutral: return "neutral";
    case DayState::missed: return "missed";
  }
  return "missed";
}

DayState day_state(std::uint8_t marks, Day d, unsigned planned_days) {
  if (marks & kActive) return DayState::active;
  if ((marks & kRest) || !(planned_days >> (iso_weekday(d) - 1) & 1u)) return DayState::neutral;
  return DayState::missed;
}

std::optional<Day> first_streak_of(const DayMarks& days, Day since, Day today, unsigned planned_days, int n) {
  if (days.marks.empty() || n <= 0) return std::nullopt;
  int run = 0;
  for (Day d = std::max(days.first, since); d <= today; d += date::days{1}) {
    std::uint8_t m = days.at(d);
    if (m & kActive) {
      if (++run == n) return d;
    } else if (d < today && day_state(m, d, planned_days) == DayState::missed) {
      run = 0;
    }
  }
  return std::nullopt;
}

}  // namespace backcare
