// report --csv and --fhir (SPEC §8).
#include "core/report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace backcare {

std::string csv_field(std::string_view s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t'));
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Values are written as they stand in the journal, with no guard against
// spreadsheet formulas (a leading ', a tab or a space would change the
// text and break the round trip): open the file with formulas off
// (LibreOffice: "Evaluate formulas" unticked in the import dialog).
std::string report_csv(const Report& r) {
  std::string out = "date,time,kind,subject,minutes,pain,effort,status,done,skipped,sore,sets,reps,hold,where,when,"
                    "score,flags,note\r\n";
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  auto list = [](const std::vector<std::string>& v) { return fmt::format("{}", fmt::join(v, ",")); };
  for (const auto& re : r.entries) {
    const Entry& e = re.entry;
    std::vector<std::string> f;
    f.push_back(format_date(e.date));
    f.push_back(e.time ? format_time(*e.time) : "");
    f.push_back(re.kind);
    f.push_back(e.subject);
    f.push_back(e.minutes ? fmt::format("{}", *e.minutes) : "");
    f.push_back(opt(e.pain));
    f.push_back(opt(e.effort));
    f.push_back(e.status ? std::string(status_name(*e.status)) : "");
    f.push_back(list(e.done));
    f.push_back(list(e.skipped));
    f.push_back(list(e.sore));
    f.push_back(opt(e.sets));
    f.push_back(opt(e.reps));
    f.push_back(e.hold ? fmt::format("{}s", *e.hold) : "");
    f.push_back(e.where.value_or(""));
    f.push_back(re.when);
    f.push_back(opt(e.score));
    f.push_back(e.flags ? (e.flags->empty() ? std::string("none") : list(*e.flags)) : "");
    f.push_back(e.note.value_or(""));
    std::string row;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (i) row += ',';
      row += csv_field(f[i]);
    }
    out += row + "\r\n";
  }
  return out;
}

std::string report_fhir(const Report& r, const std::function<int(Day, int)>& offset) {
  using json = nlohmann::ordered_json;
  const std::string patient = uuid_of("backcare patient");
  json entries = json::array();
  entries.push_back({{"fullUrl", "urn:uuid:" + patient},
                     {"resource", {{"resourceType", "Patient"}, {"id", patient}, {"active", true}}}});
  auto when = [&](const Entry& e) {
    if (!e.time) return format_date(e.date);
    int off = offset(e.date, *e.time);
    int a = std::abs(off);
    return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", format_date(e.date), *e.time / 3600, *e.time / 60 % 60,
                       *e.time % 60, off < 0 ? '-' : '+', a / 60, a % 60);
  };
  for (const auto& re : r.entries) {
    const Entry& e = re.entry;
    json obs;
    if (e.kind == Kind::pain || ((e.kind == Kind::session || e.kind == Kind::exercise) && e.pain)) {
      obs = {{"resourceType", "Observation"},
             {"id", re.id},
             {"status", "final"},
             {"code",
              {{"coding", json::array({{{"system", "http://loinc.org"},
                                        {"code", "72514-3"},
                                        {"display", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}}})},
               {"text", "Pain severity 0-10"}}},
             {"subject", {{"reference", "urn:uuid:" + patient}}},
             {"effectiveDateTime", when(e)},
             {"valueInteger", *e.pain}};
      if (e.where) obs["bodySite"] = {{"text", *e.where}};
    } else if (e.kind == Kind::function && e.score) {
      obs = {{"resourceType", "Observation"},
             {"id", re.id},
             {"status", "final"},
             {"code", {{"text", "Patient-Specific Functional Scale: " + e.subject}}},
             {"subject", {{"reference", "urn:uuid:" + patient}}},
             {"effectiveDateTime", when(e)},
             {"valueInteger", *e.score}};
    } else {
      continue;
    }
    if (e.note) obs["note"] = json::array({{{"text", *e.note}}});
    entries.push_back({{"fullUrl", "urn:uuid:" + re.id}, {"resource", obs}});
  }
  json bundle = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
  return bundle.dump(2) + "\n";
}

}  // namespace backcare
