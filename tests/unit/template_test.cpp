#include "core/template.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace backcare;

namespace {
Template ok(std::string_view text) {
  auto r = parse_template(text);
  if (auto* e = std::get_if<TemplateError>(&r)) FAIL("unexpected error: " << e->message);
  return std::get<Template>(r);
}

TemplateError bad(std::string_view text) {
  auto r = parse_template(text);
  if (!std::holds_alternative<TemplateError>(r)) FAIL("no error for " << text);
  return std::get<TemplateError>(r);
}

std::string fill(std::string_view text) {
  std::map<std::string, std::string, std::less<>> v = {{"streak", "12"}, {"pain", "3"}, {"due", ""}};
  return render(ok(text), [&](std::string_view name) {
    auto it = v.find(name);
    return it == v.end() ? std::string("?") : it->second;
  });
}
}  // namespace

TEST_CASE("fields and literal text", "[template]") {
  Template t = ok("{streak}d pain {pain}/10");
  REQUIRE(t.pieces.size() == 4);
  CHECK(t.pieces[0] == TemplatePiece{"streak", true});
  CHECK(t.pieces[1] == TemplatePiece{"d pain ", false});
  CHECK(t.pieces[2] == TemplatePiece{"pain", true});
  CHECK(t.pieces[3] == TemplatePiece{"/10", false});
  CHECK(fill("{streak}d pain {pain}/10") == "12d pain 3/10");
  CHECK(fill("") == "");
  CHECK(fill("no fields at all") == "no fields at all");
  CHECK(fill("[{due}]") == "[]");
  CHECK(fill("{streak}{streak}") == "1212");
}

TEST_CASE("{{ and }} stand for braces", "[template]") {
  CHECK(fill("{{streak}}") == "{streak}");
  CHECK(fill("{{{streak}}}") == "{12}");
  CHECK(fill("}}{{") == "}{");
  CHECK(ok("a{{b}}c").pieces.size() == 1);  // one literal piece
  CHECK(ok("{{x}}").fields().empty());
}

TEST_CASE("the fields, each once, in order of first use", "[template]") {
  CHECK(ok("{pain} {streak} {pain} {due}").fields() == std::vector<std::string>{"pain", "streak", "due"});
  CHECK(ok("{avg_prev7}").fields() == std::vector<std::string>{"avg_prev7"});
}

TEST_CASE("malformed templates are errors with a column", "[template]") {
  auto e = bad("abc}");
  CHECK(e.offset == 3);
  CHECK_THAT(e.message, Catch::Contains("lone '}'") && Catch::Contains("column 4"));
  e = bad("{streak");
  CHECK(e.offset == 0);
  CHECK_THAT(e.message, Catch::Contains("no closing"));
  CHECK_THAT(bad("x {}").message, Catch::Contains("empty field"));
  CHECK_THAT(bad("{Streak}").message, Catch::Contains("unexpected 'S'"));
  CHECK_THAT(bad("{str eak}").message, Catch::Contains("unexpected ' '"));
  CHECK_THAT(bad("{7days}").message, Catch::Contains("start with a letter"));
  CHECK_THAT(bad("{a\x01}").message, Catch::Contains("byte 0x01"));
  CHECK_THAT(bad("{").message, Catch::Contains("no closing"));
  CHECK_THAT(bad("}").message, Catch::Contains("lone"));
  CHECK(bad("ok {pain} {").offset == 10);
}

TEST_CASE("any input parses or fails cleanly, and renders back", "[template]") {
  std::uint64_t x = 0x243f6a8885a308d3ull;
  auto rnd = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  const char alphabet[] = {'{', '}', 'a', 'z', '_', '1', ' ', '\0', '\xff'};
  for (int i = 0; i < 20000; ++i) {
    std::string s(rnd() % 12, ' ');
    for (auto& c : s) c = alphabet[rnd() % sizeof alphabet];
    auto r = parse_template(s);
    if (auto* e = std::get_if<TemplateError>(&r)) {
      CHECK(e->offset < s.size());
      CHECK_FALSE(e->message.empty());
      continue;
    }
    // Rendering each field as itself in braces, with the literal braces
    // escaped again, gives the template back.
    std::string back;
    for (const auto& p : std::get<Template>(r).pieces) {
      if (p.field) {
        back += "{" + p.text + "}";
        continue;
      }
      for (char c : p.text) back += c == '{' ? "{{" : c == '}' ? "}}" : std::string(1, c);
    }
    CHECK(back == s);
  }
}
