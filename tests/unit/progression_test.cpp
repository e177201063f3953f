#include "core/progression.hpp"

#include "core/flags.hpp"

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
  CHECK(!level_of(levels, "doorway-stretch").light);
  CHECK(dose_at(door, level_of(levels, "doorway-stretch").index) == DoseStep{20, 2});
}

// --- the lights at their boundaries (SPEC §6) ---------------------------

TEST_CASE("light: session pain at the limit, 1 and 2 above it", "[progression][lights]") {
  SessionFacts f;
  f.limit = 5;
  f.pain = 5;
  CHECK(judge_session(f) == Judgement{Light::green, Cause::none});
  f.pain = 6;
  CHECK(judge_session(f) == Judgement{Light::amber, Cause::pain_over});
  f.pain = 7;
  CHECK(judge_session(f) == Judgement{Light::red, Cause::pain_high});
  f.limit = 3;  // the exercise's own limit
  f.pain = 5;
  CHECK(judge_session(f).light == Light::red);
}

TEST_CASE("light: effort 7 and 8", "[progression][lights]") {
  SessionFacts f;
  f.pain = 2;
  f.effort = 7;
  CHECK(judge_session(f).light == Light::green);
  f.effort = 8;
  CHECK(judge_session(f) == Judgement{Light::amber, Cause::effort_high});
}

TEST_CASE("light: the next day's reading at usual pain, +1 and +2", "[progression][lights]") {
  SessionFacts f;
  f.pain = 3;
  f.effort = 4;
  f.usual = 2;
  f.next_day = 2;
  CHECK(judge_session(f).light == Light::green);
  f.next_day = 3;
  CHECK(judge_session(f) == Judgement{Light::amber, Cause::next_day_over});
  f.next_day = 4;
  CHECK(judge_session(f) == Judgement{Light::red, Cause::next_day_high});
  f.usual = 2.5;  // a median between two readings
  f.next_day = 4;
  CHECK(judge_session(f).light == Light::amber);
}

TEST_CASE("light: no reading the next day is judged on the session alone", "[progression][lights]") {
  SessionFacts f;
  f.pain = 3;
  f.usual = 1;
  CHECK(judge_session(f).light == Light::green);
  f.pain = 6;
  CHECK(judge_session(f).light == Light::amber);
  // A next-day reading without a usual pain to compare it with is not judged.
  f.pain = 3;
  f.usual.reset();
  f.next_day = 9;
  CHECK(judge_session(f).light == Light::green);
}

TEST_CASE("light: a worsening trend or an open flag holds, a sore mark is red", "[progression][lights]") {
  SessionFacts f;
  f.pain = 1;
  f.worsening = true;
  CHECK(judge_session(f) == Judgement{Light::amber, Cause::worsening});
  f.worsening = false;
  f.flag_open = true;
  CHECK(judge_session(f) == Judgement{Light::amber, Cause::flag_open});
  f.sore = true;
  CHECK(judge_session(f) == Judgement{Light::red, Cause::sore});
}

// --- the lights over a journal -------------------------------------------

namespace {
std::vector<std::string> L(std::initializer_list<std::string> ls) { return ls; }
std::string P(const char* day, int level, int hour = 20) { return fmt::format("{} {:02}:00 pain {}", day, hour, level); }
// The journal's lines fed as Records, as the commands do (a replay when
// the dates go back too far).
ProgressionResult run(const std::vector<std::string>& ls) {
  Progression p(routine());
  auto feed = [&] {
    long n = 0;
    for (const auto& l : ls) {
      Record r;
      std::string err;
      REQUIRE(parse_record(l, r, err) == ParseStatus::entry);
      p.add(r, ++n);
    }
  };
  feed();
  if (p.needs_replay()) {
    p.replay();
    feed();
  }
  return p.finish();
}
Level door(const std::vector<std::string>& es) { return level_of(run(es).levels, "doorway-stretch"); }
}  // namespace

TEST_CASE("two greens in a row step up", "[progression]") {
  auto l = door(L({"2026-11-20 07:00 session morning done=doorway-stretch pain=3 effort=4",
                       "2026-11-21 07:00 session morning done=doorway-stretch pain=5 effort=7"}));
  CHECK(l.index == 1);
  CHECK(l.change == Change::up);
  CHECK(l.changed_on == D("2026-11-21"));
  CHECK(l.light == Light::green);
  CHECK(l.times_done == 2);
  // Effort 7 and pain at the limit are green now (SPEC §6); so is a session
  // with nothing recorded.
  CHECK(door(L({"2026-11-20 session morning done=doorway-stretch",
                    "2026-11-21 session morning done=doorway-stretch"}))
            .index == 1);
}

