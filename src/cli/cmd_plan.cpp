// backcare plan: what is due today and this week, one routine in full, and
// reminders as crontab lines or an iCalendar file.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "core/bytes.hpp"
#include "core/controls.hpp"
#include "cli/files.hpp"
#include "core/cron.hpp"
#include "core/flags.hpp"
#include "core/ical.hpp"
#include "core/outcomes.hpp"
#include "core/planning.hpp"
#include "core/reminder.hpp"
#include "core/progression.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <ctime>
#include <memory>
#include <tuple>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

struct PlanOptions {
  std::string routine;
  bool week = false;
  bool due = false;
  bool cron = false;
  bool ics = false;
  bool systemd = false;
  bool install = false;
  bool quiet = false;
  bool json = false;
  bool figures = false;
};

// The figure of an exercise below its row: the frames side by side.
void print_figure(const Exercise& e) {
  if (e.frames.empty()) return;
  const std::size_t w = figure_width(e);
  std::vector<std::vector<std::string>> frames;
  for (const auto& f : e.frames) frames.push_back(figure_lines(f));
  // Side by side in 80 columns: 5 of indent, then the frames 4 apart.
  std::size_t per_row = std::max<std::size_t>(1, (80 - 5 + 4) / (w + 4));
  fmt::print("\n");
  for (std::size_t first = 0; first < frames.size(); first += per_row) {
    std::size_t last = std::min(frames.size(), first + per_row);
    std::size_t h = 0;
    for (std::size_t k = first; k < last; ++k) h = std::max(h, frames[k].size());
    for (std::size_t line = 0; line < h; ++line) {
      std::string out = "     ";
      for (std::size_t k = first; k < last; ++k) {
        std::string cell = line < frames[k].size() ? frames[k][line] : std::string();
        out += k + 1 < last ? pad(cell, w + 4) : cell;
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      fmt::print("{}\n", out);
    }
    if (last < frames.size()) fmt::print("\n");
  }
  fmt::print("\n");
}

// One pass over the journal: the digest, and (when asked) the levels and
// the flare-up. Progression keeps a window of recent days; a second pass
// is made only when the journal's dates go back further than that.
struct Journal {
  JournalDigest digest;
  ProgressionResult progression;
  RedFlags rules;  // the open flags (SPEC §7), from the same pass
  std::optional<Day> last_function;  // the latest function check-in
  OpenFlags open() const { return open_flags(rules); }
};

// The pass of read_journal's flags_only; false when it was not enough
// (its warnings are then left to the full pass). It keeps its fold between
// runs (journal_read's CachedFolds): the digest and the rules, as a part 0
// that the lines appended since (part 1) are merged into.
bool read_heads(Context& ctx, Journal& j) {
  ScanOptions opts{ctx.today()};
  opts.head_before = head_window_start(ctx.today());
  opts.keep_warnings = [&j] { return j.rules.head_read_complete(); };
  const Day from = *opts.head_before;
  JournalDigest later(ctx.today());
  RedFlags later_rules(ctx.today());
  auto digest = [&](int part) -> JournalDigest& { return part ? later : j.digest; };
  auto rules = [&](int part) -> RedFlags& { return part ? later_rules : j.rules; };
  CachedFolds cache;
  cache.slot = "plan-due";
  cache.key = fmt::format("{}|today={}", cache.slot, format_date(ctx.today()));
  cache.save = [&] {
    ByteWriter w;
    j.digest.save(w);
    j.rules.save(w);
    return w.take();
  };
  cache.load = [&](std::string_view bytes) {
    ByteReader r(bytes);
    return j.digest.load(r) && j.rules.load(r) && r.done();
  };
  scan_journal_parts(
      ctx.journal_path(), opts, 1,
      [&](int part, const Record& r, long line) {
        digest(part).add(r);
        if (head_suffices(r, from)) rules(part).add_head();
        else rules(part).add(r, line);
      },
      [&] {
        j.digest = later = JournalDigest(ctx.today());
        j.rules = later_rules = RedFlags(ctx.today());
      },
      [&](int used) {
        if (used < 2) return;
        j.digest.merge(later);
        j.rules.merge(later_rules);
      },
      &cache);
  return j.rules.head_read_complete();
}

// flags_only (plan --due): only today's log and the open flags are read
// from it; old sessions, exercises and pain lines are read by their heads
// (head_suffices), and the journal again in full when that was not enough.
Journal read_journal(Context& ctx, bool with_levels, bool flags_only = false) {
  Journal j{JournalDigest(ctx.today()), {}, RedFlags(ctx.today()), std::nullopt};
  if (flags_only) {
    if (read_heads(ctx, j)) return j;
    j.digest = JournalDigest(ctx.today());
    j.rules = RedFlags(ctx.today());
  }
  std::optional<Progression> p;
  if (with_levels) p.emplace(ctx.routine());
  scan_journal(ctx.journal_path(), {ctx.today()}, [&](const Record& r, long line) {
    j.digest.add(r);
    j.rules.add(r, line);
    if (p) p->add(r, line);
    if (r.kind == Kind::function && (!j.last_function || r.date > *j.last_function)) j.last_function = r.date;
  });
  if (p && p->needs_replay()) {
    p->replay();
    scan_journal(ctx.journal_path(), {ctx.today()}, [&](const Record& r, long line) { p->add(r, line); });
  }
  if (p) j.progression = p->finish();
  return j;
}

std::string short_date(Day d) {
  return fmt::format("{} {:>2} {}", weekday_name(d).substr(0, 3),
                     static_cast<unsigned>(date::year_month_day{d}.day()), month_abbr(d));
}

std::string times_text(const Schedule& s) {
  std::vector<std::string> t;
  for (int x : s.times) t.push_back(format_hhmm(x));
  return fmt::format("{}", fmt::join(t, ", "));
}

std::string colored_state(const Style& st, std::string_view name) {
  std::string s(name);
  if (name == "done") return st.green(s);
  if (name == "due") return st.yellow(s);
  if (name == "missed") return st.red(s);
  if (name == "rest") return st.cyan(s);
  return s;
}

int run_due(const PlanOptions& o, Context& ctx) {
  // The embedded routine's schedules are known without parsing its TOML
  // (the prompt path: plan --due runs from cron and shell prompts).
  const Routine& routine =
      o.routine.empty() && ctx.routine_is_embedded() ? default_routine_schedules() : ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, false, true);
  auto names = due_now(routine, now, j.digest.today_log());
  if (!o.routine.empty()) {  // plan --due ROUTINE: that routine alone (SPEC §9)
    const std::string& only = ctx.routine_named(o.routine).name;
    std::erase_if(names, [&](const std::string& n) { return n != only; });
  }
  if (j.open().on_hold()) return kNegative;  // an emergency or urgent flag: no reminder to exercise
  if (!o.quiet)
    for (const auto& n : names) fmt::print("{}\n", n);
  return names.empty() ? kNegative : kOk;
}

