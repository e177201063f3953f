#include "core/ical.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
// The physical lines of folded text (each must end in CRLF).
std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto crlf = text.find("\r\n", start);
    REQUIRE(crlf != std::string::npos);
    lines.push_back(text.substr(start, crlf - start));
    start = crlf + 2;
  }
  return lines;
}

std::string unfold(const std::string& text) {
  std::string out;
  auto lines = physical_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) out += i == 0 ? lines[i] : lines[i].substr(1);
  return out;
}

// Every content line unfolded, each ending in "\n".
std::string unfold_all(const std::string& text) {
  std::string out;
  for (const auto& l : physical_lines(text)) {
    if (!l.empty() && l[0] == ' ') out.insert(out.size() - 1, l.substr(1));
    else out += l + "\n";
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += len;
  }
  return true;
}

Routine sample() {
  return load_routine(R"(
[[exercise]]
id = "a"
name = "Alpha, the first; really"
phase = "stretch"
steps = ["s"]
hold = 30
[routine.morning]
title = "Morning"
description = "Loosen up; then breathe, slowly."
exercises = ["a"]
days = "daily"
times = ["07:00"]
[routine.desk]
exercises = ["a"]
days = "weekdays"
times = ["15:00", "11:30"]
[routine.extra]
exercises = ["a"]
)");
}
}  // namespace

TEST_CASE("TEXT values escape backslash, semicolon, comma and line breaks", "[ical]") {
  CHECK(ics_escape("plain text") == "plain text");
  CHECK(ics_escape("a,b;c\\d") == "a\\,b\\;c\\\\d");
  CHECK(ics_escape("one\ntwo") == "one\\ntwo");
  CHECK(ics_escape("one\r\ntwo") == "one\\ntwo");
  CHECK(ics_escape("bell\x07 gone\ttab kept") == "bell gone\ttab kept");
  CHECK(ics_escape("2 × 30 s") == "2 × 30 s");
  CHECK(ics_escape("") == "");
}

TEST_CASE("short lines are not folded, every line ends in CRLF", "[ical]") {
  CHECK(ics_fold("VERSION:2.0") == "VERSION:2.0\r\n");
  std::string exact(75, 'x');
  CHECK(ics_fold(exact) == exact + "\r\n");
  std::string one_more(76, 'x');
  CHECK(ics_fold(one_more) == std::string(75, 'x') + "\r\n x\r\n");
}

TEST_CASE("folding keeps every physical line within 75 octets and unfolds back", "[ical]") {
  std::string ascii = "DESCRIPTION:";
  for (int i = 0; i < 40; ++i) ascii += "word" + std::to_string(i) + " ";
  std::string folded = ics_fold(ascii);
  auto lines = physical_lines(folded);
  CHECK(lines.size() > 3);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(lines[i].size() <= 75);
    if (i > 0) CHECK(lines[i][0] == ' ');
  }
  CHECK(lines[1].size() == 75);  // a continuation uses all 74 octets after its space
  CHECK(unfold(folded) == ascii);
}

TEST_CASE("folding never splits a UTF-8 sequence", "[ical]") {
  // Multi-byte characters at every offset around the fold points.
  for (std::size_t prefix = 0; prefix < 4; ++prefix) {
    for (const char* ch : {"é", "€", "😀"}) {
      std::string line = "SUMMARY:" + std::string(prefix, 'x');
      for (int i = 0; i < 60; ++i) line += ch;
      std::string folded = ics_fold(line);
      auto lines = physical_lines(folded);
      REQUIRE(lines.size() >= 2);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].size() <= 75);
        CHECK(valid_utf8(i == 0 ? lines[i] : lines[i].substr(1)));
      }
      CHECK(unfold(folded) == line);
    }
  }
}

TEST_CASE("weekday rules, UIDs, date-times", "[ical]") {
  CHECK(ics_byday(kEveryDay) == "MO,TU,WE,TH,FR,SA,SU");
  CHECK(ics_byday(0b0010101) == "MO,WE,FR");
  CHECK(ics_byday(0x60) == "SA,SU");
  CHECK(ics_uid("morning", 7 * 3600) == "backcare-morning-0700@backcare");
  CHECK(ics_uid("desk-break", 15 * 3600 + 5 * 60) == "backcare-desk-break-1505@backcare");
  CHECK(ics_local(D("2026-11-28"), 7 * 3600 + 30 * 60) == "20261128T073000");
  CHECK(ics_utc(D("2026-01-02"), 3661) == "20260102T010101Z");
  // From a Saturday, weekdays start on Monday; daily starts today.
  CHECK(first_planned_day(0x1f, D("2026-11-28")) == D("2026-11-30"));
  CHECK(first_planned_day(kEveryDay, D("2026-11-28")) == D("2026-11-28"));
  CHECK(first_planned_day(1u << 6, D("2026-11-28")) == D("2026-11-29"));
}

