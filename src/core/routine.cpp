#include "core/routine.hpp"

#include "core/calendar.hpp"
#include "core/controls.hpp"
#include "core/journal.hpp"
#include "core/progression.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace backcare {

const Exercise* Routine::exercise(std::string_view id) const {
  for (const auto& e : exercises)
    if (e.id == id) return &e;
  return nullptr;
}

const Activity* Outcomes::activity(std::string_view id) const {
  for (const auto& a : activities)
    if (a.id == id) return &a;
  return nullptr;
}

const RoutineDef* Routine::routine(std::string_view name) const {
  for (const auto& r : routines)
    if (r.name == name) return &r;
  return nullptr;
}

std::vector<std::string> figure_lines(std::string_view frame) {
  std::vector<std::string> out;
  if (frame.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = frame.find('\n', start);
    out.emplace_back(frame.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

namespace {
std::size_t utf8_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

std::size_t figure_width(const Exercise& e) {
  std::size_t w = 0;
  for (const auto& f : e.frames)
    for (const auto& l : figure_lines(f)) w = std::max(w, utf8_width(l));
  return w;
}

std::size_t figure_height(const Exercise& e) {
  std::size_t h = 0;
  for (const auto& f : e.frames) h = std::max(h, figure_lines(f).size());
  return h;
}

std::size_t frame_at(const Exercise& e, long long ms, long long rep_ms) {
  const auto n = static_cast<long long>(e.frames.size());
  if (n < 2 || rep_ms <= 0 || ms < 0) return 0;
  return static_cast<std::size_t>((ms % rep_ms) * n / rep_ms);
}

unsigned Routine::planned_days() const {
  unsigned days = 0;
  for (const auto& r : routines)
    if (r.schedule.scheduled()) days |= r.schedule.days;
  return days;
}

namespace {

[[noreturn]] void fail(const toml::source_region& where, const std::string& msg) {
  throw RoutineError(static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), msg);
}

// Names the keys a table may hold; anything else is a typo to report.
void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed, std::string_view where) {
  for (auto&& [key, value] : t) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
    fail(key.source(), fmt::format("unknown key '{}' in {} (known keys: {})", key.str(), where, list));
  }
}

const toml::table& need_table(const toml::node& n, std::string_view what) {
  if (const auto* t = n.as_table()) return *t;
  fail(n.source(), fmt::format("{} must be a table", what));
}

int as_int(const toml::node& n, std::string_view key, int lo, int hi) {
  const auto* v = n.as_integer();
  if (!v) fail(n.source(), fmt::format("'{}' must be a whole number", key));
  auto x = v->get();
  if (x < lo || x > hi) fail(n.source(), fmt::format("'{}' must be from {} to {}, not {}", key, lo, hi, x));
  return static_cast<int>(x);
}

int get_int(const toml::table& t, std::string_view key, int lo, int hi, int def) {
  const toml::node* n = t.get(key);
  return n ? as_int(*n, key, lo, hi) : def;
}

// Routine text reaches the terminal (plan, start), crontab lines, units
// and calendars: it may hold no control character, which could drive the
// terminal (ESC, CSI, OSC: the clipboard, the window title, a cleared
// screen) or start a line of its own. Tabs are fine; a line break (LF)
// only where the text is a paragraph (steps, cautions, a description).
enum class Lines { one, many };

void check_text(const toml::node& n, std::string_view key, std::string_view text, Lines lines) {
  if (auto c = find_control(text, {true, lines == Lines::many}))
    fail(n.source(), fmt::format("'{}' holds the control character {}; routine text must be printable{}", key,
                                 describe_control(c->code),
                                 c->code == '\n' ? " (a line break is allowed only in steps, cautions and a description)"
                                                  : ""));
}

std::string get_string(const toml::table& t, std::string_view key, bool required, const toml::table& owner,
                       std::string_view what, Lines lines = Lines::one) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) fail(owner.source(), fmt::format("{} needs '{}'", what, key));
    return {};
  }
  const auto* s = n->as_string();
  if (!s) fail(n->source(), fmt::format("'{}' must be a string in quotes", key));
  if (required && s->get().empty()) fail(n->source(), fmt::format("'{}' must not be empty", key));
  check_text(*n, key, s->get(), lines);
  return s->get();
}