// The week's sessions against its target, and the minutes target when the
// proposed sessions fit it (session_minutes: the longest of them; SPEC §6:
// the two never contradict each other, so a target they exceed is left out).
void print_goal_lines(const Style& st, const Routine& routine, const JournalDigest& d, int session_minutes) {
  const Goals& g = routine.goals;
  IsoWeek w = iso_week(d.today());
  int done = d.week_sessions();
  int target = week_target(g.sessions_per_week, routine.planned_days(), week_rest_days(d));
  std::string goal = fmt::format("{} of {}", done, plural(target, "session", "sessions"));
  if (target < g.sessions_per_week)
    goal += fmt::format(" (your goal of {}, less for this week's rest days)", g.sessions_per_week);
  if (done >= target) goal += st.green(", goal reached");
  else goal += fmt::format(", {} to go", target - done);
  fmt::print("{} {}\n", st.bold(fmt::format("This week (week {}):", w.week)), goal);
  MinutesTarget t = minutes_target(g, d.first_day(), d.today());
  if (!target_fits(session_minutes, t)) return;
  std::string how = t.at_ceiling ? fmt::format("week {}, at your ceiling of {} min", t.week, g.max_minutes)
                                 : fmt::format("week {}: {} min to start, +{} a week, up to {}", t.week,
                                               g.start_minutes, g.weekly_increase, g.max_minutes);
  fmt::print("{} {} a session ({})\n", st.bold("Target:"), plural(t.minutes, "minute", "minutes"), how);
}

