// The screening questions of `check` (SPEC §7) as a pure state machine:
// the shell shows current(), reads y/n/b and calls answer() or back(); tests
// drive it without a terminal.
//
// Short by design: related signs share one question (a "gate"), and only a
// yes to it asks which of them, one y/n question each. A run answered all no
// asks at most kMaxQuestionsAllNo questions. Every question asks about now
// and the last few days, and a yes means the sign is present.
//
// Order: the groups of kGroups, most serious tier first; an emergency yes
// ends the screening at once. What the routine's profile answers is not
// asked:
//  - age known: 20 to 50 answers `age` no; under 20 or over 50 asks only
//    whether the pain is new;
//  - history known: `cancer-history` asks only whether the pain is new when
//    the history holds cancer, else it is answered no; `minor-fall` asks only
//    about a minor fall when the history holds osteoporosis or steroids, else
//    it is answered no;
//  - assessed = true: `new-upper-back` is answered no.
#pragma once

#include "core/routine.hpp"
#include "core/symptoms.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

inline constexpr int kMaxQuestionsAllNo = 16;

// The position of a symptom id in the question order, or -1 when unknown.
int question_index(std::string_view id);

// Whether a recorded screening (a `check` line whose flags are `yes`)
// answered question `id` no: the id is known, not among the yeses, and was
// reached, i.e. no emergency yes comes before it in the question order (an
// emergency yes ends a screening, so later questions were never asked).
bool check_answered_no(std::span<const std::string> yes, std::string_view id);

struct Question {
  const Symptom* symptom = nullptr;       // the sign asked about; nullptr for a group's question
  std::vector<const Symptom*> members;    // a group's question: the signs it covers
  Tier tier = Tier::soon;
  std::string text;  // as asked: the full question, a group's, or the profile's short form
  bool short_form = false;
  bool group() const { return symptom == nullptr; }
};

class Screening {
 public:
  explicit Screening(const Profile& profile);

  // The question to ask now; nullptr when the screening is finished.
  const Question* current() const;
  bool finished() const { return current() == nullptr; }
  // Whether an earlier answer can be changed (something was asked already).
  bool can_go_back() const { return !asked_.empty(); }

  void answer(bool yes);
  // Reopens the last question asked (profile answers are skipped). Returns
  // false when nothing was asked yet.
  bool back();

  // An emergency yes stopped the questions.
  bool stopped_by_emergency() const;
  // Ids answered yes, in question order.
  std::vector<std::string> yes_ids() const;
  // Ids answered no (one by one, by their group's no, or known from the
  // profile), in question order.
  std::vector<std::string> no_ids() const;
  // Ids the profile answered no without asking.
  std::vector<std::string> answered_by_profile() const;
  // How many questions a run answered all no asks.
  int questions_to_ask() const;

 private:
  struct Step {
    Question q;
    bool skip = false;               // answered no by the profile
    int gate = -1;                   // a member: the index of its group's question, if it has one
    std::optional<bool> answer;
  };
  void advance();
  bool reachable(std::size_t i) const;
  std::vector<Step> steps_;
  std::vector<std::size_t> asked_;  // indices of the questions answered, in order
  std::size_t pos_ = 0;
  bool stopped_ = false;
};

}  // namespace backcare