std::vector<std::string> get_strings(const toml::table& t, std::string_view key, Lines lines = Lines::one) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const auto* a = n->as_array();
  if (!a) fail(n->source(), fmt::format("'{}' must be a list of strings, like [\"a\", \"b\"]", key));
  for (const auto& item : *a) {
    const auto* s = item.as_string();
    if (!s) fail(item.source(), fmt::format("each item of '{}' must be a string in quotes", key));
    check_text(item, key, s->get(), lines);
    out.push_back(s->get());
  }
  return out;
}

// A number or a [low, high] pair, each within [lo, hi].
Range get_range(const toml::node& n, std::string_view key, int lo, int hi) {
  if (const auto* a = n.as_array()) {
    if (a->size() != 2)
      fail(n.source(), fmt::format("'{}' must be a number or a [low, high] pair", key));
    Range r{as_int(*a->get(0), key, lo, hi), as_int(*a->get(1), key, lo, hi)};
    if (r.lo > r.hi) fail(n.source(), fmt::format("'{}': the low end ({}) is above the high end ({})", key, r.lo, r.hi));
    return r;
  }
  int v = as_int(n, key, lo, hi);
  return {v, v};
}

int parse_time_node(const toml::node& n) {
  if (const auto* s = n.as_string()) {
    auto t = parse_time(s->get());
    if (t && *t % 60 == 0) return *t;
  } else if (const auto* tv = n.as_time()) {
    const toml::time& t = tv->get();
    if (t.second == 0 && t.nanosecond == 0) return t.hour * 3600 + t.minute * 60;
  }
  fail(n.source(), "each time must be \"HH:MM\", from \"00:00\" to \"23:59\"");
}

Schedule get_schedule(const toml::table& t, const toml::table& owner, std::string_view name) {
  Schedule s;
  const toml::node* days = t.get("days");
  const toml::node* times = t.get("times");
  if (!days && !times) return s;
  if (!times) fail(owner.source(), fmt::format("routine '{}' has days but no times (add times = [\"07:00\"])", name));
  if (!days) {
    s.days = kEveryDay;
  } else if (const auto* str = days->as_string()) {
    s.days = weekday_group(str->get()) | weekday_bit(str->get());
    if (!s.days)
      fail(days->source(), fmt::format("unknown day '{}' (use \"daily\", \"weekdays\", \"weekends\" or a list "
                                       "such as [\"mon\", \"thu\"])",
                                       str->get()));
  } else if (const auto* arr = days->as_array()) {
    for (const auto& d : *arr) {
      const auto* ds = d.as_string();
      unsigned bit = ds ? weekday_bit(ds->get()) : 0u;
      if (!bit)
        fail(d.source(), fmt::format("unknown weekday {} (use mon, tue, wed, thu, fri, sat, sun)",
                                     ds ? "'" + ds->get() + "'" : std::string("here")));
      s.days |= bit;
    }
    if (!s.days) fail(days->source(), "'days' must name at least one day");
  } else {
    fail(days->source(), "'days' must be \"daily\", \"weekdays\", \"weekends\" or a list of weekdays");
  }
  if (const auto* arr = times->as_array()) {
    for (const auto& n : *arr) s.times.push_back(parse_time_node(n));
    if (s.times.empty()) fail(times->source(), "'times' must hold at least one time");
  } else {
    s.times.push_back(parse_time_node(*times));
  }
  std::sort(s.times.begin(), s.times.end());
  s.times.erase(std::unique(s.times.begin(), s.times.end()), s.times.end());
  return s;
}

constexpr std::size_t kMaxRoutineLength = 10000;

// One frame of a figure: the text of a string node, with CR LF as LF and one
// final newline dropped, checked for size and control characters. A problem
// points at its line and column when the string spans lines in the file
// (its text starting on the line after the opening quotes).
std::string get_frame(const toml::node& n, std::string_view key) {
  const auto* str = n.as_string();
  if (!str) fail(n.source(), fmt::format("'{}' must be a string in quotes, like \"\"\"...\"\"\"", key));
  std::string text;
  const std::string& raw = str->get();
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) text += raw[i];
  if (!text.empty() && text.back() == '\n') text.pop_back();
  const auto& src = n.source();
  const bool spans = src.end.line > src.begin.line;
  auto at = [&](std::size_t line, std::size_t col, const std::string& msg) {
    if (!spans) fail(src, msg);
    throw RoutineError(static_cast<int>(src.begin.line + 1 + line), static_cast<int>(col + 1), msg);
  };
  if (text.find_first_not_of(" \n") == std::string::npos) fail(src, fmt::format("'{}' must not be empty", key));
  auto lines = figure_lines(text);
  for (std::size_t l = 0; l < lines.size(); ++l) {
    std::size_t col = 0;
    for (std::size_t i = 0; i < lines[l].size(); ++i) {
      auto c = static_cast<unsigned char>(lines[l][i]);
      bool c1 = c == 0xC2 && i + 1 < lines[l].size() && static_cast<unsigned char>(lines[l][i + 1]) < 0xA0;
      if (c < 0x20 || c == 0x7F || c1)
        at(l, col, fmt::format("'{}' holds a control character (U+{:04X}): a figure is plain text and newlines", key,
                               c1 ? static_cast<unsigned char>(lines[l][i + 1]) : c));
      if ((c & 0xC0) != 0x80) ++col;
    }
    if (col > kFigureColumns)
      at(l, kFigureColumns, fmt::format("a line of '{}' is {} columns wide; a figure is at most {}", key, col,
                                         kFigureColumns));
  }
  if (lines.size() > kFigureLines)
    at(kFigureLines, 0, fmt::format("'{}' has {} lines; a figure is at most {}", key, lines.size(), kFigureLines));
  return text;
}

