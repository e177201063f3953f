#include "core/progression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace backcare {

std::vector<DoseStep> dose_ladder(const Dose& d) {
  std::vector<DoseStep> ladder;
  int step = std::max(1, d.step);
  for (int a = d.amount.lo; a < d.amount.hi; a += step) ladder.push_back({a, d.sets.lo});
  ladder.push_back({d.amount.hi, d.sets.lo});
  for (int s = d.sets.lo + 1; s <= d.sets.hi; ++s) ladder.push_back({d.amount.hi, s});
  return ladder;
}

std::string_view change_name(Change c) {
  switch (c) {
    case Change::first_time: return "first time";
    case Change::steady: return "steady";
    case Change::up: return "up";
    case Change::down: return "down";
  }
  return "";
}

namespace {

struct State {
  Level level;
  int run = 0;  // easy sessions in a row since the last change
};

class Tracker {
 public:
  explicit Tracker(const Routine& r) : routine_(r) {}

  State& at(const std::string& id) { return states_[id]; }

  int top(const std::string& id) const {
    const Exercise* e = routine_.exercise(id);
    return e ? static_cast<int>(dose_ladder(e->dose).size()) - 1 : 1 << 20;
  }

  void did(const std::string& id, const Entry& e, bool sore) {
    State& s = at(id);
    ++s.level.times_done;
    if (s.level.change == Change::first_time) s.level.change = Change::steady;
    if (sore) {
      down(id, e.date, "marked sore");
      return;
    }
    bool easy = e.effort && *e.effort <= 6 && e.pain && *e.pain <= 5;
    if (!easy) {
      s.run = 0;
      return;
    }
    if (++s.run >= 2) {
      s.run = 0;
      if (s.level.index < top(id)) {
        ++s.level.index;
        s.level.change = Change::up;
        s.level.changed_on = e.date;
        s.level.why = "two easy sessions in a row";
      }
    }
  }

  void down(const std::string& id, Day day, std::string why) {
    State& s = at(id);
    s.run = 0;
    if (s.level.change == Change::first_time) s.level.change = Change::steady;
    if (s.level.index > 0) {
      --s.level.index;
      s.level.change = Change::down;
      s.level.changed_on = day;
      s.level.why = std::move(why);
    }
  }

  std::map<std::string, Level> result() const {
    std::map<std::string, Level> out;
    for (const auto& [id, s] : states_) out[id] = s.level;
    return out;
  }

 private:
  const Routine& routine_;
  std::map<std::string, State> states_;
};

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::map<std::string, Level> compute_levels(const Routine& routine, std::vector<Entry> entries) {
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Entry &x = entries[a], &y = entries[b];
    if (x.date != y.date) return x.date < y.date;
    return x.time.value_or(-1) < y.time.value_or(-1);
  });

  Tracker t(routine);
  std::size_t i = 0;
  // Per day: the exercises done without a sore mark, and the last reading.
  std::set<std::string> done_prev;
  std::optional<int> last_prev;
  std::optional<Day> prev_day;
  while (i < order.size()) {
    Day day = entries[order[i]].date;
    std::set<std::string> done_today;
    std::optional<int> last_today, max_today;
    std::size_t j = i;
    for (; j < order.size() && entries[order[j]].date == day; ++j) {
      const Entry& e = entries[order[j]];
      if (e.pain) {
        last_today = *e.pain;
        max_today = std::max(max_today.value_or(0), *e.pain);
      }
    }
    // The day after a session: did pain rise by 2 or more?
    if (prev_day && *prev_day + date::days{1} == day && last_prev && max_today && *max_today - *last_prev >= 2)
      for (const auto& id : done_prev) t.down(id, day, "pain rose the next day");
    for (std::size_t k = i; k < j; ++k) {
      const Entry& e = entries[order[k]];
      if (e.kind == Kind::session) {
        for (const auto& id : e.done) {
          bool sore = contains(e.sore, id);
          t.did(id, e, sore);
          if (!sore) done_today.insert(id);
        }
        for (const auto& id : e.sore)
          if (!contains(e.done, id)) t.down(id, e.date, "marked sore");
        for (const auto& id : e.skipped)
          if (!contains(e.done, id)) t.at(id).run = 0;
      } else if (e.kind == Kind::exercise) {
        t.did(e.subject, e, false);
        done_today.insert(e.subject);
      }
    }
    done_prev = std::move(done_today);
    last_prev = last_today;
    prev_day = day;
    i = j;
  }
  return t.result();
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
