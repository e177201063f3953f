#include "core/journal.hpp"
#include "core/journal_head.hpp"

#include "core/scan.hpp"
#include "core/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>


namespace backcare {
namespace {

constexpr std::array<std::string_view, 9> kKindNames = {"session", "exercise", "pain", "rest",
                                                        "symptom", "check",    "note", "seen", "function"};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// s == the literal, with the length known at compile time (so the compare
// is a load or two, not a call).
template <std::size_t N>
inline bool is(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

// Characters of ids: 1 for a-z and 0-9 (which may start one), 2 for '-'
// and '_'.
constexpr std::array<std::uint8_t, 256> kIdChar = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 1;
  t['-'] = t['_'] = 2;
  return t;
}();

// Characters that end a bare token: blanks, '=', '"' and '#'.
constexpr std::array<bool, 256> kStop = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '=', '"', '#'}) t[c] = true;
  return t;
}();
inline bool stops(char c) { return kStop[static_cast<unsigned char>(c)]; }

// The first character of [p, end) that ends a bare token, or end (the
// general tokenizer's; the common case reads tokens from the line's masks).
inline const char* find_stop(const char* p, const char* end) {
  while (p < end && !stops(*p)) ++p;
  return p;
}

// A piece of the line quoted in an error message: at most 40 bytes (cut at
// a character boundary, "..." added), tabs shown as spaces. A warning then
// stays one short line whatever the journal holds. The line has passed
// check_bytes, so the piece is UTF-8 without control characters but tabs.
std::string excerpt(std::string_view s) {
  constexpr std::size_t kMost = 40;
  std::string out(s.substr(0, kMost));
  if (s.size() > kMost) {
    while (!out.empty() && (static_cast<unsigned char>(s[out.size()]) & 0xc0) == 0x80) out.pop_back();
    out += "...";
  }
  for (auto& c : out)
    if (c == '\t') c = ' ';
  return out;
}

// Checks the whole line once: valid UTF-8, no control characters but tab.
// Returns a reason, or nullptr.
const char* check_bytes(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // The common case, 16 bytes at a time (core/scan).
    p = reinterpret_cast<const unsigned char*>(
        skip_plain_ascii(reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end)));
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t') return c == 0 ? "contains a NUL byte" : "contains a control character";
      if (c == 0x7f) return "contains a control character";
      ++p;
      continue;
    }
    int len;
    unsigned min;
    unsigned cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2, min = 0x80, cp = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, min = 0x800, cp = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, min = 0x10000, cp = c & 0x07u;
    } else {
      return "is not valid UTF-8";
    }
    if (end - p < len) return "is not valid UTF-8";
    for (int k = 1; k < len; ++k) {
      if ((p[k] & 0xc0) != 0x80) return "is not valid UTF-8";
      cp = (cp << 6) | (p[k] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "is not valid UTF-8";
    p += len;
  }
  return nullptr;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A whole number within [lo, hi], or kNone.
int small_int(std::string_view s, int lo, int hi) {
  if (!all_digits(s)) return kNone;
  long v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
    if (v > hi) return kNone;
  }
  return v < lo ? kNone : static_cast<int>(v);
}

int parse_hold(std::string_view s) {
  int unit = 1;
  if (!s.empty() && (s.back() == 's' || s.back() == 'm')) {
    unit = s.back() == 'm' ? 60 : 1;
    s.remove_suffix(1);
  }
  int v = small_int(s, 1, 3600);
  if (v == kNone || v * unit > 3600) return kNone;
  return v * unit;
}

double parse_minutes(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return -1;
  if (s.size() <= 4) {
    // Whole minutes, the common case, without from_chars.
    unsigned v = 0;
    bool digits = true;
    for (char c : s) {
      digits = digits && c >= '0' && c <= '9';
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (digits) return v > 1440 ? -1 : static_cast<double>(v);
  }
  double v = -1;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) || v < 0 || v > 1440) return -1;
  return v;
}