std::vector<std::string> get_frames(const toml::table& t) {
  const toml::node* figure = t.get("figure");
  const toml::node* frames = t.get("frames");
  if (figure && frames) fail(frames->source(), "give 'figure' (one drawing) or 'frames' (two or more), not both");
  if (figure) return {get_frame(*figure, "figure")};
  std::vector<std::string> out;
  if (!frames) return out;
  const auto* a = frames->as_array();
  if (!a || a->size() < 2 || a->size() > 8)
    fail(frames->source(), "'frames' must be a list of 2 to 8 drawings, like [\"\"\"...\"\"\", \"\"\"...\"\"\"]");
  for (const auto& item : *a) out.push_back(get_frame(item, "frames"));
  return out;
}

constexpr std::size_t kMaxCues = 16;
constexpr std::size_t kMaxCueText = 80;

// cues = [{ at = 0.5, say = "reverse" }, ...]: sorted by `at`.
std::vector<CuePoint> get_cues(const toml::table& t) {
  std::vector<CuePoint> out;
  const toml::node* n = t.get("cues");
  if (!n) return out;
  const auto* a = n->as_array();
  const char* shape = "'cues' must be a list like [{ at = 0.5, say = \"reverse\" }]";
  if (!a) fail(n->source(), shape);
  if (a->size() > kMaxCues) fail(n->source(), fmt::format("'cues' holds {} cues; at most {}", a->size(), kMaxCues));
  for (const auto& item : *a) {
    const auto* c = item.as_table();
    if (!c) fail(item.source(), shape);
    check_keys(*c, {"at", "say"}, "a cue");
    CuePoint p;
    const toml::node* at = c->get("at");
    if (!at) fail(item.source(), "a cue needs 'at', the fraction of the set done, like at = 0.5");
    auto v = at->value<double>();
    if (!v || !at->is_number() || !(*v > 0 && *v < 1))  // NaN fails too
      fail(at->source(), "'at' must be a number above 0 and below 1 (0.5 is halfway through each set or side)");
    p.at = *v;
    p.say = get_string(*c, "say", true, *c, "a cue");
    if (p.say.find_first_not_of(' ') == std::string::npos) fail(c->get("say")->source(), "'say' must not be empty");
    if (p.say.size() > kMaxCueText)
      fail(c->get("say")->source(), fmt::format("'say' is {} bytes long; a cue is at most {}", p.say.size(), kMaxCueText));
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const CuePoint& x, const CuePoint& y) { return x.at < y.at; });
  return out;
}

constexpr std::array<std::string_view, 5> kPhases = {"warm-up", "relief", "strength", "stretch", "cool-down"};

