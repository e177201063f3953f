#include "core/journal.hpp"
#include "core/journal_head.hpp"
#include "core/scan.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

using namespace backcare;

static Day D(const char* s) { return *parse_date(s); }

namespace {
Entry parse_ok(std::string_view line) {
  Record r;
  std::string err;
  INFO(line);
  auto st = parse_record(line, r, err);
  INFO(err);
  REQUIRE(st == ParseStatus::entry);
  return to_entry(r);
}

std::string parse_err(std::string_view line) {
  Record r;
  std::string err;
  INFO(line);
  REQUIRE(parse_record(line, r, err) == ParseStatus::error);
  return err;
}
}  // namespace

TEST_CASE("the SPEC's example lines parse", "[journal]") {
  auto s = parse_ok(
      "2026-11-28 07:42 session morning minutes=14 done=neck-tilts,shoulder-rolls,doorway-stretch "
      "skipped=seated-row pain=3 effort=4 status=complete note=\"tight after a desk day\"");
  CHECK(s.date == D("2026-11-28"));
  CHECK(s.time == 7 * 3600 + 42 * 60);
  CHECK(s.kind == Kind::session);
  CHECK(s.subject == "morning");
  CHECK(s.minutes == 14);
  CHECK(s.done == std::vector<std::string>{"neck-tilts", "shoulder-rolls", "doorway-stretch"});
  CHECK(s.skipped == std::vector<std::string>{"seated-row"});
  CHECK(s.pain == 3);
  CHECK(s.effort == 4);
  CHECK(s.status == Status::complete);
  CHECK(s.note == "tight after a desk day");

  auto p = parse_ok("2026-11-28 21:05 pain 5 where=neck note=\"long drive\"");
  CHECK(p.kind == Kind::pain);
  CHECK(p.pain == 5);
  CHECK(p.where == "neck");
  CHECK(p.subject.empty());

  auto r = parse_ok("2026-11-29 rest note=\"travelling\"");
  CHECK(r.kind == Kind::rest);
  CHECK_FALSE(r.time);

  auto e = parse_ok("2026-11-30 12:10 exercise doorway-stretch sets=2 hold=30s");
  CHECK(e.subject == "doorway-stretch");
  CHECK(e.sets == 2);
  CHECK(e.hold == 30);

  auto y = parse_ok("2026-12-01 symptom tingling note=\"left hand, morning\"");
  CHECK(y.kind == Kind::symptom);
  CHECK(y.subject == "tingling");
}

TEST_CASE("blank lines and comments are not entries", "[journal]") {
  Record r;
  std::string err;
  CHECK(parse_record("", r, err) == ParseStatus::blank);
  CHECK(parse_record("   \t ", r, err) == ParseStatus::blank);
  CHECK(parse_record("# backcare journal v1", r, err) == ParseStatus::blank);
  CHECK(parse_record("   # indented comment", r, err) == ParseStatus::blank);
  CHECK(parse_record("\r", r, err) == ParseStatus::blank);
}

TEST_CASE("tabs, runs of blanks, CRLF and a trailing comment are accepted", "[journal]") {
  auto e = parse_ok("2026-11-28\t\t07:42   pain\t4  where=neck\r");
  CHECK(e.pain == 4);
  CHECK(e.where == "neck");
  CHECK(parse_ok("2026-11-28 pain 4 # felt it on the stairs").pain == 4);
}

TEST_CASE("quoted values with escapes and unicode", "[journal]") {
  auto e = parse_ok(R"(2026-11-28 note note="she said \"ouch\" \\ then laughed — ça va")");
  CHECK(e.note == "she said \"ouch\" \\ then laughed — ça va");
  CHECK(parse_ok("2026-11-28 note \"a note as the subject\"").note == "a note as the subject");
  CHECK(parse_ok("2026-11-28 note note=\"\"").note == "");
  CHECK(parse_ok(R"(2026-11-28 note note=C:\path)").note == R"(C:\path)");
}

