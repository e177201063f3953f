// backcare report (SPEC §8): what was done and how the back felt over a
// period, for the person and their clinician.
//
// One pass over the journal fills a ReportBuilder (add), which keeps the
// few entries of the period (and of the months before it that the red-flag
// rules look back on); finish() then computes the figures into a Report.
// The renderers (report_text, report_html, report_csv, report_fhir) only
// lay a Report out. Pure: the period, the routine and the UTC offsets are
// values given by the shell.
#pragma once

#include "core/calendar.hpp"
#include "core/journal.hpp"
#include "core/outcomes.hpp"
#include "core/pain.hpp"
#include "core/routine.hpp"
#include "core/symptoms.hpp"

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace backcare {

// The default period: 12 ISO weeks, the last one the week of `until`.
Day default_since(Day until);

enum class DayKind { active, rest, missed, free };  // free: nothing planned

struct ReportDay {
  Day day{};
  DayKind kind = DayKind::free;
};

struct ReportWeek {
  Day monday{};
  IsoWeek iso{};
  int sessions = 0;
  int target = 0;  // the weekly goal scaled by the planned days not rest (SPEC §6)
  int active_days = 0;
  Mean pain;
  int pain_min = -1, pain_max = -1;
};

struct ReportFlag {
  Day raised{};
  bool before = false;  // already open on the day before the period
  std::string id;
  Tier tier = Tier::soon;
  std::optional<Day> seen;   // the `seen` entry that closed it
  std::optional<Day> ended;  // the first day it was no longer raised, when not by a seen
};

struct ReportExercise {
  std::string id, name;
  int sessions = 0, skipped = 0, sore = 0;
  std::string dose_start, dose_end;
};

struct ReportActivity {
  std::string id, description;  // description empty when the routine no longer lists it
  ActivityScores scores;
};

struct ReportNote {
  Day day{};
  int time = -1;
  std::string kind;
  std::string text;
};

// One journal entry of the period, for CSV and FHIR.
struct ReportEntry {
  Entry entry;
  std::string kind;  // its kind as written (unknown kinds too)
  std::string when;  // a pain reading's when=, when the reader knows it
  std::string id;    // UUID-shaped, from the normalised line (stable)
};

struct Report {
  Day since{}, until{};
  int goal = 0;
  std::vector<ReportWeek> weeks;
  std::vector<ReportDay> days;
  int active_days = 0, sessions = 0;
  Mean pain_first, pain_last;  // the first two weeks, the last two
  Trend pain_change = Trend::unknown;
  std::vector<ReportActivity> activities;
  FunctionSummary function;
  std::vector<ReportFlag> flags;
  std::vector<ReportExercise> exercises;
  std::vector<ReportNote> notes;
  std::vector<ReportEntry> entries;  // in time order
};

class ReportBuilder {
 public:
  ReportBuilder(const Routine& routine, Day since, Day until);
  // Each distinct journal entry, in any order; `order` its line.
  void add(const Record& r, long order);
  Report finish() const;

 private:
  struct Kept {
    Day day{};
    int time = -1;
    long order = 0;
    std::string line;  // normalised, parsed again for the red-flag rules
    std::string kind;
    std::string when;
    bool in_period = false;
  };
  const Routine& routine_;
  Day since_, until_;
  std::deque<Kept> kept_;
};

// A UUID-shaped id (version 5 layout, from a 128-bit FNV-1a hash of text).
std::string uuid_of(std::string_view text);

// The renderers.
std::string report_text(const Report& r, const Routine& routine, std::size_t width = 80);
std::string report_html(const Report& r, const Routine& routine);
std::string report_csv(const Report& r);
// offset(day, seconds): the local UTC offset in minutes at that wall-clock time.
std::string report_fhir(const Report& r, const std::function<int(Day, int)>& offset);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);
// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a
// quote, CR or LF (or starts or ends with a blank), quotes doubled.
std::string csv_field(std::string_view s);

}  // namespace backcare
