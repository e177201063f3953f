#include "core/streak.hpp"

#include <catch2/catch.hpp>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
constexpr unsigned kDaily = 0x7f;

DayMarks marks(std::initializer_list<std::pair<const char*, std::uint8_t>> days) {
  DayMarks m;
  for (auto [d, mark] : days) m.mark(D(d), mark);
  return m;
}
}  // namespace

TEST_CASE("a run of active days ending today", "[streak]") {
  auto m = marks({{"2026-11-26", kActive}, {"2026-11-27", kActive}, {"2026-11-28", kActive}});
  auto s = compute_streaks(m, Day{}, D("2026-11-28"), kDaily);
  CHECK(s.current == 3);
  CHECK(s.longest == 3);
}

TEST_CASE("today not active yet: the run ends yesterday", "[streak]") {
  auto m = marks({{"2026-11-26", kActive}, {"2026-11-27", kActive}});
  CHECK(compute_streaks(m, Day{}, D("2026-11-28"), kDaily).current == 2);
}

TEST_CASE("a missed day breaks the run", "[streak]") {
  auto m = marks({{"2026-11-20", kActive}, {"2026-11-21", kActive}, {"2026-11-22", kActive}, {"2026-11-24", kActive},
                  {"2026-11-25", kActive}});
  auto s = compute_streaks(m, Day{}, D("2026-11-26"), kDaily);
  CHECK(s.current == 2);
  CHECK(s.longest == 3);
  // yesterday missed: current is 0
  CHECK(compute_streaks(m, Day{}, D("2026-11-27"), kDaily).current == 0);
}

TEST_CASE("a rest day is neutral: it neither breaks nor extends", "[streak]") {
  auto m = marks({{"2026-11-25", kActive}, {"2026-11-26", kRest}, {"2026-11-27", kActive}});
  auto s = compute_streaks(m, Day{}, D("2026-11-28"), kDaily);
  CHECK(s.current == 2);
  CHECK(s.longest == 2);
}

TEST_CASE("an unscheduled day is neutral", "[streak]") {
  // Weekdays only (bit 0 = Monday ... bit 4 = Friday); 2026-11-28 is a Saturday.
  auto m = marks({{"2026-11-26", kActive}, {"2026-11-27", kActive}, {"2026-11-30", kActive}});
  auto s = compute_streaks(m, Day{}, D("2026-11-30"), 0x1f);
  CHECK(s.current == 3);
  CHECK(compute_streaks(m, Day{}, D("2026-11-30"), kDaily).current == 1);
}

TEST_CASE("an active day that is also a rest day counts", "[streak]") {
  auto m = marks({{"2026-11-27", kActive | kRest}, {"2026-11-28", kActive}});
  CHECK(compute_streaks(m, Day{}, D("2026-11-28"), kDaily).current == 2);
}

TEST_CASE("since hides earlier days", "[streak]") {
  auto m = marks({{"2026-11-25", kActive}, {"2026-11-26", kActive}, {"2026-11-27", kActive}});
  auto s = compute_streaks(m, D("2026-11-27"), D("2026-11-28"), kDaily);
  CHECK(s.current == 1);
  CHECK(s.longest == 1);
}

TEST_CASE("out-of-order marks and a year boundary with 29 February", "[streak]") {
  auto m = marks({{"2024-03-01", kActive}, {"2024-02-28", kActive}, {"2024-02-29", kActive}});
  CHECK(compute_streaks(m, Day{}, D("2024-03-01"), kDaily).current == 3);
  auto y = marks({{"2027-01-01", kActive}, {"2026-12-31", kActive}, {"2026-12-30", kActive}});
  CHECK(compute_streaks(y, Day{}, D("2027-01-01"), kDaily).current == 3);
}

TEST_CASE("an empty journal has no streak", "[streak]") {
  CHECK(compute_streaks(DayMarks{}, Day{}, D("2026-11-28"), kDaily).current == 0);
}

TEST_CASE("day states: active, neutral (rest or unplanned), missed", "[streak]") {
  Day sat = D("2026-11-28"), mon = D("2026-11-30");
  CHECK(day_state(kActive, mon, 0x1f) == DayState::active);
  CHECK(day_state(kActive | kRest, mon, 0x1f) == DayState::active);
  CHECK(day_state(kRest, mon, 0x1f) == DayState::neutral);
  CHECK(day_state(0, sat, 0x1f) == DayState::neutral);  // weekdays only: Saturday is not planned
  CHECK(day_state(0, mon, 0x1f) == DayState::missed);
  CHECK(day_state(0, sat, kDaily) == DayState::missed);
  CHECK(day_state_name(DayState::neutral) == "neutral");
}

TEST_CASE("the first day a run reached n days", "[streak]") {
  auto m = marks({{"2026-11-20", kActive}, {"2026-11-21", kActive}, {"2026-11-23", kActive}, {"2026-11-24", kRest},
                  {"2026-11-25", kActive}, {"2026-11-26", kActive}});
  // 22 November is missed: the run starts again on the 23rd.
  CHECK(first_streak_of(m, Day{}, D("2026-11-28"), kDaily, 2) == D("2026-11-21"));
  CHECK(first_streak_of(m, Day{}, D("2026-11-28"), kDaily, 3) == D("2026-11-26"));  // 23, 24 rest, 25, 26
  CHECK_FALSE(first_streak_of(m, Day{}, D("2026-11-28"), kDaily, 4));
  // Counting only from the 25th.
  CHECK(first_streak_of(m, D("2026-11-25"), D("2026-11-28"), kDaily, 2) == D("2026-11-26"));
  // Today counts once active.
  auto t = marks({{"2026-11-27", kActive}, {"2026-11-28", kActive}});
  CHECK(first_streak_of(t, Day{}, D("2026-11-28"), kDaily, 2) == D("2026-11-28"));
}
