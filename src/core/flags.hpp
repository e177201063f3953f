// Open flags (SPEC §7, "Open flags are honoured everywhere"): a flag is open
// when `check --no-ask` would raise it now. This is the one place every
// command gets them from: feed the journal to a RedFlags (its add(), in the
// same pass a command already makes), then call open_flags().
#pragma once

#include "core/redflags.hpp"

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
