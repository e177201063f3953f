#include "core/stats_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace backcare {
namespace {

constexpr date::days kDay{1};

std::string optional_number(const std::optional<double>& v, int decimals) {
  return v ? format_number(*v, decimals) : std::string();
}

}  // namespace

std::string format_number(double v, int decimals) {
  double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  if (r == 0) r = 0;  // no "-0"
  std::string s = fmt::format("{:.{}f}", r, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// --- TSV --------------------------------------------------------------------

std::string_view tsv_header() { return "date\tsessions\tminutes\tpain\tstate\n"; }

std::string tsv_row(Day d, const DayTotals& t, DayState s) {
  return fmt::format("{}\t{}\t{}\t{}\t{}\n", format_date(d), t.sessions, format_number(t.minutes, 2),
                     optional_number(t.pain_mean(), 2), day_state_name(s));
}

// --- fields -----------------------------------------------------------------

const std::vector<StatsField>& stats_fields() {
  static const std::vector<StatsField> fields = {
      {"streak", kPartStreak, "current streak, in active days"},
      {"longest", kPartStreak, "longest streak, in active days"},
      {"weeks", kPartWeeks, "weekly-goal streak, in weeks"},
      {"week", kPartWeek, "sessions this ISO week"},
      {"target", kPartPlan, "sessions a week, the goal"},
      {"sessions", kPartTotals, "sessions in the range"},
      {"minutes", kPartTotals, "minutes in the range"},
      {"strength", kPartStrength, "habit strength, 0 to 100"},
      {"pain", kPartPain, "the last pain reading"},
      {"avg7", kPartPain, "mean pain of the last 7 days"},
      {"avg_prev7", kPartPain, "mean pain of the 7 days before"},
      {"trend", kPartPain, "improving, stable, worsening or unknown"},
      {"baseline", kPartBaseline, "mean pain of the first week"},
      {"change", kPartBaseline, "7-day mean minus the baseline"},
      {"due", kPartDue, "routines due now, comma-separated"},
      {"date", 0, "the day the figures are for"},
  };
  return fields;
}

const StatsField* find_stats_field(std::string_view name) {
  for (const auto& f : stats_fields())
    if (f.name == name) return &f;
  return nullptr;
}

std::string stats_field_list() {
  std::string s;
  for (const auto& f : stats_fields()) s += fmt::format("{}{{{}}}", s.empty() ? "" : ", ", f.name);
  return s;
}

std::string stats_field_value(std::string_view name, const StatsReport& r) {
  if (name == "streak") return std::to_string(r.streak.current);
  if (name == "longest") return std::to_string(r.streak.longest);
  if (name == "weeks") return std::to_string(r.weeks.current);
  if (name == "week") return std::to_string(r.week_sessions);
  if (name == "target") return std::to_string(r.plan.sessions_per_week);
  if (name == "sessions") return std::to_string(r.sessions);
  if (name == "minutes") return format_number(r.minutes, 2);
  if (name == "strength") return fmt::format("{}", static_cast<int>(std::lround(r.strength * 100)));
  if (name == "pain") return r.pain.last ? std::to_string(*r.pain.last) : std::string();
  if (name == "avg7") return optional_number(r.pain.recent.value(), 1);
  if (name == "avg_prev7") return optional_number(r.pain.previous.value(), 1);
  if (name == "trend") return std::string(trend_name(r.pain.trend));
  if (name == "baseline") return r.baseline ? format_number(r.baseline->mean, 1) : std::string();
  if (name == "change") return optional_number(r.change, 1);
  if (name == "due") {
    std::string s;
    for (const auto& n : r.due) s += (s.empty() ? "" : ",") + n;
    return s;
  }
  if (name == "date") return format_date(r.as_of);
  return {};
}

// --- heat map ---------------------------------------------------------------

char heat_cell(const DayTotals& t, Day d, Day start, Day today, unsigned planned_days) {
  if (d < start || d > today) return ' ';
  if (t.sessions >= 2) return '#';
  if (t.sessions == 1) return '+';
  if (t.marks & kActive) return 'o';
  if (t.marks & kRest) return 'r';
  if (day_state(t.marks, d, planned_days) == DayState::neutral) return '-';
  return '.';
}

std::vector<std::string> heat_map(const DayTable& days, Day start, Day today, unsigned planned_days, int weeks,
                                  const Style& st) {
  constexpr std::size_t kLabel = 6;  // "  Mon " before the cells
  Day last_monday = week_start(today);
  Day first_monday = last_monday - date::days{7 * (std::max(weeks, 1) - 1)};
  first_monday = std::max(first_monday, week_start(std::min(start, today)));
  const int columns = days_between(first_monday, last_monday) / 7 + 1;

  std::vector<std::string> lines;
  // Month names above the week in which the month starts; the first
  // column is named after its own month when there is room.
  std::vector<std::pair<int, Day>> labels;
  for (int c = 0; c < columns; ++c) {
    Day sunday = first_monday + date::days{7 * c + 6};
    if (static_cast<unsigned>(date::year_month_day{sunday}.day()) <= 7) labels.emplace_back(c, sunday);
  }
  if (labels.empty() || labels.front().first >= 2) labels.insert(labels.begin(), {0, first_monday});
  std::string months;
  for (const auto& [c, day] : labels) {
    std::size_t at = kLabel + static_cast<std::size_t>(2 * c);
    if (months.size() + 1 > at && !months.empty()) continue;  // no room
    months.resize(at, ' ');
    months += month_abbr(day);
  }
  while (!months.empty() && months.back() == ' ') months.pop_back();
  lines.push_back(months);

  static constexpr std::array<std::string_view, 7> names = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int wd = 0; wd < 7; ++wd) {
    std::string row = fmt::format("  {} ", names[static_cast<std::size_t>(wd)]);
    std::string pending;  // trailing blanks, written only before a cell
    for (int c = 0; c < columns; ++c) {
      Day d = first_monday + date::days{7 * c + wd};
      char cell = heat_cell(days.get(d), d, start, today, planned_days);
      if (cell == ' ') {
        pending += "  ";
        continue;
      }
      std::string glyph(1, cell);
      switch (cell) {
        case '#': glyph = st.wrap("1;32", glyph); break;
        case '+': glyph = st.green(glyph); break;
        case 'o': glyph = st.green(glyph); break;
        case 'r': glyph = st.cyan(glyph); break;
        case '-': glyph = st.dim(glyph); break;
        default: break;
      }
      if (d == today) glyph = st.wrap("4", glyph);  // today underlined
      row += pending + glyph;
      pending = " ";
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    lines.push_back(row);
  }
  lines.push_back(std::string(kLabel, ' ') + st.dim("# 2+ sessions  + 1 session  o exercises  r rest") + "\n" +
                  std::string(kLabel, ' ') + st.dim("- nothing planned  . missed"));
  return lines;
}

std::string pain_sparkline(const DayTable& days, Day start, Day today, int n) {
  static constexpr std::array<std::string_view, 8> blocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string s;
  Day from = std::max(start, today - date::days{std::max(n, 1) - 1});
  for (Day d = from; d <= today; d += kDay) {
    auto mean = days.get(d).pain_mean();
    if (!mean) {
      s += ' ';
      continue;
    }
    auto i = static_cast<std::size_t>(std::lround(std::clamp(*mean, 0.0, 10.0) * 7 / 10));
    s += blocks[i];
  }
  return s;
}

// --- summary ----------------------------------------------------------------

std::string render_summary(const StatsReport& r, const DayTable& days, const Style& st) {
  std::string out;
  auto line = [&](std::string_view label, const std::string& text) {
    out += fmt::format("  {:<13} {}\n", label, text);
  };
  out += st.bold(fmt::format("backcare stats, {}", format_long_date(r.as_of)));
  if (r.start) out += fmt::format(" (from {})", format_date(*r.start));
  out += "\n\n";
  if (!r.start) {
    out += "  Nothing recorded yet. 'backcare start' guides a session and records it;\n"
           "  'backcare log pain N' records how your back feels.\n";
    return out;
  }

  std::string streak = plural(r.streak.current, "day", "days");
  if (r.streak.current > 0 && r.streak.current == r.streak.longest) streak += " (your longest)";
  else streak += fmt::format(" (longest {})", r.streak.longest);
  line("streak", st.bold(streak));
  line("this week", fmt::format("{} of {} sessions{}", r.week_sessions, r.week_target,
                                r.week_sessions >= r.week_target ? st.green(", goal met") : ""));
  if (r.weeks.longest == 0)
    // Each week is met against its own target (the goal, less for its rest
    // days), so the plain goal is named as such, not as a count to reach.
    line("weekly goal", fmt::format("none met yet ({} a week, less in weeks with rest days)",
                                    plural(r.plan.sessions_per_week, "session", "sessions")));
  else if (r.weeks.current == 0)
    line("weekly goal", fmt::format("not met last week (longest run {})", plural(r.weeks.longest, "week", "weeks")));
  else
    line("weekly goal", fmt::format("met {} in a row (longest {})", plural(r.weeks.current, "week", "weeks"),
                                    r.weeks.longest));
  line("strength", fmt::format("{} %", std::lround(r.strength * 100)));
  line("sessions", fmt::format("{}, {} minutes in all", r.sessions, format_number(r.minutes, 1)));
  line("days", fmt::format("{} active, {} rest or unplanned, {} missed", r.day_counts.active, r.day_counts.neutral,
                           r.day_counts.missed));

  const PainSummary& p = r.pain;
  if (p.last) {
    std::string text = fmt::format("last {} ({})", *p.last, format_date(*p.last_day));
    if (auto a = p.recent.value()) text += fmt::format(", 7-day mean {}", format_number(*a, 1));
    if (auto b = p.previous.value()) text += fmt::format(", {} the 7 days before", format_number(*b, 1));
    std::string trend(trend_name(p.trend));
    if (p.trend == Trend::improving) trend = st.green(trend);
    else if (p.trend == Trend::worsening) trend = st.yellow(trend);
    line("pain", text);
    line("", fmt::format("trend: {}", trend));
    if (r.baseline) {
      std::string base = fmt::format("first week {} (from {})", format_number(r.baseline->mean, 1),
                                     format_date(r.baseline->from));
      if (r.change) {
        double c = *r.change;
        base += std::fabs(c) < 0.05 ? ", the same now"
                                    : fmt::format(", now {} {}", format_number(std::fabs(c), 1), c < 0 ? "lower" : "higher");
      }
      line("", base);
    }
  } else {
    line("pain", "no readings yet ('backcare log pain N')");
  }

  out += '\n';
  for (const auto& l : heat_map(days, *r.start, r.as_of, r.plan.planned_days, 26, st)) out += l + '\n';
  if (p.last) {
    std::string spark = pain_sparkline(days, *r.start, r.as_of, 56);
    out += fmt::format("\n  pain  {}\n", spark);
    out += fmt::format("        {}\n", st.dim("one mark a day, the last 8 weeks; low is less pain, a gap no reading"));
  }

  if (!r.milestones.empty()) {
    out += "\n  milestones\n";
    std::size_t from = r.milestones.size() > 3 ? r.milestones.size() - 3 : 0;
    for (std::size_t i = from; i < r.milestones.size(); ++i)
      out += fmt::format("    {}  {}\n", format_date(r.milestones[i].day), r.milestones[i].text);
  }
  auto count_of = [&](const std::string& id, long ExerciseCounts::*f) {
    for (const auto& e : r.exercises)
      if (e.first == id) return e.second.*f;
    return 0L;
  };
  if (r.most_skipped || r.most_sore) {
    out += '\n';
    if (r.most_skipped)
      line("most skipped", fmt::format("{} ({})", *r.most_skipped,
                                       plural(count_of(*r.most_skipped, &ExerciseCounts::skipped), "time", "times")));
    if (r.most_sore)
      line("most sore", fmt::format("{} ({})", *r.most_sore,
                                    plural(count_of(*r.most_sore, &ExerciseCounts::sore), "time", "times")));
  }
  return out;
}

}  // namespace backcare
