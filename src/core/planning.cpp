#include "core/planning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace backcare {

MinutesTarget minutes_target(const Goals& g, std::optional<Day> first_day, Day today) {
  MinutesTarget t;
  int weeks = first_day && *first_day < today ? days_between(*first_day, today) / 7 : 0;
  t.week = weeks + 1;
  long m = g.start_minutes + static_cast<long>(g.weekly_increase) * weeks;
  t.at_ceiling = m >= g.max_minutes;
  t.minutes = static_cast<int>(std::min<long>(m, g.max_minutes));
  return t;
}

std::optional<int> idle_days(const JournalDigest& d) {
  if (d.empty()) return std::nullopt;
  std::optional<Day> last = d.last_active();
  if (d.last_rest() && (!last || *d.last_rest() > *last)) last = d.last_rest();
  // The days after the last active (or rest) day up to yesterday; with
  // neither, the days from the first entry up to yesterday.
  int n = last ? days_between(*last, d.today()) - 1 : days_between(*d.first_day(), d.today());
  if (n < 2) return std::nullopt;
  return n;
}

std::string_view week_state_name(WeekState s) {
  switch (s) {
    case WeekState::done: return "done";
    case WeekState::missed: return "missed";
    case WeekState::rest: return "rest";
    case WeekState::due: return "due";
    case WeekState::upcoming: return "upcoming";
    case WeekState::before: return "";
  }
  return "";
}

std::vector<WeekRow> plan_week(const Routine& r, LocalTime now, const JournalDigest& d) {
  std::vector<WeekRow> rows;
  const Day monday = week_start(now.day);
  for (int i = 0; i < 7; ++i) {
    WeekRow row;
    row.day = monday + date::days{i};
    row.is_today = row.day == now.day;
    row.log = &d.week()[static_cast<std::size_t>(i)];
    if (row.is_today) {
      for (const auto& item : plan_day(r, now, *row.log)) {
        WeekState s = item.state == DueState::done   ? WeekState::done
                      : item.state == DueState::rest ? WeekState::rest
                      : item.state == DueState::due  ? WeekState::due
                                                     : WeekState::upcoming;
        row.scheduled.push_back({item.routine, item.time, s});
      }
    } else {
      for (const auto& def : r.routines) {
        if (!def.schedule.on(row.day)) continue;
        WeekState s = std::find(row.log->sessions.begin(), row.log->sessions.end(), def.name) != row.log->sessions.end()
                          ? WeekState::done
                      : row.log->rest      ? WeekState::rest
                      : row.day > now.day  ? WeekState::upcoming
                      : d.first_day() && row.day >= *d.first_day() ? WeekState::missed
                                                                  : WeekState::before;
        row.scheduled.push_back({&def, def.schedule.times.front(), s});
      }
      std::stable_sort(row.scheduled.begin(), row.scheduled.end(),
                       [](const WeekItem& a, const WeekItem& b) { return a.time < b.time; });
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int week_target(int goal, unsigned planned, unsigned rest) {
  planned &= 0x7fu;
  if (planned == 0) planned = 0x7fu;
  const int days = std::popcount(planned);
  const int open = days - std::popcount(planned & rest);
  return (goal * open + days - 1) / days;
}

unsigned week_rest_days(const JournalDigest& d) { return d.week_rest_days(); }

bool wants_morning_reading(const JournalDigest& d) {
  return d.active_yesterday() && d.today_log().readings == 0;
}

bool target_fits(int session_minutes, const MinutesTarget& t) { return session_minutes <= t.minutes; }

namespace {
// "today", "yesterday", "on Tuesday" (within the week before), else "on 2026-11-03".
std::string when_said(Day d, Day today) {
  int ago = days_between(d, today);
  if (ago == 0) return "today";
  if (ago == 1) return "yesterday";
  if (ago > 1 && ago < 7) return fmt::format("on {}", weekday_name(d));
  return fmt::format("on {}", format_date(d));
}

std::string usual_text(double u) { return u == static_cast<int>(u) ? fmt::format("{}", static_cast<int>(u)) : fmt::format("{:.1f}", u); }
}  // namespace

std::string describe_light(const Level& l, Day today) {
  if (!l.light || !l.light_on) return l.change == Change::first_time ? "first time: at the start of its range" : "no light yet";
  const std::string day = when_said(*l.light_on, today);
  std::string cause;
  switch (l.cause) {
    case Cause::none: break;
    case Cause::sore: cause = fmt::format("marked sore {}", day); break;
    case Cause::pain_high:
    case Cause::pain_over:
      cause = fmt::format("pain {} after the session {} (its limit is {})", l.value, day, l.limit);
      break;
    case Cause::next_day_high:
    case Cause::next_day_over:
      cause = fmt::format("pain {} the day after the session {} (usually {})", l.value, day, usual_text(l.usual));
      break;
    case Cause::effort_high: cause = fmt::format("effort {} in the session {}", l.value, day); break;
    case Cause::worsening: cause = fmt::format("pain was building up over the week of the session {}", day); break;
    case Cause::flag_open: cause = fmt::format("a warning sign was open {} (see backcare check)", day); break;
  }
  switch (*l.light) {
    case Light::red:
      return l.change == Change::down && l.changed_on == l.light_on ? "down: " + cause
                                                                      : "at the start of its range: " + cause;
    case Light::amber: return "held: " + cause;
    case Light::green:
      if (l.in_flare) return fmt::format("held: an easy session {}, but no step up during a flare-up", day);
      if (l.change == Change::up && l.changed_on == l.light_on) return "up: two easy sessions";
      if (l.at_top) return fmt::format("easy {}: at the top of its range", day);
      return fmt::format("easy {}: one more easy session steps it up", day);
  }
  return "";
}

std::string describe_flare(const Flare& f, Day today) {
  if (!f.active || !f.since) return {};
  return fmt::format("Flare-up since {}: every exercise is at the start of its range and nothing steps up. It counts "
                     "as settled after {} days with every pain reading at {} or less ({} so far).",
                     days_between(*f.since, today) == 0 ? std::string("today") : format_date(*f.since),
                     kFlareSettledDays, usual_text(f.usual_before), f.settled_days);
}

std::string describe_level(const Level& l) {
  switch (l.change) {
    case Change::first_time: return "first time";
    case Change::steady:
      return l.times_done == 1 ? std::string("steady (done once)") : fmt::format("steady (done {} times)", l.times_done);
    case Change::up:
    case Change::down:
      return fmt::format("{} on {}: {}", l.change == Change::up ? "up" : "down",
                         l.changed_on ? format_date(*l.changed_on) : std::string("?"), l.why);
  }
  return "";
}

}  // namespace backcare