TEST_CASE("unknown kinds and keys are kept in the file and ignored", "[journal]") {
  Record r;
  std::string err;
  REQUIRE(parse_record("2026-11-28 meditation minutes=10 mood=ok", r, err) == ParseStatus::entry);
  CHECK(r.kind == Kind::unknown);
  auto e = parse_ok("2026-11-28 pain 3 mood=grumpy where=neck");
  CHECK(e.where == "neck");
  // A key another kind reads is ignored too.
  CHECK_FALSE(parse_ok("2026-11-28 rest minutes=40").minutes);
  // check flags
  auto c = parse_ok("2026-11-28 check flags=none");
  REQUIRE(c.flags);
  CHECK(c.flags->empty());
  c = parse_ok("2026-11-28 check flags=tingling,fever");
  CHECK(*c.flags == std::vector<std::string>{"tingling", "fever"});
}

TEST_CASE("a pain line reads its level, not a pain= key", "[journal]") {
  auto e = parse_ok("2026-11-28 pain 3 pain=9 where=neck");
  CHECK(e.pain == 3);
  CHECK(e.where == "neck");
}

TEST_CASE("bad lines give a reason", "[journal]") {
  CHECK_THAT(parse_err("2026-02-30 pain 3"), Catch::Contains("not a date"));
  CHECK_THAT(parse_err("0000-00-00 pain 3"), Catch::Contains("not a date"));
  CHECK_THAT(parse_err("yesterday pain 3"), Catch::Contains("not a date"));
  CHECK_THAT(parse_err("2026-11-28 24:00 pain 3"), Catch::Contains("not a time"));
  CHECK_THAT(parse_err("2026-11-28 23:60 pain 3"), Catch::Contains("not a time"));
  CHECK_THAT(parse_err("2026-11-28"), Catch::Contains("missing the kind"));
  CHECK_THAT(parse_err("2026-11-28 pain"), Catch::Contains("level from 0 to 10"));
  CHECK_THAT(parse_err("2026-11-28 pain 11"), Catch::Contains("level from 0 to 10"));
  CHECK_THAT(parse_err("2026-11-28 pain 3.5"), Catch::Contains("level from 0 to 10"));
  CHECK_THAT(parse_err("2026-11-28 pain pain=4"), Catch::Contains("not as pain="));
  CHECK_THAT(parse_err("2026-11-28 pain 11 pain=4"), Catch::Contains("level from 0 to 10"));
  CHECK_THAT(parse_err("2026-11-28 session morning pain=99999999999999999999"), Catch::Contains("0 to 10"));
  CHECK_THAT(parse_err("2026-11-28 session morning minutes=1e309"), Catch::Contains("minutes"));
  CHECK_THAT(parse_err("2026-11-28 session morning minutes=-3"), Catch::Contains("minutes"));
  CHECK_THAT(parse_err("2026-11-28 session morning minutes=nan"), Catch::Contains("minutes"));
  CHECK_THAT(parse_err("2026-11-28 session morning status=done"), Catch::Contains("complete nor partial"));
  CHECK_THAT(parse_err("2026-11-28 session morning pain=3 pain=4"), Catch::Contains("twice"));
  CHECK_THAT(parse_err("2026-11-28 session"), Catch::Contains("routine"));
  CHECK_THAT(parse_err("2026-11-28 session morning extra"), Catch::Contains("key=value"));
  CHECK_THAT(parse_err("2026-11-28 session morning done=cat-cow,,x"), Catch::Contains("not a valid id"));
  CHECK_THAT(parse_err("2026-11-28 note note=\"open"), Catch::Contains("closing"));
  CHECK_THAT(parse_err("2026-11-28 note note=\"a\\n\""), Catch::Contains("backslash"));
  CHECK_THAT(parse_err("2026-11-28 note note=a\"b"), Catch::Contains("quote"));
  CHECK_THAT(parse_err("2026-11-28 rest travelling"), Catch::Contains("no subject"));
  CHECK_THAT(parse_err("2026-11-28 exercise hold=30s"), Catch::Contains("id"));
  CHECK_THAT(parse_err("2026-11-28 exercise cat-cow hold=2h"), Catch::Contains("hold"));
  CHECK_THAT(parse_err(std::string("2026-11-28 note note=\"a\0b\"", 27)), Catch::Contains("NUL"));
  CHECK_THAT(parse_err("2026-11-28 note note=\"\xff\xfe\""), Catch::Contains("UTF-8"));
  CHECK_THAT(parse_err("2026-11-28 note note=\"\xc0\xaf\""), Catch::Contains("UTF-8"));  // overlong
  CHECK_THAT(parse_err("\xEF\xBB\xBF" "2026-11-28 pain 3"), Catch::Contains("date"));  // BOM: the reader strips it
}

