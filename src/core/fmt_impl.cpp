// fmt's compiled functions, built into the program when BACKCARE_LEAN_LINK
// is on (see CMakeLists.txt), so that no shared libfmt is loaded at start:
// the definitions from fmt's own inline file, and the template instances
// that its headers declare but leave to the library.
#if defined(BACKCARE_FMT_BUILTIN)
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
#if FMT_VERSION >= 100000  // fmt 10 (Debian 13): as its src/format.cc
template FMT_API void vformat_to(buffer<char>&, string_view, typename vformat_args<>::type, locale_ref);
#else                       // fmt 9 (Debian 12)
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);
#endif
}  // namespace detail
FMT_END_NAMESPACE
#endif
