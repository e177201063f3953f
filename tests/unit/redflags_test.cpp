#include "core/redflags.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace backcare;

namespace {

const Day kToday = *parse_date("2026-11-28");
Day ago(int n) { return kToday - date::days{n}; }

std::vector<std::string> ids(const RedFlags& r) {
  std::vector<std::string> v;
  for (const auto& f : r.flags()) v.push_back(f.id);
  return v;
}

bool has_flag(const RedFlags& r, std::string_view id) {
  auto v = ids(r);
  return std::find(v.begin(), v.end(), id) != v.end();
}

const Flag* find(const std::vector<Flag>& flags, std::string_view id) {
  for (const auto& f : flags)
    if (f.id == id) return &f;
  return nullptr;
}

long order = 0;
void pain(RedFlags& r, int days_ago, int value, int time = -1) { r.add_pain(ago(days_ago), time, value, ++order); }

// Two sessions in each of the four blocks: days 0,1 / 7,8 / 14,15 / 21,27.
void regular_sessions(RedFlags& r, int oldest = 27) {
  for (int d : {0, 1, 7, 8, 14, 15, 21, oldest}) r.add_session(ago(d));
}

}  // namespace

// ---- persistent ------------------------------------------------------------

TEST_CASE("persistent: four blocks of 2 sessions and pain not improved", "[redflags][persistent]") {
  RedFlags r(kToday);
  regular_sessions(r);
  pain(r, 25, 5);
  pain(r, 2, 4);  // 1 point = 20 % of 5: not improved
  auto flags = r.flags();
  const Flag* f = find(flags, "persistent");
  REQUIRE(f);
  CHECK(f->tier == Tier::soon);
  CHECK(f->message.find("4.0") != std::string::npos);
  CHECK(f->message.find("5.0") != std::string::npos);
  REQUIRE(f->evidence.size() == 4);
  CHECK(f->evidence.front().rfind("2026-11-01 to 2026-11-07", 0) == 0);  // the oldest block first
  CHECK(f->evidence.back().rfind("2026-11-22 to 2026-11-28", 0) == 0);
  CHECK(f->evidence.back().find("2 sessions") != std::string::npos);
}

TEST_CASE("persistent: exactly 4 weeks, day 27 in, day 28 out", "[redflags][persistent]") {
  RedFlags in(kToday), out(kToday);
  regular_sessions(in, 27);
  regular_sessions(out, 28);
  for (RedFlags* r : {&in, &out}) {
    pain(*r, 24, 5);
    pain(*r, 0, 5);
  }
  CHECK(has_flag(in, "persistent"));
  CHECK_FALSE(has_flag(out, "persistent"));
}

TEST_CASE("persistent: each block needs 2 sessions", "[redflags][persistent]") {
  for (int missing : {0, 1, 7, 8, 14, 15, 21, 27}) {
    RedFlags r(kToday);
    for (int d : {0, 1, 7, 8, 14, 15, 21, 27})
      if (d != missing) r.add_session(ago(d));
    pain(r, 22, 5);
    pain(r, 3, 6);
    CHECK_FALSE(has_flag(r, "persistent"));
  }
  RedFlags extra(kToday);  // a third session elsewhere does not make up for it
  for (int d : {0, 1, 2, 7, 8, 14, 15, 21}) extra.add_session(ago(d));
  pain(extra, 22, 5);
  pain(extra, 3, 6);
  CHECK_FALSE(has_flag(extra, "persistent"));
}

TEST_CASE("persistent: the trend thresholds decide 'improved'", "[redflags][persistent]") {
  auto flagged = [](std::vector<int> oldest, std::vector<int> newest) {
    RedFlags r(kToday);
    regular_sessions(r);
    for (int v : oldest) pain(r, 23, v);
    for (int v : newest) pain(r, 4, v);
    // Readings of the middle blocks do not count.
    pain(r, 10, 0);
    pain(r, 17, 10);
    return has_flag(r, "persistent");
  };
  CHECK_FALSE(flagged({8}, {6}));        // exactly 2 points better: improved
  CHECK(flagged({7}, {5, 5, 5, 5, 5, 6, 6, 6, 6, 5}));  // 1.6 points, 23 %: not improved
  CHECK_FALSE(flagged({3, 3, 4}, {2, 2, 3}));  // 1 point = exactly 30 % of 3.33: improved
  CHECK(flagged({4}, {3}));              // 1 point = 25 %: not improved
  CHECK(flagged({3}, {3}));              // the same
  CHECK(flagged({2}, {6}));              // worse
}

