#include "core/progression.hpp"

#include "core/flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <climits>

namespace backcare {

std::vector<DoseStep> dose_ladder(const Dose& d) {
  std::vector<DoseStep> ladder;
  int step = std::max(1, d.step);
  for (int a = d.amount.lo; a < d.amount.hi; a += step) ladder.push_back({a, d.sets.lo});
  ladder.push_back({d.amount.hi, d.sets.lo});
  for (int s = d.sets.lo + 1; s <= d.sets.hi; ++s) ladder.push_back({d.amount.hi, s});
  return ladder;
}


std::string_view light_name(Light l) {
  switch (l) {
    case Light::green: return "green";
    case Light::amber: return "amber";
    case Light::red: return "red";
  }
  return "";
}

Judgement judge_session(const SessionFacts& f) {
  const bool next = f.next_day && f.usual;
  if (f.sore) return {Light::red, Cause::sore};
  if (f.pain != kNone && f.pain >= f.limit + 2) return {Light::red, Cause::pain_high};
  if (next && *f.next_day >= *f.usual + 2) return {Light::red, Cause::next_day_high};
  if (f.pain != kNone && f.pain > f.limit) return {Light::amber, Cause::pain_over};
  if (f.effort != kNone && f.effort >= 8) return {Light::amber, Cause::effort_high};
  if (next && *f.next_day >= *f.usual + 1) return {Light::amber, Cause::next_day_over};
  if (f.worsening) return {Light::amber, Cause::worsening};
  if (f.flag_open) return {Light::amber, Cause::flag_open};
  return {};
}

std::optional<double> median_of(std::vector<int> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// --- PainWindow -------------------------------------------------------------

PainWindow::PainWindow() {
  for (auto& d : day_) d = INT32_MIN;
  for (auto& c : counts_)
    for (auto& x : c) x = 0;
}

namespace {
std::int32_t day_number(Day d) { return static_cast<std::int32_t>(d.time_since_epoch().count()); }
int slot_of(std::int32_t day, int slots) { return ((day % slots) + slots) % slots; }
}  // namespace

void PainWindow::add_day(Day d, const std::vector<int>& readings) {
  std::int32_t n = day_number(d);
  int s = slot_of(n, kSlots);
  if (day_[s] != n) {
    day_[s] = n;
    for (auto& x : counts_[s]) x = 0;
  }
  for (int v : readings)
    if (v >= 0 && v <= 10) ++counts_[s][v];
}

std::optional<double> PainWindow::usual(Day d) const {
  std::vector<int> values;
  const std::int32_t n = day_number(d);
  for (std::int32_t k = n - 14; k < n; ++k) {
    int s = slot_of(k, kSlots);
    if (day_[s] != k) continue;
    for (int v = 0; v <= 10; ++v)
      for (std::uint32_t c = 0; c < counts_[s][v]; ++c) values.push_back(v);
  }
  return median_of(std::move(values));
}

Trend PainWindow::trend(Day d) const {
  Mean older, newer;
  const std::int32_t n = day_number(d);
  for (std::int32_t k = n - 13; k <= n; ++k) {
    int s = slot_of(k, kSlots);
    if (day_[s] != k) continue;
    Mean& m = k > n - 7 ? newer : older;
    for (int v = 0; v <= 10; ++v)
      for (std::uint32_t c = 0; c < counts_[s][v]; ++c) m.add(v);
  }
  return trend_of(older, newer);
}

// --- FlareTracker -----------------------------------------------------------

bool FlareTracker::day(Day d, const std::vector<int>& readings, std::optional<double> usual) {
  bool started = false;
  bool higher = false;
  for (int v : readings) {
    if (!f_.active) {
      bool after_calm = v >= 4 && calm_since_ && days_between(*calm_since_, d) >= 7;
      bool above_usual = usual && v >= *usual + 3;
      if (after_calm || above_usual) {
        f_.active = true;
        f_.since = d;
        // The usual pain from before the flare-up; after a calm spell with
        // no usual pain known, the calm spell's ceiling.
        f_.usual_before = usual ? *usual : 2;
        f_.settled_days = 0;
        started = true;
        calm_since_.reset();
      }
    }
    if (f_.active && v > f_.usual_before) higher = true;
    // The calm spell of check's `recurring` (SPEC §7).
    if (v <= 2) {
      if (!calm_since_ && !started) calm_since_ = d;
    } else {
      calm_since_.reset();
    }
  }
  if (f_.active && !started && !readings.empty()) {
    if (higher) f_.settled_days = 0;
    else if (++f_.settled_days >= kFlareSettledDays) {
      f_.active = false;
      f_.ended = d;
    }
  }
  return started;
}

// --- Progression ------------------------------------------------------------

namespace {

struct TimedReading {
  std::int32_t time;
  long order;
  std::int8_t value;
  bool morning;
};

struct Did {  // a session or exercise line
  std::int32_t time;
  long order;
  std::int8_t pain, effort;
  std::uint32_t first;        // into Bucket::ids: done, then sore
  std::uint16_t done, sore;
};

struct FlagEvent {
  std::int32_t time;
  long order;
  enum What : std::uint8_t { symptom, check, seen } what;
  bool has_flags;
  std::vector<std::string> ids;
};

struct Bucket {
  std::vector<TimedReading> readings;
  std::vector<Did> dids;
  std::vector<std::uint16_t> ids;
  std::vector<std::uint16_t> touched;  // skipped: seen, no light
  std::vector<FlagEvent> flags;
};

struct Pending {  // a session's light, waiting for the next day's first reading
  std::uint16_t exercise;
  bool sore;
  std::int8_t pain, effort;
  std::optional<double> usual;
  bool worsening, flag_open, in_flare;
};

template <class T>
bool earlier(const T& a, const T& b) {
  return a.time != b.time ? a.time < b.time : a.order < b.order;
}

}  // namespace

struct Progression::Impl {
  const Routine& routine;
  OnHoldByDay flags;  // the open flags of SPEC §7, day by day
  std::unordered_map<std::string_view, std::uint16_t> index;
  std::vector<int> top;
  std::vector<Level> levels;
  std::vector<bool> seen;

  std::map<std::int32_t, Bucket> days;  // not yet worked through
  std::optional<std::int32_t> done_through;  // the last day worked through
  std::int32_t max_day = INT32_MIN;
  bool whole = false;  // replay: keep every day until finish
  bool disorder = false;

  PainWindow window;
  FlareTracker flare;
  std::vector<Pending> pending;
  std::int32_t pending_day = 0;

  explicit Impl(const Routine& r) : routine(r) { reset(); }

  void reset() {
    index.clear();
    top.clear();
    for (std::size_t i = 0; i < routine.exercises.size() && i < UINT16_MAX; ++i) {
      index.emplace(routine.exercises[i].id, static_cast<std::uint16_t>(i));
      top.push_back(static_cast<int>(dose_ladder(routine.exercises[i].dose).size()) - 1);
    }
    levels.assign(top.size(), Level{});
    for (std::size_t i = 0; i < top.size(); ++i) {
      levels[i].limit = routine.exercises[i].dose.pain_limit;
      levels[i].at_top = top[i] == 0;
    }
    seen.assign(top.size(), false);
    days.clear();
    done_through.reset();
    max_day = INT32_MIN;
    disorder = false;
    window = PainWindow();
    flare = FlareTracker();
    pending.clear();
    flags = OnHoldByDay();
  }

  int index_of(std::string_view id) const {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  }

  // A bucket for a day, or null when that day was worked through already.
  Bucket* bucket(Day d) {
    std::int32_t n = day_number(d);
    if (done_through && n <= *done_through) {
      disorder = true;
      return nullptr;
    }
    if (n > max_day) max_day = n;
    return &days[n];
  }

  void advance() {
    if (whole) return;
    while (!days.empty() && days.begin()->first < max_day - kSlackDays) work_through_first();
  }

  void add_reading(Bucket& b, int time, long order, int value, bool morning) {
    if (value < 0 || value > 10) return;
    b.readings.push_back({time, order, static_cast<std::int8_t>(value), morning});
  }

  template <class Done, class Sore, class Skipped>
  void add_did(Bucket& b, int time, long order, int pain, int effort, Done&& done, Sore&& sore, Skipped&& skipped) {
    Did d{time, order, static_cast<std::int8_t>(pain), static_cast<std::int8_t>(effort),
          static_cast<std::uint32_t>(b.ids.size()), 0, 0};
    auto take = [&](auto& list, std::uint16_t& count) {
      list([&](std::string_view id) {
        int i = index_of(id);
        if (i < 0 || count == UINT16_MAX) return;
        b.ids.push_back(static_cast<std::uint16_t>(i));
        ++count;
      });
    };
    take(done, d.done);
    take(sore, d.sore);
    skipped([&](std::string_view id) {
      int i = index_of(id);
      if (i >= 0) b.touched.push_back(static_cast<std::uint16_t>(i));
    });
    if (d.done + d.sore > 0) b.dids.push_back(d);
    if (pain >= 0) add_reading(b, time, order, pain, false);
  }

  // Steps an exercise by a light.
  void apply(std::uint16_t x, Day day, const Pending& p, const Judgement& j, std::optional<int> next_day) {
    Level& l = levels[x];
    l.light = j.light;
    l.cause = j.cause;
    l.light_on = day;
    l.in_flare = p.in_flare;
    l.usual = p.usual.value_or(0);
    switch (j.cause) {
      case Cause::pain_high:
      case Cause::pain_over: l.value = p.pain; break;
      case Cause::effort_high: l.value = p.effort; break;
      case Cause::next_day_high:
      case Cause::next_day_over: l.value = next_day.value_or(-1); break;
      default: l.value = -1;
    }
    if (j.light == Light::red) {
      l.greens = 0;
      if (l.index > 0) {
        --l.index;
        l.change = Change::down;
        l.changed_on = day;
        l.why = j.cause == Cause::sore ? "marked sore" : j.cause == Cause::next_day_high ? "pain the next day" : "pain in the session";
      }
    } else if (j.light == Light::amber || p.in_flare) {
      l.greens = 0;
    } else if (++l.greens >= 2) {
      l.greens = 0;
      if (l.index < top[x]) {
        ++l.index;
        l.change = Change::up;
        l.changed_on = day;
        l.why = "two easy sessions";
      }
    }
    l.at_top = l.index >= top[x];
  }

  void judge_pending(std::optional<int> next_day) {
    const Day day{date::days{pending_day}};
    for (const Pending& p : pending) {
      SessionFacts f;
      f.sore = p.sore;
      f.pain = p.pain;
      f.effort = p.effort;
      f.limit = levels[p.exercise].limit;
      f.next_day = next_day;
      f.usual = p.usual;
      f.worsening = p.worsening;
      f.flag_open = p.flag_open;
      apply(p.exercise, day, p, judge_session(f), next_day);
    }
    pending.clear();
  }

  void work_through_first() {
    auto node = days.extract(days.begin());
    work_through(node.key(), node.mapped());
  }

  void work_through(std::int32_t n, Bucket& b) {
    const Day d{date::days{n}};
    std::sort(b.readings.begin(), b.readings.end(), earlier<TimedReading>);
    std::sort(b.dids.begin(), b.dids.end(), earlier<Did>);
    std::vector<int> values;
    std::optional<int> first, first_morning;
    for (const auto& r : b.readings) {
      values.push_back(r.value);
      if (!first) first = r.value;
      if (r.morning && !first_morning) first_morning = r.value;
    }
    if (!pending.empty()) judge_pending(pending_day + 1 == n ? (first_morning ? first_morning : first) : std::nullopt);

    const std::optional<double> usual = window.usual(d);
    window.add_day(d, values);
    // The open flags at the end of the day (asked only on a day with a session).
    for (const auto& r : b.readings) flags.add_pain(d, r.time, r.value, r.order);
    for (const auto& e : b.flags) {
      switch (e.what) {
        case FlagEvent::symptom: flags.add_symptom(d, e.time, e.order, e.ids.front()); break;
        case FlagEvent::check:
          if (e.has_flags) flags.add_check(d, e.time, e.order, e.ids);
          break;
        case FlagEvent::seen: flags.add_seen(d, e.time, e.order); break;
      }
    }
    const bool flag_open = !b.dids.empty() && flags.on_hold(d);
    const bool worsening = window.trend(d) == Trend::worsening;

    if (flare.day(d, values, usual)) {
      for (std::size_t x = 0; x < levels.size(); ++x) {
        Level& l = levels[x];
        l.greens = 0;
        if (l.index > 0) {
          l.index = 0;
          l.change = Change::down;
          l.changed_on = d;
          l.why = "flare-up";
        }
        l.at_top = top[x] == 0;
      }
    }
    const bool in_flare = flare.state().active;

    for (const auto& did : b.dids) {
      const std::uint16_t* done = b.ids.data() + did.first;
      const std::uint16_t* sore = done + did.done;
      const std::uint16_t* end = sore + did.sore;
      auto add = [&](std::uint16_t x, bool is_sore) {
        seen[x] = true;
        if (levels[x].change == Change::first_time) levels[x].change = Change::steady;
        pending.push_back({x, is_sore, did.pain, did.effort, usual, worsening, flag_open, in_flare});
      };
      for (const auto* x = done; x != sore; ++x) {
        ++levels[*x].times_done;
        add(*x, std::find(sore, end, *x) != end);
      }
      for (const auto* x = sore; x != end; ++x)
        if (std::find(done, sore, *x) == sore) add(*x, true);
    }
    for (auto x : b.touched) {
      seen[x] = true;
      if (levels[x].change == Change::first_time) levels[x].change = Change::steady;
    }
    // Lights of this day wait for the next day's first reading.
    if (!pending.empty()) pending_day = n;
    done_through = n;
  }
};

Progression::Progression(const Routine& routine) : impl_(std::make_unique<Impl>(routine)) {}
Progression::~Progression() = default;
Progression::Progression(Progression&&) noexcept = default;
Progression& Progression::operator=(Progression&&) noexcept = default;

bool Progression::needs_replay() const { return impl_->disorder; }

void Progression::replay() {
  impl_->reset();
  impl_->whole = true;
}

namespace {
// The ids of a list value, or of an Entry's list, as a callable.
auto ids_of(const RawValue& v) {
  return [&v](auto&& f) {
    if (v) for_each_id(v, f);
  };
}
auto ids_of(const std::vector<std::string>& v) {
  return [&v](auto&& f) {
    for (const auto& id : v) f(std::string_view(id));
  };
}
auto one_id(std::string_view id) {
  return [id](auto&& f) { f(id); };
}
auto no_ids() {
  return [](auto&&) {};
}
}  // namespace

void Progression::add(const Record& r, long line) {
  Impl& m = *impl_;
  const bool is_seen = r.kind == Kind::seen;  // SPEC §7
  if (!is_seen && r.kind != Kind::session && r.kind != Kind::exercise && r.kind != Kind::pain &&
      r.kind != Kind::symptom && r.kind != Kind::check)
    return;
  Bucket* b = m.bucket(r.date);
  if (!b) return;
  if (is_seen) b->flags.push_back({r.time, line, FlagEvent::seen, false, {}});
  else switch (r.kind) {
    case Kind::session:
      m.add_did(*b, r.time, line, r.pain, r.effort, ids_of(r.done), ids_of(r.sore), ids_of(r.skipped));
      break;
    case Kind::exercise:
      m.add_did(*b, r.time, line, r.pain, r.effort, one_id(r.subject.text), no_ids(), no_ids());
      break;
    case Kind::pain: m.add_reading(*b, r.time, line, r.pain, r.when == static_cast<int>(When::morning)); break;
    case Kind::symptom:
      b->flags.push_back({r.time, line, FlagEvent::symptom, false, {std::string(r.subject.text)}});
      break;
    case Kind::check: {
      FlagEvent e{r.time, line, FlagEvent::check, static_cast<bool>(r.flags), {}};
      if (r.flags && r.flags.text != "none") for_each_id(r.flags, [&](std::string_view id) { e.ids.emplace_back(id); });
      b->flags.push_back(std::move(e));
      break;
    }
    default: break;
  }
  m.advance();
}

void Progression::add(const Entry& e, long line) {
  Impl& m = *impl_;
  const int time = e.time.value_or(kNone);
  if (e.kind != Kind::session && e.kind != Kind::exercise && e.kind != Kind::pain && e.kind != Kind::symptom &&
      e.kind != Kind::check && e.kind != Kind::seen)
    return;
  Bucket* b = m.bucket(e.date);
  if (!b) return;
  const int pain = e.pain.value_or(kNone), effort = e.effort.value_or(kNone);
  switch (e.kind) {
    case Kind::session:
      m.add_did(*b, time, line, pain, effort, ids_of(e.done), ids_of(e.sore), ids_of(e.skipped));
      break;
    case Kind::exercise: m.add_did(*b, time, line, pain, effort, one_id(e.subject), no_ids(), no_ids()); break;
    case Kind::pain: m.add_reading(*b, time, line, pain, e.when == When::morning); break;
    case Kind::symptom: b->flags.push_back({time, line, FlagEvent::symptom, false, {e.subject}}); break;
    case Kind::check:
      b->flags.push_back({time, line, FlagEvent::check, e.flags.has_value(), e.flags.value_or(std::vector<std::string>{})});
      break;
    case Kind::seen: b->flags.push_back({time, line, FlagEvent::seen, false, {}}); break;
    default: break;
  }
  m.advance();
}

ProgressionResult Progression::finish() {
  Impl& m = *impl_;
  while (!m.days.empty()) m.work_through_first();
  if (!m.pending.empty()) m.judge_pending(std::nullopt);
  ProgressionResult out;
  for (std::size_t x = 0; x < m.levels.size(); ++x)
    if (m.seen[x]) out.levels[m.routine.exercises[x].id] = m.levels[x];
  out.flare = m.flare.state();
  return out;
}

ProgressionResult compute_progression(const Routine& routine, const std::vector<Entry>& entries) {
  Progression p(routine);
  long line = 0;
  for (const auto& e : entries) p.add(e, ++line);
  if (p.needs_replay()) {
    p.replay();
    line = 0;
    for (const auto& e : entries) p.add(e, ++line);
  }
  return p.finish();
}

std::map<std::string, Level> compute_levels(const Routine& routine, const std::vector<Entry>& entries) {
  return compute_progression(routine, entries).levels;
}

Level level_of(const std::map<std::string, Level>& levels, const std::string& id) {
  auto it = levels.find(id);
  return it == levels.end() ? Level{} : it->second;
}

DoseStep dose_at(const Exercise& e, int level) {
  auto ladder = dose_ladder(e.dose);
  return ladder[static_cast<std::size_t>(std::clamp(level, 0, static_cast<int>(ladder.size()) - 1))];
}

int exercise_seconds(const Exercise& e, DoseStep d) {
  int units = d.sets * e.dose.sides;
  double work = e.dose.work == Work::reps ? d.amount * e.dose.tempo : d.amount;
  return static_cast<int>(std::lround(units * work)) + e.dose.rest * (units - 1);
}

int routine_seconds(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels) {
  int total = 0;
  for (const auto& id : def.exercises)
    if (const Exercise* e = r.exercise(id)) total += exercise_seconds(*e, dose_at(*e, level_of(levels, id).index));
  if (!def.exercises.empty()) total += r.settings.rest_between * static_cast<int>(def.exercises.size() - 1);
  return total;
}

int routine_minutes(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels) {
  return std::max(1, (routine_seconds(r, def, levels) + 30) / 60);
}

std::string describe_seconds(int seconds) {
  int m = seconds / 60, s = seconds % 60;
  if (m == 0) return fmt::format("{} s", s);
  if (s == 0) return fmt::format("{} min", m);
  return fmt::format("{} min {} s", m, s);
}

std::string describe_dose(const Exercise& e, DoseStep d) {
  std::string amount = e.dose.work == Work::reps ? fmt::format("{} reps", d.amount) : describe_seconds(d.amount);
  std::string s = d.sets > 1 ? fmt::format("{} × {}", d.sets, amount) : amount;
  if (e.dose.sides == 2) s += " each side";
  return s;
}

}  // namespace backcare
