#include "core/planning.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace backcare {

JournalDigest::JournalDigest(Day today) : today_(today), monday_(week_start(today)) {}

void JournalDigest::add(const Record& r) {
  if (r.kind == Kind::unknown) return;
  if (r.kind == Kind::rest && r.date >= today_ && (!next_rest_ || r.date < *next_rest_)) next_rest_ = r.date;
  const Day sunday = monday_ + date::days{6};
  if (r.date > today_) {
    if (r.kind == Kind::rest && r.date <= sunday) week_[static_cast<std::size_t>(days_between(monday_, r.date))].rest = true;
    return;
  }
  if (!first_day_ || r.date < *first_day_) first_day_ = r.date;
  const bool active = r.kind == Kind::session || r.kind == Kind::exercise;
  if (active && (!last_active_ || r.date > *last_active_)) last_active_ = r.date;
  if (r.kind == Kind::rest && (!last_rest_ || r.date > *last_rest_)) last_rest_ = r.date;
  if (r.date < monday_) return;
  DayLog& day = week_[static_cast<std::size_t>(days_between(monday_, r.date))];
  switch (r.kind) {
    case Kind::rest: day.rest = true; break;
    case Kind::exercise: ++day.exercises; break;
    case Kind::session: {
      ++day.session_count;
      if (r.minutes > 0) day.minutes += r.minutes;
      std::string name(r.subject.text);
      if (std::find(day.sessions.begin(), day.sessions.end(), name) == day.sessions.end())
        day.sessions.push_back(std::move(name));
      break;
    }
    default: break;
  }
}

int JournalDigest::week_sessions() const {
  int n = 0;
  for (const auto& d : week_) n += d.session_count;
  return n;
}

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
  std::optional<Day> from = d.last_active();
  if (d.last_rest() && (!from || *d.last_rest() > *from)) from = d.last_rest();
  if (!from) from = d.first_day();
  int n = days_between(*from, d.today());
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
      for (const auto& item : plan_day(r, now, row.log->record())) {
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