Exercise get_exercise(const toml::table& t) {
  check_keys(t,
             {"id", "name", "phase", "equipment", "position", "steps", "cautions", "hold", "reps", "duration", "sets",
              "sides", "rest", "tempo", "pain_limit", "step", "figure", "frames", "cues"},
             "an [[exercise]]");
  Exercise e;
  e.id = get_string(t, "id", true, t, "an [[exercise]]");
  if (!is_id(e.id))
    fail(t.get("id")->source(),
         fmt::format("id '{}' must be lower-case letters, digits and '-' (like \"cat-cow\")", e.id));
  std::string what = fmt::format("exercise '{}'", e.id);
  e.name = get_string(t, "name", true, t, what);
  e.phase = get_string(t, "phase", true, t, what);
  if (std::find(kPhases.begin(), kPhases.end(), e.phase) == kPhases.end())
    fail(t.get("phase")->source(),
         fmt::format("phase '{}' is not one of warm-up, relief, strength, stretch, cool-down", e.phase));
  e.position = get_string(t, "position", false, t, what);
  e.equipment = get_strings(t, "equipment");
  e.steps = get_strings(t, "steps", Lines::many);
  if (e.steps.empty()) fail(t.source(), fmt::format("{} needs steps = [\"...\", ...]", what));
  e.cautions = get_strings(t, "cautions", Lines::many);
  e.frames = get_frames(t);
  e.cues = get_cues(t);

  Dose& d = e.dose;
  int kinds = 0;
  if (const auto* n = t.get("hold")) d.work = Work::hold, d.amount = get_range(*n, "hold", 1, 600), d.step = 5, ++kinds;
  if (const auto* n = t.get("reps")) d.work = Work::reps, d.amount = get_range(*n, "reps", 1, 100), d.step = 1, ++kinds;
  if (const auto* n = t.get("duration"))
    d.work = Work::duration, d.amount = get_range(*n, "duration", 1, 3600), d.step = 30, ++kinds;
  if (kinds != 1) fail(t.source(), fmt::format("{} needs exactly one of hold, reps or duration", what));
  if (const auto* n = t.get("sets")) d.sets = get_range(*n, "sets", 1, 10);
  d.sides = get_int(t, "sides", 1, 2, 1);
  d.rest = get_int(t, "rest", 0, 600, 15);
  d.pain_limit = get_int(t, "pain_limit", 0, 10, 5);
  d.step = get_int(t, "step", 1, 3600, d.step);
  if (const auto* n = t.get("tempo")) {
    if (d.work != Work::reps) fail(n->source(), "'tempo' only applies to an exercise with reps");
    auto v = n->value<double>();
    if (!v || !n->is_number() || !(*v >= 0.5 && *v <= 60))  // NaN fails too
      fail(n->source(), "'tempo' must be a number of seconds a rep, from 0.5 to 60");
    d.tempo = *v;
  }
  return e;
}

// What a session line can say (SPEC §3: minutes from 0 to 1440).
constexpr int kMaxSessionMinutes = 1440;

// routine_minutes (core/progression) with every exercise at the top of its
// ladder: the same sum and rounding, with the exercises found by index.
int most_minutes(const Routine& r, const RoutineDef& def,
                 const std::unordered_map<std::string_view, std::size_t>& index) {
  long total = 0;
  for (const auto& id : def.exercises) {
    auto it = index.find(id);
    if (it == index.end()) continue;
    const Exercise& e = r.exercises[it->second];
    total += exercise_seconds(e, dose_at(e, std::numeric_limits<int>::max()));
  }
  if (!def.exercises.empty()) total += long{r.settings.rest_between} * static_cast<long>(def.exercises.size() - 1);
  return static_cast<int>(std::max(1L, (total + 30) / 60));
}

std::uint32_t routines_line(const toml::table& root, const std::string& name) {
  const auto* node = root.get("routine")->as_table()->get(name);
  return node ? node->source().begin.line : 0;
}

// --- A guard in front of toml++ -------------------------------------------
//
// toml++ 3.3 (Debian 12) has undefined behaviour when it asks whether some
// non-ASCII code points are whitespace: is_non_ascii_horizontal_whitespace()
// reaches a __builtin_unreachable() for three blocks of its lookup table,
// U+00A1-U+0499, U+2C5E-U+3057 (but U+3000) and U+FB26-U+FEFE: accented
// Latin letters, Greek, Cyrillic, Hiragana and more. It asks about the
// characters after a value or a backslash, even inside a string when it is
// scanning an error. Found by fuzz_routine (UBSan: "execution reached an
// unreachable program point").
//
// So toml++ never sees one: each is handed over as a stand-in from the
// Supplementary Private Use Area-B (U+100000 + its index), which toml++
// treats the same way everywhere (no whitespace, no syntax, welcome in
// strings and comments) and counts as one column too. The loader turns the
// stand-ins back in every string it keeps and in every error message.

constexpr char32_t kStandIn = 0x100000;
// The unsafe code points, as [first, last] blocks; U+3000 is handled right.
struct Block {
  char32_t first, last;
};
constexpr std::array<Block, 4> kUnsafe = {{{0xA1, 0x499}, {0x2C5E, 0x2FFF}, {0x3001, 0x3057}, {0xFB26, 0xFEFE}}};

