#include "core/screening.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace backcare;

namespace {

bool has(const std::vector<std::string>& v, std::string_view id) { return std::find(v.begin(), v.end(), id) != v.end(); }

// Answers no until the question `id` comes up; returns false if it never does.
bool no_until(Screening& s, std::string_view id) {
  while (const Question* q = s.current()) {
    if (q->symptom->id == id) return true;
    s.answer(false);
  }
  return false;
}

std::vector<std::string> asked_ids(const Profile& p) {
  Screening s(p);
  std::vector<std::string> ids;
  while (const Question* q = s.current()) {
    ids.emplace_back(q->symptom->id);
    s.answer(false);
  }
  return ids;
}

}  // namespace

TEST_CASE("questions come most serious tier first, every symptom once", "[screening]") {
  Screening s(Profile{});
  CHECK(s.questions_to_ask() == static_cast<int>(symptoms().size()));
  std::vector<std::string> seen;
  Tier last = Tier::emergency;
  while (const Question* q = s.current()) {
    CHECK(q->symptom->tier >= last);
    last = q->symptom->tier;
    CHECK(q->text == q->symptom->question);
    CHECK_FALSE(q->short_form);
    seen.emplace_back(q->symptom->id);
    s.answer(false);
  }
  CHECK(seen.size() == symptoms().size());
  CHECK(seen.front() == "chest-pain");
  CHECK(seen.back() == "age");
  CHECK(s.finished());
  CHECK_FALSE(s.stopped_by_emergency());
  CHECK(s.yes_ids().empty());
  CHECK(s.no_ids() == seen);
}

TEST_CASE("an emergency yes stops the questions at once", "[screening]") {
  Screening s(Profile{});
  s.answer(false);  // chest-pain
  REQUIRE(s.current()->symptom->id == "breathless");
  s.answer(true);
  CHECK(s.finished());
  CHECK(s.current() == nullptr);
  CHECK(s.stopped_by_emergency());
  CHECK(s.yes_ids() == std::vector<std::string>{"breathless"});
  CHECK(s.no_ids() == std::vector<std::string>{"chest-pain"});
  s.answer(false);  // ignored once finished
  CHECK(s.yes_ids() == std::vector<std::string>{"breathless"});
}

TEST_CASE("the last emergency question's yes stops too, an urgent or soon yes does not", "[screening]") {
  Screening s(Profile{});
  REQUIRE(no_until(s, "accident"));
  s.answer(true);
  CHECK(s.stopped_by_emergency());

  Screening u(Profile{});
  REQUIRE(no_until(u, "fever"));
  u.answer(true);
  CHECK_FALSE(u.finished());
  CHECK(u.current()->symptom->id == "weight-loss");
  REQUIRE(no_until(u, "tingling"));
  u.answer(true);
  while (!u.finished()) u.answer(false);
  CHECK_FALSE(u.stopped_by_emergency());
  CHECK(u.yes_ids() == std::vector<std::string>{"fever", "tingling"});
}

TEST_CASE("back reopens the last question asked and forgets its answer", "[screening]") {
  Screening s(Profile{});
  CHECK_FALSE(s.can_go_back());
  CHECK_FALSE(s.back());
  CHECK(s.current()->symptom->id == "chest-pain");
  s.answer(false);
  CHECK(s.can_go_back());
  s.answer(false);  // breathless
  REQUIRE(s.back());
  CHECK(s.current()->symptom->id == "breathless");
  CHECK_FALSE(has(s.no_ids(), "breathless"));
  CHECK(has(s.no_ids(), "chest-pain"));
  s.answer(true);  // emergency: stopped
  CHECK(s.finished());
  REQUIRE(s.back());  // a wrong key can be taken back
  CHECK_FALSE(s.finished());
  CHECK(s.current()->symptom->id == "breathless");
  CHECK(s.yes_ids().empty());
  s.answer(false);
  CHECK(s.current()->symptom->id == "tearing-pain");
}

