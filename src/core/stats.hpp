// stats (SPEC §5): the journal streamed into per-day totals, and every
// figure computed from those totals. Pure: "today" and the routine's
// numbers come in as parameters; entries come in as Records, in any order.
//
// The per-day facts are the fold's (core/days: DayFold, its DayTable);
// this adds what only stats reads: pain readings with their time, the
// per-exercise counts. Memory is flat in the journal's length: one
// DayTotals per calendar day between the first entry and today, plus the
// exercise ids seen.
#pragma once

#include "core/calendar.hpp"
#include "core/days.hpp"
#include "core/journal.hpp"
#include "core/pain.hpp"
#include "core/streak.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace backcare {

struct ExerciseCounts {
  long done = 0, skipped = 0, sore = 0;
};

// What the caller wants computed; work for the rest is skipped.
enum StatsNeed : unsigned {
  kNeedDays = 1u << 0,       // per-day totals: streaks, weeks, strength, TSV, heat map
  kNeedPain = 1u << 1,       // pain last / means / trend
  kNeedExercises = 1u << 2,  // per-exercise counts
  kNeedToday = 1u << 3,      // today's sessions by routine and rest (what is due)
  kNeedTotals = 1u << 4,     // session count and minutes
  kNeedAll = 0x1fu,
};

// Streams records in. Entries before `since` or after `today` are not seen
// (the shell has already warned about future ones; rest days ahead are
// plans and stay out of the figures).
class StatsBuilder {
 public:
  StatsBuilder(Day today, std::optional<Day> since, unsigned needs = kNeedAll);
  // order: the line number (ties of the last pain reading go to the later).
  void add(const Record& r, long order);
  // Takes in what another builder (same today, since and needs) has seen
  // of a later part of the journal, as if it had been added here.
  void merge(const StatsBuilder& later);
  // The fold cache (core/fold_cache): the state as bytes, and back into
  // one made as the saved one was (false for bytes that are not its).
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);

  Day today() const { return fold_.today(); }
  std::optional<Day> since() const { return fold_.since(); }
  // The first day the figures start from: --since, else the first entry.
  std::optional<Day> start() const;
  const DayFold& fold() const { return fold_; }
  const DayTable& days() const { return fold_.days(); }
  long sessions() const { return fold_.sessions(); }
  double minutes() const { return fold_.minutes(); }
  PainSummary pain() const { return pain_.summary(); }
  // Exercise ids with their counts, sorted by id.
  std::vector<std::pair<std::string, ExerciseCounts>> exercises() const;
  // Today's record, for what is due now.
  const std::vector<std::string>& today_sessions() const { return fold_.today_log().sessions; }
  bool today_rest() const { return fold_.today_log().rest; }

 private:
  void count_list(const RawValue& list, int which);
  std::uint32_t intern(std::string_view id);

  unsigned needs_;
  DayFold fold_;
  PainTracker pain_;
  // Exercise ids, interned; lists are cached by their text, as a journal
  // repeats the same done= list day after day.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const;
  };
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
  std::vector<ExerciseCounts> counts_;
  // Each distinct list, with how often it was seen as done=, skipped= and
  // sore=: its ids are counted once, at the end (totals()), not on every line.
  struct SeenList {
    std::vector<std::uint32_t> ids;
    long times[3] = {};
  };
  std::unordered_map<std::string, SeenList, TextHash, std::equal_to<>> lists_;
  // counts_ and the lists' counts together, by interned id.
  std::vector<ExerciseCounts> totals() const;
};

// --- figures over the per-day totals -----------------------------------

// The weekdays planned and the weekly goal, from the routine.
struct Plan {
  unsigned planned_days = 0x7f;  // bit 0 = Monday
  int sessions_per_week = 5;
  bool operator==(const Plan&) const = default;
};

// Weekly-goal streak: consecutive ISO weeks whose session count reached the
// weekly target: the goal scaled by that week's rest days (SPEC §5, core/goals).
// A week all of whose seen days are rest days (a holiday), or whose planned
// days are all rest days (a target of 0), neither breaks nor extends the run. The current week counts once its
// target is met; until then the run ends with the week before (the week is
// not over). Weeks are seen from the one holding `start` on.
struct WeekStreaks {
  int current = 0;
  int longest = 0;
};
// ahead: the rest days of today's week, planned ones ahead included (the
// fold's week_rest_days(); the table stops at today), as week.target has them.
WeekStreaks week_streaks(const DayTable& days, Day start, Day today, int goal, unsigned planned = 0x7f,
                         unsigned ahead = 0);

// Sessions in the ISO week holding `today`, from its Monday (or `start`,
// if later) to today.
int week_sessions(const DayTable& days, Day start, Day today);

// Habit strength as Loop Habit Tracker computes it (SPEC §5 direction):
//   f = target / 7, m = 0.5^(sqrt(f) / 13),
//   c_t = min(1, sessions in the 7 days ending on day t / the target of
//         those 7 days: the goal scaled by their rest days, core/goals),
//   S_t = S_(t-1) * m + c_t * (1 - m), S before the first day = 0,
// a rest day (with no session or exercise) leaves S unchanged.
class HabitStrength {
 public:
  explicit HabitStrength(int target);
  // One day: the sessions of the 7 days ending that day.
  void day(int sessions_in_week, bool rest);
  // The same against the target of those 7 days (at least 1).
  void day(int sessions_in_week, bool rest, int target);
  double value() const { return s_; }  // 0 to 1
  double multiplier() const { return m_; }

