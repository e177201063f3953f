// stats (SPEC §5): every definition pinned with small hand-made journals.
#include "core/routine.hpp"
#include "core/stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {

constexpr unsigned kDaily = 0x7f;

// Feeds journal lines (which must parse) to a builder, line numbers from 1.
void feed(StatsBuilder& b, const std::vector<std::string>& lines) {
  Record r;
  std::string error;
  long n = 0;
  for (const auto& l : lines) {
    ++n;
    auto st = parse_record(l, r, error);
    INFO(l << ": " << error);
    REQUIRE(st != ParseStatus::error);
    if (st == ParseStatus::entry) b.add(r, n);
  }
}

StatsBuilder build(const char* today, const std::vector<std::string>& lines, std::optional<Day> since = {}) {
  StatsBuilder b(D(today), since);
  feed(b, lines);
  return b;
}

Routine routine(const std::string& days, int per_week = 5) {
  return load_routine(R"(
[goals]
sessions_per_week = )" + std::to_string(per_week) + R"(
[[exercise]]
id = "cat-cow"
name = "Cat-cow"
phase = "relief"
steps = ["Move."]
duration = [60, 120]
[routine.morning]
exercises = ["cat-cow"]
days = ")" + days + R"("
times = ["07:00"]
[routine.evening]
exercises = ["cat-cow"]
)");
}

StatsReport report(const StatsBuilder& b, const Routine& r, int seconds = 12 * 3600) {
  return make_report(b, &r, seconds, kPartAll);
}

}  // namespace

// --- the daily streak, through the whole pipeline -----------------------

TEST_CASE("streak across a rest day: neutral, it neither breaks nor extends", "[stats]") {
  auto b = build("2026-11-28", {"2026-11-25 session morning", "2026-11-26 rest note=travelling",
                                "2026-11-27 session morning"});
  auto r = report(b, routine("daily"));
  CHECK(r.streak.current == 2);
  CHECK(r.streak.longest == 2);
  CHECK(r.day_counts.active == 2);
  CHECK(r.day_counts.neutral == 1);
  CHECK(r.day_counts.missed == 1);  // today, not active yet
}

TEST_CASE("streak across an unscheduled day", "[stats]") {
  // 2026-11-28 and 29 are a Saturday and a Sunday; the routine is weekdays only.
  auto b = build("2026-11-30", {"2026-11-26 session morning", "2026-11-27 session morning",
                                "2026-11-30 session morning"});
  CHECK(report(b, routine("weekdays")).streak.current == 3);
  CHECK(report(b, routine("daily")).streak.current == 1);
}

TEST_CASE("a missed day breaks the streak", "[stats]") {
  auto b = build("2026-11-28", {"2026-11-23 session morning", "2026-11-24 session morning",
                                "2026-11-25 session morning", "2026-11-27 session morning"});
  auto r = report(b, routine("daily"));
  CHECK(r.streak.current == 1);
  CHECK(r.streak.longest == 3);
}

TEST_CASE("today empty does not break the streak, today done extends it", "[stats]") {
  std::vector<std::string> lines = {"2026-11-26 session morning", "2026-11-27 exercise cat-cow"};
  CHECK(report(build("2026-11-28", lines), routine("daily")).streak.current == 2);
  lines.push_back("2026-11-28 07:30 session morning status=partial");
  CHECK(report(build("2026-11-28", lines), routine("daily")).streak.current == 3);
  // Yesterday missed and today empty: no streak.
  CHECK(report(build("2026-11-29", {"2026-11-27 session morning"}), routine("daily")).streak.current == 0);
}

