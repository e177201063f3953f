#include "core/symptoms.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace backcare;

TEST_CASE("every contract symptom id is in the table at its tier", "[symptoms]") {
  auto tier = [](const char* id) {
    const Symptom* s = find_symptom(id);
    REQUIRE(s);
    return s->tier;
  };
  for (auto id : {"chest-pain", "breathless", "tearing-pain", "both-legs", "saddle-numbness", "bladder-bowel", "accident"})
    CHECK(tier(id) == Tier::emergency);
  for (auto id : {"fever", "weight-loss", "cancer-history", "night-pain", "minor-fall", "band-pain", "unsteady"})
    CHECK(tier(id) == Tier::urgent);
  for (auto id : {"numbness", "tingling", "weakness", "radiating", "injury", "daily-impact", "no-cause",
                  "recurring-pain", "age"})
    CHECK(tier(id) == Tier::soon);
  CHECK_FALSE(find_symptom("headache"));
}

TEST_CASE("symptom ids are distinct, and each has a description and a question", "[symptoms]") {
  std::set<std::string_view> ids;
  for (const auto& s : symptoms()) {
    CHECK(ids.insert(s.id).second);
    CHECK_FALSE(s.description.empty());
    CHECK(s.question.back() == '?');
  }
}

TEST_CASE("advice says what to do and never reassures", "[symptoms]") {
  CHECK(tier_advice(Tier::emergency, "911").find("911") != std::string::npos);
  CHECK(tier_advice(Tier::urgent, "999").find("today") != std::string::npos);
  for (Tier t : {Tier::emergency, Tier::urgent, Tier::soon}) {
    auto a = tier_advice(t, "112");
    for (auto word : {"fine", "nothing to worry", "normal", "harmless", "probably"})
      CHECK(a.find(word) == std::string::npos);
  }
}
