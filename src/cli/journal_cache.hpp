// The fold cache's files (core/fold_cache): one a journal and kind of
// fold, in $XDG_CACHE_HOME/backcare (else ~/.cache/backcare; folder 0700,
// files 0600). Nothing here ever fails a command: a cache that cannot be
// read is not there, one that cannot be written is not written.
// BACKCARE_CACHE=off keeps backcare from reading or writing any.
#pragma once

#include "core/fold_cache.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>

namespace backcare::cli {

// Journals smaller than this are read whole: quicker than a cache.
inline constexpr long kFoldCacheMin = 64 * 1024;

// The file of a journal (its device and inode) and a kind of fold (slot:
// the command and what it keeps, not the day), or nullopt when there is
// no cache (BACKCARE_CACHE=off, no HOME).
std::optional<std::string> fold_cache_file(const struct stat& journal, std::string_view slot);

// The entry in the file, if it is whole, ours and of this format.
std::optional<FoldEntry> load_fold_entry(const std::string& file);

// Writes the entry in place of the file's (a new file renamed over it).
void store_fold_entry(const std::string& file, const FoldEntry& e);

// The journal's stamp from its stat, `size` bytes of it read.
JournalStamp journal_stamp(const struct stat& st, long size);
// Whether a stamp taken now of a journal last changed at st's change time
// may be trusted (see FoldEntry::settled): that change is over 2 s old.
bool stamp_settled(const struct stat& st);

// Feeds bytes [from, to) of fd to h; false when they cannot all be read.
bool hash_file_range(int fd, long from, long to, StreamHash& h);

}  // namespace backcare::cli
