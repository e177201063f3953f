#include "core/suggest.hpp"

#include <catch2/catch.hpp>

using namespace backcare;

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[suggest]") {
  CHECK(edit_distance("stats", "stats") == 0);
  CHECK(edit_distance("stast", "stats") == 1);
  CHECK(edit_distance("lgo", "log") == 1);
  CHECK(edit_distance("pian", "pain") == 1);
  CHECK(edit_distance("sesion", "session") == 1);
  CHECK(edit_distance("journa", "journal") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ca", "abc") == 3);  // OSA: no edit of a transposed pair
}

TEST_CASE("the nearest name within two edits, not for short or exact words", "[suggest]") {
  std::vector<std::string_view> cmds = {"init", "edit", "start", "log", "plan", "stats", "check"};
  CHECK(nearest_name("stast", cmds) == "stats");  // before start: 1 edit against 2
  CHECK(nearest_name("lgo", cmds) == "log");
  CHECK(nearest_name("chek", cmds) == "check");
  CHECK(nearest_name("planx", cmds) == "plan");
  CHECK_FALSE(nearest_name("stats", cmds));  // not a typo
  CHECK_FALSE(nearest_name("report", cmds));
  CHECK_FALSE(nearest_name("x", cmds));   // one letter is near anything short
  CHECK_FALSE(nearest_name("zz", cmds));
  CHECK_FALSE(nearest_name("", cmds));
  CHECK(nearest_name("--jsn", {"--json", "--tsv"}) == "--json");
  CHECK_FALSE(nearest_name("edti", cmds, 0));
}
