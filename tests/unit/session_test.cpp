#include "core/session.hpp"
#include "core/session_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace backcare;

namespace {

// Three exercises: a 30 s hold in two sets, reps on two sides, a timed flow.
const char* kRoutine = R"(
[settings]
rest_between = 15

[[exercise]]
id = "doorway-stretch"
name = "Doorway stretch"
phase = "relief"
steps = ["Lean in."]
hold = [30, 40]
sets = 2
rest = 10

[[exercise]]
id = "neck-tilts"
name = "Neck tilts"
phase = "warm-up"
steps = ["Tilt."]
reps = [4, 6]
sides = 2
rest = 5
tempo = 2
pain_limit = 4

[[exercise]]
id = "cat-cow"
name = "Cat-cow"
phase = "relief"
steps = ["Flow."]
duration = [60, 120]

[routine.morning]
title = "Morning"
exercises = ["doorway-stretch", "neck-tilts", "cat-cow"]
days = "daily"
times = ["07:00"]
)";

const Routine& routine() {
  static const Routine r = load_routine(kRoutine);
  return r;
}

SessionPlan plan(std::map<std::string, Level> levels = {}) {
  return plan_session(routine(), *routine().routine("morning"), levels);
}

std::vector<std::string> cues(Session& s) {
  std::vector<std::string> out;
  for (auto& n : s.take_notices())
    if (!n.cue.empty()) out.push_back(n.cue);
  return out;
}


using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("a plan takes today's doses and the routine's rests") {
  auto p = plan();
  REQUIRE(p.items.size() == 3);
  CHECK(p.routine == "morning");
  CHECK(p.title == "Morning");
  CHECK(p.items[0].dose == DoseStep{30, 2});
  CHECK(p.get_ready == 10);
  CHECK(p.rest_between == 15);
  // 2*30+10 + 2*4*2+5 + 60 + 2*15 = 70 + 21 + 60 + 30 = 181 s
  CHECK(p.expected_minutes == 3);

  std::map<std::string, Level> levels;
  levels["doorway-stretch"].index = 1;
  CHECK(plan(levels).items[0].dose == DoseStep{35, 2});
}

TEST_CASE("steps: prepare, work per set and side, rests between") {
  auto steps = expand_steps(plan());
  REQUIRE(steps.size() == 10);
  CHECK(steps[0].kind == StepKind::prepare);
  CHECK(steps[0].length == 10000);
  CHECK((steps[1].kind == StepKind::work && steps[1].set == 1 && steps[1].length == 30000 && !steps[1].last_work));
  CHECK((steps[2].kind == StepKind::rest && steps[2].set == 2 && steps[2].length == 10000 && !steps[2].side_switch));
  CHECK((steps[3].kind == StepKind::work && steps[3].set == 2 && steps[3].last_work));
  CHECK((steps[4].kind == StepKind::prepare && steps[4].item == 1 && steps[4].length == 15000));
  CHECK((steps[5].kind == StepKind::work && steps[5].reps == 4 && steps[5].rep_ms == 2000 && steps[5].length == 8000));
  CHECK((steps[6].kind == StepKind::rest && steps[6].side_switch && steps[6].side == 2 && steps[6].length == 5000));
  CHECK((steps[7].kind == StepKind::work && steps[7].side == 2 && steps[7].last_work));
  CHECK((steps[9].kind == StepKind::work && steps[9].length == 60000 && steps[9].last_work));
  // The steps add up to routine_seconds plus the get-ready time.
  Millis total = 0;
  for (const auto& s : steps) total += s.length;
  CHECK(total == (181 + 10) * 1000);
}

