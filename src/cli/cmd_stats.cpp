// backcare stats: streaks, goals, habit strength, pain trend (SPEC §5).
// The journal is streamed once into per-day totals (core/stats); only the
// figures the output needs are computed, so `stats --format '{streak}'`
// stays cheap enough for a shell prompt.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "core/bytes.hpp"
#include "core/flags.hpp"
#include "core/outcomes.hpp"
#include "core/stats.hpp"
#include "core/stats_text.hpp"
#include "core/template.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <sys/stat.h>
#include <cstdio>
#include <future>
#include <memory>
#include <system_error>

namespace backcare::cli {
namespace {

// Threads to read a large journal on.
constexpr int kParts = 2;

struct StatsOptions {
  std::string since, until, format;
  bool json = false;
  bool tsv = false;
  CLI::Option* format_opt = nullptr;
};

Day parse_day_option(const std::string& name, const std::string& value, Day today) {
  auto d = parse_date_arg(value, today);
  if (!d) throw Failure(kUsage, fmt::format("{} {}: use {}", name, value, kDateForms));
  return *d;
}

// A number as JSON: whole numbers without a fraction.
nlohmann::ordered_json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<long long>(v);
  return v;
}

template <class T>
nlohmann::ordered_json or_null(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, Day>) return format_date(*v);
  else if constexpr (std::is_same_v<T, double>) return number(*v);
  else return *v;
}

nlohmann::ordered_json to_json(const StatsReport& r) {
  using json = nlohmann::ordered_json;
  json j;
  j["as_of"] = format_date(r.as_of);
  j["since"] = or_null(r.since);
  j["first_day"] = or_null(r.start);
  j["streak"] = {{"current", r.streak.current}, {"longest", r.streak.longest}};
  j["sessions"] = r.sessions;
  j["minutes"] = number(r.minutes);
  j["week"] = {{"sessions", r.week_sessions}, {"target", r.week_target}, {"start", format_date(r.week_from)}};
  j["weekly_goal"] = {{"current", r.weeks.current}, {"longest", r.weeks.longest}, {"target", r.plan.sessions_per_week}};
  j["strength"] = std::round(r.strength * 1000) / 10;
  const PainSummary& p = r.pain;
  j["pain"] = {{"last", or_null(p.last)},
               {"last_date", or_null(p.last_day)},
               {"avg7", or_null(p.recent.value())},
               {"avg_prev7", or_null(p.previous.value())},
               {"trend", trend_name(p.trend)},
               {"readings7", p.recent.count},
               {"readings_prev7", p.previous.count},
               {"baseline", r.baseline ? number(r.baseline->mean) : json(nullptr)},
               {"baseline_from", r.baseline ? json(format_date(r.baseline->from)) : json(nullptr)},
               {"change", or_null(r.change)}};
  j["days"] = {{"active", r.day_counts.active}, {"neutral", r.day_counts.neutral}, {"missed", r.day_counts.missed}};
  json ex = json::object();
  for (const auto& [id, c] : r.exercises) ex[id] = {{"done", c.done}, {"skipped", c.skipped}, {"sore", c.sore}};
  j["exercises"] = ex;
  j["most_skipped"] = or_null(r.most_skipped);
  j["most_sore"] = or_null(r.most_sore);
  json ms = json::array();
  for (const auto& m : r.milestones) ms.push_back({{"id", m.id}, {"date", format_date(m.day)}, {"text", m.text}});
  j["milestones"] = ms;
  j["due"] = r.due;
  return j;
}

// "function": the Patient-Specific Functional Scale check-ins of the range
// (backcare(1)): the mean of each activity's latest score, the change of
// the mean from each activity's first score to its latest (activities
// scored twice or more), whether that change is 2 points or more, the day
// of the latest check-in, and whether one is due now.
nlohmann::ordered_json function_json(const FunctionTracker& t, const Routine* routine, Day as_of) {
  auto acts = t.activities();
  FunctionSummary s = summarize(acts);
  nlohmann::ordered_json j;
  j["last_mean"] = or_null(s.last_mean);
  j["change"] = or_null(s.change);
  j["meaningful"] = s.meaningful();
  j["last_date"] = or_null(t.last_day());
  j["due"] = routine ? function_due(routine->outcomes, t.last_day(), as_of) : false;
  return j;
}

void write_out(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) throw Failure(kIoErr, "cannot write the output");
}

