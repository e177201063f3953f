// crontab lines for `plan --cron`: a reminder at each scheduled routine time
// that works in cron's bare environment. Pure: the shell passes the paths,
// the user id and the binary's location.
//
// Each line is self-contained (no crontab variable lines, which would apply
// to the user's other jobs too):
//
//   0 7 * * * BACKCARE_JOURNAL=/home/ana/.local/share/backcare/journal.txt
//     /usr/bin/backcare plan --due -q && DISPLAY=:0
//     DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus notify-send ...
//
// (all on one line in the file). Values are quoted for sh only when they need it,
// and '%' is escaped for cron, which would otherwise turn it into a newline.
#pragma once

#include "core/routine.hpp"

#include <string>
#include <string_view>

namespace backcare {

struct CronInput {
  std::string binary;        // absolute path of backcare
  std::string journal;       // absolute path of the journal
  std::string routine_file;  // absolute path, or empty for the built-in routine
  unsigned uid = 0;
  std::string display = ":0";
  std::string tz;  // TZ to pass on, or empty
};

// The crontab text: a comment header on installing, then one line per
// scheduled routine time. When nothing is scheduled, the header says so and
// there are no job lines.
std::string crontab_text(const Routine& r, const CronInput& in);

// The day-of-week field for weekday bits (bit 0 = Monday): "*" for every
// day, else cron numbers (0 = Sunday) in order, runs of three or more as
// ranges: "1-5", "0,6", "1,3,5".
std::string cron_weekdays(unsigned days);

// A word for sh: as it is when it holds only safe characters, else in single
// quotes ('\'' for a quote).
std::string shell_word(std::string_view s);

// Escapes '%' as '\%' for a crontab command field (cron gives sh a bare '%').
std::string cron_escape(std::string_view command);

// A path fit for a crontab line: no newline, carriage return or NUL.
bool cron_safe(std::string_view s);

}  // namespace backcare