// The stand-in of c, or 0 when c is safe.
char32_t stand_in(char32_t c) {
  char32_t index = 0;
  for (const auto& b : kUnsafe) {
    if (c >= b.first && c <= b.last) return kStandIn + index + (c - b.first);
    index += b.last - b.first + 1;
  }
  return 0;
}

constexpr char32_t kStandInEnd = kStandIn + (0x499 - 0xA1 + 1) + (0x2FFF - 0x2C5E + 1) + (0x3057 - 0x3001 + 1) +
                                 (0xFEFE - 0xFB26 + 1);

char32_t original(char32_t s) {
  char32_t index = s - kStandIn;
  for (const auto& b : kUnsafe) {
    if (index <= b.last - b.first) return b.first + index;
    index -= b.last - b.first + 1;
  }
  return s;
}

void put_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes the well-formed UTF-8 sequence at s[i] (no checks beyond the
// shape: toml++ reports bad UTF-8 itself). Returns its length, 0 if none.
std::size_t decode(std::string_view s, std::size_t i, char32_t& c) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  c = len == 1 ? b : len == 2 ? (b & 0x1fu) : len == 3 ? (b & 0x0fu) : (b & 0x07u);
  for (std::size_t k = 1; k < len; ++k) {
    auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xc0) != 0x80) return 0;
    c = (c << 6) | (cb & 0x3fu);
  }
  return len;
}

// The text with every unsafe code point replaced by its stand-in; empty
// when there is none. Stand-ins already in the text, raw or as \U escapes,
// would come back as other letters: they are refused (a routine has no
// use for them).
std::string mask_unsafe(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c;
    std::size_t len = decode(text, i, c);
    if (len == 0) break;  // toml++ stops at bad UTF-8 and reports it
    bool escaped_stand_in = false;
    if (c == '\\' && i + 10 <= text.size() && text[i + 1] == 'U') {
      char32_t v = 0;
      bool hex = true;
      for (std::size_t k = i + 2; k < i + 10 && hex; ++k) {
        char h = text[k];
        int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        hex = d >= 0;
        v = v * 16 + static_cast<char32_t>(d < 0 ? 0 : d);
      }
      escaped_stand_in = hex && v >= kStandIn && v < kStandInEnd;
    }
    if ((c >= kStandIn && c < kStandInEnd) || escaped_stand_in)
      throw RoutineError(line, column, fmt::format("the private-use characters U+{:X} to U+{:X} cannot be used in a "
                                                   "routine",
                                                   static_cast<unsigned>(kStandIn),
                                                   static_cast<unsigned>(kStandInEnd - 1)));
    if (char32_t s = stand_in(c)) {
      out.append(text.data() + copied, i - copied);
      put_utf8(out, s);
      copied = i + len;
    }
    if (c == '\n') ++line, column = 1;
    else ++column;
    i += len;
  }
  if (copied > 0) out.append(text.data() + copied, text.size() - copied);
  return out;
}

// Turns stand-ins back into what the user wrote: raw ones, and the \U0010XXXX
// form toml++ writes in its error messages.
void unmask(std::string& s) {
  if (s.find('\xF4') == std::string::npos && s.find("\\U0010") == std::string::npos) return;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    std::size_t len = decode(s, i, c);
    if (len == 4 && c >= kStandIn && c < kStandInEnd) {
      put_utf8(out, original(c));
      i += 4;
      continue;
    }
    if (s.compare(i, 6, "\\U0010") == 0 && i + 10 <= s.size()) {
      unsigned long v = std::strtoul(s.substr(i + 2, 8).c_str(), nullptr, 16);
      if (v >= kStandIn && v < kStandInEnd) {
        out += fmt::format("\\u{:04X}", static_cast<unsigned>(original(static_cast<char32_t>(v))));
        i += 10;
        continue;
      }
    }
    out += s[i];
    ++i;
  }
  s = std::move(out);
}

void unmask(std::vector<std::string>& v) {
  for (auto& s : v) unmask(s);
}

void unmask(Routine& r) {
  for (auto& e : r.exercises) {
    for (auto* s : {&e.id, &e.name, &e.phase, &e.position}) unmask(*s);
    unmask(e.equipment);
    unmask(e.steps);
    unmask(e.cautions);
    unmask(e.frames);
  }
  for (auto& d : r.routines) {
    for (auto* s : {&d.name, &d.title, &d.description}) unmask(*s);
    unmask(d.exercises);
  }
  for (auto& a : r.outcomes.activities) unmask(a.description);
  unmask(r.settings.cue);
  unmask(r.settings.emergency_number);
  if (r.profile.history) unmask(*r.profile.history);
}

