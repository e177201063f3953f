#include "core/stats.hpp"

#include "core/bytes.hpp"

#include "core/goals.hpp"
#include "core/planning.hpp"

#include "core/dedup.hpp"
#include "core/routine.hpp"
#include "core/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace backcare {
namespace {

constexpr date::days kDay{1};

}  // namespace

// --- StatsBuilder ---------------------------------------------------------

// Lists and ids hold no blanks: line_hash is a plain fast hash for them.
std::size_t StatsBuilder::TextHash::operator()(std::string_view s) const { return bytes_hash(s); }

namespace {
unsigned fold_needs(unsigned needs) {
  unsigned n = 0;
  if (needs & kNeedDays) n |= kFoldTable | kFoldWeek;  // the week: its rest days, planned ones too
  if (needs & kNeedToday) n |= kFoldWeek;
  if (needs & kNeedTotals) n |= kFoldTotals;
  return n;
}
}  // namespace

StatsBuilder::StatsBuilder(Day today, std::optional<Day> since, unsigned needs)
    : needs_(needs), fold_(today, since, fold_needs(needs)), pain_(today) {}

std::optional<Day> StatsBuilder::start() const {
  if (fold_.since()) return fold_.since();
  return fold_.first_day();
}

void StatsBuilder::add(const Record& r, long order) {
  fold_.add(r);
  if (r.date > today() || (since() && r.date < *since()) || r.kind == Kind::unknown) return;
  if ((needs_ & kNeedPain) && r.pain != kNone &&
      (r.kind == Kind::session || r.kind == Kind::exercise || r.kind == Kind::pain))
    pain_.add(r.date, r.time, r.pain, order);
  if (!(needs_ & kNeedExercises)) return;
  if (r.kind == Kind::session) {
    count_list(r.done, 0);
    count_list(r.skipped, 1);
    count_list(r.sore, 2);
  } else if (r.kind == Kind::exercise) {
    count_list(r.subject, 0);
  }
}

void StatsBuilder::merge(const StatsBuilder& o) {
  fold_.merge(o.fold_);
  pain_.merge(o.pain_);
  const std::vector<ExerciseCounts> theirs = o.totals();
  for (std::size_t i = 0; i < o.names_.size(); ++i) {
    ExerciseCounts& c = counts_[intern(o.names_[i])];
    c.done += theirs[i].done;
    c.skipped += theirs[i].skipped;
    c.sore += theirs[i].sore;
  }
}

void StatsBuilder::save(ByteWriter& w) const {
  w.put(needs_);
  fold_.save(w);
  pain_.save(w);
  w.put(names_);
  for (const auto& c : counts_) w.put(c.done), w.put(c.skipped), w.put(c.sore);
  w.put(static_cast<std::uint64_t>(lists_.size()));
  for (const auto& [text, seen] : lists_) {
    w.put(text);
    w.put(seen.ids);
    for (long t : seen.times) w.put(t);
  }
}

bool StatsBuilder::load(ByteReader& r) {
  unsigned needs = 0;
  if (!r.get(needs) || needs != needs_) return r.fail();
  std::vector<std::string> names;
  if (!(fold_.load(r) && pain_.load(r) && r.get(names))) return false;
  ids_.clear(), names_.clear(), counts_.clear(), lists_.clear();
  for (const auto& n : names) {
    const std::size_t before = names_.size();
    intern(n);
    if (names_.size() != before + 1) return r.fail();  // each id once
  }
  for (auto& c : counts_)
    if (!(get_count(r, c.done) && get_count(r, c.skipped) && get_count(r, c.sore))) return false;
  std::size_t n;
  if (!r.length(n, 8)) return false;
  for (std::size_t i = 0; i < n; ++i) {
    std::string text;
    SeenList seen;
    if (!(r.get(text) && r.get(seen.ids))) return false;
    for (long& t : seen.times)
      if (!get_count(r, t)) return false;
    for (auto id : seen.ids)
      if (id >= names_.size()) return r.fail();
    if (!lists_.emplace(std::move(text), std::move(seen)).second) return r.fail();  // each list once
  }
  return true;
}

std::vector<ExerciseCounts> StatsBuilder::totals() const {
  std::vector<ExerciseCounts> c = counts_;
  for (const auto& [text, seen] : lists_)
    for (auto i : seen.ids) {
      c[i].done += seen.times[0];
      c[i].skipped += seen.times[1];
      c[i].sore += seen.times[2];
    }
  return c;
}

std::uint32_t StatsBuilder::intern(std::string_view id) {
  auto it = ids_.find(id);
  if (it != ids_.end()) return it->second;
  auto i = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(id);
  counts_.emplace_back();
  ids_.emplace(std::string(id), i);
  return i;
}

