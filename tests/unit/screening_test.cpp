#include "core/screening.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace backcare;

namespace {

bool has(const std::vector<std::string>& v, std::string_view id) { return std::find(v.begin(), v.end(), id) != v.end(); }

bool covers(const Question& q, std::string_view id) {
  for (const Symptom* m : q.members)
    if (m->id == id) return true;
  return false;
}

// Answers so that the question about `id` comes up: yes to the group that
// holds it, no to everything else. False if it never comes up.
bool no_until(Screening& s, std::string_view id) {
  while (const Question* q = s.current()) {
    if (!q->group() && q->symptom->id == id) return true;
    s.answer(q->group() && covers(*q, id));
  }
  return false;
}

// The ids a run answered all no asks about, one by one or in a group.
std::vector<std::string> asked_ids(const Profile& p) {
  Screening s(p);
  std::vector<std::string> ids;
  while (const Question* q = s.current()) {
    if (q->group())
      for (const Symptom* m : q->members) ids.emplace_back(m->id);
    else
      ids.emplace_back(q->symptom->id);
    s.answer(false);
  }
  return ids;
}

int count_all_no(const Profile& p) {
  Screening s(p);
  int n = 0;
  while (!s.finished()) {
    s.answer(false);
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("an all-no run asks at most 16 questions and covers every symptom once", "[screening]") {
  Screening s(Profile{});
  int asked = 0;
  std::vector<std::string> covered;
  Tier last = Tier::emergency;
  while (const Question* q = s.current()) {
    CHECK(q->tier >= last);
    last = q->tier;
    CHECK(q->text.back() == '?');
    if (q->group()) {
      CHECK(q->members.size() >= 2);
      for (const Symptom* m : q->members) {
        CHECK(m->tier == q->tier);
        covered.emplace_back(m->id);
      }
    } else {
      CHECK(q->text == q->symptom->question);
      covered.emplace_back(q->symptom->id);
    }
    s.answer(false);
    ++asked;
  }
  CHECK(asked <= kMaxQuestionsAllNo);
  CHECK(asked == s.questions_to_ask());
  CHECK(std::set<std::string>(covered.begin(), covered.end()).size() == covered.size());
  CHECK(covered.size() == symptoms().size());
  CHECK_FALSE(s.stopped_by_emergency());
  CHECK(s.yes_ids().empty());
  CHECK(s.no_ids().size() == symptoms().size());
}

TEST_CASE("a group's yes asks which, one y/n each", "[screening]") {
  Screening s(Profile{});
  const Question* q = s.current();
  REQUIRE(q->group());
  CHECK(covers(*q, "chest-pain"));
  s.answer(true);
  REQUIRE(s.current());
  CHECK(s.current()->symptom->id == "chest-pain");
  s.answer(false);
  CHECK(s.current()->symptom->id == "breathless");
  s.answer(false);
  CHECK(s.current()->symptom->id == "tearing-pain");
  s.answer(false);
  // On to the next group: nothing raised, nothing stopped.
  REQUIRE(s.current());
  CHECK(s.current()->group());
  CHECK(covers(*s.current(), "saddle-numbness"));
  CHECK(s.yes_ids().empty());
  CHECK(has(s.no_ids(), "breathless"));
}

TEST_CASE("an emergency yes stops the questions at once", "[screening]") {
  Screening s(Profile{});
  REQUIRE(no_until(s, "breathless"));
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
  REQUIRE(no_until(s, "headache"));
  s.answer(true);
  CHECK(s.stopped_by_emergency());

  Screening u(Profile{});
  REQUIRE(no_until(u, "fever"));
  u.answer(true);
  CHECK_FALSE(u.finished());
  REQUIRE(no_until(u, "tingling"));
  u.answer(true);
  while (!u.finished()) u.answer(false);
  CHECK_FALSE(u.stopped_by_emergency());
  CHECK(u.yes_ids() == std::vector<std::string>{"fever", "tingling"});
}

TEST_CASE("weakness is asked at the urgent tier", "[screening]") {
  Screening s(Profile{});
  REQUIRE(no_until(s, "weakness"));
  CHECK(s.current()->tier == Tier::urgent);
  s.answer(true);
  CHECK(has(s.yes_ids(), "weakness"));
}

TEST_CASE("back reopens the last question asked and forgets its answer", "[screening]") {
  Screening s(Profile{});
  CHECK_FALSE(s.can_go_back());
  CHECK_FALSE(s.back());
  s.answer(true);  // the chest group
  CHECK(s.can_go_back());
  s.answer(false);  // chest-pain
  REQUIRE(s.current()->symptom->id == "breathless");
  s.answer(true);  // emergency: stopped
  CHECK(s.finished());
  REQUIRE(s.back());  // a wrong key can be taken back
  CHECK_FALSE(s.finished());
  CHECK(s.current()->symptom->id == "breathless");
  CHECK(s.yes_ids().empty());
  REQUIRE(s.back());
  CHECK(s.current()->symptom->id == "chest-pain");
  CHECK_FALSE(has(s.no_ids(), "chest-pain"));
  REQUIRE(s.back());
  CHECK(s.current()->group());
  s.answer(false);
  CHECK(has(s.no_ids(), "breathless"));  // the group's no answers its members
}

TEST_CASE("the profile's age: 20 to 50 answers no, else only 'is it new' is asked", "[screening]") {
  const int full = count_all_no(Profile{});
  for (int age : {20, 35, 50}) {
    Profile p;
    p.age = age;
    Screening s(p);
    CHECK(s.answered_by_profile() == std::vector<std::string>{"age"});
    CHECK(count_all_no(p) == full - 1);
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
  CHECK(count_all_no(none) == count_all_no(Profile{}) - 2);

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

TEST_CASE("the profile's assessed = true answers new-upper-back", "[screening]") {
  Profile p;
  p.assessed = true;
  CHECK(Screening(p).answered_by_profile() == std::vector<std::string>{"new-upper-back"});
  CHECK_FALSE(has(asked_ids(p), "new-upper-back"));
  CHECK(count_all_no(p) == count_all_no(Profile{}) - 1);
  Screening s(p);
  while (!s.finished()) s.answer(false);
  CHECK(has(s.no_ids(), "new-upper-back"));
  CHECK(has(asked_ids(Profile{}), "new-upper-back"));
}

TEST_CASE("the questions ask about now and the last few days", "[screening]") {
  Screening s(Profile{});
  int recent = 0, groups = 0;
  while (const Question* q = s.current()) {
    if (q->group()) {
      ++groups;
      if (q->text.find("last few days") != std::string::npos) ++recent;
    }
    s.answer(false);
  }
  CHECK(groups >= 6);
  CHECK(recent >= 6);
}

TEST_CASE("back skips what the profile answered", "[screening]") {
  Profile none;
  none.history = std::vector<std::string>{};
  Screening s(none);
  REQUIRE(no_until(s, "fever"));
  s.answer(false);
  while (s.current() && !s.current()->group()) s.answer(false);  // the rest of the group
  const Question* next = s.current();
  REQUIRE(next);
  CHECK(covers(*next, "night-pain"));  // cancer-history and minor-fall not asked
  s.answer(false);
  REQUIRE(s.back());
  CHECK(covers(*s.current(), "night-pain"));
}

TEST_CASE("what a recorded check line answered no", "[screening]") {
  std::vector<std::string> none;
  CHECK(check_answered_no(none, "chest-pain"));
  CHECK(check_answered_no(none, "age"));
  CHECK_FALSE(check_answered_no(none, "made-up"));  // never asked
  std::vector<std::string> fever{"fever"};
  CHECK_FALSE(check_answered_no(fever, "fever"));
  CHECK(check_answered_no(fever, "tingling"));
  // An emergency yes ended that screening: later questions were not asked.
  std::vector<std::string> accident{"accident"};
  CHECK(check_answered_no(accident, "chest-pain"));
  CHECK(check_answered_no(accident, "bladder-bowel"));
  CHECK_FALSE(check_answered_no(accident, "accident"));
  CHECK_FALSE(check_answered_no(accident, "headache"));
  CHECK_FALSE(check_answered_no(accident, "fever"));
  CHECK_FALSE(check_answered_no(accident, "tingling"));
  CHECK(question_index("chest-pain") == 0);
  CHECK(question_index("nope") == -1);
}
