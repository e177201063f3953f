#include "core/outcomes.hpp"

#include "core/bytes.hpp"

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

namespace {
void put_score(ByteWriter& w, const Score& s) { w.put(s.day), w.put(s.time), w.put(s.order), w.put(s.value); }
bool get_score(ByteReader& r, Score& s) {
  return get_day(r, s.day) && r.get(s.time) && r.get(s.order) && r.get(s.value);
}
}  // namespace

void FunctionTracker::save(ByteWriter& w) const {
  w.put(since_), w.put(until_);
  w.put(static_cast<std::uint64_t>(by_id_.size()));
  for (const auto& [id, a] : by_id_) {
    w.put(id);
    put_score(w, a.first), put_score(w, a.last);
    w.put(a.count);
  }
}

bool FunctionTracker::load(ByteReader& r) {
  std::optional<Day> since, until;
  if (!(r.get(since) && r.get(until))) return false;
  if (since != since_ || until != until_) return r.fail();
  std::size_t n;
  if (!r.length(n, 8)) return false;
  by_id_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    ActivityScores a;
    if (!(r.get(a.id) && get_score(r, a.first) && get_score(r, a.last) && get_count(r, a.count))) return false;
    std::string id = a.id;
    if (!by_id_.emplace(std::move(id), std::move(a)).second) return r.fail();
  }
  return true;
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
