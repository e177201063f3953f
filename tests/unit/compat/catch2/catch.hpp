// Catch2 2 spelled on Catch2 3. Only on the include path when CMake finds
// Catch2 3 (Debian 13 has 3.7, Debian 12 only 2.13; tests/CMakeLists.txt):
// the unit tests keep `#include <catch2/catch.hpp>` and the Catch2 2 names
// they use, and build against either version unchanged.
#pragma once

#include <catch2/catch_all.hpp>

#include <string>

// Catch2 2 has Approx at global scope.
using Catch::Approx;

namespace Catch {
// Catch2 2's string matchers lived in Catch::; Catch2 3 moved them to
// Catch::Matchers and renamed Contains (now a range matcher) to
// ContainsSubstring.
inline Matchers::StringContainsMatcher Contains(const std::string& s,
                                                CaseSensitive cs = CaseSensitive::Yes) {
  return Matchers::ContainsSubstring(s, cs);
}
using Matchers::EndsWith;
using Matchers::Equals;
using Matchers::StartsWith;
}  // namespace Catch