// --- A second guard: size and nesting -------------------------------------
//
// toml++ parses nested tables, arrays and dotted keys by recursion, with no
// bound of its own on dotted keys: about 60 KB of "a.a.a..." (a key or a
// [table.header]) or of "[[[..." / "{a={a=..." overflows the stack and
// kills the process, whatever the command (log symptom chest-pain too). So
// before toml++ sees the text, a scan bounds the nesting: the brackets and
// braces open at a point, plus the dots of the dotted name being written
// there, outside strings and comments. A float ("1.5") counts one dot,
// which is far below the bound; routines need a depth of three or four.

constexpr std::size_t kMaxRoutineBytes = 16u << 20;
constexpr int kMaxNesting = 64;

void check_shape(std::string_view text) {
  if (text.size() > kMaxRoutineBytes)
    throw RoutineError(1, 1, fmt::format("the routine file is {} bytes; at most {} MiB is read", text.size(),
                                         kMaxRoutineBytes >> 20));
  int line = 1, column = 1;
  auto step = [&](std::size_t& i) {  // past text[i], keeping line and column
    if (text[i] == '\n') ++line, column = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) ++column;
    ++i;
  };
  auto too_deep = [&] {
    throw RoutineError(line, column, fmt::format("tables, arrays and dotted keys are nested more than {} deep "
                                                 "here; a routine needs only a few levels",
                                                 kMaxNesting));
  };
  int open = 0;  // brackets and braces open
  int dots = 0;  // dots of the dotted name (or number) under way
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '#') {  // a comment, to the end of the line
      while (i < text.size() && text[i] != '\n') step(i);
      continue;
    }
    if (c == '"' || c == '\'') {
      // A string: basic ("...", with backslash escapes) or literal ('...'),
      // on one line or multi-line (three quotes, which may be followed by
      // up to two more that belong to the text).
      bool basic = c == '"';
      bool multi = text.substr(i, 3) == std::string(3, c);
      for (int k = 0; k < (multi ? 3 : 1); ++k) step(i);
      while (i < text.size()) {
        char d = text[i];
        if (basic && d == '\\') {
          step(i);
          if (i < text.size()) step(i);
          continue;
        }
        if (!multi && d == '\n') break;  // unterminated: toml++ reports it
        if (d == c && (!multi || text.substr(i, 3) == std::string(3, c))) {
          if (!multi) {
            step(i);
          } else {
            while (i < text.size() && text[i] == c) step(i);
          }
          break;
        }
        step(i);
      }
      continue;  // a quoted key goes on with the dotted name
    }
    if (c == '[' || c == '{') {
      ++open;
      dots = 0;
      if (open > kMaxNesting) too_deep();
    } else if (c == ']' || c == '}') {
      if (open > 0) --open;
      dots = 0;
    } else if (c == '.') {
      ++dots;
      if (open + dots > kMaxNesting) too_deep();
    } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '-' || c == ' ' || c == '\t')) {
      dots = 0;  // '=', ',', a line end...: the name is over
    }
    step(i);
  }
}

// [outcomes]: every_days and [outcomes.activities] id = "description", at
// most 10 (3 to 5 advised), in the file's order.
void get_outcomes(const toml::table& t, Outcomes& out) {
  check_keys(t, {"every_days", "activities"}, "[outcomes]");
  out.every_days = get_int(t, "every_days", 1, 365, out.every_days);
  const auto* n = t.get("activities");
  if (!n) return;
  const auto& acts = need_table(*n, "[outcomes.activities]");
  for (auto&& [key, node] : acts) {
    std::string id(key.str());
    if (!is_id(id))
      fail(key.source(), fmt::format("activity id '{}' must be lower-case letters, digits and '-'", id));
    const auto* s = node.as_string();
    if (!s || s->get().empty())
      fail(node.source(), fmt::format("activity '{}' needs a description in quotes, such as \"reaching up to a high shelf\"", id));
    out.activities.push_back({id, s->get()});
  }
  if (out.activities.size() > 10)
    fail(acts.source(), fmt::format("[outcomes.activities] lists {} activities; at most 10 (3 to 5 is advised)",
                                    out.activities.size()));
  // toml++ keeps tables sorted by key; people expect the file's order.
  std::stable_sort(out.activities.begin(), out.activities.end(), [&](const Activity& a, const Activity& b) {
    auto at = [&](const Activity& x) {
      const auto& pos = acts.get(x.id)->source().begin;
      return std::pair(pos.line, pos.column);
    };
    return at(a) < at(b);
  });
}

