#include "core/flags.hpp"

#include <fmt/format.h>

namespace backcare {

bool OpenFlags::on_hold() const {
  for (const auto& f : flags)
    if (f.tier == Tier::emergency || f.tier == Tier::urgent) return true;
  return false;
}

std::optional<Tier> OpenFlags::highest() const {
  std::optional<Tier> t;
  for (const auto& f : flags)
    if (!t || f.tier < *t) t = f.tier;
  return t;
}

OpenFlags open_flags(const RedFlags& journal) { return OpenFlags{journal.flags()}; }

void OnHoldByDay::add_pain(Day day, int time, int value, long order) {
  if (value >= kSeverePain) pains_.push_back({day, time, order, value});
}

void OnHoldByDay::add_symptom(Day day, int time, long order, std::string_view id) {
  events_.push_back({day, time, order, Event::symptom, {std::string(id)}});
}

void OnHoldByDay::add_check(Day day, int time, long order, const std::vector<std::string>& yes) {
  events_.push_back({day, time, order, Event::check, yes});
}

void OnHoldByDay::add_seen(Day day, int time, long order) { events_.push_back({day, time, order, Event::seen, {}}); }

bool OnHoldByDay::on_hold(Day d) {
  // Forget what no later day can use. A `seen` older than 30 days is
  // before every reading that `severe` looks at and every symptom kept.
  std::erase_if(pains_, [&](const Pain& p) { return days_between(p.day, d) >= kSevereDays; });
  std::erase_if(events_, [&](const Event& e) { return days_between(e.day, d) >= kSymptomDays; });
  RedFlags rules(d);
  for (const auto& p : pains_) rules.add_pain(p.day, p.time, p.value, p.order);
  for (const auto& e : events_) {
    switch (e.what) {
      case Event::symptom: rules.add_symptom(e.day, e.time, e.order, e.ids.front()); break;
      case Event::check: rules.add_check(e.day, e.time, e.order, e.ids); break;
      case Event::seen: rules.add_seen(e.day, e.time, e.order); break;
    }
  }
  return rules.on_hold();
}

std::string format_open_flags(const OpenFlags& open, std::string_view number, const Style& style, std::size_t width) {
  if (open.flags.empty()) return {};
  ReportOptions o;
  o.emergency_number = std::string(number);
  o.notes = false;
  o.width = width;
  std::string out = format_report(open.flags, o, style);
  for (const auto& line :
       wrap_text("'backcare check' shows the details; once a clinician has assessed you, 'backcare log seen' "
                 "records it and closes these.",
                 width))
    out += line + "\n";
  return out;
}

std::string open_flags_line(const OpenFlags& open) {
  if (open.flags.empty()) return {};
  std::string list;
  for (const auto& f : open.flags) list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", tier_name(f.tier), f.id);
  std::string what;
  switch (*open.highest()) {
    case Tier::emergency: what = "get emergency help now"; break;
    case Tier::urgent: what = "be seen today"; break;
    case Tier::soon: what = "book a visit within a week or two"; break;
  }
  return fmt::format("Open flags: {}: {}; 'backcare check' says more.", list, what);
}

std::string severe_pain_advice(int level, std::string_view number, std::size_t width) {
  if (level < kSeverePain) return {};
  std::string out = fmt::format("{}: pain of {} out of 10\n", tier_heading(Tier::urgent, number), level);
  for (const auto& line : wrap_text(tier_advice(Tier::urgent, number), width)) out += "  " + line + "\n";
  return out;
}

}  // namespace backcare
