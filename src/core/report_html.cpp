// report --html (SPEC §8): one self-contained HTML5 page, inline CSS and
// SVG drawn here; no script, no web font, nothing fetched. Prints on A4 in
// two pages for 12 weeks; greys and patterns, so it reads in greyscale.
#include "core/report.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace backcare {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr int kW = 680;   // chart width in px (fits A4 at 96 dpi with margins)
constexpr int kH = 170;   // chart height
constexpr int kL = 44, kR = 12, kT = 12, kB = 34;  // margins for the axes

std::string wk_label(const ReportWeek& w) { return fmt::format("W{}", w.iso.week); }

std::string one(double v) { return fmt::format("{:.1f}", v); }

// X of the middle of week i of n.
double week_x(std::size_t i, std::size_t n) {
  double span = kW - kL - kR;
  return kL + span * (static_cast<double>(i) + 0.5) / static_cast<double>(std::max<std::size_t>(n, 1));
}

std::string axes(std::size_t n, const std::vector<ReportWeek>& weeks, int ymax, int ystep, std::string_view ylabel) {
  std::string s;
  double plot_h = kH - kT - kB;
  for (int v = 0; v <= ymax; v += ystep) {
    double y = kT + plot_h * (1 - static_cast<double>(v) / ymax);
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" class=\"grid\"/>", kL, y, kW - kR, y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>", kL - 6, y + 4, v);
  }
  for (std::size_t i = 0; i < n; ++i)
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>", week_x(i, n),
                     kH - kB + 15, wk_label(weeks[i]));
  s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">ISO week</text>", (kW + kL) / 2,
                   kH - 3);
  s += fmt::format("<text x=\"12\" y=\"{}\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">{}</text>",
                   kT + static_cast<int>(plot_h / 2), kT + static_cast<int>(plot_h / 2), ylabel);
  s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"frame\"/>", kL, kT, kL, kH - kB);
  s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"frame\"/>", kL, kH - kB, kW - kR, kH - kB);
  return s;
}

std::string pain_chart(const Report& r) {
  const auto& w = r.weeks;
  double plot_h = kH - kT - kB;
  auto y = [&](double v) { return kT + plot_h * (1 - v / 10); };
  std::string s = fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
                              "role=\"img\" aria-label=\"Weekly pain: mean and range\">",
                              kW, kH, kW, kH);
  s += axes(w.size(), w, 10, 2, "pain 0-10");
  // The range band: one polygon over the weeks with readings, split at gaps.
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!w[i].pain.count) continue;
    if (!runs.empty() && runs.back().second + 1 == i) runs.back().second = i;
    else runs.push_back({i, i});
  }
  double half = (kW - kL - kR) / static_cast<double>(std::max<std::size_t>(w.size(), 1)) * 0.3;
  for (auto [a, b] : runs) {
    std::string pts;
    for (std::size_t i = a; i <= b; ++i) {
      double x = week_x(i, w.size());
      pts += fmt::format("{:.1f},{:.1f} ", a == b ? x - half : x, y(w[i].pain_max));
      if (a == b) pts += fmt::format("{:.1f},{:.1f} ", x + half, y(w[i].pain_max));
    }
    for (std::size_t i = b + 1; i-- > a;) {
      double x = week_x(i, w.size());
      if (a == b) pts += fmt::format("{:.1f},{:.1f} ", x + half, y(w[i].pain_min));
      pts += fmt::format("{:.1f},{:.1f} ", a == b ? x - half : x, y(w[i].pain_min));
    }
    s += fmt::format("<polygon points=\"{}\" class=\"band\"/>", pts);
  }
  for (auto [a, b] : runs) {
    std::string pts;
    for (std::size_t i = a; i <= b; ++i) pts += fmt::format("{:.1f},{:.1f} ", week_x(i, w.size()), y(*w[i].pain.value()));
    s += fmt::format("<polyline points=\"{}\" class=\"mean\"/>", pts);
  }
  for (std::size_t i = 0; i < w.size(); ++i)
    if (w[i].pain.count)
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" class=\"dot\"><title>{}: mean {}, {} to {}</title></circle>",
                       week_x(i, w.size()), y(*w[i].pain.value()), wk_label(w[i]), one(*w[i].pain.value()), w[i].pain_min,
                       w[i].pain_max);
  s += "</svg>";
  return s;
}

