// The fold cache (core/fold_cache, the folds' save/load): a fold saved
// after some lines, loaded and merged with a fold of the lines after them
// is the fold of all the lines; an entry's bytes come back whole or not at
// all; the journal's hash does not depend on how its bytes are cut.
#include "core/bytes.hpp"
#include "core/fold_cache.hpp"
#include "core/outcomes.hpp"
#include "core/redflags.hpp"
#include "core/stats.hpp"
#include "records.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

using namespace backcare;

namespace {

Day D(const char* s) { return *parse_date(s); }

// A varied journal: sessions (complete, partial, with lists), pain
// readings, rest days, symptoms, checks, seen, function scores; some days
// with several lines, dates forward.
std::vector<std::string> journal_lines(unsigned seed, int days) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<std::string> out;
  Day d = D("2026-06-01");
  const char* lists[] = {"cat-cow,neck-tilts", "wall-slides", "cat-cow,childs-pose,seated-twist"};
  for (int i = 0; i < days; ++i, d += date::days{1}) {
    const std::string day = format_date(d);
    for (int n = pick(4); n > 0; --n) {
      std::string t = std::to_string(10 + pick(12)) + ":" + std::to_string(10 + pick(50));
      switch (pick(9)) {
        case 0: case 1: case 2:
          out.push_back(day + " " + t + " session morning minutes=" + std::to_string(5 + pick(20)) +
                        " done=" + lists[pick(3)] + (pick(2) ? " skipped=wall-slides" : "") +
                        " pain=" + std::to_string(pick(11)) + (pick(4) ? " status=complete" : " status=partial"));
          break;
        case 3: out.push_back(day + " " + t + " pain " + std::to_string(pick(11))); break;
        case 4: out.push_back(day + " rest"); break;
        case 5: out.push_back(day + " " + t + " symptom saddle-numbness"); break;
        case 6: out.push_back(day + " " + t + " check flags=" + (pick(2) ? "none" : "chest-pain")); break;
        case 7: out.push_back(day + " " + t + " function reaching score=" + std::to_string(pick(11))); break;
        default: out.push_back(day + " " + t + " exercise cat-cow pain=" + std::to_string(pick(11))); break;
      }
    }
  }
  out.push_back(format_date(d - date::days{1}) + " 23:59 symptom saddle-numbness");
  return out;
}

struct Folds {
  StatsBuilder stats;
  RedFlags flags;
  FunctionTracker function;
  Folds(Day today) : stats(today, std::nullopt), flags(today), function(std::nullopt, today) {}
  void add(const Record& r, long order) {
    stats.add(r, order);
    flags.add(r, order);
    function.add(r, order);
  }
  std::string save() const {
    ByteWriter w;
    stats.save(w), flags.save(w), function.save(w);
    return w.take();
  }
  bool load(std::string_view bytes) {
    ByteReader r(bytes);
    return stats.load(r) && flags.load(r) && function.load(r) && r.done();
  }
  void merge(const Folds& later) {
    stats.merge(later.stats);
    flags.merge(later.flags);
    function.merge(later.function);
  }
};

// What the folds give, as text to compare.
std::string figures(const Folds& f) {
  StatsReport r = make_report(f.stats, nullptr, 12 * 3600, kPartAll & ~kPartDue);
  std::string s = fmt::format("{} {} {} {} {} {}|", r.sessions, r.minutes, r.streak.current, r.streak.longest,
                              r.week_sessions, r.strength);
  s += fmt::format("{} {} {} {}|", r.pain.last.value_or(-1), r.pain.recent.count, r.pain.recent.sum,
                   r.pain.previous.count);
  for (const auto& [id, c] : r.exercises) s += fmt::format("{}:{}/{}/{} ", id, c.done, c.skipped, c.sore);
  for (const auto& m : r.milestones) s += m.id + "@" + format_date(m.day) + " ";
  s += fmt::format("|{} {} {}|", r.day_counts.active, r.day_counts.neutral, r.day_counts.missed);
  for (const auto& flag : f.flags.flags()) {
    s += flag.id + ":" + flag.message;
    for (const auto& e : flag.evidence) s += "/" + e;
  }
  s += "|";
  for (const auto& a : f.function.activities())
    s += fmt::format("{} {} {} {};", a.id, a.first.value, a.last.value, a.count);
  const DayTable& t = f.stats.days();
  if (!t.empty())
    for (Day d = t.first(); d <= t.last(); d += date::days{1}) {
      const DayTotals& x = t.get(d);
      s += fmt::format("{}{}{}{}{},", x.sessions, x.pain_count, x.pain_sum, x.marks, x.minutes);
    }
  return s;
}

}  // namespace