TEST_CASE("hold accepts seconds and minutes", "[journal]") {
  CHECK(parse_ok("2026-11-28 exercise x hold=30").hold == 30);
  CHECK(parse_ok("2026-11-28 exercise x hold=2m").hold == 120);
}

TEST_CASE("format writes bare tokens where it can and quotes the rest", "[journal]") {
  CHECK(quote_value("neck") == "neck");
  CHECK(quote_value("") == "\"\"");
  CHECK(quote_value("long drive") == "\"long drive\"");
  CHECK(quote_value("a=b") == "\"a=b\"");
  CHECK(quote_value("#1") == "\"#1\"");
  CHECK(quote_value("say \"hi\" \\o/") == R"("say \"hi\" \\o/")");
  Entry e;
  e.date = D("2026-11-28");
  e.time = 7 * 3600 + 42 * 60;
  e.kind = Kind::session;
  e.subject = "morning";
  e.minutes = 14;
  e.done = {"neck-tilts", "cat-cow"};
  e.pain = 3;
  e.status = Status::complete;
  e.note = "tight";
  CHECK(format_entry(e) == "2026-11-28 07:42 session morning minutes=14 done=neck-tilts,cat-cow pain=3 "
                           "status=complete note=tight");
  Entry p;
  p.date = D("2026-11-28");
  p.kind = Kind::pain;
  p.pain = 0;
  CHECK(format_entry(p) == "2026-11-28 pain 0");
}

TEST_CASE("validate_entry refuses what cannot be written", "[journal]") {
  Entry e;
  e.date = D("2026-11-28");
  e.kind = Kind::note;
  e.note = "two\nlines";
  CHECK_FALSE(validate_entry(e).empty());
  e.note = "fine";
  CHECK(validate_entry(e).empty());
  e.minutes = 3;
  CHECK_FALSE(validate_entry(e).empty());  // notes take no minutes
  Entry p;
  p.date = D("2026-11-28");
  p.kind = Kind::pain;
  CHECK_FALSE(validate_entry(p).empty());  // no level
  p.pain = 11;
  CHECK_FALSE(validate_entry(p).empty());
}

namespace {
// Random valid entries: every kind, with and without time, odd notes.
Entry random_entry(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto maybe = [&] { return pick(2) == 0; };
  static const std::vector<std::string> ids = {"cat-cow", "neck-tilts", "doorway-stretch", "x", "a-1", "seated_row"};
  static const std::vector<std::string> texts = {
      "", " ", "plain", "two words", "quote \" inside", "back\\slash", "\\\"", "tab\there", "#hash", "k=v",
      "ünïcödé — 痛い 🙂", "  leading and trailing  ", "\"", "="};
  auto list = [&] {
    std::vector<std::string> out;
    for (int i = pick(4); i > 0; --i) out.push_back(ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))]);
    return out;
  };
  auto text = [&] { return texts[static_cast<std::size_t>(pick(static_cast<int>(texts.size())))]; };
  Entry e;
  e.date = D("1990-01-01") + date::days{pick(20000)};
  if (maybe()) e.time = pick(kSecondsPerDay);
  e.kind = static_cast<Kind>(pick(7));
  if (maybe()) e.note = text();
  switch (e.kind) {
    case Kind::session:
      e.subject = ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))];
      if (maybe()) e.minutes = pick(2) ? pick(1441) : pick(144000) / 100.0;
      e.done = list();
      e.skipped = list();
      e.sore = list();
      if (maybe()) e.pain = pick(11);
      if (maybe()) e.effort = pick(11);
      if (maybe()) e.status = maybe() ? Status::complete : Status::partial;
      break;
    case Kind::exercise:
      e.subject = ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))];
      if (maybe()) e.sets = 1 + pick(1000);
      if (maybe()) e.reps = 1 + pick(1000);
      if (maybe()) e.hold = 1 + pick(3600);
      if (maybe()) e.pain = pick(11);
      if (maybe()) e.effort = pick(11);
      break;
    case Kind::pain:
      e.pain = pick(11);
      if (maybe()) e.where = text();
      break;
    case Kind::symptom: e.subject = "tingling"; break;
    case Kind::check:
      if (maybe()) e.flags = list();
      break;
    default: break;
  }
  return e;
}
}  // namespace