TEST_CASE("two greens with an amber between them do not step up", "[progression]") {
  auto es = L({"2026-11-20 07:00 session morning done=doorway-stretch pain=3 effort=4",
                   "2026-11-21 07:00 session morning done=doorway-stretch pain=3 effort=8",
                   "2026-11-22 07:00 session morning done=doorway-stretch pain=3 effort=4"});
  auto l = door(es);
  CHECK(l.index == 0);
  CHECK(l.light == Light::green);
  CHECK(l.greens == 1);
  es.push_back(L({"2026-11-23 07:00 session morning done=doorway-stretch pain=2 effort=4"}).front());
  CHECK(door(es).index == 1);
  // A skip is neither amber nor red: it does not break the two.
  CHECK(door(L({"2026-11-20 07:00 session morning done=doorway-stretch pain=3 effort=4",
                    "2026-11-21 07:00 session morning skipped=doorway-stretch pain=3 effort=4",
                    "2026-11-22 07:00 session morning done=doorway-stretch pain=3 effort=4"}))
            .index == 1);
}

TEST_CASE("red steps down one, and stays at the bottom of the range", "[progression]") {
  auto l = door(L({"2026-11-20 07:00 session morning done=doorway-stretch pain=7 effort=4"}));
  CHECK(l.index == 0);
  CHECK(l.light == Light::red);
  CHECK(l.cause == Cause::pain_high);
  auto up = L({"2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4",
                   "2026-11-21 07:00 session morning done=doorway-stretch pain=2 effort=4",
                   "2026-11-22 07:00 session morning done=doorway-stretch sore=doorway-stretch pain=2"});
  CHECK(door({up[0], up[1]}).index == 1);
  l = door(up);
  CHECK(l.index == 0);
  CHECK(l.change == Change::down);
  CHECK(l.cause == Cause::sore);
  CHECK(l.why == "marked sore");
}

TEST_CASE("the next morning's reading against the usual pain", "[progression]") {
  // Usual pain 2 (every day before), two greens (up), a third session, then
  // the morning after it: 4 (red, down) or 3 (amber, held).
  std::vector<std::string> base;
  for (int d = 1; d <= 14; ++d) base.push_back(P(fmt::format("2026-11-{:02}", d).c_str(), 2));
  for (auto& e : L({"2026-11-14 07:00 session morning done=doorway-stretch pain=2 effort=4",
                        "2026-11-15 07:00 session morning done=doorway-stretch pain=2 effort=4",
                        "2026-11-16 07:00 session morning done=doorway-stretch pain=2 effort=4"}))
    base.push_back(e);
  CHECK(door(base).index == 1);
  auto red = base;
  for (auto& e : L({"2026-11-17 06:00 pain 1", "2026-11-17 07:30 pain 4 when=morning"})) red.push_back(e);
  auto l = door(red);
  CHECK(l.light == Light::red);  // the morning reading counts, not the earlier one
  CHECK(l.cause == Cause::next_day_high);
  CHECK(l.value == 4);
  CHECK(l.index == 0);
  auto amber = base;
  amber.push_back(L({"2026-11-17 07:30 pain 3 when=morning"}).front());
  l = door(amber);
  CHECK(l.light == Light::amber);
  CHECK(l.index == 1);
  auto later = base;
  later.push_back(P("2026-11-18", 9, 8));  // two days later: not the next day
  CHECK(door(later).light == Light::green);
}

TEST_CASE("a worsening trend on the session's day holds the level", "[progression]") {
  std::vector<std::string> es;
  for (int d = 1; d <= 7; ++d) es.push_back(P(fmt::format("2026-11-{:02}", d).c_str(), 1));
  for (int d = 8; d <= 13; ++d) es.push_back(P(fmt::format("2026-11-{:02}", d).c_str(), 4));
  for (auto& e : L({"2026-11-13 07:00 session morning done=doorway-stretch pain=3 effort=4",
                        "2026-11-14 07:00 session morning done=doorway-stretch pain=3 effort=4"}))
    es.push_back(e);
  auto l = door(es);
  CHECK(l.light == Light::amber);
  CHECK(l.cause == Cause::worsening);
  CHECK(l.index == 0);
}

