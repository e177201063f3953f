// backcare report: the period's summary for the person and their
// clinician (SPEC §8), as text, HTML, CSV or a FHIR R4 Bundle. The journal
// is read once into the core's ReportBuilder; the shell adds the period,
// the routine and, for FHIR, the local UTC offset of each time (mktime and
// localtime_r, so TZ is honoured).
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_read.hpp"
#include "core/report.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace backcare::cli {
namespace {

struct ReportOptions {
  std::string since, until;
  bool html = false, csv = false, fhir = false;
};

Day day_option(const std::string& name, const std::string& value, Day today) {
  auto d = parse_date_arg(value, today);
  if (!d) throw Failure(kUsage, fmt::format("{} {}: use YYYY-MM-DD (a real day), today or yesterday", name, value));
  return *d;
}

// The local UTC offset, in minutes, at a wall-clock time of a day.
int utc_offset(Day day, int seconds) {
  date::year_month_day ymd{day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(ymd.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  tm.tm_hour = seconds / 3600;
  tm.tm_min = seconds / 60 % 60;
  tm.tm_sec = seconds % 60;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  std::tm local{};
  if (t == static_cast<std::time_t>(-1) || !::localtime_r(&t, &local)) return 0;
  return static_cast<int>(local.tm_gmtoff / 60);
}

int run_report(const ReportOptions& o, Context& ctx) {
  if (o.html + o.csv + o.fhir > 1) throw Failure(kUsage, "--html, --csv and --fhir go one at a time");
  const Day today = ctx.today();
  Day until = o.until.empty() ? today : day_option("--until", o.until, today);
  if (until > today) until = today;
  Day since = o.since.empty() ? default_since(until) : day_option("--since", o.since, today);
  if (since > until)
    throw Failure(kUsage, fmt::format("--since {} is after {} ({}): nothing to report", format_date(since),
                                      o.until.empty() ? "today" : "--until", format_date(until)));
  const Routine& routine = ctx.routine();
  ReportBuilder builder(routine, since, until);
  scan_journal(ctx.journal_path(), {until, until != today}, [&](const Record& r, long line) { builder.add(r, line); });
  Report report = builder.finish();
  std::string out = o.html   ? report_html(report, routine)
                    : o.csv  ? report_csv(report)
                    : o.fhir ? report_fhir(report, utc_offset)
                             : report_text(report, routine);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
    throw Failure(kIoErr, "cannot write the output");
  return kOk;
}

}  // namespace

Command add_report(CLI::App& root) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = root.add_subcommand("report", "a summary of the period for you and your physiotherapist");
  cmd->add_option("--since", o->since, "from this day (default: 12 weeks, from a Monday)")->type_name("DATE");
  cmd->add_option("--until", o->until, "up to this day (default: today)")->type_name("DATE");
  cmd->add_flag("--html", o->html, "one printable HTML page with charts (A4, two pages)");
  cmd->add_flag("--csv", o->csv, "every entry of the period as CSV (RFC 4180)");
  cmd->add_flag("--fhir", o->fhir, "pain and function scores as a FHIR R4 Bundle (JSON)");
  cmd->footer(examples({"backcare report", "backcare report --html > back.html",
                        "backcare report --since 2026-09-01 --csv > back.csv"}));
  return {cmd, [o](Context& ctx) { return run_report(*o, ctx); }};
}

}  // namespace backcare::cli