TEST_CASE("round trip: parse(format(e)) == e for many generated entries", "[journal][property]") {
  std::mt19937 rng(20261128);
  for (int i = 0; i < 20000; ++i) {
    Entry e = random_entry(rng);
    REQUIRE(validate_entry(e).empty());
    std::string line = format_entry(e);
    INFO(line);
    Record r;
    std::string err;
    REQUIRE(parse_record(line, r, err) == ParseStatus::entry);
    Entry back = to_entry(r);
    REQUIRE(back == e);
    REQUIRE(format_entry(back) == line);
  }
}

TEST_CASE("error messages quote the line in short excerpts without tabs", "[journal][regression]") {
  // Found by fuzz_journal_line: a quoted value full of tabs was echoed whole.
  std::string err = parse_err("2026-11-28 note note\t\"she \t\t\tsaid \\\"ouch\\\"\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t ca va\"");
  CHECK(err.find('\t') == std::string::npos);
  CHECK_THAT(err, Catch::StartsWith("unexpected 'she    said \\\"ouch\\\"   "));
  CHECK_THAT(err, Catch::Contains(" ca...'"));
  std::string long_token(70000, 'x');
  err = parse_err("2026-11-28 session morning minutes=" + long_token);
  CHECK(err.size() < 120);
  CHECK_THAT(err, Catch::Contains("minutes=" + std::string(40, 'x') + "..."));
  // A cut never splits a character: 39 ASCII bytes, then a 2-byte 'é'.
  err = parse_err("2026-11-28 session morning minutes=" + std::string(39, '1') + "\xc3\xa9" + "tail");
  CHECK_THAT(err, Catch::Contains("minutes=" + std::string(39, '1') + "..."));
  CHECK(err.find("\xc3") == std::string::npos);
}

TEST_CASE("flags=none cannot be listed with other flags", "[journal][regression]") {
  // The parser accepted flags=none,fever, which validate_entry refuses and
  // format_entry cannot write back (fuzz_journal_line's property).
  CHECK_THAT(parse_err("2026-11-28 check flags=none,fever"), Catch::Contains("none"));
  CHECK_THAT(parse_err("2026-11-28 check flags=fever,none"), Catch::Contains("none"));
  CHECK(parse_ok("2026-11-28 check flags=none").flags == std::vector<std::string>{});
  CHECK(parse_ok("2026-11-28 check flags=fever,nonesuch").flags == std::vector<std::string>{"fever", "nonesuch"});
}

TEST_CASE("parse_head reads the front of a line as parse_record does and skips the keys", "[journal]") {
  Record full, head;
  std::string e1, e2;
  for (std::string_view line : {"2026-11-28 07:42 session morning minutes=14 done=a,b pain=3",
                                "2026-11-28 rest note=\"away\"", "2026-11-28 21:05 pain 5 where=neck",
                                "2026-11-28 exercise doorway-stretch sets=2", "2026-11-28 frobnicate x=1",
                                "  # a comment", "", "2026-02-30 rest", "2026-11-28 25:00 rest", "2026-11-28",
                                "2026-11-28 session", "2026-11-28 session \"quoted\"", "2026-11-28 \xff rest"}) {
    INFO(line);
    auto a = parse_record(line, full, e1);
    auto b = parse_head(line, head, e2);
    REQUIRE(a == b);
    if (a == ParseStatus::error) CHECK(e1 == e2);
    if (a != ParseStatus::entry) continue;
    CHECK(head.date == full.date);
    CHECK(head.time == full.time);
    CHECK(head.kind == full.kind);
    CHECK(head.kind_text == full.kind_text);
    if (full.kind == Kind::session) CHECK(head.subject.text == full.subject.text);
    CHECK(head.pain == kNone);  // not read
  }
  // Keys are not looked at: a bad value does not hide the day.
  CHECK(parse_record("2026-11-28 session morning minutes=lots", full, e1) == ParseStatus::error);
  CHECK(parse_head("2026-11-28 session morning minutes=lots", head, e2) == ParseStatus::entry);
}