TEST_CASE("out-of-order lines give the same figures as sorted ones", "[stats]") {
  std::vector<std::string> lines = {"2026-11-20 session morning minutes=10 pain=5", "2026-11-22 session evening pain=4",
                                    "2026-11-21 rest",
                                    "2026-11-23 session morning minutes=12 done=cat-cow skipped=neck-tilts",
                                    "2026-11-28 08:00 pain 3", "2026-11-27 session morning pain=3"};
  auto sorted = lines;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> reversed(sorted.rbegin(), sorted.rend());
  Routine rt = routine("daily");
  auto a = report(build("2026-11-28", lines), rt), s = report(build("2026-11-28", sorted), rt),
       v = report(build("2026-11-28", reversed), rt);
  for (const auto* x : {&s, &v}) {
    CHECK(x->streak.current == a.streak.current);
    CHECK(x->streak.longest == a.streak.longest);
    CHECK(x->sessions == a.sessions);
    CHECK(x->minutes == a.minutes);
    CHECK(x->strength == Approx(a.strength));
    CHECK(x->pain.last == a.pain.last);
    CHECK(x->day_counts.missed == a.day_counts.missed);
    CHECK(x->start == a.start);
  }
  CHECK(a.streak.longest == 3);  // 20, 21 (rest), 22, 23
  CHECK(a.streak.current == 1);  // 27; today not active yet
  CHECK(a.sessions == 4);
  CHECK(a.start == D("2026-11-20"));
}

TEST_CASE("entries after today are not seen, planned rest days included", "[stats]") {
  auto b = build("2026-11-28", {"2026-11-27 session morning", "2026-11-29 session morning", "2026-11-30 rest",
                                "2026-12-01 pain 9"});
  auto r = report(b, routine("daily"));
  CHECK(r.sessions == 1);
  CHECK_FALSE(r.pain.last);
  CHECK(r.streak.current == 1);
  CHECK(r.start == D("2026-11-27"));
}

TEST_CASE("since: days before it are not seen", "[stats]") {
  std::vector<std::string> lines = {"2026-11-24 session morning", "2026-11-25 session morning",
                                    "2026-11-26 session morning", "2026-11-27 session morning"};
  auto r = report(build("2026-11-28", lines, D("2026-11-26")), routine("daily"));
  CHECK(r.streak.current == 2);
  CHECK(r.streak.longest == 2);
  CHECK(r.sessions == 2);
  CHECK(r.start == D("2026-11-26"));
}

// --- sessions, minutes, this week ----------------------------------------

TEST_CASE("sessions and minutes count session lines, partial ones too", "[stats]") {
  auto b = build("2026-11-28", {"2026-11-23 session morning minutes=14", "2026-11-23 session evening minutes=6.5",
                                "2026-11-24 session morning status=partial", "2026-11-24 exercise cat-cow",
                                "2026-11-20 session morning minutes=10"});
  auto r = report(b, routine("daily"));
  CHECK(r.sessions == 4);
  CHECK(r.minutes == Approx(30.5));
  // The ISO week of Saturday 28 November starts on Monday 23 November.
  CHECK(r.week_sessions == 3);
  CHECK(r.week_from == D("2026-11-23"));
  CHECK(r.plan.sessions_per_week == 5);
}

// --- the weekly-goal streak ----------------------------------------------

TEST_CASE("weekly-goal streak across a year boundary (ISO weeks 2026-W52, W53, 2027-W01)", "[stats]") {
  // Target 3 a week. W52: 21-27 Dec; W53: 28 Dec - 3 Jan (across the new
  // year); W01: 4-10 Jan.
  std::vector<std::string> lines = {
      "2026-12-14 session morning",                                                        // W51: 1, not met
      "2026-12-21 session morning", "2026-12-23 session morning", "2026-12-27 session morning",  // W52
      "2026-12-30 session morning", "2026-12-31 session morning", "2027-01-02 session morning",  // W53
      "2027-01-04 session morning", "2027-01-05 session morning"};                           // W01 so far
  Routine rt = routine("daily", 3);
  auto r = report(build("2027-01-06", lines), rt);
  CHECK(r.weeks.current == 2);  // W01 is not met yet and not over: the run ends with W53
  CHECK(r.weeks.longest == 2);
  CHECK(r.week_sessions == 2);
  lines.push_back("2027-01-06 session morning");
  r = report(build("2027-01-06", lines), rt);
  CHECK(r.weeks.current == 3);  // met: the current week counts
  // Split across the boundary, W53 would be two short weeks; it is one.
  auto w53 = report(build("2027-01-03", {"2026-12-30 session morning", "2026-12-31 session morning",
                                         "2027-01-01 session morning"}),
                    rt);
  CHECK(w53.weeks.current == 1);
  CHECK(w53.week_sessions == 3);
  CHECK(w53.week_from == D("2026-12-28"));  // the Monday, in 2026
}