TEST_CASE("an open emergency or urgent flag holds the level, until seen", "[progression]") {
  auto es = L({"2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4",
                   "2026-11-21 06:00 symptom fever",
                   "2026-11-21 07:00 session morning done=doorway-stretch pain=2 effort=4"});
  auto l = door(es);
  CHECK(l.light == Light::amber);
  CHECK(l.cause == Cause::flag_open);
  CHECK(l.index == 0);
  // A soon-tier symptom does not hold.
  CHECK(door(L({"2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4",
                    "2026-11-21 06:00 symptom tingling",
                    "2026-11-21 07:00 session morning done=doorway-stretch pain=2 effort=4"}))
            .index == 1);
  // Seen by a clinician: closed.
  CHECK(door(L({"2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4",
                    "2026-11-21 06:00 symptom fever", "2026-11-21 06:30 seen note=GP",
                    "2026-11-21 07:00 session morning done=doorway-stretch pain=2 effort=4"}))
            .index == 1);
  // A reading of 8 or more (severe) is open for 3 days (the shared rules
  // of core/flags, which progression asks day by day).
  OnHoldByDay f;
  f.add_pain(D("2026-11-20"), 8 * 3600, 8, 1);
  CHECK(f.on_hold(D("2026-11-22")));
  CHECK_FALSE(f.on_hold(D("2026-11-23")));
  OnHoldByDay g;
  g.add_symptom(D("2026-11-20"), kNone, 1, "chest-pain");
  g.add_check(D("2026-11-21"), kNone, 2, {});  // a no the next day does not close an emergency sign
  CHECK(g.on_hold(D("2026-11-21")));
  CHECK(g.on_hold(D("2026-11-22")));
  g.add_check(D("2026-11-23"), kNone, 3, {});
  CHECK_FALSE(g.on_hold(D("2026-11-23")));
}

TEST_CASE("an open flag over a journal: severe for 3 days, a same-day no, seen", "[progression][lights]") {
  // Two green sessions; the second steps up unless a flag is open that day
  // (the rules of core/flags, as check --no-ask applies them).
  auto two = [](std::vector<std::string> between) {
    std::vector<std::string> es{"2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4"};
    es.insert(es.end(), between.begin(), between.end());
    es.push_back("2026-11-22 07:00 session morning done=doorway-stretch pain=2 effort=4");
    return door(es);
  };
  CHECK(two({}).index == 1);
  auto severe = two({"2026-11-20 20:00 pain 8"});  // the 20th to the 22nd
  CHECK(severe.light == Light::amber);
  CHECK(severe.cause == Cause::flag_open);
  CHECK(severe.index == 0);
  CHECK(two({"2026-11-19 20:00 pain 9"}).index == 0);   // open on the 20th: amber there, one green since
  CHECK(two({"2026-11-17 20:00 pain 9"}).index == 1);   // 3 days before the 20th: closed
  CHECK(two({"2026-11-19 20:00 pain 9", "2026-11-19 21:00 seen note=GP"}).index == 1);
  auto no_same_day = two({"2026-11-22 06:00 symptom saddle-numbness", "2026-11-22 06:30 check flags=none"});
  CHECK(no_same_day.cause == Cause::flag_open);
  CHECK(no_same_day.index == 0);
  // A soon flag does not hold, nor does an unknown symptom id.
  CHECK(two({"2026-11-21 06:00 symptom tingling", "2026-11-21 06:00 symptom no-such-sign"}).index == 1);
}

TEST_CASE("a seen entry closes a flag for entries in memory too", "[progression][lights]") {
  // compute_progression over Entries (not Records) used to drop `seen`.
  auto with = [](bool seen) {
    std::vector<Entry> es{session("2026-11-20", {"doorway-stretch"}, 2, 4)};
    Entry fever;
    fever.date = D("2026-11-21");
    fever.time = 6 * 3600;
    fever.kind = Kind::symptom;
    fever.subject = "fever";
    es.push_back(fever);
    if (seen) {
      Entry s;
      s.date = D("2026-11-21");
      s.time = 6 * 3600 + 1800;
      s.kind = Kind::seen;
      es.push_back(s);
    }
    es.push_back(session("2026-11-21", {"doorway-stretch"}, 2, 4));
    return level_of(compute_levels(routine(), es), "doorway-stretch");
  };
  CHECK(with(false).cause == Cause::flag_open);
  CHECK(with(false).index == 0);
  CHECK(with(true).light == Light::green);
  CHECK(with(true).index == 1);
}

