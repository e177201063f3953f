// The guided session (SPEC §4 `start`) as a state machine over values.
//
// A plan (the routine's exercises at today's doses) expands into steps:
//
//   prepare(ex 1) work(set 1, side 1) rest work(set 1, side 2) ...
//   prepare(ex 2) work ...
//
// `prepare` is the get-ready countdown before the first exercise and the
// rest between exercises before the others (settings.rest_between). Work
// is a hold or a timed flow counting down, or reps paced at the tempo;
// rests between sets and sides use the exercise's `rest`.
//
// Events are tick(now), key(k, now), signal(s, now), answer_hurt(yes,
// now) and resumed(now), with `now` in milliseconds of a monotonic clock that the caller
// owns, so tests drive a 15-minute routine in microseconds. The machine
// emits Notices (a change worth a bell, a spoken cue, a message) that the
// shell drains with take_notices(). Nothing here reads a clock or a key.
#pragma once

#include "core/journal.hpp"
#include "core/progression.hpp"
#include "core/routine.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace backcare {

using Millis = std::int64_t;

struct SessionItem {
  const Exercise* exercise = nullptr;  // points into the Routine, which outlives the plan
  DoseStep dose;
  int level = 0;
  std::string caution;  // the profile's caution for it (profile_caution), empty for none
  // What changed since it was last done (dose_change), empty for nothing.
  std::string change;
  int change_dir = 0;  // +1 up, -1 down, 0 none
};

// The dose's change since the exercise was last done, from progression's
// lights: "30 s, up from 25 s: two easy sessions in a row"; empty when the
// dose is what it was last time (or it was never done). `dir` is +1 for up,
// -1 for down.
std::string dose_change(const Exercise& e, const Level& l, int& dir);

struct SessionPlan {
  std::string routine;  // the routine's name (the journal's subject)
  std::string title;    // for people; the name when the routine has none
  std::string description;
  std::vector<SessionItem> items;
  int get_ready = 10;     // seconds before the first exercise
  int rest_between = 15;  // seconds before each later exercise
  int expected_minutes = 1;  // routine_minutes: what the header promises
};

// The seconds before the first exercise: the rest between exercises, at
// most 10.
inline constexpr int kMaxGetReady = 10;

// The plan of a routine at the given progression levels. Ids the routine
// does not define are left out (the loader rejects them anyway).
SessionPlan plan_session(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels);

enum class StepKind { prepare, work, rest };

struct Step {
  StepKind kind = StepKind::work;
  int item = 0;  // index into plan.items
  int set = 1, sets = 1;
  int side = 1, sides = 1;
  Millis length = 0;  // 0: passed over at once, never shown
  // Reps work: the count and the milliseconds a rep.
  int reps = 0;
  Millis rep_ms = 0;
  bool last_work = false;  // the item's final set and side: ending it completes the exercise
  bool side_switch = false;  // a rest between the two sides
};

std::vector<Step> expand_steps(const SessionPlan& plan);

enum class Key { pause, end_step, done, skip, hurts, back, quit, interrupt };
enum class Signal { interrupt, terminate, hangup };
enum class SessionState { ready, running, paused, asking, finished };
enum class EndReason { none, completed, quit, interrupted, terminated, hangup, hurt };
enum class Outcome { pending, done, skipped };

// What the questions after `p` ("this hurts", SPEC §7) found, most serious
// first: an emergency neck sign (vision, speech, swallowing, a numb face)
// and numbness or tingling end the session; dizziness alone skips the neck
// exercises for the rest of the session; pain above the limit (or nothing)
// leaves the exercise sore and skipped and goes on.
enum class Hurt { none, over_limit, dizziness, numbness, neck_emergency };

// An exercise that moves the neck (its id or name says "neck").
bool is_neck_exercise(const Exercise& e);

// Something the shell should show or say.
struct Notice {
  bool change = false;     // a new step: ring the bell, show it
  bool new_item = false;   // ... of another exercise: show its card
  std::string cue;         // text to speak, empty for none
  bool droppable = false;  // a rep count: may be dropped while a cue still speaks
  std::string message;     // a line for the screen, empty for none
  bool tick = false;       // a soft tick: a new rep, a 3-2-1 count, a cue point
};

class Session {
 public:
  explicit Session(SessionPlan plan);

