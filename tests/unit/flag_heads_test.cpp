// The open flags read with old lines by their heads alone (plan --due:
// head_window_start, head_suffices, add_head, head_read_complete) are the
// flags of a pass that reads every line in full: a property test over
// random journals, against the full path.
#include "core/journal_head.hpp"
#include "core/redflags.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace backcare;

namespace {

const Day kToday = *parse_date("2026-11-28");

const char* const kSymptoms[] = {"tingling", "fever", "chest-pain", "night-pain", "both-legs", "no-cause", "made-up"};

// A random journal: pain that runs in calm spells and flare-ups (so that the
// recurring rule fires, with calm spells that began long before its window),
// gaps of weeks without readings, sessions with and without pain=, symptoms,
// screenings, `seen`, rest days, bad lines, entries after today, and some
// lines out of date order.
std::vector<std::string> random_journal(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::string> lines;
  const int span = pick(20, 260);
  const int gap_from = pick(0, span), gap_len = pick(0, 3) ? pick(10, 60) : 0;  // no readings in this stretch
  const bool pain_keys = pick(0, 3) != 0;  // sessions carry pain=
  bool calm = true;
  int spell = pick(3, 12);
  for (int age = span; age >= -3; --age) {
    const std::string d = format_date(kToday - date::days{age});
    const bool no_readings = age <= gap_from && age > gap_from - gap_len;
    if (--spell <= 0) calm = !calm, spell = calm ? pick(5, 14) : pick(1, 3);
    auto level = [&] { return calm ? pick(0, 2) : pick(3, 9); };
    auto time = [&] { return pick(0, 2) ? fmt::format(" {:02}:{:02}", pick(5, 22), pick(0, 59)) : std::string(); };
    if (pick(0, 9) < 7) {
      std::string l = fmt::format("{}{} session morning minutes={}", d, time(), pick(5, 30));
      if (pain_keys && !no_readings && pick(0, 2)) l += fmt::format(" pain={}", level());
      if (pick(0, 30) == 0) l += " pain=12";  // a bad key: the line is skipped in full
      lines.push_back(l);
    }
    if (!no_readings && pick(0, 2) == 0) lines.push_back(fmt::format("{}{} pain {} where=neck", d, time(), level()));
    if (!no_readings && pick(0, 5) == 0) lines.push_back(fmt::format("{}{} exercise doorway-stretch sets=2 pain={}", d, time(), level()));
    if (pick(0, 12) == 0) lines.push_back(fmt::format("{} rest", d));
    if (pick(0, 25) == 0) lines.push_back(fmt::format("{}{} symptom {}", d, time(), kSymptoms[pick(0, 6)]));
    if (pick(0, 30) == 0)
      lines.push_back(fmt::format("{}{} check flags={}", d, time(), pick(0, 1) ? "none" : kSymptoms[pick(0, 6)]));
    if (pick(0, 80) == 0) lines.push_back(fmt::format("{}{} seen", d, time()));
    if (pick(0, 40) == 0) lines.push_back(fmt::format("{} pain 11", d));  // bad: out of range
    if (pick(0, 60) == 0) lines.push_back(fmt::format("{} sesion morning", d));  // unknown kind
    if (pick(0, 60) == 0) lines.push_back("# a comment");
  }
  // A merged journal: a few lines moved elsewhere.
  for (int k = pick(0, 4); k > 0 && lines.size() > 1; --k)
    std::swap(lines[static_cast<std::size_t>(pick(0, static_cast<int>(lines.size()) - 1))],
              lines[static_cast<std::size_t>(pick(0, static_cast<int>(lines.size()) - 1))]);
  return lines;
}

// As the journal reader hands entries on: dated after today, only rest days.
bool kept(const Record& r) { return !(r.date > kToday && r.kind != Kind::rest); }

std::vector<Flag> full_read(const std::vector<std::string>& lines) {
  RedFlags rules(kToday);
  Record r;
  std::string err;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (parse_record(lines[i], r, err) == ParseStatus::entry && kept(r)) rules.add(r, static_cast<long>(i + 1));
  return rules.flags();
}

// The reading of plan --due (journal_read.cpp's read_line with head_before,
// cmd_plan.cpp's read_journal): returns whether the head pass was complete.
bool head_read(const std::vector<std::string>& lines, std::vector<Flag>& out, bool fall_back = true) {
  RedFlags rules(kToday);
  const Day from = head_window_start(kToday);
  Record r;
  std::string err;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    ParseStatus st = parse_head(lines[i], r, err);
    if (st != ParseStatus::blank && (st == ParseStatus::error || !head_suffices(r, from)))
      st = parse_record(lines[i], r, err);
    if (st != ParseStatus::entry || !kept(r)) continue;
    if (head_suffices(r, from)) rules.add_head();
    else rules.add(r, static_cast<long>(i + 1));
  }
  const bool complete = rules.head_read_complete();
  out = complete || !fall_back ? rules.flags() : full_read(lines);
  return complete;
}

}  // namespace

