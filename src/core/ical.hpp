// iCalendar (RFC 5545) output for `plan --ics`: one recurring event per
// scheduled routine time. Pure: the caller passes today, the time stamp and
// the expected minutes.
//
// Choices, so any calendar imports the file the same way:
//  - DTSTART is a floating local time (no TZID, no Z): the reminder follows
//    the wall clock wherever the calendar is, and no VTIMEZONE is needed.
//  - DTSTAMP must be UTC (RFC 5545 §3.8.7.2); the shell turns "now" (the
//    clock or BACKCARE_NOW, read as local time in TZ) into UTC for it.
//  - UIDs come from the routine's name and time, so exporting again gives
//    the same UIDs and a calendar updates its events instead of doubling them.
#pragma once

#include "core/calendar.hpp"
#include "core/routine.hpp"

#include <map>
#include <string>
#include <string_view>

namespace backcare {

struct IcsInput {
  std::string prodid = "-//backcare//backcare//EN";
  Day today{};
  // DTSTAMP, already in UTC.
  Day stamp_day{};
  int stamp_seconds = 0;
  // Expected minutes of each routine; a routine missing here counts at its
  // lowest doses.
  std::map<std::string, int> minutes;
};

// The last day an RFC 5545 date can name. No date in the calendar passes
// it: DTSTAMP is clamped to its last second, a DTSTART after it moves a
// week back, and a rule that starts in year 9999 gets UNTIL its end.
inline constexpr Day kLastIcsDay = Day{date::year{9999} / date::December / date::day{31}};

// The whole calendar, CRLF line ends, lines folded. A routine without a
// schedule gets no event; the caller decides what to do when none has one.
std::string ics_calendar(const Routine& r, const IcsInput& in);

// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma get a
// backslash, a line break becomes \n; other control characters but tab are
// dropped (C1 too).
std::string ics_escape(std::string_view text);

// Folds one content line (without its line end) into physical lines of at
// most 75 octets, each ending in CRLF; continuation lines start with a space.
// A UTF-8 sequence is never split.
std::string ics_fold(std::string_view line);

// "MO,WE,FR" for the weekday bits of a Schedule (bit 0 = Monday).
std::string ics_byday(unsigned days);

// A stable UID: "backcare-NAME-HHMM@backcare".
std::string ics_uid(std::string_view routine, int time);

// 20261128T070000 (floating) and 20261128T070000Z (UTC).
std::string ics_local(Day d, int seconds);
std::string ics_utc(Day d, int seconds);

// The first day on or after `from` on which the weekday bits plan something.
Day first_planned_day(unsigned days, Day from);

}  // namespace backcare