TEST_CASE("a week missed breaks the weekly streak, a holiday week does not", "[stats]") {
  Routine rt = routine("daily", 2);
  std::vector<std::string> base = {"2026-11-02 session morning", "2026-11-03 session morning",  // met
                                   "2026-11-16 session morning", "2026-11-17 session morning"};  // met
  auto missed = report(build("2026-11-22", base), rt);  // the week of 9 November: nothing
  CHECK(missed.weeks.current == 1);
  CHECK(missed.weeks.longest == 1);
  auto holiday = base;
  for (int d = 0; d < 7; ++d) holiday.push_back(format_date(D("2026-11-09") + date::days{d}) + " rest note=holiday");
  auto h = report(build("2026-11-22", holiday), rt);
  CHECK(h.weeks.current == 2);
}

// --- habit strength ------------------------------------------------------

TEST_CASE("habit strength follows Loop's formula, by hand", "[stats][strength]") {
  // Target 7 a week: f = 1, m = 0.5^(1/13) = 0.9480775143.
  HabitStrength hs(7);
  CHECK(hs.multiplier() == Approx(0.9480775143391714));
  hs.day(1, false);  // c = 1/7: S1 = (1/7)(1 - m)
  CHECK(hs.value() == Approx(0.007417497951546939));
  hs.day(2, false);  // c = 2/7: S2 = S1 m + (2/7)(1 - m)
  CHECK(hs.value() == Approx(0.021867358923612395));
  hs.day(3, false);
  CHECK(hs.value() == Approx(0.042984445148101756));
  double before = hs.value();
  hs.day(0, true);  // a rest day leaves S unchanged
  CHECK(hs.value() == before);
  // Target 5: f = 5/7, m = 0.5^(sqrt(5/7)/13) = 0.9559374553.
  CHECK(HabitStrength(5).multiplier() == Approx(0.9559374552530502));
  // c is capped at 1: ten sessions in a week of a 5 target count as 5.
  HabitStrength a(5), b(5);
  a.day(10, false);
  b.day(5, false);
  CHECK(a.value() == b.value());
  CHECK(a.value() == Approx(1 - 0.9559374552530502));
}

TEST_CASE("habit strength over a journal: the 7-day window, rest days skipped", "[stats][strength]") {
  // Target 7: a session on the 1st, a rest day on the 2nd, a session on the
  // 3rd: S1 = (1/7)(1-m), S2 = S1 (rest), S3 = S1 m + (2/6)(1-m): the 7 days
  // ending on the 3rd hold a rest day, so their target is 7 x 6/7 = 6
  // (SPEC v2 section 5: the week's target scales with its rest days; it was
  // 2/7 against the unscaled goal before).
  auto b = build("2026-11-03", {"2026-11-01 session morning", "2026-11-02 rest", "2026-11-03 session morning"});
  {
    const double m = 0.9480775143391714, s1 = (1.0 / 7) * (1 - m);
    CHECK(habit_strength(b.days(), D("2026-11-01"), D("2026-11-03"), 7) == Approx(s1 * m + (2.0 / 6) * (1 - m)));
  }
  // Without the rest entry, the 2nd counts with c = 1/7.
  auto c = build("2026-11-03", {"2026-11-01 session morning", "2026-11-03 session morning"});
  double m = 0.9480775143391714, s1 = (1.0 / 7) * (1 - m), s2 = s1 * m + (1.0 / 7) * (1 - m),
         s3 = s2 * m + (2.0 / 7) * (1 - m);
  CHECK(habit_strength(c.days(), D("2026-11-01"), D("2026-11-03"), 7) == Approx(s3));
  // The window forgets a session after 7 days: one session, then 7 empty days.
  auto d = build("2026-11-08", {"2026-11-01 session morning"});
  double s = (1.0 / 7) * (1 - m);
  for (int i = 0; i < 6; ++i) s = s * m + (1.0 / 7) * (1 - m);  // 2nd to 7th: still in the window
  s = s * m;                                                      // 8th: out
  CHECK(habit_strength(d.days(), D("2026-11-01"), D("2026-11-08"), 7) == Approx(s));
}

