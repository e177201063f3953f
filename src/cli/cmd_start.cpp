// backcare start: the guided session (SPEC §4).
//
// In a terminal (stdin and stdout both terminals) the core Session runs
// with a live countdown, keys without Enter, a bell and spoken cues, and
// one `session` line is appended at the end (or a partial one when it is
// interrupted after an exercise was done). --no-wait records the session
// from a script; without a terminal it is only printed; --dry-run prints
// what would happen. The exit codes are listed in backcare(1).
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/cue.hpp"
#include "cli/journal_append.hpp"
#include "cli/journal_read.hpp"
#include "cli/session_view.hpp"
#include "cli/terminal.hpp"
#include "core/flags.hpp"
#include "core/planning.hpp"
#include "core/progression.hpp"
#include "core/schedule.hpp"
#include "core/session.hpp"
#include "core/session_text.hpp"
#include "core/days.hpp"
#include "core/streak.hpp"
#include "core/symptoms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <memory>

namespace backcare::cli {
namespace {

constexpr int kHangup = 129;
constexpr std::size_t kMaxNote = 500;

struct StartOptions {
  std::string routine;
  bool no_wait = false;
  bool dry_run = false;
  bool quiet = false;
  int pain = 0, effort = 0;
  std::string note;
  std::vector<std::string> skip;
  bool resume = false;
  std::optional<int> resumes_at;  // --resume: the start of the session continued
  CLI::Option* pain_opt = nullptr;
  CLI::Option* effort_opt = nullptr;
  CLI::Option* note_opt = nullptr;
  bool has_pain() const { return pain_opt && pain_opt->count() > 0; }
  bool has_effort() const { return effort_opt && effort_opt->count() > 0; }
  bool has_note() const { return note_opt && note_opt->count() > 0; }
};

// What start needs from the journal, in one pass: the fold's per-day facts
// (core/days), with progression and the open flags fed the same records.
struct JournalFacts {
  JournalFacts(const Routine& r, Day day) : progression(r), rules(day) {}
  Progression progression;  // the levels and the flare-up
  ProgressionResult result;
  bool active_yesterday = false;
  bool reading_today = false;
  bool any_session = false;
  std::optional<Day> last_check;
  DayRecord today;
  DayMarks marks;
  RedFlags rules;  // the open flags (SPEC §7)
};

// `also`, when given, sees every entry too (start --resume's links), so
// that the journal is read, and its bad lines warned about, once.
JournalFacts read_facts(Context& ctx, const std::function<void(const Record&)>& also = {}) {
  Day today = ctx.today();
  JournalFacts f(ctx.routine(), today);
  DayFold days(today);
  scan_journal(ctx.journal_path(), {today}, [&](const Record& r, long line) {
    if (also) also(r);
    f.rules.add(r, line);
    f.progression.add(r, line);
    days.add(r);
  });
  if (f.progression.needs_replay()) {
    f.progression.replay();
    scan_journal(ctx.journal_path(), {today}, [&](const Record& r, long line) { f.progression.add(r, line); });
  }
  f.result = f.progression.finish();
  f.active_yesterday = days.active_yesterday();
  f.reading_today = days.today_log().readings > 0;
  f.any_session = days.any_session();
  f.last_check = days.last_check();
  f.today = days.today_log();
  f.marks = days.days();
  return f;
}

// --resume: today's interrupted session, as its chain of lines (a partial
// line, and the continuations that name it with resumes=): the last link
// that is partial and not continued yet, and what the chain has done.
struct Resumable {
  std::string routine;
  int time = 0;  // the start of its last link, for resumes=
  std::vector<std::string> done;
};

struct ResumeLink {
  std::string routine;
  int time, resumes, status;
  std::vector<std::string> done;
};

// Today's session lines, as links.
void add_link(std::vector<ResumeLink>& links, const Record& r, Day today) {
  if (r.kind != Kind::session || r.date != today || r.time == kNone) return;
  ResumeLink l{std::string(r.subject.text), r.time, r.resumes, r.status, {}};
  for_each_id(r.done, [&](std::string_view id) { l.done.emplace_back(id); });
  links.push_back(std::move(l));
}

std::optional<Resumable> find_resumable(const std::vector<ResumeLink>& links, const std::string& routine) {
  using Link = ResumeLink;
  auto continued = [&](const Link& l) {
    return std::any_of(links.begin(), links.end(),
                       [&](const Link& o) { return o.routine == l.routine && o.resumes == l.time; });
  };
  const Link* last = nullptr;
  for (const auto& l : links)
    if ((routine.empty() || l.routine == routine) && l.status == static_cast<int>(Status::partial) && !continued(l) &&
        (!last || l.time > last->time))
      last = &l;
  if (!last) return std::nullopt;
  Resumable out{last->routine, last->time, {}};
  // Back along the chain (at most as many links as there are lines).
  const Link* at = last;
  for (std::size_t n = 0; at && n <= links.size(); ++n) {
    for (const auto& id : at->done)
      if (std::find(out.done.begin(), out.done.end(), id) == out.done.end()) out.done.push_back(id);
    const Link* prev = nullptr;
    if (at->resumes != kNone)
      for (const auto& l : links)
        if (l.routine == at->routine && l.time == at->resumes) prev = &l;
    at = prev;
  }
  return out;
}

// ROUTINE, else the first routine due now, else the next planned one,
// else the first in the file.
const RoutineDef& pick_routine(const Routine& r, const std::string& name, LocalTime now, const DayRecord& today,
                               Context& ctx) {
  if (r.routines.empty()) throw Failure(kDataErr, fmt::format("{}: no routine is defined", ctx.routine_name()));
  if (!name.empty()) return ctx.routine_named(name);
  for (const auto& n : due_now(r, now, today))
    if (const RoutineDef* def = r.routine(n)) return *def;
  if (auto next = next_planned(r, now)) return *next->routine;
  return r.routines.front();
}

void validate_options(const StartOptions& o, const SessionPlan& plan) {
  if (o.has_pain() && (o.pain < 0 || o.pain > 10))
    throw Failure(kUsage, fmt::format("--pain {}: give a whole number from 0 (none) to 10 (worst)", o.pain));
  if (o.has_effort() && (o.effort < 0 || o.effort > 10))
    throw Failure(kUsage, fmt::format("--effort {}: give a whole number from 0 (very easy) to 10 (hardest)", o.effort));
  for (const auto& id : o.skip) {
    bool known = std::any_of(plan.items.begin(), plan.items.end(),
                             [&](const SessionItem& it) { return it.exercise->id == id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const auto& it : plan.items) ids.push_back(it.exercise->id);
      throw Failure(kUsage, fmt::format("--skip {}: routine '{}' has no such exercise; it has: {}", id, plan.routine,
                                        fmt::join(ids, ", ")));
    }
  }
  if (o.has_note()) {
    Entry probe;
    probe.kind = Kind::note;
    probe.note = o.note;
    if (!validate_entry(probe).empty()) throw Failure(kUsage, "--note: a note must be one line of UTF-8 text");
  }
}

bool skipped_by_option(const StartOptions& o, const std::string& id) {
  return std::find(o.skip.begin(), o.skip.end(), id) != o.skip.end();
}

int streak_with_today(JournalFacts& f, Day today, const Routine& r) {
  f.marks.mark(today, kActive);
  return compute_streaks(f.marks, f.marks.first(), today, r.planned_days()).current;
}

std::string wrap(std::string_view text, std::size_t width) {
  std::string out;
  for (const auto& l : wrap_text(text, width, "")) out += l + "\n";
  return out;
}

// The emergency signs of the symptom table.
std::vector<const Symptom*> emergency_signs() {
  std::vector<const Symptom*> v;
  for (const auto& s : symptoms())
    if (s.tier == Tier::emergency) v.push_back(&s);
  return v;
}

// The emergency signs as a short list, numbered when asked.
std::string emergency_list(std::size_t width, bool numbered = false) {
  std::string out;
  int n = 0;
  for (const Symptom* s : emergency_signs()) {
    std::string mark = numbered ? fmt::format("{:>4}. ", ++n) : std::string("  - ");
    out += wrap_item(mark, s->description, width, mark.size());
  }
  return out;
}

// Appends one entry; a failure is said, not thrown (the advice matters more).
bool record_entry(Context& ctx, const Entry& e) {
  try {
    append_lines(ctx.journal_path(), {format_entry(e)});
    return true;
  } catch (const Failure& f) {
    write_out("backcare: " + std::string(f.what()) + "\n");
    return false;
  }
}

Entry symptom_entry(Context& ctx, const std::string& id, const std::string& note) {
  LocalTime now = ctx.now();
  Entry e;
  e.kind = Kind::symptom;
  e.date = now.day;
  e.time = now.seconds / 60 * 60;
  e.subject = id;
  if (!note.empty()) e.note = note;
  return e;
}

// Plain text: in a pipe, and with --no-wait, which writes no escape codes
// at all (SPEC §4), whatever the colour setting.
void print_plain(const SessionPlan& plan, const std::vector<std::string>& skipped, bool color) {
  fmt::print("{}", render_plain(plan, {Style{color}, 80}, skipped));
}

// --no-wait: the plan printed once, one complete session line.
int run_no_wait(const StartOptions& o, Context& ctx, const SessionPlan& plan, const std::vector<std::string>& skipped,
                JournalFacts& facts) {
  Entry e;
  LocalTime now = ctx.now();
  e.date = now.day;
  e.time = now.seconds;  // with seconds: two events in one minute stay two lines
  e.kind = Kind::session;
  e.subject = plan.routine;
  e.minutes = plan.expected_minutes;
  for (const auto& it : plan.items) {
    const auto& id = it.exercise->id;
    bool skip = std::find(skipped.begin(), skipped.end(), id) != skipped.end();
    if (!skip && std::find(e.done.begin(), e.done.end(), id) == e.done.end()) e.done.push_back(id);
  }
  e.skipped = skipped;
  e.resumes = o.resumes_at;
  if (o.has_pain()) e.pain = o.pain;
  if (o.has_effort()) e.effort = o.effort;
  if (o.has_note() && !o.note.empty()) e.note = o.note;
  e.status = Status::complete;
  if (auto why = validate_entry(e); !why.empty()) throw Failure(kUsage, why);
  // Recorded first, then reported (SPEC §3): a full or closed stdout never
  // costs the session. A journal locked for long keeps it in the recovery
  // file, for the next write.
  const std::string line = format_entry(e);
  AppendPolicy policy;
  policy.save_on_timeout = true;
  const bool later = append_lines(ctx.journal_path(), {line}, policy) == Landed::recovery;
  if (later)
    warn(fmt::format("{}: the journal stays locked; the session is saved in {} and the next backcare that writes "
                     "adds it. The line is:\n{}",
                     ctx.journal_path(), recovery_path(ctx.journal_path()), line));
  if (OpenFlags open = open_flags(facts.rules); open.on_hold())
    fmt::print(stderr, "{}", format_open_flags(open, ctx.routine().settings.emergency_number, Style{false}));
  if (e.pain) fmt::print(stderr, "{}", severe_pain_advice(*e.pain, ctx.routine().settings.emergency_number));
  if (!o.quiet) {
    if (!facts.any_session) fmt::print("{}\n\n", kFirstRunNote);
    print_plain(plan, skipped, false);
    fmt::print("\n");
    int streak = streak_with_today(facts, now.day, ctx.routine());
    fmt::print("{} {}: {} min, {} done", later ? "Saved for the journal" : "Recorded", plan.routine, plan.expected_minutes, e.done.size());
    if (!e.skipped.empty()) fmt::print(", {} skipped", e.skipped.size());
    fmt::print(". Streak: {} day{}.\n", streak, streak == 1 ? "" : "s");
  }
  return kOk;
}

// The short form of the emergency questions (SPEC §7). Returns an exit
// code when the session must not start.
std::optional<int> emergency_short_form(Context& ctx, std::size_t width) {
  const Routine& r = ctx.routine();
  std::string text = "\n" + wrap(
                                 "A quick safety question before you start. Do you have any of these right now, "
                                 "along with your back pain?",
                                 width);
  text += emergency_list(width, true);
  write_out(text);
  discard_typeahead();
  int key = 0;
  YesNo a = ask_yes_no("Does any of these apply to you now?", false, key);
  if (a == YesNo::yes) {
    std::string out = "\n" + Style{ctx.color()}.red(tier_heading(Tier::emergency, r.settings.emergency_number)) + "\n";
    out += wrap(tier_advice(Tier::emergency, r.settings.emergency_number), width);
    out += "No session is started.\n";
    write_out(out);
    // The yes is recorded as a symptom line (SPEC §7), so every command shows it.
    auto signs = emergency_signs();
    std::optional<int> stop;
    auto n = ask_number(fmt::format("Which one, 1 to {}, to record it in the journal (- skips)?", signs.size()), 1,
                        static_cast<int>(signs.size()), stop);
    if (!n) {
      write_out("Not recorded: 'backcare log symptom ID' records it ('backcare log symptom --list' shows the ids).\n");
      return kNegative;
    }
    std::string id(signs[static_cast<std::size_t>(*n - 1)]->id);
    if (record_entry(ctx, symptom_entry(ctx, id, "answered yes before a session")))
      write_out(fmt::format("Recorded: symptom {}.\n", id));
    return kNegative;
  }
  if (a != YesNo::no) {
    write_out("No session is started.\n");
    if (key == kCtrlC || SignalFlags::caught() == SIGINT) return kInterrupted;
    if (SignalFlags::caught() == SIGTERM) return kTerminated;
    if (key == kEof || SignalFlags::caught() == SIGHUP) return kHangup;
    return kOk;
  }
  write_out(wrap("(backcare check asks the full set of screening questions; after it, this question is skipped for "
                 "7 days.)",
                 width));
  return std::nullopt;
}

// With an emergency or urgent flag open (SPEC §7): the flags, then "Has a
// clinician seen you about this since?". y records `seen` and the session
// goes on; n (or q) ends with exit 1 and writes nothing else.
std::optional<int> confirm_seen(Context& ctx, const JournalFacts& facts, std::size_t width) {
  OpenFlags open = open_flags(facts.rules);
  if (!open.on_hold()) return std::nullopt;
  const std::string& number = ctx.routine().settings.emergency_number;
  write_out("\n" + format_open_flags(open, number, Style{ctx.color()}, width));
  discard_typeahead();
  int key = 0;
  YesNo a = ask_yes_no("Has a clinician seen you about this since?", false, key);
  if (a == YesNo::yes) {
    LocalTime now = ctx.now();
    Entry e;
    e.kind = Kind::seen;
    e.date = now.day;
    e.time = now.seconds / 60 * 60;
    e.note = "confirmed before a session";
    append_lines(ctx.journal_path(), {format_entry(e)});
    write_out("Recorded: seen by a clinician. The session goes on.\n");
    return std::nullopt;
  }
  write_out("No session is started: exercise waits until a clinician has assessed this.\n");
  if (a != YesNo::no) {
    if (key == kCtrlC || SignalFlags::caught() == SIGINT) return kInterrupted;
    if (SignalFlags::caught() == SIGTERM) return kTerminated;
  }
  return kNegative;
}

int exit_code_of(EndReason r) {
  switch (r) {
    case EndReason::interrupted: return kInterrupted;
    case EndReason::terminated: return kTerminated;
    case EndReason::hangup: return kHangup;
    default: return kOk;
  }
}

int exit_code_of_signal(int sig) { return sig == SIGTERM ? kTerminated : sig == SIGHUP ? kHangup : kInterrupted; }

int run_guided(const StartOptions& o, Context& ctx, const SessionPlan& plan, const std::vector<std::string>& skipped,
               JournalFacts& facts) {
  const Routine& routine = ctx.routine();
  const LocalTime start = ctx.now();  // the session is stamped with its start time
  const bool color = ctx.color();
  if (!facts.any_session) write_out(wrap(kFirstRunNote, static_cast<std::size_t>(terminal_width())));

  RawTerminal term;
  SignalFlags signals;
  if (auto code = confirm_seen(ctx, facts, static_cast<std::size_t>(terminal_width()))) return *code;
  if (!facts.last_check || days_between(*facts.last_check, start.day) > 6)
    if (auto code = emergency_short_form(ctx, static_cast<std::size_t>(terminal_width()))) return *code;

  Session session(plan);
  CueRunner cues(routine.settings.cue);
  {
    SessionView view({color, routine.settings.bell, routine.settings.tick, routine.settings.emergency_number});
    TextLayout t = view.layout();
    view.print("\n" + render_header(plan, t) +
               wrap("Keys: space pause, Enter (or Right) next step, n done, s skip, p this hurts, b (or Left) back, q quit, "
                    "? keys",
                    t.width));
    drive_session(session, view, cues, [&ctx](const std::string& id, const std::string& note) {
      record_entry(ctx, symptom_entry(ctx, id, note));
    });
  }
  EndReason reason = session.end_reason();
  int code = exit_code_of(reason);
  bool hung_up = reason == EndReason::hangup;
  const std::size_t width = static_cast<std::size_t>(terminal_width());
  Style st{color};

  std::optional<int> pain = o.has_pain() ? std::optional<int>(o.pain) : std::nullopt;
  std::optional<int> effort = o.has_effort() ? std::optional<int>(o.effort) : std::nullopt;
  std::optional<std::string> note = o.has_note() ? std::optional<std::string>(o.note) : std::nullopt;

  // Pain, effort and (after a whole session) a note; each may be skipped
  // with '-'. A stop (q, Ctrl-C, a signal, the end of input) skips the rest
  // and records.
  auto ask_answers = [&](bool with_note) {
    std::optional<int> stop;
    discard_typeahead();
    // The session's pain= is its `after` reading (SPEC §6).
    if (!pain) pain = ask_number("Pain now, after the session, 0 (none) to 10 (worst), - skips:", 0, 10, stop);
    if (!stop && !effort) effort = ask_number("Effort, 0 (very easy) to 10 (hardest), - skips:", 0, 10, stop);
    if (with_note && !stop && !note) {
      write_out("A note (one line), Enter skips: ");
      note = read_line_cooked(term, kMaxNote);  // Ctrl-D: no note
    }
    if (stop == kCtrlC) code = kInterrupted;
    if (stop == kEof) code = kHangup, hung_up = true;
    if (int sig = SignalFlags::caught()) code = exit_code_of_signal(sig), hung_up = sig == SIGHUP;
  };
  switch (reason) {
    case EndReason::completed: {
      write_out("\n" + st.green("Session complete.") + "\n");
      if (!session.should_record()) break;
      ask_answers(true);
      break;
    }
    case EndReason::quit: {
      // q asks how it felt before the partial line is written (issue 17);
      // Ctrl-C and signals do not ask.
      write_out("\nSession stopped.\n");
      if (session.should_record()) ask_answers(false);
      break;
    }
    case EndReason::hurt: {
      // The advice for what was answered is on the screen already.
      std::string out = "\n" + st.yellow("The session is stopped for today.") + "\n";
      out += wrap(fmt::format("{} if any of these comes on:", tier_heading(Tier::emergency, routine.settings.emergency_number)),
                  width);
      out += emergency_list(width);
      write_out(out);
      break;
    }
    default:
      if (!hung_up) write_out("\nSession stopped.\n");
      break;
  }

  if (!session.should_record()) {
    if (!hung_up) write_out("Nothing recorded: no exercise was done.\n");
    return code;
  }
  Entry e;
  e.date = start.day;
  e.time = start.seconds;  // with seconds: two sessions in one minute stay two lines
  e.kind = Kind::session;
  e.subject = plan.routine;
  e.minutes = session.minutes_spent();
  e.done = session.done_ids();
  e.skipped = session.skipped_ids();
  e.sore = session.sore_ids();
  for (const auto& id : skipped)  // left out with --skip
    if (std::find(e.done.begin(), e.done.end(), id) == e.done.end() &&
        std::find(e.skipped.begin(), e.skipped.end(), id) == e.skipped.end())
      e.skipped.push_back(id);
  e.pain = pain;
  e.effort = effort;
  e.status = session.status();
  e.resumes = o.resumes_at;
  if (note && !note->empty()) e.note = *note;
  if (!validate_entry(e).empty() && e.note) {
    e.note.reset();
    if (!hung_up) write_out("backcare: the note is not valid UTF-8 text; it is left out\n");
  }
  if (auto why = validate_entry(e); !why.empty()) throw Failure(kSoftware, "cannot record the session: " + why);
  // SPEC §3: a session is never discarded. While the journal stays locked
  // (an 'edit journal' open elsewhere), it waits as long as the person is
  // there; q (or the end of the terminal) saves it in the recovery file,
  // which the next write appends.
  const std::string line = format_entry(e);
  AppendPolicy policy;
  policy.save_on_timeout = true;
  bool told = false;
  policy.keep_waiting = [&]() {
    if (hung_up || SignalFlags::caught()) return false;
    if (!told) {
      write_out(wrap("\nThe journal is locked by another program (is 'backcare edit journal' open?). Waiting for it; "
                     "press q to stop waiting and keep the session for later.",
                     width));
      discard_typeahead();
      told = true;
    }
    int k = read_key(100);
    return !(k == 'q' || k == 'Q' || k == kCtrlC || k == kEof || k == 0x1b);
  };
  if (append_lines(ctx.journal_path(), {line}, policy) == Landed::recovery) {
    std::string msg = fmt::format("The session is not in the journal yet: it is saved in {}, and the next backcare "
                                  "that writes adds it. To add it by hand, this is the line:",
                                  recovery_path(ctx.journal_path()));
    if (!hung_up) write_out("\n" + wrap(msg, width) + line + "\n");
    return code;
  }
  if (!hung_up) write_out(render_summary(session, streak_with_today(facts, start.day, routine)) + "\n");
  if (!hung_up && e.status == Status::partial && reason != EndReason::hurt)
    write_out("To go on from here later today: backcare start --resume\n");
  if (pain && !hung_up) write_out(severe_pain_advice(*pain, routine.settings.emergency_number, width));
  return code;
}

// On a terminal, the day after a session with no reading yet today: how
// the back is this morning, recorded as `pain N when=morning`. Returns an
// exit code when the person stopped (Ctrl-C).
std::optional<int> ask_morning_reading(Context& ctx, bool& recorded) {
  std::optional<int> value, stop;
  {
    RawTerminal term;
    discard_typeahead();
    value = ask_number("How is your back this morning, after yesterday's session? Pain 0 (none) to 10 (worst), "
                       "- skips:",
                       0, 10, stop);
  }
  if (stop == kCtrlC) return kInterrupted;
  if (!value) return std::nullopt;
  LocalTime now = ctx.now();
  Entry e;
  e.date = now.day;
  e.time = now.seconds / 60 * 60;
  e.kind = Kind::pain;
  e.pain = *value;
  e.when = When::morning;
  append_lines(ctx.journal_path(), {format_entry(e)});
  recorded = true;
  if (*value >= 8) {
    const std::string& number = ctx.routine().settings.emergency_number;
    write_out(wrap(tier_heading(Tier::urgent, number) + ": " + tier_advice(Tier::urgent, number),
                   static_cast<std::size_t>(terminal_width())));
  }
  return std::nullopt;
}

int run_start(StartOptions& o, Context& ctx) {
  const Routine& routine = ctx.routine();
  LocalTime now = ctx.now();
  std::vector<ResumeLink> links;
  JournalFacts facts = read_facts(ctx, [&](const Record& r) {
    add_link(links, r, now.day);
  });
  // --resume: the routine of today's interrupted session, without what it
  // has done; the line written continues it (resumes=, backcare-journal(5)).
  std::optional<Resumable> resumable;
  RoutineDef rest_def;
  if (o.resume) {
    resumable = find_resumable(links, o.routine);
    if (!resumable)
      throw Failure(kNegative, o.routine.empty() ? std::string("no interrupted session today to resume; 'backcare start' begins one")
                                                 : fmt::format("no interrupted session of '{}' today to resume", o.routine));
    rest_def = ctx.routine_named(resumable->routine);
    auto& ids = rest_def.exercises;
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& id) {
                               return std::find(resumable->done.begin(), resumable->done.end(), id) !=
                                      resumable->done.end();
                             }),
              ids.end());
    if (ids.empty())
      throw Failure(kNegative, fmt::format("the session of '{}' started at {} has done every exercise; nothing is left "
                                           "to resume",
                                           resumable->routine, format_time(resumable->time)));
    o.resumes_at = resumable->time;
  }
  const RoutineDef& def = resumable ? rest_def : pick_routine(routine, o.routine, now, facts.today, ctx);
  const auto& levels = facts.result.levels;
  SessionPlan plan = plan_session(routine, def, levels);
  if (plan.items.empty()) throw Failure(kDataErr, fmt::format("routine '{}' has no exercises", def.name));
  validate_options(o, plan);
  // --skip: those exercises are left out of the session, and recorded as
  // skipped. Text without a terminal lists them as skipped; the guided
  // session leaves them out (and expects its minutes without them).
  std::vector<std::string> skipped;
  RoutineDef guided_def = def;
  guided_def.exercises.clear();
  for (const auto& id : def.exercises) {
    if (!skipped_by_option(o, id)) guided_def.exercises.push_back(id);
    else if (std::find(skipped.begin(), skipped.end(), id) == skipped.end()) skipped.push_back(id);
  }
  if (guided_def.exercises.empty()) throw Failure(kUsage, "--skip leaves no exercise to do; nothing is recorded");

  if (o.dry_run) {
    if (!o.quiet) {
      print_plain(plan, skipped, ctx.color());
      fmt::print("Dry run: nothing is recorded.\n");
    }
    return kOk;
  }
  const std::string flare = describe_flare(facts.result.flare, now.day);
  if (!flare.empty() && !o.quiet && (o.no_wait || !interactive())) fmt::print("{}\n\n", flare);
  if (o.no_wait) return run_no_wait(o, ctx, plan, skipped, facts);
  if (!interactive()) {
    if (!o.quiet) {
      if (!facts.any_session) fmt::print("{}\n\n", kFirstRunNote);
      print_plain(plan, skipped, ctx.color());
    }
    std::fflush(stdout);
    if (!o.quiet)
      warn("no terminal, so nothing is recorded; 'backcare start --no-wait' records a session from a script");
    return kOk;
  }
  // The day after a session, the morning reading first (SPEC §6): it
  // settles the last session's light, so the levels are read again.
  if (facts.active_yesterday && !facts.reading_today) {
    bool recorded = false;
    if (auto code = ask_morning_reading(ctx, recorded)) return *code;
    if (recorded) facts = read_facts(ctx);
  }
  if (auto now_flare = describe_flare(facts.result.flare, now.day); !now_flare.empty())
    write_out(wrap(now_flare, static_cast<std::size_t>(terminal_width())) + "\n");
  if (resumable)
    write_out(wrap(fmt::format("Resuming {} from {}: {} done, {} to go.", resumable->routine,
                               format_hhmm(resumable->time), resumable->done.size(), def.exercises.size()),
                   static_cast<std::size_t>(terminal_width())));
  else if (auto open = find_resumable(links, def.name))
    write_out(wrap(fmt::format("The session of {} started at {} was interrupted: 'backcare start --resume' goes on "
                               "from where it stopped; this one starts from the beginning.",
                               open->routine, format_hhmm(open->time)),
                   static_cast<std::size_t>(terminal_width())));
  return run_guided(o, ctx, plan_session(routine, guided_def, facts.result.levels), skipped, facts);
}

}  // namespace