TEST_CASE("persistent: no reading in the newest or the oldest block, no flag", "[redflags][persistent]") {
  RedFlags no_new(kToday), no_old(kToday);
  regular_sessions(no_new);
  regular_sessions(no_old);
  pain(no_new, 22, 5);
  pain(no_new, 8, 5);
  pain(no_old, 15, 5);
  pain(no_old, 0, 5);
  CHECK_FALSE(has_flag(no_new, "persistent"));
  CHECK_FALSE(has_flag(no_old, "persistent"));
  RedFlags empty(kToday);
  regular_sessions(empty);
  CHECK(empty.flags().empty());
}

TEST_CASE("pain of sessions, exercises and pain lines all count, future entries are not seen", "[redflags]") {
  RedFlags r(kToday);
  Record rec;
  std::string err;
  long line = 0;
  for (const char* l : {"2026-11-28 session morning pain=4", "2026-11-27 session morning",
                        "2026-11-21 session morning", "2026-11-20 session morning", "2026-11-14 session morning",
                        "2026-11-13 session morning", "2026-11-07 session morning", "2026-11-02 exercise cat-cow pain=4",
                        "2026-11-01 session morning", "2026-11-30 pain 0", "2026-11-30 session morning"}) {
    REQUIRE(parse_record(l, rec, err) == ParseStatus::entry);
    r.add(rec, ++line);
  }
  CHECK(ids(r) == std::vector<std::string>{"persistent"});
}

// ---- worsening -------------------------------------------------------------

TEST_CASE("worsening: the trend of SPEC 5, with exactly 2 readings a window", "[redflags][worsening]") {
  RedFlags r(kToday);
  pain(r, 13, 3);
  pain(r, 7, 3);
  pain(r, 6, 5);
  pain(r, 0, 5);  // exactly 2 points worse
  auto flags = r.flags();
  const Flag* f = find(flags, "worsening");
  REQUIRE(f);
  CHECK(f->tier == Tier::soon);
  CHECK(f->message.find("5.0") != std::string::npos);
  REQUIRE(f->evidence.size() == 2);
  CHECK(f->evidence[0].rfind("2026-11-15 to 2026-11-21: pain mean 3.0 (2 readings)", 0) == 0);
  CHECK(f->evidence[1].rfind("2026-11-22 to 2026-11-28: pain mean 5.0", 0) == 0);

  RedFlags one(kToday);  // one reading in the recent window: unknown
  pain(one, 13, 3);
  pain(one, 7, 3);
  pain(one, 0, 9);
  CHECK_FALSE(has_flag(one, "worsening"));

  RedFlags small(kToday);  // 1 point = 25 % of 4: stable
  pain(small, 10, 4);
  pain(small, 9, 4);
  pain(small, 2, 5);
  pain(small, 1, 5);
  CHECK_FALSE(has_flag(small, "worsening"));

  RedFlags thirty(kToday);  // 1 point = 33 % of 3: worsening
  pain(thirty, 10, 3);
  pain(thirty, 9, 3);
  pain(thirty, 2, 4);
  pain(thirty, 1, 4);
  CHECK(has_flag(thirty, "worsening"));

  RedFlags better(kToday);
  pain(better, 10, 6);
  pain(better, 9, 6);
  pain(better, 2, 2);
  pain(better, 1, 2);
  CHECK(better.flags().empty());
}

// ---- recurring -------------------------------------------------------------

