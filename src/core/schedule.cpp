#include "core/schedule.hpp"

#include "core/routine.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace backcare {
namespace {

constexpr std::array<std::string_view, 7> kShort = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLong = {"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

unsigned weekday_bit(std::string_view name) {
  auto n = lower(name);
  for (unsigned i = 0; i < 7; ++i)
    if (n == kShort[i] || n == kLong[i]) return 1u << i;
  return 0;
}

unsigned weekday_group(std::string_view name) {
  auto n = lower(name);
  if (n == "daily" || n == "every day") return kEveryDay;
  if (n == "weekdays") return 0x1f;
  if (n == "weekends") return 0x60;
  return 0;
}

std::string describe_days(unsigned days) {
  if (days == kEveryDay) return "daily";
  if (days == 0x1f) return "weekdays";
  if (days == 0x60) return "weekends";
  std::string out;
  for (unsigned i = 0; i < 7; ++i) {
    if (!(days >> i & 1u)) continue;
    if (!out.empty()) out += ',';
    out += kShort[i];
  }
  return out;
}

std::string_view due_state_name(DueState s) {
  switch (s) {
    case DueState::done: return "done";
    case DueState::due: return "due";
    case DueState::upcoming: return "upcoming";
    case DueState::rest: return "rest";
  }
  return "";
}

bool DayRecord::has_session(std::string_view name) const {
  return std::find(sessions.begin(), sessions.end(), name) != sessions.end();
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

}  // namespace backcare