TEST_CASE("a complete session, second by second") {
  Session s(plan());
  CHECK(s.state() == SessionState::ready);
  s.start(1000);
  CHECK(s.state() == SessionState::running);
  auto first = s.take_notices();
  REQUIRE(first.size() == 1);
  CHECK(first[0].change);
  CHECK(first[0].new_item);
  CHECK(first[0].cue == "Get ready: Doorway stretch, 2 sets of 30 seconds");
  CHECK(s.step().kind == StepKind::prepare);

  s.tick(10999);
  CHECK(s.step_index() == 0);
  CHECK(s.step_remaining() == 1);
  CHECK(format_countdown(s.step_remaining()) == "0:01");
  s.tick(11000);
  CHECK(s.step_index() == 1);
  CHECK(cues(s) == Ids{"one", "Hold"});  // issue 17: the 3-2-1 before a hold (a jump says the latest)
  s.tick(31000);  // 20 s into the 30 s hold: ten seconds left
  CHECK(cues(s) == Ids{"Ten seconds left"});
  CHECK(format_countdown(s.step_remaining()) == "0:10");
  s.tick(41000);
  CHECK(s.step().kind == StepKind::rest);
  CHECK(cues(s) == Ids{"Rest"});
  s.tick(51000);
  CHECK(cues(s) == Ids{"Set 2. Hold"});
  CHECK(s.outcome(0) == Outcome::pending);
  s.tick(81000);
  CHECK(s.outcome(0) == Outcome::done);
  CHECK(s.step().kind == StepKind::prepare);
  CHECK(s.item_index() == 1);
  auto n = s.take_notices();
  REQUIRE(n.size() == 1);
  CHECK(n[0].new_item);
  CHECK(n[0].cue == "Rest. Next: Neck tilts, 4 reps each side");

  // Reps paced at 2 s: counted on screen and spoken.
  s.tick(96000);
  CHECK(s.step().kind == StepKind::work);
  CHECK(s.current_rep() == 1);
  CHECK(cues(s) == Ids{"Go"});
  s.tick(97999);
  CHECK(s.current_rep() == 1);
  s.tick(98000);
  CHECK(s.current_rep() == 2);
  s.tick(102500);
  CHECK(s.current_rep() == 4);
  // 2 was said at 98 s; a jump over rep 3 says only the latest.
  auto reps = s.take_notices();
  REQUIRE(reps.size() == 2);
  CHECK(reps[0].cue == "two");  // issue 17: counts said as words
  CHECK(reps[0].droppable);
  CHECK(!reps[0].change);
  CHECK(reps[1].cue == "four");
  s.tick(104000);
  CHECK(s.step().side_switch);
  CHECK(cues(s) == Ids{"Switch sides"});
  s.tick(109000);
  CHECK(s.step().side == 2);

  // The rest in one jump.
  s.tick(1000000);
  CHECK(s.state() == SessionState::finished);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.status() == Status::complete);
  CHECK(s.done_ids() == Ids{"doorway-stretch", "neck-tilts", "cat-cow"});
  CHECK(s.skipped_ids().empty());
  CHECK(s.sore_ids().empty());
  CHECK(s.should_record());
  CHECK(s.position_ms() == s.total_ms());
  CHECK(s.active_ms() == 999000);
  CHECK(s.minutes_spent() == 17);
  auto last = s.take_notices();
  REQUIRE(!last.empty());
  CHECK(last.back().cue == "Session complete");
}

TEST_CASE("a session run at its planned pace spends its expected minutes") {
  Session s(plan());
  s.start(0);
  for (Millis t = 0; t <= 200000 && s.state() != SessionState::finished; t += 100) s.tick(t);
  CHECK(s.state() == SessionState::finished);
  CHECK(s.active_ms() == s.total_ms());
  CHECK(s.minutes_spent() == 3);
}

TEST_CASE("skipping and finishing early") {
  Session s(plan());
  s.start(0);
  s.tick(12000);  // in the first hold
  s.key(Key::skip, 12000);
  CHECK(s.outcome(0) == Outcome::skipped);
  CHECK(s.item_index() == 1);
  CHECK(s.step().kind == StepKind::prepare);
  // n on the rest before an exercise marks that exercise done.
  s.key(Key::done, 13000);
  CHECK(s.outcome(1) == Outcome::done);
  CHECK(s.item_index() == 2);
  // Enter ends the rest, then the work; ending the last work step completes the exercise.
  s.key(Key::end_step, 14000);
  CHECK(s.step().kind == StepKind::work);
  s.key(Key::end_step, 15000);
  CHECK(s.state() == SessionState::finished);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.done_ids() == Ids{"neck-tilts", "cat-cow"});
  CHECK(s.skipped_ids() == Ids{"doorway-stretch"});
  CHECK(s.status() == Status::complete);
  CHECK(s.active_ms() == 15000);
  CHECK(s.minutes_spent() == 1);
}

TEST_CASE("Enter ends a set early, not the exercise") {
  Session s(plan());
  s.start(0);
  s.key(Key::end_step, 100);  // get ready over
  CHECK(s.step_index() == 1);
  s.key(Key::end_step, 200);  // set 1 over: rest
  CHECK(s.step().kind == StepKind::rest);
  CHECK(s.outcome(0) == Outcome::pending);
  s.key(Key::end_step, 300);
  s.key(Key::end_step, 400);  // set 2, the last: the exercise is done
  CHECK(s.outcome(0) == Outcome::done);
  CHECK(s.item_index() == 1);
}

