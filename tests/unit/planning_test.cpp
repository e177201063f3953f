#include "core/planning.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
// A digest of journal lines, as the shell would feed them.
JournalDigest digest(const char* today, const std::vector<std::string>& lines) {
  JournalDigest d(D(today));
  Record r;
  std::string error;
  for (const auto& l : lines) {
    REQUIRE(parse_record(l, r, error) == ParseStatus::entry);
    d.add(r);
  }
  return d;
}

Routine sample() {
  return load_routine(R"(
[[exercise]]
id = "a"
name = "A"
phase = "stretch"
steps = ["s"]
hold = 30
[routine.morning]
exercises = ["a"]
days = "daily"
times = ["07:00"]
[routine.desk]
exercises = ["a"]
days = "weekdays"
times = ["11:00", "15:00"]
[goals]
sessions_per_week = 4
start_minutes = 5
weekly_increase = 2
max_minutes = 10
)");
}
}  // namespace

TEST_CASE("date arguments: yesterday across month, year and leap-day ends", "[planning][calendar]") {
  CHECK(parse_date_arg("yesterday", D("2024-03-01")) == D("2024-02-29"));
  CHECK(parse_date_arg("yesterday", D("2025-03-01")) == D("2025-02-28"));
  CHECK(parse_date_arg("yesterday", D("2026-01-01")) == D("2025-12-31"));
  CHECK(parse_date_arg("yesterday", D("2026-12-01")) == D("2026-11-30"));
  CHECK(parse_date_arg("yesterday", D("2000-03-01")) == D("2000-02-29"));  // 2000 was a leap year
  CHECK(parse_date_arg("yesterday", D("2100-03-01")) == D("2100-02-28"));  // 2100 will not be
  CHECK(parse_date_arg("2024-02-29", D("2026-11-28")) == D("2024-02-29"));
  CHECK_FALSE(parse_date_arg("2025-02-29", D("2026-11-28")));
  CHECK_FALSE(parse_date_arg("Yesterday", D("2026-11-28")));
  CHECK_FALSE(parse_date_arg("", D("2026-11-28")));
}

TEST_CASE("week boundaries: Monday first, across months and years", "[planning][calendar]") {
  CHECK(week_start(D("2027-01-01")) == D("2026-12-28"));  // a Friday
  CHECK(week_start(D("2027-01-03")) == D("2026-12-28"));  // a Sunday
  CHECK(week_start(D("2027-01-04")) == D("2027-01-04"));  // a Monday
  CHECK(week_start(D("2024-03-01")) == D("2024-02-26"));
}

TEST_CASE("the digest: first entry, last activity, rest days, this week's sessions", "[planning]") {
  auto d = digest("2026-11-28", {  // a Saturday; the week is 23-29 November
                                 "2026-11-22 07:00 session morning minutes=10",  // Sunday of last week
                                 "2026-11-23 07:00 session morning minutes=10",  // Monday
                                 "2026-11-25 pain 3",
                                 "2026-11-26 07:05 session morning minutes=11 status=partial",
                                 "2026-11-26 11:10 session desk minutes=4",
                                 "2026-11-27 12:00 exercise a hold=30s",
                                 "2026-11-30 rest",  // planned, next week
                                 "2026-11-29 rest",  // planned, this Sunday
                                 "2026-11-20 note \"started\""});
  CHECK_FALSE(d.empty());
  CHECK(d.first_day() == D("2026-11-20"));
  CHECK(d.last_active() == D("2026-11-27"));
  CHECK(d.next_rest() == D("2026-11-29"));
  CHECK_FALSE(d.last_rest());
  CHECK(d.week_sessions() == 3);  // Monday's and Thursday's two; last Sunday's is last week
  CHECK(d.week()[3].sessions == std::vector<std::string>{"morning", "desk"});
  CHECK(d.week()[3].minutes == 15);
  CHECK(d.week()[4].exercises == 1);
  CHECK(d.week()[6].rest);
  CHECK_FALSE(d.today_log().active());
}

TEST_CASE("an empty journal", "[planning]") {
  JournalDigest d(D("2026-11-28"));
  CHECK(d.empty());
  CHECK_FALSE(idle_days(d));
  CHECK(d.week_sessions() == 0);
  CHECK_FALSE(d.next_rest());
}

TEST_CASE("future entries other than rest days are ignored", "[planning]") {
  auto d = digest("2026-11-28", {"2026-11-29 07:00 session morning", "2026-12-01 pain 4"});
  CHECK(d.empty());
  CHECK(d.week_sessions() == 0);
}

