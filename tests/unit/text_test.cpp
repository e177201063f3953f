#include "core/text.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace backcare;

using Lines = std::vector<std::string>;

TEST_CASE("wrapping breaks at spaces within the width, with an indent after the first line", "[text]") {
  CHECK(wrap_text("one two three four", 9) == Lines{"one two", "three", "four"});
  CHECK(wrap_text("one two three four", 9, "  ") == Lines{"one two", "  three", "  four"});
  CHECK(wrap_text("  spaced   out  ", 80) == Lines{"spaced out"});
  CHECK(wrap_text("", 80) == Lines{""});
  CHECK(wrap_text("exactly9c", 9) == Lines{"exactly9c"});
  // Code points count one column each; escape codes none.
  CHECK(wrap_text("été été été", 7) == Lines{"été été", "été"});
  CHECK(wrap_text("\x1b[1mbold\x1b[0m word", 9) == Lines{"\x1b[1mbold\x1b[0m word"});
}

TEST_CASE("a word longer than the line is cut, never inside a UTF-8 sequence or an escape code", "[text]") {
  CHECK(wrap_text("abcdefghij", 4) == Lines{"abcd", "efgh", "ij"});
  CHECK(wrap_text("hi abcdefghij", 4, " ") == Lines{"hi", " abc", " def", " ghi", " j"});
  CHECK(wrap_text("ééééé", 2) == Lines{"éé", "éé", "é"});
  CHECK(wrap_text("ab\x1b[31mcd\x1b[0mef", 2) == Lines{"ab\x1b[31m", "cd\x1b[0m", "ef"});
  // An indent that leaves no room: the word stays whole rather than loop.
  CHECK(wrap_text("a abcdef", 3, "  ") == Lines{"a", "  abcdef"});
}

TEST_CASE("line breaks in the text are kept, each new line indented", "[text]") {
  CHECK(wrap_text("one\ntwo three", 80, "  ") == Lines{"one", "  two three"});
  CHECK(wrap_text("one\n\ntwo", 80) == Lines{"one", "", "two"});
  CHECK(wrap_text("one\n", 80) == Lines{"one"});
}

TEST_CASE("[regression] wrapping is linear: a 10 MB word is cut whole and in order", "[text]") {
  // Found by hand: a long word was cut by copying the rest of the line at
  // each cut, quadratic: a 1.3 MB step took 11 s in start --dry-run, 10 MB
  // over 2 minutes. The check is the output; the time limit is generous,
  // only there so that a return to quadratic time fails rather than hangs
  // (10 MB quadratic: minutes; linear: well under a second).
  std::string word;
  for (int i = 0; i < 10'000'000; ++i) word += static_cast<char>('a' + i % 26);
  auto t0 = std::chrono::steady_clock::now();
  auto lines = wrap_text("start " + word, 80, "    ");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(lines.size() == 1 + (word.size() + 75) / 76);  // 76 columns after the indent
  CHECK(lines.front() == "start");
  CHECK(lines.back().size() <= 80);
  std::string joined;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    REQUIRE(lines[i].size() <= 80);
    REQUIRE(lines[i].compare(0, 4, "    ") == 0);
    joined += lines[i].substr(4);
    if (i + 1 < lines.size()) REQUIRE(lines[i].size() == 80);
  }
  CHECK(joined == word);
  CHECK(seconds < 10);
}
