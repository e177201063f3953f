#include "core/progression.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
const Routine& routine() {
  static const Routine r = load_routine(default_routine_text());
  return r;
}

Entry session(const char* day, std::vector<std::string> done, std::optional<int> pain, std::optional<int> effort,
              std::vector<std::string> sore = {}, std::vector<std::string> skipped = {}) {
  Entry e;
  e.date = D(day);
  e.time = 7 * 3600;
  e.kind = Kind::session;
  e.subject = "morning";
  e.done = std::move(done);
  e.sore = std::move(sore);
  e.skipped = std::move(skipped);
  e.pain = pain;
  e.effort = effort;
  return e;
}

Entry pain(const char* day, int level, int hour = 20) {
  Entry e;
  e.date = D(day);
  e.time = hour * 3600;
  e.kind = Kind::pain;
  e.pain = level;
  return e;
}
}  // namespace

TEST_CASE("the ladder: the amount rises by its step, then the sets", "[progression]") {
  Dose d;
  d.amount = {20, 30};
  d.sets = {2, 3};
  d.step = 5;
  CHECK(dose_ladder(d) == std::vector<DoseStep>{{20, 2}, {25, 2}, {30, 2}, {30, 3}});
  d.amount = {8, 10};
  d.sets = {1, 1};
  d.step = 1;
  CHECK(dose_ladder(d) == std::vector<DoseStep>{{8, 1}, {9, 1}, {10, 1}});
  d.amount = {60, 100};
  d.step = 30;
  CHECK(dose_ladder(d) == std::vector<DoseStep>{{60, 1}, {90, 1}, {100, 1}});  // the top is always reached
}

TEST_CASE("no journal: every exercise starts at the low end", "[progression]") {
  auto levels = compute_levels(routine(), {});
  const Exercise& door = *routine().exercise("doorway-stretch");
  CHECK(level_of(levels, "doorway-stretch").change == Change::first_time);
  CHECK(dose_at(door, level_of(levels, "doorway-stretch").index) == DoseStep{20, 2});
}

TEST_CASE("two easy sessions in a row: up one step", "[progression]") {
  auto levels = compute_levels(routine(), {session("2026-11-20", {"doorway-stretch"}, 3, 4),
                                           session("2026-11-21", {"doorway-stretch"}, 4, 6)});
  auto l = level_of(levels, "doorway-stretch");
  CHECK(l.index == 1);
  CHECK(l.change == Change::up);
  CHECK(l.changed_on == D("2026-11-21"));
  CHECK(l.times_done == 2);
  // Pain 3 then 5 the next day is a rise of 2: that day counts as a step down
  // (here already at the bottom), and the count of easy sessions starts again.
  auto rose = compute_levels(routine(), {session("2026-11-20", {"doorway-stretch"}, 3, 4),
                                         session("2026-11-21", {"doorway-stretch"}, 5, 6)});
  CHECK(level_of(rose, "doorway-stretch").index == 0);
}

TEST_CASE("not easy, or values missing, or skipped: the count starts again", "[progression]") {
  CHECK(level_of(compute_levels(routine(), {session("2026-11-20", {"cat-cow"}, 3, 7),
                                            session("2026-11-21", {"cat-cow"}, 3, 4)}),
                 "cat-cow")
            .index == 0);  // effort 7
  CHECK(level_of(compute_levels(routine(), {session("2026-11-20", {"cat-cow"}, 6, 4),
                                            session("2026-11-21", {"cat-cow"}, 3, 4)}),
                 "cat-cow")
            .index == 0);  // pain 6
  CHECK(level_of(compute_levels(routine(), {session("2026-11-20", {"cat-cow"}, std::nullopt, 4),
                                            session("2026-11-21", {"cat-cow"}, 3, 4)}),
                 "cat-cow")
            .index == 0);  // no pain recorded
  CHECK(level_of(compute_levels(routine(), {session("2026-11-20", {"cat-cow"}, 3, 4),
                                            session("2026-11-21", {}, 3, 4, {}, {"cat-cow"}),
                                            session("2026-11-22", {"cat-cow"}, 3, 4)}),
                 "cat-cow")
            .index == 0);  // skipped in between
  CHECK(level_of(compute_levels(routine(), {session("2026-11-22", {"cat-cow"}, 3, 4),
                                            session("2026-11-20", {"cat-cow"}, 3, 4)}),
                 "cat-cow")
            .index == 1);  // order of lines does not matter
}