int run_today(Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, true);
  const JournalDigest& d = j.digest;
  const auto& levels = j.progression.levels;
  Style st{ctx.color()};
  const OpenFlags open = j.open();
  const bool hold = open.on_hold();
  if (!open.flags.empty())
    fmt::print("{}\n", format_open_flags(open, routine.settings.emergency_number, st));

  fmt::print("{}\n", st.bold(format_long_date(now.day)));
  if (auto flare = describe_flare(j.progression.flare, now.day); !flare.empty())
    fmt::print("{}\n", st.yellow(flare));
  const DayLog& today = d.today_log();
  auto items = plan_day(routine, now, today);
  if (items.empty()) fmt::print("  nothing scheduled today\n");
  std::size_t width = 0;
  for (const auto& item : items) width = std::max(width, item.routine->name.size());
  for (const auto& item : items) {
    std::string state = colored_state(st, due_state_name(item.state));
    std::string extra;
    if (hold && item.state != DueState::done) state = st.red("on hold");
    else if (item.state == DueState::due || item.state == DueState::upcoming)
      extra = fmt::format("  about {} min: backcare start {}", routine_minutes(routine, *item.routine, levels),
                          item.routine->name);
    fmt::print("  {}  {}  {}\n", format_hhmm(item.time), pad(item.routine->name, width),
               extra.empty() ? state : pad(state, 8) + extra);
  }
  std::vector<std::string> others;
  for (const auto& name : today.sessions) {
    bool listed = false;
    for (const auto& item : items) listed = listed || item.routine->name == name;
    if (!listed) others.push_back(name);
  }
  if (!others.empty()) fmt::print("  also done today: {}\n", fmt::join(others, ", "));
  if (today.exercises > 0) fmt::print("  {} logged today\n", plural(today.exercises, "exercise", "exercises"));
  if (today.rest) fmt::print("  {}\n", st.cyan("a rest day: nothing is due"));
  bool later_today = false;
  for (const auto& item : items) later_today = later_today || item.state == DueState::upcoming;
  if (!later_today && !today.rest && !hold)
    if (auto next = next_planned(routine, now); next && next->day != now.day)
      fmt::print("  next: {} on {} at {}\n", next->routine->name, format_long_date(next->day),
                 format_hhmm(next->time));

  if (wants_morning_reading(d))
    fmt::print("  {}\n", "After yesterday's session, how is your back this morning? backcare log pain N --when morning");

  fmt::print("\n");
  int longest = 0;
  for (const auto& def : routine.routines)
    if (def.schedule.scheduled()) longest = std::max(longest, routine_minutes(routine, def, levels));
  print_goal_lines(st, routine, d, longest);
  if (auto rest = d.next_rest())
    fmt::print("{} {}\n", st.bold("Next rest day:"), *rest == now.day ? std::string("today") : format_long_date(*rest));
  if (hold)
    fmt::print("{}\n", st.bold("Exercise is on hold until a clinician has assessed the flags above."));
  else if (auto idle = idle_days(d); idle && !today.active() && !today.rest)
    fmt::print("{}\n", st.yellow(fmt::format("Nothing done for {} days: even a few minutes today keep the habit "
                                             "going (backcare start).",
                                             *idle)));
  if (auto line = function_reminder(routine.outcomes, j.last_function, now.day); !line.empty())
    fmt::print("{}\n", line);
  return kOk;
}

// plan --json (SPEC §9, contract): today's routines, the week, the open flags.
int run_json(Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, false);
  const OpenFlags open = j.open();
  nlohmann::ordered_json out;
  out["date"] = format_date(now.day);
  out["routines"] = nlohmann::ordered_json::array();
  for (const auto& item : plan_day(routine, now, j.digest.today_log())) {
    // A rest day asks nothing of the routine: it shows as done.
    std::string_view state = item.state == DueState::rest ? "done" : due_state_name(item.state);
    if (open.on_hold() && item.state != DueState::done) state = "on-hold";
    out["routines"].push_back({{"name", item.routine->name}, {"time", format_hhmm(item.time)}, {"state", state}});
  }
  out["week"] = {{"sessions", j.digest.week_sessions()},
                 {"target", week_target(routine.goals.sessions_per_week, routine.planned_days(), week_rest_days(j.digest))}};
  out["flags"] = nlohmann::ordered_json::array();
  for (const auto& f : open.flags) out["flags"].push_back({{"id", f.id}, {"tier", tier_name(f.tier)}});
  fmt::print("{}\n", out.dump(2));
  return kOk;
}