// parse_head reads plain fronts without the tokenizer (issue 13, the
// prompt path); whatever is not plain goes the tokenizer's way: both must
// answer as parse_record does, errors word for word.
TEST_CASE("parse_head's plain path and the tokenizer's agree with parse_record", "[journal]") {
  Record full, head;
  std::string e1, e2;
  for (std::string_view line :
       {"2026-11-28\t07:00\tsession\tmorning", "  2026-11-28   rest  ", "2026-11-28 07:00:30 session morning\r",
        "2026-11-28 session m#x", "2026-11-28 rest#x", "2026-11-28 rest #x", "2026-11-28 07:00 \"session\" morning",
        "2026-11-28 session morning# c", "2026-11-28 session bad/id", "2026-11-28 7:00 rest", "2026-11-28 07:0 rest",
        "2026-11-28 07:00", "2026-11-28 07:00 session", "2026-11-28 session done=a", "2026-11-28 session =x",
        "2026-11-28 session \"morning\"", "2026-11-28= rest", "\"2026-11-28\" rest", "1899-12-31 rest",
        "2026-11-28 07:00 9rest", "2026-11-28 exercise \"cat cow\" sets=2", "2026-11-28 Session morning",
        "2026-11-28 session morning status=partial", "2026-11-28 session a-very-long-routine-name-that-is-still-fine"}) {
    INFO(line);
    auto a = parse_record(line, full, e1);
    auto b = parse_head(line, head, e2);
    if (a != ParseStatus::error) REQUIRE(b == a);
    if (b == ParseStatus::error && a == ParseStatus::error) CHECK(e1 == e2);
    if (b != ParseStatus::entry || a != ParseStatus::entry) continue;
    CHECK(head.date == full.date);
    CHECK(head.time == full.time);
    CHECK(head.kind == full.kind);
    CHECK(head.kind_text == full.kind_text);
    if (full.kind == Kind::session) CHECK(head.subject.text == full.subject.text);
  }
}

TEST_CASE("typos of kinds and keys name the likely meaning", "[journal]") {
  Record r;
  std::string error;
  REQUIRE(parse_record("2026-11-28 sesion morning minutes=10", r, error) == ParseStatus::entry);
  CHECK(r.kind == Kind::unknown);
  CHECK(r.kind_text == "sesion");
  std::string w = typo_warning(r.kind_text, true);
  CHECK(w.find("'sesion'") != std::string::npos);
  CHECK(w.find("did you mean 'session'?") != std::string::npos);

  REQUIRE(parse_record("2026-11-28 exercise cat-cow pian=3 sets=2 colour=red", r, error) == ParseStatus::entry);
  CHECK(r.unknown_key == "pian");  // the first key no kind reads
  CHECK(r.sets == 2);              // the rest of the line is read as before
  CHECK(r.pain == kNone);
  CHECK(typo_warning(r.unknown_key, false).find("did you mean 'pain'?") != std::string::npos);
  CHECK(typo_warning("colour", false).empty());  // not near any key
  CHECK(typo_warning("mood", true).empty());     // a kind of the user's own: no warning

  // A known key that this kind does not read is not a typo.
  REQUIRE(parse_record("2026-11-28 pain 4 sets=2", r, error) == ParseStatus::entry);
  CHECK(r.unknown_key.empty());
  REQUIRE(parse_record("2026-11-28 session morning minutes=10", r, error) == ParseStatus::entry);
  CHECK(r.unknown_key.empty());
}

