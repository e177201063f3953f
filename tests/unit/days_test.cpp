// The fold (core/days): one streaming pass from records to per-day facts,
// read by stats, plan, start and the overview; SPEC §5's day rule.
#include "core/days.hpp"
#include "core/planning.hpp"
#include "core/routine.hpp"
#include "core/stats.hpp"
#include "core/streak.hpp"
#include "records.hpp"

#include <catch2/catch.hpp>


#include <string>
#include <vector>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }


TEST_CASE("the day rule: active, neutral by rest or by the schedule, missed", "[days]") {
  const unsigned weekdays = 0x1f;  // Monday to Friday
  const Day wed = D("2026-11-25"), sat = D("2026-11-28");
  CHECK(day_state(kActive, wed, weekdays) == DayState::active);
  CHECK(day_state(kActive | kRest, wed, weekdays) == DayState::active);
  CHECK(day_state(kRest, wed, weekdays) == DayState::neutral);
  CHECK(day_state(0, sat, weekdays) == DayState::neutral);  // nothing planned on Saturdays
  CHECK(day_state(0, wed, weekdays) == DayState::missed);
  CHECK(mark_of(Kind::session) == kActive);
  CHECK(mark_of(Kind::exercise) == kActive);
  CHECK(mark_of(Kind::rest) == kRest);
  CHECK(mark_of(Kind::pain) == 0);
}

TEST_CASE("one fold gives the table, the week and the facts start reads", "[days]") {
  auto lines = records({
      "2026-11-20 07:00 session morning minutes=10 pain=4",
      "2026-11-23 07:00 session morning minutes=12 status=partial",
      "2026-11-23 12:00 session morning minutes=9",
      "2026-11-24 08:00 exercise cat-cow pain=3",
      "2026-11-24 09:00 check flags=none",
      "2026-11-25 07:30 pain 2 when=morning",
      "2026-11-25 18:00 session evening minutes=5 status=partial",
      "2026-11-28 rest note=planned",
      "2026-12-30 rest",
      "2026-11-26 07:00 session morning minutes=99",  // after today: not seen
  });
  DayFold f(D("2026-11-25"));
  for (const auto& r : lines) f.add(r);
  CHECK(f.first_day() == D("2026-11-20"));
  CHECK(f.last_active() == D("2026-11-25"));
  CHECK(f.active_yesterday());
  CHECK(f.last_check() == D("2026-11-24"));
  CHECK(f.any_session());
  CHECK(f.sessions() == 4);
  CHECK(f.minutes() == Approx(36));
  CHECK(f.next_rest() == D("2026-11-28"));
  CHECK(!f.last_rest());
  CHECK(f.week_sessions() == 3);
  CHECK(f.week_rest_days() == 1u << 5);
  const DayLog& mon = f.week()[0];
  CHECK(mon.sessions == std::vector<std::string>{"morning"});
  CHECK(mon.partial.empty());  // a complete one the same day
  CHECK(mon.session_count == 2);
  CHECK(f.today_log().sessions == std::vector<std::string>{"evening"});
  CHECK(f.today_log().partial == std::vector<std::string>{"evening"});
  CHECK(f.today_log().readings == 1);
  CHECK(f.days().get(D("2026-11-24")).marks == kActive);
  CHECK(f.days().get(D("2026-11-20")).pain_count == 1);
  CHECK(f.days().get(D("2026-11-26")).sessions == 0);
  CHECK(compute_streaks(f.days(), f.days().first(), f.today(), kEveryDay).current == 3);
}

TEST_CASE("two folds merged equal one that saw every line", "[days]") {
  auto lines = records({
      "2026-11-23 07:00 session morning minutes=12 status=partial",
      "2026-11-23 08:00 session evening status=partial",
      "2026-11-24 rest",
      "2026-11-25 07:00 session morning pain=3",
      "2026-11-23 12:00 session morning minutes=9",
      "2026-11-29 rest",
      "2026-11-25 09:00 check flags=none",
  });
  const Day today = D("2026-11-25");
  DayFold whole(today), a(today), b(today);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    whole.add(lines[i]);
    (i < 4 ? a : b).add(lines[i]);
  }
  a.merge(b);
  for (std::size_t i = 0; i < 7; ++i) {
    INFO(i);
    CHECK(a.week()[i].sessions == whole.week()[i].sessions);
    CHECK(a.week()[i].partial == whole.week()[i].partial);
    CHECK(a.week()[i].session_count == whole.week()[i].session_count);
    CHECK(a.week()[i].rest == whole.week()[i].rest);
    CHECK(a.week()[i].readings == whole.week()[i].readings);
  }
  CHECK(whole.week()[0].partial == std::vector<std::string>{"evening"});
  CHECK(a.first_day() == whole.first_day());
  CHECK(a.last_rest() == whole.last_rest());
  CHECK(a.next_rest() == whole.next_rest());
  CHECK(a.last_check() == whole.last_check());
  CHECK(a.sessions() == whole.sessions());
  CHECK(a.minutes() == Approx(whole.minutes()));
  for (Day d = D("2026-11-23"); d <= today; d += date::days{1}) CHECK(a.days().marks(d) == whole.days().marks(d));
}

// Finding of issue 13: stats counted this week's rest days from its per-day
// table alone, which holds nothing after today, so a rest planned for the
// weekend left stats' weekly target above plan's.
TEST_CASE("stats and plan agree on the week's target with rest planned ahead", "[days]") {
  auto lines = records({"2026-11-23 07:00 session morning", "2026-11-28 rest", "2026-11-29 rest"});
  const Day today = D("2026-11-25");  // a Wednesday
  StatsBuilder b(today, std::nullopt);
  JournalDigest d(today);
  long n = 0;
  for (const auto& r : lines) {
    b.add(r, ++n);
    d.add(r);
  }
  StatsReport rep = make_report(b, nullptr, 12 * 3600, kPartWeek, Plan{kEveryDay, 5});
  CHECK(rep.week_target == week_target(5, kEveryDay, week_rest_days(d)));
  CHECK(rep.week_target == 4);  // 5 a week over 5 open days of 7, rounded up
  CHECK(rep.week_sessions == 1);
}