TEST_CASE("the calendar: one recurring event per scheduled routine time", "[ical]") {
  Routine r = sample();
  IcsInput in;
  in.prodid = "-//backcare//test//EN";
  in.today = D("2026-11-28");  // a Saturday
  in.stamp_day = D("2026-11-28");
  in.stamp_seconds = 8 * 3600;
  in.minutes["morning"] = 12;
  std::string cal = ics_calendar(r, in);
  auto lines = physical_lines(cal);
  for (const auto& l : lines) CHECK(l.size() <= 75);
  CHECK(lines.front() == "BEGIN:VCALENDAR");
  CHECK(lines.back() == "END:VCALENDAR");
  std::string flat = unfold(cal);
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
    return n;
  };
  CHECK(count("BEGIN:VEVENT") == 3);  // morning once, desk twice, extra never
  CHECK(count("END:VEVENT") == 3);
  CHECK(count("BEGIN:VALARM") == 3);
  CHECK(count("VERSION:2.0\n") == 1);
  CHECK(count("PRODID:-//backcare//test//EN\n") == 1);
  CHECK(count("UID:backcare-morning-0700@backcare\n") == 1);
  CHECK(count("UID:backcare-desk-1130@backcare\n") == 1);
  CHECK(count("UID:backcare-desk-1500@backcare\n") == 1);
  CHECK(count("DTSTAMP:20261128T080000Z\n") == 3);
  CHECK(count("DTSTART:20261128T070000\n") == 1);  // daily: today
  CHECK(count("DTSTART:20261130T113000\n") == 1);  // weekdays: Monday
  CHECK(count("DTSTART:20261130T150000\n") == 1);
  CHECK(count("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\n") == 1);
  CHECK(count("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\n") == 2);
  CHECK(count("DURATION:PT12M\n") == 1);
  CHECK(count("ACTION:DISPLAY\n") == 3);
  CHECK(count("SUMMARY:Back exercises: Morning\n") == 1);
  CHECK(count("TZID") == 0);
  // TEXT values are escaped in the unfolded form.
  CHECK(flat.find("Loosen up\\; then breathe\\, slowly.\\n\\nExercises: Alpha\\, the first\\; really.") !=
        std::string::npos);
  // The output does not depend on anything but its inputs.
  CHECK(ics_calendar(r, in) == cal);
}

TEST_CASE("[regression] iCalendar injection: C1 controls and every line break are escaped or dropped", "[ical]") {
  CHECK(ics_escape("a\x1b]52;c;eA==\x07z") == "a]52\\;c\\;eA==z");
  CHECK(ics_escape("next\xc2\x85line, csi \xc2\x9b and raw \x9b") == "nextline\\, csi  and raw ");
  CHECK(ics_escape("caf\xc3\xa9 \xe2\x80\x9b") == "caf\xc3\xa9 \xe2\x80\x9b");  // UTF-8 whose bytes include 80-9F
  CHECK(ics_escape("cr\ronly") == "cr\\nonly");
  // A routine made in code (not loaded, so not checked) still gives one
  // line per property.
  Routine r = sample();
  r.routines[0].title = "x\r\nEND:VEVENT\nBEGIN:VEVENT\rUID:evil";
  IcsInput in;
  in.today = D("2026-11-28");
  in.stamp_day = D("2026-11-28");
  std::string cal = ics_calendar(r, in);
  std::size_t events = 0;
  for (const auto& l : physical_lines(cal)) {
    CHECK(l.find_first_of("\r\n") == std::string::npos);
    events += l == "BEGIN:VEVENT";
  }
  CHECK(events == 3);
  CHECK(unfold_all(cal).find("About 1 minute. In a terminal") != std::string::npos);  // not "1 minutes"
}

TEST_CASE("[regression] plan --ics near 9999-12-31 never writes year 10000", "[ical]") {
  // Found by hand: on 9999-12-31 a routine planned on other weekdays
  // started on 10000-01-0x, and a DTSTAMP in UTC could be a day ahead.
  Routine r = sample();  // morning daily at 07:00; desk on weekdays
  IcsInput in;
  in.today = D("9999-12-31");   // a Friday
  in.stamp_day = D("9999-12-31") + date::days{1};  // UTC is already 10000-01-01
  in.stamp_seconds = 3600;
  r.routines[1].schedule.days = 1u << 0;  // desk: Mondays only (the next is 10000-01-03)
  std::string cal;
  for (const auto& l : physical_lines(ics_calendar(r, in))) cal += l + "\n";
  INFO(cal);
  CHECK(cal.find("10000") == std::string::npos);
  CHECK(cal.find("DTSTAMP:99991231T235959Z") != std::string::npos);
  CHECK(cal.find("DTSTART:99991231T070000") != std::string::npos);  // morning: today
  CHECK(cal.find("DTSTART:99991227T113000") != std::string::npos);  // desk: the Monday before
  CHECK(cal.find("RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=99991231T235959") != std::string::npos);
  CHECK(cal.find("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=99991231T235959") != std::string::npos);
  // Far from the end, rules stay open-ended.
  in.today = D("2026-11-28");
  in.stamp_day = D("2026-11-28");
  CHECK(ics_calendar(r, in).find("UNTIL") == std::string::npos);
}
