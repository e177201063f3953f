// Function check-ins (SPEC §3 `function`, §8 [outcomes]): the
// Patient-Specific Functional Scale. The person names 3 to 5 activities
// that the back makes hard and scores each from 0 (unable to do it) to 10
// (as well as before the problem) every few weeks. A change of 2 points or
// more in the mean is taken as meaningful (Stratford et al. 1995).
#pragma once

#include "core/calendar.hpp"
#include "core/journal.hpp"
#include "core/routine.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace backcare {

class ByteWriter;
class ByteReader;

// The change in the PSFS mean taken as meaningful.
inline constexpr double kFunctionMeaningful = 2.0;

struct Score {
  Day day{};
  int time = -1;  // seconds since midnight, -1 when untimed
  long order = 0; // position in the file
  int value = 0;
  bool before(const Score& o) const;  // day, then time (untimed first), then file order
};

struct ActivityScores {
  std::string id;
  Score first, last;
  int count = 0;
};

// The scores of one period, by activity. Entries may come in any order
// and on several threads (merge).
class FunctionTracker {
 public:
  FunctionTracker() = default;
  FunctionTracker(std::optional<Day> since, Day until) : since_(since), until_(until) {}
  void add(const Record& r, long order);
  void add(std::string_view activity, Score s);
  void merge(const FunctionTracker& other);
  // The fold cache (core/fold_cache): the state as bytes, and back into
  // one made as the saved one was (false for bytes that are not its).
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);

  // Every activity scored in the period, by id.
  std::vector<ActivityScores> activities() const;
  // The latest check-in day of the period, if any.
  std::optional<Day> last_day() const;

 private:
  std::optional<Day> since_;
  std::optional<Day> until_;
  std::map<std::string, ActivityScores, std::less<>> by_id_;
};

struct FunctionSummary {
  std::optional<double> first_mean;  // the mean of each activity's first score
  std::optional<double> last_mean;   // ... and of its last
  // last - first over the activities scored at least twice (null when none).
  std::optional<double> change;
  bool meaningful() const { return change && (*change >= kFunctionMeaningful || *change <= -kFunctionMeaningful); }
};
FunctionSummary summarize(const std::vector<ActivityScores>& acts);

// Whether a check-in is due today: the routine lists activities and none
// has been scored in the last `every_days` days (or ever).
bool function_due(const Outcomes& o, std::optional<Day> last, Day today);

// The one line `plan` prints when a check-in is due, or empty.
std::string function_reminder(const Outcomes& o, std::optional<Day> last, Day today);

}  // namespace backcare
