// backcare log: record an entry by hand or from a script.
//
// Every argument is checked before anything is written: a refusal is a usage
// error (exit 2) that says what is allowed, and leaves the journal as it was.
// One confirmation line goes to stderr (nothing to stdout), unless -q; the
// advice for a symptom is always printed.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "core/flags.hpp"
#include "cli/terminal.hpp"
#include "core/symptoms.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

namespace backcare::cli {
namespace {

struct LogOptions {
  std::string date = "today";
  std::string time;
  std::string note;
  bool quiet = false;
  // The kind's subject: routine, exercise id, symptom id or pain level.
  std::string subject;
  std::vector<std::string> text;  // log note TEXT...
  std::string minutes, pain, effort, status, sets, reps, hold, where, days, when;
  std::vector<std::string> done, skipped, sore;
  bool list = false;
  std::string score;  // log function ACTIVITY SCORE
};

[[noreturn]] void refuse(const std::string& msg) { throw Failure(kUsage, msg); }

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  return fmt::format("{}", fmt::join(v, sep));
}

// A whole number within [lo, hi], or a refusal naming the option.
int whole(const std::string& s, std::string_view option, int lo, int hi, std::string_view meaning) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi)
    refuse(fmt::format("{} {}: give a whole number from {} to {}{}", option, s, lo, hi, meaning));
  return v;
}

int level_0_10(const std::string& s, std::string_view option) {
  return whole(s, option, 0, 10, option == "--effort" ? " (0 no effort, 10 the most you could do)"
                                                      : " (0 no pain, 10 the worst)");
}

double positive_minutes(const std::string& s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || s[0] == '-' || s[0] == '+' || ec != std::errc() || p != s.data() + s.size() ||
      !std::isfinite(v) || v <= 0 || v > 1440)
    refuse(fmt::format("--minutes {}: give a number of minutes above 0 and at most 1440, such as 12 or 7.5", s));
  return v;
}

// 30, 30s or 2m: seconds from 1 to 3600.
int hold_seconds(const std::string& s) {
  std::string_view v = s;
  int unit = 1;
  if (!v.empty() && (v.back() == 's' || v.back() == 'm')) {
    unit = v.back() == 'm' ? 60 : 1;
    v.remove_suffix(1);
  }
  int n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || n < 1 || n * static_cast<long>(unit) > 3600)
    refuse(fmt::format("--hold {}: give a time held such as 30s, 45 (seconds) or 2m, from 1 second to 60 minutes", s));
  return n * unit;
}

// Splits and trims the comma-separated ids given to --done etc.
std::vector<std::string> ids(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::string_view s = a;
    while (!s.empty()) {
      auto comma = s.find(',');
      std::string_view id = s.substr(0, comma);
      while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
      while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
      if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.emplace_back(id);
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
  }
  return out;
}

// The date and time of an entry from --date and --time (SPEC §4): a time is
// stamped when the date is today and none is given; only rest days may lie
// after today.
void stamp(Entry& e, const LogOptions& o, LocalTime now) {
  auto day = parse_date_arg(o.date, now.day);
  if (!day) refuse(fmt::format("--date {}: use {}", o.date, kDateForms));
  e.date = *day;
  if (!o.time.empty()) {
    auto t = parse_time(o.time);
    if (!t) refuse(fmt::format("--time {}: use HH:MM, from 00:00 to 23:59", o.time));
    e.time = *t;
  } else if (e.date == now.day) {
    e.time = now.seconds;  // with seconds: two events in one minute stay two lines
  }
  if (e.kind != Kind::rest && e.date > now.day)
    refuse(fmt::format("--date {}: that is after today ({}); only rest days can be logged ahead", format_date(e.date),
                       format_date(now.day)));
}

void check_and_write(const std::vector<Entry>& entries, const LogOptions& o, Context& ctx, std::string_view summary = {}) {
  std::vector<std::string> lines;
  for (const auto& e : entries) {
    if (auto why = validate_entry(e); !why.empty()) refuse(why);
    lines.push_back(format_entry(e));
  }
  append_lines(ctx.journal_path(), lines);
  if (o.quiet) return;
  if (!summary.empty()) fmt::print(stderr, "backcare: logged {}\n", summary);
  else fmt::print(stderr, "backcare: logged: {}\n", lines.front());
}

void take_note(Entry& e, const LogOptions& o) {
  if (!o.note.empty()) e.note = o.note;
}