TEST_CASE("flare-ups: a reading of 4+ after 7 days or more at 2 or less", "[redflags][recurring]") {
  Day d0 = *parse_date("2026-06-01");
  auto at = [&](int day, int value, int time = -1) {
    static long o = 0;
    return Reading{d0 + date::days{day}, time, ++o, value};
  };
  // First calm reading on day 0, flare-up on day 7: the days 0..6 are 7 days.
  CHECK(find_flare_ups({at(0, 1), at(7, 4)}).size() == 1);
  CHECK(find_flare_ups({at(0, 1), at(6, 4)}).empty());
  CHECK(find_flare_ups({at(0, 2), at(3, 0), at(7, 9)}).size() == 1);
  // Days without readings do not break a calm spell.
  auto gap = find_flare_ups({at(0, 1), at(30, 5)});
  REQUIRE(gap.size() == 1);
  CHECK(gap[0].calm_since == d0);
  CHECK(gap[0].value == 5);
  // A reading of 3 ends the spell; the next one starts at the next calm reading.
  CHECK(find_flare_ups({at(0, 1), at(3, 3), at(4, 1), at(10, 5)}).empty());
  CHECK(find_flare_ups({at(0, 1), at(3, 3), at(4, 1), at(11, 5)}).size() == 1);
  // A reading of 3 is not a flare-up.
  CHECK(find_flare_ups({at(0, 1), at(10, 3)}).empty());
  // The same day: untimed first, then by time; a 3 before the flare-up breaks it.
  CHECK(find_flare_ups({at(0, 1), at(7, 3, 7 * 3600), at(7, 5, 8 * 3600)}).empty());
  CHECK(find_flare_ups({at(0, 1), at(7, 5, 8 * 3600), at(7, 3, 9 * 3600)}).size() == 1);
  CHECK(find_flare_ups({at(0, 1), at(7, 5, 8 * 3600), at(7, 3)}).empty());  // the untimed 3 comes first
  // After a flare-up, a new calm spell is needed.
  CHECK(find_flare_ups({at(0, 1), at(7, 5), at(8, 6)}).size() == 1);
  CHECK(find_flare_ups({at(0, 1), at(7, 5), at(8, 1), at(15, 6)}).size() == 2);
  // Any input order.
  CHECK(find_flare_ups({at(15, 6), at(7, 5), at(8, 1), at(0, 1)}).size() == 2);
}

namespace {
// A flare-up ending on `day` days ago, after a calm week.
void flare(RedFlags& r, int days_ago) {
  pain(r, days_ago + 7, 1);
  pain(r, days_ago, 6);
}
}  // namespace

TEST_CASE("recurring: the third flare-up in 90 days raises it", "[redflags][recurring]") {
  RedFlags two(kToday);
  flare(two, 10);
  flare(two, 40);
  CHECK_FALSE(has_flag(two, "recurring"));

  RedFlags three(kToday);
  flare(three, 10);
  flare(three, 40);
  flare(three, 89);  // day 90 counted back, today being day 1
  auto flags = three.flags();
  const Flag* f = find(flags, "recurring");
  REQUIRE(f);
  CHECK(f->tier == Tier::soon);
  CHECK(f->evidence.size() == 3);
  CHECK(f->evidence[0].rfind(format_date(ago(89)) + ": pain 6", 0) == 0);
  CHECK(f->message.find(format_date(ago(10))) != std::string::npos);

  RedFlags old(kToday);
  flare(old, 10);
  flare(old, 40);
  flare(old, 90);  // the 91st day: too old
  CHECK_FALSE(has_flag(old, "recurring"));
}

TEST_CASE("recurring: a calm spell that began long ago still counts", "[redflags][recurring]") {
  RedFlags r(kToday);
  // The latest reading before the kept ones is calm: the spell runs on.
  pain(r, 200, 1);
  pain(r, 150, 2);
  pain(r, 86, 5);
  flare(r, 40);
  flare(r, 10);
  CHECK(has_flag(r, "recurring"));

  // A spell whose readings straddle the start of the kept ones: its first
  // calm reading (day 100) is what counts, not the last old one (day 91).
  RedFlags straddle(kToday);
  pain(straddle, 100, 1);
  pain(straddle, 91, 2);
  pain(straddle, 86, 5);
  flare(straddle, 40);
  flare(straddle, 10);
  CHECK(has_flag(straddle, "recurring"));

  RedFlags broken(kToday);
  pain(broken, 200, 1);
  pain(broken, 100, 3);  // breaks it, though older than the kept readings
  pain(broken, 86, 5);
  flare(broken, 40);
  flare(broken, 10);
  CHECK_FALSE(has_flag(broken, "recurring"));

  RedFlags reversed(kToday);  // the file order does not matter
  pain(reversed, 86, 5);
  pain(reversed, 100, 3);
  pain(reversed, 200, 1);
  flare(reversed, 40);
  flare(reversed, 10);
  CHECK_FALSE(has_flag(reversed, "recurring"));
}

