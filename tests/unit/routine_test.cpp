#include "core/routine.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace backcare;

namespace {
// A minimal valid routine, to which tests append a mistake.
const std::string kBase = R"(version = 1
[[exercise]]
id = "cat-cow"
name = "Cat-cow"
phase = "relief"
steps = ["Move."]
duration = [60, 120]

[routine.morning]
exercises = ["cat-cow"]
days = "daily"
times = ["07:00"]
)";

RoutineError error_of(const std::string& text) {
  try {
    load_routine(text);
  } catch (const RoutineError& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  return RoutineError(0, 0, "");
}
}  // namespace

TEST_CASE("the embedded default routine holds the guide's 17 exercises and four routines", "[routine]") {
  Routine r = load_routine(default_routine_text());
  const char* ids[] = {"neck-tilts",          "shoulder-rolls",    "arm-circles", "wall-slides",  "scapular-shrugs",
                       "doorway-stretch",     "cat-cow",           "thoracic-extension",
                       "reverse-dumbbell-fly", "prone-y-extension", "seated-row",  "childs-pose", "seated-twist",
                       "neck-stretch",        "arm-across-chest",  "triceps-stretch", "deep-breathing"};
  REQUIRE(r.exercises.size() == 17);
  for (std::size_t i = 0; i < 17; ++i) CHECK(r.exercises[i].id == ids[i]);
  for (auto name : {"morning", "evening", "desk-break", "full"}) CHECK(r.routine(name));
  CHECK(r.routines.front().name == "morning");  // the file's order, not sorted
  CHECK(r.routine("morning")->schedule.days == kEveryDay);
  CHECK(r.routine("full")->exercises.size() == 17);

  const Exercise* door = r.exercise("doorway-stretch");
  REQUIRE(door);
  CHECK(door->dose.work == Work::hold);
  CHECK(door->dose.amount == Range{20, 30});
  CHECK(door->dose.sets == Range{2, 3});
  const Exercise* fly = r.exercise("reverse-dumbbell-fly");
  CHECK(fly->dose.work == Work::reps);
  CHECK(fly->dose.amount == Range{8, 12});
  CHECK(r.exercise("cat-cow")->dose.amount == Range{60, 120});
  CHECK(r.exercise("thoracic-extension")->dose.amount == Range{180, 300});
  CHECK(r.exercise("deep-breathing")->dose.amount == Range{120, 180});
  CHECK(r.exercise("neck-stretch")->dose.sides == 2);
  for (const auto& e : r.exercises) CHECK_FALSE(e.steps.empty());
}

TEST_CASE("a minimal routine loads", "[routine]") {
  Routine r = load_routine(kBase);
  CHECK(r.exercises.size() == 1);
  CHECK(r.routine("morning")->schedule.times == std::vector<int>{7 * 3600});
  CHECK(r.goals.sessions_per_week == 5);
  CHECK(r.settings.emergency_number == "112");
}

TEST_CASE("each kind of mistake is reported at its line and column", "[routine]") {
  SECTION("TOML syntax") {
    auto e = error_of(kBase + "bell = \n");
    CHECK(e.line == 13);
  }
  SECTION("an unknown key, such as a typo") {
    auto e = error_of(kBase + "[settings]\nbel = true\n");
    CHECK(e.line == 14);
    CHECK(e.column == 1);
    CHECK_THAT(e.what(), Catch::Contains("unknown key 'bel'"));
  }
  SECTION("an unknown key in an exercise") {
    auto text = kBase;
    text.insert(text.find("duration"), "hodl = 3\n");
    auto e = error_of(text);
    CHECK(e.line == 7);
    CHECK_THAT(e.what(), Catch::Contains("'hodl'"));
  }
  SECTION("a wrong type") {
    auto e = error_of(kBase + "[settings]\nbell = \"yes\"\n");
    CHECK(e.line == 14);
    CHECK(e.column == 8);
    CHECK_THAT(e.what(), Catch::Contains("true or false"));
  }
  SECTION("a routine naming an unknown exercise") {
    auto e = error_of(kBase + "[routine.evening]\nexercises = [\"cat-cow\", \"cat-kow\"]\n");
    CHECK(e.line == 14);
    CHECK(e.column == 25);
    CHECK_THAT(e.what(), Catch::Contains("'cat-kow'"));
  }
  SECTION("an impossible dose: zero") {
    auto text = kBase;
    text.replace(text.find("duration = [60, 120]"), 20, "duration = 0");
    auto e = error_of(text);
    CHECK(e.line == 7);
    CHECK(e.column == 12);
  }
  SECTION("an impossible dose: negative reps") {
    auto text = kBase;
    text.replace(text.find("duration = [60, 120]"), 20, "reps = [-1, 5]");
    CHECK(error_of(text).line == 7);
  }
  SECTION("a hold over 10 minutes") {
    auto text = kBase;
    text.replace(text.find("duration = [60, 120]"), 20, "hold = [30, 601]");
    auto e = error_of(text);
    CHECK(e.line == 7);
    CHECK_THAT(e.what(), Catch::Contains("600"));
  }
  SECTION("a range the wrong way round") {
    auto text = kBase;
    text.replace(text.find("duration = [60, 120]"), 20, "duration = [120, 60]");
    CHECK_THAT(error_of(text).what(), Catch::Contains("low end"));
  }
  SECTION("two kinds of work") {
    auto text = kBase;
    text.insert(text.find("duration"), "reps = 5\n");
    CHECK_THAT(error_of(text).what(), Catch::Contains("exactly one of hold, reps or duration"));
  }
  SECTION("an unknown weekday") {
    auto text = kBase;
    text.replace(text.find("days = \"daily\""), 14, "days = [\"mon\", \"fryday\"]");
    auto e = error_of(text);
    CHECK(e.line == 11);
    CHECK(e.column == 16);
    CHECK_THAT(e.what(), Catch::Contains("fryday"));
  }
  SECTION("a bad time") {
    auto text = kBase;
    text.replace(text.find("\"07:00\""), 7, "\"7am\"");
    CHECK(error_of(text).line == 12);
  }
  SECTION("a duplicate exercise id") {
    auto e = error_of(kBase + "[[exercise]]\nid = \"cat-cow\"\nname = \"x\"\nphase = \"relief\"\nsteps = [\"a\"]\nhold = 5\n");
    CHECK(e.line == 14);
    CHECK_THAT(e.what(), Catch::Contains("twice"));
  }
  SECTION("an unknown phase") {
    auto text = kBase;
    text.replace(text.find("\"relief\""), 8, "\"core\"");
    CHECK(error_of(text).line == 5);
  }
  SECTION("no routines") {
    CHECK_THAT(error_of("version = 1\n").what(), Catch::Contains("no [routine"));
  }
  SECTION("a profile with unknown history") {
    CHECK_THAT(error_of(kBase + "[profile]\nhistory = [\"asthma\"]\n").what(), Catch::Contains("asthma"));
  }
}

TEST_CASE("a routine with 10,000 exercises loads", "[routine]") {
  std::string text = kBase;
  for (int i = 0; i < 10000; ++i)
    text += "[[exercise]]\nid = \"ex-" + std::to_string(i) + "\"\nname = \"x\"\nphase = \"stretch\"\nsteps = [\"a\"]\nhold = 5\n";
  CHECK(load_routine(text).exercises.size() == 10001);
}
