// libFuzzer target: the fold cache's bytes (core/fold_cache, the folds'
// load). A cache file is the user's own and hashed whole, so these bytes
// are seldom anything but what backcare wrote; still, a damaged or
// hand-made one must never crash or read out of bounds. Besides "no
// crash, no undefined behaviour":
//  - decode_fold_entry takes only whole entries: one it takes encodes
//    back to the same bytes;
//  - a fold that loads from bytes (the entry's folds, else the input
//    itself) saves bytes of the same length (the same values; a map's
//    order may differ), which load again:
//    stats' folds (StatsBuilder, then RedFlags, then FunctionTracker, as
//    `stats --json` keeps them) and plan --due's (DayFold, RedFlags).
// Seeds (corpus/fold_cache/) are entries written by backcare.
#include "core/bytes.hpp"
#include "core/days.hpp"
#include "core/fold_cache.hpp"
#include "core/outcomes.hpp"
#include "core/redflags.hpp"
#include "core/stats.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace backcare;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_fold_cache: %s\n", what);
  std::abort();
}

// What a saved fold starts with, to make one its bytes may load into
// ("today" comes from the clock: a day of the calendar).
struct Head {
  unsigned needs = 0;
  Day today{};
  std::optional<Day> since;
};

std::optional<Head> stats_head(std::string_view b) {
  ByteReader r(b);
  Head h;
  if (r.get(h.needs) && r.get(h.today) && r.get(h.since) && plausible_day(h.today)) return h;
  return std::nullopt;
}

std::optional<Head> fold_head(std::string_view b) {
  ByteReader r(b);
  Head h;
  if (r.get(h.today) && r.get(h.since) && r.get(h.needs) && plausible_day(h.today)) return h;
  return std::nullopt;
}

// Loads what it can from b, in the order given; folds that all load save
// as many bytes as they read, and those load again.
template <class... Folds>
void round_trip(std::string_view b, Folds&... folds) {
  ByteReader r(b);
  ByteWriter w;
  auto one = [&](auto& f) {
    if (!r.ok()) return false;
    if (!f.load(r)) return false;
    f.save(w);
    return true;
  };
  if (!(one(folds) && ...)) return;
  if (!r.done()) return;
  if (w.bytes().size() != b.size()) fail("a loaded fold saves more or fewer bytes than it loaded");
  ByteReader again(w.bytes());
  if (!(folds.load(again) && ...) || !again.done()) fail("a fold's own bytes do not load");
}

void folds(std::string_view b) {
  if (auto h = stats_head(b)) {
    StatsBuilder stats(h->today, h->since, h->needs);
    RedFlags flags(h->today);
    FunctionTracker function(h->since, h->today);
    round_trip(b, stats, flags, function);
    StatsBuilder with_flags(h->today, h->since, h->needs);  // stats as text: no scores
    RedFlags its_flags(h->today);
    round_trip(b, with_flags, its_flags);
    StatsBuilder alone(h->today, h->since, h->needs);  // a --format without {flag}
    round_trip(b, alone);
  }
  if (auto h = fold_head(b)) {
    DayFold digest(h->today, h->since, h->needs);
    RedFlags flags(h->today);
    round_trip(b, digest, flags);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto e = decode_fold_entry(in)) {
    if (encode_fold_entry(*e) != in) fail("a decoded entry encodes to other bytes");
    folds(e->folds);
  } else {
    folds(in);
  }
  return 0;
}