int run_routine_json(const RoutineDef& def, Context& ctx, const Journal& j) {
  const Routine& routine = ctx.routine();
  const auto& levels = j.progression.levels;
  nlohmann::ordered_json out;
  out["routine"] = def.name;
  out["minutes"] = routine_minutes(routine, def, levels);
  out["flare"] = j.progression.flare.active;
  out["exercises"] = nlohmann::ordered_json::array();
  for (const auto& id : def.exercises) {
    const Exercise* e = routine.exercise(id);
    if (!e) continue;
    Level l = level_of(levels, id);
    int steps = static_cast<int>(dose_ladder(e->dose).size());
    nlohmann::ordered_json x;
    x["id"] = id;
    x["level"] = std::clamp(l.index, 0, steps - 1);
    x["steps"] = steps;
    x["dose"] = describe_dose(*e, dose_at(*e, l.index));
    x["light"] = l.light ? nlohmann::ordered_json(std::string(light_name(*l.light))) : nlohmann::ordered_json(nullptr);
    out["exercises"].push_back(std::move(x));
  }
  fmt::print("{}\n", out.dump());
  return kOk;
}

int run_routine(const std::string& name, bool json, bool figures, Context& ctx) {
  const Routine& routine = ctx.routine();
  const RoutineDef* def = &ctx.routine_named(name);
  Journal j = read_journal(ctx, true);
  if (json) return run_routine_json(*def, ctx, j);
  const auto& levels = j.progression.levels;
  Style st{ctx.color()};
  const Day today = j.digest.today();

  fmt::print("{}", st.bold(def->title));
  if (def->title != def->name) fmt::print(" ({})", def->name);
  fmt::print("\n");
  if (!def->description.empty())
    for (const auto& line : wrap_text(def->description, 76)) fmt::print("{}\n", line);
  if (def->schedule.scheduled())
    fmt::print("Scheduled: {} at {}\n", describe_days(def->schedule.days), times_text(def->schedule));
  else
    fmt::print("Not scheduled: run it when you like with 'backcare start {}'\n", def->name);
  if (auto flare = describe_flare(j.progression.flare, today); !flare.empty())
    for (const auto& line : wrap_text(flare, 76)) fmt::print("{}\n", st.yellow(line));
  fmt::print("\n");

  std::size_t name_w = 0, dose_w = 0;
  struct Row {
    std::string name, dose, why;
    std::optional<Light> light;
    const Exercise* exercise;
  };
  std::vector<Row> rows;
  for (const auto& id : def->exercises) {
    const Exercise* e = routine.exercise(id);
    if (!e) continue;
    Level l = level_of(levels, id);
    rows.push_back({e->name, describe_dose(*e, dose_at(*e, l.index)), describe_light(l, today), l.light, e});
    name_w = std::max(name_w, display_width(rows.back().name));
    dose_w = std::max(dose_w, display_width(rows.back().dose));
  }
  int n = 0;
  for (const auto& row : rows) {
    std::string light = row.light ? std::string(light_name(*row.light)) : std::string("-");
    std::string shown = pad(light, 5);
    if (row.light == Light::green) shown = st.green(shown);
    else if (row.light == Light::amber) shown = st.yellow(shown);
    else if (row.light == Light::red) shown = st.red(shown);
    else shown = st.dim(shown);
    fmt::print("{:>3}. {}  {}  {}  {}\n", ++n, pad(row.name, name_w), pad(row.dose, dose_w), shown,
               row.light ? row.why : st.dim(row.why));
    if (figures) print_figure(*row.exercise);
  }
  // The profile's cautions (osteoporosis, steroids), after the table.
  for (const auto& id : def->exercises)
    if (const Exercise* e = routine.exercise(id))
      if (auto c = profile_caution(id, routine.profile.history ? &*routine.profile.history : nullptr); !c.empty())
        for (const auto& line : wrap_text(fmt::format("{}: {}", e->name, c), 76, "  "))
          fmt::print("{}\n", st.yellow(line));
  int minutes = routine_minutes(routine, *def, levels);
  MinutesTarget t = minutes_target(routine.goals, j.digest.first_day(), today);
  fmt::print("\n{} {}", st.bold("Expected:"), plural(minutes, "minute", "minutes"));
  if (target_fits(minutes, t)) fmt::print(" (this week's target: {} a session)", plural(t.minutes, "minute", "minutes"));
  fmt::print("\n");
  return kOk;
}

