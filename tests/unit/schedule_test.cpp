#include "core/routine.hpp"
#include "core/schedule.hpp"

#include <catch2/catch.hpp>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
Routine two_routines() {
  return load_routine(R"(
[[exercise]]
id = "a"
name = "A"
phase = "stretch"
steps = ["s"]
hold = 5
[routine.morning]
exercises = ["a"]
days = "daily"
times = ["07:00"]
[routine.desk]
exercises = ["a"]
days = "weekdays"
times = ["15:00", "11:00"]
[routine.extra]
exercises = ["a"]
)");
}
}  // namespace

TEST_CASE("weekday names and groups", "[schedule]") {
  CHECK(weekday_bit("mon") == 1);
  CHECK(weekday_bit("Sunday") == 64);
  CHECK(weekday_bit("funday") == 0);
  CHECK(weekday_group("weekdays") == 0x1f);
  CHECK(describe_days(0x7f) == "daily");
  CHECK(describe_days(0b0010101) == "mon,wed,fri");
}

TEST_CASE("what is due: time come, no session, no rest", "[schedule]") {
  Routine r = two_routines();
  CHECK(r.routine("desk")->schedule.times == std::vector<int>{11 * 3600, 15 * 3600});  // sorted
  LocalTime early{D("2026-11-27"), 6 * 3600};  // a Friday
  DayRecord none;
  CHECK(due_now(r, early, none).empty());
  LocalTime eight{D("2026-11-27"), 8 * 3600};
  CHECK(due_now(r, eight, none) == std::vector<std::string>{"morning"});
  LocalTime noon{D("2026-11-27"), 12 * 3600};
  CHECK(due_now(r, noon, none) == std::vector<std::string>{"morning", "desk"});
  DayRecord done_morning{false, {"morning"}};
  CHECK(due_now(r, noon, done_morning) == std::vector<std::string>{"desk"});
  DayRecord rest{true, {}};
  CHECK(due_now(r, noon, rest).empty());
  // Saturday: desk is not scheduled.
  CHECK(due_now(r, {D("2026-11-28"), 12 * 3600}, none) == std::vector<std::string>{"morning"});
}

TEST_CASE("plan_day lists the day's routines in time order with their state", "[schedule]") {
  Routine r = two_routines();
  auto items = plan_day(r, {D("2026-11-27"), 9 * 3600}, DayRecord{false, {"morning"}});
  REQUIRE(items.size() == 2);
  CHECK(items[0].routine->name == "morning");
  CHECK(items[0].state == DueState::done);
  CHECK(items[1].routine->name == "desk");
  CHECK(items[1].state == DueState::upcoming);
  CHECK(items[1].time == 11 * 3600);
}

TEST_CASE("the next planned occurrence", "[schedule]") {
  Routine r = two_routines();
  auto n = next_planned(r, {D("2026-11-27"), 12 * 3600});
  REQUIRE(n);
  CHECK(n->routine->name == "desk");
  CHECK(n->time == 15 * 3600);
  n = next_planned(r, {D("2026-11-27"), 16 * 3600});
  CHECK(n->day == D("2026-11-28"));
  CHECK(n->routine->name == "morning");
}

TEST_CASE("the embedded routine's schedules, known without parsing it, are those its parse gives", "[schedule]") {
  // plan --due uses default_routine_schedules() instead of parsing the
  // embedded routine: a change to share/backcare/routine.toml must change it too.
  const Routine parsed = load_routine(default_routine_text());
  const Routine& known = default_routine_schedules();
  REQUIRE(known.routines.size() == parsed.routines.size());
  for (std::size_t i = 0; i < parsed.routines.size(); ++i) {
    INFO(parsed.routines[i].name);
    CHECK(known.routines[i].name == parsed.routines[i].name);
    CHECK(known.routines[i].schedule.days == parsed.routines[i].schedule.days);
    CHECK(known.routines[i].schedule.times == parsed.routines[i].schedule.times);
  }
  CHECK(known.planned_days() == parsed.planned_days());
}