// --- usual pain ----------------------------------------------------------

TEST_CASE("usual pain with 0, 1 and 14 readings", "[progression][usual]") {
  CHECK_FALSE(median_of({}));
  CHECK(median_of({4}) == 4.0);
  CHECK(median_of({1, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10}) == 3.5);
  PainWindow w;
  CHECK_FALSE(w.usual(D("2026-11-15")));
  w.add_day(D("2026-11-01"), {6});
  CHECK(w.usual(D("2026-11-15")) == 6.0);  // 14 days before the 15th: the 1st to the 14th
  CHECK_FALSE(w.usual(D("2026-11-16")));   // the 1st is 15 days before
  PainWindow full;
  for (int d = 1; d <= 14; ++d) full.add_day(D("2026-11-01") + date::days{d - 1}, {d % 2 ? 1 : 3});
  CHECK(full.usual(D("2026-11-15")) == 2.0);
  full.add_day(D("2026-11-15"), {9, 9, 9});  // the day's own readings are not in its usual pain
  CHECK(full.usual(D("2026-11-15")) == 2.0);
}

// --- flare-ups -----------------------------------------------------------

TEST_CASE("a flare-up starts after a calm week, settles after 3 days and ends", "[progression][flare]") {
  FlareTracker t;
  const Day d0 = D("2026-11-01");
  for (int i = 0; i < 7; ++i) CHECK_FALSE(t.day(d0 + date::days{i}, {2}, 2.0));
  CHECK(t.day(d0 + date::days{7}, {4}, 2.0));  // 4 after 7 calm days
  CHECK(t.state().active);
  CHECK(t.state().usual_before == 2.0);
  t.day(d0 + date::days{8}, {2}, 2.0);
  t.day(d0 + date::days{9}, {1}, 2.0);
  CHECK(t.state().settled_days == 2);
  t.day(d0 + date::days{10}, {}, 2.0);  // no reading: does not count, does not break
  t.day(d0 + date::days{11}, {3, 2}, 2.0);  // a higher reading: the count starts again
  CHECK(t.state().settled_days == 0);
  CHECK(t.state().active);
  t.day(d0 + date::days{12}, {2}, 2.0);
  t.day(d0 + date::days{13}, {2}, 2.0);
  CHECK(t.state().active);
  t.day(d0 + date::days{14}, {0, 1}, 2.0);
  CHECK_FALSE(t.state().active);
  CHECK(t.state().ended == d0 + date::days{14});
  // Six calm days are not enough.
  FlareTracker s;
  for (int i = 0; i < 6; ++i) s.day(d0 + date::days{i}, {1}, std::nullopt);
  CHECK_FALSE(s.day(d0 + date::days{6}, {4}, std::nullopt));
}

TEST_CASE("a flare-up starts at 3 above the usual pain", "[progression][flare]") {
  FlareTracker t;
  CHECK_FALSE(t.day(D("2026-11-10"), {5}, 3.0));
  CHECK(t.day(D("2026-11-11"), {6}, 3.0));
  CHECK(t.state().usual_before == 3.0);
}