TEST_CASE("the minutes target grows each full week from the first entry, up to the ceiling", "[planning]") {
  Goals g;
  g.start_minutes = 5;
  g.weekly_increase = 2;
  g.max_minutes = 10;
  auto t = minutes_target(g, std::nullopt, D("2026-11-28"));
  CHECK(t.week == 1);
  CHECK(t.minutes == 5);
  CHECK(minutes_target(g, D("2026-11-28"), D("2026-11-28")).minutes == 5);
  CHECK(minutes_target(g, D("2026-11-22"), D("2026-11-28")).minutes == 5);  // six days: still week 1
  t = minutes_target(g, D("2026-11-21"), D("2026-11-28"));                // seven days: week 2
  CHECK(t.week == 2);
  CHECK(t.minutes == 7);
  CHECK_FALSE(t.at_ceiling);
  CHECK(minutes_target(g, D("2026-11-14"), D("2026-11-28")).minutes == 9);
  t = minutes_target(g, D("2026-11-07"), D("2026-11-28"));
  CHECK(t.minutes == 10);  // 11, capped
  CHECK(t.at_ceiling);
  CHECK(minutes_target(g, D("2020-01-01"), D("2026-11-28")).minutes == 10);
}

TEST_CASE("the nudge: two idle days or more, rest days excused", "[planning]") {
  CHECK_FALSE(idle_days(digest("2026-11-28", {"2026-11-27 07:00 session morning"})));
  CHECK_FALSE(idle_days(digest("2026-11-28", {"2026-11-28 07:00 session morning"})));
  // SPEC v2: only days that are over count, from the last active day to
  // yesterday. Wednesday's session, Friday: Thursday alone, no nudge
  // (issue 14: it said "Nothing done for 2 days").
  CHECK_FALSE(idle_days(digest("2026-11-27", {"2026-11-25 07:00 session morning"})));
  CHECK(idle_days(digest("2026-11-28", {"2026-11-25 07:00 session morning"})) == 2);
  CHECK(idle_days(digest("2026-11-28", {"2026-11-20 12:00 exercise a", "2026-11-25 pain 2"})) == 7);
  CHECK_FALSE(idle_days(digest("2026-11-28", {"2026-11-20 07:00 session morning", "2026-11-27 rest"})));
  CHECK(idle_days(digest("2026-11-28", {"2026-11-25 pain 4"})) == 3);  // nothing done since the first entry
  CHECK_FALSE(idle_days(digest("2026-11-28", {"2026-11-27 pain 4"})));
}

TEST_CASE("the week: done, missed, rest, due, upcoming, before the start", "[planning]") {
  Routine r = sample();
  auto d = digest("2026-11-26", {  // a Thursday
                                 "2026-11-24 07:00 session morning",
                                 "2026-11-25 rest",
                                 "2026-11-26 11:05 session desk",
                                 "2026-11-28 rest"});
  auto rows = plan_week(r, {D("2026-11-26"), 12 * 3600}, d);
  REQUIRE(rows.size() == 7);
  CHECK(rows[0].day == D("2026-11-23"));
  CHECK(rows[6].day == D("2026-11-29"));
  auto states = [&](int i) {
    std::vector<std::string> out;
    for (const auto& it : rows[static_cast<std::size_t>(i)].scheduled)
      out.push_back(it.routine->name + ":" + std::string(week_state_name(it.state)));
    return out;
  };
  CHECK(states(0) == std::vector<std::string>{"morning:", "desk:"});  // before the first entry
  CHECK(rows[0].scheduled[0].state == WeekState::before);
  CHECK(states(1) == std::vector<std::string>{"morning:done", "desk:missed"});
  CHECK(states(2) == std::vector<std::string>{"morning:rest", "desk:rest"});
  CHECK(rows[3].is_today);
  CHECK(states(3) == std::vector<std::string>{"morning:due", "desk:done"});
  CHECK(states(4) == std::vector<std::string>{"morning:upcoming", "desk:upcoming"});
  CHECK(states(5) == std::vector<std::string>{"morning:rest"});  // a planned rest; desk is weekdays only
  CHECK(states(6) == std::vector<std::string>{"morning:upcoming"});
  CHECK(rows[3].log->sessions == std::vector<std::string>{"desk"});
}

TEST_CASE("why an exercise is at its level", "[planning][progression]") {
  Level l;
  CHECK(describe_level(l) == "first time");
  l.change = Change::steady;
  l.times_done = 1;
  CHECK(describe_level(l) == "steady (done once)");
  l.times_done = 4;
  CHECK(describe_level(l) == "steady (done 4 times)");
  l.change = Change::up;
  l.changed_on = D("2026-11-21");
  l.why = "two easy sessions in a row";
  CHECK(describe_level(l) == "up on 2026-11-21: two easy sessions in a row");
  l.change = Change::down;
  l.why = "marked sore";
  CHECK(describe_level(l) == "down on 2026-11-21: marked sore");
}

