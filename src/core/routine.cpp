#include "core/routine.hpp"

#include "core/calendar.hpp"
#include "core/journal.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <unordered_set>

namespace backcare {

const Exercise* Routine::exercise(std::string_view id) const {
  for (const auto& e : exercises)
    if (e.id == id) return &e;
  return nullptr;
}

const RoutineDef* Routine::routine(std::string_view name) const {
  for (const auto& r : routines)
    if (r.name == name) return &r;
  return nullptr;
}

unsigned Routine::planned_days() const {
  unsigned days = 0;
  for (const auto& r : routines)
    if (r.schedule.scheduled()) days |= r.schedule.days;
  return days;
}

namespace {

[[noreturn]] void fail(const toml::source_region& where, const std::string& msg) {
  throw RoutineError(static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), msg);
}

// Names the keys a table may hold; anything else is a typo to report.
void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed, std::string_view where) {
  for (auto&& [key, value] : t) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
    fail(key.source(), fmt::format("unknown key '{}' in {} (known keys: {})", key.str(), where, list));
  }
}

const toml::table& need_table(const toml::node& n, std::string_view what) {
  if (const auto* t = n.as_table()) return *t;
  fail(n.source(), fmt::format("{} must be a table", what));
}

int as_int(const toml::node& n, std::string_view key, int lo, int hi) {
  const auto* v = n.as_integer();
  if (!v) fail(n.source(), fmt::format("'{}' must be a whole number", key));
  auto x = v->get();
  if (x < lo || x > hi) fail(n.source(), fmt::format("'{}' must be from {} to {}, not {}", key, lo, hi, x));
  return static_cast<int>(x);
}

int get_int(const toml::table& t, std::string_view key, int lo, int hi, int def) {
  const toml::node* n = t.get(key);
  return n ? as_int(*n, key, lo, hi) : def;
}

std::string get_string(const toml::table& t, std::string_view key, bool required, const toml::table& owner,
                       std::string_view what) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) fail(owner.source(), fmt::format("{} needs '{}'", what, key));
    return {};
  }
  const auto* s = n->as_string();
  if (!s) fail(n->source(), fmt::format("'{}' must be a string in quotes", key));
  if (required && s->get().empty()) fail(n->source(), fmt::format("'{}' must not be empty", key));
  return s->get();
}

std::vector<std::string> get_strings(const toml::table& t, std::string_view key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const auto* a = n->as_array();
  if (!a) fail(n->source(), fmt::format("'{}' must be a list of strings, like [\"a\", \"b\"]", key));
  for (const auto& item : *a) {
    const auto* s = item.as_string();
    if (!s) fail(item.source(), fmt::format("each item of '{}' must be a string in quotes", key));
    out.push_back(s->get());
  }
  return out;
}

// A number or a [low, high] pair, each within [lo, hi].
Range get_range(const toml::node& n, std::string_view key, int lo, int hi) {
  if (const auto* a = n.as_array()) {
    if (a->size() != 2)
      fail(n.source(), fmt::format("'{}' must be a number or a [low, high] pair", key));
    Range r{as_int(*a->get(0), key, lo, hi), as_int(*a->get(1), key, lo, hi)};
    if (r.lo > r.hi) fail(n.source(), fmt::format("'{}': the low end ({}) is above the high end ({})", key, r.lo, r.hi));
    return r;
  }
  int v = as_int(n, key, lo, hi);
  return {v, v};
}

int parse_time_node(const toml::node& n) {
  if (const auto* s = n.as_string()) {
    auto t = parse_time(s->get());
    if (t && *t % 60 == 0) return *t;
  } else if (const auto* tv = n.as_time()) {
    const toml::time& t = tv->get();
    if (t.second == 0 && t.nanosecond == 0) return t.hour * 3600 + t.minute * 60;
  }
  fail(n.source(), "each time must be \"HH:MM\", from \"00:00\" to \"23:59\"");
}

