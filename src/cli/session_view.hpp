// The guided session in a terminal: draws what the core Session says and
// feeds it keys, signals and a monotonic clock. Line-oriented: cards and
// messages scroll; one live status line (countdown or rep count, exercise
// k of n, elapsed / expected, progress bar) stays at the bottom, rewritten
// in place with a carriage return. Escape codes (colour, clear to the end
// of the line, a hidden cursor) only when colour is on.
#pragma once

#include "cli/cue.hpp"
#include "cli/terminal.hpp"
#include "core/session.hpp"
#include "core/session_text.hpp"

#include <functional>
#include <string>

namespace backcare::cli {

struct ViewOptions {
  bool color = false;  // colour and other escape codes allowed
  bool bell = true;
  bool tick = true;  // the soft tick each rep (settings.tick)
  std::string emergency_number = "112";
};

class SessionView {
 public:
  explicit SessionView(ViewOptions o);
  ~SessionView();

  TextLayout layout() const { return {Style{o_.color}, static_cast<std::size_t>(width_)}; }
  // Text above the live line (scrolls); `text` ends in newlines.
  void print(std::string_view text);
  // The live line, rewritten when it changed.
  void status(const Session& s);
  // Clears the live line, leaving the cursor at the start of its row.
  void clear_status();
  // A new width: the card again, then the live line.
  void resized(const Session& s);
  void bell();
  // The tick of a rep, a 3-2-1 count or a cue point: the terminal's bell
  // again (the one sound a terminal has; most make it short), when on.
  void tick();
  // The card of the session's exercise, with its figure (the frame of now)
  // when the terminal is wide enough.
  void card(const Session& s, std::string_view before = "");
  // During reps of an exercise drawn in frames, the card's figure moves on
  // to the frame of now: the card is redrawn in place (escape codes only,
  // and only while it is the last thing printed and fits the screen).
  void animate(const Session& s);
  const std::string& emergency_number() const { return o_.emergency_number; }

 private:
  std::string clear_seq() const;
  ViewOptions o_;
  int width_ = 80;
  std::string live_;
  bool live_shown_ = false;
  // The card last printed, while nothing was printed after it.
  int card_item_ = -1;
  std::size_t card_frame_ = 0;
  std::size_t card_lines_ = 0;
  FigurePlace card_place_ = FigurePlace::above;
};

// The frame of the figure for now: moves through the frames in each rep.
std::size_t current_frame(const Session& s);

// Runs the session until it finishes: keys (arrows: left is b, right is
// Enter), ticks on session_ms() (a stop by Ctrl-Z does not count), signals
// (SignalFlags must be alive), the "this hurts" question, cues. Returns when
// session.state() is finished.
// `record_symptom`, when given, appends a `symptom` line for a sign the
// person chose to record after `p` (SPEC §7).
using RecordSymptom = std::function<void(const std::string& id, const std::string& note)>;
void drive_session(Session& session, SessionView& view, CueRunner& cues, const RecordSymptom& record_symptom = {});

}  // namespace backcare::cli
