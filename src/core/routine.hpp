// The routine: exercises, the routines built from them, schedule, goals,
// settings and profile (SPEC §6, backcare-routine(5)). Loaded from TOML text
// and validated; the program never writes it back.
#pragma once

#include "core/calendar.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

// When a routine is planned (its schedule).
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

struct Range {
  int lo = 0, hi = 0;
  bool operator==(const Range&) const = default;
};

enum class Work { hold, reps, duration };

struct Dose {
  Work work = Work::hold;
  Range amount;      // seconds for hold and duration, a count for reps
  Range sets{1, 1};
  int sides = 1;     // 1, or 2: both sides, named as the steps name them (side_names)
  int rest = 15;     // seconds between sets and sides
  double tempo = 3;  // seconds a rep
  int pain_limit = 5;
  int step = 5;      // progression step of `amount`
};

// A spoken cue at a point of each set or side (`cues = [{ at = 0.5, say =
// "reverse" }]`): `at` is the fraction of the work done, above 0 and below 1.
struct CuePoint {
  double at = 0.5;
  std::string say;
};

struct Exercise {
  std::string id, name, phase, position;
  std::vector<std::string> equipment, steps, cautions;
  Dose dose;
  // The drawing of the position: one frame (`figure`) or two or more
  // (`frames`, shown in turn during each rep); each frame's lines are joined
  // with '\n', at most kFigureColumns code points wide and kFigureLines
  // lines. Empty when the routine has none.
  std::vector<std::string> frames;
  std::vector<CuePoint> cues;  // in the order of `at`
};

constexpr std::size_t kFigureColumns = 32;
constexpr std::size_t kFigureLines = 12;

// A frame's lines.
std::vector<std::string> figure_lines(std::string_view frame);
// The widest line of any frame of e, in code points (0 without a figure).
std::size_t figure_width(const Exercise& e);
// The most lines of any frame of e (0 without a figure).
std::size_t figure_height(const Exercise& e);
// The frame shown `ms` into a rep of `rep_ms`: the frames share each rep
// equally (cat, then cow). 0 with a single frame or none.
std::size_t frame_at(const Exercise& e, long long ms, long long rep_ms);

struct RoutineDef {
  std::string name, title, description;
  std::vector<std::string> exercises;  // ids, in order
  Schedule schedule;
};

struct Goals {
  int sessions_per_week = 5;
  int start_minutes = 5;
  int weekly_increase = 2;
  int max_minutes = 20;
};

struct Settings {
  bool bell = true;
  bool tick = true;  // a soft tick each rep; unless set, the same as bell
  std::vector<std::string> cue;  // argv; the spoken text is appended
  std::string emergency_number = "112";
  int rest_between = 15;
};

struct Profile {
  std::optional<int> age;
  // nullopt: unknown; otherwise the history items that apply (cancer,
  // osteoporosis, steroids); an empty list means none of them.
  std::optional<std::vector<std::string>> history;
  // assessed = true: a clinician has checked this upper-back pain, so the
  // screening does not ask about new pain between the shoulder blades.
  bool assessed = false;
};

// [outcomes] (SPEC §8): the activities the person finds hard, scored on
// the Patient-Specific Functional Scale every `every_days` days.
struct Activity {
  std::string id, description;
};
struct Outcomes {
  int every_days = 14;
  std::vector<Activity> activities;  // in the file's order
  const Activity* activity(std::string_view id) const;
};

struct Routine {
  std::vector<Exercise> exercises;
  std::vector<RoutineDef> routines;
  Goals goals;
  Settings settings;
  Profile profile;
  Outcomes outcomes;

  const Exercise* exercise(std::string_view id) const;
  const RoutineDef* routine(std::string_view name) const;
  // Weekdays on which any routine is scheduled (bit 0 = Monday).
  unsigned planned_days() const;
};

// A problem in the routine, at a 1-based line and column (0 when unknown).
struct RoutineError : std::runtime_error {
  RoutineError(int line_, int column_, const std::string& what) : std::runtime_error(what), line(line_), column(column_) {}
  int line, column;
};

// Parses and validates. Throws RoutineError.
Routine load_routine(std::string_view toml_text);

// The default routine, share/backcare/routine.toml, compiled in.
std::string_view default_routine_text();

}  // namespace backcare