TEST_CASE("a skipped-only session records nothing") {
  Session s(plan());
  s.start(0);
  for (int i = 0; i < 3; ++i) s.key(Key::skip, i * 10);
  CHECK(s.state() == SessionState::finished);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.skipped_ids().size() == 3);
  CHECK(!s.should_record());
}

TEST_CASE("pause stops the clock") {
  Session s(plan());
  s.start(0);
  s.tick(5000);
  s.key(Key::pause, 5000);
  CHECK(s.state() == SessionState::paused);
  s.tick(600000);
  CHECK(s.step_index() == 0);
  CHECK(s.step_elapsed() == 5000);
  CHECK(s.active_ms() == 5000);
  s.key(Key::pause, 700000);
  CHECK(s.state() == SessionState::running);
  s.tick(704999);
  CHECK(s.step_index() == 0);
  s.tick(705000);
  CHECK(s.step_index() == 1);
  CHECK(s.active_ms() == 10000);
  // Enter while paused goes on.
  s.key(Key::pause, 706000);
  s.key(Key::end_step, 800000);
  CHECK(s.state() == SessionState::running);
  CHECK(s.step().kind == StepKind::rest);
  CHECK(s.active_ms() == 11000);
}

TEST_CASE("this hurts, and no: marked sore, skipped, the session goes on") {
  Session s(plan());
  s.start(0);
  s.tick(20000);
  s.key(Key::hurts, 20000);
  CHECK(s.state() == SessionState::asking);
  CHECK(s.sore(0));
  s.tick(90000);  // the question takes its time; the clock does not run
  CHECK(s.active_ms() == 20000);
  s.key(Key::skip, 90000);  // ignored while asking
  CHECK(s.state() == SessionState::asking);
  s.answer_hurt(false, 95000);
  CHECK(s.state() == SessionState::running);
  CHECK(s.item_index() == 1);
  auto n = s.take_notices();
  CHECK(std::any_of(n.begin(), n.end(), [](const Notice& x) { return x.message.find("Listen to your body") == 0; }));
  CHECK(s.active_ms() == 20000);
  s.tick(1000000);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.done_ids() == Ids{"neck-tilts", "cat-cow"});
  CHECK(s.skipped_ids() == Ids{"doorway-stretch"});
  CHECK(s.sore_ids() == Ids{"doorway-stretch"});
  CHECK(s.status() == Status::complete);
}

TEST_CASE("this hurts, and yes: the session ends as partial and is recorded") {
  Session s(plan());
  s.start(0);
  s.key(Key::hurts, 3000);
  s.answer_hurt(true, 4000);
  CHECK(s.state() == SessionState::finished);
  CHECK(s.end_reason() == EndReason::hurt);
  CHECK(s.status() == Status::partial);
  CHECK(s.should_record());  // the sore mark matters, even with nothing done
  CHECK(s.done_ids().empty());
  CHECK(s.sore_ids() == Ids{"doorway-stretch"});
}

TEST_CASE("q while asking quits") {
  Session s(plan());
  s.start(0);
  s.key(Key::hurts, 100);
  s.key(Key::quit, 200);
  CHECK(s.end_reason() == EndReason::quit);
}

TEST_CASE("back goes to the previous exercise, which is done again") {
  Session s(plan());
  s.start(0);
  s.key(Key::done, 1000);
  CHECK(s.item_index() == 1);
  s.tick(20000);  // into neck tilts
  s.key(Key::back, 20000);
  CHECK(s.item_index() == 0);
  CHECK(s.step().kind == StepKind::prepare);
  CHECK(s.outcome(0) == Outcome::done);  // issue 17: back keeps what was done
  auto n = s.take_notices();
  REQUIRE(!n.empty());
  CHECK(n.back().new_item);
  // Back on the first exercise starts it again.
  s.key(Key::back, 21000);
  CHECK(s.item_index() == 0);
  CHECK(s.step_index() == 0);
  s.tick(2000000);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.done_ids() == Ids{"doorway-stretch", "neck-tilts", "cat-cow"});
}

TEST_CASE("back keeps what was done: n n n b q records 3 done, not 2", "[session][regression]") {
  // Issue 17: going back meant undoing the exercise just finished.
  const Routine r = load_routine(default_routine_text());
  Session u(plan_session(r, *r.routine("full"), {}));
  u.start(0);
  u.key(Key::done, 1000);
  u.key(Key::done, 2000);
  u.key(Key::done, 3000);
  u.key(Key::back, 4000);
  CHECK(u.item_index() == 2);
  u.key(Key::quit, 5000);
  CHECK(u.done_ids().size() == 3);
  CHECK(u.status() == Status::partial);
}

