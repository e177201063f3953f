#include "core/report.hpp"

#include "core/goals.hpp"
#include "core/progression.hpp"
#include "core/redflags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace backcare {
namespace {

// The red-flag rules look back at most this far (recurring: 90 days, and
// its calm spell before).
constexpr int kLookBack = 120;

// A pain reading's when= (SPEC §3), once the reader knows the key.
template <class R>
std::string when_of(const R& r) {
  if constexpr (requires { r.when.decode(); }) return r.when ? r.when.decode() : std::string();
  else return {};
}

// The normalised line of an entry: what format_entry writes of it, so
// spacing, key order and quoting do not change it. Kinds the core does not
// know are kept as date, time and kind.
std::string normalised(const Record& r) {
  if (r.kind != Kind::unknown) return format_entry(to_entry(r));
  std::string s = format_date(r.date);
  if (r.time != kNone) s += ' ' + format_time(r.time);
  s += ' ';
  s += r.kind_text;
  return s;
}

constexpr std::uint8_t kActive = 1, kRest = 2;


}  // namespace

Day default_since(Day until) { return week_start(until) - date::days{7 * 11}; }

std::string uuid_of(std::string_view text) {
  // FNV-1a, 128 bits, done as two 64-bit halves with different bases.
  std::uint64_t a = 0xcbf29ce484222325ull, b = 0x6c62272e07bb0142ull;
  for (unsigned char c : text) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ c) * 0x100000001b3ull + (a >> 29);
  }
  std::uint64_t hi = a, lo = b;
  hi = (hi & ~0xf000ull) | 0x5000ull;                        // version 5 layout
  lo = (lo & ~(0xc0ull << 56)) | (0x80ull << 56);            // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                     lo & 0xffffffffffffull);
}

ReportBuilder::ReportBuilder(const Routine& routine, Day since, Day until)
    : routine_(routine), since_(since), until_(until) {}

void ReportBuilder::add(const Record& r, long order) {
  if (r.date > until_ || r.date < since_ - date::days{kLookBack}) return;
  bool in_period = r.date >= since_;
  // Before the period only what the red flags and the doses read is kept.
  if (!in_period && (r.kind == Kind::note || r.kind == Kind::rest || r.kind == Kind::function)) return;
  if (!in_period && r.kind == Kind::unknown && r.kind_text != "seen") return;
  kept_.push_back(Kept{r.date, r.time, order, normalised(r), std::string(r.kind_text), when_of(r), in_period});
}

