// stats for people and for pipes: the summary with its calendar heat map
// and pain sparkline, the TSV rows, and the fields of --format.
#pragma once

#include "core/stats.hpp"
#include "core/text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace backcare {

// A number with at most `decimals` decimals, without trailing zeros:
// 14, 14.5, 3.33.
std::string format_number(double v, int decimals);

// --- TSV: one row a day -------------------------------------------------

std::string_view tsv_header();  // "date\tsessions\tminutes\tpain\tstate\n"
// date, sessions, minutes, pain mean (2 decimals; empty without a
// reading), active/neutral/missed.
std::string tsv_row(Day d, const DayTotals& t, DayState s);

// --- --format fields ----------------------------------------------------

struct StatsField {
  std::string_view name;
  unsigned parts;  // ReportPart bits it needs
  std::string_view help;
};
const std::vector<StatsField>& stats_fields();
const StatsField* find_stats_field(std::string_view name);
// "{streak}, {longest}, ..." for messages.
std::string stats_field_list();
// The field's text; empty when its value cannot be known.
std::string stats_field_value(std::string_view name, const StatsReport& r);

// --- the summary for a terminal ----------------------------------------

// The heat map's cell for one day (before colour): ' ' outside the range
// seen, '#' two or more sessions, '+' one session, 'o' exercises only,
// 'r' a rest day, '-' nothing planned, '.' missed.
char heat_cell(const DayTotals& t, Day d, Day start, Day today, unsigned planned_days);

// The calendar heat map: a row a weekday, a column an ISO week (the last
// `weeks` weeks, not before the week of `start`), month names above, a
// legend below. Fits 80 columns for weeks <= 30.
std::vector<std::string> heat_map(const DayTable& days, Day start, Day today, unsigned planned_days, int weeks,
                                  const Style& st);

// One block (▁ to █) a day for the day's mean pain on the 0-10 scale, a
// space for a day without a reading; the last `n` days to today, not
// before start.
std::string pain_sparkline(const DayTable& days, Day start, Day today, int n);

// The whole summary, lines ending in '\n'. Needs a report with kPartAll.
std::string render_summary(const StatsReport& r, const DayTable& days, const Style& st);

}  // namespace backcare