  // Events. `now` must not go backwards (a smaller value counts as no time).
  void start(Millis now);
  void tick(Millis now);
  void key(Key k, Millis now);
  void signal(Signal s, Millis now);
  // The answers to the "this hurts" questions (state asking).
  void answer_hurt(Hurt h, Millis now);
  // The same in short: yes ends the session (as numbness does), no goes on.
  void answer_hurt(bool yes, Millis now) { answer_hurt(yes ? Hurt::numbness : Hurt::none, now); }
  // Neck exercises are skipped for the rest of the session (after dizziness).
  bool neck_skipped() const { return skip_neck_; }
  // The program was stopped (Ctrl-Z) and has just been continued: a
  // running session is paused, so that the person picks up when ready
  // (space). `now` is on the same clock as every event: the shell's clock
  // leaves out the time the program was stopped, which never counts.
  void resumed(Millis now);

  std::vector<Notice> take_notices();

  SessionState state() const { return state_; }
  EndReason end_reason() const { return reason_; }
  const SessionPlan& plan() const { return plan_; }
  const std::vector<Step>& steps() const { return steps_; }
  int step_index() const { return index_; }
  // The current step; after the end, the last one.
  const Step& step() const;
  int item_index() const { return step().item; }
  const SessionItem& item() const { return plan_.items[static_cast<std::size_t>(item_index())]; }
  Millis step_elapsed() const { return elapsed_; }
  Millis step_remaining() const;
  // Reps work: the rep under way, 1-based (never above the count).
  int current_rep() const;
  // Time the session ran, pauses and questions not counted.
  Millis active_ms() const { return active_; }
  // Length of every step, and how far into them the session is.
  Millis total_ms() const { return total_; }
  Millis position_ms() const;

  Outcome outcome(int item) const { return outcomes_[static_cast<std::size_t>(item)]; }
  bool sore(int item) const { return sore_[static_cast<std::size_t>(item)]; }
  // Ids in plan order, each once; an id done once is not listed as skipped.
  std::vector<std::string> done_ids() const;
  std::vector<std::string> skipped_ids() const;
  std::vector<std::string> sore_ids() const;

  // Whether a session line is due: after a completed session when anything
  // was done or marked sore; after "this hurts" and yes, always; after an
  // interruption (q, Ctrl-C, a signal) only when an exercise was done.
  bool should_record() const;
  Status status() const { return reason_ == EndReason::completed ? Status::complete : Status::partial; }
  // Whole minutes actually spent, at least 1.
  int minutes_spent() const;

 private:
  void advance(Millis now);
  void run_steps();
  void enter(int index);
  void leave_step();
  void jump_to_item(int item);
  void finish(EndReason r);
  int first_step_of(int item) const;
  std::string cue_for(const Step& s) const;

  SessionPlan plan_;
  std::vector<Step> steps_;
  std::vector<Millis> starts_;  // starts_[i]: sum of lengths before step i
  Millis total_ = 0;
  std::vector<Outcome> outcomes_;
  std::vector<bool> sore_;
  std::vector<Notice> notices_;
  SessionState state_ = SessionState::ready;
  EndReason reason_ = EndReason::none;
  int index_ = 0;
  Millis elapsed_ = 0;  // in the current step
  Millis active_ = 0;
  Millis last_ = 0;
  int announced_rep_ = 0;
  bool announced_ten_ = false;
  int announced_count_ = 0;   // the 3-2-1 before a hold or a switch: the last number said
  std::size_t next_point_ = 0;  // the next of the exercise's cue points in this work step
  bool counts_down() const;
  bool prepare_shown_ = false;  // the current item's prepare step was on screen
  int shown_item_ = -1;         // the exercise whose card was shown last
  bool skip_neck_ = false;
};

// The two sides of an exercise as its steps name them: "right" then
// "left" when the first of those words in the steps is "right", the other
// way round when it is "left"; "first" and "second" when the steps name
// neither (issue 17).
struct SideNames {
  std::string first = "first", second = "second";
  bool named = false;
  const std::string& of(int side) const { return side == 2 ? second : first; }
};
SideNames side_names(const Exercise& e);

// A count as a word: "one" to "twenty", digits above.
std::string spoken_number(int n);

// Spoken texts: "1 minute", "30 seconds", "8 reps each side",
// "2 sets of 30 seconds".
std::string spoken_seconds(int seconds);
std::string spoken_dose(const Exercise& e, DoseStep d);

// What the shell maps bytes to (raw keys, no Enter).
// Returns false for a byte that means nothing to the session.
bool key_of_byte(int byte, Key& out);

}  // namespace backcare
