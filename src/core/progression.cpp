#include "core/progression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace backcare {

std::vector<DoseStep> dose_ladder(const Dose& d) {
  std::vector<DoseStep> ladder;
  int step = std::max(1, d.step);
  for (int a = d.amount.lo; a < d.amount.hi; a += step) ladder.push_back({a, d.sets.lo});
  ladder.push_back({d.amount.hi, d.sets.lo});
  for (int s = d.sets.lo + 1; s <= d.sets.hi; ++s) ladder.push_back({d.amount.hi, s});
  return ladder;
}


namespace {

struct State {
  Level level;
  int run = 0;  // easy sessions in a row since the last change
  bool seen = false;
};

void down(State& s, Day day, const char* why) {
  s.seen = true;
  s.run = 0;
  if (s.level.change == Change::first_time) s.level.change = Change::steady;
  if (s.level.index > 0) {
    --s.level.index;
    s.level.change = Change::down;
    s.level.changed_on = day;
    s.level.why = why;
  }
}

void did(State& s, int top, Day day, int pain, int effort, bool sore) {
  s.seen = true;
  ++s.level.times_done;
  if (s.level.change == Change::first_time) s.level.change = Change::steady;
  if (sore) {
    down(s, day, "marked sore");
    return;
  }
  bool easy = effort >= 0 && effort <= 6 && pain >= 0 && pain <= 5;
  if (!easy) {
    s.run = 0;
    return;
  }
  if (++s.run >= 2) {
    s.run = 0;
    if (s.level.index < top) {
      ++s.level.index;
      s.level.change = Change::up;
      s.level.changed_on = day;
      s.level.why = "two easy sessions in a row";
    }
  }
}

bool contains(const std::uint16_t* begin, const std::uint16_t* end, std::uint16_t x) {
  return std::find(begin, end, x) != end;
}

struct IdList {  // the ids of an Entry's list, or of a Record's raw value
  const std::vector<std::string>* strings = nullptr;
  const RawValue* raw = nullptr;
  template <class F>
  void each(F&& f) const {
    if (strings)
      for (const auto& s : *strings) f(std::string_view(s));
    if (raw) for_each_id(*raw, f);
  }
};

}  // namespace

History::History(const Routine& routine) : routine_(routine) {
  for (std::size_t i = 0; i < routine_.exercises.size() && i < UINT16_MAX; ++i)
    index_.emplace(routine_.exercises[i].id, static_cast<std::uint16_t>(i));
}