Report ReportBuilder::finish() const {
  Report rep;
  rep.since = since_;
  rep.until = until_;
  rep.goal = routine_.goals.sessions_per_week;

  std::vector<const Kept*> all;
  for (const auto& k : kept_) all.push_back(&k);
  std::sort(all.begin(), all.end(), [](const Kept* a, const Kept* b) {
    return std::tuple(a->day, a->time, a->order) < std::tuple(b->day, b->time, b->order);
  });

  // Days and weeks.
  const int ndays = days_between(since_, until_) + 1;
  std::vector<std::uint8_t> marks(static_cast<std::size_t>(std::max(ndays, 0)));
  auto day_index = [&](Day d) { return static_cast<std::size_t>(days_between(since_, d)); };
  unsigned planned = routine_.planned_days();
  if (planned == 0) planned = 0x7f;
  std::map<Day, ReportWeek> weeks;
  for (Day m = week_start(since_); m <= until_; m += date::days{7}) {
    ReportWeek w;
    w.monday = m;
    w.iso = iso_week(m);
    weeks[m] = w;
  }
  std::map<Day, bool> rest_days;  // of the weeks shown, for the targets

  // Progression reads the journal in date order (sorted above), so it needs
  // no second pass.
  Progression hist_start(routine_), hist_end(routine_);
  FunctionTracker function(since_, until_);
  std::map<std::string, ReportExercise> exercises;
  std::map<std::string, int> seen_lines;
  std::vector<Day> seens;
  Record rec;
  std::string err;

  for (const Kept* k : all) {
    if (parse_record(k->line, rec, err) != ParseStatus::entry) continue;
    if (k->kind == "seen") seens.push_back(k->day);
    if (k->day < since_) hist_start.add(rec, k->order);
    hist_end.add(rec, k->order);
    if (!k->in_period) continue;
    Entry e = to_entry(rec);
    std::size_t i = day_index(k->day);
    ReportWeek& w = weeks[week_start(k->day)];
    auto reading = [&](int v) {
      w.pain.add(v);
      w.pain_min = w.pain_min < 0 ? v : std::min(w.pain_min, v);
      w.pain_max = std::max(w.pain_max, v);
    };
    switch (e.kind) {
      case Kind::session:
        marks[i] |= kActive;
        if (!e.resumes) {  // a continuation (resumes=) is the same session
          ++w.sessions;
          ++rep.sessions;
        }
        for (const auto& id : e.done) ++exercises[id].sessions;
        for (const auto& id : e.skipped) ++exercises[id].skipped;
        for (const auto& id : e.sore) ++exercises[id].sore;
        if (e.pain) reading(*e.pain);
        break;
      case Kind::exercise:
        marks[i] |= kActive;
        ++exercises[e.subject].sessions;
        if (e.pain) reading(*e.pain);
        break;
      case Kind::pain: reading(*e.pain); break;
      case Kind::rest: marks[i] |= kRest; break;
      case Kind::function: function.add(rec, k->order); break;
      default: break;
    }
    if (e.note) rep.notes.push_back({k->day, k->time, k->kind, *e.note});
    std::string id_text = k->line;
    if (int n = seen_lines[k->line]++) id_text += fmt::format("#{}", n);
    rep.entries.push_back(ReportEntry{std::move(e), k->kind, k->when, uuid_of(id_text)});
  }

  for (int i = 0; i < ndays; ++i) {
    Day d = since_ + date::days{i};
    std::uint8_t m = marks[static_cast<std::size_t>(i)];
    bool plans = (planned >> (iso_weekday(d) - 1)) & 1u;
    DayKind kind = (m & kActive) ? DayKind::active : (m & kRest) ? DayKind::rest : plans ? DayKind::missed : DayKind::free;
    rep.days.push_back({d, kind});
    if (kind == DayKind::active) {
      ++rep.active_days;
      ++weeks[week_start(d)].active_days;
    }
    if (m & kRest) rest_days[d] = true;
  }
  for (auto& [monday, w] : weeks) {
    w.target = iso_week_target(rep.goal, planned, monday, [&](Day d) { return rest_days.count(d) > 0; });
    rep.weeks.push_back(w);
  }
  // Pain: the first two weeks against the last two (when there are four).
  if (rep.weeks.size() >= 4) {
    for (std::size_t i = 0; i < 2; ++i) {
      const Mean& a = rep.weeks[i].pain;
      const Mean& b = rep.weeks[rep.weeks.size() - 1 - i].pain;
      rep.pain_first.sum += a.sum, rep.pain_first.count += a.count;
      rep.pain_last.sum += b.sum, rep.pain_last.count += b.count;
    }
    rep.pain_change = trend_of(rep.pain_first, rep.pain_last);
  }

  // Function.
  for (auto& a : function.activities()) {
    const Activity* def = routine_.outcomes.activity(a.id);
    rep.activities.push_back({a.id, def ? def->description : std::string(), a});
  }
  std::stable_sort(rep.activities.begin(), rep.activities.end(), [&](const auto& x, const auto& y) {
    auto pos = [&](const std::string& id) {
      for (std::size_t i = 0; i < routine_.outcomes.activities.size(); ++i)
        if (routine_.outcomes.activities[i].id == id) return i;
      return routine_.outcomes.activities.size();
    };
    return pos(x.id) < pos(y.id);
  });
  std::vector<ActivityScores> scores;
  for (const auto& a : rep.activities) scores.push_back(a.scores);
  rep.function = summarize(scores);

  // Exercises: in the routine's order, with their doses at both ends.
  auto start_levels = hist_start.finish().levels, end_levels = hist_end.finish().levels;
  for (const auto& ex : routine_.exercises) {
    auto it = exercises.find(ex.id);
    if (it == exercises.end()) continue;
    ReportExercise row = it->second;
    row.id = ex.id;
    row.name = ex.name;
    row.dose_start = describe_dose(ex, dose_at(ex, level_of(start_levels, ex.id).index));
    row.dose_end = describe_dose(ex, dose_at(ex, level_of(end_levels, ex.id).index));
    rep.exercises.push_back(std::move(row));
  }

  // Flags: the rules of `check` replayed on each day of the period (and
  // the day before), each flag listed from the day it was first raised.
  std::map<std::string, std::size_t> open;  // id -> index into rep.flags
  std::size_t first = 0;
  for (Day d = since_ - date::days{1}; d <= until_; d += date::days{1}) {
    while (first < all.size() && all[first]->day < d - date::days{kLookBack}) ++first;
    RedFlags rf(d);
    for (std::size_t i = first; i < all.size() && all[i]->day <= d; ++i)
      if (parse_record(all[i]->line, rec, err) == ParseStatus::entry) rf.add(rec, all[i]->order);
    std::set<std::string> now;
    for (const auto& f : rf.flags()) {
      now.insert(f.id);
      auto it = open.find(f.id);
      if (it == open.end()) {
        ReportFlag rf2{std::max(d, since_), d < since_, f.id, f.tier, std::nullopt, std::nullopt};
        open[f.id] = rep.flags.size();
        rep.flags.push_back(std::move(rf2));
      } else if (static_cast<int>(f.tier) < static_cast<int>(rep.flags[it->second].tier)) {
        rep.flags[it->second].tier = f.tier;
      }
    }
    for (auto it = open.begin(); it != open.end();) {
      if (now.count(it->first)) {
        ++it;
        continue;
      }
      rep.flags[it->second].ended = d;
      it = open.erase(it);
    }
  }
  // A seen entry on or after the day a flag was raised, by the day it
  // ended (or the period's end), closed it.
  for (auto& f : rep.flags) {
    Day to = f.ended.value_or(until_);
    for (Day s : seens)
      if (s >= f.raised && s <= to) {
        f.seen = s;
        f.ended.reset();
        break;
      }
  }
  return rep;
}

}  // namespace backcare