TEST_CASE("a fold saved, loaded and merged with the lines after it is the fold of them all", "[fold_cache]") {
  const Day today = D("2026-09-20");
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const auto lines = journal_lines(seed, 110);
    const auto recs = records(lines);
    Folds whole(today);
    for (std::size_t i = 0; i < recs.size(); ++i) whole.add(recs[i], static_cast<long>(i + 1));
    const std::string want = figures(whole);
    REQUIRE(!whole.flags.flags().empty());  // the journal holds what the flags read
    for (std::size_t cut : {std::size_t{0}, recs.size() / 3, recs.size() / 2, recs.size() - 1, recs.size()}) {
      INFO("seed " << seed << ", cut after " << cut << " of " << recs.size());
      Folds before(today);
      for (std::size_t i = 0; i < cut; ++i) before.add(recs[i], static_cast<long>(i + 1));
      const std::string bytes = before.save();
      Folds cached(today), after(today);
      REQUIRE(cached.load(bytes));
      for (std::size_t i = cut; i < recs.size(); ++i) after.add(recs[i], static_cast<long>(i + 1));
      cached.merge(after);
      CHECK(figures(cached) == want);
    }
  }
}

TEST_CASE("a fold's bytes load only into a fold made as the saved one was, and only whole", "[fold_cache]") {
  const Day today = D("2026-09-20");
  const auto recs = records(journal_lines(7, 60));
  Folds f(today);
  for (std::size_t i = 0; i < recs.size(); ++i) f.add(recs[i], static_cast<long>(i + 1));
  const std::string bytes = f.save();
  Folds other_day(today + date::days{1});
  CHECK_FALSE(other_day.load(bytes));
  StatsBuilder fewer(today, std::nullopt, kNeedDays);
  ByteReader r(bytes);
  CHECK_FALSE(fewer.load(r));
  StatsBuilder since(today, D("2026-07-01"));
  ByteReader r2(bytes);
  CHECK_FALSE(since.load(r2));
  // Cut anywhere: refused, never a crash (ASan and UBSan run this).
  for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 64) {
    Folds g(today);
    CHECK_FALSE(g.load(std::string_view(bytes).substr(0, n)));
  }
}

TEST_CASE("the journal's hash is the same however its bytes are cut, and sees a changed byte", "[fold_cache]") {
  std::mt19937 rng(11);
  std::string text(100000, '\0');
  for (auto& c : text) c = static_cast<char>(32 + rng() % 95);
  StreamHash whole;
  whole.feed(text);
  CHECK(whole.length() == text.size());
  for (int trial = 0; trial < 50; ++trial) {
    StreamHash h;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t n = std::min<std::size_t>(text.size() - at, rng() % 97);
      h.feed(std::string_view(text).substr(at, n));
      at += n;
    }
    CHECK(h.digest() == whole.digest());
  }
  for (std::size_t i : {std::size_t{0}, std::size_t{31}, std::size_t{32}, std::size_t{5000}, text.size() - 1}) {
    std::string changed = text;
    changed[i] ^= 1;
    StreamHash h;
    h.feed(changed);
    CHECK(h.digest() != whole.digest());
  }
  StreamHash shorter;
  shorter.feed(std::string_view(text).substr(0, text.size() - 1));
  CHECK(shorter.digest() != whole.digest());
}

TEST_CASE("an entry's bytes come back whole, and any damage is refused", "[fold_cache]") {
  FoldEntry e;
  e.key = "stats/1f|today=2026-09-20";
  e.stamp = {1, 2, 40, 3, 4, 5, 6};
  e.settled = true;
  e.hash.feed(std::string(40, 'x'));
  e.reader = "reader state";
  e.folds = std::string(300, 'f');
  const std::string bytes = encode_fold_entry(e);
  auto back = decode_fold_entry(bytes);
  REQUIRE(back);
  CHECK(back->key == e.key);
  CHECK(back->stamp == e.stamp);
  CHECK(back->settled);
  CHECK(back->hash.digest() == e.hash.digest());
  CHECK(back->reader == e.reader);
  CHECK(back->folds == e.folds);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] ^= 0x20;
    CHECK_FALSE(decode_fold_entry(bad));
  }
  for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode_fold_entry(std::string_view(bytes).substr(0, n)));
  // The hash must be of the stamp's bytes.
  FoldEntry odd = e;
  odd.stamp.size = 41;
  CHECK_FALSE(decode_fold_entry(encode_fold_entry(odd)));
}