TEST_CASE("levels and reasons from a journal, as plan ROUTINE shows them", "[planning][progression]") {
  Routine r = load_routine(default_routine_text());
  auto entry = [](const char* line) {
    Record rec;
    std::string error;
    REQUIRE(parse_record(line, rec, error) == ParseStatus::entry);
    return to_entry(rec);
  };
  auto levels = compute_levels(r, {entry("2026-11-20 07:00 session morning done=cat-cow,childs-pose pain=2 effort=4"),
                                   entry("2026-11-21 07:00 session morning done=cat-cow,childs-pose pain=2 effort=5"),
                                   entry("2026-11-22 07:00 session morning done=childs-pose sore=childs-pose pain=2 effort=5")});
  CHECK(describe_level(level_of(levels, "cat-cow")) == "up on 2026-11-21: two easy sessions");
  CHECK(describe_level(level_of(levels, "childs-pose")) == "down on 2026-11-22: marked sore");
  CHECK(describe_level(level_of(levels, "neck-tilts")) == "first time");
  const Exercise& cat = *r.exercise("cat-cow");
  CHECK(dose_at(cat, level_of(levels, "cat-cow").index).amount > cat.dose.amount.lo);
}

TEST_CASE("the week's target scales with planned rest days", "[planning]") {
  const unsigned daily = 0x7f;
  CHECK(week_target(5, daily, 0) == 5);              // no rest day
  CHECK(week_target(5, daily, 0b0000111) == 3);      // 3 rest days of 7: 5 x 4/7 = 2.86, rounded up
  CHECK(week_target(5, daily, daily) == 0);          // all 7 rest days
  CHECK(week_target(5, 0, 0b0000111) == 3);          // no schedule: every day is planned
  CHECK(week_target(3, 0b0010101, 0b0000010) == 3);  // a rest day on an unplanned day changes nothing
  CHECK(week_target(3, 0b0010101, 0b0000001) == 2);  // 3 x 2/3
  // From a digest: a planned holiday later in the week counts.
  auto d = digest("2026-11-23", {"2026-11-27 rest", "2026-11-28 rest", "2026-11-29 rest"});
  CHECK(week_rest_days(d) == 0b1110000u);
  CHECK(week_target(5, daily, week_rest_days(d)) == 3);
}

TEST_CASE("partial sessions are active days and are marked", "[planning]") {
  auto d = digest("2026-11-28", {"2026-11-28 07:00 session morning status=partial"});
  CHECK(d.today_log().active());
  CHECK(d.today_log().partial == std::vector<std::string>{"morning"});
  auto both = digest("2026-11-28", {"2026-11-28 07:00 session morning status=partial",
                                    "2026-11-28 07:30 session morning status=complete"});
  CHECK(both.today_log().partial.empty());
}

TEST_CASE("a morning reading is asked the day after a session", "[planning]") {
  CHECK(wants_morning_reading(digest("2026-11-28", {"2026-11-27 07:00 session morning"})));
  CHECK_FALSE(wants_morning_reading(digest("2026-11-28", {"2026-11-27 07:00 session morning", "2026-11-28 06:30 pain 2"})));
  CHECK_FALSE(wants_morning_reading(digest("2026-11-28", {"2026-11-26 07:00 session morning"})));
}

TEST_CASE("the last light in plain words", "[planning][progression]") {
  Routine r = load_routine(default_routine_text());
  auto light = [&](std::vector<std::string> ls, const char* today) {
    Progression p(r);
    long n = 0;
    for (const auto& l : ls) {
      Record rec;
      std::string error;
      REQUIRE(parse_record(l, rec, error) == ParseStatus::entry);
      p.add(rec, ++n);
    }
    return describe_light(level_of(p.finish().levels, "cat-cow"), D(today));
  };
  // 2026-11-24 is a Tuesday.
  CHECK(light({"2026-11-24 07:00 session morning done=cat-cow pain=6"}, "2026-11-27") ==
        "held: pain 6 after the session on Tuesday (its limit is 5)");
  CHECK(light({"2026-11-23 07:00 session morning done=cat-cow pain=1", "2026-11-24 07:00 session morning done=cat-cow pain=1"},
              "2026-11-25") == "up: two easy sessions");
  CHECK(light({"2026-11-24 07:00 session morning done=cat-cow sore=cat-cow"}, "2026-11-25") ==
        "at the start of its range: marked sore yesterday");
  CHECK(light({"2026-11-24 07:00 session morning done=cat-cow effort=9"}, "2026-11-24") == "held: effort 9 in the session today");
  CHECK(light({}, "2026-11-24") == "first time: at the start of its range");
}
