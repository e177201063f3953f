#include "core/symptoms.hpp"

#include <fmt/format.h>

#include <array>

namespace backcare {
namespace {

// Sources, named beside each sign:
//   [NHS-BP]  NHS, "Back pain" (nhs.uk/conditions/back-pain): when to get help
//   [NHS-CES] NHS, "Cauda equina syndrome" (nhs.uk/conditions/cauda-equina-syndrome)
//   [CKS]     NICE Clinical Knowledge Summaries, "Back pain - low (without radiculopathy)" and
//             "Neck pain - non-specific": red flags and referral
//   [PP]      physio-pedia, "Red Flags in Spinal Conditions" and "Thoracic spine" red flags
//   [IFOMPT]  International IFOMPT Cervical Framework (2020/2023): the 5 Ds and 3 Ns of the
//             neck's blood supply (dizziness, diplopia, dysarthria, dysphagia, drop attacks;
//             nystagmus, nausea, numbness), relevant because the routine moves the neck
//   [GUIDE]   the project's guide: its six warning signs
// The wording is the project's own; each description is a plain noun phrase,
// each question asks about now or the last few days, and a yes means the
// sign is present.
constexpr std::array<Symptom, 40> kSymptoms = {{
    // Emergency: call the emergency number now.
    {"chest-pain", Tier::emergency,  // [NHS-BP] [CKS] [PP]: cardiac pain referred to the thoracic spine
     "pain, pressure or tightness in the chest, perhaps spreading to the jaw, neck or an arm",
     "Pain, pressure or tightness in your chest (it may spread to the jaw, neck or an arm)?"},
    {"breathless", Tier::emergency,  // [NHS-BP] [PP]
     "shortness of breath, or sweating or feeling faint, along with the pain",
     "Short of breath, or sweating or feeling faint, along with the pain?"},
    {"tearing-pain", Tier::emergency,  // [PP] [CKS]: sudden tearing pain (aortic)
     "a sudden, severe, tearing or ripping pain in the chest or back",
     "A sudden, severe, tearing or ripping pain in your chest or back?"},
    {"both-legs", Tier::emergency,  // [NHS-CES] [CKS]: bilateral leg symptoms, gait disturbance
     "weakness, numbness or tingling in both legs, or new trouble walking",
     "Weakness, numbness or tingling in both legs, or new trouble walking?"},
    {"saddle-numbness", Tier::emergency,  // [NHS-CES] [CKS]: saddle anaesthesia
     "numbness or tingling around the genitals, buttocks or back passage",
     "Numbness or tingling around your genitals, buttocks or back passage (for example when wiping)?"},
    {"bladder-bowel", Tier::emergency,  // [NHS-CES] [NHS-BP] [CKS]
     "new loss of control of the bladder or bowels", "New leaking, or loss of control of your bladder or bowels?"},
    {"urine-retention", Tier::emergency,  // [NHS-CES] [CKS]: retention
     "new difficulty passing urine, or not feeling when the bladder is full",
     "New difficulty passing urine, or not feeling when your bladder is full?"},
    {"sexual-function", Tier::emergency,  // [NHS-CES]
     "new loss of erection, or of feeling in the genitals during sex",
     "A new loss of erection, or of feeling in your genitals during sex?"},
    {"accident", Tier::emergency,  // [NHS-BP] [CKS] [PP]: significant trauma
     "pain that began after a recent serious accident, such as a car crash or a fall from a height",
     "Did this pain begin after a recent serious accident, such as a car crash or a fall from a height?"},
    {"stroke-signs", Tier::emergency,  // [IFOMPT]: dysarthria, dysphagia, numbness; NHS stroke FAST
     "a face drooping or numb, one arm weak, slurred speech or trouble swallowing",
     "A face drooping or numb, one arm suddenly weak, slurred speech or trouble swallowing?"},
    {"vision", Tier::emergency,  // [IFOMPT]: diplopia, visual disturbance
     "new double vision or a sudden loss of sight", "New double vision, or a sudden loss of sight?"},
    {"drop-attack", Tier::emergency,  // [IFOMPT]: drop attacks
     "sudden falls to the ground without fainting", "Falling suddenly to the ground without fainting?"},
    {"headache", Tier::emergency,  // [IFOMPT] [CKS neck pain]: sudden severe headache
     "a sudden, severe headache, the worst you have had", "A sudden, severe headache, the worst you have ever had?"},
    // Urgent: be seen today.
    {"fever", Tier::urgent,  // [NHS-BP] [CKS]: infection
     "a high temperature, or feeling hot and shivery, along with back pain",
     "A high temperature, or feeling hot and shivery, along with the back pain?"},
    {"weight-loss", Tier::urgent,  // [NHS-BP] [CKS] [PP]: malignancy
     "weight loss you cannot explain", "Losing weight without trying to?"},
    {"cancer-history", Tier::urgent,  // [NHS-BP] [CKS] [PP]: history of cancer
     "new back pain with a history of cancer", "Have you ever had cancer, and is this back pain new?"},
    {"night-pain", Tier::urgent,  // [NHS-BP] [CKS] [PP]: non-mechanical, night pain
     "pain that rest or lying down does not ease, or that is worse at night",
     "Pain that rest or lying down does not ease, or that is worse at night?"},
    {"minor-fall", Tier::urgent,  // [CKS] [PP]: minor trauma with osteoporosis or steroids
     "pain after a minor fall or strain, with osteoporosis or long-term steroid use",
     "Did the pain follow a minor fall or strain, and do you have osteoporosis or take steroids long term?"},
    {"band-pain", Tier::urgent,  // [PP] thoracic red flags
     "pain that wraps around the chest or body like a band", "Pain that wraps around your chest or body like a band?"},
    {"unsteady", Tier::urgent,  // [CKS neck pain] [PP]: myelopathy, gait
     "new clumsiness, or walking that has become unsteady", "New clumsiness, or walking that has become unsteady?"},
    {"weakness", Tier::urgent,  // [NHS-BP] [CKS]: progressive neurological deficit
     "new or worsening weakness in an arm, a hand or a leg", "New or worsening weakness in an arm, a hand or a leg?"},
    {"both-hands", Tier::urgent,  // [CKS neck pain] [PP]: cervical myelopathy
     "numbness, tingling or clumsiness in both hands or both arms",
     "Numbness, tingling or clumsiness in both hands or both arms?"},
    {"electric-shock", Tier::urgent,  // [CKS neck pain] [PP]: Lhermitte's sign
     "electric-shock feelings down the spine or limbs when bending the neck",
     "Electric-shock feelings down your spine or limbs when you bend your neck forward?"},
    {"dizziness", Tier::urgent,  // [IFOMPT]: dizziness, nystagmus, nausea on neck movement
     "dizziness, light-headedness or jumping vision when moving the neck",
     "Dizziness, light-headedness, feeling sick or jumping vision when you move your neck?"},
    {"exertion-pain", Tier::urgent,  // [PP] [NHS chest pain]: exertional pain eased by rest
     "pain brought on by exertion, such as stairs or hurrying, that rest eases",
     "Pain that comes on with exertion, such as stairs or hurrying, and eases when you rest?"},
    {"breathing-pain", Tier::urgent,  // [PP] thoracic red flags: pleuritic pain, haemoptysis
     "pain on breathing in, or coughing up blood", "Pain when you breathe in deeply, or coughing up blood?"},
    {"lump", Tier::urgent,  // [NHS-BP] [PP]: swelling or structural deformity
     "a lump or swelling in the back, or a change in its shape",
     "A lump or swelling in your back, or a change in the shape of your back?"},
    {"cough-pain", Tier::urgent,  // [PP] [CKS]: pain on coughing, sneezing, straining
     "pain that gets worse on coughing, sneezing or straining",
     "Pain that gets worse when you cough, sneeze or strain?"},
    {"infection-risk", Tier::urgent,  // [CKS] [PP]: immunosuppression, IV drug use, recent infection
     "a weakened immune system, injected drugs, or a recent infection",
     "A weakened immune system, injecting drugs, or an infection in the last few weeks?"},
    {"unwell", Tier::urgent,  // [NHS-BP] [PP]: systemically unwell
     "feeling generally unwell, with chills or night sweats",
     "Feeling generally unwell, with chills or night sweats?"},
    {"severe-pain", Tier::urgent,  // [NHS-BP]: pain not eased by painkillers or rest
     "pain you cannot cope with, that rest and painkillers do not ease",
     "Pain so bad you cannot cope, that rest and painkillers do not ease?"},
    {"new-upper-back", Tier::urgent,  // [CKS] [PP]: new thoracic pain is itself a flag
     "new pain high in the back, between the shoulder blades, that no clinician has checked",
     "New pain high in your back, between the shoulder blades, that no clinician has checked?"},
    // Soon: book a visit within a week or two.
    {"numbness", Tier::soon,  // [GUIDE] [NHS-BP]
     "numbness in one arm, hand or elsewhere", "Numbness in one arm, one hand or anywhere else?"},
    {"tingling", Tier::soon,  // [GUIDE] [NHS-BP]
     "tingling or pins and needles", "Tingling or pins and needles anywhere?"},
    {"radiating", Tier::soon,  // [GUIDE] [NHS-BP]: pain spreading to an arm or leg
     "pain that travels beyond the back, such as into an arm or a leg",
     "Pain that travels beyond your back, such as into one arm or a leg?"},
    {"injury", Tier::soon,  // [GUIDE]
     "pain that began after an injury or strain", "Did the pain begin after an injury or strain?"},
    {"daily-impact", Tier::soon,  // [GUIDE] [NHS-BP]: pain stopping daily activities
     "pain that stops you doing everyday things, such as work or sleep",
     "Does the pain stop you doing everyday things, such as work or sleep?"},
    {"no-cause", Tier::soon,  // [GUIDE]
     "pain with no cause you can point to", "Did the pain begin for no reason you can point to?"},
    {"recurring-pain", Tier::soon,  // [GUIDE] [NHS-BP]: pain that keeps coming back
     "pain that keeps coming back", "Does the pain keep coming back, even if it eases in between?"},
    {"age", Tier::soon,  // [CKS] [PP]: onset under 20 or over 50
     "new back pain when under 20 or over 50 years old",
     "Is this back pain new, and are you under 20 or over 50 years old?"},
}};

}  // namespace

const std::string_view kScreeningNote =
    "backcare screens for warning signs; it cannot diagnose. Whenever you are unsure, ask a doctor or physiotherapist.";

const std::string_view kFirstRunNote =
    "Before you start: if your pain is constant or new, sits between the shoulder blades and nobody has checked it, "
    "or comes with any warning sign, talk to a doctor or physiotherapist first ('backcare check' asks about the "
    "signs).";

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

std::string profile_caution(std::string_view id, const std::vector<std::string>* history) {
  if (!history) return {};
  bool bones = false;
  for (const auto& h : *history) bones = bones || h == "osteoporosis" || h == "steroids";
  if (!bones) return {};
  if (id == "seated-twist" || id == "cat-cow" || id == "childs-pose")
    return "Your profile notes osteoporosis or long-term steroids: go only part-way into this movement, never to "
           "the end of the range, and never force it.";
  if (id == "thoracic-extension")
    return "Your profile notes osteoporosis or long-term steroids: ask your clinician before bending back over a "
           "roller; until then, leave this exercise out.";
  return {};
}

std::span<const Symptom> symptoms() { return kSymptoms; }

const Symptom* find_symptom(std::string_view id) {
  for (const auto& s : kSymptoms)
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace backcare
