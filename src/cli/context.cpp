#include "cli/context.hpp"

#include "cli/files.hpp"
#include "core/cron.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <tuple>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

std::string home_dir() {
  if (auto h = env("HOME")) return *h;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
  throw Failure(kUsage, "cannot find your home folder: set HOME");
}

// $VAR when set to an absolute path (the XDG rule), else HOME/fallback.
std::string xdg_dir(const char* var, const char* fallback) {
  if (auto v = env(var); v && (*v)[0] == '/') return *v;
  return home_dir() + "/" + fallback;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

std::string cut_long_words(std::string_view text, std::size_t most) {
  std::string out;
  std::size_t run = 0;
  bool cut = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      run = 0;
      cut = false;
      out += c;
      continue;
    }
    if (cut) continue;
    // A UTF-8 continuation byte stays with its character.
    if (++run > most && (static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      out += "\u2026";
      cut = true;
      continue;
    }
    out += c;
  }
  return out;
}

void warn(const std::string& msg) { fmt::print(stderr, "backcare: {}\n", msg); }

Context::Context(GlobalOptions g) : g_(std::move(g)) {
  // "-" is not stdin here: a journal or routine read from a pipe would be
  // read as empty (a streak of 0) or appended to nowhere (SPEC §9).
  for (const auto& [value, option, var] :
       {std::tuple{&g_.journal, "--journal", "BACKCARE_JOURNAL"}, std::tuple{&g_.routine, "--routine", "BACKCARE_ROUTINE"}}) {
    std::string v = !value->empty() ? *value : env(var).value_or("");
    if (v == "-")
      throw Failure(kUsage, fmt::format("{}: backcare reads and writes a file, not standard input; name the file "
                                        "(such as ./{})",
                                        value->empty() ? std::string(var) + "=-" : std::string(option) + " -",
                                        option == std::string_view("--journal") ? "journal.txt" : "routine.toml"));
  }
  const char* env_journal = std::getenv("BACKCARE_JOURNAL");
  if (!g_.journal.empty()) journal_ = g_.journal;
  else if (g_.journal_given)
    journal_problem_ = "--journal \"\": give the journal file's path, or leave --journal out for the default";
  else if (auto j = env("BACKCARE_JOURNAL")) journal_ = *j;
  else if (env_journal)
    journal_problem_ = "BACKCARE_JOURNAL is set but empty: set it to the journal file's path, or unset it for the "
                       "default";
  if (journal_.empty() && journal_problem_.empty())
    journal_ = xdg_dir("XDG_DATA_HOME", ".local/share") + "/backcare/journal.txt";

  if (!g_.routine.empty()) routine_explicit_ = g_.routine;
  else if (auto r = env("BACKCARE_ROUTINE")) routine_explicit_ = *r;
  else routine_xdg_ = xdg_dir("XDG_CONFIG_HOME", ".config") + "/backcare/routine.toml";

  if (g_.no_color || g_.color == "never") color_ = false;
  else if (g_.color == "always") color_ = true;
  else if (env("NO_COLOR")) color_ = false;
  else if (env_forces_color()) color_ = true;  // FORCE_COLOR, CLICOLOR_FORCE: as --color always
  else color_ = env("TERM").value_or("") != "dumb" && ::isatty(STDOUT_FILENO);
}

// FORCE_COLOR or CLICOLOR_FORCE set to anything but empty or "0".
bool env_forces_color() {
  for (const char* name : {"FORCE_COLOR", "CLICOLOR_FORCE"})
    if (auto v = env(name); v && *v != "0") return true;
  return false;
}

std::string Context::command(std::string_view rest) const {
  std::string out = "backcare";
  if (!g_.routine.empty()) out += " --routine " + shell_word(g_.routine);
  if (!g_.journal.empty()) out += " --journal " + shell_word(g_.journal);
  out += ' ';
  out += rest;
  return out;
}

const std::string& Context::journal_path() const {
  if (!journal_problem_.empty()) throw Failure(kUsage, journal_problem_);
  return journal_;
}

LocalTime Context::now() const {
  if (now_) return *now_;
  if (auto fixed = env("BACKCARE_NOW")) {
    auto t = parse_datetime(*fixed);
    if (!t)
      throw Failure(kUsage, fmt::format("BACKCARE_NOW={} is not a local time like 2026-11-28T07:30; fix it, or unset "
                                        "it to use the clock",
                                        *fixed));
    now_ = t;
    return *now_;
  }
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  if (!::localtime_r(&t, &tm)) throw Failure(kSoftware, "cannot read the local time");
  Day day{date::year{tm.tm_year + 1900} / date::month{static_cast<unsigned>(tm.tm_mon + 1)} /
          date::day{static_cast<unsigned>(tm.tm_mday)}};
  // A leap second (tm_sec 60) counts as the last second of the minute.
  now_ = LocalTime{day, tm.tm_hour * 3600 + tm.tm_min * 60 + std::min(tm.tm_sec, 59)};
  return *now_;
}

std::string Context::routine_file() const { return routine_explicit_.empty() ? routine_xdg_ : routine_explicit_; }

void Context::load_routine() {
  if (routine_) return;
  std::string text;
  if (!routine_explicit_.empty()) {
    routine_used_ = routine_explicit_;
    if (!exists(routine_used_))
      throw Failure(kNoInput, fmt::format("{}: no such routine file (named by {}); '{}' writes the default there",
                                          routine_used_, g_.routine.empty() ? "BACKCARE_ROUTINE" : "--routine",
                                          "backcare init --routine " + shell_word(routine_used_)));
    text = read_small_file(routine_used_, "routine file");
  } else if (exists(routine_xdg_)) {
    routine_used_ = routine_xdg_;
    text = read_small_file(routine_used_, "routine file");
  }
  try {
    routine_ = backcare::load_routine(routine_used_.empty() ? default_routine_text() : std::string_view(text));
  } catch (const RoutineError& e) {
    throw Failure(kDataErr, fmt::format("{}:{}:{}: {}", routine_name(), e.line, e.column, e.what()));
  }
}

const Routine& Context::routine() {
  load_routine();
  return *routine_;
}

Context::Safety Context::safety() {
  Safety s;
  try {
    const Routine& r = routine();
    s.emergency_number = r.settings.emergency_number;
    s.profile = r.profile;
    s.routine = &r;
  } catch (const Failure& f) {
    if (f.code != kDataErr) throw;
    warn(fmt::format("{} (the routine is not used: the built-in warning signs and the emergency number 112 are)",
                     f.what()));
  }
  return s;
}

const RoutineDef& Context::routine_named(std::string_view name) {
  const Routine& r = routine();
  if (const RoutineDef* def = r.routine(name)) return *def;
  std::vector<std::string> names;
  for (const auto& d : r.routines) names.push_back(d.name);
  throw Failure(kUsage, fmt::format("'{}' is not a routine; the routines are: {}", name, fmt::join(names, ", ")));
}

std::string Context::routine_name() {
  return routine_used_.empty() ? std::string("(built-in routine)") : routine_used_;
}

bool Context::routine_is_embedded() const {
  struct stat st;
  return !routine_is_explicit() && ::stat(routine_file().c_str(), &st) != 0 && errno == ENOENT;
}

bool Context::routine_is_default() {
  load_routine();
  return routine_used_.empty();
}

}  // namespace backcare::cli
