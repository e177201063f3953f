"""Time: TZ in all its forms, DST gaps and folds, and a clock that moved
backwards. A day is a local calendar date everywhere (SPEC §2 "the clock",
§5 "entries dated after today").

Streaks across a year boundary and over 29 February are unit-tested in
tests/unit/streak_test.cpp; end-to-end tests of them belong with `stats`
(see TESTING.md)."""
import os
import re
import subprocess
import unittest

from harness import HEADER, MINIMAL_ROUTINE, BackcareTest

BERLIN = "/usr/share/zoneinfo/Europe/Berlin"


def local_date(tz):
    """Today in TZ as the C library sees it (GNU date uses the same code)."""
    return subprocess.run(["date", "+%F"], env={"TZ": tz}, capture_output=True, text=True, check=True).stdout.strip()



def routine_lines(plan_output):
    """The lines of `plan` that list a routine of the day (they start with its time)."""
    return [l for l in plan_output.splitlines() if re.match(r"\s+\d\d:\d\d\s+morning\b", l)]

class RealClockTest(BackcareTest):
    ZONES = [
        "UTC", "UTC0", "JST-9", "<+0530>-5:30", "IST-5:30", "<-03>3", "XYZ-14", "XYZ+12",
        "NZST-12NZDT,M9.5.0,M4.1.0/3", "EST5EDT,M3.2.0,M11.1.0",
    ]
    NAMED = ["Asia/Tokyo", ":Asia/Tokyo", "Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago",
             "America/St_Johns"]

    def check_zone(self, tz):
        env = {"BACKCARE_NOW": None, "TZ": tz,
               "BACKCARE_JOURNAL": os.path.join(self.tmp, tz.replace("/", "_") + ".txt")}
        before = local_date(tz)
        self.run_bc("log", "pain", "1", "--note", tz, env=env, check=0)
        after = local_date(tz)
        line = self.journal_lines(env["BACKCARE_JOURNAL"])[-1]
        self.assertIn(line[:10], (before, after), f"TZ={tz}: {line}")
        self.assertRegex(line, r"^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? pain 1 ")
        p = self.run_bc("plan", env=env, check=0)
        self.assertEqual(p.stderr, "", f"TZ={tz}: a line written now is never 'in the future'")

    def test_posix_tz_forms(self):
        for tz in self.ZONES:
            with self.subTest(tz=tz):
                self.check_zone(tz)

    @unittest.skipUnless(os.path.exists(BERLIN), "no tzdata (/usr/share/zoneinfo)")
    def test_named_zones(self):
        for tz in self.NAMED:
            with self.subTest(tz=tz):
                self.check_zone(tz)

    def test_a_zone_far_ahead_and_one_far_behind_disagree_on_the_day(self):
        # UTC+14 and UTC-12 are 26 hours apart: never the same date.
        ahead, behind = local_date("XYZ-14"), local_date("XYZ+12")
        self.assertNotEqual(ahead, behind)
        for tz, day in (("XYZ-14", ahead), ("XYZ+12", behind)):
            p = self.run_bc("log", "pain", "2", "--note", tz, env={"BACKCARE_NOW": None, "TZ": tz}, check=0)
            if local_date(tz) == day:  # not just past midnight
                self.assertTrue(self.journal_lines()[-1].startswith(day), p.stderr)
        # Read in the zone behind, the entry from the zone ahead is in the
        # future: one warning, as for a clock set back.
        if local_date("XYZ+12") == behind and local_date("XYZ-14") == ahead:
            p = self.run_bc("plan", env={"BACKCARE_NOW": None, "TZ": "XYZ+12"}, check=0)
            self.assertIn("1 entry dated after today", p.stderr)

    def test_an_unknown_zone_is_utc_as_in_the_c_library(self):
        self.check_zone("No/Such_Zone")


