#include "core/goals.hpp"

#include "core/planning.hpp"

namespace backcare {

unsigned weekday_bit(Day d) { return 1u << (iso_weekday(d) - 1); }

void SevenDayTarget::day(Day d, bool rest) {
  const unsigned bit = weekday_bit(d);
  rest_ = rest ? rest_ | bit : rest_ & ~bit;
}

int SevenDayTarget::target() const { return week_target(goal_, planned_, rest_); }

int iso_week_target(int goal, unsigned planned, Day monday, const std::function<bool(Day)>& is_rest) {
  SevenDayTarget t(goal, planned);
  for (int i = 0; i < 7; ++i) t.day(monday + date::days{i}, is_rest(monday + date::days{i}));
  return t.target();
}

}  // namespace backcare
