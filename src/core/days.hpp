// The one reading of the journal: records streamed into per-day facts
// (SPEC §5). Every command that asks what a day held reads it from here:
// stats (through StatsBuilder), plan (JournalDigest is this fold), start's
// facts, the bare overview, the streak rule and the schedule's "done
// today". SPEC §5's day rule -- active, neutral, missed -- is day_state(),
// and nothing else decides it.
//
// Pure: "today" is an argument, records come in one at a time in any
// order, and memory is one DayTotals per calendar day between the first
// entry and today, plus the seven DayLogs of today's ISO week.
#pragma once

#include "core/calendar.hpp"
#include "core/journal.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

class ByteWriter;
class ByteReader;

// --- the day rule -----------------------------------------------------------

enum DayMark : std::uint8_t { kActive = 1, kRest = 2 };

// Whether a record makes its day active (a session, partial ones too, or
// an exercise) or marks it as rest.
inline std::uint8_t mark_of(Kind k) {
  return k == Kind::session || k == Kind::exercise ? kActive : k == Kind::rest ? kRest : 0;
}

// Active, neutral or missed (SPEC §5). A day that is not active is neutral
// when it holds a rest entry or the schedule plans nothing that day
// (planned_days: bit 0 = Monday); else missed (today too: it is not over,
// but not active yet either; the streak rule does not count it against the
// run).
enum class DayState { active, neutral, missed };
std::string_view day_state_name(DayState s);
DayState day_state(std::uint8_t marks, Day d, unsigned planned_days);

// --- per-day totals, every day ----------------------------------------------

// What one day of the journal adds up to.
struct DayTotals {
  std::uint32_t sessions = 0;  // session lines, partial ones too
  std::uint32_t pain_count = 0;
  std::uint32_t pain_sum = 0;
  std::uint8_t marks = 0;  // kActive (a session or exercise), kRest
  double minutes = 0;
  std::optional<double> pain_mean() const {
    return pain_count ? std::optional<double>(static_cast<double>(pain_sum) / pain_count) : std::nullopt;
  }
};

// Days from the earliest seen to the latest, growing at either end in
// amortised constant time (a journal may be in any order).
class DayTable {
 public:
  // Creates the day (and those between). Inline for a day the table
  // holds already: most lines fall on the day before them.
  DayTotals& at(Day d) {
    const long i = (d - base_).count();
    if (i >= static_cast<long>(lo_) && i < static_cast<long>(hi_)) return v_[static_cast<std::size_t>(i)];
    return make(d);
  }
  // The day's totals; an empty one outside the table.
  const DayTotals& get(Day d) const;
  void mark(Day d, std::uint8_t m) { at(d).marks |= m; }
  std::uint8_t marks(Day d) const { return get(d).marks; }
  // Adds another table's totals day by day.
  void merge(const DayTable& other);
  bool empty() const { return lo_ == hi_; }
  // The fold cache (core/fold_cache): the days as bytes, and back.
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);
  Day first() const { return base_ + date::days{static_cast<int>(lo_)}; }
  Day last() const { return base_ + date::days{static_cast<int>(hi_) - 1}; }

 private:
  DayTotals& make(Day d);
  Day base_{};  // the day of slot 0
  std::vector<DayTotals> v_;
  std::size_t lo_ = 0, hi_ = 0;  // the used slots
};

// The marks of a run of days, for the streak rule: the same table.
using DayMarks = DayTable;

// --- the days that name routines: today's ISO week -----------------------

// One day with the routines it holds, as plan, start and what is due need.
struct DayLog {
  bool rest = false;
  std::vector<std::string> sessions{};  // routine names, in the order seen, each once
  int session_count = 0;              // session lines (two of one routine count twice)
  int exercises = 0;                  // exercise lines
  double minutes = 0;                 // sum of the sessions' minutes=
  std::vector<std::string> partial{};  // routines with a status=partial session (and no complete one)
  int readings = 0;                   // pain readings (pain lines and pain= of sessions and exercises)
  bool active() const { return session_count > 0 || exercises > 0; }
  bool has_session(std::string_view name) const;
  void merge(const DayLog& later);
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);
};

// What the schedule needs of a day: the same facts.
using DayRecord = DayLog;

// --- the fold ---------------------------------------------------------------

// What a reader wants kept; the rest is skipped.
enum FoldNeed : unsigned {
  kFoldTable = 1u << 0,  // the per-day totals of every day (streaks, weeks, strength, heat map)
  kFoldWeek = 1u << 1,   // the DayLogs of today's ISO week (names of routines done, readings)
  kFoldTotals = 1u << 2, // session lines and minutes up to today
  kFoldAll = 0x7u,
};

class DayFold {
 public:
  // Entries before `since` are not seen; entries after `today` only as
  // plans (rest days: the week's and the next one).
  explicit DayFold(Day today, std::optional<Day> since = std::nullopt, unsigned needs = kFoldAll);
  void add(const Record& r);
  // Takes in what another fold (same today, since and needs) has seen of
  // a later part of the journal, as if it had been added here.
  void merge(const DayFold& later);
  // The fold cache (core/fold_cache): what was seen, as bytes; load()
  // takes it back into a fold made as the saved one was (false, and the
  // fold unusable, for bytes that are not such a fold's).
  void save(ByteWriter& w) const;
  bool load(ByteReader& r);

  Day today() const { return today_; }
  std::optional<Day> since() const { return since_; }
  bool empty() const { return !first_day_; }
  const DayTable& days() const { return days_; }
  // The earliest entry dated today or before (any known kind, from since).
  std::optional<Day> first_day() const { return first_day_; }
  // The last day with a session or exercise.
  std::optional<Day> last_active() const { return last_active_; }
  // Whether yesterday had a session or exercise.
  bool active_yesterday() const { return active_yesterday_; }
  // The last rest day up to today; the first rest day today or later.
  std::optional<Day> last_rest() const { return last_rest_; }
  std::optional<Day> next_rest() const { return next_rest_; }
  // The last screening (check entry) up to today.
  std::optional<Day> last_check() const { return last_check_; }
  // Whether any session was logged up to today.
  bool any_session() const { return any_session_; }
  // Session lines and their minutes, up to today (kFoldTotals).
  long sessions() const { return sessions_; }
  double minutes() const { return minutes_; }
  // This ISO week, Monday first (rest days ahead included: plans).
  const std::array<DayLog, 7>& week() const { return week_; }
  const DayLog& today_log() const { return week_[static_cast<std::size_t>(iso_weekday(today_) - 1)]; }
  // Session lines in this ISO week, Monday to today.
  int week_sessions() const;
  // The rest-day bits of the week (bit 0 = Monday).
  unsigned week_rest_days() const;

 private:
  Day today_;
  Day monday_;
  std::optional<Day> since_;
  unsigned needs_;
  DayTable days_;
  std::optional<Day> first_day_, last_active_, last_rest_, next_rest_, last_check_;
  bool active_yesterday_ = false;
  bool any_session_ = false;
  long sessions_ = 0;
  double minutes_ = 0;
  std::array<DayLog, 7> week_;
};

}  // namespace backcare
