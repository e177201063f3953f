#include "core/suggest.hpp"

#include <algorithm>

namespace backcare {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows: two back for a transposition.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string_view>& known,
                                        std::size_t max_distance) {
  std::optional<std::string> best;
  std::size_t best_score = 2 * max_distance + 2;
  std::string letters(typed);
  std::sort(letters.begin(), letters.end());
  for (auto k : known) {
    if (k == typed) return std::nullopt;
    // Lengths too far apart cannot be near: skip the table.
    std::size_t gap = k.size() > typed.size() ? k.size() - typed.size() : typed.size() - k.size();
    if (gap > max_distance) continue;
    std::size_t d = edit_distance(typed, k);
    if (d > max_distance || d * 2 >= std::max(typed.size(), k.size())) continue;
    // On a tie, the same letters in another order ("stast": stats, not start).
    std::string theirs(k);
    std::sort(theirs.begin(), theirs.end());
    std::size_t score = 2 * d + (theirs == letters ? 0 : 1);
    if (score < best_score) {
      best_score = score;
      best = std::string(k);
    }
  }
  return best;
}

}  // namespace backcare
