// Pain readings and their trend (SPEC §5). Shared by stats and check.
#pragma once

#include "core/calendar.hpp"

#include <optional>
#include <string_view>

namespace backcare {

class ByteWriter;
class ByteReader;

enum class Trend { improving, stable, worsening, unknown };
std::string_view trend_name(Trend t);

// Compares the mean of an older window with a newer one: a change of at
// least 2 points, or of at least 1 point that is also at least 30 % of the
// older mean, is improving (a fall) or worsening (a rise); less is stable.
Trend compare_means(double older, double newer);

struct Mean {
  double sum = 0;
  int count = 0;
  void add(int v) { sum += v, ++count; }
  std::optional<double> value() const { return count ? std::optional<double>(sum / count) : std::nullopt; }
};

// Trend of two windows: unknown with fewer than 2 readings in either.
Trend trend_of(const Mean& older, const Mean& newer);

struct PainSummary {
  std::optional<int> last;
  std::optional<Day> last_day;
  Mean recent;    // today and the 6 days before
  Mean previous;  // the 7 days before those
  Trend trend = Trend::unknown;
};

// Streams readings (pain lines and the pain= of sessions and exercises), in
// any order; readings after `today` are the caller's to drop.
class PainTracker {
 public:
  explicit PainTracker(Day today) : today_(today) {}
  // time: seconds since midnight or -1; order: position in the file.
  void add(Day day, int time, int value, long order);
  // Takes in the readings another tracker (same today) has seen, as if
  // they had been added here.
  void merge(const PainTracker& other);
  PainSummary summary() const;
  // The fold cache (core/fold_cache): the state as bytes, and back into
  // one made as the saved one was (false for bytes that are not its).
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);

 private:
  Day today_;
  PainSummary s_;
  int last_time_ = -2;
  long last_order_ = -1;
};

}  // namespace backcare