TEST_CASE("open flags from old lines read by their heads equal the full reading, on random journals",
          "[redflags][heads]") {
  int complete = 0, fell_back = 0, raised = 0, recurring = 0, naive_wrong = 0;
  for (unsigned seed = 1; seed <= 1500; ++seed) {
    std::mt19937 rng(seed);
    auto lines = random_journal(rng);
    auto full = full_read(lines);
    std::vector<Flag> heads;
    bool was_complete = head_read(lines, heads);
    INFO("seed " << seed);
    REQUIRE(heads == full);
    (was_complete ? complete : fell_back)++;
    raised += !full.empty();
    recurring += std::any_of(full.begin(), full.end(), [](const Flag& f) { return f.id == "recurring"; });
    // Without the fall-back the reading would be wrong on some journals:
    // the test can tell.
    std::vector<Flag> naive;
    head_read(lines, naive, false);
    naive_wrong += naive != full;
  }
  // Every branch was taken, and the flags were not all empty.
  CHECK(complete > 100);
  CHECK(fell_back > 10);
  CHECK(raised > 100);
  CHECK(recurring > 10);
  CHECK(naive_wrong > 0);
}

TEST_CASE("head_suffices: only sessions, exercises and pain lines before the window", "[redflags][heads]") {
  const Day from = head_window_start(kToday);
  CHECK(from == kToday - date::days{kRecurringDays + kCalmDays + kHeadMargin});
  Record r;
  std::string err;
  for (const char* kind : {"session morning", "exercise cat-cow", "pain 3"}) {
    REQUIRE(parse_head(fmt::format("{} {}", format_date(from - date::days{1}), kind), r, err) == ParseStatus::entry);
    CHECK(head_suffices(r, from));
    REQUIRE(parse_head(fmt::format("{} {}", format_date(from), kind), r, err) == ParseStatus::entry);
    CHECK_FALSE(head_suffices(r, from));
  }
  for (const char* kind : {"symptom fever", "check flags=none", "seen", "rest", "note", "function walking score=3"}) {
    REQUIRE(parse_head(fmt::format("2001-01-01 {}", kind), r, err) == ParseStatus::entry);
    CHECK_FALSE(head_suffices(r, from));
  }
}

TEST_CASE("head_read_complete: needs a reading older than the window once a line was read by its head",
          "[redflags][heads]") {
  RedFlags none(kToday);
  CHECK(none.head_read_complete());
  none.add_head();
  CHECK_FALSE(none.head_read_complete());
  none.add_pain(kToday - date::days{kRecurringDays + kCalmDays}, -1, 1, 5);  // the oldest day outside the window
  CHECK(none.head_read_complete());
  RedFlags recent(kToday);
  recent.add_head();
  recent.add_pain(kToday - date::days{3}, -1, 1, 5);  // inside the window: says nothing of older ones
  CHECK_FALSE(recent.head_read_complete());
}
