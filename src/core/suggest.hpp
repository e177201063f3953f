// "Did you mean ...?": the nearest of some known names to a mistyped one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace backcare {

// Edit distance with adjacent transpositions counted as one edit
// (optimal string alignment): "stast" to "stats" is 1, "pian" to "pain" 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known name nearest to `typed`, when one is within `max_distance`
// edits and the typed name is long enough for that to mean something (a
// distance under half its length). On a tie, a name of the same letters
// (a swap) wins, then the first. An exact
// match is not a typo: nullopt.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string_view>& known,
                                        std::size_t max_distance = 2);

}  // namespace backcare