std::string sessions_chart(const Report& r) {
  const auto& w = r.weeks;
  int top = 1;
  for (const auto& x : w) top = std::max({top, x.sessions, x.target});
  int ymax = top <= 5 ? top + 1 : (top + 2) / 2 * 2 + 2;
  int step = ymax <= 8 ? 1 : 2;
  ymax = (ymax + step - 1) / step * step;
  double plot_h = kH - kT - kB;
  auto y = [&](double v) { return kT + plot_h * (1 - v / ymax); };
  std::string s = fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
                              "role=\"img\" aria-label=\"Sessions per week against the target\">",
                              kW, kH, kW, kH);
  s += axes(w.size(), w, ymax, step, "sessions");
  double bw = (kW - kL - kR) / static_cast<double>(std::max<std::size_t>(w.size(), 1)) * 0.55;
  for (std::size_t i = 0; i < w.size(); ++i) {
    double x = week_x(i, w.size());
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"bar\"><title>{}: {} of {}</title></rect>",
                     x - bw / 2, y(w[i].sessions), bw, y(0) - y(w[i].sessions), wk_label(w[i]), w[i].sessions,
                     w[i].target);
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"target\"/>", x - bw * 0.8,
                     y(w[i].target), x + bw * 0.8, y(w[i].target));
    if (w[i].sessions > 0)
      s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"val\" text-anchor=\"middle\">{}</text>", x,
                       y(w[i].sessions) - 3, w[i].sessions);
  }
  s += "</svg>";
  return s;
}

std::string calendar(const Report& r) {
  const auto& w = r.weeks;
  constexpr int cell = 16, gap = 3, left = 52, top = 16;
  int height = top + static_cast<int>(w.size()) * (cell + gap) + 4;
  int width = left + 7 * (cell + gap) + 230;
  std::string s = fmt::format("<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
                              "role=\"img\" aria-label=\"Calendar of active, rest and missed days\">",
                              width, height, width, height);
  const char* names[] = {"M", "T", "W", "T", "F", "S", "S"};
  for (int d = 0; d < 7; ++d)
    s += fmt::format("<text x=\"{}\" y=\"11\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                     left + d * (cell + gap) + cell / 2, names[d]);
  for (std::size_t i = 0; i < w.size(); ++i)
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>", left - 6,
                     top + static_cast<int>(i) * (cell + gap) + 12, wk_label(w[i]));
  for (const auto& d : r.days) {
    auto wi = static_cast<int>(days_between(w.front().monday, d.day) / 7);
    int col = static_cast<int>(iso_weekday(d.day)) - 1;
    int x = left + col * (cell + gap), yy = top + wi * (cell + gap);
    const char* cls = d.kind == DayKind::active ? "active" : d.kind == DayKind::rest ? "rest"
                                                            : d.kind == DayKind::missed ? "missed" : "free";
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" class=\"{}\"><title>{} {}</title></rect>",
                     x, yy, cell, cell, cls, format_date(d.day), cls);
    if (d.kind == DayKind::missed)
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"cross\"/>", x + 4, yy + 4, x + cell - 4,
                       yy + cell - 4);
    if (d.kind == DayKind::rest)
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"restmark\"/>", x + 4, yy + cell / 2,
                       x + cell - 4, yy + cell / 2);
  }
  // The key.
  int kx = left + 7 * (cell + gap) + 24;
  const char* keys[][2] = {{"active", "active (a session or exercise)"},
                           {"rest", "rest day (logged)"},
                           {"missed", "missed (planned, nothing logged)"},
                           {"free", "nothing planned"}};
  for (int k = 0; k < 4; ++k) {
    int yy = top + k * (cell + 6);
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" class=\"{}\"/>", kx, yy, cell, cell,
                     keys[k][0]);
    if (k == 2)
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"cross\"/>", kx + 4, yy + 4, kx + cell - 4,
                       yy + cell - 4);
    if (k == 1)
      s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"restmark\"/>", kx + 4, yy + cell / 2,
                       kx + cell - 4, yy + cell / 2);
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\">{}</text>", kx + cell + 6, yy + 12, keys[k][1]);
  }
  s += "</svg>";
  return s;
}

