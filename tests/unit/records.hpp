// Journal lines parsed into Records for unit tests. A Record holds views
// into its line: the lines are kept here for the whole run (callers pass
// a temporary list; ASan found the views dangling).
#pragma once

#include "core/journal.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

inline std::vector<backcare::Record> records(const std::vector<std::string>& lines) {
  static std::deque<std::string> kept;
  std::vector<backcare::Record> out;
  backcare::Record r;
  std::string error;
  for (const auto& line : lines) {
    const std::string& l = kept.emplace_back(line);
    INFO(l);
    REQUIRE(backcare::parse_record(l, r, error) == backcare::ParseStatus::entry);
    out.push_back(r);
  }
  return out;
}