int run_stats(const StatsOptions& o, Context& ctx) {
  if (o.json + o.tsv + (o.format_opt && o.format_opt->count() > 0) > 1)
    throw Failure(kUsage, "--json, --tsv and --format go one at a time");
  const LocalTime now = ctx.now();
  // --until before today: that day plays the part of today, at its end.
  Day as_of = now.day;
  int seconds = now.seconds;
  if (!o.until.empty()) {
    Day until = parse_day_option("--until", o.until, now.day);
    if (until < now.day) {
      as_of = until;
      seconds = kSecondsPerDay - 1;
    }
  }
  std::optional<Day> since;
  if (!o.since.empty()) {
    since = parse_day_option("--since", o.since, now.day);
    if (*since > as_of)
      throw Failure(kUsage, fmt::format("--since {} is after {} ({}): nothing to count", format_date(*since),
                                        o.until.empty() ? "today" : "--until", format_date(as_of)));
  }

  // What to compute: all of it, except for a template (its fields only)
  // and TSV (the days).
  unsigned parts = kPartAll;
  bool want_flags = true;  // the open flags (SPEC §7): text, JSON, {flag} and {flags}
  std::optional<Template> tpl;
  if (o.format_opt && o.format_opt->count()) {
    auto parsed = parse_template(o.format);
    if (auto* err = std::get_if<TemplateError>(&parsed)) throw Failure(kUsage, "--format: " + err->message);
    tpl = std::get<Template>(std::move(parsed));
    parts = 0;
    want_flags = false;
    for (const auto& name : tpl->fields()) {
      if (name == "flag" || name == "flags") {
        want_flags = true;
        continue;
      }
      const StatsField* f = find_stats_field(name);
      if (!f)
        throw Failure(kUsage, fmt::format("--format: unknown field {{{}}}; the fields are {}", cut_long_words(name),
                                          stats_field_list()));
      parts |= f->parts;
    }
  } else if (o.tsv) {
    parts = kPartDayCounts;
    want_flags = false;
  }

  // The routine is parsed on a second thread while the journal streams
  // in: neither waits for the other.
  // Figures that need only the routine's plan, with the embedded routine:
  // its plan is known without parsing it (the prompt path).
  std::optional<Plan> plan;
  if (parts_need_routine(parts) && !parts_need_schedule(parts) && ctx.routine_is_embedded())
    plan = default_routine_plan();
  const bool need_routine = parts_need_routine(parts) && !plan;
  const Routine* routine = nullptr;
  std::future<const Routine*> routine_later;
  const bool journal = parts_need_journal(parts) || want_flags;
  if (need_routine && journal) {
    try {
      routine_later = std::async(std::launch::async, [&ctx] { return &ctx.routine(); });
    } catch (const std::system_error&) {
      // No thread to be had: the routine first, then the journal.
    }
  }
  if (need_routine && !routine_later.valid()) routine = &ctx.routine();
  // A large journal is read on two threads, a builder each, merged after.
  std::vector<StatsBuilder> builders(kParts, StatsBuilder(as_of, since, builder_needs(parts)));
  std::vector<RedFlags> rules(kParts, RedFlags(now.day));
  std::vector<FunctionTracker> function(kParts, FunctionTracker(since, as_of));  // --json only
  if (journal) {
    ScanOptions scan{as_of, as_of != now.day};
    // The prompt path: the front of each line only, and no filter of
    // repeats when they cannot change the figures. Flags need whole lines.
    // (A template only: the TSV rows show each day's minutes and pain.)
    scan.head_only = tpl && parts_need_heads_only(parts) && !want_flags;
    scan.repeats_harmless = tpl && parts_ignore_repeats(parts) && !want_flags;
    auto merge = [&](int used) {
      for (int k = 1; k < used; ++k) builders[0].merge(builders[static_cast<std::size_t>(k)]);
      for (int k = 1; k < used; ++k) rules[0].merge(rules[static_cast<std::size_t>(k)]);
      for (int k = 1; k < used; ++k) function[0].merge(function[static_cast<std::size_t>(k)]);
    };
    // The folds kept between runs: what they keep names the slot, the
    // days they count from and to complete the key.
    CachedFolds cache;
    cache.slot = fmt::format("stats/{:x}/{:d}/{:d}", builder_needs(parts), want_flags, o.json);
    cache.key = fmt::format("{}|as_of={}|since={}|today={}", cache.slot, format_date(as_of),
                            since ? format_date(*since) : std::string("-"), format_date(now.day));
    cache.save = [&] {
      ByteWriter w;
      builders[0].save(w);
      if (want_flags) rules[0].save(w);
      if (o.json) function[0].save(w);
      return w.take();
    };
    cache.load = [&](std::string_view bytes) {
      ByteReader r(bytes);
      return builders[0].load(r) && (!want_flags || rules[0].load(r)) && (!o.json || function[0].load(r)) &&
             r.done();
    };
    scan_journal_parts(
        ctx.journal_path(), scan, kParts,
        [&](int part, const Record& r, long line) {
          builders[static_cast<std::size_t>(part)].add(r, line);
          if (want_flags) rules[static_cast<std::size_t>(part)].add(r, line);
          if (o.json && r.kind == Kind::function) function[static_cast<std::size_t>(part)].add(r, line);
        },
        [&] {
          builders.assign(kParts, StatsBuilder(as_of, since, builder_needs(parts)));
          rules.assign(kParts, RedFlags(now.day));
          function.assign(kParts, FunctionTracker(since, as_of));
        },
        merge, &cache);
  }
  const OpenFlags open = want_flags ? open_flags(rules[0]) : OpenFlags{};
  const StatsBuilder& builder = builders[0];
  if (routine_later.valid()) routine = routine_later.get();

  StatsReport report = make_report(builder, routine, seconds, parts, plan);

  if (tpl) {
    write_out(render(*tpl, [&](std::string_view name) -> std::string {
                if (name == "flag") return open.highest() ? std::string(tier_name(*open.highest())) : std::string();
                if (name == "flags") return std::to_string(open.flags.size());
                return stats_field_value(name, report);
              }) + "\n");
  } else if (o.json) {
    auto j = to_json(report);
    j["flags"] = nlohmann::ordered_json::array();
    for (const auto& f : open.flags) j["flags"].push_back({{"id", f.id}, {"tier", tier_name(f.tier)}});
    j["function"] = function_json(function[0], routine, as_of);
    write_out(j.dump(2) + "\n");
  } else if (o.tsv) {
    std::string buf(tsv_header());
    if (report.start) {
      const DayTable& days = builder.days();
      for (Day d = *report.start; d <= as_of; d += date::days{1}) {
        const DayTotals& t = days.get(d);
        buf += tsv_row(d, t, day_state(t.marks, d, report.plan.planned_days));
        if (buf.size() > 1 << 16) {
          write_out(buf);
          buf.clear();
        }
      }
    }
    write_out(buf);
  } else {
    if (!open.flags.empty()) write_out(Style{ctx.color()}.bold(open_flags_line(open)) + "\n\n");
    write_out(render_summary(report, builder.days(), Style{ctx.color()}));
  }
  if (std::fflush(stdout) != 0) throw Failure(kIoErr, "cannot write the output");
  return kOk;
}

}  // namespace