struct Token {
  std::string_view key;  // empty for a token without '='
  RawValue value;
  bool has_key = false;
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view line) : s_(line) {}

  // Next token; false at the end of the line or on error (then error_ set).
  bool next(Token& t, std::string& error) {
    while (i_ < s_.size() && is_blank(s_[i_])) ++i_;
    if (i_ >= s_.size() || s_[i_] == '#') return false;  // end, or a trailing comment
    t = Token{};
    if (s_[i_] == '"') return quoted(t.value, error);
    std::size_t start = i_;
    i_ = static_cast<std::size_t>(find_stop(s_.data() + i_, s_.data() + s_.size()) - s_.data());
    if (i_ < s_.size() && s_[i_] == '=') {
      t.key = s_.substr(start, i_ - start);
      t.has_key = true;
      if (t.key.empty()) return fail(error, "'=' without a key before it");
      ++i_;
      if (i_ < s_.size() && s_[i_] == '"') return quoted(t.value, error);
      start = i_;
      i_ = static_cast<std::size_t>(find_stop(s_.data() + i_, s_.data() + s_.size()) - s_.data());
      t.value = {s_.substr(start, i_ - start), false, true};
      if (i_ < s_.size() && !is_blank(s_[i_]))
        return fail(error, fmt::format("unexpected '{}' in the value of '{}' (quote values holding spaces, "
                                       "quotes, '=' or '#')",
                                       s_[i_], excerpt(t.key)));
      return true;
    }
    t.value = {s_.substr(start, i_ - start), false, true};
    if (i_ < s_.size() && !is_blank(s_[i_]))
      return fail(error, fmt::format("unexpected '{}' after '{}'", s_[i_], excerpt(t.value.text)));
    return true;
  }

  bool failed() const { return failed_; }

 private:
  bool fail(std::string& error, std::string msg) {
    error = std::move(msg);
    failed_ = true;
    return false;
  }

  bool quoted(RawValue& v, std::string& error) {
    std::size_t start = ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        if (i_ + 1 >= s_.size() || (s_[i_ + 1] != '"' && s_[i_ + 1] != '\\'))
          return fail(error, "a backslash in quotes must be followed by '\"' or '\\'");
        ++i_;
      }
      ++i_;
    }
    if (i_ >= s_.size()) return fail(error, "a quoted value has no closing '\"'");
    v = {s_.substr(start, i_ - start), true, true};
    ++i_;
    if (i_ < s_.size() && !is_blank(s_[i_])) return fail(error, "a closing quote must be followed by a space");
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  bool failed_ = false;
};

// Whether s is a list of ids, remembering the lists that were: a journal
// repeats the same done= list day after day, so each distinct list is
// checked about once. A small table per thread (the reader's two threads
// each have theirs), a slot chosen by the list's length and last bytes; a
// list that loses its slot is only checked again.
bool known_list(std::string_view s) {
  constexpr std::size_t kSlots = 32, kLongest = 1024;
  thread_local std::array<std::string, kSlots> seen;
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + s.size() - std::min<std::size_t>(s.size(), 8), std::min<std::size_t>(s.size(), 8));
  std::string& slot = seen[((tail * 0x9e3779b97f4a7c15ull) >> 59 ^ s.size()) % kSlots];
  if (slot == s) return true;
  if (!id_list(s.data(), s.size())) return false;
  if (s.size() <= kLongest) slot.assign(s);
  return true;
}

bool valid_list(const RawValue& v, std::string& error, std::string_view key) {
  if (v.text.empty() || known_list(v.text)) return true;
  bool ok = true;
  for_each_id(v, [&](std::string_view id) {
    if (ok && !is_id(id)) {
      ok = false;
      error = fmt::format("'{}' is not a valid id in {}= (ids are lower-case letters, digits and '-', "
                          "separated by commas)",
                          excerpt(id), key);
    }
  });
  return ok;
}

// Which keys each kind reads. Other keys are ignored (and kept in the file).
enum Key : unsigned {
  kMinutes = 1u << 0,
  kDone = 1u << 1,
  kSkipped = 1u << 2,
  kSore = 1u << 3,
  kPainKey = 1u << 4,
  kEffort = 1u << 5,
  kStatus = 1u << 6,
  kNote = 1u << 7,
  kSets = 1u << 8,
  kReps = 1u << 9,
  kHold = 1u << 10,
  kWhere = 1u << 11,
  kFlags = 1u << 12,
  kWhen = 1u << 13,
  kScore = 1u << 14,
  kResumes = 1u << 15,
};

unsigned keys_of(Kind k) {
  switch (k) {
    case Kind::session:
      return kMinutes | kDone | kSkipped | kSore | kPainKey | kEffort | kStatus | kNote | kResumes;
    case Kind::exercise:
      return kSets | kReps | kHold | kPainKey | kEffort | kNote;
    case Kind::pain:
      return kWhere | kWhen | kNote;
    case Kind::check:
      return kFlags | kNote;
    case Kind::function:
      return kScore | kNote;
    case Kind::rest:
    case Kind::symptom:
    case Kind::note:
    case Kind::seen:  // a clinician's assessment (SPEC §7)
      return kNote;
    case Kind::unknown:
      return 0;
  }
  return 0;
}

Key key_of(std::string_view k) {
  if (k.empty()) return Key{};
  switch (k[0]) {
    case 'm': return is(k, "minutes") ? kMinutes : Key{};
    case 'd': return is(k, "done") ? kDone : Key{};
    case 's':
      if (is(k, "skipped")) return kSkipped;
      if (is(k, "sore")) return kSore;
      if (is(k, "status")) return kStatus;
      if (is(k, "sets")) return kSets;
      if (is(k, "score")) return kScore;
      return Key{};
    case 'p': return is(k, "pain") ? kPainKey : Key{};
    case 'e': return is(k, "effort") ? kEffort : Key{};
    case 'n': return is(k, "note") ? kNote : Key{};
    case 'r': return is(k, "reps") ? kReps : is(k, "resumes") ? kResumes : Key{};
    case 'h': return is(k, "hold") ? kHold : Key{};
    case 'w': return is(k, "where") ? kWhere : is(k, "when") ? kWhen : Key{};
    case 'f': return is(k, "flags") ? kFlags : Key{};
    default: return Key{};
  }
}

