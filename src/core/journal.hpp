// The journal: one entry a line (SPEC §3, backcare-journal(5)).
//
//   DATE [TIME] KIND [SUBJECT] [key=value ...]
//
// Two views of a line:
//  - Record: what the parser fills, views into the line, no allocation.
//    Commands that stream a large journal (stats) read Records.
//  - Entry: an owning value, for writing and for commands that keep a few.
// Both come from the same parser, so they accept exactly the same lines.
#pragma once

#include "core/calendar.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

enum class Kind : std::uint8_t { session, exercise, pain, rest, symptom, check, note, seen, function, unknown };
enum class Status : std::uint8_t { complete, partial };
// When a pain reading was taken (SPEC §3 `when=`).
enum class When : std::uint8_t { before, after, morning };

std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
std::string_view status_name(Status s);
std::string_view when_name(When w);
std::optional<When> parse_when(std::string_view s);

// A value as it stands in the line: the text between the quotes when quoted
// (escapes still in), else the bare token.
struct RawValue {
  std::string_view text;
  bool quoted = false;
  bool present = false;
  explicit operator bool() const { return present; }
  std::string decode() const;  // the value with \" and \\ resolved
};

inline constexpr int kNone = -1;

struct Record {
  Day date{};
  int time = kNone;  // seconds since midnight, or kNone
  Kind kind = Kind::unknown;
  std::string_view kind_text;
  RawValue subject;  // session: routine; exercise: id; symptom: id; function: activity id
  int pain = kNone;  // the pain kind's level, or the pain= key
  int effort = kNone;
  int sets = kNone, reps = kNone, hold = kNone;  // hold in seconds
  double minutes = -1;
  int status = kNone;  // static_cast<int>(Status) or kNone
  int when = kNone;    // pain: static_cast<int>(When) or kNone
  RawValue done, skipped, sore, flags, note, where;
  std::string_view unknown_key;  // the first key no kind reads, if any (see typo_warning)
  int score = kNone;  // function: 0-10 (Patient-Specific Functional Scale); last, so positional initialisers hold
  int resumes = kNone;  // session: the start (seconds) of the same day's session it continues (start --resume)
};

enum class ParseStatus { entry, blank, error };

// A likely typo in an entry that parsed: for the text of an unknown kind
// (is_kind) or an unknown key, a warning fit to follow "FILE:LINE: " naming
// the known name within two edits ('sesion': session, 'pian': pain); empty
// when none is that near. Readers call it only for unknown names, once per
// distinct name.
std::string typo_warning(std::string_view name, bool is_kind);

// Parses one line (without its newline; a trailing CR is accepted).
// Comments and blank lines give `blank`; an error fills `error` with a
// reason fit to follow "FILE:LINE: ". Unknown kinds give an entry of kind
// `unknown` and unknown keys are skipped: the file keeps them.
ParseStatus parse_record(std::string_view line, Record& out, std::string& error);
// The same, given the line's masks (core/scan: line_masks; at most
// kMaskedLine bytes), for a reader that has made them already.
struct LineMasks;
ParseStatus parse_record(std::string_view line, const LineMasks& masks, Record& out, std::string& error);

// parse_record's two paths by name, for the unit test that holds them to
// the same answers: the general one (a tokenizer going byte by byte) and
// the masked one (tokens from the masks, the general path for any line it
// does not take).
namespace parse_paths {
ParseStatus general(std::string_view line, Record& out, std::string& error);
ParseStatus masked(std::string_view line, const LineMasks& masks, Record& out, std::string& error);
}  // namespace parse_paths

// Iterates the ids of a comma-separated list value.
template <class F>
void for_each_id(const RawValue& v, F&& f) {
  std::string_view s = v.text;
  while (!s.empty()) {
    auto comma = s.find(',');
    f(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
}

struct Entry {
  Day date{};
  std::optional<int> time;
  Kind kind = Kind::note;
  std::string subject;  // routine, exercise id or symptom id
  std::optional<int> pain, effort, sets, reps, hold;
  std::optional<double> minutes;
  std::optional<Status> status;
  std::optional<When> when;  // pain entries
  std::vector<std::string> done, skipped, sore;
  // check flags: nullopt when absent; empty for flags=none.
  std::optional<std::vector<std::string>> flags;
  std::optional<std::string> note, where;
  std::optional<int> score;  // function; last, so positional initialisers hold
  std::optional<int> resumes;  // session: seconds since midnight of the session it continues
  bool operator==(const Entry&) const = default;
};

Entry to_entry(const Record& r);

// One journal line, without its newline. The entry must be valid (see
// validate_entry); the result parses back to an equal entry.
std::string format_entry(const Entry& e);

// Checks what the formatter needs and the parser enforces: ranges, ids,
// text without line breaks or NUL. Returns an empty string when valid.
std::string validate_entry(const Entry& e);

// A value as the journal writes it: bare when it can be, else quoted.
std::string quote_value(std::string_view v);
bool is_id(std::string_view s);  // [a-z0-9][a-z0-9-]*, as ids and routine names are

inline constexpr std::string_view kJournalHeader = "# backcare journal v1";

}  // namespace backcare
