#include "core/fold_cache.hpp"

#include "core/bytes.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace backcare {

namespace {

constexpr std::uint64_t kMul1 = 0x9e3779b97f4a7c15ull;  // odd, from the golden ratio
constexpr std::uint64_t kMul2 = 0xd6e8feb86659fd93ull;  // odd

inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

inline std::uint64_t load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// Not line_hashing::step (core/scan): that one adds each word to a lane
// rotated by a fixed count, so over a long stream blocks 64 steps apart
// could trade places unseen; here the lane itself is multiplied each step.
inline std::uint64_t round(std::uint64_t lane, std::uint64_t word) { return rotl(lane + word * kMul2, 31) * kMul1; }

inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= kMul2;
  x ^= x >> 29;
  x *= kMul1;
  x ^= x >> 32;
  return x;
}

// "backcare fold cache", a format number (raised whenever a fold's bytes
// change), and the sizes the bytes were written with.
constexpr char kMagic[] = "backcare fold cache\n";
constexpr std::uint32_t kFormat = 1;
constexpr std::uint32_t kSizes = sizeof(long) | sizeof(double) << 8 | sizeof(int) << 16 | sizeof(std::size_t) << 24;

}  // namespace

void StreamHash::block(const unsigned char* p) {
  for (int i = 0; i < 4; ++i) lanes_[i] = round(lanes_[i], load64(p + 8 * i));
}

void StreamHash::feed(std::string_view bytes) {
  auto p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::size_t have = length_ % 32;
  length_ += n;
  if (have) {
    std::size_t take = std::min(n, 32 - have);
    std::memcpy(pending_.data() + have, p, take);
    p += take, n -= take;
    if (have + take < 32) return;
    block(pending_.data());
  }
  for (; n >= 32; p += 32, n -= 32) block(p);
  if (n) std::memcpy(pending_.data(), p, n);
}

std::uint64_t StreamHash::digest() const {
  std::uint64_t h = rotl(lanes_[0], 1) + rotl(lanes_[1], 7) + rotl(lanes_[2], 12) + rotl(lanes_[3], 18);
  for (auto l : lanes_) h = (h ^ mix(l)) * kMul1 + kMul2;
  const std::size_t rest = length_ % 32;
  for (std::size_t i = 0; i < rest; ++i) h = rotl(h ^ (pending_[i] * kMul2), 11) * kMul1;
  return mix(h ^ length_);
}

struct FoldEntryCodec {
  static void put(ByteWriter& w, const StreamHash& h) {
    for (auto l : h.lanes_) w.put(l);
    w.put(h.length_);
    w.put(h.pending_);
  }
  static bool get(ByteReader& r, StreamHash& h) {
    for (auto& l : h.lanes_)
      if (!r.get(l)) return false;
    return r.get(h.length_) && r.get(h.pending_);
  }
};

std::string encode_fold_entry(const FoldEntry& e) {
  ByteWriter w;
  w.put(std::string_view(kMagic));
  w.put(kFormat), w.put(kSizes);
  w.put(e.key);
  const JournalStamp& s = e.stamp;
  w.put(s.dev), w.put(s.ino), w.put(s.size), w.put(s.mtime_s), w.put(s.mtime_ns), w.put(s.ctime_s), w.put(s.ctime_ns);
  w.put(static_cast<std::uint8_t>(e.settled));
  FoldEntryCodec::put(w, e.hash);
  w.put(e.reader);
  w.put(e.folds);
  StreamHash check;
  check.feed(w.bytes());
  w.put(check.digest());
  return w.take();
}

std::optional<FoldEntry> decode_fold_entry(std::string_view bytes) {
  if (bytes.size() < 8) return std::nullopt;
  StreamHash check;
  check.feed(bytes.substr(0, bytes.size() - 8));
  std::uint64_t sum;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (sum != check.digest()) return std::nullopt;
  ByteReader r(bytes.substr(0, bytes.size() - 8));
  std::string magic;
  std::uint32_t format = 0, sizes = 0;
  if (!(r.get(magic) && magic == kMagic && r.get(format) && format == kFormat && r.get(sizes) && sizes == kSizes))
    return std::nullopt;
  FoldEntry e;
  JournalStamp& s = e.stamp;
  std::uint8_t settled = 2;
  if (!(r.get(e.key) && r.get(s.dev) && r.get(s.ino) && r.get(s.size) && r.get(s.mtime_s) && r.get(s.mtime_ns) &&
        r.get(s.ctime_s) && r.get(s.ctime_ns) && r.get(settled) && settled <= 1 && FoldEntryCodec::get(r, e.hash) &&
        r.get(e.reader) && r.get(e.folds) && r.done()))
    return std::nullopt;
  e.settled = settled;
  if (s.size < 0 || e.hash.length() != static_cast<std::uint64_t>(s.size)) return std::nullopt;
  return e;
}

}  // namespace backcare
