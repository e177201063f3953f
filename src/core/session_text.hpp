// Text of a guided session for people: the header, an exercise's card,
// the whole session as plain text (--dry-run, --no-wait, a pipe), and the
// live status line of the terminal. Pure: width and Style come in.
#pragma once

#include "core/session.hpp"
#include "core/text.hpp"

#include <string>

namespace backcare {

struct TextLayout {
  Style style;
  std::size_t width = 80;
};

// `text` wrapped to `width` after `prefix` (kept, unlike wrap_text's
// trimming), continuation lines indented to column `indent`; each line
// ends in a newline.
std::string wrap_item(std::string_view prefix, std::string_view text, std::size_t width, std::size_t indent);

// "M:SS" of a duration, rounded up to the next whole second.
std::string format_countdown(Millis ms);
// "M:SS" of a duration, rounded down.
std::string format_clock(Millis ms);

// "Morning: 11 exercises, about 11 minutes" and the description; ends in
// a newline.
std::string render_header(const SessionPlan& plan, const TextLayout& t);

// One exercise: name, phase, position, equipment, dose, steps, cautions.
// `numbered`: "Exercise 3 of 11" (the terminal) rather than "3." (a list).
// `frame` >= 0: the exercise's figure (that frame) above the steps, when it
// has one and the width is at least kFigureMinWidth.
// `place`: above the steps, or beside them (a short window: the figure on
// the left, the steps wrapped in what is left; empty when that would be
// under kBesideMinColumns). Under kFigureMinWidth there is no figure.
enum class FigurePlace { above, beside };
std::string render_card(const SessionPlan& plan, int item, const TextLayout& t, bool numbered, int frame = -1,
                        FigurePlace place = FigurePlace::above);

constexpr std::size_t kBesideMinColumns = 24;

constexpr std::size_t kFigureMinWidth = 60;

// One frame of the exercise's figure, each line after `indent`, ending in a
// newline; empty when it has none. The frame number wraps around.
std::string render_figure(const Exercise& e, std::size_t frame, std::string_view indent);

// The dose with its timing: "2 × 30 s; 10 s rest between sets".
std::string dose_line(const SessionItem& item);

// The whole session as plain text: header, every card, the rests and the
// expected minutes. Exercises listed in `skipped` get one line, marked
// skipped.
std::string render_plain(const SessionPlan& plan, const TextLayout& t, const std::vector<std::string>& skipped = {});

// The live line: what is under way with its countdown or rep count, then,
// as the width allows, exercise k of n, elapsed / expected time and a
// progress bar. At most width - 1 columns, no newline.
std::string render_status(const Session& s, const TextLayout& t);

// The keys, one a line.
std::string render_keys(const TextLayout& t);

// The one-line summary after a recorded session.
std::string render_summary(const Session& s, int streak);

}  // namespace backcare
