#include "cli/session_view.hpp"

#include "core/symptoms.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>

#include <sys/ioctl.h>
#include <unistd.h>

namespace backcare::cli {

SessionView::SessionView(ViewOptions o) : o_(std::move(o)), width_(terminal_width()) {
  if (o_.color) hide_cursor(true);
}

SessionView::~SessionView() {
  clear_status();
  if (o_.color) hide_cursor(false);
}

std::string SessionView::clear_seq() const {
  if (o_.color) return "\r\x1b[K";
  return "\r" + std::string(display_width(live_), ' ') + "\r";
}

void SessionView::clear_status() {
  if (!live_shown_) return;
  write_out(clear_seq());
  live_shown_ = false;
  live_.clear();
}

std::size_t current_frame(const Session& s) {
  if (s.state() == SessionState::finished || s.steps().empty()) return 0;
  const Step& step = s.step();
  if (step.kind != StepKind::work) return 0;
  const Exercise& e = *s.item().exercise;
  // Reps: the frames share each rep. A timed movement (cat-cow) moves at a
  // slow breath, in and out: twice the default tempo.
  Millis cycle = step.rep_ms > 0 ? step.rep_ms
                 : e.dose.work == Work::duration ? static_cast<Millis>(e.dose.tempo * 2000) : 0;
  return frame_at(e, step.length - s.step_remaining(), cycle);
}

namespace {
int terminal_rows() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  return 0;
}
}  // namespace

void SessionView::card(const Session& s, std::string_view before) {
  if (s.state() == SessionState::finished || s.steps().empty()) return;
  std::size_t frame = current_frame(s);
  std::string text = render_card(s.plan(), s.item_index(), layout(), true, static_cast<int>(frame));
  // The card, a cue line and the status line must fit the window, or the
  // exercise's name scrolls away. In a short window the figure goes beside
  // the steps; where even that is too tall, it is left out: the name and
  // the steps matter more.
  card_place_ = FigurePlace::above;
  int rows = terminal_rows();
  auto fits = [rows](const std::string& t) {
    return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n')) + 2 <= static_cast<std::size_t>(rows);
  };
  if (rows > 0 && !fits(text)) {
    std::string beside =
        render_card(s.plan(), s.item_index(), layout(), true, static_cast<int>(frame), FigurePlace::beside);
    if (!beside.empty() && fits(beside)) {
      text = std::move(beside);
      card_place_ = FigurePlace::beside;
    } else {
      text = render_card(s.plan(), s.item_index(), layout(), true, -1);
    }
  }
  print(std::string(before) + text);
  card_item_ = s.item_index();
  card_frame_ = frame;
  card_lines_ = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void SessionView::animate(const Session& s) {
  if (!o_.color || card_item_ < 0 || card_item_ != s.item_index() || s.state() != SessionState::running) return;
  if (s.item().exercise->frames.size() < 2 || static_cast<std::size_t>(width_) < kFigureMinWidth) return;
  std::size_t frame = current_frame(s);
  if (frame == card_frame_) return;
  int rows = terminal_rows();
  if (rows <= 0 || card_lines_ + 1 >= static_cast<std::size_t>(rows)) return;
  std::string text = render_card(s.plan(), s.item_index(), layout(), true, static_cast<int>(frame), card_place_);
  if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) != card_lines_) return;
  clear_status();
  write_out(fmt::format("\x1b[{}A\r\x1b[J", card_lines_) + text);
  card_frame_ = frame;
}

void SessionView::print(std::string_view text) {
  card_item_ = -1;
  std::string out = live_shown_ ? clear_seq() : std::string();
  out += text;
  write_out(out);
  live_shown_ = false;
  live_.clear();
}

void SessionView::status(const Session& s) {
  std::string line = render_status(s, layout());
  if (live_shown_ && line == live_) return;
  std::string out = live_shown_ ? clear_seq() : std::string("\r");
  out += line;
  write_out(out);
  live_ = std::move(line);
  live_shown_ = true;
}

void SessionView::resized(const Session& s) {
  clear_status();
  width_ = terminal_width();
  card(s, o_.color ? "\x1b[2J\x1b[H" : "\n");
  status(s);
}

void SessionView::bell() {
  if (o_.bell) write_out("\a");
}

void SessionView::tick() {
  if (o_.tick) write_out("\a");
}

