#include "core/redflags.hpp"

#include "core/bytes.hpp"

#include "core/screening.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>

namespace backcare {
namespace {

constexpr int kCalmMax = 2;    // a calm reading: 2 or less
constexpr int kFlareMin = 4;   // a flare-up reading: 4 or more

std::string capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string ago(Day d, Day today) {
  int n = days_between(d, today);
  if (n == 0) return "today";
  if (n == 1) return "yesterday";
  return fmt::format("{} days ago", n);
}

std::string mean_text(const Mean& m) {
  if (!m.count) return "no pain readings";
  return fmt::format("pain mean {:.1f} ({} {})", *m.value(), m.count, m.count == 1 ? "reading" : "readings");
}

std::string span_text(Day from, Day to) { return fmt::format("{} to {}", format_date(from), format_date(to)); }

}  // namespace

std::vector<FlareUp> find_flare_ups(std::vector<Reading> readings) {
  // In file order, a journal's readings are mostly in time order already.
  auto earlier = [](const Reading& a, const Reading& b) {
    return std::tie(a.day, a.time, a.order) < std::tie(b.day, b.time, b.order);
  };
  if (!std::is_sorted(readings.begin(), readings.end(), earlier)) std::sort(readings.begin(), readings.end(), earlier);
  std::vector<FlareUp> out;
  bool calm = false;  // inside a calm spell (a plain bool: GCC 12 misreads an optional here)
  Day calm_since{};
  for (const auto& r : readings) {
    if (r.value <= kCalmMax) {
      if (!calm) calm = true, calm_since = r.day;
      continue;
    }
    if (r.value >= kFlareMin && calm && days_between(calm_since, r.day) >= kCalmDays)
      out.push_back({r.day, r.value, calm_since});
    calm = false;  // 3 ends a calm spell; so does any flare-up
  }
  return out;
}

RedFlags::RedFlags(Day today) : today_(today) {}

bool RedFlags::after_seen(const Reading& r) const {
  return !seen_ || std::tie(r.day, r.time, r.order) > std::tie(seen_->day, seen_->time, seen_->order);
}

std::vector<Reading> RedFlags::current_readings() const {
  std::vector<Reading> v;
  for (const auto& r : readings_)
    if (after_seen(r)) v.push_back(r);
  return v;
}

bool RedFlags::in_window(Day d, int days) const {
  int age = days_between(d, today_);
  return age >= 0 && age < days;
}

void RedFlags::add(const Record& r, long order) {
  switch (r.kind) {
    case Kind::session:
      add_session(r.date);
      [[fallthrough]];
    case Kind::exercise:
    case Kind::pain:
      if (r.pain != kNone) add_pain(r.date, r.time, r.pain, order);
      break;
    case Kind::symptom:
      if (r.subject) add_symptom(r.date, r.time, order, r.subject.text);
      break;
    case Kind::seen:
      add_seen(r.date, r.time, order);
      break;
    case Kind::check: {
      if (!r.flags) {
        // No flags= key: what was answered is unknown; it clears nothing.
        break;
      }
      std::vector<std::string> yes;
      if (r.flags.text != "none") for_each_id(r.flags, [&](std::string_view id) { yes.emplace_back(id); });
      add_check(r.date, r.time, order, yes);
      break;
    }
    default: break;
  }
}

void RedFlags::add_session(Day day) {
  int age = days_between(day, today_);
  if (age >= 0 && age < 7 * kPersistentBlocks) ++sessions_[age / 7];
}

void RedFlags::add_pain(Day day, int time, int value, long order) {
  int age = days_between(day, today_);
  if (age < 0) return;  // after today: not seen
  // The recurring rule looks at flare-ups of the last 90 days and the calm
  // week before each; of older readings only the latest matters (whether a
  // calm spell was running when the kept readings begin).
  Reading r{day, time, order, value};
  if (age < kRecurringDays + kCalmDays) {
    readings_.push_back(r);
  } else if (!before_ || std::tie(day, time, order) > std::tie(before_->day, before_->time, before_->order)) {
    before_ = r;
  }
}

void RedFlags::add_event(Event e) {
  if (!in_window(e.day, kSymptomDays)) return;
  events_.push_back(std::move(e));
}

void RedFlags::add_symptom(Day day, int time, long order, std::string_view id) {
  Event e;
  e.day = day, e.time = time, e.order = order, e.source = Event::symptom;
  e.yes.emplace_back(id);
  add_event(std::move(e));
}

void RedFlags::add_check(Day day, int time, long order, const std::vector<std::string>& yes) {
  Event e;
  e.day = day, e.time = time, e.order = order, e.source = Event::check;
  e.yes = yes;
  e.clears = true;
  add_event(std::move(e));
}

void RedFlags::add_seen(Day day, int time, long order) {
  if (days_between(day, today_) < 0) return;
  Reading r{day, time, order, 0};
  if (!seen_ || std::tie(day, time, order) > std::tie(seen_->day, seen_->time, seen_->order)) seen_ = r;
  Event e;
  e.day = day, e.time = time, e.order = order, e.source = Event::seen;
  add_event(std::move(e));
}

void RedFlags::merge(const RedFlags& other) {
  for (int b = 0; b < kPersistentBlocks; ++b) sessions_[b] += other.sessions_[b];
  readings_.insert(readings_.end(), other.readings_.begin(), other.readings_.end());
  auto later = [](const std::optional<Reading>& a, const std::optional<Reading>& b) {
    if (!b) return a;
    if (!a) return b;
    return std::tie(b->day, b->time, b->order) > std::tie(a->day, a->time, a->order) ? b : a;
  };
  before_ = later(before_, other.before_);
  seen_ = later(seen_, other.seen_);
  events_.insert(events_.end(), other.events_.begin(), other.events_.end());
  heads_ += other.heads_;
}

namespace {
void put_reading(ByteWriter& w, const Reading& x) { w.put(x.day), w.put(x.time), w.put(x.order), w.put(x.value); }
bool get_reading(ByteReader& r, Reading& x) {
  return get_day(r, x.day) && r.get(x.time) && r.get(x.order) && r.get(x.value);
}
void put_reading(ByteWriter& w, const std::optional<Reading>& x) {
  w.put(static_cast<std::uint8_t>(x.has_value()));
  if (x) put_reading(w, *x);
}
bool get_reading(ByteReader& r, std::optional<Reading>& x) {
  std::uint8_t has = 0;
  if (!r.get(has) || has > 1) return r.fail();
  x.reset();
  if (has) return get_reading(r, x.emplace());
  return true;
}
}  // namespace

void RedFlags::save(ByteWriter& w) const {
  w.put(today_);
  for (int s : sessions_) w.put(s);
  w.put(static_cast<std::uint64_t>(readings_.size()));
  for (const auto& x : readings_) put_reading(w, x);
  put_reading(w, before_);
  put_reading(w, seen_);
  w.put(static_cast<std::uint64_t>(events_.size()));
  for (const auto& e : events_) {
    w.put(e.day), w.put(e.time), w.put(e.order), w.put(static_cast<std::uint8_t>(e.source));
    w.put(e.yes), w.put(e.no), w.put(static_cast<std::uint8_t>(e.clears));
  }
  w.put(heads_);
}

bool RedFlags::load(ByteReader& r) {
  Day today;
  if (!r.get(today) || today != today_) return r.fail();
  for (int& s : sessions_)
    if (!get_count(r, s)) return false;
  std::size_t n;
  if (!r.length(n, 20)) return false;
  readings_.assign(n, Reading{});
  for (auto& x : readings_)
    if (!get_reading(r, x)) return false;
  if (!(get_reading(r, before_) && get_reading(r, seen_) && r.length(n, 20))) return false;
  events_.assign(n, Event{});
  for (auto& e : events_) {
    std::uint8_t source = 0, clears = 0;
    if (!(get_day(r, e.day) && r.get(e.time) && r.get(e.order) && r.get(source) && r.get(e.yes) && r.get(e.no) &&
          r.get(clears)))
      return false;
    if (source > Event::seen || clears > 1) return r.fail();
    e.source = static_cast<Event::Source>(source);
    e.clears = clears;
  }
  return get_count(r, heads_);
}

void RedFlags::add_answers(int time, const std::vector<std::string>& yes, const std::vector<std::string>& no,
                           bool complete) {
  Event e;
  e.day = today_, e.time = time, e.order = std::numeric_limits<long>::max(), e.source = Event::answers;
  e.yes = yes;
  e.no = no;
  e.clears = complete;  // a stopped screening's no answers clear nothing
  add_event(std::move(e));
}

std::optional<Flag> RedFlags::persistent() const {
  for (int s : sessions_)
    if (s < 2) return std::nullopt;
  Mean block_pain_[kPersistentBlocks];
  for (const auto& r : current_readings())
    if (int age = days_between(r.day, today_); age >= 0 && age < 7 * kPersistentBlocks) block_pain_[age / 7].add(r.value);
  const Mean& newest = block_pain_[0];
  const Mean& oldest = block_pain_[kPersistentBlocks - 1];
  if (!newest.count || !oldest.count) return std::nullopt;
  if (*newest.value() < kPainFloor) return std::nullopt;  // mild pain is not a flag
  if (compare_means(*oldest.value(), *newest.value()) == Trend::improving) return std::nullopt;
  Flag f;
  f.id = "persistent";
  f.tier = Tier::soon;
  Day oldest_from = today_ - date::days{7 * kPersistentBlocks - 1};
  f.message = fmt::format(
      "Pain is not improving despite regular exercise: 2 or more sessions in each of the last 4 weeks, and a pain "
      "mean of {:.1f} in the last 7 days against {:.1f} in the 7 days from {}.",
      *newest.value(), *oldest.value(), span_text(oldest_from, oldest_from + date::days{6}));
  for (int b = kPersistentBlocks - 1; b >= 0; --b) {
    Day to = today_ - date::days{7 * b};
    Day from = to - date::days{6};
    f.evidence.push_back(fmt::format("{}: {} sessions, {}", span_text(from, to), sessions_[b], mean_text(block_pain_[b])));
  }
  return f;
}

std::optional<Flag> RedFlags::worsening() const {
  PainTracker pain(today_);
  for (const auto& r : current_readings()) pain.add(r.day, r.time, r.value, r.order);
  PainSummary s = pain.summary();
  if (s.trend != Trend::worsening) return std::nullopt;
  if (*s.recent.value() < kPainFloor) return std::nullopt;  // a change within mild pain is not a flag
  Flag f;
  f.id = "worsening";
  f.tier = Tier::soon;
  f.message = fmt::format("Pain is getting worse: a mean of {:.1f} over the last 7 days against {:.1f} over the 7 days "
                          "before.",
                          *s.recent.value(), *s.previous.value());
  f.evidence.push_back(fmt::format("{}: {}", span_text(today_ - date::days{13}, today_ - date::days{7}),
                                   mean_text(s.previous)));
  f.evidence.push_back(fmt::format("{}: {}", span_text(today_ - date::days{6}, today_), mean_text(s.recent)));
  return f;
}

std::optional<Flag> RedFlags::recurring() const {
  std::vector<Reading> readings = current_readings();
  if (before_ && after_seen(*before_)) readings.push_back(*before_);
  std::vector<FlareUp> flares;
  for (const auto& fu : find_flare_ups(std::move(readings)))
    if (in_window(fu.day, kRecurringDays)) flares.push_back(fu);
  if (static_cast<int>(flares.size()) < kRecurringFlareUps) return std::nullopt;
  Flag f;
  f.id = "recurring";
  f.tier = Tier::soon;
  f.message = fmt::format(
      "Pain keeps coming back: {} flare-ups in the last 90 days (a reading of 4 or more after a week or more at 2 or "
      "less), the latest on {}.",
      flares.size(), format_date(flares.back().day));
  for (const auto& fu : flares)
    f.evidence.push_back(fmt::format("{}: pain {} after readings of 2 or less since {}", format_date(fu.day), fu.value,
                                     format_date(fu.calm_since)));
  return f;
}

std::vector<Reading> RedFlags::severe_readings() const {
  std::vector<Reading> high;
  for (const auto& r : current_readings()) {
    int age = days_between(r.day, today_);
    if (age < 0 || age >= kSevereDays || r.value < kSeverePain) continue;
    high.push_back(r);
  }
  std::sort(high.begin(), high.end(), [](const Reading& a, const Reading& b) {
    return std::tie(a.day, a.time, a.order) < std::tie(b.day, b.time, b.order);
  });
  return high;
}

std::optional<Flag> RedFlags::severe() const {
  std::vector<Reading> high = severe_readings();
  if (high.empty()) return std::nullopt;
  const Reading& last = high.back();
  Flag f;
  f.id = "severe";
  f.tier = Tier::urgent;
  f.message = fmt::format("Severe pain: {} out of 10 on {} ({}).", last.value, format_date(last.day),
                          ago(last.day, today_));
  for (const auto& r : high) f.evidence.push_back(fmt::format("{}: pain {}", format_date(r.day), r.value));
  return f;
}

std::map<std::string, RedFlags::OpenSymptom> RedFlags::open_symptoms(bool with_evidence) const {
  std::vector<const Event*> events;
  for (const auto& e : events_) events.push_back(&e);
  std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) {
    return std::tie(a->day, a->time, a->order) < std::tie(b->day, b->time, b->order);
  });
  std::map<std::string, OpenSymptom> open;
  // A no answer on day `d` does not close an emergency sign whose latest
  // evidence is of that day or the day before: only `seen` does.
  auto closable = [](const std::string& id, const OpenSymptom& st, Day d) {
    const Symptom* known = find_symptom(id);
    if (!known || known->tier != Tier::emergency || !st.latest) return true;
    return days_between(st.latest->day, d) > 1;
  };
  for (const Event* e : events) {
    if (e->source == Event::seen) {
      open.clear();
      continue;
    }
    if (e->source == Event::check && e->clears) {
      for (auto it = open.begin(); it != open.end();)
        it = check_answered_no(e->yes, it->first) && closable(it->first, it->second, e->day) ? open.erase(it)
                                                                                           : std::next(it);
    } else if (e->source == Event::answers && e->clears) {
      for (const auto& id : e->no)
        if (auto it = open.find(id); it != open.end() && closable(id, it->second, e->day)) open.erase(it);
    }
    for (const auto& id : e->yes) {
      OpenSymptom& s = open[id];
      s.latest = e;
      if (!with_evidence) continue;
      std::string ev;
      switch (e->source) {
        case Event::symptom: ev = fmt::format("{}: logged as a symptom", format_date(e->day)); break;
        case Event::check: ev = fmt::format("{}: answered yes in a screening", format_date(e->day)); break;
        case Event::answers: ev = fmt::format("{}: answered yes just now", format_date(e->day)); break;
        case Event::seen: break;
      }
      if (s.evidence.empty() || s.evidence.back() != ev) s.evidence.push_back(std::move(ev));
    }
  }
  return open;
}