@unittest.skipUnless(os.path.exists(BERLIN), "no tzdata (/usr/share/zoneinfo)")
class DaylightSavingTest(BackcareTest):
    """BACKCARE_NOW is local wall-clock time: even an hour that does not
    exist (the spring gap) or happens twice (the autumn fold) is stamped as
    given, and its day is its calendar date."""

    def setUp(self):
        super().setUp()
        self.env["TZ"] = "Europe/Berlin"
        # Planned at 02:30, inside both the gap and the fold.
        self.write_routine(MINIMAL_ROUTINE.replace('"07:00"', '"02:30"'))

    def test_the_spring_gap(self):
        # 2026-03-29: clocks go from 02:00 to 03:00; 02:30 does not exist.
        for now in ("2026-03-29T01:59", "2026-03-29T02:30", "2026-03-29T03:01"):
            self.run_bc("log", "pain", "3", "--note", now, now=now, check=0)
        self.assertEqual([l[:16] for l in self.journal_lines()],
                         ["2026-03-29 01:59", "2026-03-29 02:30", "2026-03-29 03:01"])
        p = self.run_bc("plan", "--due", now="2026-03-29T02:29")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (1, "", ""))
        p = self.run_bc("plan", "--due", now="2026-03-29T02:30")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "morning\n", ""))
        with open(self.journal, "a", encoding="utf-8") as f:
            f.write("2026-03-29 02:45 session morning minutes=5\n")
        p = self.run_bc("plan", now="2026-03-29T03:15", check=0)
        self.assertEqual(p.stderr, "")
        self.assertIn("Sunday 29 March 2026", p.stdout)
        self.assertEqual(len(routine_lines(p.stdout)), 1, "the day is listed once")
        self.assertIn("done", p.stdout)
        self.assertEqual(self.run_bc("plan", "--due", now="2026-03-29T03:15").returncode, 1)
        # The next day starts afresh.
        p = self.run_bc("plan", "--due", now="2026-03-30T02:30")
        self.assertEqual((p.returncode, p.stdout), (0, "morning\n"))

    def test_the_autumn_fold(self):
        # 2026-10-25: 02:00-03:00 happens twice. A session in the first pass
        # counts for the whole day, in the second pass too.
        self.write_journal(f"{HEADER}\n2026-10-25 02:40 session morning minutes=5\n")
        for now in ("2026-10-25T02:30", "2026-10-25T02:50"):
            p = self.run_bc("plan", "--due", now=now)
            self.assertEqual((p.returncode, p.stdout, p.stderr), (1, "", ""), now)
            p = self.run_bc("plan", now=now, check=0)
            self.assertEqual(len(routine_lines(p.stdout)), 1)
            self.assertIn("done", p.stdout)
        # The same reading logged in both passes is the same line: it
        # counts once (identical lines count once, SPEC §3).
        self.run_bc("log", "pain", "4", now="2026-10-25T02:30", check=0)
        self.run_bc("log", "pain", "4", now="2026-10-25T02:30", check=0)
        self.assertEqual(self.journal_lines()[-2:], ["2026-10-25 02:30 pain 4"] * 2)
        self.assertEqual(self.run_bc("plan", now="2026-10-25T04:00", check=0).stderr, "")

    def test_the_real_clock_in_berlin(self):
        before = local_date("Europe/Berlin")
        self.run_bc("log", "pain", "1", env={"BACKCARE_NOW": None}, check=0)
        self.assertIn(self.journal_lines()[-1][:10], (before, local_date("Europe/Berlin")))


