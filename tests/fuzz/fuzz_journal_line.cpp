// libFuzzer target: the journal line parser (core/journal).
//
// The input is split at '\n' as the reader splits a journal, and each line
// goes through parse_record. Besides "no crash, no undefined behaviour":
//  - an error has a reason, one short line of UTF-8 without control
//    characters, not even tabs (it is printed after "FILE:LINE: " on a
//    terminal);
//  - a line of a known kind that the parser accepts is a valid entry
//    (validate_entry agrees with the parser), and format_entry writes it
//    as a line that parses again to an equal Entry, and formats the same.
// Each line is copied to a buffer of exactly its size, so that ASan sees
// any read past its end (the parser scans 16 bytes at a time).
#include "core/dedup.hpp"
#include "core/journal.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

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

void check_line(std::string_view line) {
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
