// backcare log: record an entry by hand or from a script.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_file.hpp"

#include <fmt/format.h>

#include <memory>

namespace backcare::cli {
namespace {

struct LogOptions {
  std::string date = "today";
  std::string time;
  std::string note;
  std::string where;
  std::string level;
  bool quiet = false;
};

// Options every kind of entry takes.
void add_common(CLI::App* sub, LogOptions& o) {
  sub->add_option("--date", o.date, "the day: YYYY-MM-DD, today or yesterday (default today)")->type_name("DATE");
  sub->add_option("--time", o.time, "the time, HH:MM (default: now, when the date is today)")->type_name("HH:MM");
  sub->add_option("--note", o.note, "a note, in quotes")->type_name("TEXT");
  add_quiet(sub, o.quiet, "no confirmation on stderr");
}

// Fills the entry's date and time from --date and --time.
void stamp(Entry& e, const LogOptions& o, const Context& ctx) {
  LocalTime now = ctx.now();
  auto day = parse_date_arg(o.date, now.day);
  if (!day) throw Failure(kUsage, fmt::format("--date {}: use YYYY-MM-DD (a real day), today or yesterday", o.date));
  e.date = *day;
  if (!o.time.empty()) {
    auto t = parse_time(o.time);
    if (!t) throw Failure(kUsage, fmt::format("--time {}: use HH:MM, from 00:00 to 23:59", o.time));
    e.time = *t;
  } else if (e.date == now.day) {
    e.time = now.seconds / 60 * 60;
  }
  if (e.kind != Kind::rest && e.date > now.day)
    throw Failure(kUsage, fmt::format("--date {}: that is after today; only rest days can be planned ahead",
                                      format_date(e.date)));
}

int write_entry(Entry& e, const LogOptions& o, Context& ctx) {
  if (!o.note.empty()) e.note = o.note;
  if (auto why = validate_entry(e); !why.empty()) throw Failure(kUsage, why);
  std::string line = format_entry(e);
  append_lines(ctx.journal_path(), {line});
  if (!o.quiet) fmt::print(stderr, "backcare: logged: {}\n", line);
  return kOk;
}

int run_pain(const LogOptions& o, Context& ctx) {
  Entry e;
  e.kind = Kind::pain;
  int level = -1;
  if (o.level.size() <= 2 && !o.level.empty() && o.level.find_first_not_of("0123456789") == std::string::npos)
    level = std::stoi(o.level);
  if (level < 0 || level > 10) throw Failure(kUsage, fmt::format("pain {}: give a whole number from 0 (none) to 10 (worst)", o.level));
  e.pain = level;
  if (!o.where.empty()) e.where = o.where;
  stamp(e, o, ctx);
  return write_entry(e, o, ctx);
}

}  // namespace

Command add_log(CLI::App& root) {
  auto o = std::make_shared<LogOptions>();
  auto* cmd = root.add_subcommand("log", "record a session, exercise, pain level, rest day, symptom or note");
  cmd->require_subcommand(1);
  cmd->footer(examples({"backcare log pain 4 --where neck --note \"long drive\"",
                        "backcare log pain 2 --date yesterday --time 21:30"}));

  auto* pain = cmd->add_subcommand("pain", "record a pain level, 0 (none) to 10 (worst)");
  pain->add_option("LEVEL", o->level, "0 to 10")->required();
  pain->add_option("--where", o->where, "where it hurts: upper-back, neck, shoulders ...")->type_name("PLACE");
  add_common(pain, *o);
  pain->footer(examples({"backcare log pain 3", "backcare log pain 5 --where neck --note \"after a long drive\""}));

  return {cmd, [o, pain](Context& ctx) -> int {
            if (pain->parsed()) return run_pain(*o, ctx);
            throw Failure(kUsage, "log needs a kind: pain");
          }};
}

}  // namespace backcare::cli