class ClockBackwardsTest(BackcareTest):
    """Entries dated after today (the clock was set back, or a journal came
    from a machine ahead of this one) are ignored with one warning; rest
    entries are plans and are kept without one."""

    def test_future_entries_are_ignored_with_one_warning(self):
        self.write_journal(
            f"{HEADER}\n"
            "2026-11-29 07:10 session morning minutes=12\n"
            "2026-11-30 07:10 session morning minutes=12\n"
            "2027-01-01 pain 9\n"
            "2026-11-29 rest note=\"travelling\"\n"
            "2026-12-24 rest\n"
            "2026-11-27 07:10 session morning minutes=12\n")
        p = self.run_bc("plan")
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, f"backcare: {self.journal}: 3 entries dated after today (2026-11-28) ignored; "
                                   "is the clock right?\n")
        # None of them makes today done.
        self.assertIn("due", p.stdout)
        p = self.run_bc("plan", "--due")
        self.assertEqual((p.returncode, p.stdout), (0, "morning\n"))
        self.assertIn("3 entries dated after today", p.stderr)
        # A day later they are no longer in the future.
        p = self.run_bc("plan", "--due", now="2026-11-29T08:00")
        self.assertEqual((p.returncode, p.stdout), (1, ""))
        self.assertIn("2 entries dated after today (2026-11-29)", p.stderr)

    def test_one_future_entry_is_named_in_the_singular(self):
        self.write_journal(f"{HEADER}\n2026-11-29 pain 2\n")
        p = self.run_bc("plan", check=0)
        self.assertIn(": 1 entry dated after today (2026-11-28) ignored", p.stderr)

    def test_a_rest_day_today_means_nothing_is_due(self):
        self.write_journal(f"{HEADER}\n2026-11-28 rest note=\"holiday\"\n2026-11-29 rest\n")
        p = self.run_bc("plan", "--due")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (1, "", ""))
        self.assertIn("rest", self.run_bc("plan", check=0).stdout)

    def test_logging_while_the_journal_holds_future_entries(self):
        self.write_journal(f"{HEADER}\n2027-01-01 pain 9\n")
        p = self.run_bc("log", "pain", "3", check=0)
        self.assertNotIn("after today", p.stderr)
        self.assertEqual(self.journal_lines(), ["2027-01-01 pain 9", "2026-11-28 08:00 pain 3"])


class BackcareNowTest(BackcareTest):
    def test_malformed_or_impossible_times_are_usage_errors(self):
        for now in ("2026-02-30T08:00", "2026-11-28T24:00", "2026-11-28T23:60", "2026-11-28T08:00:60",
                    "2026-11-28", "2026-11-28T08:00Z", "2026-11-28T08:00+01:00", "0000-00-00T00:00", "now", " "):
            with self.subTest(now=now):
                p = self.run_bc("plan", now=now)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("BACKCARE_NOW", p.stderr)
                self.assertEqual(p.stdout, "")

    def test_accepted_forms(self):
        for now, stamp in (("2026-11-28T08:00", "08:00"), ("2026-11-28 08:00", "08:00"),
                           ("2026-11-28T08:00:59", "08:00:59"), ("2024-02-29T23:59:59", "23:59:59")):
            with self.subTest(now=now):
                self.run_bc("log", "pain", "3", now=now, check=0)
                self.assertEqual(self.journal_lines()[-1], f"{now[:10]} {stamp} pain 3")

    def test_the_ends_of_the_calendar(self):
        p = self.run_bc("plan", now="9999-12-31T23:59", check=0)
        self.assertIn("Friday 31 December 9999", p.stdout)
        self.run_bc("log", "pain", "2", now="9999-12-31T23:59", check=0)
        self.assertEqual(self.run_bc("plan", "--due", now="9999-12-31T23:59").stdout, "morning\n")
        p = self.run_bc("plan", now="1900-01-01T00:00", check=0)
        self.assertIn("Monday 1 January 1900", p.stdout)
        self.assertIn("1 entry dated after today", p.stderr)
        p = self.run_bc("log", "pain", "2", "--date", "yesterday", now="1900-01-01T00:00", check=2)
        self.assertIn("1900", p.stderr)
        self.assertEqual(self.journal_lines(), ["9999-12-31 23:59 pain 2"])

    def test_an_empty_backcare_now_means_the_real_clock(self):
        self.run_bc("log", "pain", "3", env={"BACKCARE_NOW": "", "TZ": "UTC"}, check=0)
        self.assertIn(self.journal_lines()[-1][:10], (local_date("UTC"),))


if __name__ == "__main__":
    unittest.main(verbosity=2)