TEST_CASE("back undoes a skip") {
  Session s(plan());
  s.start(0);
  s.key(Key::skip, 10);
  s.key(Key::back, 20);
  CHECK(s.outcome(0) == Outcome::pending);
  s.tick(100000);
  CHECK(s.outcome(0) == Outcome::done);
  CHECK(s.skipped_ids().empty());
}

TEST_CASE("interrupted sessions") {
  SECTION("q before any exercise is done: nothing to record") {
    Session s(plan());
    s.start(0);
    s.tick(30000);
    s.key(Key::quit, 30000);
    CHECK(s.state() == SessionState::finished);
    CHECK(s.end_reason() == EndReason::quit);
    CHECK(!s.should_record());
  }
  SECTION("q after one exercise: partial") {
    Session s(plan());
    s.start(0);
    s.tick(81000);
    s.key(Key::quit, 82000);
    CHECK(s.should_record());
    CHECK(s.status() == Status::partial);
    CHECK(s.done_ids() == Ids{"doorway-stretch"});
    CHECK(s.skipped_ids().empty());
    CHECK(s.active_ms() == 82000);
  }
  SECTION("Ctrl-C as a key") {
    Session s(plan());
    s.start(0);
    s.key(Key::done, 10);
    s.key(Key::interrupt, 20);
    CHECK(s.end_reason() == EndReason::interrupted);
    CHECK(s.should_record());
  }
  SECTION("a sore mark alone is not recorded on an interruption") {
    Session s(plan());
    s.start(0);
    s.key(Key::hurts, 10);
    s.answer_hurt(false, 20);
    s.signal(Signal::terminate, 30);
    CHECK(s.end_reason() == EndReason::terminated);
    CHECK(!s.should_record());
  }
  SECTION("signals") {
    for (auto [sig, reason] : {std::pair{Signal::terminate, EndReason::terminated},
                               std::pair{Signal::hangup, EndReason::hangup},
                               std::pair{Signal::interrupt, EndReason::interrupted}}) {
      Session s(plan());
      s.start(0);
      s.tick(120000);  // the first two exercises are done
      s.signal(sig, 120000);
      CHECK(s.end_reason() == reason);
      CHECK(s.status() == Status::partial);
      CHECK(s.done_ids() == Ids{"doorway-stretch", "neck-tilts"});
      // Later events change nothing.
      s.tick(900000);
      s.key(Key::done, 900000);
      CHECK(s.end_reason() == reason);
      CHECK(s.done_ids().size() == 2);
    }
  }
  SECTION("a signal while paused counts no paused time") {
    Session s(plan());
    s.start(0);
    s.key(Key::pause, 4000);
    s.signal(Signal::terminate, 90000);
    CHECK(s.active_ms() == 4000);
  }
}

TEST_CASE("events before start, and a clock going backwards, are harmless") {
  Session s(plan());
  s.key(Key::done, 5);
  s.tick(10);
  CHECK(s.state() == SessionState::ready);
  s.start(1000);
  s.tick(500);
  CHECK(s.active_ms() == 0);
  s.tick(1500);
  CHECK(s.active_ms() == 500);
}

TEST_CASE("no rest between exercises: steps of no length pass unseen") {
  Routine r = load_routine(std::string(kRoutine).replace(std::string(kRoutine).find("rest_between = 15"), 17,
                                                         "rest_between = 0"));
  Session s(plan_session(r, *r.routine("morning"), {}));
  s.start(0);
  auto n = s.take_notices();
  REQUIRE(n.size() == 1);
  CHECK(s.step().kind == StepKind::work);
  CHECK(n[0].new_item);
  CHECK(n[0].cue == "Doorway stretch, 2 sets of 30 seconds. Hold");
  s.key(Key::done, 10);
  n = s.take_notices();
  REQUIRE(n.size() == 1);
  CHECK(n[0].cue == "Neck tilts, 4 reps each side. Go");
}

TEST_CASE("keys from bytes") {
  Key k;
  CHECK((key_of_byte(' ', k) && k == Key::pause));
  CHECK((key_of_byte('\r', k) && k == Key::end_step));
  CHECK((key_of_byte('\n', k) && k == Key::end_step));
  CHECK((key_of_byte('n', k) && k == Key::done));
  CHECK((key_of_byte('S', k) && k == Key::skip));
  CHECK((key_of_byte('p', k) && k == Key::hurts));
  CHECK((key_of_byte('b', k) && k == Key::back));
  CHECK((key_of_byte('q', k) && k == Key::quit));
  CHECK((key_of_byte(0x03, k) && k == Key::interrupt));
  CHECK(!key_of_byte('x', k));
  CHECK(!key_of_byte('?', k));
  CHECK(!key_of_byte(0x1b, k));
}