TEST_CASE("a sore mark: down one step", "[progression]") {
  auto levels = compute_levels(routine(), {session("2026-11-20", {"cat-cow"}, 3, 4), session("2026-11-21", {"cat-cow"}, 3, 4),
                                           session("2026-11-22", {"cat-cow"}, 3, 4), session("2026-11-23", {"cat-cow"}, 3, 4),
                                           session("2026-11-24", {}, 4, 4, {"cat-cow"})});
  auto l = level_of(levels, "cat-cow");
  CHECK(l.index == 1);
  CHECK(l.change == Change::down);
  CHECK(l.why == "marked sore");
  // Never below the low end.
  CHECK(level_of(compute_levels(routine(), {session("2026-11-24", {"cat-cow"}, 4, 4, {"cat-cow"})}), "cat-cow").index == 0);
}

TEST_CASE("next-day pain rising by 2: down one step", "[progression]") {
  std::vector<Entry> up = {session("2026-11-20", {"cat-cow"}, 3, 4), session("2026-11-21", {"cat-cow"}, 3, 4)};
  auto rise = up;
  rise.push_back(pain("2026-11-22", 5));
  auto l = level_of(compute_levels(routine(), rise), "cat-cow");
  CHECK(l.index == 0);
  CHECK(l.why == "pain rose the next day");
  auto small = up;
  small.push_back(pain("2026-11-22", 4));
  CHECK(level_of(compute_levels(routine(), small), "cat-cow").index == 1);
  auto later = up;
  later.push_back(pain("2026-11-23", 8));  // two days later: not the next day
  CHECK(level_of(compute_levels(routine(), later), "cat-cow").index == 1);
}

TEST_CASE("the top of the ladder is a ceiling", "[progression]") {
  std::vector<Entry> many;
  for (int d = 1; d <= 28; ++d) many.push_back(session(fmt::format("2026-11-{:02}", d).c_str(), {"neck-stretch"}, 1, 1));
  const Exercise& e = *routine().exercise("neck-stretch");
  auto l = level_of(compute_levels(routine(), many), "neck-stretch");
  CHECK(l.index == static_cast<int>(dose_ladder(e.dose).size()) - 1);
}

TEST_CASE("expected seconds and descriptions", "[progression]") {
  Exercise e;
  e.dose.work = Work::hold;
  e.dose.amount = {20, 30};
  e.dose.sets = {2, 3};
  e.dose.rest = 10;
  CHECK(exercise_seconds(e, {20, 2}) == 50);
  CHECK(describe_dose(e, {20, 2}) == "2 × 20 s");
  e.dose.sides = 2;
  CHECK(exercise_seconds(e, {20, 1}) == 50);
  CHECK(describe_dose(e, {20, 1}) == "20 s each side");
  e.dose.work = Work::reps;
  e.dose.tempo = 3;
  e.dose.sides = 1;
  CHECK(exercise_seconds(e, {10, 1}) == 30);
  CHECK(describe_dose(e, {10, 1}) == "10 reps");
  e.dose.work = Work::duration;
  CHECK(describe_dose(e, {90, 1}) == "1 min 30 s");
  const RoutineDef& morning = *routine().routine("morning");
  int minutes = routine_minutes(routine(), morning, {});
  CHECK(minutes >= 8);
  CHECK(minutes <= 15);
}

TEST_CASE("History from journal records gives the levels of the entries", "[progression]") {
  const char* lines[] = {
      "2026-11-22 07:00 session morning done=cat-cow,neck-stretch,not-in-routine pain=3 effort=4",
      "2026-11-20 07:00 session morning done=cat-cow,neck-stretch pain=3 effort=4",
      "2026-11-21 07:00 session morning done=cat-cow pain=3 effort=4 sore=neck-stretch",
      "2026-11-21 20:00 pain 4",
      "2026-11-23 12:00 exercise neck-stretch pain=1 effort=2",
  };
  History from_records(routine());
  std::vector<Entry> entries;
  for (const char* line : lines) {
    Record r;
    std::string err;
    REQUIRE(parse_record(line, r, err) == ParseStatus::entry);
    from_records.add(r);
    entries.push_back(to_entry(r));
  }
  auto a = from_records.levels();
  auto b = compute_levels(routine(), entries);
  REQUIRE(a.size() == b.size());
  for (const auto& [id, level] : b) {
    CHECK(a.at(id).index == level.index);
    CHECK(a.at(id).times_done == level.times_done);
    CHECK(a.at(id).change == level.change);
  }
  CHECK(level_of(a, "cat-cow").index == 1);        // three easy sessions: up once
  CHECK(level_of(a, "cat-cow").times_done == 3);
  CHECK(level_of(a, "neck-stretch").index == 1);   // sore on the 21st, then easy on the 22nd and 23rd
  CHECK(a.count("not-in-routine") == 0);           // exercises the routine lacks are left out
}
