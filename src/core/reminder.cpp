#include "core/reminder.hpp"

#include <fmt/format.h>

namespace backcare {
namespace {

// Double-quoted for systemd: backslash and quote escaped, '%' doubled (a
// specifier otherwise), and '$' doubled where the value is a command word.
std::string unit_quote(std::string_view s, bool exec) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '%') out += '%';
    if (exec && c == '$') out += '$';
    out += c;
  }
  out += '"';
  return out;
}

// Text for Description=: specifiers escaped.
std::string unit_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += '%';
    out += c;
  }
  return out;
}

std::string hhmm_compact(int seconds) { return fmt::format("{:02}{:02}", seconds / 3600, seconds / 60 % 60); }

}  // namespace

std::string session_bus_address(unsigned uid) { return fmt::format("unix:path=/run/user/{}/bus", uid); }

std::vector<std::string> notify_send_args(const RoutineDef& def) {
  return {"--app-name=backcare", "--urgency=normal", "backcare",
          fmt::format("Time for your {} exercises: backcare start {}", def.title, def.name)};
}

bool unit_safe(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

std::string on_calendar(unsigned days, int seconds) {
  static constexpr std::string_view names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::string out;
  days &= kEveryDay;
  if (days != kEveryDay && days != 0) {
    for (unsigned i = 0; i < 7; ++i)
      if (days >> i & 1u) {
        if (!out.empty()) out += ',';
        out += names[i];
      }
    out += ' ';
  }
  out += fmt::format("*-*-* {:02}:{:02}:00", seconds / 3600, seconds / 60 % 60);
  return out;
}

std::string unit_exec_word(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == '%' || c == '$' || c == ';')
      plain = false;
  return plain ? std::string(s) : unit_quote(s, true);
}

std::vector<UnitFile> systemd_units(const Routine& r, const CronInput& in) {
  std::vector<UnitFile> out;
  std::string env;
  auto add_env = [&](std::string_view name, const std::string& value) {
    env += fmt::format("Environment={}\n", unit_quote(fmt::format("{}={}", name, value), false));
  };
  add_env("BACKCARE_JOURNAL", in.journal);
  if (!in.routine_file.empty()) add_env("BACKCARE_ROUTINE", in.routine_file);
  if (!in.tz.empty()) add_env("TZ", in.tz);
  add_env("DISPLAY", in.display.empty() ? ":0" : in.display);
  add_env("DBUS_SESSION_BUS_ADDRESS", session_bus_address(in.uid));
  for (const auto& def : r.routines) {
    if (!def.schedule.scheduled()) continue;
    const std::string service = fmt::format("backcare-{}.service", def.name);
    std::string notify = "/usr/bin/env notify-send";
    for (const auto& a : notify_send_args(def)) notify += ' ' + unit_exec_word(a);
    out.push_back({service, fmt::format("# Written by 'backcare plan --systemd': run it again after changing the schedule.\n"
                                        "[Unit]\n"
                                        "Description=backcare: a reminder when {} is due\n"
                                        "Documentation=man:backcare(1)\n"
                                        "\n"
                                        "[Service]\n"
                                        "Type=oneshot\n"
                                        "{}"
                                        "# Not due (done, a rest day, or not yet): no notification, and no failure.\n"
                                        "ExecCondition={} plan --due {} -q\n"
                                        "ExecStart={}\n",
                                        unit_text(def.title), env, unit_exec_word(in.binary), def.name, notify)});
    for (int t : def.schedule.times) {
      out.push_back({fmt::format("backcare-{}-{}.timer", def.name, hhmm_compact(t)),
                     fmt::format("# Written by 'backcare plan --systemd': run it again after changing the schedule.\n"
                                 "[Unit]\n"
                                 "Description=backcare: {} at {}\n"
                                 "Documentation=man:backcare(1)\n"
                                 "\n"
                                 "[Timer]\n"
                                 "OnCalendar={}\n"
                                 "# Missed while the computer was off or asleep: fire on waking.\n"
                                 "Persistent=true\n"
                                 "Unit={}\n"
                                 "\n"
                                 "[Install]\n"
                                 "WantedBy=timers.target\n",
                                 unit_text(def.title), fmt::format("{:02}:{:02}", t / 3600, t / 60 % 60),
                                 on_calendar(def.schedule.days, t), service)});
    }
  }
  return out;
}

std::vector<std::string> timer_names(const std::vector<UnitFile>& units) {
  std::vector<std::string> out;
  for (const auto& u : units)
    if (u.name.size() > 6 && u.name.compare(u.name.size() - 6, 6, ".timer") == 0) out.push_back(u.name);
  return out;
}

}  // namespace backcare
