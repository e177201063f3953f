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