Schedule get_schedule(const toml::table& t, const toml::table& owner, std::string_view name) {
  Schedule s;
  const toml::node* days = t.get("days");
  const toml::node* times = t.get("times");
  if (!days && !times) return s;
  if (!times) fail(owner.source(), fmt::format("routine '{}' has days but no times (add times = [\"07:00\"])", name));
  if (!days) {
    s.days = kEveryDay;
  } else if (const auto* str = days->as_string()) {
    s.days = weekday_group(str->get()) | weekday_bit(str->get());
    if (!s.days)
      fail(days->source(), fmt::format("unknown day '{}' (use \"daily\", \"weekdays\", \"weekends\" or a list "
                                       "such as [\"mon\", \"thu\"])",
                                       str->get()));
  } else if (const auto* arr = days->as_array()) {
    for (const auto& d : *arr) {
      const auto* ds = d.as_string();
      unsigned bit = ds ? weekday_bit(ds->get()) : 0u;
      if (!bit)
        fail(d.source(), fmt::format("unknown weekday {} (use mon, tue, wed, thu, fri, sat, sun)",
                                     ds ? "'" + ds->get() + "'" : std::string("here")));
      s.days |= bit;
    }
    if (!s.days) fail(days->source(), "'days' must name at least one day");
  } else {
    fail(days->source(), "'days' must be \"daily\", \"weekdays\", \"weekends\" or a list of weekdays");
  }
  if (const auto* arr = times->as_array()) {
    for (const auto& n : *arr) s.times.push_back(parse_time_node(n));
    if (s.times.empty()) fail(times->source(), "'times' must hold at least one time");
  } else {
    s.times.push_back(parse_time_node(*times));
  }
  std::sort(s.times.begin(), s.times.end());
  s.times.erase(std::unique(s.times.begin(), s.times.end()), s.times.end());
  return s;
}

constexpr std::array<std::string_view, 5> kPhases = {"warm-up", "relief", "strength", "stretch", "cool-down"};

Exercise get_exercise(const toml::table& t) {
  check_keys(t,
             {"id", "name", "phase", "equipment", "position", "steps", "cautions", "hold", "reps", "duration", "sets",
              "sides", "rest", "tempo", "pain_limit", "step"},
             "an [[exercise]]");
  Exercise e;
  e.id = get_string(t, "id", true, t, "an [[exercise]]");
  if (!is_id(e.id))
    fail(t.get("id")->source(),
         fmt::format("id '{}' must be lower-case letters, digits and '-' (like \"cat-cow\")", e.id));
  std::string what = fmt::format("exercise '{}'", e.id);
  e.name = get_string(t, "name", true, t, what);
  e.phase = get_string(t, "phase", true, t, what);
  if (std::find(kPhases.begin(), kPhases.end(), e.phase) == kPhases.end())
    fail(t.get("phase")->source(),
         fmt::format("phase '{}' is not one of warm-up, relief, strength, stretch, cool-down", e.phase));
  e.position = get_string(t, "position", false, t, what);
  e.equipment = get_strings(t, "equipment");
  e.steps = get_strings(t, "steps");
  if (e.steps.empty()) fail(t.source(), fmt::format("{} needs steps = [\"...\", ...]", what));
  e.cautions = get_strings(t, "cautions");

  Dose& d = e.dose;
  int kinds = 0;
  if (const auto* n = t.get("hold")) d.work = Work::hold, d.amount = get_range(*n, "hold", 1, 600), d.step = 5, ++kinds;
  if (const auto* n = t.get("reps")) d.work = Work::reps, d.amount = get_range(*n, "reps", 1, 100), d.step = 1, ++kinds;
  if (const auto* n = t.get("duration"))
    d.work = Work::duration, d.amount = get_range(*n, "duration", 1, 3600), d.step = 30, ++kinds;
  if (kinds != 1) fail(t.source(), fmt::format("{} needs exactly one of hold, reps or duration", what));
  if (const auto* n = t.get("sets")) d.sets = get_range(*n, "sets", 1, 10);
  d.sides = get_int(t, "sides", 1, 2, 1);
  d.rest = get_int(t, "rest", 0, 600, 15);
  d.pain_limit = get_int(t, "pain_limit", 0, 10, 5);
  d.step = get_int(t, "step", 1, 3600, d.step);
  if (const auto* n = t.get("tempo")) {
    if (d.work != Work::reps) fail(n->source(), "'tempo' only applies to an exercise with reps");
    auto v = n->value<double>();
    if (!v || !n->is_number() || *v < 0.5 || *v > 60)
      fail(n->source(), "'tempo' must be a number of seconds a rep, from 0.5 to 60");
    d.tempo = *v;
  }
  return e;
}

std::uint32_t routines_line(const toml::table& root, const std::string& name) {
  const auto* node = root.get("routine")->as_table()->get(name);
  return node ? node->source().begin.line : 0;
}

}  // namespace

