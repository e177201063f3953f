// Progression (SPEC §6): each exercise's dose moves through its range in
// steps, and its level is derived from the journal alone. The routine file
// is never changed.
//
// The ladder of a dose: the main amount (hold seconds, reps or duration)
// rises by `step` from the low end to the high end of its range; then the
// sets rise one at a time, the amount staying at its high end.
//
// The lights (the pain-monitoring model): every session that did an
// exercise gets a light for it (judge_session):
//   red   - marked sore; or the session's pain is 2 or more above the
//           exercise's limit; or the next day's first reading (a
//           when=morning one if there is one) is 2 or more above the usual
//           pain. Down one step.
//   amber - pain above the limit; effort 8 or more; the next day's first
//           reading 1 above the usual pain; on the session's day the pain
//           trend (SPEC §5) is worsening or an emergency or urgent flag is
//           open. Holds the level.
//   green - none of those. Two greens in a row (no amber or red between:
//           a skip is neither) take it up one step.
// No reading the next day: the light is judged on the session alone. The
// usual pain of a day is the median of the readings of the 14 days before
// it; the next day's reading is compared with the usual pain of the
// session's day (what the back was like before the session). Unknown usual
// pain: the next day is not judged.
//
// Flare-ups (FlareTracker): a reading of 4 or more after 7 days whose
// readings were all 2 or less (the calm spell of check's `recurring`), or a
// reading 3 or more above the usual pain, starts one; it ends once three
// days, each with a reading and every reading at or below the usual pain of
// the day it started, have followed its last higher reading. When one
// starts every exercise goes back to the low end of its range; during it
// nothing steps up (greens do not count towards two).
//
// Open flags: whether an emergency or urgent flag is open on a session's
// day comes from core/flags (OnHoldByDay, over the rules of core/redflags),
// the one source `check --no-ask`, `plan`, `start` and `stats` use.
//
// Streaming: Progression takes the journal one Record at a time and keeps
// only a window of recent days (flat memory in the journal's length). Lines
// may be out of order within the window (kSlackDays); a line dated before
// a day already worked through sets needs_replay(): then call replay() and
// feed the whole journal again, which keeps every entry (compactly) and
// sorts them at the end.
#pragma once

#include "core/journal.hpp"
#include "core/pain.hpp"
#include "core/routine.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace backcare {

struct DoseStep {
  int amount = 0;  // seconds for hold and duration, a count for reps
  int sets = 1;
  bool operator==(const DoseStep&) const = default;
};

std::vector<DoseStep> dose_ladder(const Dose& d);

enum class Change { first_time, steady, up, down };

enum class Light : std::uint8_t;
enum class Cause : std::uint8_t;

struct Level {
  int index = 0;  // into dose_ladder
  Change change = Change::first_time;
  std::optional<Day> changed_on;  // the day of the last up or down
  std::string why;                // "two easy sessions", "marked sore", "flare-up"
  int times_done = 0;
  // The last light, the session's day and why; value: the pain, effort or
  // reading behind the cause; usual: the usual pain it was compared with.
  std::optional<Light> light;
  Cause cause{};
  std::optional<Day> light_on;
  int value = -1;
  int limit = 5;
  double usual = 0;
  int greens = 0;         // greens in a row since the last step or light that was not green
  bool in_flare = false;  // the last light came during a flare-up
  bool at_top = false;    // at the top of its ladder
};

enum class Light : std::uint8_t { green, amber, red };
std::string_view light_name(Light l);  // "green", "amber", "red"

// Why a session got its light.
enum class Cause : std::uint8_t {
  none,           // green
  sore,           // red: marked sore
  pain_high,      // red: pain 2 or more above the limit
  next_day_high,  // red: the next day's first reading 2 or more above the usual pain
  pain_over,      // amber: pain above the limit
  effort_high,    // amber: effort 8 or more
  next_day_over,  // amber: the next day's first reading 1 above the usual pain
  worsening,      // amber: the pain trend was worsening that day
  flag_open,      // amber: an emergency or urgent flag was open that day
};

