#include "core/cron.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace backcare;

namespace {
Routine sample() {
  return load_routine(R"(
[[exercise]]
id = "a"
name = "A"
phase = "stretch"
steps = ["s"]
hold = 30
[routine.morning]
title = "Morning"
exercises = ["a"]
days = "daily"
times = ["07:00"]
[routine.desk]
title = "Desk's break"
exercises = ["a"]
days = ["mon", "wed", "fri"]
times = ["15:00", "11:30"]
[routine.extra]
exercises = ["a"]
)");
}

std::vector<std::string> job_lines(const std::string& text) {
  std::vector<std::string> jobs;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') jobs.push_back(line);
  return jobs;
}

CronInput input() {
  CronInput in;
  in.binary = "/usr/local/bin/backcare";
  in.journal = "/home/ana/.local/share/backcare/journal.txt";
  in.uid = 1000;
  in.display = ":0";
  return in;
}
}  // namespace

TEST_CASE("cron's day-of-week field: Sunday is 0, runs become ranges", "[cron]") {
  CHECK(cron_weekdays(kEveryDay) == "*");
  CHECK(cron_weekdays(0x1f) == "1-5");
  CHECK(cron_weekdays(0x60) == "0,6");
  CHECK(cron_weekdays(0b0010101) == "1,3,5");
  CHECK(cron_weekdays(0b1000011) == "0-2");  // Sunday, Monday, Tuesday
  CHECK(cron_weekdays(0b0000011) == "1,2");
  CHECK(cron_weekdays(0x3f) == "1-6");
  CHECK(cron_weekdays(1u << 6) == "0");
  CHECK(cron_weekdays(0b1011111) == "0-5");
}

TEST_CASE("words for sh are quoted only when needed", "[cron]") {
  CHECK(shell_word("/usr/bin/backcare") == "/usr/bin/backcare");
  CHECK(shell_word("unix:path=/run/user/1000/bus") == "unix:path=/run/user/1000/bus");
  CHECK(shell_word("/home/a b/j.txt") == "'/home/a b/j.txt'");
  CHECK(shell_word("it's") == "'it'\\''s'");
  CHECK(shell_word("$HOME") == "'$HOME'");
  CHECK(shell_word("") == "''");
  CHECK(cron_word("100%") == "'100\\%'");
  CHECK(cron_safe("/a/b"));
  CHECK_FALSE(cron_safe("/a\nb"));
}

TEST_CASE("[regression] crontab injection: a percent sign after a backslash is written outside the quotes", "[cron]") {
  // Cron turns "\\%" into a backslash and the end of the command, so
  // "a\\%b" cannot be quoted the usual way: the % goes between two quoted
  // parts, where "\\%" is cron's escape for a bare %.
  CHECK(cron_word("a\\%b") == "'a\\'\\%'b'");
  CHECK(cron_word("a\\%%b") == "'a\\'\\%'\\%b'");
  CHECK(cron_word("%") == "'\\%'");
  CHECK(cron_word("it's 100%") == "'it'\\''s 100\\%'");
  CHECK(cron_word("a\\b") == "'a\\b'");  // a backslash before anything else stays
}

TEST_CASE("[regression] crontab injection: no control character is fit for a crontab value", "[cron]") {
  using namespace std::string_view_literals;
  for (std::string_view bad : {"a\rb"sv, "a\x0b"sv, "a\x0c"sv, "a\x1b]52;c;eA==\x07"sv, "a\xc2\x85" "b"sv, "a\x9b" "b"sv,
                               "a\0b"sv})
    CHECK_FALSE(cron_safe(bad));
  CHECK(cron_safe("a\tb"));
  CHECK(cron_safe("caf\xc3\xa9 \xe2\x80\x9b"));  // UTF-8 whose bytes include 80-9F is not C1
}

TEST_CASE("[regression] crontab injection: a title with line breaks adds no line", "[cron]") {
  Routine r = sample();
  r.routines[0].title = "x\n* * * * * touch /tmp/pwned\r\nSHELL=/tmp/evil\x0b%";
  std::string text = crontab_text(r, input());
  auto jobs = job_lines(text);
  REQUIRE(jobs.size() == 3);
  for (const auto& j : jobs) CHECK(j.find_first_of("\r\x0b") == std::string::npos);
  CHECK(jobs[0].rfind("0 7 * * * ", 0) == 0);
  CHECK(jobs[0].find("'Time for your x * * * * * touch /tmp/pwned  SHELL=/tmp/evil \\% exercises: backcare start "
                     "morning'") != std::string::npos);
}

TEST_CASE("one crontab line per scheduled routine time", "[cron]") {
  std::string text = crontab_text(sample(), input());
  auto jobs = job_lines(text);
  REQUIRE(jobs.size() == 3);
  CHECK(jobs[0].rfind("0 7 * * * ", 0) == 0);
  CHECK(jobs[1].rfind("30 11 * * 1,3,5 ", 0) == 0);
  CHECK(jobs[2].rfind("0 15 * * 1,3,5 ", 0) == 0);
  for (const auto& j : jobs) {
    CHECK(j.find("BACKCARE_JOURNAL=/home/ana/.local/share/backcare/journal.txt /usr/local/bin/backcare plan --due -q && ") !=
          std::string::npos);
    CHECK(j.find("DISPLAY=:0 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus notify-send ") != std::string::npos);
    CHECK(j.find("BACKCARE_ROUTINE") == std::string::npos);  // the built-in routine: nothing to spell out
    CHECK(j.find("TZ=") == std::string::npos);
  }
  CHECK(jobs[1].find("'Time for your Desk'\\''s break exercises: backcare start desk'") != std::string::npos);
  // The header explains how to install, and warns about the pipe.
  CHECK(text.find("crontab -e") != std::string::npos);
  CHECK(text.find("backcare plan --cron | crontab -") != std::string::npos);
  CHECK(text.find("REPLACES") != std::string::npos);
}

TEST_CASE("paths, time zone and display are spelled out, quoted and escaped", "[cron]") {
  CronInput in = input();
  in.routine_file = "/home/ana/my routines/100%.toml";
  in.journal = "/home/ana/j.txt";
  in.tz = "Europe/Paris";
  in.display = ":1";
  in.uid = 1234;
  auto jobs = job_lines(crontab_text(sample(), in));
  REQUIRE(jobs.size() == 3);
  CHECK(jobs[0].find("BACKCARE_JOURNAL=/home/ana/j.txt BACKCARE_ROUTINE='/home/ana/my routines/100\\%.toml' "
                     "TZ=Europe/Paris /usr/local/bin/backcare plan --due -q") != std::string::npos);
  CHECK(jobs[0].find("DISPLAY=:1 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1234/bus") != std::string::npos);
}

TEST_CASE("nothing scheduled: the header says so and there are no jobs", "[cron]") {
  Routine r = load_routine(R"(
[[exercise]]
id = "a"
name = "A"
phase = "stretch"
steps = ["s"]
hold = 30
[routine.extra]
exercises = ["a"]
)");
  std::string text = crontab_text(r, input());
  CHECK(job_lines(text).empty());
  CHECK(text.find("No routine has a schedule") != std::string::npos);
}