// ---- symptoms --------------------------------------------------------------

TEST_CASE("symptom: an entry of the last 30 days, day 30 in, day 31 out", "[redflags][symptom]") {
  RedFlags in(kToday), out(kToday);
  in.add_symptom(ago(29), -1, 1, "tingling");
  out.add_symptom(ago(30), -1, 1, "tingling");
  auto flags = in.flags();
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].id == "symptom:tingling");
  CHECK(flags[0].tier == Tier::soon);
  CHECK(flags[0].message.find("2026-10-30") != std::string::npos);  // names the date
  CHECK(flags[0].message.find("29 days ago") != std::string::npos);
  CHECK(flags[0].evidence == std::vector<std::string>{"2026-10-30: logged as a symptom"});
  CHECK(out.flags().empty());
}

TEST_CASE("symptom: the tier comes from the table, unknown ids are soon", "[redflags][symptom]") {
  RedFlags r(kToday);
  r.add_symptom(ago(1), -1, 1, "made-up");
  r.add_symptom(ago(2), -1, 2, "fever");
  r.add_symptom(ago(2), -1, 3, "bladder-bowel");
  auto flags = r.flags();
  REQUIRE(flags.size() == 3);
  CHECK(flags[0].id == "symptom:bladder-bowel");
  CHECK(flags[0].tier == Tier::emergency);
  CHECK(flags[1].id == "symptom:fever");
  CHECK(flags[1].tier == Tier::urgent);
  CHECK(flags[2].id == "symptom:made-up");
  CHECK(flags[2].tier == Tier::soon);
  CHECK(flags[2].message.find("made-up") != std::string::npos);
}

TEST_CASE("symptom: a yes in a check line counts, a later no clears it", "[redflags][symptom]") {
  RedFlags r(kToday);
  r.add_check(ago(5), 9 * 3600, 1, {"fever", "tingling"});
  r.add_check(ago(2), 9 * 3600, 2, {"tingling"});  // fever answered no
  auto flags = r.flags();
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].id == "symptom:tingling");
  CHECK(flags[0].message.find("screening of 2026-11-26") != std::string::npos);
  CHECK(flags[0].evidence.size() == 2);

  RedFlags earlier(kToday);  // a no before the entry clears nothing
  earlier.add_check(ago(12), -1, 1, {});
  earlier.add_symptom(ago(10), -1, 2, "weakness");
  CHECK(ids(earlier) == std::vector<std::string>{"symptom:weakness"});

  RedFlags later(kToday);  // in any file order
  later.add_check(ago(5), -1, 1, {});
  later.add_symptom(ago(10), -1, 2, "weakness");
  CHECK(later.flags().empty());

  RedFlags old_yes(kToday);  // a yes 31 days ago is out of the window
  old_yes.add_check(ago(30), -1, 1, {"fever"});
  CHECK(old_yes.flags().empty());
}

TEST_CASE("symptom: 'later' on the same day goes by time, untimed first, then file order", "[redflags][symptom]") {
  RedFlags cleared(kToday);
  cleared.add_symptom(ago(3), -1, 1, "radiating");
  cleared.add_check(ago(3), 8 * 3600, 2, {});
  CHECK(cleared.flags().empty());

  RedFlags kept(kToday);
  kept.add_symptom(ago(3), 9 * 3600, 2, "radiating");
  kept.add_check(ago(3), 8 * 3600, 1, {});
  CHECK(ids(kept) == std::vector<std::string>{"symptom:radiating"});

  RedFlags by_line(kToday);
  by_line.add_check(ago(3), -1, 2, {});
  by_line.add_symptom(ago(3), -1, 1, "radiating");
  CHECK(by_line.flags().empty());
}