TEST_CASE("meeting a 5-a-week goal every week reaches 100 %", "[stats][strength]") {
  std::vector<std::string> lines;
  Day first = D("2026-01-05");  // a Monday
  for (int i = 0; i < 26 * 7; ++i) {
    Day d = first + date::days{i};
    if (iso_weekday(d) <= 5) lines.push_back(format_date(d) + " session morning");
  }
  auto r = report(build("2026-07-05", lines), routine("weekdays", 5));
  CHECK(std::lround(r.strength * 100) == 100);
  CHECK(r.weeks.current == 26);
  auto half = report(build("2026-07-05", lines), routine("weekdays", 10));
  CHECK(half.strength == Approx(0.5).margin(0.01));
}

// --- pain ----------------------------------------------------------------

TEST_CASE("pain readings come from pain lines and the pain= of sessions and exercises", "[stats][pain]") {
  auto b = build("2026-11-28", {"2026-11-27 session morning pain=4", "2026-11-27 20:00 exercise cat-cow pain=6",
                                "2026-11-28 07:00 pain 2 where=neck"});
  auto p = b.pain();
  CHECK(p.recent.count == 3);
  CHECK(*p.recent.value() == Approx(4));
  CHECK(p.last == 2);
  CHECK(p.last_day == D("2026-11-28"));
}

TEST_CASE("trend at exactly 2 points and exactly 30 %", "[stats][pain]") {
  // Previous window: 14 to 21 November less a day (days -13 to -7); recent: 22 to 28.
  auto trend = [](std::vector<std::string> lines) { return build("2026-11-28", lines).pain().trend; };
  CHECK(trend({"2026-11-16 pain 5", "2026-11-17 pain 5", "2026-11-25 pain 3", "2026-11-26 pain 3"}) ==
        Trend::improving);  // 2 points exactly
  CHECK(trend({"2026-11-16 pain 3", "2026-11-17 pain 3", "2026-11-25 pain 5", "2026-11-26 pain 5"}) ==
        Trend::worsening);
  CHECK(trend({"2026-11-16 pain 5", "2026-11-17 pain 5", "2026-11-25 pain 3", "2026-11-26 pain 4"}) ==
        Trend::improving);  // 1.5 points = 30 % of 5 exactly
  CHECK(trend({"2026-11-16 pain 5", "2026-11-17 pain 5", "2026-11-25 pain 3", "2026-11-26 pain 4",
               "2026-11-27 pain 4"}) == Trend::stable);  // 1.33 points, 27 %
  CHECK(trend({"2026-11-16 pain 8", "2026-11-17 pain 8", "2026-11-25 pain 7", "2026-11-26 pain 6"}) ==
        Trend::stable);  // 1.5 points, 19 %
  CHECK(trend({"2026-11-16 pain 5", "2026-11-25 pain 3", "2026-11-26 pain 3"}) == Trend::unknown);  // 1 reading
}

TEST_CASE("the first-week baseline and the change since", "[stats][pain]") {
  std::vector<std::string> lines = {"2026-11-01 pain 6", "2026-11-03 pain 8", "2026-11-07 pain 7",
                                    "2026-11-08 pain 1",  // day 8: after the first week
                                    "2026-11-27 pain 4", "2026-11-28 pain 5"};
  auto r = report(build("2026-11-28", lines), routine("daily"));
  REQUIRE(r.baseline);
  CHECK(r.baseline->from == D("2026-11-01"));
  CHECK(r.baseline->mean == Approx(7));
  CHECK(r.baseline->complete);
  REQUIRE(r.change);
  CHECK(*r.change == Approx(4.5 - 7));
  // Inside the first week: a baseline so far, no change yet.
  auto early = report(build("2026-11-05", lines), routine("daily"));
  REQUIRE(early.baseline);
  CHECK(early.baseline->mean == Approx(7));
  CHECK_FALSE(early.baseline->complete);
  CHECK_FALSE(early.change);
  CHECK_FALSE(report(build("2026-11-05", {"2026-11-04 session morning"}), routine("daily")).baseline);
}

// --- exercises and milestones -------------------------------------------

