#include "core/symptoms.hpp"

#include <fmt/format.h>

#include <array>

namespace backcare {
namespace {

constexpr std::array<Symptom, 23> kSymptoms = {{
    // Emergency: call the emergency number now.
    {"chest-pain", Tier::emergency, "chest pain or pressure, or pain spreading into an arm or the jaw",
     "Any chest pain or pressure, or pain spreading to an arm or the jaw?"},
    {"breathless", Tier::emergency, "shortness of breath or sweating along with the pain",
     "Are you short of breath, or sweating, along with the pain?"},
    {"tearing-pain", Tier::emergency, "sudden, severe, tearing pain between the shoulder blades",
     "Did a sudden, severe, tearing pain start between your shoulder blades?"},
    {"both-legs", Tier::emergency, "new weakness, numbness or tingling in both legs, or trouble walking",
     "New weakness, numbness or tingling in both legs, or trouble walking?"},
    {"saddle-numbness", Tier::emergency, "numbness around the genitals or buttocks",
     "Is there numbness around your genitals or buttocks?"},
    {"bladder-bowel", Tier::emergency, "new loss of bladder or bowel control",
     "Have you lost control of your bladder or bowels?"},
    {"accident", Tier::emergency, "back pain after a serious accident, such as a car crash or a bad fall",
     "Did the pain start after a serious accident, such as a car crash?"},
    // Urgent: be seen the same day.
    {"fever", Tier::urgent, "fever along with back pain", "Do you have a fever along with the back pain?"},
    {"weight-loss", Tier::urgent, "weight loss you cannot explain", "Have you lost weight without trying to?"},
    {"cancer-history", Tier::urgent, "new back pain with a history of cancer",
     "Have you ever had cancer, and is this back pain new?"},
    {"night-pain", Tier::urgent, "pain that rest does not ease, or that is worse at night",
     "Is the pain there even at rest, or worse at night?"},
    {"minor-fall", Tier::urgent, "pain after a minor fall, with osteoporosis or long-term steroid use",
     "Did the pain follow a minor fall, with osteoporosis or long-term steroid use?"},
    {"band-pain", Tier::urgent, "pain like a band around the chest", "Does the pain wrap around your chest like a band?"},
    {"unsteady", Tier::urgent, "new clumsiness or unsteady walking", "Have you become clumsy, or unsteady when walking?"},
    // Soon: see a clinician within days to a couple of weeks.
    {"numbness", Tier::soon, "numbness in an arm, a hand or elsewhere", "Do you have numbness anywhere, such as an arm or a hand?"},
    {"tingling", Tier::soon, "tingling or pins and needles", "Do you have tingling or pins and needles anywhere?"},
    {"weakness", Tier::soon, "weakness in an arm, a hand or elsewhere", "Has an arm, a hand or another part felt weak?"},
    {"radiating", Tier::soon, "pain that travels beyond the back, into a limb or elsewhere", "Does the pain travel beyond your back, into an arm, a leg or elsewhere?"},
    {"injury", Tier::soon, "pain that began after an injury", "Did the pain begin after an injury?"},
    {"daily-impact", Tier::soon, "pain that stops you doing everyday things",
     "Does the pain stop you doing everyday things, like work or sleep?"},
    {"no-cause", Tier::soon, "pain with no cause you can point to",
     "Did the pain begin for no reason you can point to?"},
    {"recurring-pain", Tier::soon, "pain that keeps coming back", "Does the pain keep coming back, even if it eases in between?"},
    {"age", Tier::soon, "new back pain when under 20 or over 50 years old",
     "Is this back pain new, and are you under 20 or over 50 years old?"},
}};

}  // namespace

const std::string_view kScreeningNote =
    "backcare screens for warning signs; it cannot diagnose. Whenever you are unsure, ask a doctor or physiotherapist.";

const std::string_view kFirstRunNote =
    "Before you start: if your upper-back pain is constant, talk to a doctor or physiotherapist before taking up "
    "new exercises.";

std::string_view tier_name(Tier t) {
  switch (t) {
    case Tier::emergency: return "emergency";
    case Tier::urgent: return "urgent";
    case Tier::soon: return "soon";
  }
  return "";
}


std::string tier_heading(Tier t, std::string_view number) {
  switch (t) {
    case Tier::emergency: return fmt::format("EMERGENCY: call {} now", number);
    case Tier::urgent: return "URGENT: be seen today";
    case Tier::soon: return "See a clinician soon";
  }
  return "";
}

std::string tier_advice(Tier t, std::string_view number) {
  switch (t) {
    case Tier::emergency:
      return fmt::format(
          "Stop exercising and call {} (emergency services) now. Do not wait to see whether it passes, and do "
          "not drive yourself. (Elsewhere the number may be 911 or 999.)",
          number);
    case Tier::urgent:
      return fmt::format(
          "Stop the exercises and contact a doctor today: your practice, an urgent care service or an "
          "out-of-hours line. If it gets worse or an emergency sign appears, call {}.",
          number);
    case Tier::soon:
      return "Book a visit with a doctor or physiotherapist within the next week or two, and mention this sign. "
             "Stop any exercise that makes it worse; if it gets worse, seek help sooner.";
  }
  return "";
}

std::span<const Symptom> symptoms() { return kSymptoms; }

const Symptom* find_symptom(std::string_view id) {
  for (const auto& s : kSymptoms)
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace backcare