TEST_CASE("spoken texts") {
  CHECK(spoken_seconds(1) == "1 second");
  CHECK(spoken_seconds(45) == "45 seconds");
  CHECK(spoken_seconds(60) == "1 minute");
  CHECK(spoken_seconds(150) == "2 minutes 30 seconds");
  const auto& r = routine();
  CHECK(spoken_dose(*r.exercise("cat-cow"), {60, 1}) == "1 minute");
  CHECK(spoken_dose(*r.exercise("neck-tilts"), {1, 1}) == "1 rep each side");
  CHECK(spoken_dose(*r.exercise("doorway-stretch"), {30, 3}) == "3 sets of 30 seconds");
}

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("the status line fits the width") {
  Session s(plan());
  s.start(0);
  s.tick(12000);
  std::string wide = render_status(s, {Style{false}, 80});
  CHECK(wide.find("Hold 0:28, set 1/2") == 0);
  CHECK(wide.find("1/3 0:12/3 min [") != std::string::npos);
  CHECK(display_width(wide) <= 79);
  for (std::size_t w : {60u, 40u, 30u, 20u, 12u, 5u, 1u}) {
    std::string line = render_status(s, {Style{false}, w});
    CHECK(display_width(line) <= std::max<std::size_t>(1, w - 1));
  }
  // Colour codes do not count as columns.
  std::string colored = render_status(s, {Style{true}, 80});
  CHECK(colored.find('\x1b') != std::string::npos);
  CHECK(display_width(colored) <= 79);
  s.key(Key::pause, 12000);
  CHECK(render_status(s, {Style{false}, 80}).find("PAUSED") == 0);
}

TEST_CASE("the status line of each kind of step") {
  Session s(plan());
  s.start(0);
  CHECK(render_status(s, {Style{false}, 80}).find("Get ready 0:10 Doorway stretch") == 0);
  s.tick(41000);
  CHECK(render_status(s, {Style{false}, 80}).find("Rest 0:09, then set 2/2") == 0);
  s.tick(81000);
  CHECK(render_status(s, {Style{false}, 80}).find("Rest 0:14, next: Neck tilts") == 0);
  s.tick(98500);
  CHECK(render_status(s, {Style{false}, 80}).find("Rep 2/4, first side") == 0);
  s.tick(104000);
  CHECK(render_status(s, {Style{false}, 80}).find("Switch sides 0:04") == 0);
  s.tick(140000);
  CHECK(render_status(s, {Style{false}, 80}).find("Keep going 0:51") == 0);
  s.tick(1000000);
  CHECK(render_status(s, {Style{false}, 80}).empty());
}

TEST_CASE("cards and the plain text wrap to narrow widths") {
  Routine r = load_routine(default_routine_text());
  auto p = plan_session(r, *r.routine("full"), {});
  for (std::size_t w : {80u, 40u, 24u}) {
    for (std::size_t i = 0; i < p.items.size(); ++i)
      for (const auto& l : lines_of(render_card(p, static_cast<int>(i), {Style{false}, w}, true)))
        CHECK(display_width(l) <= w);
    for (const auto& l : lines_of(render_plain(p, {Style{false}, w}))) CHECK(display_width(l) <= w);
  }
  std::string card = render_card(p, 5, {Style{false}, 80}, true);
  CHECK(card.find("Exercise 6 of 17: Doorway stretch (relief)") == 0);
  CHECK(card.find("   Dose: 2 × 20 s; 10 s rest between sets") != std::string::npos);
  CHECK(card.find("   Position: standing. Equipment: doorway.") != std::string::npos);
  CHECK(card.find("   1. Stand in an open doorway") != std::string::npos);
  CHECK(card.find("   Careful: ") != std::string::npos);
  std::string plain = render_plain(p, {Style{false}, 80});
  CHECK(plain.find("Full session: 17 exercises, about") == 0);
  CHECK(plain.find("Expected time: about ") != std::string::npos);
  CHECK(plain.find('\x1b') == std::string::npos);
}

TEST_CASE("the summary line") {
  Session s(plan());
  s.start(0);
  s.key(Key::skip, 100);
  s.tick(200000);
  CHECK(render_summary(s, 3) == "Recorded morning: 3 min, 2 done, 1 skipped. Streak: 3 days.");
  Session q(plan());
  q.start(0);
  q.key(Key::done, 100);
  q.key(Key::quit, 200);
  CHECK(render_summary(q, 1) == "Recorded morning: 1 min, 1 done (partial). Streak: 1 day.");
}

