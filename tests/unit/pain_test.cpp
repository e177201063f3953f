#include "core/pain.hpp"

#include <catch2/catch.hpp>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

TEST_CASE("trend thresholds: 2 points, or 1 point that is 30 % of the older mean", "[pain]") {
  CHECK(compare_means(5, 3) == Trend::improving);      // exactly 2 points
  CHECK(compare_means(5, 7) == Trend::worsening);
  CHECK(compare_means(5, 3.1) == Trend::improving);    // 1.9 points, 38 % of 5
  CHECK(compare_means(8, 6.1) == Trend::stable);       // 1.9 points, 24 % of 8
  CHECK(compare_means(8, 9.9) == Trend::stable);
  CHECK(compare_means(10.0 / 3, 7.0 / 3) == Trend::improving);  // 1 point = 30 % of 3.33
  CHECK(compare_means(4, 3) == Trend::stable);         // 1 point = 25 % of 4
  CHECK(compare_means(3, 2) == Trend::improving);      // 1 point = 33 % of 3
  CHECK(compare_means(2, 3) == Trend::worsening);      // 1 point = 50 % of 2
  CHECK(compare_means(3, 2.1) == Trend::stable);       // under 1 point
  CHECK(compare_means(0, 0) == Trend::stable);
}

TEST_CASE("pain summary over the last 7 days and the 7 before", "[pain]") {
  Day today = D("2026-11-28");
  PainTracker t(today);
  t.add(D("2026-11-15"), -1, 6, 1);  // day -13: previous window
  t.add(D("2026-11-21"), -1, 6, 2);  // day -7: previous window
  t.add(D("2026-11-22"), -1, 4, 3);  // day -6: recent window
  t.add(D("2026-11-28"), 8 * 3600, 3, 4);
  t.add(D("2026-11-28"), -1, 9, 5);  // untimed sorts before timed readings of its day
  t.add(D("2026-11-14"), -1, 10, 6); // day -14: outside both
  auto s = t.summary();
  CHECK(s.last == 3);
  CHECK(s.recent.count == 3);
  CHECK(*s.recent.value() == Approx(16.0 / 3));
  CHECK(s.previous.count == 2);
  CHECK(*s.previous.value() == Approx(6));
  CHECK(s.trend == Trend::stable);  // 0.67 points
}

TEST_CASE("fewer than two readings in either window: unknown", "[pain]") {
  Day today = D("2026-11-28");
  PainTracker t(today);
  t.add(D("2026-11-28"), -1, 2, 1);
  t.add(D("2026-11-27"), -1, 2, 2);
  t.add(D("2026-11-18"), -1, 8, 3);
  CHECK(t.summary().trend == Trend::unknown);
  t.add(D("2026-11-17"), -1, 8, 4);
  CHECK(t.summary().trend == Trend::improving);
}

TEST_CASE("two trackers merged equal one that saw every reading", "[pain]") {
  Day today = D("2026-11-28");
  PainTracker all(today), a(today), b(today);
  struct R {
    const char* day;
    int time, value;
  } readings[] = {{"2026-11-15", -1, 6}, {"2026-11-27", 3600, 4}, {"2026-11-28", -1, 5}, {"2026-11-20", -1, 7},
                  {"2026-11-28", 7200, 2}, {"2026-11-28", 7200, 3}};
  long order = 0;
  for (const auto& r : readings) {
    ++order;
    all.add(D(r.day), r.time, r.value, order);
    (order <= 3 ? a : b).add(D(r.day), r.time, r.value, order);
  }
  b.merge(a);
  auto x = all.summary(), y = b.summary();
  CHECK(y.last == x.last);
  CHECK(y.last == 3);  // the same day and time: the later line
  CHECK(y.recent.count == x.recent.count);
  CHECK(y.recent.sum == x.recent.sum);
  CHECK(y.previous.count == x.previous.count);
  CHECK(y.trend == x.trend);
}
