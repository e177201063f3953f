// A fold's state as bytes and back, for the fold cache (core/fold_cache):
// fixed-size values as they lie in memory (the cache is read back by the
// same build on the same machine: its format number and the sizes of
// these types are checked first), strings and arrays with their lengths.
// Reading never goes past the end and never trusts a length: every get
// says whether it could, and a reader that failed once stays failed.
#pragma once

#include "core/calendar.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <limits>
#include <type_traits>
#include <vector>

namespace backcare {

class ByteWriter {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  template <class T>
  void put(const std::optional<T>& v) {
    put(static_cast<std::uint8_t>(v.has_value()));
    if (v) put(*v);
  }
  template <class T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    } else {
      for (const auto& x : v) put(x);
    }
  }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && at_ == in_.size(); }
  // Marks the input as unusable (a value out of its range).
  bool fail() { return ok_ = false; }

  template <class T>
  bool get(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!ok_ || in_.size() - at_ < sizeof v) return fail();
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return true;
  }
  bool get(std::string& s) {
    std::size_t n;
    if (!length(n, 1)) return false;
    s.assign(in_.data() + at_, n);
    at_ += n;
    return true;
  }
  template <class T>
  bool get(std::optional<T>& v) {
    std::uint8_t has = 0;
    if (!get(has) || has > 1) return fail();
    v.reset();
    if (!has) return true;
    T x{};
    if (!get(x)) return false;
    v = std::move(x);
    return true;
  }
  template <class T>
  bool get(std::vector<T>& v) {
    std::size_t n;
    if (!length(n, std::is_trivially_copyable_v<T> ? sizeof(T) : 1)) return false;
    v.clear();
    if constexpr (std::is_trivially_copyable_v<T>) {
      v.resize(n);
      if (n) std::memcpy(v.data(), in_.data() + at_, n * sizeof(T));
      at_ += n * sizeof(T);
    } else {
      v.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        T x{};
        if (!get(x)) return false;
        v.push_back(std::move(x));
      }
    }
    return true;
  }

  // A count of things at least `each` bytes long apiece: no more than
  // the input still holds.
  bool length(std::size_t& n, std::size_t each) {
    std::uint64_t raw;
    if (!get(raw)) return false;
    if (raw > (in_.size() - at_) / (each ? each : 1)) return fail();
    n = static_cast<std::size_t>(raw);
    return true;
  }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

// Values that a fold goes on computing with, read back only within the
// range a journal can give, so that no sum or difference of them can
// overflow, whatever the bytes say.

// A day of the years 0 to 9999 (what YYYY-MM-DD can name).
inline bool plausible_day(Day d) {
  const int n = d.time_since_epoch().count();
  return n >= -719528 && n <= 2932896;  // 0000-01-01 and 9999-12-31
}
inline bool get_day(ByteReader& r, Day& d) { return r.get(d) && (plausible_day(d) || r.fail()); }
inline bool get_day(ByteReader& r, std::optional<Day>& d) {
  return r.get(d) && (!d || plausible_day(*d) || r.fail());
}

// A count of lines or readings: from 0 to 2^40 (2^24 for an int).
template <class T>
bool get_count(ByteReader& r, T& v) {
  static_assert(std::is_integral_v<T>);
  constexpr T most = sizeof(T) >= 8 ? static_cast<T>(std::int64_t{1} << 40) : static_cast<T>(1 << 24);
  return r.get(v) && ((v >= 0 && v <= most) || r.fail());
}

}  // namespace backcare
