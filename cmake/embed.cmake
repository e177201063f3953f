# Turns a text file into a C++ source holding its bytes, so the binary
# carries share/backcare/routine.toml without a hand-kept second copy.
# Usage: cmake -DIN=file -DOUT=file.cpp -DSYMBOL=name -P embed.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUT}.tmp"
"// Generated from ${IN} by cmake/embed.cmake. Do not edit.\n"
"#include <cstddef>\n"
"#include <string_view>\n"
"namespace backcare {\n"
"namespace {\n"
"constexpr char data[] = {\n  ${bytes}'\\0'};\n"
"}\n"
"std::string_view ${SYMBOL}() { return {data, ${size}}; }\n"
"}  // namespace backcare\n")
file(RENAME "${OUT}.tmp" "${OUT}")
