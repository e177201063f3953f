#include "core/session.hpp"

#include "core/symptoms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace backcare {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const Step kNoStep{};

}  // namespace

std::string dose_change(const Exercise& e, const Level& l, int& dir) {
  dir = 0;
  // Only a change made after the last session that did it: the dose then
  // differs from what was done last time.
  if (!l.changed_on || !l.light_on || *l.changed_on < *l.light_on) return {};
  if (l.change != Change::up && l.change != Change::down) return {};
  const std::string now = describe_dose(e, dose_at(e, l.index));
  if (l.change == Change::up) {
    dir = 1;
    return fmt::format("{}, up from {}: two easy sessions in a row", now, describe_dose(e, dose_at(e, l.index - 1)));
  }
  dir = -1;
  if (l.why == "flare-up") return fmt::format("{}, back to the start of its range: a flare-up", now);
  std::string why;
  switch (l.cause) {
    case Cause::sore: why = "marked sore last time"; break;
    case Cause::pain_high: why = fmt::format("pain {} last time, above its limit of {}", l.value, l.limit); break;
    case Cause::next_day_high: why = fmt::format("pain {} the day after last time", l.value); break;
    default: why = l.why; break;
  }
  return fmt::format("{}, down from {}: {}", now, describe_dose(e, dose_at(e, l.index + 1)), why);
}

SessionPlan plan_session(const Routine& r, const RoutineDef& def, const std::map<std::string, Level>& levels) {
  SessionPlan p;
  p.routine = def.name;
  p.title = def.title.empty() ? def.name : def.title;
  p.description = def.description;
  for (const auto& id : def.exercises) {
    const Exercise* e = r.exercise(id);
    if (!e) continue;
    const Level l = level_of(levels, id);
    int level = l.index;
    SessionItem item;
    item.exercise = e;
    item.dose = dose_at(*e, level);
    item.level = level;
    item.caution = profile_caution(e->id, r.profile.history ? &*r.profile.history : nullptr);
    item.change = dose_change(*e, l, item.change_dir);
    p.items.push_back(std::move(item));
  }
  p.rest_between = r.settings.rest_between;
  p.get_ready = std::min(r.settings.rest_between, kMaxGetReady);
  p.expected_minutes = routine_minutes(r, def, levels);
  return p;
}

std::vector<Step> expand_steps(const SessionPlan& plan) {
  std::vector<Step> steps;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    const SessionItem& it = plan.items[i];
    const Dose& d = it.exercise->dose;
    Step prep;
    prep.kind = StepKind::prepare;
    prep.item = static_cast<int>(i);
    prep.length = Millis{i == 0 ? plan.get_ready : plan.rest_between} * 1000;
    steps.push_back(prep);
    const int sets = std::max(1, it.dose.sets), sides = std::clamp(d.sides, 1, 2);
    for (int set = 1; set <= sets; ++set) {
      for (int side = 1; side <= sides; ++side) {
        Step s;
        s.item = static_cast<int>(i);
        s.set = set, s.sets = sets, s.side = side, s.sides = sides;
        if (set > 1 || side > 1) {
          s.kind = StepKind::rest;
          s.length = Millis{d.rest} * 1000;
          s.side_switch = side == 2;
          steps.push_back(s);
        }
        s.kind = StepKind::work;
        s.side_switch = false;
        if (d.work == Work::reps) {
          s.reps = it.dose.amount;
          s.rep_ms = std::max<Millis>(1, std::lround(d.tempo * 1000));
          s.length = s.reps * s.rep_ms;
        } else {
          s.length = Millis{it.dose.amount} * 1000;
        }
        s.last_work = set == sets && side == sides;
        steps.push_back(s);
      }
    }
  }
  return steps;
}

SideNames side_names(const Exercise& e) {
  SideNames n;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  for (const auto& step : e.steps) {
    for (std::size_t i = 0; i < step.size(); ++i) {
      if (i > 0 && letter(step[i - 1])) continue;
      for (std::string_view w : {"right", "left"}) {
        if (step.size() - i < w.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < w.size() && same; ++k)
          same = (step[i + k] | 0x20) == w[k];
        if (!same || (i + w.size() < step.size() && letter(step[i + w.size()]))) continue;
        n.named = true;
        n.first = std::string(w);
        n.second = w == "right" ? "left" : "right";
        return n;
      }
    }
  }
  return n;
}

std::string spoken_number(int n) {
  static constexpr std::array<std::string_view, 21> kWords = {
      "zero",    "one",     "two",       "three",    "four",     "five",    "six",
      "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen", "twenty"};
  if (n >= 0 && n <= 20) return std::string(kWords[static_cast<std::size_t>(n)]);
  return std::to_string(n);
}

