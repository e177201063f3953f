#include "core/schedule.hpp"

#include "core/routine.hpp"

#include <algorithm>

namespace backcare {

std::string_view due_state_name(DueState s) {
  switch (s) {
    case DueState::done: return "done";
    case DueState::due: return "due";
    case DueState::upcoming: return "upcoming";
    case DueState::rest: return "rest";
  }
  return "";
}

std::vector<PlanItem> plan_day(const Routine& r, LocalTime now, const DayRecord& today) {
  std::vector<PlanItem> items;
  for (const auto& def : r.routines) {
    if (!def.schedule.on(now.day)) continue;
    int time = def.schedule.times.front();
    DueState state = today.has_session(def.name) ? DueState::done
                     : today.rest                 ? DueState::rest
                     : time <= now.seconds        ? DueState::due
                                                  : DueState::upcoming;
    items.push_back({&def, time, state});
  }
  std::stable_sort(items.begin(), items.end(), [](const PlanItem& a, const PlanItem& b) { return a.time < b.time; });
  return items;
}

std::vector<std::string> due_now(const Routine& r, LocalTime now, const DayRecord& today) {
  std::vector<std::string> names;
  for (const auto& item : plan_day(r, now, today))
    if (item.state == DueState::due) names.push_back(item.routine->name);
  return names;
}

std::optional<Occurrence> next_planned(const Routine& r, LocalTime now) {
  for (int offset = 0; offset <= 7; ++offset) {
    Day day = now.day + date::days{offset};
    std::optional<Occurrence> best;
    for (const auto& def : r.routines) {
      if (!def.schedule.on(day)) continue;
      for (int t : def.schedule.times) {
        if (offset == 0 && t <= now.seconds) continue;
        if (!best || t < best->time) best = Occurrence{day, t, &def};
        break;
      }
    }
    if (best) return best;
  }
  return std::nullopt;
}

const Routine& default_routine_schedules() {
  static const Routine r = [] {
    Routine out;
    auto add = [&](const char* name, unsigned days, std::vector<int> times) {
      RoutineDef def;
      def.name = name;
      def.schedule = Schedule{days, std::move(times)};
      out.routines.push_back(std::move(def));
    };
    add("morning", kEveryDay, {7 * 3600});
    add("evening", 0, {});
    add("desk-break", 0, {});
    add("full", 0, {});
    return out;
  }();
  return r;
}

}  // namespace backcare