bool has_text_problem(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return true;
  return check_bytes(s) != nullptr;
}

}  // namespace

std::string typo_warning(std::string_view name, bool is_kind) {
  // The keys key_of knows, for suggestions only.
  static constexpr std::string_view kKeyNames[] = {"minutes", "done", "skipped", "sore", "pain",  "effort", "status",
                                                   "note",    "sets", "reps",    "hold", "where", "flags", "when", "score", "resumes"};
  std::vector<std::string_view> known;
  if (is_kind) known.assign(kKindNames.begin(), kKindNames.end());
  else known.assign(std::begin(kKeyNames), std::end(kKeyNames));
  auto near = nearest_name(name, known);
  if (!near) return {};
  if (is_kind)
    return fmt::format("'{}' is not a kind of entry; did you mean '{}'? (the line is kept, and ignored until it is "
                       "fixed)",
                       excerpt(name), *near);
  return fmt::format("'{}' is not a key; did you mean '{}'? ({}= is kept, and ignored until it is fixed)",
                     excerpt(name), *near, excerpt(name));
}

std::string_view kind_name(Kind k) {
  auto i = static_cast<std::size_t>(k);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view{"unknown"};
}

std::optional<Kind> parse_kind(std::string_view s) {
  if (s.empty()) return std::nullopt;
  switch (s[0]) {
    case 's':
      if (is(s, "session")) return Kind::session;
      if (is(s, "symptom")) return Kind::symptom;
      if (is(s, "seen")) return Kind::seen;
      break;
    case 'e': if (is(s, "exercise")) return Kind::exercise; break;
    case 'p': if (is(s, "pain")) return Kind::pain; break;
    case 'r': if (is(s, "rest")) return Kind::rest; break;
    case 'c': if (is(s, "check")) return Kind::check; break;
    case 'n': if (is(s, "note")) return Kind::note; break;
    case 'f': if (is(s, "function")) return Kind::function; break;
    default: break;
  }
  return std::nullopt;
}

std::string_view status_name(Status s) { return s == Status::complete ? "complete" : "partial"; }

std::string_view when_name(When w) {
  switch (w) {
    case When::before: return "before";
    case When::after: return "after";
    case When::morning: return "morning";
  }
  return "";
}

std::optional<When> parse_when(std::string_view s) {
  for (When w : {When::before, When::after, When::morning})
    if (s == when_name(w)) return w;
  return std::nullopt;
}