int run_session(const LogOptions& o, Context& ctx) {
  const RoutineDef* def = &ctx.routine_named(o.subject);
  Entry e;
  e.kind = Kind::session;
  e.subject = def->name;
  auto check_list = [&](const std::vector<std::string>& args, std::string_view option) {
    auto list = ids(args);
    for (const auto& id : list)
      if (std::find(def->exercises.begin(), def->exercises.end(), id) == def->exercises.end())
        refuse(fmt::format("{} {}: not an exercise of the {} routine; its exercises are: {}", option, id, def->name,
                           join(def->exercises)));
    return list;
  };
  e.done = check_list(o.done, "--done");
  // Without --done, a session logged by hand did the routine (SPEC §6): its
  // exercises, less those given as skipped or sore, so it counts for
  // progression and the per-exercise counts.
  const bool done_given = !o.done.empty();
  e.skipped = check_list(o.skipped, "--skipped");
  e.sore = check_list(o.sore, "--sore");
  for (const auto& id : e.skipped)
    if (std::find(e.done.begin(), e.done.end(), id) != e.done.end())
      refuse(fmt::format("{} is in both --done and --skipped; give it in one of them", id));
  if (!done_given)
    for (const auto& id : def->exercises)
      if (std::find(e.skipped.begin(), e.skipped.end(), id) == e.skipped.end() &&
          std::find(e.sore.begin(), e.sore.end(), id) == e.sore.end() &&
          std::find(e.done.begin(), e.done.end(), id) == e.done.end())
        e.done.push_back(id);
  if (!o.minutes.empty()) e.minutes = positive_minutes(o.minutes);
  if (!o.pain.empty()) e.pain = level_0_10(o.pain, "--pain");
  if (!o.effort.empty()) e.effort = level_0_10(o.effort, "--effort");
  if (!o.status.empty()) {
    if (o.status == "complete") e.status = Status::complete;
    else if (o.status == "partial") e.status = Status::partial;
    else refuse(fmt::format("--status {}: use complete or partial", o.status));
  }
  take_note(e, o);
  stamp(e, o, ctx.now());
  check_and_write({e}, o, ctx);
  return kOk;
}

int run_exercise(const LogOptions& o, Context& ctx) {
  const Routine& r = ctx.routine();
  const Exercise* ex = r.exercise(o.subject);
  if (!ex) {
    std::vector<std::string> all;
    for (const auto& x : r.exercises) all.push_back(x.id);
    refuse(fmt::format("'{}' is not an exercise of the routine; the exercise ids are: {}", o.subject, join(all)));
  }
  Entry e;
  e.kind = Kind::exercise;
  e.subject = ex->id;
  if (!o.sets.empty()) e.sets = whole(o.sets, "--sets", 1, 1000, "");
  if (!o.reps.empty()) e.reps = whole(o.reps, "--reps", 1, 1000, "");
  if (!o.hold.empty()) e.hold = hold_seconds(o.hold);
  if (!o.pain.empty()) e.pain = level_0_10(o.pain, "--pain");
  if (!o.effort.empty()) e.effort = level_0_10(o.effort, "--effort");
  take_note(e, o);
  stamp(e, o, ctx.now());
  check_and_write({e}, o, ctx);
  return kOk;
}

int run_pain(const LogOptions& o, Context& ctx) {
  Entry e;
  e.kind = Kind::pain;
  int level = -1;
  if (o.subject.size() <= 2 && !o.subject.empty() && o.subject.find_first_not_of("0123456789") == std::string::npos)
    level = std::stoi(o.subject);
  if (level < 0 || level > 10)
    refuse(fmt::format("pain {}: give a whole number from 0 (no pain) to 10 (the worst)", o.subject));
  e.pain = level;
  if (!o.where.empty()) e.where = o.where;
  if (!o.when.empty()) {
    e.when = parse_when(o.when);
    if (!e.when)
      refuse(fmt::format("--when {}: use before or after (a session) or morning (on waking)", o.when));
  }
  take_note(e, o);
  stamp(e, o, ctx.now());
  // Safety does not depend on the routine (SPEC §7): a broken one is a
  // warning. A severe pain gets its advice at once, even with -q.
  const Context::Safety safety = ctx.safety();
  try {
    check_and_write({e}, o, ctx);
  } catch (const Failure& f) {
    warn(f.what());
    fmt::print(stderr, "{}", severe_pain_advice(level, safety.emergency_number));
    return f.code;
  }
  fmt::print(stderr, "{}", severe_pain_advice(level, safety.emergency_number));
  return kOk;
}