std::vector<Flag> RedFlags::symptom_flags() const {
  std::map<std::string, OpenSymptom> open = open_symptoms(true);
  std::vector<Flag> out;
  for (auto& [id, s] : open) {
    const Symptom* known = find_symptom(id);
    Flag f;
    f.id = "symptom:" + id;
    f.tier = known ? known->tier : Tier::soon;
    std::string what = known ? capitalized(known->description)
                             : fmt::format("Symptom '{}', an id backcare does not know, taken as a sign to have checked "
                                           "soon",
                                           id);
    const Event& e = *s.latest;
    switch (e.source) {
      case Event::symptom:
        f.message = fmt::format("{} (logged on {}, {}).", what, format_date(e.day), ago(e.day, today_));
        break;
      case Event::check:
        f.message = fmt::format("{} (answered yes in the screening of {}, {}).", what, format_date(e.day),
                                ago(e.day, today_));
        break;
      case Event::answers: f.message = fmt::format("{} (you answered yes just now).", what); break;
      case Event::seen: break;
    }
    if (f.tier == Tier::emergency && days_between(e.day, today_) > kEmergencyOpenDays) {
      // Still open days later: whatever happened then, it needs a clinician today.
      f.tier = Tier::urgent;
      f.message = fmt::format("{} ({} on {}: if no clinician has assessed it, be seen today).", what,
                              e.source == Event::symptom ? "logged" : "answered yes", format_date(e.day));
    }
    f.evidence = std::move(s.evidence);
    out.push_back(std::move(f));
  }
  // Question order; unknown ids after the known ones (the map keeps them by id).
  std::stable_sort(out.begin(), out.end(), [](const Flag& a, const Flag& b) {
    auto key = [](const Flag& f) {
      int i = question_index(std::string_view(f.id).substr(8));
      return i < 0 ? 1 << 20 : i;
    };
    return key(a) < key(b);
  });
  return out;
}

