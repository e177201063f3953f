// backcare history: the entries of the last days, oldest first, for people
// or (--json) for scripts: what `tail` on the journal showed before, sorted
// by date and time and without repeats.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_read.hpp"
#include "cli/terminal.hpp"
#include "core/journal.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace backcare::cli {
namespace {

constexpr int kDefaultDays = 14;

struct HistoryOptions {
  std::string since;
  bool json = false;
};

struct Item {
  Entry entry;
  std::string text;  // the line as the journal would write it
};

nlohmann::ordered_json ids(const std::vector<std::string>& v) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

// One entry with the fields of SPEC §3 that it holds.
nlohmann::ordered_json to_json(const Entry& e) {
  nlohmann::ordered_json o;
  o["date"] = format_date(e.date);
  o["time"] = e.time ? nlohmann::ordered_json(format_time(*e.time)) : nlohmann::ordered_json(nullptr);
  o["kind"] = kind_name(e.kind);
  if (!e.subject.empty()) o["subject"] = e.subject;
  if (e.kind == Kind::pain && e.pain) o["level"] = *e.pain;
  if (e.minutes) {
    double m = *e.minutes;
    if (m == static_cast<double>(static_cast<long long>(m))) o["minutes"] = static_cast<long long>(m);
    else o["minutes"] = m;
  }
  if (!e.done.empty()) o["done"] = ids(e.done);
  if (!e.skipped.empty()) o["skipped"] = ids(e.skipped);
  if (!e.sore.empty()) o["sore"] = ids(e.sore);
  if (e.kind != Kind::pain && e.pain) o["pain"] = *e.pain;
  if (e.effort) o["effort"] = *e.effort;
  if (e.status) o["status"] = status_name(*e.status);
  if (e.sets) o["sets"] = *e.sets;
  if (e.reps) o["reps"] = *e.reps;
  if (e.hold) o["hold"] = *e.hold;  // seconds
  if (e.where) o["where"] = *e.where;
  if (e.when) o["when"] = when_name(*e.when);
  if (e.flags) o["flags"] = ids(*e.flags);
  if (e.score) o["score"] = *e.score;
  if (e.note) o["note"] = *e.note;
  return o;
}

int run_history(const HistoryOptions& o, Context& ctx) {
  const Day today = ctx.today();
  Day since = today - date::days{kDefaultDays - 1};
  if (!o.since.empty()) {
    auto d = parse_date_arg(o.since, today);
    if (!d) throw Failure(kUsage, fmt::format("--since {}: use {}", o.since, kDateForms));
    if (*d > today)
      throw Failure(kUsage, fmt::format("--since {} is after today ({}): nothing to show", format_date(*d),
                                        format_date(today)));
    since = *d;
  }
  std::vector<Item> items;
  scan_journal(ctx.journal_path(), {today}, [&](const Record& r, long) {
    if (r.kind == Kind::unknown || r.date < since || r.date > today) return;
    Entry e = to_entry(r);
    std::string text = format_entry(e);
    items.push_back({std::move(e), std::move(text)});
  });
  // Newest last; the journal's own order breaks ties (it need not be sorted).
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.entry.date != b.entry.date) return a.entry.date < b.entry.date;
    return a.entry.time.value_or(-1) < b.entry.time.value_or(-1);
  });
  if (o.json) {
    auto a = nlohmann::ordered_json::array();
    for (const auto& it : items) a.push_back(to_json(it.entry));
    write_out(a.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    return kOk;
  }
  Style st{ctx.color()};
  std::string out;
  if (items.empty())
    out = fmt::format("nothing logged since {} ('backcare history --since DATE' looks further back)\n",
                      format_long_date(since));
  std::optional<Day> shown;
  for (const auto& it : items) {
    if (it.entry.date != shown) {
      out += fmt::format("{}{}\n", shown ? "\n" : "", st.bold(format_long_date(it.entry.date)));
      shown = it.entry.date;
    }
    // The line without its date: the time (or blanks), then the rest.
    std::string_view rest(it.text);
    rest.remove_prefix(std::min<std::size_t>(11, rest.size()));
    if (it.entry.time) rest.remove_prefix(std::min(rest.size(), rest.find(' ') + 1));
    std::string time = it.entry.time ? format_hhmm(*it.entry.time) : std::string(5, ' ');
    out += fmt::format("  {}  {}\n", st.dim(time), rest);
  }
  write_out(out);
  return kOk;
}

}  // namespace

Command add_history(CLI::App& root) {
  auto o = std::make_shared<HistoryOptions>();
  auto* cmd = root.add_subcommand("history", "what was logged lately, oldest first (the last 14 days)");
  cmd->add_option("--since", o->since, "from this day: YYYY-MM-DD, today, yesterday, -N or a weekday")
      ->type_name("DATE");
  cmd->add_flag("--json", o->json, "a JSON array, one object per entry with the journal's fields");
  cmd->footer(examples({"backcare history", "backcare history --since -30",
                        "backcare history --since monday --json | jq '.[] | select(.kind == \"pain\")'"}));
  return {cmd, [o](Context& ctx) { return run_history(*o, ctx); }};
}

}  // namespace backcare::cli
