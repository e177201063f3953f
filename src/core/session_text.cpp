#include "core/session_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace backcare {
namespace {

void add_wrapped(std::string& out, std::string_view text, std::size_t width, std::string_view indent) {
  for (const auto& line : wrap_text(text, width, indent)) {
    out += line;
    out += '\n';
  }
}

void add_item(std::string& out, std::string_view prefix, std::string_view text, std::size_t width, std::size_t indent) {
  out += wrap_item(prefix, text, width, indent);
}

// The lines of text that ends each line in a newline, without them.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Cuts s to at most `cols` columns (code points; escape codes kept whole).
std::string cut(std::string_view s, std::size_t cols) {
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {
      std::size_t j = i;
      while (j < s.size() && !((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z'))) ++j;
      out.append(s.substr(i, j + 1 - i));
      i = j + 1;
      continue;
    }
    std::size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xc0) == 0x80) ++j;
    if (w + 1 > cols) break;
    out.append(s.substr(i, j - i));
    ++w;
    i = j;
  }
  return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

std::string wrap_item(std::string_view prefix, std::string_view text, std::size_t width, std::size_t indent) {
  std::string out;
  std::size_t p = display_width(prefix);
  std::size_t inner = width > p + 10 ? width - p : 10;
  std::string rel(indent > p ? indent - p : 0, ' ');
  auto lines = wrap_text(text, inner, rel);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i == 0 ? std::string(prefix) : std::string(p, ' ');
    out += lines[i];
    out += '\n';
  }
  return out;
}

std::string format_countdown(Millis ms) {
  Millis s = std::max<Millis>(0, (ms + 999) / 1000);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string format_clock(Millis ms) {
  Millis s = std::max<Millis>(0, ms / 1000);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string render_header(const SessionPlan& plan, const TextLayout& t) {
  int n = static_cast<int>(plan.items.size());
  std::string out;
  add_wrapped(out,
              fmt::format("{}: {}, about {}", t.style.bold(plan.title), plural(n, "exercise", "exercises"),
                          plural(plan.expected_minutes, "minute", "minutes")),
              t.width, "  ");
  if (!plan.description.empty()) add_wrapped(out, plan.description, t.width, "");
  return out;
}

std::string dose_line(const SessionItem& item) {
  const Exercise& e = *item.exercise;
  std::string s = describe_dose(e, item.dose);
  if (e.dose.work == Work::reps) s += fmt::format(", {} s a rep", e.dose.tempo);
  bool sets = item.dose.sets > 1, sides = e.dose.sides == 2;
  if ((sets || sides) && e.dose.rest > 0)
    s += fmt::format("; {} s rest between {}", e.dose.rest,
                     sets && sides ? "sets and sides" : sets ? "sets" : "sides");
  return s;
}

std::string render_figure(const Exercise& e, std::size_t frame, std::string_view indent) {
  if (e.frames.empty()) return {};
  std::string out;
  for (const auto& l : figure_lines(e.frames[frame % e.frames.size()])) {
    std::string line = std::string(indent) + l;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string render_card(const SessionPlan& plan, int item, const TextLayout& t, bool numbered, int frame,
                        FigurePlace place) {
  const SessionItem& it = plan.items[static_cast<std::size_t>(item)];
  const Exercise& e = *it.exercise;
  const std::size_t w = std::max<std::size_t>(t.width, 20);
  std::string out;
  std::string head = numbered ? fmt::format("Exercise {} of {}: {}", item + 1, plan.items.size(), t.style.bold(e.name))
                              : fmt::format("{}. {}", item + 1, t.style.bold(e.name));
  if (!e.phase.empty()) head += fmt::format(" ({})", e.phase);
  add_wrapped(out, head, w, "   ");
  std::vector<std::string> where;
  if (!e.position.empty()) where.push_back("Position: " + e.position + ".");
  where.push_back("Equipment: " + (e.equipment.empty() ? std::string("none") : join(e.equipment, ", ")) + ".");
  add_item(out, "   ", join(where, " "), w, 3);
  add_item(out, "   ", "Dose: " + t.style.cyan(dose_line(it)), w, 3);
  if (!it.change.empty())
    add_item(out, "   ", (it.change_dir > 0 ? t.style.green("Changed:") : t.style.yellow("Changed:")) + " " + it.change + ".",
             w, 3);
  add_item(out, "   ",
           fmt::format("Pain limit: {} out of 10. Some pain up to it is acceptable; above it, press p.",
                       e.dose.pain_limit),
           w, 3);
  if (!it.caution.empty()) add_item(out, "   " + t.style.yellow("Your profile:") + " ", it.caution, w, 17);
  if (frame >= 0 && place == FigurePlace::beside && t.width >= kFigureMinWidth && !e.frames.empty()) {
    // The figure on the left, every frame padded to the widest and tallest
    // so the card keeps its shape; the steps in the column beside it.
    // The blanks that every line of every frame starts with are dropped
    // (the frames keep their places against each other).
    std::size_t fw = 0, lead = std::string::npos;
    for (const auto& f : e.frames)
      for (const auto& l : figure_lines(f)) {
        std::size_t b = l.find_first_not_of(' ');
        if (b != std::string::npos) lead = std::min(lead, b);
      }
    if (lead == std::string::npos) lead = 0;
    for (const auto& f : e.frames)
      for (const auto& l : figure_lines(f)) fw = std::max(fw, display_width(l.size() > lead ? l.substr(lead) : ""));
    const std::size_t left = 3 + fw + 2;
    if (w < left + kBesideMinColumns) return {};
    std::vector<std::string> fig = figure_lines(e.frames[static_cast<std::size_t>(frame) % e.frames.size()]);
    for (auto& l : fig) l = l.size() > lead ? l.substr(lead) : "";
    fig.resize(std::max(fig.size(), figure_height(e)));
    std::vector<std::string> right;
    for (std::size_t i = 0; i < e.steps.size(); ++i)
      for (const auto& l : lines_of(wrap_item(fmt::format("{}. ", i + 1), e.steps[i], w - left, 3))) right.push_back(l);
    out += "\n";
    for (std::size_t i = 0; i < std::max(fig.size(), right.size()); ++i) {
      std::string line = "   " + (i < fig.size() ? fig[i] : std::string());
      if (i < right.size()) line += std::string(left - display_width(line), ' ') + right[i];
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    for (const auto& c : e.cautions) add_item(out, "   " + t.style.yellow("Careful:") + " ", c, w, 12);
    return out;
  }
  if (frame >= 0 && place == FigurePlace::above && t.width >= kFigureMinWidth && !e.frames.empty())
  {
    // Every frame as tall as the tallest, so the card keeps its height.
    std::string fig = render_figure(e, static_cast<std::size_t>(frame), "      ");
    for (std::size_t n = figure_lines(e.frames[static_cast<std::size_t>(frame) % e.frames.size()]).size();
         n < figure_height(e); ++n)
      fig += "\n";
    out += "\n" + fig + "\n";
  }
  for (std::size_t i = 0; i < e.steps.size(); ++i)
    add_item(out, fmt::format("   {}. ", i + 1), e.steps[i], w, 6);
  for (const auto& c : e.cautions) add_item(out, "   " + t.style.yellow("Careful:") + " ", c, w, 12);
  return out;
}

std::string render_plain(const SessionPlan& plan, const TextLayout& t, const std::vector<std::string>& skipped) {
  std::string out = render_header(plan, t);
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    const Exercise& e = *plan.items[i].exercise;
    out += '\n';
    if (std::find(skipped.begin(), skipped.end(), e.id) != skipped.end())
      add_wrapped(out, fmt::format("{}. {} ({}): skipped", i + 1, e.name, e.id), t.width, "   ");
    else
      out += render_card(plan, static_cast<int>(i), t, false);
  }
  out += '\n';
  std::string tail;
  if (plan.get_ready > 0) tail += fmt::format("{} s to get ready before the first exercise", plan.get_ready);
  if (plan.rest_between > 0 && plan.items.size() > 1)
    tail += fmt::format("{}{} s rest between exercises", tail.empty() ? "" : "; ", plan.rest_between);
  if (!tail.empty()) tail += ". ";
  tail += fmt::format("Expected time: about {}.", plural(plan.expected_minutes, "minute", "minutes"));
  add_wrapped(out, tail, t.width, "");
  return out;
}

std::string render_status(const Session& s, const TextLayout& t) {
  const Style& st = t.style;
  const std::size_t limit = t.width > 1 ? t.width - 1 : 1;
  if (s.state() == SessionState::finished || s.steps().empty()) return {};
  const Step& step = s.step();
  const SessionItem& it = s.item();
  std::string left;
  std::string count = st.bold(format_countdown(s.step_remaining()));
  auto unit = [&] {
    std::string u;
    if (step.sets > 1) u += fmt::format(", set {}/{}", step.set, step.sets);
    if (step.sides == 2) u += ", " + side_names(*it.exercise).of(step.side) + " side";
    return u;
  };
  switch (step.kind) {
    case StepKind::prepare:
      left = s.step_index() == 0 ? fmt::format("Get ready {} {}", count, it.exercise->name)
                                 : fmt::format("Rest {}, next: {}", count, it.exercise->name);
      break;
    case StepKind::rest:
      left = step.side_switch ? (side_names(*it.exercise).named
                                     ? fmt::format("Switch to the {} side {}", side_names(*it.exercise).second, count)
                                     : fmt::format("Switch sides {}", count))
                              : fmt::format("Rest {}, then set {}/{}", count, step.set, step.sets);
      break;
    case StepKind::work:
      if (step.rep_ms > 0)
        left = fmt::format("Rep {}/{}{}", st.bold(std::to_string(s.current_rep())), step.reps, unit());
      else
        left = fmt::format("{} {}{}", it.exercise->dose.work == Work::hold ? "Hold" : "Keep going", count, unit());
      break;
  }
  if (s.state() == SessionState::paused) left = st.yellow("PAUSED (space goes on)") + " " + left;
  if (display_width(left) > limit) return cut(left, limit);

  std::string line = left;
  int n = static_cast<int>(s.plan().items.size());
  std::string k = fmt::format("  {}/{}", s.item_index() + 1, n);
  std::string clock = fmt::format(" {}/{} min", format_clock(s.active_ms()), s.plan().expected_minutes);
  if (display_width(line) + k.size() > limit) return line;
  line += k;
  if (display_width(line) + clock.size() > limit) return line;
  line += clock;
  std::size_t room = limit - display_width(line);
  if (room >= 9) {
    std::size_t bar = std::min<std::size_t>(20, room - 3);
    double f = s.total_ms() > 0 ? static_cast<double>(s.position_ms()) / static_cast<double>(s.total_ms()) : 1.0;
    auto filled = static_cast<std::size_t>(std::clamp(f, 0.0, 1.0) * static_cast<double>(bar) + 0.5);
    line += " [" + (filled ? st.green(std::string(filled, '#')) : std::string()) + std::string(bar - filled, '.') + "]";
  }
  return line;
}

std::string render_keys(const TextLayout& t) {
  static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"space", "pause or go on"},
      {"Enter", "end this set, side or rest now"},
      {"n", "this exercise is done, go to the next"},
      {"s", "skip this exercise"},
      {"p", "this hurts: mark it sore and skip it"},
      {"b", "back to the previous exercise"},
      {"Right", "the same as Enter"},
      {"Left", "the same as b"},
      {"q", "quit (a session with an exercise done is recorded as partial)"},
      {"Ctrl-Z", "suspend (fg comes back, paused; the time away does not count)"},
      {"?", "show these keys"},
  };
  std::string out;
  for (const auto& [key, what] : kKeys)
    add_item(out, fmt::format("  {}{} ", t.style.bold(key), std::string(6 - key.size(), ' ')), what, t.width, 9);
  return out;
}

std::string render_summary(const Session& s, int streak) {
  auto done = s.done_ids(), skipped = s.skipped_ids(), sore = s.sore_ids();
  std::string out = fmt::format("Recorded {}: {} min, {} done", s.plan().routine, s.minutes_spent(), done.size());
  if (!skipped.empty()) out += fmt::format(", {} skipped", skipped.size());
  if (!sore.empty()) out += fmt::format(", {} sore", sore.size());
  if (s.status() == Status::partial) out += " (partial)";
  out += fmt::format(". Streak: {}.", plural(streak, "day", "days"));
  return out;
}

}  // namespace backcare
