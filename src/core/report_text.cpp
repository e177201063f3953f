// The text report (SPEC §8): fits 80 columns, plain, no colour.
#include "core/report.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

namespace backcare {
namespace {

std::string day_month(Day d) {
  return fmt::format("{} {}", static_cast<unsigned>(date::year_month_day{d}.day()), month_abbr(d));
}

std::string one(double v) { return fmt::format("{:.1f}", v); }

std::string trend_words(Trend t) {
  switch (t) {
    case Trend::improving: return "a meaningful fall (2 points, or 1 point and 30 %, or more)";
    case Trend::worsening: return "a meaningful rise (2 points, or 1 point and 30 %, or more)";
    case Trend::stable: return "no meaningful change (under 2 points and under 30 %)";
    case Trend::unknown: break;
  }
  return "too few readings to judge (2 or more in each are needed)";
}

}  // namespace

std::string report_text(const Report& r, const Routine& routine, std::size_t width) {
  (void)routine;
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto wrapped = [&](const std::string& s, std::string_view indent) {
    for (const auto& l : wrap_text(s, width - indent.size())) out += std::string(indent) + l + "\n";
  };
  line(fmt::format("backcare report: {} to {} ({} days)", format_date(r.since), format_date(r.until),
                   r.days.size()));
  wrapped("Self-reported: every figure below comes from the person's own journal, not from a clinical "
          "assessment.",
          "");

  line("");
  line("Adherence");
  line(fmt::format("  {} sessions; {} of {} days active (a session or an exercise logged).", r.sessions,
                   r.active_days, r.days.size()));
  line(fmt::format("  Weekly goal {} sessions, scaled by the planned days not taken as rest.", r.goal));
  line("  Week        Starts      Sessions  Target  Active days  Pain mean  Range");
  for (const auto& w : r.weeks) {
    std::string pain = w.pain.count ? one(*w.pain.value()) : "-";
    std::string range = w.pain.count ? fmt::format("{}-{}", w.pain_min, w.pain_max) : "-";
    std::string met = w.target > 0 && w.sessions >= w.target ? " met" : "";
    line(fmt::format("  {}-W{:02}  {}  {:>8}  {:>6}  {:>11}  {:>9}  {}{}", w.iso.year, w.iso.week,
                     format_date(w.monday), w.sessions, w.target, w.active_days, pain, range, met));
  }

  line("");
  line("Pain (0 none to 10 worst; pain entries and the pain= of sessions)");
  if (r.weeks.size() < 4) {
    line("  The period is under four weeks: no change from the first two weeks to the last two.");
  } else {
    auto mean = [](const Mean& m) { return m.count ? one(*m.value()) : std::string("-"); };
    wrapped(fmt::format("First two weeks: mean {} ({} readings); last two weeks: mean {} ({} readings).",
                        mean(r.pain_first), r.pain_first.count, mean(r.pain_last), r.pain_last.count),
            "  ");
    std::string change;
    if (r.pain_first.count && r.pain_last.count)
      change = fmt::format("Change {:+.1f}: ", *r.pain_last.value() - *r.pain_first.value());
    wrapped(change + trend_words(r.pain_change) + ".", "  ");
  }

  line("");
  line("Function (Patient-Specific Functional Scale: 0 unable, 10 as before)");
  if (r.activities.empty()) {
    line("  No function check-in in the period.");
  } else {
    for (const auto& a : r.activities) {
      std::string name = a.description.empty() ? a.id : fmt::format("{} ({})", a.description, a.id);
      std::string scores = a.scores.count >= 2
                               ? fmt::format("{} on {} -> {} on {}", a.scores.first.value, day_month(a.scores.first.day),
                                             a.scores.last.value, day_month(a.scores.last.day))
                               : fmt::format("{} on {} (once)", a.scores.first.value, day_month(a.scores.first.day));
      wrapped(fmt::format("{}: {}", name, scores), "  ");
    }
    const FunctionSummary& f = r.function;
    if (f.change)
      wrapped(fmt::format("Mean {} -> {}, change {:+.1f}: {} (2 points or more is meaningful).", one(*f.first_mean),
                          one(*f.last_mean), *f.change, f.meaningful() ? "a meaningful change" : "under 2 points"),
              "  ");
    else
      line(fmt::format("  Mean {}; each activity scored once, so no change yet.", one(*f.last_mean)));
  }

  line("");
  line("Warning signs raised (the rules of 'backcare check')");
  if (r.flags.empty()) line("  None raised in the period.");
  for (const auto& f : r.flags) {
    std::string state = f.seen    ? fmt::format("closed: seen by a clinician {}", format_date(*f.seen))
                        : f.ended ? fmt::format("no longer raised from {}", format_date(*f.ended))
                                  : "still open at the end of the period";
    std::string when = f.before ? "before " + format_date(r.since) : format_date(f.raised);
    wrapped(fmt::format("{}  {:<9}  {}: {}", when, tier_name(f.tier), f.id, state), "  ");
  }

  line("");
  line("Exercises (dose at the start of the period -> at its end)");
  if (r.exercises.empty()) line("  None logged in the period.");
  std::size_t w = 8;
  for (const auto& e : r.exercises) w = std::max(w, e.id.size());
  w = std::min<std::size_t>(w, 24);
  if (!r.exercises.empty()) line(fmt::format("  {}  Done  Skipped  Sore  Dose", pad("Exercise", w)));
  for (const auto& e : r.exercises) {
    std::string dose = e.dose_start == e.dose_end ? e.dose_end + " (unchanged)" : e.dose_start + " -> " + e.dose_end;
    std::string head = fmt::format("  {}  {:>4}  {:>7}  {:>4}  ", pad(e.id, w), e.sessions, e.skipped, e.sore);
    if (head.size() + dose.size() <= width) line(head + dose);
    else {
      line(head.substr(0, head.find_last_not_of(' ') + 1));
      wrapped(dose, "      ");
    }
  }

  line("");
  line("Notes");
  if (r.notes.empty()) line("  None.");
  for (const auto& n : r.notes) {
    std::string when = format_date(n.day);
    if (n.time >= 0) when += " " + format_hhmm(n.time);
    wrapped(fmt::format("{} ({}): {}", when, n.kind, n.text), "  ");
  }
  return out;
}

}  // namespace backcare
