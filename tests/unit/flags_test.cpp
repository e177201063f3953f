#include "core/flags.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace backcare;

namespace {
const Day kToday = *parse_date("2026-11-28");
}

TEST_CASE("open flags: on hold with an emergency or urgent flag, not with soon only", "[flags]") {
  RedFlags soon(kToday);
  soon.add_symptom(kToday, -1, 1, "tingling");
  OpenFlags s = open_flags(soon);
  CHECK_FALSE(s.on_hold());
  REQUIRE(s.highest());
  CHECK(*s.highest() == Tier::soon);

  RedFlags urgent(kToday);
  urgent.add_symptom(kToday, -1, 1, "tingling");
  urgent.add_symptom(kToday, -1, 2, "fever");
  OpenFlags u = open_flags(urgent);
  CHECK(u.on_hold());
  CHECK(*u.highest() == Tier::urgent);
  CHECK(u.flags.size() == 2);

  RedFlags none(kToday);
  CHECK_FALSE(open_flags(none).highest());
  CHECK(format_open_flags(open_flags(none), "112", Style{false}).empty());
  CHECK(open_flags_line(open_flags(none)).empty());
}

TEST_CASE("open flags are what check --no-ask raises", "[flags]") {
  RedFlags r(kToday);
  r.add_symptom(kToday, -1, 1, "chest-pain");
  r.add_pain(kToday, -1, 9, 2);
  CHECK(open_flags(r).flags == r.flags());
}

TEST_CASE("the open flags' text says what to do and how to close them", "[flags]") {
  RedFlags r(kToday);
  r.add_symptom(kToday, -1, 1, "fever");
  std::string text = format_open_flags(open_flags(r), "999", Style{false});
  CHECK(text.find("URGENT: be seen today") != std::string::npos);
  CHECK(text.find("backcare log seen") != std::string::npos);
  CHECK(text.find("fine") == std::string::npos);
  std::string line = open_flags_line(open_flags(r));
  CHECK(line.find("urgent (symptom:fever)") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("severe pain advice from 8 on, none at 7", "[flags][severe]") {
  CHECK(severe_pain_advice(7, "112").empty());
  CHECK(severe_pain_advice(8, "112").find("today") != std::string::npos);
  CHECK(severe_pain_advice(10, "911").find("911") != std::string::npos);
}
