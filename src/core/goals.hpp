// Goals that scale with planned rest (SPEC §5, §6). Every figure that sets
// sessions against the weekly goal uses the target of the 7 days it looks
// at: week_target (core/planning) of their rest days. That is `week.target`
// of `stats` and `plan`, the weekly-goal streak (each ISO week against its
// own target), habit strength (each day's 7-day window against the target of
// those 7 days), the overview's "This week" and the report's weeks.
//
// Left at the goal itself, as documented: `stats --format '{target}'` and
// `stats --json`'s weekly_goal.target (the goal as set, read without the
// journal), and habit strength's multiplier m (the habit's frequency,
// SPEC §5: f = the goal ÷ 7).
#pragma once

#include "core/calendar.hpp"

#include <functional>

namespace backcare {

// The bit of a day's weekday (bit 0 = Monday), as week_target reads them.
unsigned weekday_bit(Day d);

// The target of 7 consecutive days, told one day at a time (each of the 7
// has its own weekday, so their rest days are week_target's bits): for
// a rolling window, tell every day in turn; the day told 7 days before
// leaves. Days never told count as not rest.
class SevenDayTarget {
 public:
  SevenDayTarget(int goal, unsigned planned) : goal_(goal), planned_(planned) {}
  void day(Day d, bool rest);
  int target() const;

 private:
  int goal_;
  unsigned planned_;
  unsigned rest_ = 0;
};

// The target of the ISO week from `monday`, rest days ahead included (they
// are plans): is_rest(d) says whether day d holds a rest entry.
int iso_week_target(int goal, unsigned planned, Day monday, const std::function<bool(Day)>& is_rest);

}  // namespace backcare
