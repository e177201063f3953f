#include "core/calendar.hpp"

#include <fmt/format.h>

#include <cstring>

namespace backcare {
namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<Day> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!digits(ys) || !digits(ms) || !digits(ds)) return std::nullopt;
  int y = number(ys);
  if (y < 1900) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(number(ms))},
                           date::day{static_cast<unsigned>(number(ds))}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

std::optional<int> parse_time(std::string_view s) {
  if (s.size() == 5) return parse_hhmm(s.data());
  // HH:MM:SS
  if (s.size() != 8 || s[5] != ':') return std::nullopt;
  auto hm = parse_hhmm(s.data());
  auto ss = s.substr(6, 2);
  if (!hm || !digits(ss) || number(ss) > 59) return std::nullopt;
  return *hm + number(ss);
}

std::optional<LocalTime> parse_datetime(std::string_view s) {
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  auto t = parse_time(s.substr(11));
  if (!d || !t) return std::nullopt;
  return LocalTime{*d, *t};
}

std::optional<Day> parse_date_arg(std::string_view s, Day today) {
  if (s == "today") return today;
  if (s == "yesterday") return today - date::days{1};
  if (s.size() >= 2 && s.size() <= 6 && s[0] == '-' && digits(s.substr(1)))
    return today - date::days{number(s.substr(1))};  // N days ago (at most 99999)
  if (s.size() >= 3 && s.size() <= 9) {
    static constexpr std::string_view names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
    std::string lower;
    for (char c : s) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    for (unsigned i = 0; i < 7; ++i)
      if (lower == names[i] || lower == names[i].substr(0, 3)) {
        // The most recent such day, today included.
        unsigned back = (iso_weekday(today) + 7 - (i + 1)) % 7;
        return today - date::days{back};
      }
  }
  return parse_date(s);
}

std::string_view weekday_name(Day d) {
  static constexpr std::string_view names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};
  return names[iso_weekday(d) - 1];
}

namespace {
constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
unsigned month_index(Day d) { return static_cast<unsigned>(date::year_month_day{d}.month()) - 1; }
}  // namespace

std::string_view month_name(Day d) { return kMonths[month_index(d)]; }
std::string_view month_abbr(Day d) { return kMonths[month_index(d)].substr(0, 3); }

std::string format_long_date(Day d) {
  date::year_month_day ymd{d};
  return fmt::format("{} {} {} {}", weekday_name(d), static_cast<unsigned>(ymd.day()), month_name(d),
                     static_cast<int>(ymd.year()));
}

std::string format_date(Day d) {
  date::year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string format_time(int seconds) {
  int h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
  if (s != 0) return fmt::format("{:02}:{:02}:{:02}", h, m, s);
  return fmt::format("{:02}:{:02}", h, m);
}

std::string format_hhmm(int seconds) { return fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60); }

unsigned iso_weekday(Day d) { return date::weekday{d}.iso_encoding(); }

Day week_start(Day d) { return d - date::days{iso_weekday(d) - 1}; }

IsoWeek iso_week(Day d) {
  // The week belongs to the year holding its Thursday.
  Day thursday = week_start(d) + date::days{3};
  date::year y = date::year_month_day{thursday}.year();
  Day first_thursday_week = week_start(Day{y / date::January / 4});
  return {static_cast<int>(y), static_cast<unsigned>((thursday - first_thursday_week).count() / 7 + 1)};
}

}  // namespace backcare
