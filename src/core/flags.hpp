// Open flags (SPEC §7, "Open flags are honoured everywhere"): a flag is open
// when `check --no-ask` would raise it now. This is the one place every
// command gets them from: feed the journal to a RedFlags (its add(), in the
// same pass a command already makes), then call open_flags().
#pragma once

#include "core/redflags.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace backcare {

struct OpenFlags {
  std::vector<Flag> flags;  // most serious first
  // An emergency or urgent flag is open: exercise waits for a clinician.
  bool on_hold() const;
  std::optional<Tier> highest() const;
};

// The flags `check --no-ask` raises from the journal fed to `journal`.
OpenFlags open_flags(const RedFlags& journal);

// Whether an emergency or urgent flag is open at the end of each day, for a
// reader that goes through the journal day by day (progression's amber
// light, SPEC §6): on_hold(d) is what open_flags(RedFlags(d) fed the journal
// up to the end of d).on_hold() says, that is what `check --no-ask` would
// have said at the end of that day. Feed entries in any order within a day
// and days in increasing order, asking after each day's entries (an entry
// dated after d is not seen by on_hold(d)). It keeps only what those tiers
// depend on: symptom, check and seen entries of the last 30 days and
// readings of 8 or more of the last 3 days.
class OnHoldByDay {
 public:
  void add_pain(Day day, int time, int value, long order);
  void add_symptom(Day day, int time, long order, std::string_view id);
  // A `check` line with flags=: the ids answered yes (empty for none). A
  // check line without flags= is not passed in (it clears nothing).
  void add_check(Day day, int time, long order, const std::vector<std::string>& yes);
  void add_seen(Day day, int time, long order);
  bool on_hold(Day d);

 private:
  struct Pain {
    Day day;
    int time;
    long order;
    int value;
  };
  struct Event {
    Day day;
    int time;
    long order;
    enum What : std::uint8_t { symptom, check, seen } what;
    std::vector<std::string> ids;
  };
  std::vector<Pain> pains_;
  std::vector<Event> events_;
};

// The open flags for the top of `plan`, `start` and the overview: each tier's
// flags with its advice, and how to close them. Empty when none is open.
std::string format_open_flags(const OpenFlags& open, std::string_view emergency_number, const Style& style,
                              std::size_t width = 78);
// One line for `stats`: "Open flags: urgent (symptom:fever), soon (worsening)"
// with what to do. Empty when none is open.
std::string open_flags_line(const OpenFlags& open);

// The advice for a single pain reading of kSeverePain or more (the `severe`
// rule), said at once by `log pain` and at the end of a session; empty for
// a lower level.
std::string severe_pain_advice(int level, std::string_view emergency_number, std::size_t width = 76);

}  // namespace backcare
