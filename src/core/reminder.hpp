// Reminders at the schedule's times, as systemd user units (`plan
// --systemd`), and the notification both they and cron's lines send. Pure:
// the shell passes the paths, the user id and the binary's location (the
// same CronInput as `plan --cron`).
//
// Each scheduled routine gets one service, which asks `plan --due ROUTINE
// -q` (ExecCondition: "not due" skips the notification without counting as
// a failure) and then runs notify-send; each of its times gets one timer
// with Persistent=true, so a reminder missed while the computer slept fires
// on waking.
#pragma once

#include "core/cron.hpp"
#include "core/routine.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace backcare {

// The session bus of the user's desktop, as cron and systemd both give it to
// notify-send: unix:path=/run/user/UID/bus.
std::string session_bus_address(unsigned uid);

// notify-send's arguments for a routine that is due (app name, urgency,
// summary, body).
std::vector<std::string> notify_send_args(const RoutineDef& def);

struct UnitFile {
  std::string name;  // backcare-morning.service, backcare-morning-0700.timer
  std::string text;
};

// The services and timers of the schedule, each service before its timers.
// Empty when no routine is scheduled. Every value must pass unit_safe.
std::vector<UnitFile> systemd_units(const Routine& r, const CronInput& in);

// The timer names of those units, for `systemctl --user enable --now`.
std::vector<std::string> timer_names(const std::vector<UnitFile>& units);

// A value fit for a unit file: no control characters (line breaks, NUL, ...).
bool unit_safe(std::string_view s);

// The OnCalendar= value for weekday bits (bit 0 = Monday) and a time of day:
// "*-*-* 07:00:00", or "Mon,Wed,Fri *-*-* 15:00:00".
std::string on_calendar(unsigned days, int seconds);

// A word of a unit's command line, double-quoted when needed, with '%' and
// '$' escaped so systemd passes them on as they are.
std::string unit_exec_word(std::string_view s);

}  // namespace backcare