// log seen: a clinician has assessed you; closes the flags raised before it.
int run_seen(const LogOptions& o, Context& ctx) {
  Entry e;
  e.kind = Kind::seen;
  take_note(e, o);
  stamp(e, o, ctx.now());
  check_and_write({e}, o, ctx);
  if (!o.quiet)
    fmt::print(stderr, "backcare: the flags raised before this are closed; the pain rules start again from here\n");
  return kOk;
}

int run_rest(const LogOptions& o, Context& ctx) {
  int days = o.days.empty() ? 1 : whole(o.days, "--days", 1, 366, " (a run of rest days from --date on)");
  Entry first;
  first.kind = Kind::rest;
  take_note(first, o);
  LocalTime now = ctx.now();
  stamp(first, o, now);
  std::vector<Entry> entries;
  for (int i = 0; i < days; ++i) {
    Entry e = first;
    e.date = first.date + date::days{i};
    if (o.time.empty() && e.date != now.day) e.time.reset();  // stamped only when it is today
    entries.push_back(std::move(e));
  }
  if (days == 1) check_and_write(entries, o, ctx);
  else
    check_and_write(entries, o, ctx,
                    fmt::format("{} rest days, {} to {}", days, format_date(entries.front().date),
                                format_date(entries.back().date)));
  return kOk;
}

void print_symptom_list(Context& ctx) {
  Style st{ctx.color()};
  std::size_t width = 0;
  for (const auto& s : symptoms()) width = std::max(width, s.id.size());
  for (const auto& s : symptoms()) {
    std::string tier = fmt::format("{:<9}", tier_name(s.tier));
    if (s.tier == Tier::emergency) tier = st.red(tier);
    else if (s.tier == Tier::urgent) tier = st.yellow(tier);
    fmt::print("{:<{}}  {}  {}\n", s.id, width, tier, s.description);
  }
}

// What to do about a symptom: always on stderr, even with -q.
void print_advice(const Symptom& s, const std::string& number) {
  std::string out = fmt::format("{}: {}\n", tier_heading(s.tier, number), s.description);
  for (const auto& line : wrap_text(tier_advice(s.tier, number), 76)) out += "  " + line + "\n";
  fmt::print(stderr, "{}", out);
}

int run_symptom(const LogOptions& o, Context& ctx) {
  if (o.list) {
    print_symptom_list(ctx);
    return kOk;
  }
  if (o.subject.empty()) refuse("log symptom needs an id, such as 'tingling'; 'backcare log symptom --list' shows them");
  const Symptom* s = find_symptom(o.subject);
  if (!s) {
    std::vector<std::string> all;
    for (const auto& x : symptoms()) all.emplace_back(x.id);
    refuse(fmt::format("'{}' is not a symptom id; they are: {} ('backcare log symptom --list' describes each)",
                       o.subject, join(all)));
  }
  // The advice is shown whatever happens next, a refused date or a full
  // disk included: after the error, which comes first as for any command.
  // A broken routine file must not keep the advice from being shown: then
  // the default emergency number is used, and the entry is still recorded.
  std::string number;
  try {
    number = ctx.routine().settings.emergency_number;
  } catch (const Failure& f) {
    warn(f.what());
    number = Settings{}.emergency_number;
  }
  try {
    Entry e;
    e.kind = Kind::symptom;
    e.subject = std::string(s->id);
    take_note(e, o);
    stamp(e, o, ctx.now());
    check_and_write({e}, o, ctx);
  } catch (const Failure& f) {
    warn(f.what());
    print_advice(*s, number);
    return f.code;
  }
  print_advice(*s, number);
  return kOk;
}

int run_note(const LogOptions& o, Context& ctx) {
  std::string text = join(o.text, " ");
  if (!text.empty() && !o.note.empty()) refuse("give the note's text once: as words after 'note', or with --note");
  if (text.empty()) text = o.note;
  if (text.empty()) refuse("log note needs its text, such as: backcare log note \"slept badly\"");
  Entry e;
  e.kind = Kind::note;
  e.note = text;
  stamp(e, o, ctx.now());
  check_and_write({e}, o, ctx);
  return kOk;
}