 private:
  int target_;
  double m_;
  double s_ = 0;
};
// target: the weekly goal (m from it); planned: the weekdays it plans (bit 0 = Monday).
double habit_strength(const DayTable& days, Day start, Day today, int target, unsigned planned = 0x7f);

// The first week's pain baseline: the mean of the readings in the 7 days
// from the first reading on (cut at today).
struct Baseline {
  Day from{};
  double mean = 0;
  bool complete = false;  // the 7 days are over (today is after them)
};
std::optional<Baseline> pain_baseline(const DayTable& days, Day start, Day today);

// Milestones worth noticing, each with the day it was reached.
struct Milestone {
  std::string id;  // first-session, streak-7, streak-30, sessions-10/50/100, pain-down-2
  Day day{};
  std::string text;
};
// In date order. The streak ones use the daily streak rule; pain-down-2 is
// the first day after the baseline week whose 7-day mean (at least two
// readings) is 2 points or more below the baseline.
std::vector<Milestone> milestones(const DayTable& days, Day start, Day today, unsigned planned_days);

// The id with the largest count (ties: the first id in order); none when
// every count is 0.
std::optional<std::string> most_counted(const std::vector<std::pair<std::string, ExerciseCounts>>& ex,
                                        long ExerciseCounts::*field);

// --- the report: the figures a command asks for -------------------------

struct Routine;

enum ReportPart : unsigned {
  kPartStreak = 1u << 0,      // daily streaks
  kPartWeeks = 1u << 1,       // weekly-goal streaks
  kPartWeek = 1u << 2,        // this week's sessions
  kPartStrength = 1u << 3,    // habit strength
  kPartTotals = 1u << 4,      // sessions and minutes
  kPartPain = 1u << 5,        // last, means, trend
  kPartBaseline = 1u << 6,    // first-week baseline and change
  kPartExercises = 1u << 7,   // per-exercise counts
  kPartMilestones = 1u << 8,  // milestones
  kPartDayCounts = 1u << 9,   // active / neutral / missed days
  kPartDue = 1u << 10,        // routines due now
  kPartPlan = 1u << 11,       // the routine's plan alone (the weekly target)
  kPartAll = (1u << 12) - 1,
};

// What the builder must collect for these parts, and whether they need
// the routine (its schedule or goals).
unsigned builder_needs(unsigned parts);
bool parts_need_routine(unsigned parts);
// Whether they need the journal at all (the target alone does not).
bool parts_need_journal(unsigned parts);

struct DayCounts {
  long active = 0, neutral = 0, missed = 0;
};

struct StatsReport {
  unsigned parts = 0;  // what was computed; the rest is left empty
  Day as_of{};
  std::optional<Day> since;  // --since
  std::optional<Day> start;  // the first day seen: --since, else the first entry
  Plan plan;
  Streaks streak;
  WeekStreaks weeks;
  long sessions = 0;
  double minutes = 0;
  int week_sessions = 0;
  int week_target = 0;  // this week's target: the goal scaled by its rest days (SPEC §6, week_target)
  Day week_from{};  // the Monday of today's ISO week
  double strength = 0;  // 0 to 1
  PainSummary pain;
  std::optional<Baseline> baseline;
  std::optional<double> change;  // 7-day mean minus the baseline, once the first week is over
  std::vector<std::pair<std::string, ExerciseCounts>> exercises;
  std::optional<std::string> most_skipped, most_sore;
  std::vector<Milestone> milestones;
  DayCounts day_counts;
  std::vector<std::string> due;
};

// routine: needed when parts_need_routine(parts), else may be null (then
// the plan is every day and 5 a week). now_seconds: the time of day, for
// what is due (the end of the day when as_of is before today). plan, when
// given, stands for the routine's (then only kPartDue needs the routine).
StatsReport make_report(const StatsBuilder& b, const Routine* routine, int now_seconds, unsigned parts,
                        std::optional<Plan> plan = std::nullopt);

// The plan of a routine, and that of the embedded default routine known
// without parsing it (the prompt path; a unit test holds it to the parse).
Plan plan_of(const Routine& r);
Plan default_routine_plan();
// Parts whose figures need no more of the routine than its Plan.
inline bool parts_need_schedule(unsigned parts) { return parts & kPartDue; }
// Parts whose figures only need each line's date and kind (and a session's
// routine today): a reader may skip the rest of the line.
inline bool parts_need_heads_only(unsigned parts) {
  return !(parts & ~(kPartStreak | kPartWeeks | kPartWeek | kPartStrength | kPartDayCounts | kPartDue | kPartPlan));
}
// ... and which a repeated line cannot change.
inline bool parts_ignore_repeats(unsigned parts) {
  return !(parts & ~(kPartStreak | kPartDayCounts | kPartDue | kPartPlan));
}

}  // namespace backcare
