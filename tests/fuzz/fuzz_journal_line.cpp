// libFuzzer target: the journal line parser (core/journal).
//
// The input is split at '\n' as the reader splits a journal, and each line
// goes through parse_record. Besides "no crash, no undefined behaviour":
//  - an error has a reason, one short line of UTF-8 without control
//    characters, not even tabs (it is printed after "FILE:LINE: " on a
//    terminal);
//  - the parser's two paths agree (parse_paths::masked, from the masks
//    scan_line makes, and parse_paths::general): the same status, the same
//    error, the same fields; the head agrees with and without masks, and
//    with the whole line where it parses; the hash from a scan's masks is
//    line_hash's own;
//  - a line of a known kind that the parser accepts is a valid entry
//    (validate_entry agrees with the parser), and format_entry writes it
//    as a line that parses again to an equal Entry, and formats the same.
// Each line is copied to a buffer of exactly its size, so that ASan sees
// any read past its end (the parser scans 16 bytes at a time).
#include "core/dedup.hpp"
#include "core/journal.hpp"
#include "core/journal_head.hpp"
#include "core/scan.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>

using namespace backcare;

namespace {

[[noreturn]] void fail(const char* what, std::string_view line, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz_journal_line: %s\n  line:   [%.*s]\n  detail: [%.*s]\n", what,
               static_cast<int>(line.size()), line.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool printable_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++p;
      continue;
    }
    int len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || end - p < len) return false;
    for (int k = 1; k < len; ++k)
      if ((p[k] & 0xc0) != 0x80) return false;
    p += len;
  }
  return true;
}

bool same_fields(const Record& a, const Record& b) {
  auto raw = [](const RawValue& v) { return std::make_tuple(v.text.data(), v.text.size(), v.quoted, v.present); };
  return a.date == b.date && a.time == b.time && a.kind == b.kind && a.kind_text.data() == b.kind_text.data() &&
         a.kind_text.size() == b.kind_text.size() && raw(a.subject) == raw(b.subject) && a.pain == b.pain &&
         a.effort == b.effort && a.sets == b.sets && a.reps == b.reps && a.hold == b.hold && a.minutes == b.minutes &&
         a.status == b.status && a.when == b.when && raw(a.done) == raw(b.done) && raw(a.skipped) == raw(b.skipped) &&
         raw(a.sore) == raw(b.sore) && raw(a.flags) == raw(b.flags) && raw(a.note) == raw(b.note) &&
         raw(a.where) == raw(b.where) && a.unknown_key.data() == b.unknown_key.data() &&
         a.unknown_key.size() == b.unknown_key.size() && a.score == b.score && a.resumes == b.resumes;
}

// The paths that must agree, over one line in a buffer of its own size.
void check_paths(std::string_view line) {
  Record g;
  std::string ge;
  const ParseStatus gs = parse_paths::general(line, g, ge);
  using Scan = const char* (*)(const char*, const char*, LineMasks&, bool&);
  Scan scans[3] = {&scan_paths::scalar_scan_line, &scan_paths::simd_scan_line, &scan_line};
  for (Scan scan : scans) {
    LineMasks m;
    bool masked = false;
    if (scan(line.data(), line.data() + line.size(), m, masked) != nullptr) fail("a newline in a line", line);
    if (masked != (line.size() <= kMaskedLine)) fail("scan_line masked the wrong lines", line);
    if (!masked) continue;
    Record k;
    std::string ke;
    const ParseStatus ks = parse_paths::masked(line, m, k, ke);
    if (ks != gs) fail("the masked and the general parser disagree on the status", line, ge + " | " + ke);
    if (gs == ParseStatus::error && ke != ge) fail("the masked and the general parser word the error apart", line, ge + " | " + ke);
    if (gs == ParseStatus::entry && !same_fields(k, g)) fail("the masked and the general parser read other fields", line);
    if (line_hash(line, m) != line_hash(line)) fail("the hash from the masks is not line_hash's", line);
    Record h1, h2;
    std::string e1, e2;
    const ParseStatus hs1 = parse_head(line, h1, e1), hs2 = parse_head(line, m, h2, e2);
    if (hs1 != hs2 || (hs1 == ParseStatus::error && e1 != e2) || (hs1 == ParseStatus::entry && !same_fields(h1, h2)))
      fail("parse_head disagrees with itself given the masks", line);
    if (gs == ParseStatus::entry &&
        (hs1 != ParseStatus::entry || h1.date != g.date || h1.time != g.time || h1.kind != g.kind ||
         (g.kind == Kind::session && h1.subject.text != g.subject.text)))
      fail("parse_head reads the front of a line otherwise than parse_record", line);
  }
  LineMasks m;
  if (line_end(line.data(), line.data() + line.size(), m) != nullptr) fail("line_end found a newline in a line", line);
}

void check_line(std::string_view line) {
  check_paths(line);
  Record r;
  std::string error;
  ParseStatus st = parse_record(line, r, error);
  (void)line_hash(line);
  if (st == ParseStatus::error) {
    if (error.empty()) fail("an error without a reason", line);
    if (!printable_utf8(error)) fail("an error message that is not printable UTF-8", line, error);
    // The line's text is quoted in excerpts: a warning stays short.
    if (error.size() > 300) fail("an error message longer than 300 bytes", line, error);
    return;
  }
  if (st == ParseStatus::blank || r.kind == Kind::unknown) return;

  Entry e = to_entry(r);
  if (std::string why = validate_entry(e); !why.empty()) fail("the parser accepts what validate_entry refuses", line, why);
  std::string out = format_entry(e);
  Record r2;
  std::string error2;
  if (parse_record(out, r2, error2) != ParseStatus::entry) fail("format_entry wrote a line that does not parse", line, out + " -- " + error2);
  Entry e2 = to_entry(r2);
  if (!(e2 == e)) fail("the formatted line parses to another entry", line, out);
  if (format_entry(e2) != out) fail("formatting is not stable", line, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (;;) {
    auto nl = input.find('\n');
    // Each line in a buffer of its own, exactly its size: the parser scans
    // 16 bytes at a time, and ASan then sees a read past the end of any
    // line, not only of the input's last one.
    std::string_view line = input.substr(0, nl);
    std::unique_ptr<char[]> own(new char[line.size()]);
    if (!line.empty()) std::memcpy(own.get(), line.data(), line.size());
    check_line(std::string_view(own.get(), line.size()));
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