TEST_CASE("symptom: a screening ended by an emergency yes did not answer what follows", "[redflags][symptom]") {
  RedFlags r(kToday);
  r.add_symptom(ago(10), -1, 1, "tingling");
  r.add_symptom(ago(10), -1, 2, "breathless");
  r.add_check(ago(5), -1, 3, {"accident"});  // breathless was answered no; tingling never asked
  CHECK(ids(r) == std::vector<std::string>{"symptom:accident", "symptom:tingling"});
}

TEST_CASE("symptom: a check line without flags= clears nothing", "[redflags][symptom]") {
  RedFlags r(kToday);
  Record rec;
  std::string err;
  REQUIRE(parse_record("2026-11-20 symptom numbness", rec, err) == ParseStatus::entry);
  r.add(rec, 1);
  REQUIRE(parse_record("2026-11-21 check note=\"asked by phone\"", rec, err) == ParseStatus::entry);
  r.add(rec, 2);
  CHECK(ids(r) == std::vector<std::string>{"symptom:numbness"});
  REQUIRE(parse_record("2026-11-22 check flags=none", rec, err) == ParseStatus::entry);
  r.add(rec, 3);
  CHECK(r.flags().empty());
  REQUIRE(parse_record("2026-11-23 check flags=fever,age", rec, err) == ParseStatus::entry);
  r.add(rec, 4);
  CHECK(ids(r) == std::vector<std::string>{"symptom:fever", "symptom:age"});
}

TEST_CASE("the answers just given: yes raises, a complete no clears, a stopped screening clears nothing",
          "[redflags][symptom]") {
  RedFlags r(kToday);
  r.add_symptom(ago(4), -1, 1, "tingling");
  r.add_symptom(ago(4), -1, 2, "fever");
  r.add_answers(8 * 3600, {"fever"}, {"tingling"}, true);
  auto flags = r.flags();
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].id == "symptom:fever");
  CHECK(flags[0].message.find("just now") != std::string::npos);
  CHECK(flags[0].evidence.size() == 2);

  RedFlags stopped(kToday);
  stopped.add_symptom(ago(4), -1, 1, "tingling");
  stopped.add_answers(8 * 3600, {"night-pain"}, {"tingling"}, false);
  CHECK(ids(stopped) == std::vector<std::string>{"symptom:night-pain", "symptom:tingling"});
}

// ---- order and report --------------------------------------------------------

TEST_CASE("flags come most serious first, in a tier, symptoms then the rules", "[redflags]") {
  RedFlags r(kToday);
  pain(r, 13, 1);
  pain(r, 7, 1);
  pain(r, 6, 5);
  pain(r, 0, 5);  // worsening
  r.add_symptom(ago(1), -1, 1, "age");
  r.add_symptom(ago(1), -1, 2, "numbness");
  r.add_symptom(ago(2), -1, 3, "night-pain");
  r.add_answers(0, {"chest-pain"}, {}, true);
  CHECK(ids(r) == std::vector<std::string>{"symptom:chest-pain", "symptom:night-pain", "symptom:numbness",
                                           "symptom:age", "worsening"});
}