std::string RawValue::decode() const {
  if (!quoted || text.find('\\') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (kIdChar[static_cast<unsigned char>(s[0])] != 1) return false;
  for (char c : s)
    if (!kIdChar[static_cast<unsigned char>(c)]) return false;
  return true;
}

// One wording for parse_record and parse_head (they drifted apart once).
constexpr const char* kMissingKind =
    "missing the kind of entry (session, exercise, pain, rest, symptom, check, note, seen, function)";

namespace {

// parse_date, the date of the line before remembered (per thread): a
// journal holds runs of lines of one date.
inline std::optional<Day> journal_date(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  thread_local std::uint64_t last_head = 0;
  thread_local std::uint16_t last_tail = 0;
  thread_local Day last_day{};
  std::uint64_t head;
  std::uint16_t tail;
  std::memcpy(&head, s.data(), 8);
  std::memcpy(&tail, s.data() + 8, 2);
  if (head == last_head && tail == last_tail && last_head != 0) return last_day;
  auto d = parse_date(s);
  if (d) last_head = head, last_tail = tail, last_day = *d;
  return d;
}

// parse_time, its HH:MM inline.
inline std::optional<int> journal_time(std::string_view s) {
  return s.size() == 5 ? parse_hhmm(s.data()) : parse_time(s);
}

// What the general parse of a line (whole or its head) does first: a final
// CR taken off, a blank line or a comment told, the bytes checked. Gives the
// status to return at once, or nothing (then `first` is where the content
// starts).
std::optional<ParseStatus> line_front(std::string_view& line, std::size_t& first, std::string& error) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  first = 0;
  while (first < line.size() && is_blank(line[first])) ++first;
  if (first == line.size() || line[first] == '#') return ParseStatus::blank;
  if (const char* why = check_bytes(line)) {
    error = fmt::format("the line {}", why);
    return ParseStatus::error;
  }
  return std::nullopt;
}

// The fields of a line from its tokens, whichever tokenizer finds them
// (the general one, or MaskTokenizer for the common case): the checks and
// their wording are the same.
template <class Tok>
ParseStatus parse_tokens(Tok& tok, Record& out, std::string& error) {
  Token t;
  auto fail = [&](std::string msg) {
    error = std::move(msg);
    return ParseStatus::error;
  };
  auto next = [&] { return tok.next(t, error); };

  next();  // a line with content has a first token or a tokenizer error
  if (tok.failed()) return ParseStatus::error;
  if (t.has_key || t.value.quoted) return fail("a line must start with a date (YYYY-MM-DD)");
  auto day = journal_date(t.value.text);
  if (!day) return fail(fmt::format("'{}' is not a date (YYYY-MM-DD, a real calendar day)", excerpt(t.value.text)));
  out.date = *day;

  if (!next()) return tok.failed() ? ParseStatus::error : fail("missing the kind of entry after the date");
  if (!t.has_key && !t.value.quoted && !t.value.text.empty() && t.value.text[0] >= '0' && t.value.text[0] <= '9') {
    auto time = journal_time(t.value.text);
    if (!time) return fail(fmt::format("'{}' is not a time (HH:MM or HH:MM:SS, 00:00 to 23:59)", excerpt(t.value.text)));
    out.time = *time;
    if (!next()) return tok.failed() ? ParseStatus::error : fail("missing the kind of entry after the time");
  }
  if (t.has_key || t.value.quoted) return fail(kMissingKind);
  out.kind_text = t.value.text;
  auto kind = parse_kind(t.value.text);
  if (!kind) return ParseStatus::entry;  // unknown kind: kept in the file, ignored
  out.kind = *kind;

  const unsigned allowed = keys_of(out.kind);
  unsigned seen = 0;
  bool subject_done = false;
  bool pain_key = false;  // a pain= on a pain line: not read, but worth a word if the level is missing
  while (next()) {
    if (!t.has_key) {
      if (subject_done)
        return fail(fmt::format("unexpected '{}' (after the subject, fields are key=value)", excerpt(t.value.text)));
      subject_done = true;
      out.subject = t.value;
      continue;
    }
    subject_done = true;
    Key k = key_of(t.key);
    if (!(k & allowed)) {  // a key this kind does not read: ignored
      if (k == Key{} && out.unknown_key.empty()) out.unknown_key = t.key;  // no kind reads it: a typo?
      pain_key = pain_key || k == kPainKey;
      continue;
    }
    if (seen & k) return fail(fmt::format("'{}' is given twice", excerpt(t.key)));
    seen |= k;
    const RawValue& v = t.value;
    switch (k) {
      case kMinutes:
        out.minutes = v.quoted ? -1 : parse_minutes(v.text);
        if (out.minutes < 0) return fail(fmt::format("minutes={} is not a number of minutes from 0 to 1440", excerpt(v.text)));
        break;
      case kPainKey:
      case kEffort: {
        int n = v.quoted ? kNone : small_int(v.text, 0, 10);
        if (n == kNone) return fail(fmt::format("{}={} is not a whole number from 0 to 10", t.key, excerpt(v.text)));
        (k == kPainKey ? out.pain : out.effort) = n;
        break;
      }
      case kSets:
      case kReps: {
        int n = v.quoted ? kNone : small_int(v.text, 1, 1000);
        if (n == kNone) return fail(fmt::format("{}={} is not a whole number from 1 to 1000", t.key, excerpt(v.text)));
        (k == kSets ? out.sets : out.reps) = n;
        break;
      }
      case kHold:
        out.hold = v.quoted ? kNone : parse_hold(v.text);
        if (out.hold == kNone) return fail(fmt::format("hold={} is not a time such as 30s or 2m (at most 1 hour)", excerpt(v.text)));
        break;
      case kStatus:
        if (is(v.text, "complete")) out.status = static_cast<int>(Status::complete);
        else if (is(v.text, "partial")) out.status = static_cast<int>(Status::partial);
        else return fail(fmt::format("status={} is neither complete nor partial", excerpt(v.text)));
        break;
      case kDone:
      case kSkipped:
      case kSore:
        if (!valid_list(v, error, t.key)) return ParseStatus::error;
        (k == kDone ? out.done : k == kSkipped ? out.skipped : out.sore) = v;
        break;
      case kFlags:
        if (v.text != "none" && !valid_list(v, error, t.key)) return ParseStatus::error;
        if (v.text != "none") {
          bool none = false;
          for_each_id(v, [&](std::string_view id) { none = none || id == "none"; });
          if (none) return fail("flags=none stands alone: it cannot be listed with flags answered yes");
        }
        out.flags = v;
        break;
      case kNote: out.note = v; break;
      case kWhere: out.where = v; break;
      case kWhen:
        if (auto w = v.quoted ? std::nullopt : parse_when(v.text)) out.when = static_cast<int>(*w);
        else return fail(fmt::format("when={} is not before, after or morning", excerpt(v.text)));
        break;
      case kResumes: {
        auto at = v.quoted ? std::nullopt : parse_time(v.text);
        if (!at) return fail(fmt::format("resumes={} is not a time such as 07:42 or 07:42:10", excerpt(v.text)));
        out.resumes = *at;
        break;
      }
      case kScore:
        out.score = v.quoted ? kNone : small_int(v.text, 0, 10);
        if (out.score == kNone)
          return fail(fmt::format("score={} is not a whole number from 0 (unable) to 10 (as before)", excerpt(v.text)));
        break;
    }
  }
  if (tok.failed()) return ParseStatus::error;

  switch (out.kind) {
    case Kind::session:
      if (!out.subject || out.subject.quoted || !is_id(out.subject.text))
        return fail("a session needs the routine's name (such as 'morning') after the kind");
      break;
    case Kind::exercise:
    case Kind::symptom:
    case Kind::function:
      if (!out.subject || out.subject.quoted || !is_id(out.subject.text))
        return fail(fmt::format("{} needs an id (such as '{}') after the kind", kind_name(out.kind),
                                out.kind == Kind::exercise  ? "cat-cow"
                                : out.kind == Kind::symptom ? "tingling"
                                                            : "reach"));
      break;
    case Kind::pain: {
      int n = out.subject && !out.subject.quoted ? small_int(out.subject.text, 0, 10) : kNone;
      if (n == kNone && !out.subject && pain_key)
        return fail("a pain entry gives its level after the kind, not as pain= (such as 'pain 4')");
      if (n == kNone) return fail("pain needs a level from 0 to 10 after the kind (such as 'pain 4')");
      out.pain = n;
      out.subject = {};
      break;
    }
    case Kind::note:
      if (out.subject) {
        if (out.note) return fail("a note has its text either after the kind or as note=, not both");
        out.note = out.subject;
        out.subject = {};
      }
      break;
    case Kind::rest:
    case Kind::check:
    case Kind::seen:
      if (out.subject)
        return fail(fmt::format("{} takes no subject: put text in note=\"...\"", kind_name(out.kind)));
      break;
    case Kind::unknown: break;
  }
  return ParseStatus::entry;
}

// The first position from `from` on whose bit is set (want) or clear
// (!want) in a line's mask, or n.
template <bool want>
inline std::size_t next_bit(const std::uint64_t* mask, std::size_t from, std::size_t n) {
  if (from >= n) return n;
  std::size_t w = from / 64;
  std::uint64_t bits = (want ? mask[w] : ~mask[w]) & (~std::uint64_t{0} << (from % 64));
  const std::size_t words = (n + 63) / 64;
  while (bits == 0) {
    if (++w >= words) return n;
    bits = want ? mask[w] : ~mask[w];
  }
  return std::min(n, w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
}

// The tokenizer of a line without tabs, '#', backslashes or control
// characters, from its masks: tokens end at the next space, '=' or quote
// bit, a quoted value at the next quote bit. It gives the tokens Tokenizer
// gives; anything Tokenizer would refuse makes it give up (bailed()), and
// the line is read again by the general path, which words the reason.
class MaskTokenizer {
 public:
  MaskTokenizer(std::string_view line, const LineMasks& m) : s_(line), m_(m) {
    for (std::size_t w = 0, n = LineMasks::words(line.size()); w < n; ++w)
      stop_[w] = m.space[w] | m.equals[w] | m.quote[w];
  }

  bool next(Token& t, std::string&) {
    const std::size_t n = s_.size();
    // Mostly one space between tokens.
    if (i_ < n && s_[i_] == ' ') {
      ++i_;
      if (i_ < n && s_[i_] == ' ') i_ = next_bit<false>(m_.space, i_, n);
    }
    if (i_ >= n) return false;
    t = Token{};
    if (s_[i_] == '"') return quoted(t.value);
    std::size_t start = i_;
    i_ = next_bit<true>(stop_, i_, n);
    if (i_ < n && s_[i_] == '=') {
      if (i_ == start) return bail();
      t.key = std::string_view(s_.data() + start, i_ - start);
      t.has_key = true;
      ++i_;
      if (i_ < n && s_[i_] == '"') return quoted(t.value);
      start = i_;
      i_ = next_bit<true>(stop_, i_, n);
    }
    t.value = {std::string_view(s_.data() + start, i_ - start), false, true};
    if (i_ < n && s_[i_] != ' ') return bail();
    return true;
  }

  bool failed() const { return bailed_; }
  bool bailed() const { return bailed_; }

 private:
  bool bail() {
    bailed_ = true;
    return false;
  }
  bool quoted(RawValue& v) {
    const std::size_t n = s_.size(), start = ++i_;
    const std::size_t close = next_bit<true>(m_.quote, i_, n);
    if (close >= n) return bail();
    v = {std::string_view(s_.data() + start, close - start), true, true};
    i_ = close + 1;
    if (i_ < n && s_[i_] != ' ') return bail();
    return true;
  }

  std::string_view s_;
  const LineMasks& m_;
  std::uint64_t stop_[LineMasks::kWords];  // space, '=' or quote
  std::size_t i_ = 0;
  bool bailed_ = false;
};

}  // namespace

namespace parse_paths {

ParseStatus general(std::string_view line, Record& out, std::string& error) {
  out = Record{};
  std::size_t first;
  if (auto st = line_front(line, first, error)) return *st;
  Tokenizer tok(line);
  return parse_tokens(tok, out, error);
}

ParseStatus masked(std::string_view line, const LineMasks& m, Record& out, std::string& error) {
  if (m.odd) return general(line, out, error);
  // No tab, '#', CR or other control character: blank is all spaces.
  if (next_bit<false>(m.space, 0, line.size()) == line.size()) {
    out = Record{};
    return ParseStatus::blank;
  }
  if (m.high) {
    if (const char* why = check_bytes(line)) {
      out = Record{};
      error = fmt::format("the line {}", why);
      return ParseStatus::error;
    }
  }
  out = Record{};
  MaskTokenizer tok(line, m);
  ParseStatus st = parse_tokens(tok, out, error);
  return tok.bailed() ? general(line, out, error) : st;
}

}  // namespace parse_paths

ParseStatus parse_record(std::string_view line, const LineMasks& masks, Record& out, std::string& error) {
  if (!masks.bits) return parse_record(line, out, error);  // only odd and high known (line_end)
  return parse_paths::masked(line, masks, out, error);
}

ParseStatus parse_record(std::string_view line, Record& out, std::string& error) {
  if (line.size() > kMaskedLine) return parse_paths::general(line, out, error);
  LineMasks m;
  line_masks(line.data(), line.size(), m);
  return parse_paths::masked(line, m, out, error);
}

Entry to_entry(const Record& r) {
  Entry e;
  e.date = r.date;
  if (r.time != kNone) e.time = r.time;
  e.kind = r.kind;
  if (r.subject) e.subject = r.subject.decode();
  if (r.pain != kNone) e.pain = r.pain;
  if (r.effort != kNone) e.effort = r.effort;
  if (r.sets != kNone) e.sets = r.sets;
  if (r.reps != kNone) e.reps = r.reps;
  if (r.hold != kNone) e.hold = r.hold;
  if (r.minutes >= 0) e.minutes = r.minutes;
  if (r.status != kNone) e.status = static_cast<Status>(r.status);
  if (r.when != kNone) e.when = static_cast<When>(r.when);
  if (r.score != kNone) e.score = r.score;
  if (r.resumes != kNone) e.resumes = r.resumes;
  auto list = [](const RawValue& v) {
    std::vector<std::string> out;
    for_each_id(v, [&](std::string_view id) { out.emplace_back(id); });
    return out;
  };
  e.done = list(r.done);
  e.skipped = list(r.skipped);
  e.sore = list(r.sore);
  if (r.flags) e.flags = r.flags.text == "none" ? std::vector<std::string>{} : list(r.flags);
  if (r.note) e.note = r.note.decode();
  if (r.where) e.where = r.where.decode();
  return e;
}

std::string quote_value(std::string_view v) {
  bool bare = !v.empty();
  for (char c : v)
    if (is_blank(c) || c == '"' || c == '=' || c == '#' || static_cast<unsigned char>(c) < 0x20) bare = false;
  if (bare) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_entry(const Entry& e) {
  std::string s = format_date(e.date);
  if (e.time) s += ' ' + format_time(*e.time);
  s += ' ';
  s += kind_name(e.kind);
  if (e.kind == Kind::pain && e.pain) s += fmt::format(" {}", *e.pain);
  if (!e.subject.empty()) s += ' ' + e.subject;
  auto key = [&](std::string_view k, const std::string& v) {
    s += ' ';
    s += k;
    s += '=';
    s += v;
  };
  auto list = [&](std::string_view k, const std::vector<std::string>& ids) {
    if (!ids.empty()) key(k, fmt::format("{}", fmt::join(ids, ",")));
  };
  if (e.minutes) key("minutes", fmt::format("{}", *e.minutes));
  list("done", e.done);
  list("skipped", e.skipped);
  list("sore", e.sore);
  if (e.kind != Kind::pain && e.pain) key("pain", std::to_string(*e.pain));
  if (e.effort) key("effort", std::to_string(*e.effort));
  if (e.status) key("status", std::string(status_name(*e.status)));
  if (e.sets) key("sets", std::to_string(*e.sets));
  if (e.reps) key("reps", std::to_string(*e.reps));
  if (e.hold) key("hold", fmt::format("{}s", *e.hold));
  if (e.where) key("where", quote_value(*e.where));
  if (e.when) key("when", std::string(when_name(*e.when)));
  if (e.score) key("score", std::to_string(*e.score));
  if (e.resumes) key("resumes", format_time(*e.resumes));
  if (e.flags) {
    if (e.flags->empty()) key("flags", "none");
    else list("flags", *e.flags);
  }
  if (e.note) key("note", quote_value(*e.note));
  return s;
}

std::string validate_entry(const Entry& e) {
  int year = static_cast<int>(date::year_month_day{e.date}.year());
  if (year < 1900 || year > 9999) return "the date must be between 1900 and 9999";
  if (e.time && (*e.time < 0 || *e.time >= kSecondsPerDay)) return "the time must be between 00:00 and 23:59:59";
  if (e.resumes && (*e.resumes < 0 || *e.resumes >= kSecondsPerDay)) return "resumes= must be a time between 00:00 and 23:59:59";
  if (e.kind == Kind::unknown) return "unknown kind of entry";
  const unsigned allowed = keys_of(e.kind);
  auto bad_key = [&](bool set, Key k, std::string_view name) -> std::string {
    if (set && !(allowed & k)) return fmt::format("{} entries take no {}", kind_name(e.kind), name);
    return {};
  };
  for (auto msg : {bad_key(e.minutes.has_value(), kMinutes, "minutes"), bad_key(!e.done.empty(), kDone, "done"),
                   bad_key(!e.skipped.empty(), kSkipped, "skipped"), bad_key(!e.sore.empty(), kSore, "sore"),
                   bad_key(e.effort.has_value(), kEffort, "effort"), bad_key(e.status.has_value(), kStatus, "status"),
                   bad_key(e.sets.has_value(), kSets, "sets"), bad_key(e.reps.has_value(), kReps, "reps"),
                   bad_key(e.hold.has_value(), kHold, "hold"), bad_key(e.where.has_value(), kWhere, "where"),
                   bad_key(e.when.has_value(), kWhen, "when"),
                   bad_key(e.flags.has_value(), kFlags, "flags"), bad_key(e.score.has_value(), kScore, "score"),
                   bad_key(e.resumes.has_value(), kResumes, "resumes")})
    if (!msg.empty()) return msg;
  if (e.pain && e.kind != Kind::pain && !(allowed & kPainKey))
    return fmt::format("{} entries take no pain", kind_name(e.kind));
  switch (e.kind) {
    case Kind::session:
    case Kind::exercise:
    case Kind::symptom:
    case Kind::function:
      if (!is_id(e.subject)) return fmt::format("'{}' is not a valid id", e.subject);
      break;
    case Kind::pain:
      if (!e.pain) return "a pain entry needs a level";
      [[fallthrough]];
    default:
      if (!e.subject.empty()) return fmt::format("{} entries take no subject", kind_name(e.kind));
  }
  if (e.pain && (*e.pain < 0 || *e.pain > 10)) return "pain must be from 0 to 10";
  if (e.effort && (*e.effort < 0 || *e.effort > 10)) return "effort must be from 0 to 10";
  if (e.score && (*e.score < 0 || *e.score > 10)) return "score must be from 0 to 10";
  if (e.sets && (*e.sets < 1 || *e.sets > 1000)) return "sets must be from 1 to 1000";
  if (e.reps && (*e.reps < 1 || *e.reps > 1000)) return "reps must be from 1 to 1000";
  if (e.hold && (*e.hold < 1 || *e.hold > 3600)) return "hold must be from 1 second to 1 hour";
  if (e.minutes && !(*e.minutes >= 0 && *e.minutes <= 1440)) return "minutes must be from 0 to 1440";
  for (const auto* ids : {&e.done, &e.skipped, &e.sore})
    for (const auto& id : *ids)
      if (!is_id(id)) return fmt::format("'{}' is not a valid id", id);
  if (e.flags)
    for (const auto& id : *e.flags)
      if (!is_id(id) || id == "none") return fmt::format("'{}' is not a valid flag id", id);
  if (e.note && has_text_problem(*e.note)) return "a note must be one line of UTF-8 text";
  if (e.where && has_text_problem(*e.where)) return "where must be one line of UTF-8 text";
  return {};
}

}  // namespace backcare

namespace backcare {

// The front of parse_record, alone: the same checks of the bytes, the
// date, the time and the kind, with the same messages, and a session's
// routine name; the rest of the line is not looked at.
namespace {

// The known kind that [p, e) starts with, followed by a blank or the end.
std::optional<Kind> known_kind_at(const char* p, const char* e) {
  if (p == e) return std::nullopt;
  const auto room = static_cast<std::size_t>(e - p);
  // The name (a literal: a compare of known length), then a blank or the end.
  auto at = [&](Kind k, const auto& name) -> std::optional<Kind> {
    constexpr std::size_t n = sizeof name - 1;
    if (room < n || std::memcmp(p, name, n) != 0 || (room > n && !is_blank(p[n]))) return std::nullopt;
    return k;
  };
  switch (*p) {
    case 's':
      if (room > 2 && p[1] == 'e') return p[2] == 's' ? at(Kind::session, "session") : at(Kind::seen, "seen");
      return at(Kind::symptom, "symptom");
    case 'e': return at(Kind::exercise, "exercise");
    case 'p': return at(Kind::pain, "pain");
    case 'r': return at(Kind::rest, "rest");
    case 'c': return at(Kind::check, "check");
    case 'n': return at(Kind::note, "note");
    case 'f': return at(Kind::function, "function");
    default: return std::nullopt;
  }
}

// parse_head's common case without the tokenizer: plain tokens (no quote,
// '=' or '#') for the date, the time, the kind and a session's routine,
// each checked as the tokenizer's path checks them. False when the line is
// anything else (then that path reads it, and words any error).
bool head_fast(std::string_view line, std::size_t i, Record& out) {
  const char* p = line.data() + i;
  const char* const e = line.data() + line.size();
  auto blank_or_end = [&](const char* q) { return q == e || is_blank(*q); };
  // A token of known length: its end must be a blank or the line's end.
  auto fixed = [&](std::size_t n, std::string_view& tok) {
    if (static_cast<std::size_t>(e - p) < n || !blank_or_end(p + n)) return false;
    tok = std::string_view(p, n);
    p += n;
    while (p < e && is_blank(*p)) ++p;
    return true;
  };
  auto token = [&](std::string_view& tok) {
    const char* b = p;
    while (p < e && !is_blank(*p)) {
      if (*p == '"' || *p == '=' || *p == '#') return false;
      ++p;
    }
    tok = std::string_view(b, static_cast<std::size_t>(p - b));
    while (p < e && is_blank(*p)) ++p;
    return !tok.empty();
  };
  std::string_view tok;
  if (e - p > 17 && p[10] == ' ' && p[11] >= '0' && p[11] <= '9' && p[16] == ' ' && p[17] != ' ' && p[17] != '\t') {
    // The writer's shape, "YYYY-MM-DD HH:MM KIND": what the steps below
    // take from it, without their loops or calls.
    auto day = journal_date(std::string_view(p, 10));
    auto time = parse_hhmm(p + 11);
    if (!day || !time) return false;
    out.date = *day;
    out.time = *time;
    p += 17;
  } else {
    // parse_date and parse_time accept digits and their separators only.
    if (!fixed(10, tok)) return false;
    auto day = journal_date(tok);
    if (!day || p == e) return false;
    out.date = *day;
    if (*p >= '0' && *p <= '9') {
      if (!fixed(5, tok) && !fixed(8, tok)) return false;
      auto time = journal_time(tok);
      if (!time || p == e) return false;
      out.time = *time;
    }
  }
  // The kind: most lines name one of the known ones, followed by a blank
  // or the end; anything else goes through token() as before.
  if (const std::optional<Kind> k = known_kind_at(p, e)) {
    const std::size_t len = kind_name(*k).size();
    out.kind_text = std::string_view(p, len);
    out.kind = *k;
    p += len;
    while (p < e && is_blank(*p)) ++p;
  } else {
    if (!token(tok)) return false;
    out.kind_text = tok;
    auto kind = parse_kind(tok);
    if (!kind) return true;
    out.kind = *kind;
  }
  if (out.kind == Kind::session) {
    // The routine's name: id characters up to a blank or the end (what
    // token() and is_id() accept together); else the general path.
    const char* b = p;
    if (p == e || kIdChar[static_cast<unsigned char>(*p)] != 1) return false;
    while (p < e && kIdChar[static_cast<unsigned char>(*p)]) ++p;
    if ((p < e && !is_blank(*p)) || p - b > 64) return false;
    out.subject = RawValue{std::string_view(b, static_cast<std::size_t>(p - b)), false, true};
  }
  return true;
}

}  // namespace

ParseStatus parse_head(std::string_view line, const LineMasks& m, Record& out, std::string& error) {
  // No tab, '#', CR or other control character, no byte from 0x7f up: the
  // bytes need no check, and a line of spaces is blank.
  if (m.odd || m.high) return parse_head(line, out, error);
  out = Record{};
  std::size_t first = 0;  // only odd and high are read: line_end's masks do
  while (first < line.size() && line[first] == ' ') ++first;
  if (first == line.size()) return ParseStatus::blank;
  if (head_fast(line, first, out)) return ParseStatus::entry;
  return parse_head(line, out, error);
}

ParseStatus parse_head(std::string_view line, Record& out, std::string& error) {
  out = Record{};
  std::size_t first;
  if (auto st = line_front(line, first, error)) return *st;
  if (head_fast(line, first, out)) return ParseStatus::entry;
  out = Record{};
  Tokenizer tok(line);
  Token t;
  auto fail = [&](std::string msg) {
    error = std::move(msg);
    return ParseStatus::error;
  };
  auto next = [&] { return tok.next(t, error); };
  next();
  if (tok.failed()) return ParseStatus::error;
  if (t.has_key || t.value.quoted) return fail("a line must start with a date (YYYY-MM-DD)");
  auto day = journal_date(t.value.text);
  if (!day) return fail(fmt::format("'{}' is not a date (YYYY-MM-DD, a real calendar day)", excerpt(t.value.text)));
  out.date = *day;
  if (!next()) return tok.failed() ? ParseStatus::error : fail("missing the kind of entry after the date");
  if (!t.has_key && !t.value.quoted && !t.value.text.empty() && t.value.text[0] >= '0' && t.value.text[0] <= '9') {
    auto time = journal_time(t.value.text);
    if (!time) return fail(fmt::format("'{}' is not a time (HH:MM or HH:MM:SS, 00:00 to 23:59)", excerpt(t.value.text)));
    out.time = *time;
    if (!next()) return tok.failed() ? ParseStatus::error : fail("missing the kind of entry after the time");
  }
  if (t.has_key || t.value.quoted) return fail(kMissingKind);
  out.kind_text = t.value.text;
  auto kind = parse_kind(t.value.text);
  if (!kind) return ParseStatus::entry;
  out.kind = *kind;
  if (out.kind == Kind::session) {
    if (!next() || t.has_key || t.value.quoted || !is_id(t.value.text))
      return tok.failed() ? ParseStatus::error : fail("a session needs the routine's name (such as 'morning') after the kind");
    out.subject = t.value;
  }
  return ParseStatus::entry;
}

}  // namespace backcare