// log function ACTIVITY SCORE, or on a terminal `log function` alone: each
// activity of the routine's [outcomes] asked in turn (- skips one),
// the answers written as one entry of one line each.
int run_function(const LogOptions& o, Context& ctx) {
  const Outcomes& out = ctx.routine().outcomes;
  if (out.activities.empty())
    refuse("the routine lists no activities to score: add 3 to 5 under [outcomes.activities] "
           "('backcare edit routine'; see backcare-routine(5))");
  std::vector<std::string> known;
  for (const auto& a : out.activities) known.push_back(a.id);
  Entry e;
  e.kind = Kind::function;
  take_note(e, o);
  stamp(e, o, ctx.now());
  if (!o.subject.empty()) {
    if (!out.activity(o.subject))
      refuse(fmt::format("'{}' is not an activity of the routine's [outcomes]; they are: {}", o.subject, join(known)));
    if (o.score.empty()) refuse(fmt::format("log function {} needs a score from 0 (unable) to 10 (as before)", o.subject));
    e.subject = o.subject;
    e.score = whole(o.score, "score", 0, 10, " (0 unable to do it, 10 as well as before the problem)");
    check_and_write({e}, o, ctx);
    return kOk;
  }
  if (!interactive())
    refuse(fmt::format("log function needs ACTIVITY SCORE when not on a terminal; the activities are: {}", join(known)));
  fmt::print("How well can you do each activity today? 0 = unable, 10 = as well as before the problem.\n"
             "- skips one, q stops.\n");
  std::vector<Entry> entries;
  {
    RawTerminal term;
    discard_typeahead();
    std::optional<int> stop;
    for (const auto& a : out.activities) {
      auto v = ask_number(fmt::format("  {} ({}):", a.description, a.id), 0, 10, stop);
      if (stop) break;
      if (!v) continue;
      Entry x = e;
      x.subject = a.id;
      x.score = *v;
      entries.push_back(std::move(x));
    }
    if (stop && *stop == kCtrlC) entries.clear();
  }
  if (entries.empty()) {
    fmt::print(stderr, "backcare: nothing recorded\n");
    return kOk;
  }
  check_and_write(entries, o, ctx, fmt::format("{} function {}", entries.size(), entries.size() == 1 ? "score" : "scores"));
  return kOk;
}

// Options every kind of entry takes.
void add_common(CLI::App* sub, LogOptions& o, bool with_note = true) {
  sub->add_option("--date", o.date, "the day: YYYY-MM-DD, today, yesterday, -N or a weekday (default: today)")->type_name("DATE");
  sub->add_option("--time", o.time, "the time, HH:MM (default: now, when the date is today)")->type_name("HH:MM");
  if (with_note) sub->add_option("--note", o.note, "a note, in quotes")->type_name("TEXT");
  add_quiet(sub, o.quiet, "no confirmation on stderr");
}

CLI::Option* add_list(CLI::App* sub, const char* name, std::vector<std::string>& v, const char* what) {
  return sub->add_option(name, v, what)->type_name("ID,...")->allow_extra_args(false)->delimiter(',');
}

}  // namespace

