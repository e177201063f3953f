// The red flags of `check` (SPEC §7): the journal rules, the flags raised by
// logged symptoms and screening answers, and the report for people.
//
// Feed the journal in any order (RedFlags::add), then the current
// screening's answers if there were any, then ask for flags(). Pure: "today"
// and "now" are values; entries after today are the caller's to drop.
//
// The rules (each silent when the journal holds too little to tell):
//
// Every rule over pain readings (persistent, worsening, recurring, severe)
// sees only the readings after the latest `seen` entry (a clinician's
// assessment); "after" compares day, then time (untimed first), then file
// order, as for symptoms below.
//
// persistent (soon): the last 28 days split into four 7-day blocks ending
//   today (days -6..0, -13..-7, -20..-14, -27..-21); each holds 2 or more
//   `session` entries (partial ones count), the pain mean of the newest
//   block is 3 or more (kPainFloor), and it is not improving against the
//   mean of the oldest by the trend thresholds of SPEC §5 (compare_means).
//   No pain reading in either of those two blocks: no flag.
//
// worsening (soon): the pain trend of SPEC §5 (today and the 6 days before
//   against the 7 days before those, 2 readings or more in each) is
//   worsening, and the newest 7 days' mean is 3 or more.
//
// severe (urgent): a reading of 8 or more (kSeverePain) in the last 3 days
//   (today and the 2 before).
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
//   most recent evidence. A `seen` entry closes every symptom flag whose
//   evidence came before it. Two exceptions for emergency-tier signs: a no
//   answer does not close one whose latest evidence is of that day or the
//   day before (only `seen` does), and one still open more than 2 days
//   after its latest evidence is reported at the urgent tier, with its date.
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

class ByteWriter;
class ByteReader;

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
inline constexpr int kPainFloor = 3;        // persistent and worsening need a newest mean this high
inline constexpr int kSeverePain = 8;       // severe: a reading this high ...
inline constexpr int kSevereDays = 3;       // ... in today and the 2 days before
inline constexpr int kEmergencyOpenDays = 2;  // after this many days an open emergency sign shows as urgent

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
  // A `seen` line: a clinician has assessed the person.
  void add_seen(Day day, int time, long order);
  // Takes in what another RedFlags (same today) was fed, as if added here
  // (for a journal read in parts on two threads).
  void merge(const RedFlags& other);
  // The fold cache (core/fold_cache): the state as bytes, and back into
  // one made as the saved one was (false for bytes that are not its).
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);

  // A line read by its head alone (head_suffices below): counted, so that
  // head_read_complete() can tell whether it might have held a reading
  // the rules need.
  void add_head() { ++heads_; }
  // After a pass that fed old lines by their heads (add_head): whether the
  // flags are exactly those of a pass that read every line in full. The
  // one thing such a line could still give is the latest reading older
  // than the kept window (the recurring rule's calm spell), and a reading
  // dated on or after head_window_start() is newer than all of them; when
  // none is held, read the journal again in full.
  bool head_read_complete() const { return heads_ == 0 || before_.has_value(); }

  // The screening just answered, at `time` today, after every journal
  // entry. When complete, its no answers clear older evidence; when it was
  // stopped midway, only its yes answers count.
  void add_answers(int time, const std::vector<std::string>& yes, const std::vector<std::string>& no, bool complete);

  // Every flag, most serious tier first; within a tier, symptom flags in
  // question order (unknown ids last, by id), then persistent, worsening,
  // recurring.
  std::vector<Flag> flags() const;

  // Whether an emergency or urgent flag is open: what flags() holds, and
  // open_flags(*this).on_hold() says, without making the texts. Only
  // `severe` and the symptom flags can be of those tiers.
  bool on_hold() const;

 private:
  struct Event {
    Day day{};
    int time = -1;
    long order = 0;
    enum Source { symptom, check, answers, seen } source = symptom;
    std::vector<std::string> yes;  // symptom: its one id
    std::vector<std::string> no;   // answers only: explicit no answers
    bool clears = false;           // check lines with flags=, complete answers
  };
  bool in_window(Day d, int days) const;
  void add_event(Event e);
  std::optional<Flag> persistent() const;
  std::optional<Flag> worsening() const;
  std::optional<Flag> recurring() const;
  std::optional<Flag> severe() const;
  std::vector<Flag> symptom_flags() const;
  struct OpenSymptom {
    std::vector<std::string> evidence;  // with_evidence only
    const Event* latest = nullptr;
  };
  // The symptom ids open now and their latest evidence (the rule above).
  std::map<std::string, OpenSymptom> open_symptoms(bool with_evidence) const;
  // The readings of 8 or more of the last 3 days (after the latest `seen`).
  std::vector<Reading> severe_readings() const;
  // The readings of the last 97 days after the latest `seen`.
  std::vector<Reading> current_readings() const;
  bool after_seen(const Reading& r) const;

  Day today_;
  int sessions_[kPersistentBlocks] = {};
  std::vector<Reading> readings_;     // the last 97 days: what every rule can use
  std::optional<Reading> before_;     // the latest reading older than those
  std::optional<Reading> seen_;       // the latest `seen` (its value unused)
  std::vector<Event> events_;         // symptoms and checks of the last 30 days
  long heads_ = 0;                    // lines fed by their heads alone (add_head)
};

// Reading for the open flags alone (plan --due, on the prompt path): every
// rule looks at sessions, exercises and pain readings only within the last
// kRecurringDays + kCalmDays days, apart from the one latest reading before
// them. Lines of those kinds dated before head_window_start(today) (that
// window and kHeadMargin days more) may be read by their heads alone
// (parse_head) and fed with add_head(); every other line, and every
// symptom, check and seen at any age, is read in full. Then
// head_read_complete() says whether the pass was enough.
inline constexpr int kHeadMargin = 14;
inline Day head_window_start(Day today) { return today - date::days{kRecurringDays + kCalmDays + kHeadMargin}; }
// Whether a line whose head (date and kind) is `head` may be read so.
inline bool head_suffices(const Record& head, Day window_start) {
  return head.date < window_start &&
         (head.kind == Kind::session || head.kind == Kind::exercise || head.kind == Kind::pain);
}

// The report for people.
struct ReportOptions {
  std::string emergency_number = "112";
  bool asked = false;      // the questions were asked
  bool complete = false;   // ... and answered to the end
  bool quiet = false;      // only the flags, one a line; nothing when none
  bool notes = true;       // the closing notes (questions not asked, screening note)
  std::size_t width = 78;
};
std::string format_report(const std::vector<Flag>& flags, const ReportOptions& o, const Style& style);

// The text said when no flag is found: never "you are fine".
std::string no_flag_message(bool asked, bool complete);

}  // namespace backcare
