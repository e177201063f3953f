#include "core/dedup.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace backcare;

TEST_CASE("lines equal after trimming and collapsing blanks hash alike", "[dedup]") {
  auto h = line_hash("2026-11-28 pain 3 where=neck");
  CHECK(line_hash("  2026-11-28\tpain   3 where=neck  ") == h);
  CHECK(line_hash("2026-11-28 pain 3 where=neck\r") == h);
  CHECK(line_hash("2026-11-28 pain 4 where=neck") != h);
  CHECK(line_hash("2026-11-28 pain 3 wh ere=neck") != h);
  CHECK(line_hash("") != 0);
}

TEST_CASE("the line set tells new lines from repeated ones, across growth", "[dedup]") {
  LineSet set;
  for (int i = 0; i < 5000; ++i) CHECK(set.insert(line_hash("line " + std::to_string(i))));
  for (int i = 0; i < 5000; ++i) CHECK_FALSE(set.insert(line_hash("line " + std::to_string(i))));
  CHECK(set.size() == 5000);
}
