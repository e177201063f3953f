#include "core/cron.hpp"

#include "core/controls.hpp"

#include <fmt/format.h>

#include <vector>

namespace backcare {

std::string cron_weekdays(unsigned days) {
  days &= kEveryDay;
  if (days == kEveryDay || days == 0) return "*";
  // Cron numbers: 0 = Sunday ... 6 = Saturday. ISO bit i is weekday i + 1.
  std::vector<int> nums;
  if (days >> 6 & 1u) nums.push_back(0);
  for (unsigned i = 0; i < 6; ++i)
    if (days >> i & 1u) nums.push_back(static_cast<int>(i) + 1);
  std::string out;
  for (std::size_t i = 0; i < nums.size();) {
    std::size_t j = i;
    while (j + 1 < nums.size() && nums[j + 1] == nums[j] + 1) ++j;
    if (!out.empty()) out += ',';
    if (j - i >= 2) {
      out += fmt::format("{}-{}", nums[i], nums[j]);
    } else {
      for (std::size_t k = i; k <= j; ++k) out += fmt::format("{}{}", k == i ? "" : ",", nums[k]);
    }
    i = j + 1;
  }
  return out;
}

std::string shell_word(std::string_view s) {
  bool safe = !s.empty();
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
              c == '_' || c == '-' || c == ':' || c == '=' || c == ',' || c == '+' || c == '@';
    if (!ok) safe = false;
  }
  if (safe) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

std::string cron_word(std::string_view s) {
  std::string quoted = shell_word(s);  // a '%' makes it quoted: it is always between quotes here
  std::string out;
  out.reserve(quoted.size() + 8);
  for (char c : quoted) {
    if (c == '%') out += !out.empty() && out.back() == '\\' ? "'\\%'" : "\\%";
    else out += c;
  }
  return out;
}

bool cron_safe(std::string_view s) { return !find_control(s, {true, false}); }

std::string crontab_text(const Routine& r, const CronInput& in) {
  std::string out =
      "# backcare reminders, written by 'backcare plan --cron'.\n"
      "#\n"
      "# To install them, run 'crontab -e' and paste these lines at the end;\n"
      "# or, when you have no other cron jobs:\n"
      "#   backcare plan --cron | crontab -\n"
      "# WARNING: that pipe REPLACES your whole crontab (see 'crontab -l' first).\n"
      "#\n"
      "# At each time the routine is scheduled, 'backcare plan --due -q' checks\n"
      "# whether a routine is due and not yet done (a session or a rest day today\n"
      "# means nothing is due); only then does notify-send show a reminder.\n"
      "# Cron starts jobs with a bare environment, so each line spells out the\n"
      "# program, your journal and routine, and the desktop session to notify.\n"
      "# Run 'backcare plan --cron' again after changing the schedule or moving files.\n"
      "#\n";
  std::string env;
  env += "BACKCARE_JOURNAL=" + cron_word(in.journal) + ' ';
  if (!in.routine_file.empty()) env += "BACKCARE_ROUTINE=" + cron_word(in.routine_file) + ' ';
  if (!in.tz.empty()) env += "TZ=" + cron_word(in.tz) + ' ';
  const std::string desktop = fmt::format("DISPLAY={} DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{}/bus",
                                          cron_word(in.display.empty() ? ":0" : in.display), in.uid);
  bool any = false;
  for (const auto& def : r.routines) {
    if (!def.schedule.scheduled()) continue;
    if (!any) out += "# m h  dom mon dow  command\n";
    any = true;
    // One line whatever the title holds (the loader refuses control
    // characters; a Routine made elsewhere may not have been loaded).
    std::string message =
        flatten_controls(fmt::format("Time for your {} exercises: backcare start {}", def.title, def.name));
    std::string command = fmt::format("{}{} plan --due -q && {} notify-send backcare {}", env, cron_word(in.binary),
                                      desktop, cron_word(message));
    for (int t : def.schedule.times)
      out += fmt::format("{} {} * * {} {}\n", t / 60 % 60, t / 3600, cron_weekdays(def.schedule.days), command);
  }
  if (!any)
    out += "# No routine has a schedule yet: give one 'days' and 'times' in the routine\n"
           "# ('backcare edit routine'), then run 'backcare plan --cron' again.\n";
  return out;
}

}  // namespace backcare
