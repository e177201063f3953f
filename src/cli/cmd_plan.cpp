// backcare plan: what is due today and this week, one routine in full, and
// reminders as crontab lines or an iCalendar file.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "core/cron.hpp"
#include "core/ical.hpp"
#include "core/outcomes.hpp"
#include "core/planning.hpp"
#include "core/progression.hpp"
#include "core/schedule.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <climits>
#include <ctime>
#include <memory>
#include <tuple>
#include <unistd.h>

namespace backcare::cli {
namespace {

struct PlanOptions {
  std::string routine;
  bool week = false;
  bool due = false;
  bool cron = false;
  bool ics = false;
  bool quiet = false;
};

// One pass over the journal: the digest, and (when asked) what progression
// reads, kept compactly.
struct Journal {
  JournalDigest digest;
  History history;
  std::optional<Day> last_function;  // the latest function check-in
};

Journal read_journal(Context& ctx, bool with_history) {
  Journal j{JournalDigest(ctx.today()), History(ctx.routine()), std::nullopt};
  scan_journal(ctx.journal_path(), {ctx.today()}, [&](const Record& r, long) {
    j.digest.add(r);
    if (with_history) j.history.add(r);
    if (r.kind == Kind::function && (!j.last_function || r.date > *j.last_function)) j.last_function = r.date;
  });
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
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, false);
  auto names = due_now(routine, now, j.digest.today_log().record());
  if (!o.quiet)
    for (const auto& n : names) fmt::print("{}\n", n);
  return names.empty() ? kNegative : kOk;
}

void print_goal_lines(const Style& st, const Routine& routine, const JournalDigest& d) {
  const Goals& g = routine.goals;
  IsoWeek w = iso_week(d.today());
  int done = d.week_sessions();
  std::string goal = fmt::format("{} of {}", done, plural(g.sessions_per_week, "session", "sessions"));
  if (done >= g.sessions_per_week) goal += st.green(", goal reached");
  else goal += fmt::format(", {} to go", g.sessions_per_week - done);
  fmt::print("{} {}\n", st.bold(fmt::format("This week (week {}):", w.week)), goal);
  MinutesTarget t = minutes_target(g, d.first_day(), d.today());
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
  auto levels = j.history.levels();
  Style st{ctx.color()};

  fmt::print("{}\n", st.bold(format_long_date(now.day)));
  const DayLog& today = d.today_log();
  auto items = plan_day(routine, now, today.record());
  if (items.empty()) fmt::print("  nothing scheduled today\n");
  std::size_t width = 0;
  for (const auto& item : items) width = std::max(width, item.routine->name.size());
  for (const auto& item : items) {
    std::string state = colored_state(st, due_state_name(item.state));
    std::string extra;
    if (item.state == DueState::due || item.state == DueState::upcoming)
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
  if (!later_today && !today.rest)
    if (auto next = next_planned(routine, now); next && next->day != now.day)
      fmt::print("  next: {} on {} at {}\n", next->routine->name, format_long_date(next->day),
                 format_hhmm(next->time));

  fmt::print("\n");
  print_goal_lines(st, routine, d);
  if (auto rest = d.next_rest())
    fmt::print("{} {}\n", st.bold("Next rest day:"), *rest == now.day ? std::string("today") : format_long_date(*rest));
  if (auto idle = idle_days(d); idle && !today.active())
    fmt::print("{}\n", st.yellow(fmt::format("Nothing done for {} days: even a few minutes today keep the habit "
                                             "going (backcare start).",
                                             *idle)));
  if (auto line = function_reminder(routine.outcomes, j.last_function, now.day); !line.empty())
    fmt::print("{}\n", line);
  return kOk;
}

int run_routine(const std::string& name, Context& ctx) {
  const Routine& routine = ctx.routine();
  const RoutineDef* def = &ctx.routine_named(name);
  Journal j = read_journal(ctx, true);
  auto levels = j.history.levels();
  Style st{ctx.color()};

  fmt::print("{}", st.bold(def->title));
  if (def->title != def->name) fmt::print(" ({})", def->name);
  fmt::print("\n");
  if (!def->description.empty())
    for (const auto& line : wrap_text(def->description, 76)) fmt::print("{}\n", line);
  if (def->schedule.scheduled())
    fmt::print("Scheduled: {} at {}\n", describe_days(def->schedule.days), times_text(def->schedule));
  else
    fmt::print("Not scheduled: run it when you like with 'backcare start {}'\n", def->name);
  fmt::print("\n");

  std::size_t name_w = 0, dose_w = 0;
  std::vector<std::array<std::string, 3>> rows;
  for (const auto& id : def->exercises) {
    const Exercise* e = routine.exercise(id);
    if (!e) continue;
    Level l = level_of(levels, id);
    rows.push_back({e->name, describe_dose(*e, dose_at(*e, l.index)), describe_level(l)});
    name_w = std::max(name_w, display_width(rows.back()[0]));
    dose_w = std::max(dose_w, display_width(rows.back()[1]));
  }
  int n = 0;
  for (const auto& row : rows) {
    std::string why = row[2];
    if (why.rfind("up ", 0) == 0) why = st.green(why);
    else if (why.rfind("down ", 0) == 0) why = st.yellow(why);
    else why = st.dim(why);
    fmt::print("{:>3}. {}  {}  {}\n", ++n, pad(row[0], name_w), pad(row[1], dose_w), why);
  }
  MinutesTarget t = minutes_target(routine.goals, j.digest.first_day(), j.digest.today());
  fmt::print("\n{} {} (this week's target: {} a session)\n", st.bold("Expected:"),
             plural(routine_minutes(routine, *def, levels), "minute", "minutes"),
             plural(t.minutes, "minute", "minutes"));
  return kOk;
}

int run_week(Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, false);
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
      std::string s = fmt::format("{}", fmt::join(log.sessions, ", "));
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
  print_goal_lines(st, routine, j.digest);
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

int run_cron(Context& ctx) {
  const Routine& routine = ctx.routine();
  CronInput in;
  in.binary = self_path();
  in.journal = absolute(ctx.journal_path());
  if (!ctx.routine_is_default()) in.routine_file = absolute(ctx.routine_name());
  in.uid = static_cast<unsigned>(::getuid());
  in.display = env("DISPLAY").value_or(":0");
  in.tz = env("TZ").value_or("");
  for (const std::string* s : {&in.binary, &in.journal, &in.routine_file, &in.display, &in.tz})
    if (!cron_safe(*s))
      throw Failure(kUsage, fmt::format("'{}' holds a line break and cannot go in a crontab line", *s));
  fmt::print("{}", crontab_text(routine, in));
  bool any = false;
  for (const auto& def : routine.routines) any = any || def.schedule.scheduled();
  if (!any) {
    warn("no routine has a schedule: add days and times to one ('backcare edit routine')");
    return kNegative;
  }
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
    throw Failure(kNegative, "no routine has a schedule, so there is nothing to put in a calendar: add days and "
                             "times to one ('backcare edit routine')");
  LocalTime now = ctx.now();
  Journal j = read_journal(ctx, true);
  auto levels = j.history.levels();
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
  if (o.ics) return run_ics(ctx);
  if (o.week) return run_week(ctx);
  if (!o.routine.empty()) return run_routine(o.routine, ctx);
  return run_today(ctx);
}

}  // namespace

Command add_plan(CLI::App& root) {
  auto o = std::make_shared<PlanOptions>();
  auto* cmd = root.add_subcommand("plan", "what is due today and this week; reminders for cron or a calendar");
  auto* routine = cmd->add_option("ROUTINE", o->routine, "show this routine in full: today's doses and why");
  auto* week = cmd->add_flag("--week", o->week, "this ISO week, Monday to Sunday: what is planned and what was done");
  auto* due = cmd->add_flag("--due", o->due, "print the routines due now, one a line; exit 1 when none is");
  auto* cron = cmd->add_flag("--cron", o->cron, "print crontab lines that remind you when a routine is due");
  auto* ics = cmd->add_flag("--ics", o->ics, "print an iCalendar file with one recurring event per routine time");
  add_quiet(cmd, o->quiet, "with --due: print nothing, only set the exit code");
  // One view at a time. (Checked here rather than with CLI11's excludes(),
  // which would fill --help with "Excludes:" lists.)
  cmd->final_callback([routine, week, due, cron, ics] {
    int n = 0;
    for (auto* opt : {routine, week, due, cron, ics}) n += opt->count() > 0;
    if (n > 1) throw CLI::ValidationError("plan takes one of ROUTINE, --week, --due, --cron and --ics at a time");
  });
  cmd->footer(examples({"backcare plan morning", "backcare plan --due -q && notify-send backcare 'time for your exercises'",
                        "backcare plan --ics > ~/backcare.ics"}));
  return {cmd, [o](Context& ctx) { return run_plan(*o, ctx); }};
}

}  // namespace backcare::cli
