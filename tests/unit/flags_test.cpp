#include "core/flags.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace backcare;

namespace {
const Day kToday = *parse_date("2026-11-28");
}

TEST_CASE("open flags: on hold with an emergency or urgent flag, not with soon only", "[flags]") {
  RedFlags soon(kToday);
  soon.add_symptom(kToday, -1, 1, "tingling");
  OpenFlags s = open_flags(soon);
  CHECK_FALSE(s.on_hold());
  REQUIRE(s.highest());
  CHECK(*s.highest() == Tier::soon);

  RedFlags urgent(kToday);
  urgent.add_symptom(kToday, -1, 1, "tingling");
  urgent.add_symptom(kToday, -1, 2, "fever");
  OpenFlags u = open_flags(urgent);
  CHECK(u.on_hold());
  CHECK(*u.highest() == Tier::urgent);
  CHECK(u.flags.size() == 2);

  RedFlags none(kToday);
  CHECK_FALSE(open_flags(none).highest());
  CHECK(format_open_flags(open_flags(none), "112", Style{false}).empty());
  CHECK(open_flags_line(open_flags(none)).empty());
}

TEST_CASE("open flags are what check --no-ask raises", "[flags]") {
  RedFlags r(kToday);
  r.add_symptom(kToday, -1, 1, "chest-pain");
  r.add_pain(kToday, -1, 9, 2);
  CHECK(open_flags(r).flags == r.flags());
}

TEST_CASE("the open flags' text says what to do and how to close them", "[flags]") {
  RedFlags r(kToday);
  r.add_symptom(kToday, -1, 1, "fever");
  std::string text = format_open_flags(open_flags(r), "999", Style{false});
  CHECK(text.find("URGENT: be seen today") != std::string::npos);
  CHECK(text.find("backcare log seen") != std::string::npos);
  CHECK(text.find("fine") == std::string::npos);
  std::string line = open_flags_line(open_flags(r));
  CHECK(line.find("urgent (symptom:fever)") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("severe pain advice from 8 on, none at 7", "[flags][severe]") {
  CHECK(severe_pain_advice(7, "112").empty());
  CHECK(severe_pain_advice(8, "112").find("today") != std::string::npos);
  CHECK(severe_pain_advice(10, "911").find("911") != std::string::npos);
}

// --- day by day (progression's amber light, issue 14) -----------------------

namespace {
struct Line {
  Day day;
  int time;
  int kind;  // 0 pain, 1 symptom, 2 check, 3 seen
  int value;
  std::string id;
  std::vector<std::string> yes;
};
}  // namespace

TEST_CASE("on hold day by day is what a RedFlags of that day says, over random journals", "[flags][hold]") {
  // Ids of every tier, an unknown one, and emergency signs asked before and
  // after urgent ones (an emergency yes ends a screening).
  const char* ids[] = {"chest-pain", "saddle-numbness", "headache", "fever", "night-pain", "dizziness", "tingling",
                       "no-such-sign"};
  std::uint32_t seed = 14;
  auto next = [&](std::uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  const Day first = *parse_date("2026-06-01");
  int held = 0, not_held = 0;
  for (int journal = 0; journal < 60; ++journal) {
    std::vector<Line> lines;
    for (int d = 0; d < 120; ++d) {
      const Day day = first + date::days{d};
      for (std::uint32_t k = next(3); k > 0; --k) {
        Line l{day, next(3) == 0 ? kNone : static_cast<int>(next(86400)), static_cast<int>(next(10)), 0, {}, {}};
        if (l.kind < 5) l.kind = 0, l.value = static_cast<int>(next(11));
        else if (l.kind < 6) l.kind = 1, l.id = ids[next(8)];
        else if (l.kind < 9) {
          l.kind = 2;
          for (std::uint32_t y = next(3); y > 1; --y) l.yes.emplace_back(ids[next(8)]);
        } else l.kind = 3;
        lines.push_back(std::move(l));
      }
    }
    OnHoldByDay by_day;
    std::size_t fed = 0;
    for (int d = 0; d < 120; ++d) {
      const Day day = first + date::days{d};
      for (; fed < lines.size() && lines[fed].day == day; ++fed) {
        const Line& l = lines[fed];
        const long order = static_cast<long>(fed);
        switch (l.kind) {
          case 0: by_day.add_pain(l.day, l.time, l.value, order); break;
          case 1: by_day.add_symptom(l.day, l.time, order, l.id); break;
          case 2: by_day.add_check(l.day, l.time, order, l.yes); break;
          default: by_day.add_seen(l.day, l.time, order); break;
        }
      }
      // The whole journal (later days too: a RedFlags of `day` leaves them out).
      RedFlags whole(day);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        const long order = static_cast<long>(i);
        switch (l.kind) {
          case 0: whole.add_pain(l.day, l.time, l.value, order); break;
          case 1: whole.add_symptom(l.day, l.time, order, l.id); break;
          case 2: whole.add_check(l.day, l.time, order, l.yes); break;
          default: whole.add_seen(l.day, l.time, order); break;
        }
      }
      const bool expected = open_flags(whole).on_hold();
      INFO("journal " << journal << ", day " << format_date(day));
      REQUIRE(whole.on_hold() == expected);
      REQUIRE(by_day.on_hold(day) == expected);
      ++(expected ? held : not_held);
    }
  }
  // Both answers, often.
  CHECK(held > 1000);
  CHECK(not_held > 1000);
}

TEST_CASE("on hold day by day: seen, a same-day no, severe for 3 days", "[flags][hold]") {
  const Day d = *parse_date("2026-11-20");
  auto day = [&](int n) { return d + date::days{n}; };
  OnHoldByDay h;
  h.add_symptom(day(0), 6 * 3600, 1, "fever");
  CHECK(h.on_hold(day(0)));
  CHECK(h.on_hold(day(29)));  // 30 days: today and the 29 before
  OnHoldByDay old;
  old.add_symptom(day(0), 6 * 3600, 1, "fever");
  CHECK_FALSE(old.on_hold(day(30)));
  h.add_seen(day(30), 6 * 3600, 2);
  h.add_symptom(day(30), 5 * 3600, 3, "chest-pain");  // before the seen, the same day
  CHECK_FALSE(h.on_hold(day(30)));
  OnHoldByDay no;
  no.add_symptom(day(0), 6 * 3600, 1, "saddle-numbness");
  no.add_check(day(0), 7 * 3600, 2, {});
  CHECK(no.on_hold(day(0)));  // a no the same day does not close an emergency sign
  no.add_check(day(2), 7 * 3600, 3, {});
  CHECK_FALSE(no.on_hold(day(2)));
  OnHoldByDay severe;
  severe.add_pain(day(0), kNone, 7, 1);
  CHECK_FALSE(severe.on_hold(day(0)));
  severe.add_pain(day(1), kNone, 8, 2);
  CHECK(severe.on_hold(day(3)));
  CHECK_FALSE(severe.on_hold(day(4)));
  OnHoldByDay seen_long_ago;  // a seen older than 30 days still hides the readings before it
  seen_long_ago.add_pain(day(0), 20 * 3600, 9, 1);
  seen_long_ago.add_seen(day(0), 21 * 3600, 2);
  CHECK_FALSE(seen_long_ago.on_hold(day(0)));
  CHECK_FALSE(seen_long_ago.on_hold(day(40)));
}
