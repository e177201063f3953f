#include "core/calendar.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

TEST_CASE("dates parse strictly as real calendar days", "[calendar]") {
  CHECK(parse_date("2026-11-28"));
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK_FALSE(parse_date("2026-02-30"));
  CHECK_FALSE(parse_date("0000-00-00"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-1-01"));
  CHECK_FALSE(parse_date("2026-11-28x"));
  CHECK_FALSE(parse_date("1899-12-31"));
  CHECK_FALSE(parse_date(""));
  CHECK(format_date(D("2026-01-05")) == "2026-01-05");
}

TEST_CASE("times parse as HH:MM or HH:MM:SS within the day", "[calendar]") {
  CHECK(parse_time("00:00") == 0);
  CHECK(parse_time("07:42") == 7 * 3600 + 42 * 60);
  CHECK(parse_time("23:59:59") == 86399);
  CHECK_FALSE(parse_time("24:00"));
  CHECK_FALSE(parse_time("23:60"));
  CHECK_FALSE(parse_time("7:42"));
  CHECK_FALSE(parse_time("07:42:60"));
  CHECK(format_time(7 * 3600 + 42 * 60) == "07:42");
  CHECK(format_time(7 * 3600 + 42 * 60 + 5) == "07:42:05");
}

TEST_CASE("BACKCARE_NOW-style date and time", "[calendar]") {
  auto t = parse_datetime("2026-11-28T07:30");
  REQUIRE(t);
  CHECK(t->day == D("2026-11-28"));
  CHECK(t->seconds == 27000);
  CHECK(parse_datetime("2026-11-28T07:30:15")->seconds == 27015);
  CHECK_FALSE(parse_datetime("2026-11-28"));
  CHECK_FALSE(parse_datetime("2026-11-28T25:00"));
}

TEST_CASE("today and yesterday across month, year and leap-day ends", "[calendar]") {
  CHECK(parse_date_arg("yesterday", D("2026-03-01")) == D("2026-02-28"));
  CHECK(parse_date_arg("yesterday", D("2024-03-01")) == D("2024-02-29"));
  CHECK(parse_date_arg("yesterday", D("2027-01-01")) == D("2026-12-31"));
  CHECK(parse_date_arg("today", D("2026-11-28")) == D("2026-11-28"));
  CHECK(parse_date_arg("2026-11-01", D("2026-11-28")) == D("2026-11-01"));
  CHECK_FALSE(parse_date_arg("tomorrow", D("2026-11-28")));
}

TEST_CASE("relative dates: -N days ago and weekday names, today included", "[calendar]") {
  Day sat = D("2026-11-28");  // a Saturday
  CHECK(parse_date_arg("-0", sat) == sat);
  CHECK(parse_date_arg("-1", sat) == D("2026-11-27"));
  CHECK(parse_date_arg("-2", sat) == D("2026-11-26"));
  CHECK(parse_date_arg("-30", D("2026-03-01")) == D("2026-01-30"));
  CHECK(parse_date_arg("-365", D("2025-01-01")) == D("2024-01-02"));  // over a leap day
  CHECK(parse_date_arg("saturday", sat) == sat);  // today included
  CHECK(parse_date_arg("friday", sat) == D("2026-11-27"));
  CHECK(parse_date_arg("sunday", sat) == D("2026-11-22"));
  CHECK(parse_date_arg("monday", sat) == D("2026-11-23"));
  CHECK(parse_date_arg("Mon", sat) == D("2026-11-23"));
  CHECK(parse_date_arg("SUN", D("2026-11-29")) == D("2026-11-29"));
  CHECK(parse_date_arg("thu", D("2027-01-01")) == D("2026-12-31"));  // across a year end
  CHECK_FALSE(parse_date_arg("-", sat));
  CHECK_FALSE(parse_date_arg("-x", sat));
  CHECK_FALSE(parse_date_arg("--2", sat));
  CHECK_FALSE(parse_date_arg("-1234567", sat));
  CHECK_FALSE(parse_date_arg("+2", sat));
  CHECK_FALSE(parse_date_arg("mo", sat));
  CHECK_FALSE(parse_date_arg("mondays", sat));
  CHECK_FALSE(parse_date_arg("", sat));
}

TEST_CASE("ISO weeks start on Monday and belong to their Thursday's year", "[calendar]") {
  CHECK(iso_weekday(D("2026-11-28")) == 6);  // a Saturday
  CHECK(week_start(D("2026-11-28")) == D("2026-11-23"));
  CHECK(week_start(D("2026-11-23")) == D("2026-11-23"));
  CHECK(week_start(D("2026-11-29")) == D("2026-11-23"));
  auto w = iso_week(D("2027-01-01"));  // Friday: week 53 of 2026
  CHECK(w.year == 2026);
  CHECK(w.week == 53);
  w = iso_week(D("2024-12-30"));  // Monday: week 1 of 2025
  CHECK(w.year == 2025);
  CHECK(w.week == 1);
  CHECK(format_long_date(D("2026-11-28")) == "Saturday 28 November 2026");
}

TEST_CASE("parse_time's HH:MM path takes every valid time and no other", "[calendar][regression]") {
  // Its first version checked the digits with (a | b | c | d) > 9, which
  // refused 08:07 (8 | 7 is 15); only the round-trip test caught it.
  for (int h = 0; h < 100; ++h)
    for (int m = 0; m < 100; ++m) {
      char s[6];
      std::snprintf(s, sizeof s, "%02d:%02d", h, m);
      INFO(s);
      if (h < 24 && m < 60) REQUIRE(parse_time(s) == h * 3600 + m * 60);
      else REQUIRE_FALSE(parse_time(s));
    }
  for (const char* bad : {"0a:00", "00:0a", "/0:00", "00:/0", "0:000", "00-00", ":0000"}) CHECK_FALSE(parse_time(bad));
}
