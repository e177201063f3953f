#include "core/outcomes.hpp"
#include "core/progression.hpp"
#include "core/report.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace backcare;

namespace {

Day day(const char* s) { return *parse_date(s); }

const Routine& default_routine() {
  static const Routine r = load_routine(default_routine_text());
  return r;
}

Report build(const std::vector<std::string>& lines, const char* since, const char* until,
             const Routine& routine = default_routine()) {
  ReportBuilder b(routine, day(since), day(until));
  Record rec;
  std::string err;
  long n = 0;
  for (const auto& l : lines) {
    ++n;
    REQUIRE(parse_record(l, rec, err) == ParseStatus::entry);
    b.add(rec, n);
  }
  return b.finish();
}

}  // namespace

TEST_CASE("report: a week with rest days asks for fewer sessions", "[report]") {
  // The default routine plans every day; the goal is 5 a week.
  std::vector<std::string> j = {"2026-11-16 rest", "2026-11-17 rest", "2026-11-18 rest",
                                "2026-11-19 07:00 session morning", "2026-11-24 07:00 session morning"};
  Report r = build(j, "2026-11-16", "2026-11-29");
  REQUIRE(r.weeks.size() == 2);
  CHECK(r.weeks[0].target == 3);  // ceil(5 * 4 / 7)
  CHECK(r.weeks[1].target == 5);
  CHECK(r.weeks[0].sessions == 1);
  CHECK(r.days[0].kind == DayKind::rest);
  CHECK(r.days[3].kind == DayKind::active);
  CHECK(r.days[4].kind == DayKind::missed);
  CHECK(r.active_days == 2);
  CHECK(report_text(r, default_routine()).find("2026-W47  2026-11-16         1       3") != std::string::npos);
}

TEST_CASE("report: a flag closed by a seen entry says so", "[report]") {
  std::vector<std::string> j = {"2026-11-10 09:00 symptom tingling", "2026-11-12 10:00 seen note=\"GP\""};
  Report r = build(j, "2026-11-02", "2026-11-29");
  REQUIRE(r.flags.size() == 1);
  CHECK(r.flags[0].id == "symptom:tingling");
  CHECK(r.flags[0].raised == day("2026-11-10"));
  CHECK(r.flags[0].tier == Tier::soon);
  REQUIRE(r.flags[0].seen);
  CHECK(*r.flags[0].seen == day("2026-11-12"));
  CHECK(report_text(r, default_routine()).find("closed: seen by a clinician 2026-11-12") != std::string::npos);

  // Without the seen it is still open at the end.
  Report open = build({j[0]}, "2026-11-02", "2026-11-29");
  REQUIRE(open.flags.size() == 1);
  CHECK_FALSE(open.flags[0].seen);
  CHECK_FALSE(open.flags[0].ended);
}

TEST_CASE("report: a dose that stepped up in the period shows both ends", "[report]") {
  const Routine& rt = default_routine();
  const Exercise* ex = rt.exercise("cat-cow");
  REQUIRE(ex);
  std::vector<std::string> j = {
      "2026-11-10 07:00 session morning done=cat-cow pain=2 effort=3",
      "2026-11-11 07:00 session morning done=cat-cow pain=2 effort=3",
      "2026-11-12 07:00 session morning done=cat-cow pain=2 effort=3",
      "2026-11-13 07:00 session morning done=cat-cow pain=2 effort=3",
  };
  Report r = build(j, "2026-11-02", "2026-11-29");
  const ReportExercise* row = nullptr;
  for (const auto& e : r.exercises)
    if (e.id == "cat-cow") row = &e;
  REQUIRE(row);
  CHECK(row->sessions == 4);
  CHECK(row->dose_start == describe_dose(*ex, dose_at(*ex, 0)));
  CHECK(row->dose_end != row->dose_start);
  // The same sessions before the period: the start is already stepped up.
  Report later = build(j, "2026-11-20", "2026-11-29");
  CHECK(later.exercises.empty());
}

TEST_CASE("report: a function change of exactly 2 is meaningful", "[report]") {
  std::vector<std::string> j = {"2026-11-02 function reach score=4", "2026-11-02 function drive score=5",
                                "2026-11-16 function reach score=6", "2026-11-16 function drive score=7"};
  Report r = build(j, "2026-11-02", "2026-11-29");
  REQUIRE(r.activities.size() == 2);
  REQUIRE(r.function.change);
  CHECK(*r.function.change == Approx(2.0));
  CHECK(r.function.meaningful());
  CHECK(*r.function.last_mean == Approx(6.5));

  Report small = build({j[0], "2026-11-16 function reach score=5"}, "2026-11-02", "2026-11-29");
  CHECK(*small.function.change == Approx(1.0));
  CHECK_FALSE(small.function.meaningful());
}

TEST_CASE("report: pain from the first two weeks to the last two", "[report]") {
  std::vector<std::string> j = {"2026-11-02 pain 6", "2026-11-09 pain 6", "2026-11-23 pain 3", "2026-11-24 pain 3"};
  Report r = build(j, "2026-11-02", "2026-11-29");
  REQUIRE(r.weeks.size() == 4);
  CHECK(r.pain_first.count == 2);
  CHECK(r.pain_change == Trend::improving);
  CHECK(r.weeks[0].pain_min == 6);
  Report one = build({j[0], j[2]}, "2026-11-02", "2026-11-29");
  CHECK(one.pain_change == Trend::unknown);
}