int run_week(Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, true);
  Style st{ctx.color()};
  auto rows = plan_week(routine, now, j.digest);
  IsoWeek w = iso_week(now.day);
  fmt::print("{}\n", st.bold(fmt::format("Week {} of {}: {} to {}", w.week, w.year, format_long_date(rows.front().day),
                                         format_long_date(rows.back().day))));
  std::vector<std::string> planned;
  std::size_t width = 0;
  for (const auto& row : rows) {
    std::vector<std::string> items;
    for (const auto& it : row.scheduled) {
      if (it.state == WeekState::before) items.push_back(it.routine->name);
      else items.push_back(fmt::format("{} {}", it.routine->name, colored_state(st, week_state_name(it.state))));
    }
    std::string s = items.empty() ? std::string("-") : fmt::format("{}", fmt::join(items, ", "));
    width = std::max(width, display_width(s));
    planned.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const WeekRow& row = rows[i];
    std::vector<std::string> did;
    const DayLog& log = *row.log;
    if (!log.sessions.empty()) {
      std::vector<std::string> names;
      for (const auto& name : log.sessions)
        names.push_back(std::find(log.partial.begin(), log.partial.end(), name) != log.partial.end()
                            ? name + " (partial)"
                            : name);
      std::string s = fmt::format("{}", fmt::join(names, ", "));
      if (log.minutes > 0) s += fmt::format(" ({:g} min)", log.minutes);
      did.push_back(s);
    }
    if (log.exercises) did.push_back(plural(log.exercises, "exercise", "exercises"));
    if (log.rest) did.push_back(row.day > now.day ? "rest day planned" : "rest day");
    std::string day = pad(short_date(row.day), 10);
    std::string marker = row.is_today ? st.bold("today") : std::string(5, ' ');
    std::string line = fmt::format("  {}  {}  {}", row.is_today ? st.bold(day) : day, marker,
                                   did.empty() ? planned[i] : pad(planned[i], width));
    if (!did.empty()) line += fmt::format("  {}", fmt::join(did, "; "));
    fmt::print("{}\n", line);
  }
  fmt::print("\n");
  int longest = 0;  // the minutes target is shown only when the sessions fit it
  for (const auto& def : routine.routines)
    if (def.schedule.scheduled()) longest = std::max(longest, routine_minutes(routine, def, j.progression.levels));
  print_goal_lines(st, routine, j.digest, longest);
  return kOk;
}

std::string self_path() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw Failure(kSoftware, "cannot find this program's path (/proc/self/exe)");
  std::string path(buf, static_cast<std::size_t>(n));
  const std::string deleted = " (deleted)";
  if (path.size() > deleted.size() && path.compare(path.size() - deleted.size(), deleted.size(), deleted) == 0)
    path.resize(path.size() - deleted.size());
  return path;
}

std::string absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) throw Failure(kIoErr, "cannot read the current folder");
  std::string p = path;
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  return std::string(buf) + "/" + p;
}

CronInput reminder_input(Context& ctx) {
  CronInput in;
  in.binary = self_path();
  in.journal = absolute(ctx.journal_path());
  if (!ctx.routine_is_default()) in.routine_file = absolute(ctx.routine_name());
  in.uid = static_cast<unsigned>(::getuid());
  in.display = env("DISPLAY").value_or(":0");
  in.tz = env("TZ").value_or("");
  return in;
}

int run_cron(Context& ctx) {
  const Routine& routine = ctx.routine();
  CronInput in = reminder_input(ctx);
  for (const std::string* s : {&in.binary, &in.journal, &in.routine_file, &in.display, &in.tz})
    if (auto c = find_control(*s, {true, false}); c && !cron_safe(*s))
      throw Failure(kUsage, fmt::format("'{}' holds the control character {} and cannot go in a crontab line",
                                        show_controls(*s, {true, false}), describe_control(c->code)));
  bool any = false;
  for (const auto& def : routine.routines) any = any || def.schedule.scheduled();
  if (!any) {  // nothing on stdout, so 'plan --cron | crontab -' cannot empty a crontab (SPEC §9)
    warn(fmt::format("no routine has a schedule, so there are no crontab lines to print: add days and times to one "
                     "('{}')",
                     ctx.command("edit routine")));
    return kNegative;
  }
  fmt::print("{}", crontab_text(routine, in));
  return kOk;
}