TEST_CASE("report: grouped by tier with advice, the screening note, no colour when off", "[redflags][report]") {
  RedFlags r(kToday);
  r.add_symptom(ago(1), -1, 1, "tingling");
  r.add_symptom(ago(2), -1, 2, "fever");
  r.add_answers(0, {"accident"}, {}, true);
  ReportOptions o;
  o.emergency_number = "999";
  o.asked = o.complete = true;
  std::string text = format_report(r.flags(), o, Style{false});
  auto e = text.find("EMERGENCY: call 999 now"), u = text.find("URGENT"), s = text.find("See a clinician soon");
  REQUIRE(e != std::string::npos);
  REQUIRE(u != std::string::npos);
  REQUIRE(s != std::string::npos);
  CHECK(e < u);
  CHECK(u < s);
  CHECK(text.find(tier_advice(Tier::soon, "999").substr(0, 30)) != std::string::npos);
  CHECK(text.find(std::string(kScreeningNote).substr(0, 40)) != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(format_report(r.flags(), o, Style{true}).find('\x1b') != std::string::npos);

  o.quiet = true;
  std::string quiet = format_report(r.flags(), o, Style{false});
  CHECK(std::count(quiet.begin(), quiet.end(), '\n') == 3);
  CHECK(quiet.find(std::string(kScreeningNote).substr(0, 40)) == std::string::npos);
}

TEST_CASE("report without flags: says what was looked at, never reassures", "[redflags][report]") {
  for (bool asked : {false, true})
    for (bool complete : {false, true}) {
      ReportOptions o;
      o.asked = asked;
      o.complete = complete;
      std::string text = format_report({}, o, Style{false});
      CHECK(text.find("No warning signs were found") != std::string::npos);
      CHECK(text.find(std::string(kScreeningNote).substr(0, 40)) != std::string::npos);
      for (auto word : {"fine", "nothing to worry", "healthy", "normal", "safe"}) CHECK(text.find(word) == std::string::npos);
      CHECK((text.find("your answers") != std::string::npos || text.find("answers you gave") != std::string::npos) ==
            asked);
      o.quiet = true;
      CHECK(format_report({}, o, Style{false}).empty());
    }
}

// ---- SPEC v2: severe, floors, seen, same-day emergencies --------------------

TEST_CASE("severe: a reading of 8 or more in the last 3 days, 7 is not", "[redflags][severe]") {
  RedFlags seven(kToday);
  pain(seven, 0, 7);
  CHECK_FALSE(has_flag(seven, "severe"));

  RedFlags eight(kToday);
  pain(eight, 0, 8);
  auto flags = eight.flags();
  const Flag* f = find(flags, "severe");
  REQUIRE(f);
  CHECK(f->tier == Tier::urgent);
  CHECK(f->message.find("8 out of 10") != std::string::npos);
  CHECK(f->message.find("2026-11-28") != std::string::npos);
}

TEST_CASE("severe: day 2 is in, day 3 is out", "[redflags][severe]") {
  RedFlags day2(kToday), day3(kToday);
  pain(day2, 2, 10);
  pain(day3, 3, 10);
  CHECK(has_flag(day2, "severe"));
  CHECK_FALSE(has_flag(day3, "severe"));
}

TEST_CASE("floors: persistent and worsening need a newest mean of 3, 2.9 is not enough", "[redflags][floor]") {
  // Ten readings a block: 29 / 10 = 2.9 and 30 / 10 = 3.0.
  auto persistent_with = [](int sum_tenths) {
    RedFlags r(kToday);
    regular_sessions(r);
    for (int i = 0; i < 10; ++i) pain(r, 24, 3);
    for (int i = 0; i < 10; ++i) pain(r, 3, i < sum_tenths - 20 ? 3 : 2);
    return has_flag(r, "persistent");
  };
  CHECK_FALSE(persistent_with(29));  // mean 2.9
  CHECK(persistent_with(30));        // mean 3.0

  auto worsening_with = [](int threes) {
    RedFlags r(kToday);
    for (int i = 0; i < 10; ++i) pain(r, 10, 1);
    for (int i = 0; i < 10; ++i) pain(r, 2, i < threes ? 3 : 2);
    return has_flag(r, "worsening");
  };
  CHECK_FALSE(worsening_with(9));  // mean 2.9, 1.9 points worse than 1.0
  CHECK(worsening_with(10));       // mean 3.0
}

TEST_CASE("seen: closes the symptoms logged before it, not those after", "[redflags][seen]") {
  RedFlags before(kToday);
  before.add_symptom(ago(5), -1, 1, "fever");
  before.add_seen(ago(3), -1, 2);
  CHECK(before.flags().empty());

  RedFlags after(kToday);
  after.add_seen(ago(5), -1, 1);
  after.add_symptom(ago(3), -1, 2, "fever");
  CHECK(ids(after) == std::vector<std::string>{"symptom:fever"});

  RedFlags same_day(kToday);  // on the same day, by time
  same_day.add_symptom(ago(1), 10 * 3600, 1, "chest-pain");
  same_day.add_seen(ago(1), 9 * 3600, 2);
  CHECK(ids(same_day) == std::vector<std::string>{"symptom:chest-pain"});

  Record rec;
  std::string err;
  RedFlags parsed(kToday);
  REQUIRE(parse_record("2026-11-26 symptom weakness", rec, err) == ParseStatus::entry);
  parsed.add(rec, 1);
  REQUIRE(parse_record("2026-11-27 seen note=\"GP: muscular\"", rec, err) == ParseStatus::entry);
  parsed.add(rec, 2);
  CHECK(parsed.flags().empty());
}

TEST_CASE("seen: the pain rules look only at readings after it", "[redflags][seen]") {
  RedFlags r(kToday);
  pain(r, 1, 9);
  CHECK(has_flag(r, "severe"));
  r.add_seen(ago(1), 12 * 3600, 1);  // the untimed reading counts as the start of its day
  CHECK_FALSE(has_flag(r, "severe"));
  pain(r, 0, 9);
  CHECK(has_flag(r, "severe"));

  RedFlags w(kToday);
  pain(w, 13, 1);
  pain(w, 7, 1);
  pain(w, 6, 5);
  pain(w, 0, 5);
  CHECK(has_flag(w, "worsening"));
  w.add_seen(ago(8), 12 * 3600, 1);  // the older window is before it
  CHECK_FALSE(has_flag(w, "worsening"));
}

TEST_CASE("same day: a no does not close an emergency logged that day or the day before", "[redflags][emergency]") {
  // Review finding: chest pain logged at 08:00 was cleared by a no at 09:00.
  RedFlags today(kToday);
  today.add_symptom(kToday, 8 * 3600, 1, "chest-pain");
  today.add_check(kToday, 9 * 3600, 2, {});
  CHECK(ids(today) == std::vector<std::string>{"symptom:chest-pain"});

  RedFlags answers(kToday);
  answers.add_symptom(ago(1), 8 * 3600, 1, "chest-pain");
  answers.add_answers(9 * 3600, {}, {"chest-pain"}, true);
  CHECK(ids(answers) == std::vector<std::string>{"symptom:chest-pain"});

  RedFlags two_days(kToday);  // a no two days later does close it
  two_days.add_symptom(ago(2), 8 * 3600, 1, "chest-pain");
  two_days.add_check(kToday, 9 * 3600, 2, {});
  CHECK(two_days.flags().empty());

  RedFlags urgent(kToday);  // an urgent sign is closed by a no at once
  urgent.add_symptom(kToday, 8 * 3600, 1, "fever");
  urgent.add_check(kToday, 9 * 3600, 2, {});
  CHECK(urgent.flags().empty());

  RedFlags seen(kToday);  // only seen closes it
  seen.add_symptom(kToday, 8 * 3600, 1, "chest-pain");
  seen.add_seen(kToday, 9 * 3600, 2);
  CHECK(seen.flags().empty());
}

TEST_CASE("an emergency open for 2 days stays emergency, after 3 it is urgent with its date", "[redflags][emergency]") {
  RedFlags two(kToday), three(kToday);
  two.add_symptom(ago(2), -1, 1, "headache");
  three.add_symptom(ago(3), -1, 1, "headache");
  auto f2 = two.flags();
  auto f3 = three.flags();
  REQUIRE(f2.size() == 1);
  REQUIRE(f3.size() == 1);
  CHECK(f2[0].tier == Tier::emergency);
  CHECK(f3[0].tier == Tier::urgent);
  CHECK(f3[0].message.find("logged on 2026-11-25") != std::string::npos);
  CHECK(f3[0].message.find("be seen today") != std::string::npos);
}

TEST_CASE("merge: two halves of a journal give the flags of the whole", "[redflags]") {
  RedFlags whole(kToday), a(kToday), b(kToday);
  for (RedFlags* r : {&whole, &a}) r->add_symptom(ago(5), -1, 1, "fever");
  for (RedFlags* r : {&whole, &b}) r->add_seen(ago(3), -1, 2);
  for (RedFlags* r : {&whole, &a}) r->add_pain(ago(1), -1, 9, 3);
  a.merge(b);
  CHECK(ids(a) == ids(whole));
  CHECK(ids(a) == std::vector<std::string>{"severe"});
}
