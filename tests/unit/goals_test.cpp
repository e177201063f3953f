// Goals that scale with planned rest (SPEC §5, §6; issue 14): every figure
// that sets sessions against the weekly goal uses the same scaled target.
#include "core/goals.hpp"
#include "core/planning.hpp"
#include "core/report.hpp"
#include "core/routine.hpp"
#include "core/stats.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>

#include <string>
#include <vector>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
StatsBuilder build(const char* today, const std::vector<std::string>& lines) {
  StatsBuilder b(D(today), std::nullopt);
  Record r;
  std::string error;
  long n = 0;
  for (const auto& l : lines) {
    INFO(l);
    REQUIRE(parse_record(l, r, error) == ParseStatus::entry);
    b.add(r, ++n);
  }
  return b;
}

const Routine& daily() {  // morning daily, 5 sessions a week
  static const Routine r = load_routine(default_routine_text());
  return r;
}

// Sessions on the given days of November 2026.
std::vector<std::string> sessions(std::initializer_list<int> days) {
  std::vector<std::string> out;
  for (int d : days) out.push_back(fmt::format("2026-11-{:02} 07:00 session morning", d));
  return out;
}
std::vector<std::string> rest(std::initializer_list<int> days) {
  std::vector<std::string> out;
  for (int d : days) out.push_back(fmt::format("2026-11-{:02} rest", d));
  return out;
}
std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
}  // namespace

TEST_CASE("the target of 7 days with 0, 3 and 7 rest days", "[goals]") {
  const Day monday = D("2026-11-23");
  auto rests = [&](int n) { return [=](Day d) { return days_between(monday, d) < n; }; };
  CHECK(iso_week_target(5, kEveryDay, monday, rests(0)) == 5);
  CHECK(iso_week_target(5, kEveryDay, monday, rests(3)) == 3);  // 5 x 4/7 = 2.86, rounded up
  CHECK(iso_week_target(5, kEveryDay, monday, rests(7)) == 0);
  // A rolling window: the day told 7 days before leaves.
  SevenDayTarget t(5, kEveryDay);
  for (int i = 0; i < 3; ++i) t.day(monday + date::days{i}, true);
  for (int i = 3; i < 7; ++i) t.day(monday + date::days{i}, false);
  CHECK(t.target() == 3);
  t.day(monday + date::days{7}, false);  // Monday again: no longer a rest day
  CHECK(t.target() == 4);                // 5 x 5/7 = 3.57
  t.day(monday + date::days{8}, false);
  t.day(monday + date::days{9}, false);
  CHECK(t.target() == 5);
}

TEST_CASE("the weekly-goal streak counts a week with rest days against its scaled target", "[goals][stats]") {
  // Week 47 (16-22 Nov): 5 sessions. Week 48 (23-29 Nov, today the 29th):
  // a three-day trip and 3 sessions, which meet its target of 3.
  auto lines = sessions({16, 17, 18, 19, 20}) + rest({23, 24, 25}) + sessions({26, 27, 28});
  StatsReport r = make_report(build("2026-11-29", lines), &daily(), 12 * 3600, kPartAll);
  CHECK(r.week_target == 3);
  CHECK(r.weeks.current == 2);
  CHECK(r.weeks.longest == 2);
  // Without the trip, 3 of 5 is not met yet (and the week is not over).
  StatsReport no_trip = make_report(build("2026-11-29", sessions({16, 17, 18, 19, 20, 26, 27, 28})), &daily(),
                                    12 * 3600, kPartAll);
  CHECK(no_trip.weeks.current == 1);
  // A trip planned ahead in this week lowers its target already, as week.target has it.
  auto ahead = sessions({16, 17, 18, 19, 20}) + sessions({23, 24, 25}) + rest({26, 27, 28});
  StatsReport h = make_report(build("2026-11-25", ahead), &daily(), 12 * 3600, kPartAll);
  CHECK(h.week_target == 3);
  CHECK(h.weeks.current == 2);
  // A past week with rest days that missed its scaled target breaks the run.
  auto missed = sessions({9, 10, 11, 12, 13}) + rest({16, 17, 18}) + sessions({19, 20}) + sessions({23, 24, 25, 26, 27});
  StatsReport m = make_report(build("2026-11-29", missed), &daily(), 12 * 3600, kPartAll);
  CHECK(m.weeks.current == 1);
  CHECK(m.weeks.longest == 1);
  // A week whose planned days are all rest days (target 0) neither breaks
  // nor extends the run, even with a session on one of them.
  auto away = sessions({9, 10, 11, 12, 13}) + rest({16, 17, 18, 19, 20, 21, 22}) + sessions({18}) +
              sessions({23, 24, 25, 26, 27});
  StatsReport a = make_report(build("2026-11-29", away), &daily(), 12 * 3600, kPartAll);
  CHECK(a.weeks.current == 2);
}

TEST_CASE("habit strength meets a week with rest days at its scaled target", "[goals][stats]") {
  // Every week: rest Monday to Wednesday, sessions Thursday to Saturday (3,
  // the scaled target of 5 x 4/7), for 26 weeks: each day's window meets
  // its target, and strength climbs as it does for a goal met every day
  // (more slowly: rest days leave it unchanged).
  auto year = [](bool with_rest) {
    StatsBuilder b(D("2026-07-04"), std::nullopt);
    Record r;
    std::string error;
    long n = 0;
    const Day first = D("2026-01-05");  // a Monday
    for (int i = 0; i < 26 * 7; ++i) {
      const Day d = first + date::days{i};
      const unsigned wd = iso_weekday(d);
      std::string l = wd <= 3 ? (with_rest ? format_date(d) + " rest" : "") : wd <= 6 ? format_date(d) + " session morning" : "";
      if (l.empty()) continue;
      REQUIRE(parse_record(l, r, error) == ParseStatus::entry);
      b.add(r, ++n);
    }
    return make_report(b, &daily(), 12 * 3600, kPartAll);
  };
  StatsReport rested = year(true);
  CHECK(rested.strength > 0.98);
  CHECK(rested.weeks.current == 26);
  // The same sessions without the rest days: 3 of 5 in every window.
  StatsReport not_rested = year(false);
  CHECK(not_rested.strength == Approx(0.6).margin(0.01));
  CHECK(not_rested.weeks.current == 0);
}

TEST_CASE("the minutes target is shown only when the proposed session fits it", "[goals][planning]") {
  // SPEC §6: the two never contradict each other; backcare leaves the target
  // out rather than trimming doses that already start at the guide's low end.
  Goals g;
  g.start_minutes = 5;
  g.weekly_increase = 2;
  g.max_minutes = 20;
  MinutesTarget week1 = minutes_target(g, D("2026-11-28"), D("2026-11-28"));
  CHECK(week1.minutes == 5);
  CHECK_FALSE(target_fits(11, week1));
  CHECK(target_fits(5, week1));
  MinutesTarget week4 = minutes_target(g, D("2026-11-07"), D("2026-11-28"));
  CHECK(week4.minutes == 11);
  CHECK(target_fits(11, week4));
  CHECK_FALSE(target_fits(12, week4));
  MinutesTarget late = minutes_target(g, D("2025-01-01"), D("2026-11-28"));
  CHECK(late.at_ceiling);
  CHECK(late.minutes == 20);
}