TEST_CASE("per-exercise counts: done, skipped, sore, the most skipped and most sore", "[stats]") {
  auto b = build("2026-11-28", {"2026-11-26 session morning done=cat-cow,neck-tilts skipped=seated-row",
                                "2026-11-27 session morning done=cat-cow skipped=seated-row,neck-tilts sore=cat-cow",
                                "2026-11-28 exercise wall-slides sets=2",
                                "2026-11-28 session morning done=cat-cow,neck-tilts skipped=seated-row"});
  auto ex = b.exercises();
  REQUIRE(ex.size() == 4);
  CHECK(ex[0].first == "cat-cow");
  CHECK(ex[0].second.done == 3);
  CHECK(ex[0].second.sore == 1);
  CHECK(ex[1].first == "neck-tilts");
  CHECK(ex[1].second.done == 2);
  CHECK(ex[1].second.skipped == 1);
  CHECK(ex[2].first == "seated-row");
  CHECK(ex[2].second.skipped == 3);
  CHECK(ex[3].first == "wall-slides");
  CHECK(ex[3].second.done == 1);
  CHECK(most_counted(ex, &ExerciseCounts::skipped) == "seated-row");
  CHECK(most_counted(ex, &ExerciseCounts::sore) == "cat-cow");
  CHECK_FALSE(most_counted(build("2026-11-28", {"2026-11-28 session morning"}).exercises(), &ExerciseCounts::sore));
}

TEST_CASE("milestones with their dates", "[stats]") {
  std::vector<std::string> lines;
  Day first = D("2026-10-01");
  for (int i = 0; i < 12; ++i) lines.push_back(format_date(first + date::days{i}) + " session morning");
  lines.push_back("2026-10-01 pain 7");
  lines.push_back("2026-10-02 pain 7");
  lines.push_back("2026-10-10 pain 5");
  lines.push_back("2026-10-12 pain 5");  // 7-day window ending 12 Oct: mean 5, 2 below 7
  auto ms = milestones(build("2026-10-20", lines).days(), first, D("2026-10-20"), kDaily);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& m : ms) got.emplace_back(m.id, format_date(m.day));
  std::vector<std::pair<std::string, std::string>> want = {{"first-session", "2026-10-01"},
                                                           {"streak-7", "2026-10-07"},
                                                           {"sessions-10", "2026-10-10"},
                                                           {"pain-down-2", "2026-10-12"}};
  CHECK(got == want);
}

// --- building blocks -----------------------------------------------------

TEST_CASE("the day table grows at both ends and merges", "[stats]") {
  DayTable t;
  t.at(D("2026-11-28")).sessions = 1;
  t.at(D("2020-01-01")).sessions = 2;  // far before: grows at the front
  t.at(D("2030-01-01")).sessions = 3;
  CHECK(t.first() == D("2020-01-01"));
  CHECK(t.last() == D("2030-01-01"));
  CHECK(t.get(D("2026-11-28")).sessions == 1);
  CHECK(t.get(D("2020-01-01")).sessions == 2);
  CHECK(t.get(D("2019-12-31")).sessions == 0);
  CHECK(t.get(D("2026-11-27")).sessions == 0);
  for (int i = 1; i < 1000; ++i) t.at(D("2020-01-01") - date::days{i}).sessions = 4;  // backwards, one by one
  CHECK(t.first() == D("2020-01-01") - date::days{999});
  CHECK(t.get(D("2026-11-28")).sessions == 1);
  DayTable u;
  u.at(D("2026-11-28")).sessions = 5;
  u.at(D("2031-01-01")).marks = kRest;
  t.merge(u);
  CHECK(t.get(D("2026-11-28")).sessions == 6);
  CHECK(t.get(D("2031-01-01")).marks == kRest);
}

