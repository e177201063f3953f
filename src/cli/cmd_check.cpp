// backcare check: red-flag screening. Asks the screening questions on a
// terminal (core/screening), applies the journal rules (core/redflags) and
// says what to do. Records one `check` line only for a screening answered
// to the end.
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "cli/terminal.hpp"
#include "core/flags.hpp"
#include "core/redflags.hpp"
#include "core/screening.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <sys/ioctl.h>
#include <unistd.h>

namespace backcare::cli {
namespace {

struct CheckOptions {
  bool no_ask = false;
  bool quiet = false;
  bool json = false;
};

std::string_view tier_intro(Tier t) {
  switch (t) {
    case Tier::emergency: return "Signs that need emergency care now:";
    case Tier::urgent: return "Signs to have seen today:";
    case Tier::soon: return "Signs to see a clinician about soon:";
  }
  return "";
}

std::size_t text_width() {
  winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return std::clamp<std::size_t>(ws.ws_col - 2u, 40, 100);
  return 78;
}

// Asks until the screening is finished (true) or the person quits (false).
bool ask(Screening& s, const Style& style) {
  RawTerminal raw;
  discard_typeahead();  // a key pressed before the first question answers nothing
  fmt::print("{}\n", style.bold("Screening for warning signs"));
  fmt::print("Answer each question with y or n. b goes back to change the last answer; q stops without recording.\n");
  if (auto skipped = s.answered_by_profile(); !skipped.empty()) {
    std::string ids;
    for (const auto& id : skipped) ids += (ids.empty() ? "" : ", ") + id;
    fmt::print("{}\n", style.dim(fmt::format("Your profile in the routine answers: {}.", ids)));
  }
  std::optional<Tier> shown;
  while (const Question* q = s.current()) {
    if (shown != q->tier) {
      shown = q->tier;
      fmt::print("\n{}\n", style.bold(tier_intro(*shown)));
    }
    std::fflush(stdout);
    switch (ask_yes_no(q->text, s.can_go_back())) {
      case YesNo::yes:
        if (q->group()) fmt::print("{}\n", style.dim("Which of them? One at a time:"));
        s.answer(true);
        break;
      case YesNo::no: s.answer(false); break;
      case YesNo::back: s.back(); break;
      case YesNo::quit: return false;
    }
  }
  return true;
}

nlohmann::ordered_json to_json(const std::vector<Flag>& flags, Day today, std::string_view screening, const std::string& number) {
  nlohmann::ordered_json out;
  out["flags"] = nlohmann::ordered_json::array();
  out["as_of"] = format_date(today);
  out["screening"] = screening;
  for (const auto& f : flags)
    out["flags"].push_back(nlohmann::ordered_json{{"id", f.id},
                            {"tier", tier_name(f.tier)},
                            {"message", f.message},
                            {"evidence", f.evidence},
                            {"advice", tier_advice(f.tier, number)}});
  return out;
}

int run_check(const CheckOptions& o, Context& ctx) {
  const Context::Safety safety = ctx.safety();
  const std::string& number = safety.emergency_number;
  LocalTime now = ctx.now();
  RedFlags rules(now.day);
  scan_journal(ctx.journal_path(), ScanOptions{now.day}, [&](const Record& r, long line) { rules.add(r, line); });

  const Style style{ctx.color()};
  bool asked = !o.no_ask && interactive();
  bool complete = false;
  std::optional<Screening> screening;
  if (asked) {
    screening.emplace(safety.profile);
    complete = ask(*screening, style);
    rules.add_answers(now.seconds, screening->yes_ids(), screening->no_ids(), complete);
    fmt::print("\n");
  }

  // Record a finished screening before printing, so the answers are kept
  // even if the output goes nowhere; a failure is reported after the advice.
  std::optional<Failure> not_recorded;
  if (complete) {
    Entry e;
    e.kind = Kind::check;
    e.date = now.day;
    e.time = now.seconds;  // with seconds, as every new stamp
    e.flags = screening->yes_ids();
    try {
      append_lines(ctx.journal_path(), {format_entry(e)});
    } catch (const Failure& f) {
      not_recorded = f;
    }
  }

  std::vector<Flag> flags = open_flags(rules).flags;
  if (o.json) {
    std::string_view state = !asked ? "not asked" : complete ? "answered" : "stopped";
    fmt::print("{}\n", to_json(flags, now.day, state, number).dump(2));
  } else {
    ReportOptions ro;
    ro.emergency_number = number;
    ro.asked = asked;
    ro.complete = complete;
    ro.quiet = o.quiet;
    ro.width = text_width();
    fmt::print("{}", format_report(flags, ro, style));
  }
  std::fflush(stdout);
  if (not_recorded) {
    warn(fmt::format("{} (the answers above were not recorded)", not_recorded->what()));
    return not_recorded->code;
  }
  return flags.empty() ? kOk : kNegative;
}

}  // namespace

Command add_check(CLI::App& root) {
  auto o = std::make_shared<CheckOptions>();
  auto* cmd = root.add_subcommand("check", "screening for warning signs: when to see a clinician");
  cmd->add_flag("--no-ask", o->no_ask, "ask nothing and record nothing: the journal rules alone (for cron)");
  add_quiet(cmd, o->quiet, "print only the flags, one a line (nothing when there is none)");
  cmd->add_flag("--json", o->json, "print the flags as JSON: {\"flags\": [{\"id\", \"tier\", \"message\", ...}]}");
  cmd->footer(
      "\nAsks about warning signs on a terminal (emergency signs first), applies the journal rules (persistent,\n"
      "worsening and recurring pain; symptoms of the last 30 days) and says what to do and how soon.\n"
      "Exit 0: no flag; 1: at least one flag. It screens; it does not diagnose.\n" +
      examples({"backcare check",
                        "backcare check --no-ask --json",
                        "backcare check --no-ask -q; [ $? -eq 1 ] && notify-send backcare 'run backcare check'"}));
  return {cmd, [o](Context& ctx) { return run_check(*o, ctx); }};
}

}  // namespace backcare::cli