Routine load_routine(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& err) {
    throw RoutineError(static_cast<int>(err.source().begin.line), static_cast<int>(err.source().begin.column),
                       std::string(err.description()));
  }
  check_keys(root, {"version", "settings", "goals", "profile", "exercise", "routine"}, "the top level");
  Routine r;
  if (const auto* n = root.get("version")) as_int(*n, "version", 1, 1);

  if (const auto* n = root.get("settings")) {
    const auto& t = need_table(*n, "[settings]");
    check_keys(t, {"bell", "cue", "emergency_number", "rest_between"}, "[settings]");
    if (const auto* b = t.get("bell")) {
      if (!b->is_boolean()) fail(b->source(), "'bell' must be true or false");
      r.settings.bell = b->as_boolean()->get();
    }
    r.settings.cue = get_strings(t, "cue");
    if (t.contains("emergency_number")) {
      r.settings.emergency_number = get_string(t, "emergency_number", true, t, "[settings]");
      for (char c : r.settings.emergency_number)
        if (!(c >= '0' && c <= '9') && c != '+' && c != ' ' && c != '-')
          fail(t.get("emergency_number")->source(), "'emergency_number' must be a phone number, like \"112\"");
    }
    r.settings.rest_between = get_int(t, "rest_between", 0, 600, r.settings.rest_between);
  }

  if (const auto* n = root.get("goals")) {
    const auto& t = need_table(*n, "[goals]");
    check_keys(t, {"sessions_per_week", "start_minutes", "weekly_increase", "max_minutes"}, "[goals]");
    Goals& g = r.goals;
    g.sessions_per_week = get_int(t, "sessions_per_week", 1, 21, g.sessions_per_week);
    g.start_minutes = get_int(t, "start_minutes", 1, 240, g.start_minutes);
    g.weekly_increase = get_int(t, "weekly_increase", 0, 60, g.weekly_increase);
    g.max_minutes = get_int(t, "max_minutes", 1, 240, std::max(g.max_minutes, g.start_minutes));
    if (g.max_minutes < g.start_minutes)
      fail(t.get("max_minutes")->source(), "'max_minutes' must not be below 'start_minutes'");
  }

  if (const auto* n = root.get("profile")) {
    const auto& t = need_table(*n, "[profile]");
    check_keys(t, {"age", "history"}, "[profile]");
    if (const auto* a = t.get("age")) r.profile.age = as_int(*a, "age", 1, 130);
    if (t.contains("history")) {
      auto items = get_strings(t, "history");
      for (const auto& item : items)
        if (item != "cancer" && item != "osteoporosis" && item != "steroids")
          fail(t.get("history")->source(),
               fmt::format("history item '{}' is not one of cancer, osteoporosis, steroids", item));
      r.profile.history = std::move(items);
    }
  }

  std::unordered_set<std::string> ids;
  if (const auto* n = root.get("exercise")) {
    const auto* arr = n->as_array();
    if (!arr) fail(n->source(), "exercises are written as [[exercise]] tables");
    r.exercises.reserve(arr->size());
    for (const auto& item : *arr) {
      Exercise e = get_exercise(need_table(item, "each [[exercise]]"));
      if (!ids.insert(e.id).second)
        fail(item.as_table()->get("id")->source(), fmt::format("exercise id '{}' is used twice", e.id));
      r.exercises.push_back(std::move(e));
    }
  }

  if (const auto* n = root.get("routine")) {
    const auto& routines = need_table(*n, "[routine]");
    for (auto&& [key, node] : routines) {
      std::string name(key.str());
      if (!is_id(name))
        fail(key.source(), fmt::format("routine name '{}' must be lower-case letters, digits and '-'", name));
      const auto& t = need_table(node, fmt::format("[routine.{}]", name));
      check_keys(t, {"title", "description", "exercises", "days", "times"}, fmt::format("[routine.{}]", name));
      RoutineDef def;
      def.name = name;
      def.title = get_string(t, "title", false, t, name);
      if (def.title.empty()) def.title = name;
      def.description = get_string(t, "description", false, t, name);
      def.exercises = get_strings(t, "exercises");
      if (def.exercises.empty()) fail(t.source(), fmt::format("routine '{}' needs exercises = [\"id\", ...]", name));
      const auto* list = t.get("exercises")->as_array();
      for (std::size_t i = 0; i < def.exercises.size(); ++i)
        if (!ids.count(def.exercises[i]))
          fail(list->get(i)->source(),
               fmt::format("routine '{}' names exercise '{}', which no [[exercise]] defines", name, def.exercises[i]));
      def.schedule = get_schedule(t, t, name);
      r.routines.push_back(std::move(def));
    }
  }
  // toml++ keeps tables sorted by key; people expect the file's order.
  std::stable_sort(r.routines.begin(), r.routines.end(), [&](const RoutineDef& a, const RoutineDef& b) {
    return routines_line(root, a.name) < routines_line(root, b.name);
  });
  if (r.routines.empty()) fail(root.source(), "the routine file defines no [routine.NAME]");
  return r;
}

}  // namespace backcare