TEST_CASE("this hurts, dizziness: neck exercises are skipped for the rest of the session", "[session][hurt]") {
  Session s(plan());
  s.start(0);
  s.tick(20000);
  s.key(Key::hurts, 20000);  // on doorway-stretch
  s.answer_hurt(Hurt::dizziness, 21000);
  CHECK(s.neck_skipped());
  CHECK(s.state() == SessionState::running);
  CHECK(s.item().exercise->id == "cat-cow");  // neck-tilts passed over
  s.tick(1000000);
  CHECK(s.end_reason() == EndReason::completed);
  CHECK(s.done_ids() == Ids{"cat-cow"});
  CHECK(s.skipped_ids() == Ids{"doorway-stretch", "neck-tilts"});
}

TEST_CASE("this hurts: an emergency neck sign or numbness ends it, pain above the limit goes on", "[session][hurt]") {
  for (Hurt h : {Hurt::neck_emergency, Hurt::numbness}) {
    Session s(plan());
    s.start(0);
    s.key(Key::hurts, 3000);
    s.answer_hurt(h, 4000);
    CHECK(s.end_reason() == EndReason::hurt);
    CHECK_FALSE(s.neck_skipped());
  }
  Session over(plan());
  over.start(0);
  over.key(Key::hurts, 3000);
  over.answer_hurt(Hurt::over_limit, 4000);
  CHECK(over.state() == SessionState::running);
  CHECK(over.sore_ids() == Ids{"doorway-stretch"});
  CHECK(over.item().exercise->id == "neck-tilts");
}

TEST_CASE("neck exercises are known by their id or name", "[session][hurt]") {
  CHECK(is_neck_exercise(*routine().exercise("neck-tilts")));
  CHECK_FALSE(is_neck_exercise(*routine().exercise("cat-cow")));
}

TEST_CASE("[regression] suspend: after Ctrl-Z and fg the session is paused where it was", "[session]") {
  // Found by hand: after Ctrl-Z and fg a 70 s stop counted as exercise
  // time and finished the exercise. The shell's clock leaves the stopped
  // time out; resumed() pauses the session so the person picks up when
  // ready.
  Session s(plan());
  s.start(0);
  s.tick(15000);  // 5 s into the first 30 s hold (after 10 s to get ready)
  REQUIRE(s.step_index() == 1);
  s.take_notices();
  s.resumed(15500);  // stopped at 15 s by the shell's clock, continued: 15.5 s
  CHECK(s.state() == SessionState::paused);
  CHECK(s.step_index() == 1);
  CHECK(s.step_elapsed() == 5500);
  auto n = s.take_notices();
  REQUIRE(n.size() == 1);
  CHECK(n[0].message == "Paused: press space to go on.");
  s.tick(90000);  // paused: nothing moves
  CHECK(s.step_index() == 1);
  CHECK(s.outcome(0) == Outcome::pending);
  s.key(Key::pause, 90000);  // space: go on
  CHECK(s.state() == SessionState::running);
  s.tick(114499);
  CHECK(s.step_index() == 1);
  CHECK(s.step_remaining() == 1);
  CHECK(s.active_ms() == 15000 + 500 + 24499);
  // Already paused, or asking: it stays as it was, with no message.
  s.key(Key::pause, 114499);
  s.take_notices();
  s.resumed(117000);
  CHECK(s.state() == SessionState::paused);
  CHECK(s.take_notices().empty());
  s.key(Key::pause, 117000);
  CHECK(s.step_index() == 1);
  s.key(Key::hurts, 117000);
  s.resumed(118000);
  CHECK(s.state() == SessionState::asking);
  // Before the start and after the end, nothing happens.
  Session idle(plan());
  idle.resumed(5);
  CHECK(idle.state() == SessionState::ready);
}

TEST_CASE("sides are named as the steps name them, right then left", "[session][sides]") {
  Exercise e;
  e.steps = {"Sit tall.", "Let your Right ear drift toward your right shoulder.", "Then the left."};
  SideNames n = side_names(e);
  CHECK(n.named);
  CHECK(n.of(1) == "right");
  CHECK(n.of(2) == "left");
  e.steps = {"Hook your left elbow outside your right knee."};
  CHECK(side_names(e).of(1) == "left");
  CHECK(side_names(e).of(2) == "right");
  // Words that only contain them do not count.
  e.steps = {"Stay upright, then go leftward.", "Lift one arm."};
  CHECK_FALSE(side_names(e).named);
  CHECK(side_names(e).of(1) == "first");
  CHECK(side_names(e).of(2) == "second");
}