TEST_CASE("two builders merged equal one that saw every line", "[stats]") {
  std::vector<std::string> lines = {
      "2026-11-20 07:00 session morning minutes=10 pain=5 done=cat-cow skipped=neck-tilts",
      "2026-11-21 rest",
      "2026-11-22 09:00 pain 4",
      "2026-11-28 07:00 session morning minutes=12 pain=3 done=cat-cow,neck-tilts sore=neck-tilts",
      "2026-11-28 08:00 pain 3",
      "2026-11-28 session evening minutes=5",
      "2026-11-28 rest note=\"a late plan\""};
  auto whole = build("2026-11-28", lines);
  StatsBuilder a(D("2026-11-28"), std::nullopt), b(D("2026-11-28"), std::nullopt);
  Record r;
  std::string error;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    REQUIRE(parse_record(lines[i], r, error) == ParseStatus::entry);
    (i < 3 ? a : b).add(r, static_cast<long>(i) + 1);
  }
  b.merge(a);  // the earlier part merged into the later one
  Routine rt = routine("daily");
  auto x = report(whole, rt), y = report(b, rt);
  CHECK(y.sessions == x.sessions);
  CHECK(y.minutes == x.minutes);
  CHECK(y.streak.current == x.streak.current);
  CHECK(y.pain.last == x.pain.last);
  CHECK(y.pain.recent.count == x.pain.recent.count);
  CHECK(y.start == x.start);
  CHECK(y.exercises.size() == x.exercises.size());
  CHECK(y.most_sore == x.most_sore);
  CHECK(b.today_sessions() == std::vector<std::string>{"morning", "evening"});
  CHECK(b.today_rest());
}

TEST_CASE("what is due now comes from today's sessions and rest", "[stats]") {
  Routine rt = routine("daily");
  CHECK(report(build("2026-11-28", {}), rt, 8 * 3600).due == std::vector<std::string>{"morning"});
  CHECK(report(build("2026-11-28", {}), rt, 6 * 3600).due.empty());  // not 07:00 yet
  CHECK(report(build("2026-11-28", {"2026-11-28 session morning status=partial"}), rt, 8 * 3600).due.empty());
  CHECK(report(build("2026-11-28", {"2026-11-28 rest"}), rt, 8 * 3600).due.empty());
}

TEST_CASE("only the parts asked for are computed", "[stats]") {
  CHECK(builder_needs(kPartStreak) == kNeedDays);
  CHECK(builder_needs(kPartPain) == kNeedPain);
  CHECK(builder_needs(kPartPlan) == 0);
  CHECK_FALSE(parts_need_journal(kPartPlan));
  CHECK(parts_need_routine(kPartPlan));
  CHECK_FALSE(parts_need_routine(kPartPain | kPartTotals));
  // A builder asked for streaks only keeps no pain or exercise counts.
  StatsBuilder b(D("2026-11-28"), std::nullopt, builder_needs(kPartStreak));
  feed(b, {"2026-11-28 session morning pain=4 done=cat-cow minutes=10"});
  CHECK_FALSE(b.pain().last);
  CHECK(b.exercises().empty());
  CHECK(b.sessions() == 0);
  CHECK(b.days().get(D("2026-11-28")).sessions == 1);
}

TEST_CASE("an empty journal gives zeros and unknowns", "[stats]") {
  auto r = report(build("2026-11-28", {}), routine("daily"));
  CHECK_FALSE(r.start);
  CHECK(r.streak.current == 0);
  CHECK(r.sessions == 0);
  CHECK(r.strength == 0);
  CHECK_FALSE(r.pain.last);
  CHECK(r.pain.trend == Trend::unknown);
  CHECK_FALSE(r.baseline);
  CHECK(r.milestones.empty());
}

TEST_CASE("the embedded routine's plan, known without parsing it, is the plan its parse gives", "[stats]") {
  // The prompt path uses default_routine_plan() instead of parsing the
  // embedded routine: a change to share/backcare/routine.toml must change it too.
  CHECK(default_routine_plan() == plan_of(load_routine(default_routine_text())));
}

TEST_CASE("a resumed session counts once: the continuation adds its minutes, not a session", "[stats][resume]") {
  // start --resume: the partial line and its continuation (resumes=).
  auto b = build("2026-11-28", {"2026-11-28 07:42:10 session morning minutes=3 done=cat-cow status=partial",
                                "2026-11-28 08:00 session morning minutes=9 done=cat-cow status=complete "
                                "resumes=07:42:10",
                                "2026-11-27 07:00 session morning minutes=5"});
  StatsReport r = report(b, routine("daily"));
  CHECK(r.sessions == 2);
  CHECK(r.minutes == 17);
  CHECK(r.week_sessions == 2);
  CHECK(r.streak.current == 2);
}