int History::index_of(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

template <class Ids>
void History::add_item(Day day, int time, Kind kind, int pain, int effort, const Ids& done, const Ids& sore,
                       const Ids& skipped) {
  Item item{static_cast<std::int32_t>(day.time_since_epoch().count()),
            time,
            kind,
            static_cast<std::int8_t>(pain),
            static_cast<std::int8_t>(effort),
            static_cast<std::uint32_t>(ids_.size()),
            0,
            0,
            0};
  auto take = [&](const Ids& list, std::uint16_t& count) {
    list.each([&](std::string_view id) {
      int i = index_of(id);
      if (i < 0 || count == UINT16_MAX) return;
      ids_.push_back(static_cast<std::uint16_t>(i));
      ++count;
    });
  };
  take(done, item.done);
  take(sore, item.sore);
  take(skipped, item.skipped);
  if (kind != Kind::pain && item.done + item.sore + item.skipped == 0) return;
  items_.push_back(item);
}

void History::add(const Record& r) {
  int pain = r.pain, effort = r.effort;
  if (r.kind == Kind::session) {
    add_item(r.date, r.time, r.kind, pain, effort, IdList{nullptr, &r.done}, IdList{nullptr, &r.sore},
             IdList{nullptr, &r.skipped});
  } else if (r.kind == Kind::exercise) {
    add_item(r.date, r.time, r.kind, pain, effort, IdList{nullptr, &r.subject}, IdList{}, IdList{});
  } else if (r.kind == Kind::pain && pain >= 0) {
    add_item(r.date, r.time, r.kind, pain, -1, IdList{}, IdList{}, IdList{});
  }
}

void History::add(const Entry& e) {
  int pain = e.pain.value_or(-1), effort = e.effort.value_or(-1), time = e.time.value_or(-1);
  if (e.kind == Kind::session) {
    add_item(e.date, time, e.kind, pain, effort, IdList{&e.done}, IdList{&e.sore}, IdList{&e.skipped});
  } else if (e.kind == Kind::exercise) {
    std::vector<std::string> one{e.subject};
    add_item(e.date, time, e.kind, pain, effort, IdList{&one}, IdList{}, IdList{});
  } else if (e.kind == Kind::pain && pain >= 0) {
    add_item(e.date, time, e.kind, pain, -1, IdList{}, IdList{}, IdList{});
  }
}

std::map<std::string, Level> History::levels() const {
  std::vector<std::uint32_t> order(items_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Item &x = items_[a], &y = items_[b];
    return x.day != y.day ? x.day < y.day : x.time < y.time;
  });
  std::vector<State> states(routine_.exercises.size());
  std::vector<int> top(routine_.exercises.size());
  for (std::size_t i = 0; i < top.size(); ++i)
    top[i] = static_cast<int>(dose_ladder(routine_.exercises[i].dose).size()) - 1;

  // Per day: the exercises done without a sore mark, and the last reading.
  std::vector<std::uint16_t> done_prev, done_today;
  int last_prev = -1;
  std::int32_t prev_day = 0;
  bool have_prev = false;
  std::size_t i = 0;
  while (i < order.size()) {
    const std::int32_t day = items_[order[i]].day;
    const Day date{date::days{day}};
    int last_today = -1, max_today = -1;
    std::size_t j = i;
    for (; j < order.size() && items_[order[j]].day == day; ++j) {
      const Item& it = items_[order[j]];
      if (it.pain >= 0) {
        last_today = it.pain;
        max_today = std::max(max_today, static_cast<int>(it.pain));
      }
    }
    // The day after a session: did pain rise by 2 or more?
    if (have_prev && prev_day + 1 == day && last_prev >= 0 && max_today >= 0 && max_today - last_prev >= 2)
      for (auto x : done_prev) down(states[x], date, "pain rose the next day");
    done_today.clear();
    for (std::size_t k = i; k < j; ++k) {
      const Item& it = items_[order[k]];
      if (it.kind == Kind::pain) continue;
      const std::uint16_t* done = ids_.data() + it.ids;
      const std::uint16_t* sore = done + it.done;
      const std::uint16_t* skipped = sore + it.sore;
      const std::uint16_t* end = skipped + it.skipped;
      for (const auto* x = done; x != sore; ++x) {
        bool is_sore = contains(sore, skipped, *x);
        did(states[*x], top[*x], date, it.pain, it.effort, is_sore);
        if (!is_sore) done_today.push_back(*x);
      }
      for (const auto* x = sore; x != skipped; ++x)
        if (!contains(done, sore, *x)) down(states[*x], date, "marked sore");
      for (const auto* x = skipped; x != end; ++x)
        if (!contains(done, sore, *x)) {
          states[*x].seen = true;
          states[*x].run = 0;
        }
    }
    std::sort(done_today.begin(), done_today.end());
    done_today.erase(std::unique(done_today.begin(), done_today.end()), done_today.end());
    done_prev.swap(done_today);
    last_prev = last_today;
    prev_day = day;
    have_prev = true;
    i = j;
  }
  std::map<std::string, Level> out;
  for (std::size_t x = 0; x < states.size(); ++x)
    if (states[x].seen) out[routine_.exercises[x].id] = states[x].level;
  return out;
}

std::map<std::string, Level> compute_levels(const Routine& routine, const std::vector<Entry>& entries) {
  History h(routine);
  for (const auto& e : entries) h.add(e);
  return h.levels();
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
