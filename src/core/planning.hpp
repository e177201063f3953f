// What `plan` shows besides today's routines: the week, the goal, the
// progression target in minutes, the next rest day, and whether to nudge.
// Pure: the journal comes in as the fold (core/days), "now" as a value.
#pragma once

#include "core/days.hpp"
#include "core/journal.hpp"
#include "core/progression.hpp"
#include "core/routine.hpp"
#include "core/schedule.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace backcare {

// The facts plan needs, gathered in one pass over the journal: the fold
// (core/days), whose week() holds the DayLogs of today's ISO week.
using JournalDigest = DayFold;

// The minutes a session should last this week (SPEC §6, "start small and
// build up"): start_minutes, plus weekly_increase for each full week since
// the first journal entry, at most max_minutes.
struct MinutesTarget {
  int week = 1;  // 1 for the first seven days
  int minutes = 0;
  bool at_ceiling = false;
};
MinutesTarget minutes_target(const Goals& g, std::optional<Day> first_day, Day today);

// Days without a session or exercise that are over, when they are two or
// more: the days after the last active day or rest day (a rest day is
// excused), else from the first entry on, up to yesterday (today is not
// over). Nothing for an empty journal or when today is active.
std::optional<int> idle_days(const JournalDigest& d);

// The state of a scheduled routine on a day of the week.
// `before`: a past day before the journal's first entry (not missed: the
// habit had not started).
enum class WeekState { done, missed, rest, due, upcoming, before };
std::string_view week_state_name(WeekState s);

struct WeekItem {
  const RoutineDef* routine;
  int time;  // the first scheduled time of the day
  WeekState state;
};

struct WeekRow {
  Day day;
  bool is_today = false;
  std::vector<WeekItem> scheduled;
  const DayLog* log = nullptr;  // into the digest
};

// The seven days of now's ISO week: each with its scheduled routines and
// their state (past days: done, rest, missed, or before the first entry; today: done, rest, due or
// upcoming; later days: rest when one is planned, else upcoming).
std::vector<WeekRow> plan_week(const Routine& r, LocalTime now, const JournalDigest& d);

// Why an exercise is at its level, for people: "first time", "steady",
// "up on 2026-11-21: two easy sessions", "down on ...: marked sore".
std::string describe_level(const Level& l);

// The last light of an exercise and why, in plain words, for `plan
// ROUTINE`: "up: two easy sessions", "held: pain 6 after the session on
// Tuesday", "down: marked sore yesterday". today names the days near it.
std::string describe_light(const Level& l, Day today);

// The flare-up in one line, for plan and start ("" when there is none).
std::string describe_flare(const Flare& f, Day today);

// A week's session target (SPEC §6): the weekly goal scaled by the week's
// planned days that are not rest days, rounded up. planned: the weekdays a
// routine is scheduled on (bit 0 = Monday; none: every day is planned);
// rest: the week's days with a rest entry, same bits.
int week_target(int goal, unsigned planned, unsigned rest);

// The rest-day bits of the digest's week.
unsigned week_rest_days(const JournalDigest& d);

// Whether to ask for a morning reading (SPEC §6): the day after a session
// (or exercise), before any pain reading today.
bool wants_morning_reading(const JournalDigest& d);

// Whether a routine's session fits the minutes target: the target is shown
// only then (SPEC §6: the two never contradict each other).
bool target_fits(int session_minutes, const MinutesTarget& t);

}  // namespace backcare
