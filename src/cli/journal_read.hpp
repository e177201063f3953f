// Reading the journal on disk, line by line (SPEC §3: tolerant, duplicates once).
#pragma once

#include "core/journal.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare::cli {

struct ScanOptions {
  // Entries dated after this day are skipped with one warning, except rest
  // days (plans). nullopt keeps everything.
  std::optional<Day> today;
  // `today` is a day asked for (stats --until), not the clock's: the
  // warning about later entries says so instead of doubting the clock.
  bool today_asked = false;
  // Read only the front of each line (parse_head): date, time, kind and a
  // session's routine; for readers that need no more.
  bool head_only = false;
  // Lines of the frequent kinds (session, exercise, pain) dated before this
  // day are read by their heads alone, the rest in full (head_suffices in
  // core/redflags.hpp: for a reader of the open flags alone). The sink
  // tells them apart with head_suffices(record, day); they are not filtered
  // for repeats (a repeat of one is handed on again).
  std::optional<Day> head_before = std::nullopt;
  // Asked once the pass is over: false drops its warnings (the reader is
  // about to read the journal again, in full, and warn then).
  std::function<bool()> keep_warnings = nullptr;
  // Repeated lines cannot change what the reader computes (which days
  // are active, what was done today): no filter of repeats at all.
  bool repeats_harmless = false;
};

// Calls f for each distinct entry of the journal, in file order, with its
// line number. A missing journal is an empty one. Lines that cannot be read
// are reported on stderr as "backcare: FILE:LINE: reason" and skipped;
// identical lines count once. Throws Failure when the file cannot be read.
void scan_journal(const std::string& path, const ScanOptions& opts,
                  const std::function<void(const Record&, long line)>& f);

// A fold a command may keep between runs (core/fold_cache): the state of
// its part 0 as bytes, and back.
struct CachedFolds {
  // The kind of fold (the command and what it keeps, not the day): one
  // cache file for each journal and slot.
  std::string slot;
  // Everything the folds depend on besides the journal's bytes and the
  // reader's options (today, --since, what is kept).
  std::string key;
  std::function<std::string()> save;
  // Into a fresh part 0; false when the bytes are not a fold of this kind
  // (then restart() is called).
  std::function<bool(std::string_view)> load;
};

// The same, read on up to `parts` threads for a large journal, each taking
// a stretch of lines: sink(part, record, line) is called for each part's
// records, parts running at once; `line` orders the records (a later
// part's after an earlier one's) but is not their line number. Identical lines still count once
// (the first in the file is the one read), and the warnings are printed in
// file order at the end. A journal whose dates go backwards is read again
// on this thread alone: restart() is called first, and the sinks must
// forget what they were given. At the end, merge(used) takes parts 1 to
// used - 1 into part 0, where everything is then.
//
// With a cache (and a journal of kFoldCacheMin bytes or more), part 0 may
// come from the last run's fold (load), and only the lines appended since
// are read, as part 1; the fold of the whole journal is then kept (save)
// for the next run. It is used only while the journal still starts with
// the bytes it was made from, and gives what reading them would.
void scan_journal_parts(const std::string& path, const ScanOptions& opts, int parts,
                        const std::function<void(int part, const Record&, long line)>& sink,
                        const std::function<void()>& restart, const std::function<void(int used)>& merge,
                        const CachedFolds* cache = nullptr);

}  // namespace backcare::cli
