#include "core/ical.hpp"

#include "core/controls.hpp"
#include "core/progression.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace backcare {

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF writes the \n
        out += "\\n";
        break;
      default:
        // Other control characters (C0 but tab, DEL, C1) are not TEXT.
        if (c != '\t') {
          if (std::size_t len = control_length(text, i)) {
            i += len - 1;
            break;
          }
        }
        out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  constexpr std::size_t kMax = 75;
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  bool first = true;
  while (true) {
    std::size_t room = first ? kMax : kMax - 1;  // a continuation's space counts
    if (line.size() <= room) {
      if (!first) out += ' ';
      out.append(line);
      out += "\r\n";
      return out;
    }
    std::size_t cut = room;
    // Back up to the start of a UTF-8 sequence: never cut before a
    // continuation byte (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;
    if (cut == 0) cut = room;  // not UTF-8 at all: cut anyway rather than loop
    if (!first) out += ' ';
    out.append(line.substr(0, cut));
    out += "\r\n";
    line.remove_prefix(cut);
    first = false;
  }
}

std::string ics_byday(unsigned days) {
  static constexpr std::array<std::string_view, 7> names = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  std::string out;
  for (unsigned i = 0; i < 7; ++i) {
    if (!(days >> i & 1u)) continue;
    if (!out.empty()) out += ',';
    out += names[i];
  }
  return out;
}

std::string ics_uid(std::string_view routine, int time) {
  return fmt::format("backcare-{}-{:02}{:02}@backcare", routine, time / 3600, time / 60 % 60);
}

namespace {
std::string ymd_hms(Day d, int seconds) {
  date::year_month_day ymd{d};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
}
}  // namespace

std::string ics_local(Day d, int seconds) { return ymd_hms(d, seconds); }
std::string ics_utc(Day d, int seconds) { return ymd_hms(d, seconds) + "Z"; }

Day first_planned_day(unsigned days, Day from) {
  for (int i = 0; i < 7; ++i) {
    Day d = from + date::days{i};
    if (days >> (iso_weekday(d) - 1) & 1u) return d;
  }
  return from;
}

std::string ics_calendar(const Routine& r, const IcsInput& in) {
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    out += ics_fold(std::string(name) + ":" + std::string(value));
  };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", in.prodid);
  line("CALSCALE", "GREGORIAN");
  line("METHOD", "PUBLISH");
  line("X-WR-CALNAME", "backcare");
  // RFC 5545 dates have four-digit years: nothing may pass 9999-12-31
  // (a DTSTAMP in UTC can be a day ahead of the local date, a first
  // planned day up to six days ahead).
  const Day last = kLastIcsDay;
  const std::string stamp =
      in.stamp_day > last ? ics_utc(last, 86399) : ics_utc(in.stamp_day, in.stamp_seconds);
  for (const auto& def : r.routines) {
    if (!def.schedule.scheduled()) continue;
    auto m = in.minutes.find(def.name);
    int minutes = m != in.minutes.end() ? m->second : routine_minutes(r, def, {});
    std::string names;
    for (const auto& id : def.exercises) {
      const Exercise* e = r.exercise(id);
      names += fmt::format("{}{}", names.empty() ? "" : ", ", e ? e->name : id);
    }
    std::string description;
    if (!def.description.empty()) description = def.description + "\n\n";
    description += fmt::format("Exercises: {}.\n\nAbout {}. In a terminal: backcare start {}", names,
                               plural(minutes, "minute", "minutes"), def.name);
    // Past the last day, start a week earlier (the same weekday, so the
    // rule still matches DTSTART); a rule that starts in the last year
    // ends with it (UNTIL is floating, like DTSTART).
    Day start = first_planned_day(def.schedule.days, std::min(in.today, last));
    while (start > last) start -= date::days{7};
    std::string rule = "FREQ=WEEKLY;BYDAY=" + ics_byday(def.schedule.days);
    if (date::year_month_day{start}.year() == date::year_month_day{last}.year()) rule += ";UNTIL=" + ics_local(last, 86399);
    for (int t : def.schedule.times) {
      line("BEGIN", "VEVENT");
      line("UID", ics_uid(def.name, t));
      line("DTSTAMP", stamp);
      line("DTSTART", ics_local(start, t));
      line("DURATION", fmt::format("PT{}M", minutes));
      line("RRULE", rule);
      line("SUMMARY", ics_escape(fmt::format("Back exercises: {}", def.title)));
      line("DESCRIPTION", ics_escape(description));
      line("CATEGORIES", "backcare");
      line("TRANSP", "TRANSPARENT");
      line("BEGIN", "VALARM");
      line("ACTION", "DISPLAY");
      line("DESCRIPTION", ics_escape(fmt::format("Time for your {} exercises", def.title)));
      line("TRIGGER", "PT0M");
      line("END", "VALARM");
      line("END", "VEVENT");
    }
  }
  line("END", "VCALENDAR");
  return out;
}

}  // namespace backcare