Command add_log(CLI::App& root) {
  auto o = std::make_shared<LogOptions>();
  auto* cmd = root.add_subcommand("log", "record a session, exercise, pain level, rest day, symptom, seen or note");
  cmd->require_subcommand(0, 1);  // none: the message below names the kinds
  cmd->footer(examples({"backcare log session morning --minutes 12 --pain 3 --effort 4",
                        "backcare log pain 4 --where neck --note \"long drive\"",
                        "backcare log rest --date 2026-12-24 --days 3 --note holiday"}));

  auto* session = cmd->add_subcommand("session", "record a session of a routine done without 'start'");
  session->add_option("ROUTINE", o->subject, "the routine's name, such as morning")->required();
  session->add_option("--minutes", o->minutes, "how long it took, in minutes")->type_name("N");
  add_list(session, "--done", o->done, "exercises done (ids of the routine, comma-separated; default: all but --skipped)");
  add_list(session, "--skipped", o->skipped, "exercises left out");
  add_list(session, "--sore", o->sore, "exercises that hurt (progression steps them down)");
  session->add_option("--pain", o->pain, "pain afterwards, 0 (none) to 10 (worst)")->type_name("0-10");
  session->add_option("--effort", o->effort, "how hard it felt, 0 to 10")->type_name("0-10");
  session->add_option("--status", o->status, "complete or partial (stopped early)")->type_name("STATUS");
  add_common(session, *o);
  session->footer(examples({"backcare log session morning --minutes 12 --pain 2 --effort 4",
                            "backcare log session desk-break --date yesterday --time 15:10 --status partial",
                            "backcare log session morning --done cat-cow,childs-pose --sore cat-cow"}));

  auto* exercise = cmd->add_subcommand("exercise", "record one exercise done on its own");
  exercise->add_option("ID", o->subject, "the exercise's id, such as doorway-stretch")->required();
  exercise->add_option("--sets", o->sets, "sets done")->type_name("N");
  exercise->add_option("--reps", o->reps, "repetitions a set")->type_name("N");
  exercise->add_option("--hold", o->hold, "time held: 30s, 45 (seconds) or 2m")->type_name("TIME");
  exercise->add_option("--pain", o->pain, "pain afterwards, 0 to 10")->type_name("0-10");
  exercise->add_option("--effort", o->effort, "how hard it felt, 0 to 10")->type_name("0-10");
  add_common(exercise, *o);
  exercise->footer(examples({"backcare log exercise doorway-stretch --sets 2 --hold 30s",
                             "backcare log exercise seated-row --reps 10 --effort 5 --pain 2"}));

  auto* pain = cmd->add_subcommand("pain", "record a pain level, 0 (none) to 10 (worst)");
  pain->add_option("LEVEL", o->subject, "0 to 10")->required();
  pain->add_option("--where", o->where, "where it hurts: upper-back, neck, shoulders ...")->type_name("PLACE");
  pain->add_option("--when", o->when, "before or after a session, or morning (on waking)")->type_name("WHEN");
  add_common(pain, *o);
  pain->footer(examples({"backcare log pain 3", "backcare log pain 2 --when morning",
                         "backcare log pain 5 --where neck --note \"after a long drive\""}));

  auto* rest = cmd->add_subcommand("rest", "record a rest day, or plan a run of them (a holiday)");
  rest->add_option("--days", o->days, "how many days from --date on (default 1); may lie ahead")->type_name("N");
  add_common(rest, *o);
  rest->footer(examples({"backcare log rest --note \"sore from moving house\"",
                         "backcare log rest --date 2026-12-24 --days 3 --note holiday"}));

  auto* symptom = cmd->add_subcommand("symptom", "record a warning sign; prints what to do about it");
  symptom->add_option("ID", o->subject, "the symptom's id (see --list)");
  symptom->add_flag("--list", o->list, "print every symptom id with its tier and description");
  add_common(symptom, *o);
  symptom->footer(examples({"backcare log symptom --list", "backcare log symptom tingling --note \"left hand\""}));

  auto* seen = cmd->add_subcommand("seen", "record that a clinician has assessed you: closes the flags raised before");
  add_common(seen, *o);
  seen->footer(examples({"backcare log seen --note \"GP: muscular, keep exercising\"",
                         "backcare log seen --date yesterday --note \"physio\""}));

  auto* note = cmd->add_subcommand("note", "record a note");
  note->add_option("TEXT", o->text, "the note's text");
  add_common(note, *o);
  note->footer(examples({"backcare log note \"slept on a new pillow\"", "backcare log note --date yesterday long drive"}));

  auto* function = cmd->add_subcommand("function", "score how well you can do an activity of [outcomes], 0 to 10");
  function->add_option("ACTIVITY", o->subject, "the activity's id from the routine's [outcomes]");
  function->add_option("SCORE", o->score, "0 (unable to do it) to 10 (as well as before the problem)");
  add_common(function, *o);
  function->footer(examples({"backcare log function reach 6", "backcare log function drive 4 --note \"after a long drive\""}));

  return {cmd, [o, session, exercise, pain, rest, symptom, seen, note, function](Context& ctx) -> int {
            if (function->parsed()) return run_function(*o, ctx);
            if (session->parsed()) return run_session(*o, ctx);
            if (exercise->parsed()) return run_exercise(*o, ctx);
            if (pain->parsed()) return run_pain(*o, ctx);
            if (rest->parsed()) return run_rest(*o, ctx);
            if (symptom->parsed()) return run_symptom(*o, ctx);
            if (note->parsed()) return run_note(*o, ctx);
            if (seen->parsed()) return run_seen(*o, ctx);
            throw Failure(kUsage,
                          "log needs a kind: session, exercise, pain, rest, symptom, seen, note or function (see 'backcare log --help')");
          }};
}

}  // namespace backcare::cli
