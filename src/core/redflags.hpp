// The red flags of `check` (SPEC §7): the journal rules, the flags raised by
// logged symptoms and screening answers, and the report for people.
//
// Feed the journal in any order (RedFlags::add), then the current
// screening's answers if there were any, then ask for flags(). Pure: "today"
// and "now" are values; entries after today are the caller's to drop.
//
// The rules (each silent when the journal holds too little to tell):
//
// persistent (soon): the last 28 days split into four 7-day blocks ending
//   today (days -6..0, -13..-7, -20..-14, -27..-21); each holds 2 or more
//   `session` entries (partial ones count), and the pain mean of the newest
//   block is not improving against the mean of the oldest by the trend
//   thresholds of SPEC §5 (compare_means). No pain reading in either of
//   those two blocks: no flag.
//
// worsening (soon): the pain trend of SPEC §5 (today and the 6 days before
//   against the 7 days before those, 2 readings or more in each) is
//   worsening.
//
// recurring (soon): 3 or more flare-ups dated in the last 90 days (today and
//   the 89 before). Readings are taken in time order (day, then time with
//   untimed readings first, then file order). A calm spell starts at a
//   reading of 2 or less and lasts while the readings stay at 2 or less;
//   any reading of 3 or more ends it, and days without readings do not
//   break it. A flare-up is a reading of 4 or more that ends a calm spell
//   whose first reading is at least 7 days before it: first calm day D,
//   flare-up day F, F - D >= 7 (the days D..F-1, both counted, are 7 or
//   more). Readings on the flare-up's own day before it belong to the spell.
//   After a flare-up a new calm spell is needed for the next one.
//
// symptom:<id> (the symptom's tier; an id the table does not know is
//   treated as `soon`): a `symptom` entry, or a yes in the flags of a
//   `check` line, dated in the last 30 days (today and the 29 before);
//   cleared by a later screening that answered that question no (see
//   check_answered_no). "Later" compares day, then time (an entry without
//   a time counts as the start of its day), then file order. A `check`
//   line without `flags=` clears nothing. The message names the date of the
//   most recent evidence.
#pragma once

#include "core/calendar.hpp"
#include "core/journal.hpp"
#include "core/pain.hpp"
#include "core/symptoms.hpp"
#include "core/text.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace backcare {

struct Flag {
  std::string id;  // persistent, worsening, recurring, symptom:<id>
  Tier tier = Tier::soon;
  std::string message;
  std::vector<std::string> evidence;  // each starts with its date (YYYY-MM-DD)
  bool operator==(const Flag&) const = default;
};

inline constexpr int kPersistentBlocks = 4;
inline constexpr int kRecurringDays = 90;
inline constexpr int kRecurringFlareUps = 3;
inline constexpr int kCalmDays = 7;
inline constexpr int kSymptomDays = 30;

// A pain reading for the recurring rule.
struct Reading {
  Day day{};
  int time = -1;  // seconds since midnight, -1 when untimed
  long order = 0;
  int value = 0;
};

struct FlareUp {
  Day day{};
  int value = 0;
  Day calm_since{};  // the day of the calm spell's first reading
};

// The flare-ups among readings (any order), by the recurring rule above.
std::vector<FlareUp> find_flare_ups(std::vector<Reading> readings);

class RedFlags {
 public:
  explicit RedFlags(Day today);

  // One journal entry; order is its position in the file (its line).
  void add(const Record& r, long order);

  // The same, by kind, for tests and callers without a Record.
  void add_session(Day day);
  void add_pain(Day day, int time, int value, long order);
  void add_symptom(Day day, int time, long order, std::string_view id);
  // A `check` line: the ids answered yes (empty for flags=none).
  void add_check(Day day, int time, long order, const std::vector<std::string>& yes);

  // The screening just answered, at `time` today, after every journal
  // entry. When complete, its no answers clear older evidence; when it was
  // stopped midway, only its yes answers count.
  void add_answers(int time, const std::vector<std::string>& yes, const std::vector<std::string>& no, bool complete);

  // Every flag, most serious tier first; within a tier, symptom flags in
  // question order (unknown ids last, by id), then persistent, worsening,
  // recurring.
  std::vector<Flag> flags() const;

 private:
  struct Event {
    Day day{};
    int time = -1;
    long order = 0;
    enum Source { symptom, check, answers } source = symptom;
    std::vector<std::string> yes;  // symptom: its one id
    std::vector<std::string> no;   // answers only: explicit no answers
    bool clears = false;           // check lines with flags=, complete answers
  };
  bool in_window(Day d, int days) const;
  void add_event(Event e);
  std::optional<Flag> persistent() const;
  std::optional<Flag> worsening() const;
  std::optional<Flag> recurring() const;
  std::vector<Flag> symptom_flags() const;

  Day today_;
  PainTracker pain_;
  int sessions_[kPersistentBlocks] = {};
  Mean block_pain_[kPersistentBlocks];
  std::vector<Reading> readings_;     // those the recurring rule can use
  std::optional<Reading> before_;     // the latest reading older than those
  std::vector<Event> events_;         // symptoms and checks of the last 30 days
};

// The report for people.
struct ReportOptions {
  std::string emergency_number = "112";
  bool asked = false;      // the questions were asked
  bool complete = false;   // ... and answered to the end
  bool quiet = false;      // only the flags, one a line; nothing when none
  std::size_t width = 78;
};
std::string format_report(const std::vector<Flag>& flags, const ReportOptions& o, const Style& style);

// The text said when no flag is found: never "you are fine".
std::string no_flag_message(bool asked, bool complete);

}  // namespace backcare