TEST_CASE("report: ids are stable, distinct for repeated normalised lines, UUID-shaped", "[report]") {
  std::vector<std::string> j = {"2026-11-20 pain 4", "2026-11-20  pain  4 foo=bar", "2026-11-21 pain 4"};
  Report a = build(j, "2026-11-16", "2026-11-29");
  Report b = build(j, "2026-11-16", "2026-11-29");
  REQUIRE(a.entries.size() == 3);
  CHECK(a.entries[0].id == b.entries[0].id);
  CHECK(a.entries[0].id != a.entries[1].id);
  CHECK(a.entries[0].id.size() == 36);
  CHECK(a.entries[0].id[14] == '5');
  CHECK(uuid_of("x") != uuid_of("y"));
}

TEST_CASE("report: CSV fields and HTML text are escaped", "[report]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a, b") == "\"a, b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("=cmd") == "=cmd");  // kept as written: see report_csv
  CHECK(html_escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;");
  Report r = build({"2026-11-20 note note=\"<script>x</script>\""}, "2026-11-16", "2026-11-29");
  std::string h = report_html(r, default_routine());
  CHECK(h.find("<script") == std::string::npos);
  CHECK(h.find("http") == std::string::npos);
  std::string c = report_csv(r);
  CHECK(c.find("\r\n2026-11-20,,note,,,,,,,,,,,,,,,,<script>x</script>\r\n") != std::string::npos);
}

TEST_CASE("function: the kind parses, round-trips and checks its score", "[report][journal]") {
  Record rec;
  std::string err;
  REQUIRE(parse_record("2026-11-20 function reach score=7 note=ok", rec, err) == ParseStatus::entry);
  CHECK(rec.kind == Kind::function);
  CHECK(rec.score == 7);
  CHECK(format_entry(to_entry(rec)) == "2026-11-20 function reach score=7 note=ok");
  CHECK(parse_record("2026-11-20 function reach score=11", rec, err) == ParseStatus::error);
  CHECK(parse_record("2026-11-20 function score=3", rec, err) == ParseStatus::error);
  Entry e = to_entry(rec);
  e.kind = Kind::pain;
  e.pain = 3;
  e.subject.clear();
  e.score = 3;
  CHECK_FALSE(validate_entry(e).empty());  // only function takes a score
}

TEST_CASE("function: outcomes in the routine keep the file's order, due every N days", "[report][routine]") {
  std::string text = std::string(default_routine_text()) +
                     "\n[outcomes]\n[outcomes.activities]\nzz-reach = \"reaching up\"\naa-drive = \"reversing the car\"\n";
  Routine r = load_routine(text);
  REQUIRE(r.outcomes.activities.size() == 2);
  CHECK(r.outcomes.activities[0].id == "zz-reach");
  CHECK(r.outcomes.every_days == 14);
  CHECK(function_due(r.outcomes, std::nullopt, day("2026-11-20")));
  CHECK_FALSE(function_due(r.outcomes, day("2026-11-07"), day("2026-11-20")));
  CHECK(function_due(r.outcomes, day("2026-11-06"), day("2026-11-20")));
  CHECK_FALSE(function_due(Outcomes{}, std::nullopt, day("2026-11-20")));
  CHECK_THROWS_AS(load_routine(std::string(default_routine_text()) + "\n[outcomes.activities]\nBad = \"x\"\n"),
                  RoutineError);
  CHECK_THROWS_AS(load_routine(std::string(default_routine_text()) + "\n[outcomes]\nevery_days = 0\n"), RoutineError);
}

TEST_CASE("report HTML: the figure of each exercise done, every frame, as pre", "[report][figures]") {
  Report r = build({"2026-11-20 07:00 session morning done=cat-cow,neck-tilts"}, "2026-11-16", "2026-11-29");
  std::string h = report_html(r, default_routine());
  const Exercise* cat = default_routine().exercise("cat-cow");
  REQUIRE(cat);
  REQUIRE(cat->frames.size() >= 2);
  CHECK(h.find("<details><summary>") != std::string::npos);
  CHECK(h.find("<div class=\"figures\">") != std::string::npos);
  CHECK(h.find("<figcaption>Cat-cow</figcaption>") != std::string::npos);
  for (const auto& frame : cat->frames) {
    std::string first = figure_lines(frame).front();
    while (!first.empty() && first.back() == ' ') first.pop_back();
    CHECK(h.find(html_escape(first)) != std::string::npos);
  }
  // Only what was done: a figure of an exercise not logged stays out.
  CHECK(h.find("<figcaption>Doorway stretch</figcaption>") == std::string::npos);
  std::size_t pres = 0;
  for (std::size_t at = h.find("<pre>"); at != std::string::npos; at = h.find("<pre>", at + 1)) ++pres;
  CHECK(pres == cat->frames.size() + default_routine().exercise("neck-tilts")->frames.size());
}
