// The shell's view of the world: where the files are, what time it is,
// whether to use colour, and the routine, loaded once when first needed.
#pragma once

#include "core/calendar.hpp"
#include "core/routine.hpp"
#include "cli/failure.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace backcare::cli {

struct GlobalOptions {
  std::string routine;  // --routine
  std::string journal;  // --journal
  bool journal_given = false;  // --journal was on the command line (perhaps as "")
  std::string color = "auto";
  bool no_color = false;
};

class Context {
 public:
  explicit Context(GlobalOptions g);

  // "now": BACKCARE_NOW when set, else the system clock in the local zone.
  LocalTime now() const;
  Day today() const { return now().day; }

  // The journal's path; a usage error (2) when --journal or
  // BACKCARE_JOURNAL was given as an empty string.
  const std::string& journal_path() const;

  // The routine in use: --routine, BACKCARE_ROUTINE (both must exist),
  // the user's file when it exists, else the embedded default.
  const Routine& routine();
  // The routine definition of that name; a usage error (2) listing the
  // routines there are when there is none.
  const RoutineDef& routine_named(std::string_view name);
  // What safety needs from the routine (SPEC §7: safety does not depend on
  // the routine file): its emergency number and profile; when the routine
  // has bad data (65), the error as a warning, then 112 and no profile.
  struct Safety {
    std::string emergency_number = "112";
    Profile profile;
    const Routine* routine = nullptr;  // nullptr when it could not be loaded
  };
  Safety safety();
  // The name errors in the routine are reported under.
  std::string routine_name();
  // Where init and edit write: the explicit file, else the XDG path.
  std::string routine_file() const;
  bool routine_is_default();
  // Whether --routine or BACKCARE_ROUTINE named the routine file.
  bool routine_is_explicit() const { return !routine_explicit_.empty(); }
  // Whether the routine in use is the embedded default, known without
  // loading it: nothing names a file and the user's routine file is absent.
  bool routine_is_embedded() const;

  bool color() const { return color_; }

  // A backcare command line to suggest in a hint, with the --routine and
  // --journal given on this command line (shell-quoted): command("edit
  // routine") is "backcare --routine rt/r1.toml edit routine".
  std::string command(std::string_view rest) const;

 private:
  void load_routine();

  GlobalOptions g_;
  std::string journal_;
  std::string journal_problem_;  // why journal_ cannot be used, or empty
  std::string routine_explicit_;  // from --routine or BACKCARE_ROUTINE
  std::string routine_xdg_;
  std::string routine_used_;      // empty: the embedded default
  std::optional<Routine> routine_;
  mutable std::optional<LocalTime> now_;
  bool color_ = false;
};

// Environment helpers: a variable that is set and not empty.
std::optional<std::string> env(const char* name);

// Text for a message with each run of non-blank bytes longer than `most`
// cut there (on a UTF-8 boundary) and marked with "…": a 130 KB name
// given by mistake is not echoed whole.
std::string cut_long_words(std::string_view text, std::size_t most = 40);

// FORCE_COLOR or CLICOLOR_FORCE asks for colour (set, not empty, not "0").
bool env_forces_color();

// Prints "backcare: <msg>" on stderr.
void warn(const std::string& msg);

}  // namespace backcare::cli