constexpr std::string_view kStyle = R"(
@page { size: A4; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
  color: #222; margin: 0 auto; max-width: 182mm; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2pt; font-weight: 600; }
h2 { font-size: 11.5pt; margin: 12pt 0 4pt; border-bottom: 1px solid #999; padding-bottom: 2pt; font-weight: 600; }
p { margin: 3pt 0; }
summary { font-size: 9pt; color: #444; cursor: pointer; }
.figures { display: flex; flex-wrap: wrap; gap: 4pt 10pt; margin: 6pt 0; }
figure { margin: 0; break-inside: avoid; }
figure pre { display: inline-block; margin: 0 4pt 0 0; font-family: "DejaVu Sans Mono", monospace; font-size: 7pt;
  line-height: 1.1; }
figcaption { font-size: 8pt; color: #444; }
.meta { color: #555; }
.note { font-size: 9pt; color: #444; border-left: 3px solid #999; padding-left: 6pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 3pt 0; }
th, td { text-align: left; padding: 2pt 5pt; border-bottom: 1px solid #ddd; vertical-align: top; }
th { border-bottom: 1px solid #888; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 4pt 0; break-inside: avoid; }
figcaption { font-size: 9pt; color: #444; }
section { break-inside: avoid; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; }
.tick { font-size: 10px; fill: #444; }
.axis { font-size: 10px; fill: #222; }
.val { font-size: 9px; fill: #222; }
.grid { stroke: #ddd; stroke-width: 1; }
.frame { stroke: #444; stroke-width: 1; }
.band { fill: #cfcfcf; stroke: none; }
.mean { fill: none; stroke: #111; stroke-width: 2; }
.dot { fill: #111; }
.bar { fill: #9a9a9a; }
.target { stroke: #111; stroke-width: 2; stroke-dasharray: 4 2; }
.active { fill: #555; }
.rest { fill: #fff; stroke: #555; stroke-width: 1; }
.missed { fill: #fff; stroke: #999; stroke-width: 1; }
.free { fill: #eee; }
.cross { stroke: #777; stroke-width: 1.5; }
.restmark { stroke: #555; stroke-width: 1.5; }
.pagebreak { break-before: page; }
@media print { body { max-width: none; } h2 { margin-top: 9pt; } }
)";

}  // namespace

std::string report_html(const Report& r, const Routine& routine) {
  (void)routine;
  std::string h;
  auto add = [&](std::string_view s) { h += s; };
  add("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  add(fmt::format("<title>Back exercise report, {} to {}</title>\n", format_date(r.since), format_date(r.until)));
  add("<style>");
  add(kStyle);
  add("</style>\n</head>\n<body>\n");
  add(fmt::format("<h1>Back exercise report</h1>\n<p class=\"meta\">{} to {} ({} days). Made by backcare.</p>\n",
                  format_long_date(r.since), format_long_date(r.until), r.days.size()));
  add("<p class=\"note\">Self-reported: every figure here comes from the person's own journal, not from a clinical "
      "assessment.</p>\n");

  // Summary.
  add("<h2>Summary</h2>\n<p>");
  add(fmt::format("{} sessions; {} of {} days active. Weekly goal: {} sessions, scaled by the planned days not taken "
                  "as rest.",
                  r.sessions, r.active_days, r.days.size(), r.goal));
  add("</p>\n<p>");
  if (r.weeks.size() >= 4 && r.pain_first.count && r.pain_last.count) {
    double a = *r.pain_first.value(), b = *r.pain_last.value();
    const char* judged = r.pain_change == Trend::improving   ? "a meaningful fall"
                         : r.pain_change == Trend::worsening ? "a meaningful rise"
                         : r.pain_change == Trend::stable    ? "no meaningful change"
                                                             : "too few readings to judge";
    add(fmt::format("Pain: mean {} in the first two weeks, {} in the last two ({:+.1f}): {} (2 points, or 1 point and "
                    "30 %, is meaningful).",
                    one(a), one(b), b - a, judged));
  } else {
    add("Pain: too few weeks or readings to compare the first two weeks with the last two.");
  }
  add("</p>\n");

  add("<figure>");
  add(pain_chart(r));
  add("<figcaption>Pain per week (0 none to 10 worst): the line is the mean of the week's readings, the grey band "
      "their range from lowest to highest.</figcaption></figure>\n");
  add("<figure>");
  add(sessions_chart(r));
  add("<figcaption>Sessions per week (bars) against the week's target (dashed line).</figcaption></figure>\n");
  add("<figure>");
  add(calendar(r));
  add("<figcaption>Each day of the period.</figcaption></figure>\n");

  // Tables.
  add("<section class=\"pagebreak\"><h2>Weeks</h2>\n<table><thead><tr><th>Week</th><th>Starts</th><th class=\"n\">Sessions</th>"
      "<th class=\"n\">Target</th><th class=\"n\">Active days</th><th class=\"n\">Pain mean</th><th class=\"n\">Range</th>"
      "</tr></thead><tbody>\n");
  for (const auto& w : r.weeks)
    add(fmt::format("<tr><td>{}-W{:02}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                    w.iso.year, w.iso.week, format_date(w.monday), w.sessions, w.target, w.active_days,
                    w.pain.count ? one(*w.pain.value()) : "&ndash;",
                    w.pain.count ? fmt::format("{}&ndash;{}", w.pain_min, w.pain_max) : "&ndash;"));
  add("</tbody></table></section>\n");

  add("<section><h2>Function (Patient-Specific Functional Scale)</h2>\n");
  if (r.activities.empty()) {
    add("<p>No function check-in in the period.</p>\n");
  } else {
    add("<p>Each activity scored from 0 (unable) to 10 (as well as before the problem); a change of 2 points or more "
        "in the mean is meaningful.</p>\n<table><thead><tr><th>Activity</th><th class=\"n\">First</th>"
        "<th class=\"n\">Last</th><th class=\"n\">Change</th></tr></thead><tbody>\n");
    for (const auto& a : r.activities) {
      std::string name = a.description.empty() ? html_escape(a.id)
                                               : fmt::format("{} ({})", html_escape(a.description), html_escape(a.id));
      add(fmt::format("<tr><td>{}</td><td class=\"n\">{} <span class=\"meta\">{}</span></td><td class=\"n\">{} "
                      "<span class=\"meta\">{}</span></td><td class=\"n\">{}</td></tr>\n",
                      name, a.scores.first.value, format_date(a.scores.first.day), a.scores.last.value,
                      format_date(a.scores.last.day),
                      a.scores.count >= 2 ? fmt::format("{:+d}", a.scores.last.value - a.scores.first.value) : "&ndash;"));
    }
    add("</tbody></table>\n");
    if (r.function.change)
      add(fmt::format("<p>Mean {} &rarr; {}, change {:+.1f}: {}.</p>\n", one(*r.function.first_mean),
                      one(*r.function.last_mean), *r.function.change,
                      r.function.meaningful() ? "a meaningful change" : "under 2 points"));
  }
  add("</section>\n");

  add("<section><h2>Warning signs raised</h2>\n");
  if (r.flags.empty()) {
    add("<p>None raised in the period by the rules of <code>backcare check</code>.</p>\n");
  } else {
    add("<table><thead><tr><th>Raised</th><th>Tier</th><th>Sign</th><th>Outcome</th></tr></thead><tbody>\n");
    for (const auto& f : r.flags) {
      std::string state = f.seen    ? fmt::format("closed: seen by a clinician {}", format_date(*f.seen))
                          : f.ended ? fmt::format("no longer raised from {}", format_date(*f.ended))
                                    : "still open at the end of the period";
      add(fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      f.before ? "before " + format_date(r.since) : format_date(f.raised), tier_name(f.tier),
                      html_escape(f.id), state));
    }
    add("</tbody></table>\n");
  }
  add("</section>\n");

  add("<section><h2>Exercises</h2>\n");
  if (r.exercises.empty()) {
    add("<p>None logged in the period.</p>\n");
  } else {
    add("<table><thead><tr><th>Exercise</th><th class=\"n\">Done</th><th class=\"n\">Skipped</th><th class=\"n\">Sore</th>"
        "<th>Dose at start</th><th>Dose at end</th></tr></thead><tbody>\n");
    for (const auto& e : r.exercises)
      add(fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td>"
                      "<td>{}</td></tr>\n",
                      html_escape(e.name.empty() ? e.id : e.name), e.sessions, e.skipped, e.sore,
                      html_escape(e.dose_start), html_escape(e.dose_end)));
    add("</tbody></table>\n");
    // The routine's drawing of each exercise done, as text (issue 17): every
    // frame of a movement side by side, as the session shows them in turn.
    // Folded (a closed <details>), so the printed report keeps to two pages;
    // a click opens them on screen.
    bool any = false;
    for (const auto& e : r.exercises) {
      const Exercise* ex = routine.exercise(e.id);
      if (!ex || ex->frames.empty()) continue;
      if (!any) add("<details><summary>How each exercise is done: the figures</summary>\n<div class=\"figures\">\n");
      any = true;
      add("<figure>");
      for (const auto& frame : ex->frames) {
        std::string text;
        for (const auto& l : figure_lines(frame)) {
          std::string line = l;
          while (!line.empty() && line.back() == ' ') line.pop_back();
          text += line + "\n";
        }
        add("<pre>" + html_escape(text) + "</pre>");
      }
      add(fmt::format("<figcaption>{}</figcaption></figure>\n", html_escape(ex->name)));
    }
    if (any) add("</div>\n</details>\n");
  }
  add("</section>\n");

  add("<section><h2>Notes</h2>\n");
  if (r.notes.empty()) {
    add("<p>None.</p>\n");
  } else {
    add("<table><tbody>\n");
    for (const auto& n : r.notes) {
      std::string when = format_date(n.day);
      if (n.time >= 0) when += " " + format_hhmm(n.time);
      add(fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", when, html_escape(n.kind), html_escape(n.text)));
    }
    add("</tbody></table>\n");
  }
  add("</section>\n</body>\n</html>\n");
  return h;
}

}  // namespace backcare