// The folder systemd reads a user's own units from.
std::string systemd_user_dir() {
  if (auto x = env("XDG_CONFIG_HOME"); x && (*x)[0] == '/') return *x + "/systemd/user";
  if (auto h = env("HOME")) return *h + "/.config/systemd/user";
  throw Failure(kUsage, "cannot find your home folder: set HOME");
}

std::optional<std::string> read_if_exists(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  if (!S_ISREG(st.st_mode))
    throw Failure(kCantCreate, fmt::format("{} is {}, not a unit file; move it away and run 'backcare plan --systemd "
                                           "--install' again",
                                           path, file_kind(st.st_mode)));
  return read_small_file(path, "unit file");
}

int run_systemd(const PlanOptions& o, Context& ctx) {
  const Routine& routine = ctx.routine();
  CronInput in = reminder_input(ctx);
  for (const std::string* s : {&in.binary, &in.journal, &in.routine_file, &in.display, &in.tz})
    if (!unit_safe(*s))
      throw Failure(kUsage, fmt::format("'{}' holds a line break or another control character and cannot go in a "
                                        "unit file",
                                        *s));
  for (const auto& def : routine.routines)
    if (def.schedule.scheduled() && !unit_safe(def.title))
      throw Failure(kUsage, fmt::format("the title of routine '{}' holds a control character and cannot go in a "
                                        "unit file",
                                        def.name));
  auto units = systemd_units(routine, in);
  if (units.empty()) {  // nothing on stdout, as with --cron
    warn(fmt::format("no routine has a schedule, so there are no timers to write: add days and times to one ('{}')",
                     ctx.command("edit routine")));
    return kNegative;
  }
  auto timers = timer_names(units);
  const std::string enable = fmt::format("systemctl --user daemon-reload && systemctl --user enable --now {}",
                                         fmt::join(timers, " "));
  if (!o.install) {
    fmt::print("# backcare reminders as systemd user units, written by 'backcare plan --systemd'.\n"
               "# 'backcare plan --systemd --install' writes each file below to\n"
               "# {}/ ; then turn the timers on with:\n"
               "#   {}\n",
               systemd_user_dir(), enable);
    for (const auto& u : units) fmt::print("\n# ---- {} ----\n{}", u.name, u.text);
    return kOk;
  }
  const std::string dir = systemd_user_dir();
  // Every file is checked before any is written: one that differs from what
  // we would write is never overwritten.
  std::vector<bool> same;
  for (const auto& u : units) {
    auto old = read_if_exists(dir + "/" + u.name);
    if (old && *old != u.text)
      throw Failure(kCantCreate, fmt::format("{}/{} exists and differs from the unit backcare would write; nothing "
                                             "was written. Compare it with 'backcare plan --systemd', then move it "
                                             "away and run 'backcare plan --systemd --install' again",
                                             dir, u.name));
    same.push_back(old.has_value());
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string path = dir + "/" + units[i].name;
    if (same[i]) {
      if (!o.quiet) warn(fmt::format("{}: already up to date", path));
      continue;
    }
    make_parent_dirs(path);
    if (!write_new_file(path, units[i].text, 0644))
      throw Failure(kCantCreate, fmt::format("{}: appeared while writing the units; run the command again", path));
    if (!o.quiet) warn(fmt::format("wrote {}", path));
  }
  fmt::print("{}\n", enable);
  return kOk;
}

