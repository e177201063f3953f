// Calendar arithmetic on local dates. A "day" is a local calendar date,
// never an instant: the shell turns the clock into one (see cli/context).
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace backcare {

using Day = date::sys_days;

// Local wall-clock "now": the date and the seconds since midnight.
struct LocalTime {
  Day day{};
  int seconds = 0;
  bool operator==(const LocalTime&) const = default;
};

inline constexpr int kSecondsPerDay = 86400;

// Strict YYYY-MM-DD, a real calendar date between 1900 and 9999.
std::optional<Day> parse_date(std::string_view s);
// HH:MM or HH:MM:SS, 00:00 to 23:59:59. Returns seconds since midnight.
// parse_time of the 5 bytes at p (HH:MM), inline for the journal parser.
inline std::optional<int> parse_hhmm(const char* p) {
  const unsigned h1 = static_cast<unsigned char>(p[0]) - '0', h2 = static_cast<unsigned char>(p[1]) - '0',
                 m1 = static_cast<unsigned char>(p[3]) - '0', m2 = static_cast<unsigned char>(p[4]) - '0';
  if (p[2] != ':' || h1 > 9 || h2 > 9 || m1 > 9 || m2 > 9) return std::nullopt;
  const unsigned h = h1 * 10 + h2, m = m1 * 10 + m2;
  if (h > 23 || m > 59) return std::nullopt;
  return static_cast<int>(h * 3600 + m * 60);
}
std::optional<int> parse_time(std::string_view s);
// YYYY-MM-DDTHH:MM[:SS] (a space in place of T is accepted too).
std::optional<LocalTime> parse_datetime(std::string_view s);

// A date given by a person (SPEC §9): YYYY-MM-DD, "today", "yesterday",
// "-N" (N days ago) or a weekday name, full or its first three letters, in
// any case ("monday", "Mon": the most recent such day, today included).
std::optional<Day> parse_date_arg(std::string_view s, Day today);
// How those forms are described in messages and --help.
inline constexpr std::string_view kDateForms = "YYYY-MM-DD, today, yesterday, -N (N days ago) or a weekday";

std::string format_date(Day d);
// "Saturday 28 November 2026".
std::string format_long_date(Day d);
std::string_view weekday_name(Day d);
std::string_view month_name(Day d);  // "November"
std::string_view month_abbr(Day d);  // "Nov"
// HH:MM, or HH:MM:SS when the seconds are not zero.
std::string format_time(int seconds);
// Always HH:MM.
std::string format_hhmm(int seconds);

// ISO weekday: 1 = Monday ... 7 = Sunday.
unsigned iso_weekday(Day d);
// The Monday of d's ISO week.
Day week_start(Day d);
// ISO 8601 week-numbering year and week of d.
struct IsoWeek {
  int year;
  unsigned week;
};
IsoWeek iso_week(Day d);

inline int days_between(Day from, Day to) { return static_cast<int>((to - from).count()); }

}  // namespace backcare