Command add_stats(CLI::App& root) {
  auto o = std::make_shared<StatsOptions>();
  auto* cmd = root.add_subcommand("stats", "streaks, goals, habit strength, pain trend");
  cmd->add_option("--since", o->since, "count from this day: YYYY-MM-DD, today, yesterday, -N or a weekday")->type_name("DATE");
  cmd->add_option("--until", o->until, "count up to this day, as if it were today")->type_name("DATE");
  cmd->add_flag("--json", o->json, "one JSON object, for scripts");
  cmd->add_flag("--tsv", o->tsv, "one tab-separated row a day, with a header");
  o->format_opt = cmd->add_option("--format", o->format, "fill a template such as '{streak}d {pain}' (fields below)")
                      ->type_name("TEMPLATE");
  std::string fields = "\nFields for --format ({{ and }} are braces; an unknown value is empty):";
  for (const auto& f : stats_fields()) fields += fmt::format("\n  {:<13} {}", fmt::format("{{{}}}", f.name), f.help);
  fields += fmt::format("\n  {:<13} {}", "{flag}", "the most serious open flag's tier: emergency, urgent, soon (empty: none)");
  fields += fmt::format("\n  {:<13} {}", "{flags}", "how many flags are open (backcare check --no-ask)");
  cmd->footer(fields + "\n" +
              examples({"backcare stats", "backcare stats --since 2026-01-01 --json | jq .streak",
                        "PS1='[$(backcare stats --format \"{streak}d {due}\")] \\$ '"}));
  return {cmd, [o](Context& ctx) { return run_stats(*o, ctx); }};
}

}  // namespace backcare::cli
