#include "core/days.hpp"

#include "core/bytes.hpp"

#include <algorithm>

namespace backcare {

// --- the day rule -----------------------------------------------------------

std::string_view day_state_name(DayState s) {
  switch (s) {
    case DayState::active: return "active";
    case DayState::neutral: return "neutral";
    case DayState::missed: return "missed";
  }
  return "missed";
}

DayState day_state(std::uint8_t marks, Day d, unsigned planned_days) {
  if (marks & kActive) return DayState::active;
  if ((marks & kRest) || !(planned_days >> (iso_weekday(d) - 1) & 1u)) return DayState::neutral;
  return DayState::missed;
}

// --- DayTable -------------------------------------------------------------

DayTotals& DayTable::make(Day d) {
  if (v_.empty()) {
    v_.resize(64);
    base_ = d - date::days{32};
    lo_ = 32;
    hi_ = 33;
    return v_[32];
  }
  long i = days_between(base_, d);
  if (i < 0) {
    // Grow at the front by at least the table's size: a journal read
    // backwards costs amortised constant time a day, not quadratic.
    auto extra = std::max<std::size_t>(static_cast<std::size_t>(-i), v_.size());
    std::vector<DayTotals> grown(v_.size() + extra);
    std::copy(v_.begin() + static_cast<long>(lo_), v_.begin() + static_cast<long>(hi_),
              grown.begin() + static_cast<long>(lo_ + extra));
    v_.swap(grown);
    base_ -= date::days{static_cast<int>(extra)};
    lo_ += extra;
    hi_ += extra;
    i += static_cast<long>(extra);
  }
  auto k = static_cast<std::size_t>(i);
  if (k >= v_.size()) v_.resize(std::max(k + 1, v_.size() * 2));
  lo_ = std::min(lo_, k);
  hi_ = std::max(hi_, k + 1);
  return v_[k];
}

const DayTotals& DayTable::get(Day d) const {
  static const DayTotals none;
  if (empty()) return none;
  long i = days_between(base_, d);
  if (i < static_cast<long>(lo_) || i >= static_cast<long>(hi_)) return none;
  return v_[static_cast<std::size_t>(i)];
}

void DayTable::merge(const DayTable& other) {
  if (other.empty()) return;
  at(other.first());  // grow once to cover the other's span
  at(other.last());
  for (std::size_t i = other.lo_; i < other.hi_; ++i) {
    const DayTotals& o = other.v_[i];
    if (!o.sessions && !o.pain_count && !o.marks && o.minutes == 0) continue;
    DayTotals& t = at(other.base_ + date::days{static_cast<int>(i)});
    t.sessions += o.sessions;
    t.pain_count += o.pain_count;
    t.pain_sum += o.pain_sum;
    t.marks |= o.marks;
    t.minutes += o.minutes;
  }
}

void DayTable::save(ByteWriter& w) const {
  w.put(static_cast<std::uint64_t>(hi_ - lo_));
  if (empty()) return;
  w.put(first());
  for (std::size_t i = lo_; i < hi_; ++i) {
    const DayTotals& t = v_[i];
    w.put(t.sessions), w.put(t.pain_count), w.put(t.pain_sum), w.put(t.marks), w.put(t.minutes);
  }
}

bool DayTable::load(ByteReader& r) {
  std::size_t n;
  if (!r.length(n, 21)) return false;
  v_.clear();
  lo_ = hi_ = 0;
  if (n == 0) return true;
  Day from;
  if (!get_day(r, from)) return false;
  if (n > 4'000'000 || !plausible_day(from + date::days{static_cast<int>(n) - 1})) return r.fail();
  v_.resize(n);
  for (auto& t : v_)
    if (!(r.get(t.sessions) && r.get(t.pain_count) && r.get(t.pain_sum) && r.get(t.marks) && r.get(t.minutes)))
      return false;
  base_ = from;
  hi_ = n;
  return true;
}

// --- DayLog ---------------------------------------------------------------

bool DayLog::has_session(std::string_view name) const {
  return std::find(sessions.begin(), sessions.end(), name) != sessions.end();
}

void DayLog::merge(const DayLog& o) {
  auto in = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  // A routine stays partial only when neither side saw a complete one.
  auto complete = [&](const DayLog& l, const std::string& s) { return l.has_session(s) && !in(l.partial, s); };
  std::vector<std::string> still;
  auto consider = [&](const std::string& s) {
    if (!complete(*this, s) && !complete(o, s) && !in(still, s)) still.push_back(s);
  };
  for (const auto& s : partial) consider(s);
  for (const auto& s : o.partial) consider(s);
  for (const auto& s : o.sessions)
    if (!has_session(s)) sessions.push_back(s);
  partial = std::move(still);
  rest = rest || o.rest;
  session_count += o.session_count;
  exercises += o.exercises;
  minutes += o.minutes;
  readings += o.readings;
}

void DayLog::save(ByteWriter& w) const {
  w.put(static_cast<std::uint8_t>(rest));
  w.put(sessions);
  w.put(session_count), w.put(exercises), w.put(minutes);
  w.put(partial);
  w.put(readings);
}

bool DayLog::load(ByteReader& r) {
  std::uint8_t b = 0;
  if (!r.get(b) || b > 1) return r.fail();
  rest = b;
  return r.get(sessions) && get_count(r, session_count) && get_count(r, exercises) && r.get(minutes) &&
         r.get(partial) && get_count(r, readings);
}

// --- the fold ---------------------------------------------------------------

DayFold::DayFold(Day today, std::optional<Day> since, unsigned needs)
    : today_(today), monday_(week_start(today)), since_(since), needs_(needs) {}

namespace {
template <class T>
void keep_min(std::optional<T>& a, const std::optional<T>& b) {
  if (b && (!a || *b < *a)) a = b;
}
template <class T>
void keep_max(std::optional<T>& a, const std::optional<T>& b) {
  if (b && (!a || *b > *a)) a = b;
}
}  // namespace

void DayFold::add(const Record& r) {
  if (r.kind == Kind::unknown || (since_ && r.date < *since_)) return;
  const bool week = (needs_ & kFoldWeek) && r.date >= monday_ && r.date < monday_ + date::days{7};
  if (r.date > today_) {  // only plans count ahead
    if (r.kind != Kind::rest) return;
    if (!next_rest_ || r.date < *next_rest_) next_rest_ = r.date;
    if (week) week_[static_cast<std::size_t>(days_between(monday_, r.date))].rest = true;
    return;
  }
  if (!first_day_ || r.date < *first_day_) first_day_ = r.date;
  const std::uint8_t mark = mark_of(r.kind);
  DayTotals* t = (needs_ & kFoldTable) ? &days_.at(r.date) : nullptr;
  if (t) t->marks |= mark;
  if (mark == kActive) {
    if (!last_active_ || r.date > *last_active_) last_active_ = r.date;
    if (r.date + date::days{1} == today_) active_yesterday_ = true;
  }
  const bool reading = r.pain != kNone && (r.kind == Kind::pain || mark == kActive);
  if (t && reading) {
    ++t->pain_count;
    t->pain_sum += static_cast<std::uint32_t>(r.pain);
  }
  DayLog* day = week ? &week_[static_cast<std::size_t>(days_between(monday_, r.date))] : nullptr;
  if (day && reading) ++day->readings;
  switch (r.kind) {
    case Kind::session: {
      const double minutes = r.minutes > 0 ? r.minutes : 0;
      // A continuation (resumes=, start --resume) is the same session as the
      // line it continues: its minutes add, it is not counted again.
      const unsigned one = r.resumes == kNone ? 1u : 0u;
      any_session_ = true;
      if (needs_ & kFoldTotals) {
        sessions_ += one;
        minutes_ += minutes;
      }
      if (t) {
        t->sessions += one;
        t->minutes += minutes;
      }
      if (!day) break;
      day->session_count += static_cast<int>(one);
      day->minutes += minutes;
      std::string name(r.subject.text);
      const bool known = day->has_session(name);
      auto partial = std::find(day->partial.begin(), day->partial.end(), name);
      if (r.status == static_cast<int>(Status::partial)) {
        if (!known) day->partial.push_back(name);
      } else if (partial != day->partial.end()) {
        day->partial.erase(partial);  // a complete one too
      }
      if (!known) day->sessions.push_back(std::move(name));
      break;
    }
    case Kind::exercise:
      if (day) ++day->exercises;
      break;
    case Kind::rest:
      if (r.date == today_ && (!next_rest_ || r.date < *next_rest_)) next_rest_ = r.date;
      if (!last_rest_ || r.date > *last_rest_) last_rest_ = r.date;
      if (day) day->rest = true;
      break;
    case Kind::check:
      if (!last_check_ || r.date > *last_check_) last_check_ = r.date;
      break;
    default: break;
  }
}

void DayFold::merge(const DayFold& o) {
  days_.merge(o.days_);
  keep_min(first_day_, o.first_day_);
  keep_max(last_active_, o.last_active_);
  keep_max(last_rest_, o.last_rest_);
  keep_min(next_rest_, o.next_rest_);
  keep_max(last_check_, o.last_check_);
  active_yesterday_ = active_yesterday_ || o.active_yesterday_;
  any_session_ = any_session_ || o.any_session_;
  sessions_ += o.sessions_;
  minutes_ += o.minutes_;
  for (std::size_t i = 0; i < 7; ++i) week_[i].merge(o.week_[i]);
}

void DayFold::save(ByteWriter& w) const {
  w.put(today_), w.put(since_), w.put(needs_);
  days_.save(w);
  w.put(first_day_), w.put(last_active_), w.put(last_rest_), w.put(next_rest_), w.put(last_check_);
  w.put(static_cast<std::uint8_t>(active_yesterday_ | any_session_ << 1));
  w.put(sessions_), w.put(minutes_);
  for (const auto& d : week_) d.save(w);
}

bool DayFold::load(ByteReader& r) {
  Day today;
  std::optional<Day> since;
  unsigned needs = 0;
  if (!(r.get(today) && r.get(since) && r.get(needs))) return false;
  if (today != today_ || since != since_ || needs != needs_) return r.fail();
  std::uint8_t bits = 0;
  if (!(days_.load(r) && get_day(r, first_day_) && get_day(r, last_active_) && get_day(r, last_rest_) &&
        get_day(r, next_rest_) && get_day(r, last_check_) && r.get(bits) && get_count(r, sessions_) &&
        r.get(minutes_)))
    return false;
  if (bits > 3) return r.fail();
  active_yesterday_ = bits & 1, any_session_ = bits >> 1;
  for (auto& d : week_)
    if (!d.load(r)) return false;
  return true;
}

int DayFold::week_sessions() const {
  int n = 0;
  for (const auto& d : week_) n += d.session_count;
  return n;
}

unsigned DayFold::week_rest_days() const {
  unsigned bits = 0;
  for (std::size_t i = 0; i < 7; ++i)
    if (week_[i].rest) bits |= 1u << i;
  return bits;
}

}  // namespace backcare