TEST_CASE("the profile's age: 20 to 50 answers no, else only 'is it new' is asked", "[screening]") {
  for (int age : {20, 35, 50}) {
    Profile p;
    p.age = age;
    Screening s(p);
    CHECK(s.answered_by_profile() == std::vector<std::string>{"age"});
    CHECK(s.questions_to_ask() == static_cast<int>(symptoms().size()) - 1);
    CHECK_FALSE(has(asked_ids(p), "age"));
    while (!s.finished()) s.answer(false);
    CHECK(has(s.no_ids(), "age"));
  }
  for (int age : {19, 51, 70}) {
    Profile p;
    p.age = age;
    Screening s(p);
    REQUIRE(no_until(s, "age"));
    const Question* q = s.current();
    CHECK(q->short_form);
    CHECK(q->text.find(std::to_string(age)) != std::string::npos);
    CHECK(q->text.find("new") != std::string::npos);
    s.answer(true);
    CHECK(s.yes_ids() == std::vector<std::string>{"age"});
  }
}

TEST_CASE("the profile's history answers cancer-history and minor-fall", "[screening]") {
  Profile none;
  none.history = std::vector<std::string>{};
  auto ids = asked_ids(none);
  CHECK_FALSE(has(ids, "cancer-history"));
  CHECK_FALSE(has(ids, "minor-fall"));
  CHECK(Screening(none).answered_by_profile() == std::vector<std::string>{"cancer-history", "minor-fall"});

  Profile cancer;
  cancer.history = std::vector<std::string>{"cancer"};
  Screening c(cancer);
  REQUIRE(no_until(c, "cancer-history"));
  CHECK(c.current()->short_form);
  CHECK(c.current()->text.find("new") != std::string::npos);
  CHECK_FALSE(has(asked_ids(cancer), "minor-fall"));

  for (const char* item : {"osteoporosis", "steroids"}) {
    Profile bones;
    bones.history = std::vector<std::string>{item};
    Screening b(bones);
    CHECK_FALSE(has(asked_ids(bones), "cancer-history"));
    REQUIRE(no_until(b, "minor-fall"));
    CHECK(b.current()->short_form);
    CHECK(b.current()->text.find("minor fall") != std::string::npos);
  }

  // Unknown history: the full questions.
  Screening u(Profile{});
  REQUIRE(no_until(u, "cancer-history"));
  CHECK_FALSE(u.current()->short_form);
  CHECK(u.answered_by_profile().empty());
}

TEST_CASE("back skips what the profile answered", "[screening]") {
  Profile none;
  none.history = std::vector<std::string>{};
  Screening s(none);
  REQUIRE(no_until(s, "weight-loss"));
  s.answer(false);
  CHECK(s.current()->symptom->id == "night-pain");  // cancer-history not asked
  REQUIRE(s.back());
  CHECK(s.current()->symptom->id == "weight-loss");
}

TEST_CASE("what a recorded check line answered no", "[screening]") {
  std::vector<std::string> none;
  CHECK(check_answered_no(none, "chest-pain"));
  CHECK(check_answered_no(none, "age"));
  CHECK_FALSE(check_answered_no(none, "headache"));  // never asked
  std::vector<std::string> fever{"fever"};
  CHECK_FALSE(check_answered_no(fever, "fever"));
  CHECK(check_answered_no(fever, "tingling"));
  // An emergency yes ended that screening: later questions were not asked.
  std::vector<std::string> accident{"accident"};
  CHECK(check_answered_no(accident, "chest-pain"));
  CHECK(check_answered_no(accident, "bladder-bowel"));
  CHECK_FALSE(check_answered_no(accident, "accident"));
  CHECK_FALSE(check_answered_no(accident, "fever"));
  CHECK_FALSE(check_answered_no(accident, "tingling"));
  CHECK(question_index("chest-pain") == 0);
  CHECK(question_index("nope") == -1);
}