TEST_CASE("pain when= before, after or morning", "[journal]") {
  Record r;
  std::string err;
  REQUIRE(parse_record("2026-11-28 07:30 pain 3 when=morning", r, err) == ParseStatus::entry);
  CHECK(r.when == static_cast<int>(When::morning));
  Entry e = to_entry(r);
  CHECK(e.when == When::morning);
  CHECK(format_entry(e) == "2026-11-28 07:30 pain 3 when=morning");
  REQUIRE(parse_record("2026-11-28 pain 3", r, err) == ParseStatus::entry);
  CHECK(r.when == kNone);
  CHECK(parse_record("2026-11-28 pain 3 when=evening", r, err) == ParseStatus::error);
  CHECK(err.find("before, after or morning") != std::string::npos);
  Entry s;
  s.kind = Kind::session;
  s.subject = "morning";
  s.when = When::after;
  CHECK(validate_entry(s) == "session entries take no when");
  REQUIRE(parse_record("2026-11-28 session morning when=after", r, err) == ParseStatus::entry);  // ignored there
  CHECK(r.when == kNone);
}

TEST_CASE("resumes= names the start of the session a line continues", "[journal][resume]") {
  Record r;
  std::string err;
  REQUIRE(parse_record("2026-11-28 08:00 session morning minutes=9 status=complete resumes=07:42:10", r, err) ==
          ParseStatus::entry);
  CHECK(r.resumes == 7 * 3600 + 42 * 60 + 10);
  Entry e = to_entry(r);
  CHECK(e.resumes == 7 * 3600 + 42 * 60 + 10);
  CHECK(format_entry(e) == "2026-11-28 08:00 session morning minutes=9 status=complete resumes=07:42:10");
  CHECK(parse_record("2026-11-28 session morning resumes=later", r, err) == ParseStatus::error);
  CHECK_THAT(err, Catch::Contains("resumes=later is not a time"));
  CHECK(parse_record("2026-11-28 session morning resumes=25:00", r, err) == ParseStatus::error);
  // Only a session reads it.
  REQUIRE(parse_record("2026-11-28 pain 3 resumes=07:00", r, err) == ParseStatus::entry);
  CHECK(r.resumes == kNone);
  Entry p;
  p.kind = Kind::pain;
  p.pain = 3;
  p.date = r.date;
  p.resumes = 60;
  CHECK_FALSE(validate_entry(p).empty());
}

namespace {
// Every field of two Records, views compared by their place in the line.
void same_record(const Record& a, const Record& b, std::string_view line) {
  auto at = [&](std::string_view v) {
    return v.data() ? std::make_pair(v.data() - line.data(), v.size()) : std::make_pair(std::ptrdiff_t{-1}, v.size());
  };
  auto raw = [&](const RawValue& v) { return std::make_tuple(at(v.text), v.quoted, v.present); };
  CHECK(a.date == b.date);
  CHECK(a.time == b.time);
  CHECK(a.kind == b.kind);
  CHECK(a.kind_text == b.kind_text);
  CHECK(raw(a.subject) == raw(b.subject));
  CHECK(a.pain == b.pain);
  CHECK(a.effort == b.effort);
  CHECK(a.sets == b.sets);
  CHECK(a.reps == b.reps);
  CHECK(a.hold == b.hold);
  CHECK(a.minutes == b.minutes);
  CHECK(a.status == b.status);
  CHECK(a.when == b.when);
  for (auto f : {&Record::done, &Record::skipped, &Record::sore, &Record::flags, &Record::note, &Record::where})
    CHECK(raw(a.*f) == raw(b.*f));
  CHECK(a.unknown_key == b.unknown_key);
  CHECK(a.score == b.score);
  CHECK(a.resumes == b.resumes);
}

// A valid line, then a few random edits with the bytes the tokenizers care about.
std::string mutated_line(std::mt19937& rng) {
  std::string s = format_entry(random_entry(rng));
  // Half the times in the writer's HH:MM (format_entry writes the seconds it is given).
  if (rng() % 2 && s.size() > 19 && s[13] == ':' && s[16] == ':') s.erase(16, 3);
  static const std::vector<std::string> bits = {" ",  "  ", "=", "\"", "#",  "\\", "\t", ",",  "\r", "\x01", "\x7f",
                                                "é", "\xff", "a", "7", "-",  ":",  "x=", " note=\"", "\" ", "=\""};
  const int edits = static_cast<int>(rng() % 4);
  for (int k = 0; k < edits && !s.empty(); ++k) {
    std::size_t at = rng() % (s.size() + 1);
    switch (rng() % 4) {
      case 0: s.insert(at, bits[rng() % bits.size()]); break;
      case 1: if (at < s.size()) s.erase(at, 1 + rng() % 3); break;
      case 2: if (at < s.size()) s[at] = bits[rng() % bits.size()][0]; break;
      case 3: s.resize(at); break;
    }
  }
  return s;
}
}  // namespace

