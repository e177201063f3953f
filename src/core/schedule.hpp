// When routines are planned, and what is due now.
#pragma once

#include "core/calendar.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

struct Schedule {
  unsigned days = 0;       // bit i set: planned on ISO weekday i + 1 (bit 0 = Monday)
  std::vector<int> times;  // seconds since midnight, sorted, distinct

  bool scheduled() const { return days != 0 && !times.empty(); }
  bool on(Day d) const { return scheduled() && (days >> (iso_weekday(d) - 1) & 1u); }
};

inline constexpr unsigned kEveryDay = 0x7f;

// "mon".."sun" or "monday".."sunday", any case. Returns the bit, or 0.
unsigned weekday_bit(std::string_view name);
// "daily", "weekdays", "weekends". Returns the bits, or 0.
unsigned weekday_group(std::string_view name);
// "mon,wed,fri", "daily", "Mon-Fri" style text for people.
std::string describe_days(unsigned days);

struct RoutineDef;
struct Routine;

enum class DueState { done, due, upcoming, rest };
std::string_view due_state_name(DueState s);

// What the journal holds for one day, as far as the schedule cares.
struct DayRecord {
  bool rest = false;
  std::vector<std::string> sessions;  // routine names with a session that day
  bool has_session(std::string_view name) const;
};

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

}  // namespace backcare