// "now" as UTC for DTSTAMP: the local wall-clock time (the clock or
// BACKCARE_NOW) read in the local zone (TZ), the way localtime_r gave it.
std::pair<Day, int> utc_now(LocalTime now) {
  date::year_month_day ymd{now.day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(ymd.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  tm.tm_hour = now.seconds / 3600;
  tm.tm_min = now.seconds / 60 % 60;
  tm.tm_sec = now.seconds % 60;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  std::tm utc{};
  if (t == static_cast<std::time_t>(-1) || !::gmtime_r(&t, &utc)) return {now.day, now.seconds};
  Day day{date::year{utc.tm_year + 1900} / date::month{static_cast<unsigned>(utc.tm_mon + 1)} /
          date::day{static_cast<unsigned>(utc.tm_mday)}};
  return {day, utc.tm_hour * 3600 + utc.tm_min * 60 + std::min(utc.tm_sec, 59)};
}

int run_ics(Context& ctx) {
  const Routine& routine = ctx.routine();
  bool any = false;
  for (const auto& def : routine.routines) any = any || def.schedule.scheduled();
  if (!any)
    throw Failure(kNegative, fmt::format("no routine has a schedule, so there is nothing to put in a calendar: add "
                                         "days and times to one ('{}')",
                                         ctx.command("edit routine")));
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, true);
  const auto& levels = j.progression.levels;
  IcsInput in;
  in.prodid = fmt::format("-//backcare//backcare {}//EN", BACKCARE_VERSION);
  in.today = now.day;
  std::tie(in.stamp_day, in.stamp_seconds) = utc_now(now);
  for (const auto& def : routine.routines) in.minutes[def.name] = routine_minutes(routine, def, levels);
  fmt::print("{}", ics_calendar(routine, in));
  return kOk;
}

int run_plan(const PlanOptions& o, Context& ctx) {
  if (o.due) return run_due(o, ctx);
  if (o.cron) return run_cron(ctx);
  if (o.systemd) return run_systemd(o, ctx);
  if (o.ics) return run_ics(ctx);
  if (o.week) return run_week(ctx);
  if (!o.routine.empty()) return run_routine(o.routine, o.json, o.figures, ctx);
  if (o.json) return run_json(ctx);
  return run_today(ctx);
}

}  // namespace

Command add_plan(CLI::App& root) {
  auto o = std::make_shared<PlanOptions>();
  auto* cmd = root.add_subcommand("plan", "what is due today and this week; reminders for cron or a calendar");
  auto* routine = cmd->add_option("ROUTINE", o->routine, "show this routine in full: today's doses and why");
  auto* week = cmd->add_flag("--week", o->week, "this ISO week, Monday to Sunday: what is planned and what was done");
  auto* due = cmd->add_flag("--due", o->due, "print the routines due now (with ROUTINE: that one), one a line; exit 1 when none is");
  auto* cron = cmd->add_flag("--cron", o->cron, "print crontab lines that remind you when a routine is due");
  auto* ics = cmd->add_flag("--ics", o->ics, "print an iCalendar file with one recurring event per routine time");
  auto* systemd = cmd->add_flag("--systemd", o->systemd,
                                "print systemd user timers (catching up after sleep) that remind you when a routine is due");
  auto* install = cmd->add_flag("--install", o->install,
                                "with --systemd: write the units to ~/.config/systemd/user/ and print how to enable them");
  add_quiet(cmd, o->quiet, "with --due: print nothing, only set the exit code");
  cmd->add_flag("--json", o->json, "today as JSON {\"date\", \"routines\", \"week\", \"flags\"}; with ROUTINE: its doses, levels and lights");
  auto* figures = cmd->add_flag("--figures", o->figures, "with ROUTINE: draw each exercise's figure below its row");
  // One view at a time. (Checked here rather than with CLI11's excludes(),
  // which would fill --help with "Excludes:" lists.)
  cmd->final_callback([routine, week, due, cron, ics, systemd, install, figures] {
    if (install->count() && !systemd->count()) throw CLI::ValidationError("--install goes with --systemd");
    if (figures->count() > 0 && routine->count() == 0)
      throw CLI::ValidationError("--figures goes with a routine: backcare plan ROUTINE --figures");
    int n = 0;
    for (auto* opt : {routine, week, due, cron, ics, systemd}) n += opt->count() > 0;
    if (due->count() && routine->count()) --n;  // plan --due ROUTINE: only that routine
    if (n > 1) throw CLI::ValidationError("plan takes one of ROUTINE, --week, --due, --cron, --systemd and --ics at a time");
  });
  cmd->footer(examples({"backcare plan morning", "backcare plan --due -q && notify-send backcare 'time for your exercises'",
                        "backcare plan --ics > ~/backcare.ics", "backcare plan --systemd --install"}));
  return {cmd, [o](Context& ctx) { return run_plan(*o, ctx); }};
}

}  // namespace backcare::cli