TEST_CASE("the status line and the cue at the switch name the sides", "[session][sides]") {
  Routine r = load_routine(R"(
[settings]
rest_between = 0
[[exercise]]
id = "neck-tilts"
name = "Neck tilts"
phase = "warm-up"
steps = ["Tilt your right ear toward your right shoulder."]
reps = 2
sides = 2
rest = 3
tempo = 1
[routine.r]
exercises = ["neck-tilts"]
)");
  Session s(plan_session(r, *r.routine("r"), {}));
  s.start(0);
  s.take_notices();
  CHECK_THAT(render_status(s, {Style{false}, 80}), Catch::Contains("Rep 1/2, right side"));
  s.tick(2000);  // the first side done: the switch
  bool said = false;
  for (const auto& n : s.take_notices()) said |= n.cue == "Switch to the left side";
  CHECK(said);
  CHECK_THAT(render_status(s, {Style{false}, 80}), Catch::Contains("Switch to the left side 0:03"));
  s.tick(5000);
  CHECK_THAT(render_status(s, {Style{false}, 80}), Catch::Contains("Rep 1/2, left side"));
}

namespace {
const char* kCueRoutine = R"(
[settings]
rest_between = 5
[[exercise]]
id = "circles"
name = "Circles"
phase = "warm-up"
steps = ["Circle forward, then back."]
duration = 20
cues = [{ at = 0.75, say = "slow down" }, { at = 0.5, say = "reverse" }]
[[exercise]]
id = "twist"
name = "Twist"
phase = "stretch"
steps = ["Turn to the right."]
hold = 10
sides = 2
rest = 5
[routine.r]
exercises = ["circles", "twist"]
)";

std::vector<Notice> run_to(Session& s, Millis from, Millis to) {
  std::vector<Notice> out;
  for (Millis t = from; t <= to; t += 100) {
    s.tick(t);
    for (auto& n : s.take_notices()) out.push_back(n);
  }
  return out;
}

Ids said(const std::vector<Notice>& ns) {
  Ids v;
  for (const auto& n : ns)
    if (!n.cue.empty()) v.push_back(n.cue);
  return v;
}
}  // namespace

TEST_CASE("cue points, the 3-2-1 before a hold and before the switch, ticks", "[session][cues]") {
  Routine r = load_routine(kCueRoutine);
  REQUIRE(r.exercise("circles")->cues.size() == 2);
  CHECK(r.exercise("circles")->cues[0].say == "reverse");  // sorted by at
  Session s(plan_session(r, *r.routine("r"), {}));
  s.start(0);
  s.take_notices();
  // Get ready 5 s, then 20 s of circles: no count into a timed flow; the
  // cue points at 10 s and 15 s, shown too.
  auto a = run_to(s, 0, 25000 - 100);
  CHECK(said(a) == Ids{"Go", "reverse", "Ten seconds left", "slow down"});
  bool shown = false;
  for (const auto& n : a) shown |= n.message == "> reverse" && n.tick && !n.droppable;
  CHECK(shown);
  // Rest 5 s before the twist's hold: three, two, one, then the hold of the
  // right side; 3-2-1 to the switch; the switch rest counts into the left.
  auto b = run_to(s, 25000, 60000);
  CHECK(said(b) == Ids{"Rest. Next: Twist, 10 seconds each side", "three", "two", "one", "Hold", "three", "two", "one",
                       "Switch to the left side", "three", "two", "one", "Hold", "Session complete"});
  for (const auto& n : b)
    if (n.cue == "three" || n.cue == "two" || n.cue == "one") CHECK((n.droppable && n.tick));
}

TEST_CASE("cue points and tick in the routine are validated", "[routine][cues]") {
  auto with = [](const std::string& extra) {
    return std::string("[[exercise]]\nid = \"a\"\nname = \"A\"\nphase = \"relief\"\nsteps = [\"x\"]\nhold = 5\n") + extra +
           "\n[routine.r]\nexercises = [\"a\"]\n";
  };
  CHECK(load_routine(with("cues = [{ at = 0.5, say = \"reverse\" }]")).exercise("a")->cues.size() == 1);
  for (const char* bad : {"cues = [{ at = 0, say = \"x\" }]", "cues = [{ at = 1, say = \"x\" }]",
                          "cues = [{ at = 0.5 }]", "cues = [{ say = \"x\" }]", "cues = [{ at = 0.5, say = \"\" }]",
                          "cues = [{ at = 0.5, say = \"x\", when = 1 }]", "cues = \"reverse\"",
                          "cues = [{ at = \"half\", say = \"x\" }]", "cues = [{ at = 0.5, say = \"a\\u0007b\" }]"}) {
    INFO(bad);
    CHECK_THROWS_AS(load_routine(with(bad)), RoutineError);
  }
  CHECK(load_routine(with("")).settings.tick);
  CHECK_FALSE(load_routine("[settings]\nbell = false\n" + with("")).settings.tick);
  CHECK(load_routine("[settings]\nbell = false\ntick = true\n" + with("")).settings.tick);
  CHECK_FALSE(load_routine("[settings]\ntick = false\n" + with("")).settings.tick);
  CHECK_THROWS_AS(load_routine("[settings]\ntick = 1\n" + with("")), RoutineError);
}