namespace {

Signal signal_of(int sig) {
  if (sig == SIGTERM) return Signal::terminate;
  if (sig == SIGHUP) return Signal::hangup;
  return Signal::interrupt;
}

void show_notices(Session& s, SessionView& view, CueRunner& cues) {
  auto notices = s.take_notices();
  if (notices.empty()) return;
  bool change = false, card = false, tick = false;
  const Notice* cue = nullptr;
  for (const auto& n : notices) {
    change |= n.change;
    tick |= n.tick;
    card |= n.new_item;
    if (!n.cue.empty()) cue = &n;
    if (!n.message.empty()) {
      std::string text;
      for (const auto& l : wrap_text(n.message, view.layout().width, "")) text += l + "\n";
      view.print(text);
    }
  }
  if (card && s.state() != SessionState::finished) view.card(s, "\n");
  if (change) view.bell();
  else if (tick) view.tick();
  // After a jump over several steps only the latest cue is said.
  if (cue) cues.say(cue->cue, cue->droppable && notices.size() == 1);
  if (std::string err = cues.take_error(); !err.empty()) view.print("backcare: " + err + "\n");
}

// The questions after `p` (SPEC §7), each a separate y/n. Returns false when
// the person quit or a signal came (the session is told).
bool ask_one(Session& s, std::string_view question, bool& yes) {
  int key = 0;
  YesNo a = ask_yes_no(question, false, key);
  if (a == YesNo::yes || a == YesNo::no || a == YesNo::back) {
    yes = a == YesNo::yes;
    return true;
  }
  Millis now = session_ms();
  if (key == kCtrlC) s.key(Key::interrupt, now);
  else if (key == kEof) s.signal(Signal::hangup, now);
  else if (key != 0) s.key(Key::quit, now);
  // key 0: a signal; the loop sees it.
  return false;
}

std::string advice_text(Tier t, std::string_view number, std::string_view what, std::size_t width) {
  std::string out = "\n" + tier_heading(t, number) + ": " + std::string(what) + "\n";
  for (const auto& l : wrap_text(tier_advice(t, number), width)) out += "  " + l + "\n";
  return out;
}

void offer_record(Session& s, SessionView& view, const RecordSymptom& record, const std::string& id,
                  const std::string& note) {
  if (!record) return;
  bool yes = false;
  if (!ask_one(s, fmt::format("Record this in your journal now (backcare log symptom {})?", id), yes) || !yes) return;
  record(id, note);
  view.print(fmt::format("Recorded: symptom {}.\n", id));
}

void ask_hurt(Session& s, SessionView& view, const RecordSymptom& record) {
  const Exercise& e = *s.item().exercise;
  const std::string& number = view.emergency_number();
  const std::size_t width = view.layout().width > 4 ? view.layout().width - 2 : 40;
  const std::string note = fmt::format("during {}", e.id);
  view.clear_status();
  view.print(fmt::format("\n{} is marked sore and skipped. A few questions, each y or n:\n", e.name));
  discard_typeahead();
  bool dizzy = false, vision = false, speech = false, numb = false, over = false;
  if (!ask_one(s, "Do you feel dizzy or light-headed?", dizzy)) return;
  if (!ask_one(s, "Any change in your vision, such as double or blurred sight?", vision)) return;
  if (!vision && !ask_one(s, "Any trouble speaking or swallowing, or a numb face?", speech)) return;
  if (vision || speech) {
    view.print(advice_text(Tier::emergency, number, vision ? "a change in vision" : "trouble speaking or swallowing, or a numb face", width));
    offer_record(s, view, record, vision ? "vision" : "stroke-signs", note);
    if (s.state() == SessionState::asking) s.answer_hurt(Hurt::neck_emergency, session_ms());
    return;
  }
  if (dizzy) {
    view.print(advice_text(Tier::urgent, number, "dizziness", width));
    offer_record(s, view, record, "dizziness", note);
    if (s.state() == SessionState::asking) s.answer_hurt(Hurt::dizziness, session_ms());
    return;
  }
  if (!ask_one(s, "Any numbness or tingling?", numb)) return;
  if (numb) {
    view.print(advice_text(Tier::soon, number, "numbness or tingling", width));
    offer_record(s, view, record, "numbness", note + ": numbness or tingling");
    if (s.state() == SessionState::asking) s.answer_hurt(Hurt::numbness, session_ms());
    return;
  }
  if (!ask_one(s, fmt::format("Is the pain above {} out of 10, this exercise's limit?", e.dose.pain_limit), over)) return;
  s.answer_hurt(over ? Hurt::over_limit : Hurt::none, session_ms());
}

}  // namespace

void drive_session(Session& s, SessionView& view, CueRunner& cues, const RecordSymptom& record) {
  s.start(session_ms());
  for (;;) {
    show_notices(s, view, cues);
    if (s.state() == SessionState::finished) break;
    if (int sig = SignalFlags::caught()) {
      s.signal(signal_of(sig), session_ms());
      continue;
    }
    if (SignalFlags::take_resize()) view.resized(s);
    if (s.state() == SessionState::asking) {
      ask_hurt(s, view, record);
      continue;
    }
    view.animate(s);
    view.status(s);
    int c = read_key(100);
    Millis now = session_ms();  // the time stopped by Ctrl-Z left out
    Key k;
    if (c == kResumed) {  // back from Ctrl-Z (fg): paused, and drawn again
      s.resumed(now);
      view.resized(s);
    } else if (c == kEof) {
      s.signal(Signal::hangup, now);
    } else if (c == kKeyLeft) {
      s.key(Key::back, now);
    } else if (c == kKeyRight) {
      s.key(Key::end_step, now);
    } else if (c == '?') {
      view.print("\n" + render_keys(view.layout()));
    } else if (c >= 0 && key_of_byte(c, k)) {
      s.key(k, now);
    }
    s.tick(now);
    cues.reap();
  }
  view.clear_status();
  // The last cue ("Session complete") may wait behind a count: a moment for
  // it, never more than a second and a half.
  for (int i = 0; i < 30 && cues.queued(); ++i) {
    cues.reap();
    if (!cues.queued()) break;
    ::usleep(50000);
  }
}

}  // namespace backcare::cli
