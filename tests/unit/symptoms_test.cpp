#include "core/symptoms.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <vector>
#include <string>

using namespace backcare;

TEST_CASE("every contract symptom id is in the table at its tier", "[symptoms]") {
  // SPEC v2 section 3: 13 emergency, 19 urgent, 8 soon; weakness is now urgent.
  auto tier = [](const char* id) {
    const Symptom* s = find_symptom(id);
    REQUIRE(s);
    return s->tier;
  };
  const char* emergency[] = {"chest-pain", "breathless", "tearing-pain", "both-legs", "saddle-numbness",
                             "bladder-bowel", "urine-retention", "sexual-function", "accident", "stroke-signs",
                             "vision", "drop-attack", "headache"};
  const char* urgent[] = {"fever", "weight-loss", "cancer-history", "night-pain", "minor-fall", "band-pain",
                          "unsteady", "weakness", "both-hands", "electric-shock", "dizziness", "exertion-pain",
                          "breathing-pain", "lump", "cough-pain", "infection-risk", "unwell", "severe-pain",
                          "new-upper-back"};
  const char* soon[] = {"numbness", "tingling", "radiating", "injury", "daily-impact", "no-cause", "recurring-pain",
                        "age"};
  for (auto id : emergency) CHECK(tier(id) == Tier::emergency);
  for (auto id : urgent) CHECK(tier(id) == Tier::urgent);
  for (auto id : soon) CHECK(tier(id) == Tier::soon);
  int counts[3] = {};
  for (const auto& s : symptoms()) ++counts[static_cast<int>(s.tier)];
  CHECK(counts[0] == 13);
  CHECK(counts[1] == 19);
  CHECK(counts[2] == 8);
  CHECK(symptoms().size() == 40);
  CHECK_FALSE(find_symptom("made-up"));
}

TEST_CASE("chest pain is about the chest, accident is a recent one", "[symptoms]") {
  // Review finding: arm pain alone is `radiating`, not an emergency.
  CHECK(std::string(find_symptom("chest-pain")->question).find("chest") != std::string::npos);
  CHECK(std::string(find_symptom("accident")->description).find("recent") != std::string::npos);
}

TEST_CASE("descriptions and questions never diagnose or reassure", "[symptoms]") {
  for (const auto& s : symptoms())
    for (std::string_view text : {s.description, s.question})
      for (auto word : {"heart attack", "stroke", "cancer is", "fine", "nothing serious", "harmless", "probably"})
        CHECK(text.find(word) == std::string_view::npos);
}

TEST_CASE("the profile adapts twists, rounding and the roller", "[symptoms]") {
  std::vector<std::string> bones{"osteoporosis"}, steroids{"steroids"}, cancer{"cancer"};
  for (auto id : {"seated-twist", "cat-cow", "childs-pose"}) {
    CHECK(profile_caution(id, &bones).find("part-way") != std::string::npos);
    CHECK(profile_caution(id, &steroids).find("part-way") != std::string::npos);
    CHECK(profile_caution(id, &cancer).empty());
    CHECK(profile_caution(id, nullptr).empty());
  }
  CHECK(profile_caution("thoracic-extension", &bones).find("clinician") != std::string::npos);
  CHECK(profile_caution("doorway-stretch", &bones).empty());
}

TEST_CASE("the first-run note names new pain, the shoulder blades, warning signs and check", "[symptoms]") {
  std::string_view n = kFirstRunNote;
  for (auto part : {"constant", "new", "shoulder blades", "warning sign", "backcare check"})
    CHECK(n.find(part) != std::string_view::npos);
  CHECK(n.size() < 240);  // one line or two
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
