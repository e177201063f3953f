// The speed work behind one seam: finding line ends and blanks in bytes.
// Two paths give the same answers: a SIMD one (SSE2, on x86-64) and a
// scalar one that every machine runs (arm64 users, and the CI build with
// -DBACKCARE_SIMD=OFF, which compiles the scalar path only).
#pragma once

#include <cstddef>

namespace backcare {

// The first '\n' in [p, end), or nullptr.
const char* find_newline(const char* p, const char* end);

// Whether [p, p + n) holds a tab or two spaces in a row (then a line is not
// in its normal form: see line_hash).
bool has_blank_run(const char* p, std::size_t n);

// The paths by name, for the unit tests that run the same cases through
// both. simd_available() is false when the SIMD path is not built (then
// the simd_ functions are the scalar ones).
namespace scan_paths {
bool simd_available();
const char* scalar_find_newline(const char* p, const char* end);
const char* simd_find_newline(const char* p, const char* end);
bool scalar_has_blank_run(const char* p, std::size_t n);
bool simd_has_blank_run(const char* p, std::size_t n);
}  // namespace scan_paths

}  // namespace backcare
