// Warning signs and their tiers (SPEC §3, §7). One table, shared by
// `log symptom`, `check` and `start`: wording is written once, here.
// Every text says what to do and when; none diagnoses or reassures.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

enum class Tier { emergency, urgent, soon };

std::string_view tier_name(Tier t);  // "emergency", "urgent", "soon"
// A short heading for people: "EMERGENCY: call 112 now" style.
std::string tier_heading(Tier t, std::string_view emergency_number);
// What to do, and how soon.
std::string tier_advice(Tier t, std::string_view emergency_number);

struct Symptom {
  std::string_view id;
  Tier tier;
  std::string_view description;  // plain words, a noun phrase
  std::string_view question;     // a yes/no question for `check`
};

std::span<const Symptom> symptoms();
const Symptom* find_symptom(std::string_view id);

// The profile's caution for an exercise (empty for none): with osteoporosis
// or long-term steroids in the history, twisting, rounding and deep bends
// (seated-twist, cat-cow, childs-pose) go only part-way, and the thoracic
// extension over a roller waits for a clinician's word.
std::string profile_caution(std::string_view exercise_id, const std::vector<std::string>* history);

// Said wherever results are shown: this screens, it does not diagnose.
extern const std::string_view kScreeningNote;
// The guide's advice before starting when pain is constant (first run).
extern const std::string_view kFirstRunNote;

}  // namespace backcare
