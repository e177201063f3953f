#include "core/pain.hpp"

#include "core/bytes.hpp"

#include <cmath>
#include <tuple>

namespace backcare {

std::string_view trend_name(Trend t) {
  switch (t) {
    case Trend::improving: return "improving";
    case Trend::stable: return "stable";
    case Trend::worsening: return "worsening";
    case Trend::unknown: return "unknown";
  }
  return "unknown";
}

Trend compare_means(double older, double newer) {
  constexpr double eps = 1e-9;  // means of small integers: keep exact boundaries exact
  double change = newer - older;
  double size = std::fabs(change);
  bool big = size >= 2 - eps || (size >= 1 - eps && size >= 0.3 * older - eps);
  if (!big) return Trend::stable;
  return change < 0 ? Trend::improving : Trend::worsening;
}

Trend trend_of(const Mean& older, const Mean& newer) {
  if (older.count < 2 || newer.count < 2) return Trend::unknown;
  return compare_means(*older.value(), *newer.value());
}

void PainTracker::add(Day day, int time, int value, long order) {
  int age = days_between(day, today_);
  if (age >= 0 && age < 7) s_.recent.add(value);
  else if (age >= 7 && age < 14) s_.previous.add(value);
  // The last reading: the latest day, then time (untimed first), then file order.
  if (!s_.last_day || std::tie(day, time, order) > std::tie(*s_.last_day, last_time_, last_order_)) {
    s_.last = value;
    s_.last_day = day;
    last_time_ = time;
    last_order_ = order;
  }
}

void PainTracker::merge(const PainTracker& o) {
  s_.recent.sum += o.s_.recent.sum;
  s_.recent.count += o.s_.recent.count;
  s_.previous.sum += o.s_.previous.sum;
  s_.previous.count += o.s_.previous.count;
  if (o.s_.last_day && (!s_.last_day || std::tie(*o.s_.last_day, o.last_time_, o.last_order_) >
                                            std::tie(*s_.last_day, last_time_, last_order_))) {
    s_.last = o.s_.last;
    s_.last_day = o.s_.last_day;
    last_time_ = o.last_time_;
    last_order_ = o.last_order_;
  }
}

PainSummary PainTracker::summary() const {
  PainSummary s = s_;
  s.trend = trend_of(s.previous, s.recent);
  return s;
}

void PainTracker::save(ByteWriter& w) const {
  w.put(today_);
  w.put(s_.last), w.put(s_.last_day);
  w.put(s_.recent.sum), w.put(s_.recent.count), w.put(s_.previous.sum), w.put(s_.previous.count);
  w.put(last_time_), w.put(last_order_);
}

bool PainTracker::load(ByteReader& r) {
  Day today;
  if (!r.get(today) || today != today_) return r.fail();
  return r.get(s_.last) && get_day(r, s_.last_day) && r.get(s_.recent.sum) && get_count(r, s_.recent.count) &&
         r.get(s_.previous.sum) && get_count(r, s_.previous.count) && r.get(last_time_) && r.get(last_order_);
}

}  // namespace backcare