std::vector<Flag> RedFlags::flags() const {
  std::vector<Flag> out = symptom_flags();
  for (auto rule : {&RedFlags::severe, &RedFlags::persistent, &RedFlags::worsening, &RedFlags::recurring})
    if (auto f = (this->*rule)()) out.push_back(std::move(*f));
  std::stable_sort(out.begin(), out.end(), [](const Flag& a, const Flag& b) { return a.tier < b.tier; });
  return out;
}

bool RedFlags::on_hold() const {
  if (!severe_readings().empty()) return true;
  for (const auto& [id, s] : open_symptoms(false)) {
    // Unknown ids are `soon`; an emergency sign shown at the urgent tier
    // after 2 days is still one of the two.
    const Symptom* known = find_symptom(id);
    if (known && (known->tier == Tier::emergency || known->tier == Tier::urgent)) return true;
  }
  return false;
}

std::string no_flag_message(bool asked, bool complete) {
  if (!asked)
    return "No warning signs were found in the journal. The questions were not asked (they need a terminal, and "
           "--no-ask skips them): run 'backcare check' in a terminal to answer them.";
  if (!complete)
    return "No warning signs were found in the answers you gave or in the journal. The screening was stopped "
           "before the end, so nothing was recorded.";
  return "No warning signs were found in your answers or in the journal.";
}

