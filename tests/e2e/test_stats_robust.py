"""stats where the calendar and the journal are awkward: streaks across a
new year and over 29 February, a clock set back behind the journal, and
JSON that stays valid over the bad-byte journals of test_bad_bytes.py
(check --json too). SPEC section 5 for the definitions."""
import json
import os
import subprocess
import sys

from harness import HEADER, SOURCE_DIR, BackcareTest, main


def strict_json(test, stdout_bytes):
    """Parses bytes as JSON the strict way: UTF-8 only, no NaN or
    Infinity (Python's json accepts them by default), no control
    characters inside strings."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    try:
        text = stdout_bytes.decode("utf-8")
    except UnicodeDecodeError as e:
        test.fail(f"the JSON is not UTF-8: {e}")
    try:
        return json.loads(text, parse_constant=refuse)
    except ValueError as e:
        test.fail(f"not valid JSON ({e}):\n{text[:2000]}")


class StatsCalendarTest(BackcareTest):
    """Streaks, weeks and pain windows over the ends of years and months."""

    def json(self, *args, now):
        p = self.run_bc("stats", "--json", *args, now=now, check=0)
        return json.loads(p.stdout), p.stderr

    def tsv(self, *args, now):
        p = self.run_bc("stats", "--tsv", *args, now=now, check=0)
        return {r.split("\t")[0]: r.split("\t")[1:] for r in p.stdout.splitlines()[1:]}

    NEW_YEAR = (f"{HEADER}\n"
                "2026-12-26 07:00 session morning minutes=10\n"  # Saturday; Sunday 27 missed
                "2026-12-28 07:00 session morning minutes=10\n"  # Monday of 2026-W53
                "2026-12-29 07:00 session morning minutes=10\n"
                "2026-12-30 rest note=\"family\"\n"
                "2026-12-31 23:50 session morning minutes=10\n"
                "2027-01-01 00:10 exercise cat-cow sets=1\n")

    def test_a_streak_runs_across_the_new_year(self):
        self.write_journal(self.NEW_YEAR)
        # Saturday 2 January 2027, morning: today is not active yet, so the
        # run ends on 1 January: 28, 29, (30 rest), 31, 1 = 4 active days.
        j, err = self.json(now="2027-01-02T09:00")
        self.assertEqual(err, "")
        self.assertEqual(j["streak"], {"current": 4, "longest": 4})
        self.assertEqual(j["days"], {"active": 5, "neutral": 1, "missed": 2})
        # The ISO week 2026-W53 runs from Monday 28 December into January.
        self.assertEqual(j["week"]["start"], "2026-12-28")
        self.assertEqual(j["week"]["sessions"], 3)
        # The same day in the evening, after a session: 5.
        self.write_journal(self.NEW_YEAR + "2027-01-02 18:00 session morning minutes=10\n")
        j, _ = self.json(now="2027-01-02T20:00")
        self.assertEqual(j["streak"], {"current": 5, "longest": 5})
        self.assertEqual(j["week"]["sessions"], 4)
        self.assertEqual(self.run_bc("stats", "--format", "{streak}/{longest} {week}/{target}",
                                     now="2027-01-02T20:00", check=0).stdout, "5/5 4/5\n")
        # Monday 4 January is a new week (2027-W01), and still the same run.
        self.write_journal(self.NEW_YEAR + "2027-01-02 18:00 session morning\n2027-01-03 rest\n"
                           "2027-01-04 07:00 session morning\n")
        j, _ = self.json(now="2027-01-04T20:00")
        self.assertEqual(j["streak"]["current"], 6)
        self.assertEqual((j["week"]["start"], j["week"]["sessions"]), ("2027-01-04", 1))

    def test_the_new_year_in_tsv_since_and_until(self):
        self.write_journal(self.NEW_YEAR)
        rows = self.tsv(now="2027-01-02T09:00")
        self.assertEqual(list(rows), ["2026-12-26", "2026-12-27", "2026-12-28", "2026-12-29", "2026-12-30",
                                      "2026-12-31", "2027-01-01", "2027-01-02"])
        self.assertEqual([r[3] for r in rows.values()],
                         ["active", "missed", "active", "active", "neutral", "active", "active", "missed"])
        # --since the first of January: the December days are not seen.
        j, _ = self.json("--since", "2027-01-01", now="2027-01-02T09:00")
        self.assertEqual(j["streak"], {"current": 1, "longest": 1})
        self.assertEqual(j["sessions"], 0)
        self.assertEqual((j["week"]["start"], j["week"]["sessions"]), ("2026-12-28", 0))
        # --until New Year's Eve: that day plays today; the entry of 1
        # January is after it, left out with one warning.
        j, err = self.json("--until", "2026-12-31", now="2027-01-02T09:00")
        self.assertEqual(j["as_of"], "2026-12-31")
        self.assertEqual(j["streak"], {"current": 3, "longest": 3})
        self.assertEqual(err, f"backcare: {self.journal}: 1 entry dated after 2026-12-31 ignored\n")

    LEAP = (f"{HEADER}\n"
            "2028-02-27 07:00 session morning\n"
            "2028-02-28 07:00 session morning\n"
            "2028-02-29 07:00 session morning\n"
            "2028-03-01 07:00 session morning\n")

    def test_a_streak_over_29_february(self):
        self.write_journal(self.LEAP)
        j, err = self.json(now="2028-03-01T20:00")
        self.assertEqual(err, "")
        self.assertEqual(j["streak"], {"current": 4, "longest": 4})
        self.assertEqual(j["days"], {"active": 4, "neutral": 0, "missed": 0})
        rows = self.tsv(now="2028-03-01T20:00")
        self.assertEqual(list(rows), ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"])
        # Without the session of 29 February the run breaks there.
        self.write_journal(self.LEAP.replace("2028-02-29 07:00 session morning\n", ""))
        j, _ = self.json(now="2028-03-01T20:00")
        self.assertEqual(j["streak"], {"current": 1, "longest": 2})
        self.assertEqual(self.tsv(now="2028-03-01T20:00")["2028-02-29"][3], "missed")
        # A rest day on 29 February keeps it.
        self.write_journal(self.LEAP.replace("2028-02-29 07:00 session morning", "2028-02-29 rest"))
        self.assertEqual(self.json(now="2028-03-01T20:00")[0]["streak"], {"current": 3, "longest": 3})
        # 29 February as --since and --until.
        self.write_journal(self.LEAP)
        j, _ = self.json("--since", "2028-02-29", now="2028-03-01T20:00")
        self.assertEqual((j["since"], j["streak"]["current"], j["sessions"]), ("2028-02-29", 2, 2))
        j, _ = self.json("--until", "2028-02-29", now="2028-03-01T20:00")
        self.assertEqual((j["as_of"], j["streak"]["current"], j["sessions"]), ("2028-02-29", 3, 3))

    def test_in_a_common_year_28_february_is_followed_by_1_march(self):
        self.write_journal(f"{HEADER}\n2027-02-27 07:00 session morning\n2027-02-28 07:00 session morning\n"
                           "2027-02-29 07:00 session morning\n2027-03-01 07:00 session morning\n")
        j, err = self.json(now="2027-03-01T20:00")
        self.assertEqual(j["streak"], {"current": 3, "longest": 3})
        self.assertEqual(j["sessions"], 3)
        self.assertEqual(err, f"backcare: {self.journal}:4: '2027-02-29' is not a date (YYYY-MM-DD, a real calendar "
                              "day)\n")
        self.assertEqual(list(self.tsv(now="2027-03-01T20:00")), ["2027-02-27", "2027-02-28", "2027-03-01"])
        for opt in ("--since", "--until"):
            p = self.run_bc("stats", opt, "2027-02-29", now="2027-03-01T20:00", check=2)
            self.assertIn("2027-02-29", p.stderr)

    def test_the_pain_windows_count_29_february_as_a_day(self):
        # Today 1 March 2028: the last 7 days are 24 February to 1 March
        # (29 February among them), the 7 before are 17 to 23 February.
        self.write_journal(f"{HEADER}\n2028-02-16 pain 9\n2028-02-17 pain 6\n2028-02-23 pain 6\n"
                           "2028-02-24 pain 3\n2028-03-01 08:00 pain 3\n")
        j, _ = self.json(now="2028-03-01T20:00")
        p = j["pain"]
        self.assertEqual((p["avg7"], p["avg_prev7"], p["readings7"], p["readings_prev7"]), (3, 6, 2, 2))
        self.assertEqual(p["trend"], "improving")


class ClockSetBackTest(BackcareTest):
    """The clock is behind the journal (set back, or a journal from a
    machine ahead): later entries are ignored with ONE warning, whatever
    the output; rest days ahead are plans, kept without a warning."""

    BASE = (f"{HEADER}\n"
            "2026-11-25 07:00 session morning minutes=10 pain=4\n"
            "2026-11-26 07:00 session morning minutes=10 pain=4\n"
            "2026-11-27 07:00 session morning minutes=10 pain=3\n")

    def outputs(self):
        return (["stats"], ["stats", "--json"], ["stats", "--tsv"], ["stats", "--format", "{streak}"],
                ["stats", "--format", "{pain} {trend}"], ["stats", "--format", "{due}"])

    def test_many_future_entries_give_one_warning_in_every_output(self):
        future = "".join(f"2027-{m:02}-{d:02} 07:00 session morning minutes=10 pain=9\n"
                         for m in range(1, 13) for d in range(1, 29))
        self.write_journal(self.BASE + future + "2026-12-24 rest note=holiday\n2026-11-29 rest\n"
                           "2026-11-30 pain 9\n")
        n = 12 * 28 + 1
        for args in self.outputs():
            with self.subTest(args=args):
                p = self.run_bc(*args, check=0)
                self.assertEqual(p.stderr, f"backcare: {self.journal}: {n} entries dated after today (2026-11-28) "
                                           "ignored; is the clock right?\n")
        j = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        # Nothing of the future counts: 3 sessions, 30 minutes, last pain 3.
        self.assertEqual((j["sessions"], j["minutes"], j["pain"]["last"]), (3, 30, 3))
        self.assertEqual(j["streak"], {"current": 3, "longest": 3})
        self.assertEqual(j["due"], ["morning"])
        # The weekly target needs no journal: not read, no warning.
        p = self.run_bc("stats", "--format", "{target}", check=0)
        self.assertEqual((p.stdout, p.stderr), ("5\n", ""))

    def test_rest_days_ahead_are_kept_without_a_warning(self):
        self.write_journal(self.BASE + "2026-11-28 rest\n2026-11-29 rest note=\"trip\"\n2026-11-30 rest\n"
                           "2027-06-01 rest\n")
        for args in self.outputs():
            with self.subTest(args=args):
                self.assertEqual(self.run_bc(*args, check=0).stderr, "")
        # Today's rest day counts now: neutral, nothing due, the run goes on.
        j = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual(j["streak"], {"current": 3, "longest": 3})
        self.assertEqual(j["due"], [])
        self.assertEqual(j["days"], {"active": 3, "neutral": 1, "missed": 0})
        rows = self.run_bc("stats", "--tsv", check=0).stdout.splitlines()
        self.assertEqual(rows[-1].split("\t")[0], "2026-11-28")  # no row for the days ahead
        # When their days come, the planned rest days are there.
        later = self.run_bc("stats", "--tsv", now="2026-11-30T20:00", check=0)
        self.assertEqual(later.stderr, "")
        states = {r.split("\t")[0]: r.split("\t")[4] for r in later.stdout.splitlines()[1:]}
        self.assertEqual([states[d] for d in ("2026-11-28", "2026-11-29", "2026-11-30")], ["neutral"] * 3)
        self.assertEqual(json.loads(self.run_bc("stats", "--json", now="2026-11-30T20:00", check=0).stdout)["streak"],
                         {"current": 3, "longest": 3})

    def test_future_entries_across_both_parts_of_a_large_journal(self):
        # Over 256 KiB the journal is read on two threads: the future
        # entries of each part add up to one warning, the figures agree
        # with those of the journal without them.
        gen = os.path.join(SOURCE_DIR, "bench", "gen_journal.py")
        text = subprocess.run([sys.executable, gen, "--lines", "3000", "--start", "2025-01-01"],
                              capture_output=True, text=True, check=True).stdout
        lines = text.splitlines()
        now = lines[-1][:10] + "T23:00"
        clean = self.write_journal(text, os.path.join(self.tmp, "clean.txt"))
        future = [f"2030-01-{d:02} 07:00 session morning minutes=10 pain=9" for d in range(1, 21)]
        mixed = lines[:100] + future[:10] + lines[100:2900] + future[10:] + ["2030-02-01 rest"] + lines[2900:]
        self.write_journal("\n".join(mixed) + "\n")
        self.assertGreater(os.path.getsize(self.journal), 256 * 1024)
        want = json.loads(self.run_bc("--journal", clean, "stats", "--json", now=now, check=0).stdout)
        p = self.run_bc("stats", "--json", now=now, check=0)
        self.assertEqual(p.stderr, f"backcare: {self.journal}: 20 entries dated after today ({now[:10]}) ignored; "
                                   "is the clock right?\n")
        self.assertEqual(json.loads(p.stdout), want)


class BadBytesJsonTest(BackcareTest):
    """stats --json and check --json print valid JSON (strictly: UTF-8, no
    NaN) whatever bytes the journal holds; the other outputs of stats do
    not fail either."""

    BAD_LINES = [
        HEADER.encode(),
        b"2026-11-27 note note=\"a\x00b\"",                                    # NUL
        b"2026-11-27 note note=\"caf\xe9\"",                                   # Latin-1, not UTF-8
        b"2026-11-27 note note=\"\xc0\xaf\"",                                  # overlong
        b"2026-11-27 note note=\"\xed\xa0\x80\"",                              # surrogate
        b"2026-11-27 session morning pain=99999999999999999999",              # a long number
        b"2026-11-27 session morning minutes=1e309",                          # beyond a double
        b"2026-11-27 session morning minutes=1e308",
        b"2026-11-27 session morning minutes=nan",
        b"2026-11-27 session morning minutes=-0",
        b"2026-11-27 session morning minutes=1440 pain=10 effort=10",         # the largest allowed
        b"0000-00-00 pain 3",
        b"2026-02-30 pain 3",
        b"2026-11-27 24:00 pain 3",
        b"2026-11-27 23:60 pain 3",
        b"\xef\xbb\xbf2026-11-27 pain 3",                                     # a BOM not at the start
        b"2026-11-27 note note=\"\x1b[31mred\"",                              # an escape code
        b"2026-11-27 pain 3 where=\"neck\rback\"",                            # a lone CR
        b"2026-11-27 session morning done=\xe7\x97\x9b\xe3\x81\x84,cat-cow",  # a non-ASCII id
        b"2026-11-27 exercise \xc3\xa9tirement sets=1",
        b"2026-11-27 symptom caf\xe9",
        b"2026-11-27 symptom \"tingling\\\" x\"",
        b"2026-11-27 check flags=fever,\xff",
        b"2026-11-27\tsession\tmorning\tminutes=12\tpain=4   # tabs and a comment\r",
        b"2026-11-26 symptom numbness note=\"\xe2\x80\xae reversed \\\\ \\\"quoted\\\"\"",
        b"2026-11-26 07:00 session \xf0\x9f\x98\x80 minutes=5",
        b"2026-11-25 07:00 session morning done=cat-cow sore=cat-cow pain=7",
        b"2026-11-28 07:30 pain 2 note=\"" + b"\\\"" * 3000 + b"\"",
    ]

    def read_all(self, raw):
        os.makedirs(os.path.dirname(self.journal), exist_ok=True)
        with open(self.journal, "wb") as f:
            f.write(raw)
        results = {}
        for args, ok in ((["stats", "--json"], (0,)), (["check", "--no-ask", "--json"], (0, 1)),
                         (["stats"], (0,)), (["stats", "--tsv"], (0,)),
                         (["stats", "--format", "{streak} {pain} {avg7} {trend} {due} {minutes}"], (0,)),
                         (["check", "--no-ask"], (0, 1))):
            p = subprocess.run([self.bin, *args], env=self.env, capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL)
            self.assertIn(p.returncode, ok, f"{args}: {p.stderr[-2000:]!r}")
            self.assertNotIn(b"\x1b", p.stdout + p.stderr, f"{args}: an escape code reached the output")
            for line in p.stderr.decode("utf-8", "replace").splitlines():
                self.assertTrue(line.startswith("backcare: "), f"{args}: {line!r}")
            results[tuple(args)] = p
        stats = strict_json(self, results[("stats", "--json")].stdout)
        check = strict_json(self, results[("check", "--no-ask", "--json")].stdout)
        self.assertIsInstance(stats["streak"]["current"], int)
        self.assertIn(stats["pain"]["trend"], ("improving", "stable", "worsening", "unknown"))
        self.assertIsInstance(check["flags"], list)
        for flag in check["flags"]:
            self.assertIn(flag["tier"], ("emergency", "urgent", "soon"))
            self.assertTrue(flag["message"])
        return stats, check

    @property
    def bin(self):
        from harness import BIN
        return BIN

    def test_bad_lines(self):
        stats, check = self.read_all(b"\n".join(self.BAD_LINES) + b"\n")
        # What could be read is counted: the largest session, the line
        # with tabs (minutes=12), -0 minutes and the sore one.
        self.assertEqual(stats["minutes"], 1440 + 12)
        self.assertEqual(stats["exercises"]["cat-cow"], {"done": 1, "skipped": 0, "sore": 1})
        self.assertEqual(stats["pain"]["last"], 2)
        ids = {f["id"] for f in check["flags"]}
        self.assertIn("symptom:numbness", ids)

    def test_a_byte_order_mark_crlf_and_repeats(self):
        raw = ("\ufeff" + HEADER + "\r\n"
               "2026-11-27\t07:10\t\tsession   morning\tminutes=12  \r\n"
               "2026-11-27 07:10 session morning minutes=12\n"   # the same line: counts once
               "2026-11-27 18:00 session evening minutes=5   # after work\r\n"
               "2026-11-28 07:00 pain 3 where=neck\r\n").encode()
        stats, _ = self.read_all(raw)
        self.assertEqual((stats["sessions"], stats["minutes"], stats["pain"]["last"]), (2, 17, 3))

    def test_a_tail_of_nul_bytes(self):
        stats, _ = self.read_all(f"{HEADER}\n2026-11-27 07:00 session morning\n".encode() + b"\x00" * 8192)
        self.assertEqual(stats["sessions"], 1)

    def test_a_binary_file(self):
        self.read_all(bytes(range(256)) * 64 + b"\n" + bytes(range(255, -1, -1)) * 64)

    def test_only_blanks(self):
        stats, check = self.read_all(b"\n" * 100000 + b" \t\r\n" * 1000)
        self.assertEqual(stats["sessions"], 0)
        self.assertEqual(check["flags"], [])

    def test_a_line_longer_than_64_kib(self):
        stats, _ = self.read_all(f"{HEADER}\n2026-11-27 note note=\"{'x' * 70000}\"\n"
                                 "2026-11-27 07:00 session morning minutes=3\n".encode())
        self.assertEqual(stats["minutes"], 3)


if __name__ == "__main__":
    main()
