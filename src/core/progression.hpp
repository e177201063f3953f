// Progression (SPEC §6): each exercise's dose moves through its range in
// steps, and its level is derived from the journal alone. The routine file
// is never changed.
//
// The ladder of a dose: the main amount (hold seconds, reps or duration)
// rises by `step` from the low end to the high end of its range; then the
// sets rise one at a time, the amount staying at its high end.
//
// Up one step after two sessions in a row that did the exercise with
// effort 6 or less, pain 5 or less and no sore mark (both values must be
// recorded). Down one step after a sore mark, or when the highest pain
// reading of the next day is 2 or more above the last reading of the day
// it was done. A session that did the exercise otherwise, or skipped it,
// starts the count of two again.
#pragma once

#include "core/journal.hpp"
#include "core/routine.hpp"

#include <cstdint>
#include <map>
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

struct Level {
  int index = 0;  // into dose_ladder
  Change change = Change::first_time;
  std::optional<Day> changed_on;  // the day of the last up or down
  std::string why;                // "two easy sessions", "marked sore", ...
  int times_done = 0;
};

// What progression reads of the journal, kept compactly (about 30 bytes a
// session or reading, exercise ids as indices into the routine), so that a
// journal of millions of lines need not be held as entries. Entries may
// come in any order; exercises the routine does not define are left out.
class History {
 public:
  explicit History(const Routine& routine);
  void add(const Record& r);
  void add(const Entry& e);
  // Levels of every exercise the journal mentions; exercises it does not
  // mention are at level 0, first time.
  std::map<std::string, Level> levels() const;

 private:
  struct Item {
    std::int32_t day;
    std::int32_t time;  // -1 when the entry has none
    Kind kind;
    std::int8_t pain, effort;  // -1 when not recorded
    std::uint32_t ids;         // first index into ids_: done, then sore, then skipped
    std::uint16_t done, sore, skipped;
  };
  int index_of(std::string_view id) const;
  template <class Ids>
  void add_item(Day day, int time, Kind kind, int pain, int effort, const Ids& done, const Ids& sore,
                const Ids& skipped);

  const Routine& routine_;
  std::unordered_map<std::string_view, std::uint16_t> index_;  // id -> position in the routine
  std::vector<Item> items_;
  std::vector<std::uint16_t> ids_;
};

// The same for a few entries already in memory.
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