std::string format_report(const std::vector<Flag>& flags, const ReportOptions& o, const Style& style) {
  auto heading = [&](Tier t) {
    std::string h = tier_heading(t, o.emergency_number);
    switch (t) {
      case Tier::emergency: return style.bold(style.red(h));
      case Tier::urgent: return style.bold(style.yellow(h));
      case Tier::soon: return style.bold(h);
    }
    return h;
  };
  std::string out;
  // A wrapped paragraph whose first line starts with `first` (which ends in
  // a space, or is empty) and the others with `rest`. wrap_text drops
  // leading blanks, so `first` is held by a word of its width until wrapped.
  auto para = [&](std::string_view text, std::string_view first, std::string_view rest) {
    std::string hold = first.empty() ? std::string() : std::string(first.size() - 1, '#') + " ";
    auto lines = wrap_text(hold + std::string(text), o.width, rest);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string& l = lines[i];
      if (i == 0 && !first.empty()) l = std::string(first.substr(0, first.size() - 1)) + l.substr(first.size() - 1);
      out += l + "\n";
    }
  };
  if (o.quiet) {
    for (const auto& f : flags) out += fmt::format("{}. {}\n", heading(f.tier), f.message);
    return out;
  }
  if (flags.empty()) {
    para(no_flag_message(o.asked, o.complete), "", "");
  } else {
    for (Tier t : {Tier::emergency, Tier::urgent, Tier::soon}) {
      bool any = false;
      for (const auto& f : flags) {
        if (f.tier != t) continue;
        if (!any) out += heading(t) + "\n";
        any = true;
        para(f.message, "  * ", "    ");
      }
      if (!any) continue;
      para(tier_advice(t, o.emergency_number), "  ", "  ");
      out += "\n";
    }
    if (!o.notes) return out;
    if (!o.asked)
      para("The questions were not asked (they need a terminal, and --no-ask skips them): run 'backcare check' in a "
           "terminal to answer them.",
           "", "");
    else if (!o.complete)
      para("The screening was stopped before the end, so nothing was recorded.", "", "");
  }
  para(kScreeningNote, "", "");
  return out;
}

}  // namespace backcare
