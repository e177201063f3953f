// Streaks (SPEC §5). A day is active with a session or exercise entry;
// neutral when not active and either a rest day or a day the schedule plans
// nothing; otherwise missed. Neutral days neither break nor extend a run.
#pragma once

#include "core/calendar.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace backcare {

enum DayMark : std::uint8_t { kActive = 1, kRest = 2 };

// Marks of a run of days: marks[i] belongs to first + i days.
struct DayMarks {
  Day first{};
  std::vector<std::uint8_t> marks;
  void mark(Day d, std::uint8_t m);
  std::uint8_t at(Day d) const;
};

struct Streaks {
  int current = 0;
  int longest = 0;
};

// Streaks as of `today` over the days from `since` on (days before it are
// not seen). planned_days: weekdays any routine is scheduled on (bit 0 =
// Monday). Today counts once active; until then the run ends yesterday.
Streaks compute_streaks(const DayMarks& days, Day since, Day today, unsigned planned_days);

// Active, neutral or missed. A day that is not active is neutral when it
// holds a rest entry or the schedule plans nothing that day; else missed
// (today too: it is not over, but not active yet either; the streak rule
// above does not count it against the run).
enum class DayState { active, neutral, missed };
std::string_view day_state_name(DayState s);
DayState day_state(std::uint8_t marks, Day d, unsigned planned_days);

// The first day on which the run of active days, counted by the rule of
// compute_streaks, reached n; nullopt when it never did by today.
std::optional<Day> first_streak_of(const DayMarks& days, Day since, Day today, unsigned planned_days, int n);

}  // namespace backcare