TEST_CASE("counts as words", "[session][cues]") {
  CHECK(spoken_number(1) == "one");
  CHECK(spoken_number(12) == "twelve");
  CHECK(spoken_number(20) == "twenty");
  CHECK(spoken_number(21) == "21");
}

TEST_CASE("the card says what changed since last time, and why", "[session][change]") {
  const Exercise& e = *routine().exercise("doorway-stretch");  // hold 30-40 s, step 5, 2 sets
  Level l;
  l.index = 1;
  l.change = Change::up;
  l.changed_on = Day{date::days{100}};
  l.light_on = l.changed_on;
  int dir = 0;
  CHECK(dose_change(e, l, dir) == "2 × 35 s, up from 2 × 30 s: two easy sessions in a row");
  CHECK(dir == 1);
  // Done again since at the new dose: nothing to say.
  l.light_on = Day{date::days{101}};
  CHECK(dose_change(e, l, dir).empty());
  CHECK(dir == 0);
  l.light_on = l.changed_on;
  l.index = 0;
  l.change = Change::down;
  l.cause = Cause::sore;
  l.why = "marked sore";
  CHECK(dose_change(e, l, dir) == "2 × 30 s, down from 2 × 35 s: marked sore last time");
  CHECK(dir == -1);
  l.cause = Cause::pain_high;
  l.value = 8;
  l.limit = 5;
  CHECK(dose_change(e, l, dir) == "2 × 30 s, down from 2 × 35 s: pain 8 last time, above its limit of 5");
  l.why = "flare-up";
  CHECK(dose_change(e, l, dir) == "2 × 30 s, back to the start of its range: a flare-up");
  l.change = Change::steady;
  CHECK(dose_change(e, l, dir).empty());
  CHECK(dose_change(e, Level{}, dir).empty());

  // On the card, under the dose.
  std::map<std::string, Level> levels;
  l.change = Change::up;
  l.index = 1;
  levels["doorway-stretch"] = l;
  SessionPlan p = plan(levels);
  CHECK(p.items[0].change_dir == 1);
  CHECK_THAT(render_card(p, 0, {Style{false}, 80}, true),
             Catch::Contains("Changed: 2 × 35 s, up from 2 × 30 s: two easy sessions in a row."));
  CHECK_THAT(render_card(p, 1, {Style{false}, 80}, true), !Catch::Contains("Changed:"));
}

TEST_CASE("the figure beside the steps: within the width, every step kept, empty when too narrow") {
  Routine r = load_routine(default_routine_text());
  auto p = plan_session(r, *r.routine("full"), {});
  int beside_shorter = 0;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const Exercise& e = *p.items[i].exercise;
    for (std::size_t w : {60u, 100u}) {
      std::string above = render_card(p, static_cast<int>(i), {Style{false}, w}, true, 0);
      std::string beside = render_card(p, static_cast<int>(i), {Style{false}, w}, true, 0, FigurePlace::beside);
      REQUIRE_FALSE(beside.empty());
      for (const auto& l : lines_of(beside)) CHECK(display_width(l) <= w);
      // Every step's words are there, in order, and the cautions after.
      std::string flat;
      for (char c : beside) flat += c == '\n' ? ' ' : c;
      std::size_t at = 0;
      for (std::size_t k = 0; k < e.steps.size(); ++k) {
        std::string first_word = e.steps[k].substr(0, e.steps[k].find(' '));
        at = flat.find(std::to_string(k + 1) + ". " + first_word, at);
        CHECK(at != std::string::npos);
      }
      CHECK(beside.find("Careful:") > beside.find("1. "));
      if (std::count(beside.begin(), beside.end(), '\n') < std::count(above.begin(), above.end(), '\n'))
        ++beside_shorter;
    }
  }
  CHECK(beside_shorter >= 20);  // the point of it: a shorter card in most cases
  // Under kFigureMinWidth there is no figure either way.
  CHECK(render_card(p, 2, {Style{false}, 40}, true, 0, FigurePlace::beside) ==
        render_card(p, 2, {Style{false}, 40}, true, -1));
}