TEST_CASE("the masked and the general parser give the same record or the same error", "[journal][property][masks]") {
  std::mt19937 rng(20261201);
  int entries = 0, errors = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string line = mutated_line(rng);
    if (line.size() > kMaskedLine) continue;
    INFO(line);
    LineMasks m;
    line_masks(line.data(), line.size(), m);
    Record g, k, p;
    std::string ge, ke, pe;
    const ParseStatus gs = parse_paths::general(line, g, ge);
    const ParseStatus ks = parse_paths::masked(line, m, k, ke);
    const ParseStatus ps = parse_record(line, p, pe);
    REQUIRE(ks == gs);
    REQUIRE(ps == gs);
    if (gs == ParseStatus::error) {
      CHECK(ke == ge);
      CHECK(pe == ge);
      ++errors;
    } else if (gs == ParseStatus::entry) {
      same_record(k, g, line);
      same_record(p, g, line);
      ++entries;
    }
    // The head alone, with and without the masks.
    Record h1, h2;
    std::string e1, e2;
    const ParseStatus hs1 = parse_head(line, h1, e1), hs2 = parse_head(line, m, h2, e2);
    REQUIRE(hs1 == hs2);
    if (hs1 == ParseStatus::error) CHECK(e1 == e2);
    if (hs1 == ParseStatus::entry) same_record(h1, h2, line);
    // The head agrees with the whole line where the whole line is read:
    // its fast path (the writer's shape, known kinds) gives what the
    // tokenizer gives.
    if (gs == ParseStatus::entry) {
      REQUIRE(hs1 == ParseStatus::entry);
      CHECK(h1.date == g.date);
      CHECK(h1.time == g.time);
      CHECK(h1.kind == g.kind);
      CHECK(h1.kind_text == g.kind_text);
      if (g.kind == Kind::session) CHECK(h1.subject.text == g.subject.text);
    }
    if (hs1 == ParseStatus::error) CHECK(gs == ParseStatus::error);
    if (gs == ParseStatus::blank) CHECK(hs1 == ParseStatus::blank);
  }
  // Both outcomes are well represented, or the test proves little.
  CHECK(entries > 10000);
  CHECK(errors > 10000);
}

TEST_CASE("every HH:MM is read as parse_time reads it, in the whole line and in its head", "[journal][regression]") {
  // The parser reads the writer's HH:MM without parse_time's call; the two must agree.
  for (int h = 0; h < 100; ++h)
    for (int m = 0; m < 100; ++m) {
      char hhmm[6];
      std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", h, m);
      const std::string line = std::string("2026-01-01 ") + hhmm + " session morning minutes=5";
      INFO(line);
      Record r, head;
      std::string err, herr;
      const auto want = parse_time(hhmm);
      REQUIRE((parse_record(line, r, err) == ParseStatus::entry) == want.has_value());
      REQUIRE((parse_head(line, head, herr) == ParseStatus::entry) == want.has_value());
      if (want) {
        CHECK(r.time == *want);
        CHECK(head.time == *want);
      }
    }
}