toml::table parse_toml(std::string_view text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& err) {
    throw RoutineError(static_cast<int>(err.source().begin.line), static_cast<int>(err.source().begin.column),
                       std::string(err.description()));
  }
}

Routine load_checked(std::string_view toml_text) {
  toml::table root = parse_toml(toml_text);
  check_keys(root, {"version", "settings", "goals", "profile", "outcomes", "exercise", "routine"}, "the top level");
  Routine r;
  if (const auto* n = root.get("version")) as_int(*n, "version", 1, 1);

  if (const auto* n = root.get("settings")) {
    const auto& t = need_table(*n, "[settings]");
    check_keys(t, {"bell", "tick", "cue", "emergency_number", "rest_between"}, "[settings]");
    if (const auto* b = t.get("bell")) {
      if (!b->is_boolean()) fail(b->source(), "'bell' must be true or false");
      r.settings.bell = b->as_boolean()->get();
    }
    r.settings.tick = r.settings.bell;  // on by default where the bell is on
    if (const auto* b = t.get("tick")) {
      if (!b->is_boolean()) fail(b->source(), "'tick' must be true or false");
      r.settings.tick = b->as_boolean()->get();
    }
    r.settings.cue = get_strings(t, "cue");
    if (t.contains("emergency_number")) {
      r.settings.emergency_number = get_string(t, "emergency_number", true, t, "[settings]");
      // The advice reads "call NUMBER now": digits, with spaces, '+' and
      // '-' between them, and at least one digit.
      bool digit = false, other = false;
      for (char c : r.settings.emergency_number) {
        digit = digit || (c >= '0' && c <= '9');
        other = other || (!(c >= '0' && c <= '9') && c != '+' && c != ' ' && c != '-');
      }
      if (!digit || other)
        fail(t.get("emergency_number")->source(),
             "'emergency_number' must be a phone number (digits, with spaces, '+' or '-'), like \"112\"");
    }
    r.settings.rest_between = get_int(t, "rest_between", 0, 600, r.settings.rest_between);
  }

  if (const auto* n = root.get("goals")) {
    const auto& t = need_table(*n, "[goals]");
    check_keys(t, {"sessions_per_week", "start_minutes", "weekly_increase", "max_minutes"}, "[goals]");
    Goals& g = r.goals;
    g.sessions_per_week = get_int(t, "sessions_per_week", 1, 21, g.sessions_per_week);
    g.start_minutes = get_int(t, "start_minutes", 1, 240, g.start_minutes);
    g.weekly_increase = get_int(t, "weekly_increase", 0, 60, g.weekly_increase);
    g.max_minutes = get_int(t, "max_minutes", 1, 240, std::max(g.max_minutes, g.start_minutes));
    if (g.max_minutes < g.start_minutes)
      fail(t.get("max_minutes")->source(), "'max_minutes' must not be below 'start_minutes'");
  }

  if (const auto* n = root.get("profile")) {
    const auto& t = need_table(*n, "[profile]");
    check_keys(t, {"age", "history", "assessed"}, "[profile]");
    if (const auto* a = t.get("age")) r.profile.age = as_int(*a, "age", 1, 130);
    if (const auto* b = t.get("assessed")) {
      if (!b->is_boolean()) fail(b->source(), "'assessed' must be true or false");
      r.profile.assessed = b->as_boolean()->get();
    }
    if (t.contains("history")) {
      auto items = get_strings(t, "history");
      for (const auto& item : items)
        if (item != "cancer" && item != "osteoporosis" && item != "steroids")
          fail(t.get("history")->source(),
               fmt::format("history item '{}' is not one of cancer, osteoporosis, steroids", item));
      r.profile.history = std::move(items);
    }
  }

  if (const auto* n = root.get("outcomes")) get_outcomes(need_table(*n, "[outcomes]"), r.outcomes);

  std::unordered_set<std::string> ids;
  std::unordered_map<std::string_view, std::size_t> index;  // id -> position in r.exercises
  if (const auto* n = root.get("exercise")) {
    const auto* arr = n->as_array();
    if (!arr) fail(n->source(), "exercises are written as [[exercise]] tables");
    r.exercises.reserve(arr->size());
    for (const auto& item : *arr) {
      Exercise e = get_exercise(need_table(item, "each [[exercise]]"));
      if (!ids.insert(e.id).second)
        fail(item.as_table()->get("id")->source(), fmt::format("exercise id '{}' is used twice", e.id));
      r.exercises.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < r.exercises.size(); ++i) index.emplace(r.exercises[i].id, i);
  }

  if (const auto* n = root.get("routine")) {
    const auto& routines = need_table(*n, "[routine]");
    for (auto&& [key, node] : routines) {
      std::string name(key.str());
      if (!is_id(name))
        fail(key.source(), fmt::format("routine name '{}' must be lower-case letters, digits and '-'", name));
      const auto& t = need_table(node, fmt::format("[routine.{}]", name));
      check_keys(t, {"title", "description", "exercises", "days", "times"}, fmt::format("[routine.{}]", name));
      RoutineDef def;
      def.name = name;
      def.title = get_string(t, "title", false, t, name);
      if (def.title.empty()) def.title = name;
      def.description = get_string(t, "description", false, t, name, Lines::many);
      def.exercises = get_strings(t, "exercises");
      if (def.exercises.empty()) fail(t.source(), fmt::format("routine '{}' needs exercises = [\"id\", ...]", name));
      const auto* list = t.get("exercises")->as_array();
      // Keeps a routine's expected seconds far from int overflow.
      if (def.exercises.size() > kMaxRoutineLength)
        fail(list->get(kMaxRoutineLength)->source(),
             fmt::format("routine '{}' lists {} exercises; at most {} fit in one routine", name, def.exercises.size(),
                         kMaxRoutineLength));
      for (std::size_t i = 0; i < def.exercises.size(); ++i)
        if (!ids.count(def.exercises[i]))
          fail(list->get(i)->source(),
               fmt::format("routine '{}' names exercise '{}', which no [[exercise]] defines", name, def.exercises[i]));
      def.schedule = get_schedule(t, t, name);
      // A session line holds at most 1440 minutes (a day), and start
      // --no-wait records the expected minutes: a routine that could
      // expect more, at the top of its doses, could never be recorded.
      if (int most = most_minutes(r, def, index); most > kMaxSessionMinutes)
        fail(t.source(), fmt::format("routine '{}' would take {} minutes at the top of its doses; a session can "
                                     "last at most {} minutes (a day): use fewer exercises, sets or seconds",
                                     name, most, kMaxSessionMinutes));
      r.routines.push_back(std::move(def));
    }
  }
  // toml++ keeps tables sorted by key; people expect the file's order.
  std::stable_sort(r.routines.begin(), r.routines.end(), [&](const RoutineDef& a, const RoutineDef& b) {
    return routines_line(root, a.name) < routines_line(root, b.name);
  });
  if (r.routines.empty()) fail(root.source(), "the routine file defines no [routine.NAME]");
  return r;
}

}  // namespace

