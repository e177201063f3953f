#include "core/screening.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>

namespace backcare {
namespace {

// The question groups, in the order they are asked. A group of one sign asks
// that sign's own question; a larger group asks its question first and only
// a yes asks about each sign. Every symptom of the table is in exactly one
// group (a unit test holds this).
struct GroupDef {
  std::string_view question;  // empty for a group of one
  std::initializer_list<std::string_view> ids;
};

const std::array<GroupDef, 15> kGroups = {{
    // Emergency: the heart and the great vessels, the nerves of the lower
    // spine, a recent accident, the brain and the neck's blood supply.
    {"Now or in the last few days: any chest pain, pressure or tightness, shortness of breath, or a sudden tearing "
     "pain in the chest or back?",
     {"chest-pain", "breathless", "tearing-pain"}},
    {"Now or in the last few days: any new numbness or weakness in both legs, numbness around the genitals or "
     "buttocks, or a change in passing urine, in bowel control or in sexual function?",
     {"both-legs", "saddle-numbness", "bladder-bowel", "urine-retention", "sexual-function"}},
    {"", {"accident"}},
    {"Now or in the last few days: any drooping or numbness of the face, slurred speech, trouble swallowing, double "
     "vision or loss of sight, sudden falls without fainting, or a sudden severe headache?",
     {"stroke-signs", "vision", "drop-attack", "headache"}},
    // Urgent.
    {"In the last few days: a fever, chills or night sweats, feeling generally unwell, losing weight without "
     "trying, or a higher risk of infection (a weakened immune system, injected drugs, a recent infection)?",
     {"fever", "unwell", "weight-loss", "infection-risk"}},
    {"", {"cancer-history"}},
    {"", {"minor-fall"}},
    {"In the last few days: pain that rest does not ease or that wakes you at night, pain you cannot cope with, pain "
     "like a band around the chest, or pain that comes with coughing, breathing in or exertion?",
     {"night-pain", "severe-pain", "band-pain", "cough-pain", "breathing-pain", "exertion-pain"}},
    {"In the last few days: new weakness, numbness or clumsiness in both hands, unsteady walking, electric-shock "
     "feelings on bending the neck, or dizziness when you move your neck?",
     {"weakness", "both-hands", "unsteady", "electric-shock", "dizziness"}},
    {"", {"lump"}},
    {"", {"new-upper-back"}},
    // Soon: the guide's signs and age.
    {"In the last few days: any numbness, tingling or pins and needles, or pain that travels beyond your back?",
     {"numbness", "tingling", "radiating"}},
    {"Did this pain begin after an injury or strain, or for no reason you can point to?", {"injury", "no-cause"}},
    {"Does the pain stop you doing everyday things, such as work or sleep, or does it keep coming back?",
     {"daily-impact", "recurring-pain"}},
    {"", {"age"}},
}};

// The symptoms in question order.
std::vector<const Symptom*> ordered() {
  std::vector<const Symptom*> v;
  for (const auto& g : kGroups)
    for (auto id : g.ids)
      if (const Symptom* s = find_symptom(id)) v.push_back(s);
  return v;
}

const std::vector<const Symptom*>& order() {
  static const std::vector<const Symptom*> v = ordered();
  return v;
}

bool holds(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

int question_index(std::string_view id) {
  const auto& v = order();
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i]->id == id) return static_cast<int>(i);
  return -1;
}

bool check_answered_no(std::span<const std::string> yes, std::string_view id) {
  int index = question_index(id);
  if (index < 0) return false;
  for (const auto& y : yes) {
    if (y == id) return false;
    const Symptom* s = find_symptom(y);
    if (s && s->tier == Tier::emergency && question_index(y) < index) return false;
  }
  return true;
}

Screening::Screening(const Profile& profile) {
  for (const auto& g : kGroups) {
    std::vector<Step> members;
    for (auto id : g.ids) {
      const Symptom* s = find_symptom(id);
      if (!s) continue;
      Step step;
      step.q.symptom = s;
      step.q.tier = s->tier;
      step.q.text = std::string(s->question);
      if (s->id == "age" && profile.age) {
        int age = *profile.age;
        if (age >= 20 && age <= 50) {
          step.skip = true;
        } else {
          step.q.text = fmt::format("Is this back pain new? (Your profile gives your age as {}.)", age);
          step.q.short_form = true;
        }
      } else if (s->id == "cancer-history" && profile.history) {
        if (holds(*profile.history, "cancer")) {
          step.q.text = "Is this back pain new? (Your profile notes a history of cancer.)";
          step.q.short_form = true;
        } else {
          step.skip = true;
        }
      } else if (s->id == "minor-fall" && profile.history) {
        if (holds(*profile.history, "osteoporosis") || holds(*profile.history, "steroids")) {
          step.q.text = "Did a minor fall or strain start this pain? (Your profile notes osteoporosis or steroids.)";
          step.q.short_form = true;
        } else {
          step.skip = true;
        }
      } else if (s->id == "new-upper-back" && profile.assessed) {
        step.skip = true;
      }
      if (step.skip) step.answer = false;
      members.push_back(std::move(step));
    }
    auto active = std::count_if(members.begin(), members.end(), [](const Step& m) { return !m.skip; });
    int gate = -1;
    if (active >= 2 && !g.question.empty()) {
      Step q;
      q.q.tier = members.front().q.tier;
      q.q.text = std::string(g.question);
      for (const auto& m : members)
        if (!m.skip) q.q.members.push_back(m.q.symptom);
      gate = static_cast<int>(steps_.size());
      steps_.push_back(std::move(q));
    }
    for (auto& m : members) {
      m.gate = gate;
      steps_.push_back(std::move(m));
    }
  }
  pos_ = 0;
  if (!steps_.empty() && !reachable(0)) advance();
}

bool Screening::reachable(std::size_t i) const {
  const Step& s = steps_[i];
  if (s.skip) return false;
  return s.gate < 0 || steps_[static_cast<std::size_t>(s.gate)].answer == true;
}

void Screening::advance() {
  ++pos_;
  while (pos_ < steps_.size() && !reachable(pos_)) ++pos_;
}

const Question* Screening::current() const {
  if (stopped_ || pos_ >= steps_.size()) return nullptr;
  return &steps_[pos_].q;
}

void Screening::answer(bool yes) {
  if (finished()) return;
  steps_[pos_].answer = yes;
  asked_.push_back(pos_);
  if (yes && !steps_[pos_].q.group() && steps_[pos_].q.tier == Tier::emergency) {
    stopped_ = true;
    return;
  }
  advance();
}

bool Screening::back() {
  if (asked_.empty()) return false;
  pos_ = asked_.back();
  asked_.pop_back();
  steps_[pos_].answer.reset();
  stopped_ = false;
  return true;
}

bool Screening::stopped_by_emergency() const { return stopped_; }

std::vector<std::string> Screening::yes_ids() const {
  std::vector<std::string> v;
  for (const auto& s : steps_)
    if (!s.q.group() && s.answer == true) v.emplace_back(s.q.symptom->id);
  return v;
}

std::vector<std::string> Screening::no_ids() const {
  std::vector<std::string> v;
  for (const auto& s : steps_) {
    if (s.q.group()) continue;
    bool gate_no = s.gate >= 0 && steps_[static_cast<std::size_t>(s.gate)].answer == false;
    if (s.answer == false || (!s.answer && gate_no)) v.emplace_back(s.q.symptom->id);
  }
  return v;
}

std::vector<std::string> Screening::answered_by_profile() const {
  std::vector<std::string> v;
  for (const auto& s : steps_)
    if (s.skip) v.emplace_back(s.q.symptom->id);
  return v;
}

int Screening::questions_to_ask() const {
  return static_cast<int>(
      std::count_if(steps_.begin(), steps_.end(), [](const Step& s) { return !s.skip && s.gate < 0; }));
}

}  // namespace backcare
