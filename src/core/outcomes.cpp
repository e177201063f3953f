#include "core/outcomes.hpp"

#include <fmt/format.h>

#include <tuple>

namespace backcare {

bool Score::before(const Score& o) const {
  return std::tuple(day, time, order) < std::tuple(o.day, o.time, o.order);
}

void FunctionTracker::add(const Record& r, long order) {
  if (r.kind != Kind::function || r.score == kNone || !r.subject) return;
  add(r.subject.text, Score{r.date, r.time, order, r.score});
}

void FunctionTracker::add(std::string_view activity, Score s) {
  if ((since_ && s.day < *since_) || (until_ && s.day > *until_)) return;
  auto it = by_id_.find(activity);
  if (it == by_id_.end()) {
    by_id_.emplace(std::string(activity), ActivityScores{std::string(activity), s, s, 1});
    return;
  }
  ActivityScores& a = it->second;
  if (s.before(a.first)) a.first = s;
  if (a.last.before(s)) a.last = s;
  ++a.count;
}

void FunctionTracker::merge(const FunctionTracker& other) {
  for (const auto& [id, a] : other.by_id_) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      by_id_.emplace(id, a);
      continue;
    }
    ActivityScores& m = it->second;
    if (a.first.before(m.first)) m.first = a.first;
    if (m.last.before(a.last)) m.last = a.last;
    m.count += a.count;
  }
}

std::vector<ActivityScores> FunctionTracker::activities() const {
  std::vector<ActivityScores> out;
  for (const auto& [id, a] : by_id_) out.push_back(a);
  return out;
}

std::optional<Day> FunctionTracker::last_day() const {
  std::optional<Day> d;
  for (const auto& [id, a] : by_id_)
    if (!d || a.last.day > *d) d = a.last.day;
  return d;
}

FunctionSummary summarize(const std::vector<ActivityScores>& acts) {
  FunctionSummary s;
  if (acts.empty()) return s;
  double first = 0, last = 0, change = 0;
  int twice = 0;
  for (const auto& a : acts) {
    first += a.first.value;
    last += a.last.value;
    if (a.count >= 2) {
      change += a.last.value - a.first.value;
      ++twice;
    }
  }
  auto n = static_cast<double>(acts.size());
  s.first_mean = first / n;
  s.last_mean = last / n;
  if (twice) s.change = change / twice;
  return s;
}

bool function_due(const Outcomes& o, std::optional<Day> last, Day today) {
  if (o.activities.empty()) return false;
  return !last || days_between(*last, today) >= o.every_days;
}

std::string function_reminder(const Outcomes& o, std::optional<Day> last, Day today) {
  if (!function_due(o, last, today)) return {};
  if (!last)
    return fmt::format("Function check-in: score your {} activities once, then every {} days: backcare log function",
                       o.activities.size(), o.every_days);
  return fmt::format("Function check-in due (last on {}): backcare log function", format_date(*last));
}

}  // namespace backcare