Routine load_routine(std::string_view toml_text) {
  try {
    check_shape(toml_text);
    std::string masked = mask_unsafe(toml_text);
    if (masked.empty()) return load_checked(toml_text);
    try {
      Routine r = load_checked(masked);
      unmask(r);
      return r;
    } catch (const RoutineError& e) {
      std::string what = e.what();
      unmask(what);
      throw RoutineError(e.line, e.column, what);
    }
  } catch (const RoutineError& e) {
    // Messages quote the file (a key, a name, a value): its control
    // characters are shown, never sent to the terminal.
    if (!find_control(e.what())) throw;
    throw RoutineError(e.line, e.column, show_controls(e.what()));
  }
}

// --- the schedule's weekdays -------------------------------------------------

namespace {
// Weekday names (the schedule's `days`).

constexpr std::array<std::string_view, 7> kShort = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLong = {"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

unsigned weekday_bit(std::string_view name) {
  auto n = lower_ascii(name);
  for (unsigned i = 0; i < 7; ++i)
    if (n == kShort[i] || n == kLong[i]) return 1u << i;
  return 0;
}

unsigned weekday_group(std::string_view name) {
  auto n = lower_ascii(name);
  if (n == "daily" || n == "every day") return kEveryDay;
  if (n == "weekdays") return 0x1f;
  if (n == "weekends") return 0x60;
  return 0;
}

std::string describe_days(unsigned days) {
  if (days == kEveryDay) return "daily";
  if (days == 0x1f) return "weekdays";
  if (days == 0x60) return "weekends";
  std::string out;
  for (unsigned i = 0; i < 7; ++i) {
    if (!(days >> i & 1u)) continue;
    if (!out.empty()) out += ',';
    out += kShort[i];
  }
  return out;
}

}  // namespace backcare
