// libFuzzer target: the routine loader (core/routine) and what the program
// computes from a routine it accepted.
//
// load_routine may throw RoutineError and nothing else (any other exception
// ends the fuzzer as a crash); the error's line and column are never
// negative. A routine it accepts must be usable: every dose ladder, every
// description, every routine's expected time and today's plan are computed
// without crash or undefined behaviour (such as a NaN turned into an int).
#include "core/progression.hpp"
#include "core/routine.hpp"
#include "core/schedule.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

using namespace backcare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Routine r;
  try {
    r = load_routine(text);
  } catch (const RoutineError& e) {
    if (e.line < 0 || e.column < 0 || std::string_view(e.what()).empty()) {
      std::fprintf(stderr, "fuzz_routine: bad error position %d:%d: %s\n", e.line, e.column, e.what());
      std::abort();
    }
    return 0;
  }
  for (const auto& ex : r.exercises) {
    const Dose& d = ex.dose;
    // The loader's documented ranges (backcare-routine(5)).
    if (!(d.amount.lo >= 1 && d.amount.lo <= d.amount.hi && d.amount.hi <= 3600 && d.sets.lo >= 1 &&
          d.sets.lo <= d.sets.hi && d.sets.hi <= 10 && (d.sides == 1 || d.sides == 2) && d.rest >= 0 &&
          d.rest <= 600 && d.tempo >= 0.5 && d.tempo <= 60 && d.pain_limit >= 0 && d.pain_limit <= 10 &&
          d.step >= 1)) {
      std::fprintf(stderr, "fuzz_routine: exercise '%s' has a dose out of range\n", ex.id.c_str());
      std::abort();
    }
    auto ladder = dose_ladder(ex.dose);
    if (ladder.empty()) std::abort();
    // The ends and a few steps between: long ladders make slow inputs.
    for (std::size_t i = 0; i < ladder.size(); i += 1 + ladder.size() / 8) {
      (void)describe_dose(ex, ladder[i]);
      int s = exercise_seconds(ex, ladder[i]);
      // At most 10 sets of 2 sides of an hour's work with 10-minute rests.
      if (s < 0 || s > 10 * 2 * 3600 + 19 * 600) {
        std::fprintf(stderr, "fuzz_routine: exercise '%s' takes %d s\n", ex.id.c_str(), s);
        std::abort();
      }
    }
    (void)describe_dose(ex, ladder.back());
    (void)dose_at(ex, 1000000);
    (void)dose_at(ex, -1);
  }
  std::map<std::string, Level> levels;
  for (const auto& def : r.routines) {
    if (routine_seconds(r, def, levels) < 0) {
      std::fprintf(stderr, "fuzz_routine: routine '%s' takes a negative time\n", def.name.c_str());
      std::abort();
    }
    (void)routine_minutes(r, def, levels);
    (void)describe_days(def.schedule.days);
  }
  Day day = *parse_date("2026-11-28");
  DayRecord today;
  (void)plan_day(r, LocalTime{day, 8 * 3600}, today);
  (void)next_planned(r, LocalTime{day, 23 * 3600 + 59 * 60});
  (void)r.planned_days();
  return 0;
}
