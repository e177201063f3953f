#include "core/screening.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace backcare {
namespace {

// The symptoms in question order: tier first, then table order.
std::vector<const Symptom*> ordered() {
  std::vector<const Symptom*> v;
  for (const auto& s : symptoms()) v.push_back(&s);
  std::stable_sort(v.begin(), v.end(), [](const Symptom* a, const Symptom* b) { return a->tier < b->tier; });
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
  for (const Symptom* s : order()) {
    Step step;
    step.q.symptom = s;
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
        step.q.text = "Did a minor fall start this pain? (Your profile notes osteoporosis or steroids.)";
        step.q.short_form = true;
      } else {
        step.skip = true;
      }
    }
    if (step.skip) step.answer = false;
    steps_.push_back(std::move(step));
  }
  while (pos_ < steps_.size() && steps_[pos_].skip) ++pos_;
}

const Question* Screening::current() const {
  if (stopped_ || pos_ >= steps_.size()) return nullptr;
  return &steps_[pos_].q;
}

void Screening::answer(bool yes) {
  if (finished()) return;
  steps_[pos_].answer = yes;
  asked_.push_back(pos_);
  if (yes && steps_[pos_].q.symptom->tier == Tier::emergency) {
    stopped_ = true;
    return;
  }
  ++pos_;
  while (pos_ < steps_.size() && steps_[pos_].skip) ++pos_;
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
    if (s.answer == true) v.emplace_back(s.q.symptom->id);
  return v;
}

std::vector<std::string> Screening::no_ids() const {
  std::vector<std::string> v;
  for (const auto& s : steps_)
    if (s.answer == false) v.emplace_back(s.q.symptom->id);
  return v;
}

std::vector<std::string> Screening::answered_by_profile() const {
  std::vector<std::string> v;
  for (const auto& s : steps_)
    if (s.skip) v.emplace_back(s.q.symptom->id);
  return v;
}

int Screening::questions_to_ask() const {
  return static_cast<int>(std::count_if(steps_.begin(), steps_.end(), [](const Step& s) { return !s.skip; }));
}

}  // namespace backcare