void StatsBuilder::count_list(const RawValue& list, int which) {
  if (!list || list.text.empty()) return;
  auto it = lists_.find(list.text);
  if (it == lists_.end()) {
    std::vector<std::uint32_t> idx;
    for_each_id(list, [&](std::string_view id) { idx.push_back(intern(id)); });
    if (lists_.size() >= 4096) {  // an unusual journal: stop caching, count each id now
      for (auto i : idx) {
        ExerciseCounts& c = counts_[i];
        (which == 0 ? c.done : which == 1 ? c.skipped : c.sore) += 1;
      }
      return;
    }
    it = lists_.emplace(std::string(list.text), SeenList{std::move(idx), {}}).first;
  }
  ++it->second.times[which];
}

std::vector<std::pair<std::string, ExerciseCounts>> StatsBuilder::exercises() const {
  std::vector<std::pair<std::string, ExerciseCounts>> out;
  out.reserve(names_.size());
  const std::vector<ExerciseCounts> c = totals();
  for (std::size_t i = 0; i < names_.size(); ++i) out.emplace_back(names_[i], c[i]);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// --- figures --------------------------------------------------------------

WeekStreaks week_streaks(const DayTable& days, Day start, Day today, int goal, unsigned planned, unsigned ahead) {
  WeekStreaks w;
  int run = 0;
  for (Day monday = week_start(start); monday <= today; monday += date::days{7}) {
    long sessions = 0;
    bool holiday = true;
    for (Day d = std::max(monday, start); d < monday + date::days{7} && d <= today; d += kDay) {
      const DayTotals& t = days.get(d);
      sessions += t.sessions;
      if (!(t.marks & kRest) || (t.marks & kActive)) holiday = false;
    }
    const bool this_week = monday + date::days{7} > today;
    const int target = iso_week_target(goal, planned, monday, [&](Day d) {
      return (days.get(d).marks & kRest) || (this_week && (ahead & weekday_bit(d)));
    });
    if (holiday || target == 0) continue;  // a week of rest: neither breaks nor extends the run
    if (sessions >= target) ++run;
    else if (!this_week) run = 0;
    w.longest = std::max(w.longest, run);
  }
  w.current = run;
  return w;
}

int week_sessions(const DayTable& days, Day start, Day today) {
  long n = 0;
  for (Day d = std::max(week_start(today), start); d <= today; d += kDay) n += days.get(d).sessions;
  return static_cast<int>(n);
}

HabitStrength::HabitStrength(int target) : target_(std::max(target, 1)) {
  double f = target_ / 7.0;
  m_ = std::pow(0.5, std::sqrt(f) / 13.0);
}

void HabitStrength::day(int sessions_in_week, bool rest) { day(sessions_in_week, rest, target_); }

void HabitStrength::day(int sessions_in_week, bool rest, int target) {
  if (rest) return;
  double c = std::min(1.0, static_cast<double>(sessions_in_week) / std::max(target, 1));
  s_ = s_ * m_ + c * (1 - m_);
}

double habit_strength(const DayTable& days, Day start, Day today, int target, unsigned planned) {
  HabitStrength hs(target);
  SevenDayTarget week(target, planned);  // the target of the 7 days ending on d
  long window = 0;  // sessions of the 7 days ending on d
  for (Day d = start; d <= today; d += kDay) {
    const DayTotals& t = days.get(d);
    window += t.sessions;
    if (d - date::days{7} >= start) window -= days.get(d - date::days{7}).sessions;
    week.day(d, (t.marks & kRest) != 0);
    hs.day(static_cast<int>(window), (t.marks & kRest) && !(t.marks & kActive), week.target());
  }
  return hs.value();
}

std::optional<Baseline> pain_baseline(const DayTable& days, Day start, Day today) {
  if (days.empty()) return std::nullopt;
  for (Day d = std::max(start, days.first()); d <= today && d <= days.last(); d += kDay) {
    if (!days.get(d).pain_count) continue;
    Mean mean;
    for (Day e = d; e < d + date::days{7} && e <= today; e += kDay) {
      mean.sum += days.get(e).pain_sum;
      mean.count += static_cast<int>(days.get(e).pain_count);
    }
    return Baseline{d, *mean.value(), today >= d + date::days{7}};
  }
  return std::nullopt;
}

std::vector<Milestone> milestones(const DayTable& days, Day start, Day today, unsigned planned_days) {
  std::vector<Milestone> out;
  if (days.empty() || start > today) return out;
  long total = 0;
  const long counts[] = {10, 50, 100};
  std::size_t next = 0;
  for (Day d = std::max(start, days.first()); d <= today && d <= days.last(); d += kDay) {
    long n = days.get(d).sessions;
    if (!n) continue;
    if (total == 0) out.push_back({"first-session", d, "first session"});
    total += n;
    while (next < 3 && total >= counts[next]) {
      out.push_back({"sessions-" + std::to_string(counts[next]), d, std::to_string(counts[next]) + " sessions"});
      ++next;
    }
  }
  for (int n : {7, 30})
    if (auto d = first_streak_of(days, start, today, planned_days, n))
      out.push_back({"streak-" + std::to_string(n), *d, "a " + std::to_string(n) + "-day streak"});
  if (auto base = pain_baseline(days, start, today); base && base->complete) {
    constexpr double eps = 1e-9;
    Mean window;
    for (Day d = base->from + kDay; d <= today; d += kDay) {
      window.sum += days.get(d).pain_sum;
      window.count += static_cast<int>(days.get(d).pain_count);
      if (d - date::days{7} > base->from) {
        window.sum -= days.get(d - date::days{7}).pain_sum;
        window.count -= static_cast<int>(days.get(d - date::days{7}).pain_count);
      }
      if (d < base->from + date::days{7} || window.count < 2) continue;
      if (*window.value() <= base->mean - 2 + eps) {
        out.push_back({"pain-down-2", d, "pain 2 points below the first week"});
        break;
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Milestone& a, const Milestone& b) { return a.day < b.day; });
  return out;
}

std::optional<std::string> most_counted(const std::vector<std::pair<std::string, ExerciseCounts>>& ex,
                                        long ExerciseCounts::*field) {
  const std::pair<std::string, ExerciseCounts>* best = nullptr;
  for (const auto& e : ex)
    if (e.second.*field > 0 && (!best || e.second.*field > best->second.*field)) best = &e;
  if (!best) return std::nullopt;
  return best->first;
}

// --- report ---------------------------------------------------------------

unsigned builder_needs(unsigned parts) {
  unsigned n = 0;
  if (parts & (kPartStreak | kPartWeeks | kPartWeek | kPartStrength | kPartBaseline | kPartMilestones |
               kPartDayCounts))
    n |= kNeedDays;
  if (parts & kPartTotals) n |= kNeedTotals;
  if (parts & (kPartPain | kPartBaseline)) n |= kNeedPain;
  if (parts & kPartExercises) n |= kNeedExercises;
  if (parts & kPartDue) n |= kNeedToday;
  return n;
}

bool parts_need_routine(unsigned parts) {
  return parts & (kPartStreak | kPartWeeks | kPartWeek | kPartStrength | kPartMilestones | kPartDayCounts | kPartDue |
                  kPartPlan);
}

bool parts_need_journal(unsigned parts) { return builder_needs(parts) != 0; }

Plan plan_of(const Routine& r) { return Plan{r.planned_days(), r.goals.sessions_per_week}; }

// share/backcare/routine.toml: `morning` daily, 5 sessions a week.
Plan default_routine_plan() { return Plan{kEveryDay, 5}; }

StatsReport make_report(const StatsBuilder& b, const Routine* routine, int now_seconds, unsigned parts,
                        std::optional<Plan> plan) {
  StatsReport r;
  r.parts = parts;
  r.as_of = b.today();
  r.since = b.since();
  r.start = b.start();
  if (plan) r.plan = *plan;
  else if (routine) r.plan = plan_of(*routine);
  const Day today = r.as_of;
  const DayTable& days = b.days();
  // With nothing seen, the figures stay at zero; the start is today.
  const Day start = r.start.value_or(today);
  r.week_from = week_start(today);
  if (parts & kPartStreak) r.streak = compute_streaks(days, start, today, r.plan.planned_days);
  if (parts & kPartWeeks) r.weeks = week_streaks(days, start, today, r.plan.sessions_per_week, r.plan.planned_days, b.fold().week_rest_days());
  if (parts & kPartWeek) {
    r.week_sessions = week_sessions(days, start, today);
    // The week's rest days, planned ones ahead included: the fold's, as plan's.
    r.week_target = week_target(r.plan.sessions_per_week, r.plan.planned_days, b.fold().week_rest_days());
  }
  if (parts & kPartStrength) r.strength = habit_strength(days, start, today, r.plan.sessions_per_week, r.plan.planned_days);
  if (parts & kPartTotals) {
    r.sessions = b.sessions();
    r.minutes = b.minutes();
  }
  if (parts & (kPartPain | kPartBaseline)) r.pain = b.pain();
  if (parts & kPartBaseline) {
    r.baseline = pain_baseline(days, start, today);
    if (r.baseline && r.baseline->complete && r.pain.recent.value())
      r.change = *r.pain.recent.value() - r.baseline->mean;
  }
  if (parts & kPartExercises) {
    r.exercises = b.exercises();
    r.most_skipped = most_counted(r.exercises, &ExerciseCounts::skipped);
    r.most_sore = most_counted(r.exercises, &ExerciseCounts::sore);
  }
  if (parts & kPartMilestones) r.milestones = milestones(days, start, today, r.plan.planned_days);
  if ((parts & kPartDayCounts) && r.start) {
    for (Day d = start; d <= today; d += kDay) {
      switch (day_state(days.get(d).marks, d, r.plan.planned_days)) {
        case DayState::active: ++r.day_counts.active; break;
        case DayState::neutral: ++r.day_counts.neutral; break;
        case DayState::missed: ++r.day_counts.missed; break;
      }
    }
  }
  if ((parts & kPartDue) && routine) {
    r.due = due_now(*routine, LocalTime{today, now_seconds}, b.fold().today_log());
  }
  return r;
}

}  // namespace backcare
