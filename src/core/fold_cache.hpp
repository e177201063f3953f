// The fold cache: a command's fold of the journal kept between runs, so
// that a run reads only the lines appended since (issue 13). Invisible:
// it is used only while the journal's first bytes are still the ones it
// was made from (the same file, at least as long, the same hash of those
// bytes), it gives what a reading of the whole journal gives, and
// deleting it costs one slower run. Pure: the bytes of an entry, and the
// hash of a journal's bytes; the shell (cli/journal_cache) keeps the
// files, and the reader (cli/journal_read) decides when to use them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace backcare {

// A hash of a stream of bytes, fed in pieces of any size (the same bytes
// give the same hash however they are cut), whose state can be kept and
// fed on later. Not cryptographic: it tells a changed journal from the
// one the cache was made from, 64 bits for the chance of a change passing
// unseen; four lanes of 8-byte words, a few GB/s without SIMD.
class StreamHash {
 public:
  void feed(std::string_view bytes);
  std::uint64_t digest() const;
  std::uint64_t length() const { return length_; }

 private:
  friend struct FoldEntryCodec;
  void block(const unsigned char* p);
  std::array<std::uint64_t, 4> lanes_{0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull,
                                      0x082efa98ec4e6c89ull};
  std::uint64_t length_ = 0;
  std::array<unsigned char, 32> pending_{};  // the first length_ % 32 bytes are the fed ones
};

// What the cache knows of the journal file it was made from.
struct JournalStamp {
  std::uint64_t dev = 0, ino = 0;
  std::int64_t size = 0;  // the bytes the fold has read: whole lines, the file's first `size` bytes
  std::int64_t mtime_s = 0, mtime_ns = 0, ctime_s = 0, ctime_ns = 0;
  friend bool operator==(const JournalStamp&, const JournalStamp&) = default;
};

struct FoldEntry {
  std::string key;  // what the fold depends on besides the journal (command, options, today)
  JournalStamp stamp;
  // The stamp was taken long enough after the journal last changed that a
  // file with the same stamp has the same bytes (any write since would
  // have moved its change time): then the bytes need not be hashed again.
  bool settled = false;
  StreamHash hash;      // of the journal's first stamp.size bytes
  std::string reader;   // the reader's state after them (cli/journal_read)
  std::string folds;    // the command's folds after them
};

// The entry as bytes (a format number first, a hash of it all last), and
// back: nullopt for bytes that are not a whole entry of this format.
std::string encode_fold_entry(const FoldEntry& e);
std::optional<FoldEntry> decode_fold_entry(std::string_view bytes);

}  // namespace backcare