struct SessionFacts {
  bool sore = false;
  int pain = kNone, effort = kNone;  // kNone: not recorded
  int limit = 5;                     // the exercise's pain limit
  std::optional<int> next_day;       // the next day's first reading
  std::optional<double> usual;       // the usual pain on the session's day
  bool worsening = false;            // the trend on the session's day
  bool flag_open = false;            // an emergency or urgent flag open that day
};

struct Judgement {
  Light light = Light::green;
  Cause cause = Cause::none;
  bool operator==(const Judgement&) const = default;
};

// The light of one session for one exercise (the rules above).
Judgement judge_session(const SessionFacts& f);

// The median of some readings (the mean of the middle two for an even
// count); none for no readings.
std::optional<double> median_of(std::vector<int> values);

// Readings of recent days, added day by day in date order: the usual pain
// and the trend of SPEC §5 for the day last added.
class PainWindow {
 public:
  PainWindow();
  void add_day(Day d, const std::vector<int>& readings);  // days in increasing order
  std::optional<double> usual(Day d) const;               // the 14 days before d
  Trend trend(Day d) const;                               // d and the 6 before against the 7 before those

 private:
  static constexpr int kSlots = 16;
  std::int32_t day_[kSlots];
  std::uint32_t counts_[kSlots][11];
};

struct Flare {
  bool active = false;
  std::optional<Day> since;       // the day the current (or last) flare-up started
  double usual_before = 0;        // readings at or below this count as settled
  int settled_days = 0;           // settled days since its last higher reading, of 3
  std::optional<Day> ended;       // the day the last one ended
  bool operator==(const Flare&) const = default;
};

inline constexpr int kFlareSettledDays = 3;

// Flare-ups over days in date order, each with its readings in time order
// and its usual pain. day() says whether one started that day.
class FlareTracker {
 public:
  bool day(Day d, const std::vector<int>& readings, std::optional<double> usual);
  const Flare& state() const { return f_; }

 private:
  Flare f_;
  std::optional<Day> calm_since_;  // the first day of the calm spell (readings of 2 or less)
};

struct ProgressionResult {
  std::map<std::string, Level> levels;  // exercises the journal mentions
  Flare flare;                          // the flare-up state after the last day
};

class Progression {
 public:
  explicit Progression(const Routine& routine);
  ~Progression();
  Progression(const Progression&) = delete;
  Progression& operator=(const Progression&) = delete;
  Progression(Progression&&) noexcept;
  Progression& operator=(Progression&&) noexcept;

  // One journal entry; line: its position in the file (orders a day's
  // entries of the same time). Entries after today are the caller's to drop.
  void add(const Record& r, long line);
  void add(const Entry& e, long line);

  bool needs_replay() const;
  void replay();  // forget everything; keep the next pass whole and sort it
  ProgressionResult finish();  // once, after the last add

  static constexpr int kSlackDays = 7;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The same for a few entries in memory (any order).
ProgressionResult compute_progression(const Routine& routine, const std::vector<Entry>& entries);
std::map<std::string, Level> compute_levels(const Routine& routine, const std::vector<Entry>& entries);

// The level of one exercise (level 0, first time, when absent).
Level level_of(const std::map<std::string, Level>& levels, const std::string& id);

// Today's dose of an exercise at a level (clamped to its ladder).
DoseStep dose_at(const Exercise& e, int level);

// Seconds one exercise takes at a dose: the work of every set and side
// plus the rests between them.
int exercise_seconds(const Exercise& e, DoseStep d);

// Seconds a routine takes at the given levels, with the rests between
// exercises; and the same rounded to whole minutes (at least 1).
int routine_seconds(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels);
int routine_minutes(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels);

// "2 × 30 s", "10 reps", "2 × 8 reps each side", "1 min 30 s".
std::string describe_dose(const Exercise& e, DoseStep d);
std::string describe_seconds(int seconds);

}  // namespace backcare