TEST_CASE("during a flare-up every exercise is at the low end and nothing steps up", "[progression][flare]") {
  std::vector<std::string> es;
  for (int d = 1; d <= 14; ++d) es.push_back(P(fmt::format("2026-11-{:02}", d).c_str(), 2, 6));
  for (int d = 9; d <= 14; ++d)
    es.push_back(fmt::format("2026-11-{:02} 07:00 session morning done=doorway-stretch pain=2 effort=3", d));
  auto before = run(es);
  CHECK(level_of(before.levels, "doorway-stretch").index == 3);
  CHECK_FALSE(before.flare.active);
  es.push_back(P("2026-11-15", 6, 12));  // usual 2: 6 is 3 or more above
  auto session = [](int d) {
    return fmt::format("2026-11-{} 07:00 session morning done=doorway-stretch pain=1 effort=3", d);
  };
  es.push_back(session(16));
  es.push_back(session(17));
  auto during = run(es);
  CHECK(during.flare.active);
  CHECK(during.flare.since == D("2026-11-15"));
  CHECK(during.flare.settled_days == 2);
  auto l = level_of(during.levels, "doorway-stretch");
  CHECK(l.index == 0);  // back at the low end (the 14th's red took it to 1 only)
  CHECK(l.in_flare);
  CHECK(l.light == Light::green);  // and two greens did not step up
  CHECK(l.why == "flare-up");
  // The 18th is the third settled day: the flare-up ends; the 18th and the
  // 19th are two greens again.
  es.push_back(session(18));
  es.push_back(session(19));
  auto after = run(es);
  CHECK_FALSE(after.flare.active);
  CHECK(after.flare.ended == D("2026-11-18"));
  CHECK(level_of(after.levels, "doorway-stretch").index == 1);
}

// --- streaming -----------------------------------------------------------

TEST_CASE("lines out of order give the same levels, by a replay when needed", "[progression]") {
  std::vector<Entry> es;
  for (int d = 1; d <= 28; ++d) {
    es.push_back(pain(fmt::format("2026-11-{:02}", d).c_str(), d % 3, 6));
    es.push_back(session(fmt::format("2026-11-{:02}", d).c_str(), {"doorway-stretch", "cat-cow"}, d % 5 == 0 ? 7 : 2,
                         d % 4 == 0 ? 8 : 3));
  }
  auto sorted = compute_levels(routine(), es);
  auto shuffled = es;
  std::reverse(shuffled.begin(), shuffled.end());
  Progression p(routine());
  long line = 0;
  for (const auto& e : shuffled) p.add(e, ++line);
  CHECK(p.needs_replay());
  p.replay();
  line = 0;
  for (const auto& e : shuffled) p.add(e, ++line);
  CHECK_FALSE(p.needs_replay());
  auto replayed = p.finish().levels;
  for (const char* id : {"doorway-stretch", "cat-cow"}) {
    CHECK(level_of(replayed, id).index == level_of(sorted, id).index);
    CHECK(level_of(replayed, id).light == level_of(sorted, id).light);
    CHECK(level_of(replayed, id).times_done == 28);
  }
  // Out of order within the window: no replay needed.
  auto near = es;
  std::swap(near[10], near[14]);
  Progression q(routine());
  line = 0;
  for (const auto& e : near) q.add(e, ++line);
  CHECK_FALSE(q.needs_replay());
  CHECK(level_of(q.finish().levels, "cat-cow").index == level_of(sorted, "cat-cow").index);
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

TEST_CASE("Progression from journal records gives the levels of the entries", "[progression]") {
  const char* ls[] = {
      "2026-11-22 07:00 session morning done=cat-cow,neck-stretch,not-in-routine pain=3 effort=4",
      "2026-11-20 07:00 session morning done=cat-cow,neck-stretch pain=3 effort=4",
      "2026-11-21 07:00 session morning done=cat-cow pain=3 effort=4 sore=neck-stretch",
      "2026-11-21 20:00 pain 4",
      "2026-11-23 12:00 exercise neck-stretch pain=1 effort=2",
  };
  Progression from_records(routine());
  std::vector<Entry> entries;
  long n = 0;
  for (const char* line : ls) {
    Record r;
    std::string err;
    REQUIRE(parse_record(line, r, err) == ParseStatus::entry);
    from_records.add(r, ++n);
    entries.push_back(to_entry(r));
  }
  auto a = from_records.finish().levels;
  auto b = compute_levels(routine(), entries);
  REQUIRE(a.size() == b.size());
  for (const auto& [id, level] : b) {
    CHECK(a.at(id).index == level.index);
    CHECK(a.at(id).times_done == level.times_done);
    CHECK(a.at(id).change == level.change);
  }
  CHECK(level_of(a, "cat-cow").index == 1);        // three greens: up once
  CHECK(level_of(a, "cat-cow").times_done == 3);
  CHECK(level_of(a, "neck-stretch").index == 1);   // red on the 21st (at the bottom), then green twice
  CHECK(level_of(a, "neck-stretch").light == Light::green);
  CHECK(a.count("not-in-routine") == 0);           // exercises the routine lacks are left out
}