Command add_start(CLI::App& root) {
  auto o = std::make_shared<StartOptions>();
  auto* cmd = root.add_subcommand("start", "a guided session in the terminal");
  cmd->add_option("ROUTINE", o->routine, "the routine to do (default: the one due now, else the next planned)");
  cmd->add_flag("--no-wait", o->no_wait, "no timers or questions: print the steps and record the session at once");
  cmd->add_flag("--dry-run", o->dry_run, "print what the session would do and its expected minutes; record nothing");
  o->pain_opt = cmd->add_option("--pain", o->pain, "pain now, 0 (none) to 10 (worst); not asked at the end")
                    ->type_name("N");
  o->effort_opt = cmd->add_option("--effort", o->effort, "effort, 0 (very easy) to 10 (hardest); not asked at the end")
                      ->type_name("N");
  o->note_opt = cmd->add_option("--note", o->note, "a one-line note for the session, in quotes")->type_name("TEXT");
  cmd->add_flag("--resume", o->resume,
                "continue today's interrupted session from the first exercise not done (ROUTINE: that routine's)");
  cmd->add_option("--skip", o->skip, "exercise ids to skip, comma-separated")
      ->delimiter(',')
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("ID,...");
  add_quiet(cmd, o->quiet, "with --no-wait or --dry-run, or without a terminal: print nothing but errors");
  cmd->footer(examples({"backcare start", "backcare start desk-break --dry-run", "backcare start --resume",
                        "backcare start morning --no-wait --pain 3 --effort 4 --skip cat-cow"}));
  return {cmd, [o](Context& ctx) { return run_start(*o, ctx); }};
}

}  // namespace backcare::cli