std::string spoken_seconds(int seconds) {
  int m = seconds / 60, s = seconds % 60;
  auto unit = [](int n, const char* what) { return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"); };
  if (m == 0) return unit(s, "second");
  if (s == 0) return unit(m, "minute");
  return unit(m, "minute") + " " + unit(s, "second");
}

std::string spoken_dose(const Exercise& e, DoseStep d) {
  std::string amount = e.dose.work == Work::reps ? fmt::format("{} rep{}", d.amount, d.amount == 1 ? "" : "s")
                                                 : spoken_seconds(d.amount);
  std::string s = d.sets > 1 ? fmt::format("{} sets of {}", d.sets, amount) : amount;
  if (e.dose.sides == 2) s += " each side";
  return s;
}

bool key_of_byte(int byte, Key& out) {
  switch (byte) {
    case ' ': out = Key::pause; return true;
    case '\r':
    case '\n': out = Key::end_step; return true;
    case 'n':
    case 'N': out = Key::done; return true;
    case 's':
    case 'S': out = Key::skip; return true;
    case 'p':
    case 'P': out = Key::hurts; return true;
    case 'b':
    case 'B': out = Key::back; return true;
    case 'q':
    case 'Q': out = Key::quit; return true;
    case 0x03: out = Key::interrupt; return true;
    default: return false;
  }
}

Session::Session(SessionPlan plan)
    : plan_(std::move(plan)),
      steps_(expand_steps(plan_)),
      outcomes_(plan_.items.size(), Outcome::pending),
      sore_(plan_.items.size(), false) {
  for (const auto& s : steps_) {
    starts_.push_back(total_);
    total_ += s.length;
  }
}

const Step& Session::step() const {
  if (steps_.empty()) return kNoStep;
  return steps_[static_cast<std::size_t>(std::clamp<int>(index_, 0, static_cast<int>(steps_.size()) - 1))];
}

Millis Session::step_remaining() const { return std::max<Millis>(0, step().length - elapsed_); }

int Session::current_rep() const {
  const Step& s = step();
  if (s.kind != StepKind::work || s.rep_ms <= 0) return 0;
  return static_cast<int>(std::min<Millis>(s.reps, elapsed_ / s.rep_ms + 1));
}

Millis Session::position_ms() const {
  if (steps_.empty()) return 0;
  if (reason_ == EndReason::completed) return total_;
  auto i = static_cast<std::size_t>(std::min<int>(index_, static_cast<int>(steps_.size()) - 1));
  return starts_[i] + std::min(elapsed_, steps_[i].length);
}

int Session::first_step_of(int item) const {
  for (std::size_t i = 0; i < steps_.size(); ++i)
    if (steps_[i].item == item) return static_cast<int>(i);
  return static_cast<int>(steps_.size());
}

std::string Session::cue_for(const Step& s) const {
  const SessionItem& it = plan_.items[static_cast<std::size_t>(s.item)];
  const Exercise& e = *it.exercise;
  std::string what = fmt::format("{}, {}", e.name, spoken_dose(e, it.dose));
  switch (s.kind) {
    case StepKind::prepare: return (index_ == 0 ? "Get ready: " : "Rest. Next: ") + what;
    case StepKind::rest: {
      if (!s.side_switch) return "Rest";
      SideNames sides = side_names(e);
      return sides.named ? fmt::format("Switch to the {} side", sides.second) : "Switch sides";
    }
    case StepKind::work: {
      std::string verb = e.dose.work == Work::hold ? "Hold" : "Go";
      if (s.set == 1 && s.side == 1) return prepare_shown_ ? verb : what + ". " + verb;
      if (s.side == 1) return fmt::format("Set {}. {}", s.set, verb);
      return verb;
    }
  }
  return {};
}

bool is_neck_exercise(const Exercise& e) {
  return e.id.find("neck") != std::string::npos || e.name.find("neck") != std::string::npos ||
         e.name.find("Neck") != std::string::npos;
}

void Session::enter(int index) {
  // After dizziness, a neck exercise is skipped whenever it comes up.
  while (skip_neck_ && index < static_cast<int>(steps_.size())) {
    auto item = static_cast<std::size_t>(steps_[static_cast<std::size_t>(index)].item);
    if (!is_neck_exercise(*plan_.items[item].exercise)) break;
    if (outcomes_[item] != Outcome::done) outcomes_[item] = Outcome::skipped;
    index = item + 1 < plan_.items.size() ? first_step_of(static_cast<int>(item) + 1) : static_cast<int>(steps_.size());
  }
  if (index >= static_cast<int>(steps_.size())) {
    finish(EndReason::completed);
    return;
  }
  index_ = index;
  elapsed_ = 0;
  announced_ten_ = false;
  announced_count_ = 4;
  next_point_ = 0;
  const Step& s = step();
  announced_rep_ = s.kind == StepKind::work && s.rep_ms > 0 ? 1 : 0;
  if (s.kind == StepKind::prepare) prepare_shown_ = s.length > 0;
  if (s.length == 0) return;  // passed over at once, never shown
  Notice n;
  n.change = true;
  n.new_item = s.item != shown_item_;
  n.cue = cue_for(s);
  shown_item_ = s.item;
  notices_.push_back(std::move(n));
}

void Session::leave_step() {
  const Step& s = step();
  auto& o = outcomes_[static_cast<std::size_t>(s.item)];
  if (s.kind == StepKind::work && s.last_work && o == Outcome::pending) o = Outcome::done;
}

void Session::run_steps() {
  while (state_ == SessionState::running && elapsed_ >= step().length) {
    Millis over = elapsed_ - step().length;
    leave_step();
    enter(index_ + 1);
    if (state_ != SessionState::running) return;
    elapsed_ = over;
  }
  if (state_ != SessionState::running) return;
  const Step& s = step();
  // 3-2-1 before a hold and before the switch of sides (issue 17): the last
  // number due is said (a jump over several says only the latest), as a
  // droppable cue with a tick.
  if (counts_down()) {
    auto left = static_cast<int>((step_remaining() + 999) / 1000);
    if (left >= 1 && left <= 3 && left < announced_count_) {
      announced_count_ = left;
      Notice n;
      n.cue = spoken_number(left);
      n.droppable = true;
      n.tick = true;
      notices_.push_back(std::move(n));
    }
  }
  if (s.kind != StepKind::work) return;
  if (s.rep_ms > 0) {
    int rep = current_rep();
    if (rep > announced_rep_) {
      announced_rep_ = rep;
      Notice n;
      n.cue = spoken_number(rep);
      n.droppable = true;
      n.tick = true;
      notices_.push_back(std::move(n));
    }
  }
  // The routine's cue points, each once in every set and side ("reverse"
  // halfway through arm circles): said in turn, never dropped, and shown.
  const auto& points = plan_.items[static_cast<std::size_t>(s.item)].exercise->cues;
  while (next_point_ < points.size() &&
         static_cast<double>(elapsed_) >= points[next_point_].at * static_cast<double>(s.length)) {
    const CuePoint& p = points[next_point_++];
    Notice n;
    n.cue = p.say;
    n.message = "> " + p.say;
    n.tick = true;
    notices_.push_back(std::move(n));
  }
  if (!announced_ten_ && s.length >= 20000 && step_remaining() <= 10000) {
    announced_ten_ = true;
    Notice n;
    n.cue = "Ten seconds left";
    notices_.push_back(std::move(n));
  }
}

bool Session::counts_down() const {
  const Step& s = step();
  if (s.length < 4000) return false;  // too short to count down in
  const Exercise& e = *plan_.items[static_cast<std::size_t>(s.item)].exercise;
  if (s.kind == StepKind::work) return e.dose.work != Work::reps && s.sides == 2 && s.side == 1;  // to the switch
  auto next = static_cast<std::size_t>(index_) + 1;
  if (next >= steps_.size()) return false;
  const Step& n = steps_[next];
  return n.kind == StepKind::work && n.item == s.item && e.dose.work == Work::hold;  // into a hold
}

void Session::advance(Millis now) {
  Millis d = now - last_;
  last_ = std::max(last_, now);
  if (state_ != SessionState::running || d <= 0) return;
  active_ += d;
  elapsed_ += d;
  run_steps();
}

void Session::start(Millis now) {
  if (state_ != SessionState::ready) return;
  last_ = now;
  state_ = SessionState::running;
  if (steps_.empty()) {
    finish(EndReason::completed);
    return;
  }
  shown_item_ = -1;
  enter(0);
  run_steps();  // steps of no length pass at once
}

void Session::tick(Millis now) { advance(now); }

void Session::jump_to_item(int item) {
  state_ = SessionState::running;
  if (item >= static_cast<int>(plan_.items.size())) {
    finish(EndReason::completed);
    return;
  }
  shown_item_ = -1;  // show the card again, also for the same exercise
  enter(first_step_of(item));
  // A prepare step of no length passes at once and the work announces the card.
  run_steps();
}

void Session::key(Key k, Millis now) {
  if (state_ == SessionState::ready || state_ == SessionState::finished) return;
  // While "this hurts" waits for its answer, only quitting is possible.
  if (state_ == SessionState::asking && k != Key::quit && k != Key::interrupt) return;
  advance(now);
  if (state_ == SessionState::finished) return;
  auto item = static_cast<std::size_t>(item_index());
  switch (k) {
    case Key::pause:
      if (state_ == SessionState::running) {
        state_ = SessionState::paused;
        notices_.push_back({false, false, "Paused", false, ""});
      } else {
        state_ = SessionState::running;
        notices_.push_back({false, false, "Go on", false, ""});
      }
      break;
    case Key::end_step:
      state_ = SessionState::running;
      leave_step();
      enter(index_ + 1);
      run_steps();
      break;
    case Key::done:
      outcomes_[item] = Outcome::done;
      jump_to_item(item_index() + 1);
      break;
    case Key::skip:
      if (outcomes_[item] != Outcome::done) outcomes_[item] = Outcome::skipped;
      jump_to_item(item_index() + 1);
      break;
    case Key::hurts:
      sore_[item] = true;
      if (outcomes_[item] != Outcome::done) outcomes_[item] = Outcome::skipped;
      state_ = SessionState::asking;
      break;
    case Key::back: {
      // Going back means doing it again, not undoing it: what was done
      // stays done (issue 17); a skipped exercise is to do again.
      int target = std::max(0, item_index() - 1);
      auto& o = outcomes_[static_cast<std::size_t>(target)];
      if (o != Outcome::done) o = Outcome::pending;
      jump_to_item(target);
      break;
    }
    case Key::quit: finish(EndReason::quit); break;
    case Key::interrupt: finish(EndReason::interrupted); break;
  }
}

void Session::answer_hurt(Hurt h, Millis now) {
  if (state_ != SessionState::asking) return;
  advance(now);  // not running: moves the clock on without counting the question
  if (h == Hurt::neck_emergency || h == Hurt::numbness) {
    finish(EndReason::hurt);
    return;
  }
  Notice n;
  if (h == Hurt::dizziness) {
    skip_neck_ = true;
    n.message = "The neck exercises are left out for the rest of this session.";
  } else {
    n.message =
        "Listen to your body: move only within a range that feels comfortable, and stop an exercise that "
        "brings on pain.";
  }
  notices_.push_back(std::move(n));
  jump_to_item(item_index() + 1);
}

void Session::resumed(Millis now) {
  if (state_ == SessionState::ready || state_ == SessionState::finished) return;
  advance(now);
  if (state_ != SessionState::running) return;
  state_ = SessionState::paused;
  notices_.push_back({false, false, "", false, "Paused: press space to go on."});
}

void Session::signal(Signal s, Millis now) {
  if (state_ == SessionState::finished) return;
  advance(now);
  if (state_ == SessionState::finished) return;
  switch (s) {
    case Signal::interrupt: finish(EndReason::interrupted); break;
    case Signal::terminate: finish(EndReason::terminated); break;
    case Signal::hangup: finish(EndReason::hangup); break;
  }
}

void Session::finish(EndReason r) {
  state_ = SessionState::finished;
  reason_ = r;
  Notice n;
  n.change = true;
  if (r == EndReason::completed) n.cue = "Session complete";
  else if (r == EndReason::hurt) n.cue = "Stop here";
  notices_.push_back(std::move(n));
}

std::vector<Notice> Session::take_notices() {
  std::vector<Notice> out;
  out.swap(notices_);
  return out;
}

std::vector<std::string> Session::done_ids() const {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < outcomes_.size(); ++i)
    if (outcomes_[i] == Outcome::done && !contains(ids, plan_.items[i].exercise->id))
      ids.push_back(plan_.items[i].exercise->id);
  return ids;
}

std::vector<std::string> Session::skipped_ids() const {
  auto done = done_ids();
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < outcomes_.size(); ++i) {
    const auto& id = plan_.items[i].exercise->id;
    if (outcomes_[i] == Outcome::skipped && !contains(done, id) && !contains(ids, id)) ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> Session::sore_ids() const {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < sore_.size(); ++i)
    if (sore_[i] && !contains(ids, plan_.items[i].exercise->id)) ids.push_back(plan_.items[i].exercise->id);
  return ids;
}

bool Session::should_record() const {
  switch (reason_) {
    case EndReason::none: return false;
    case EndReason::completed: return !done_ids().empty() || !sore_ids().empty();
    case EndReason::hurt: return true;
    default: return !done_ids().empty();
  }
}

int Session::minutes_spent() const { return static_cast<int>(std::max<Millis>(1, (active_ + 30000) / 60000)); }

}  // namespace backcare
