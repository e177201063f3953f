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
// No value may add a line: the paths must hold no control character (the
// shell refuses them, see cron_safe), and the routine's title is flattened
// to one line in the message.
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

// shell_word for a crontab command field: each '%' escaped as '\%', which
// cron hands sh as a bare '%' (an unescaped one would end the command and
// start its standard input). Cron cannot hand sh a backslash right before a
// '%' ("\\%" is a backslash and the end of the command), so a '%' after a
// backslash of the value is written outside the quotes: '...\'\%'...'.
std::string cron_word(std::string_view s);

// A value fit for a crontab line: no control character (no line break
// that would start a line of its own, such as "SHELL=..." or another job);
// tabs are fine.
bool cron_safe(std::string_view s);

}  // namespace backcare
