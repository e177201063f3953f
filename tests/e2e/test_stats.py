"""backcare stats: the figures of SPEC section 5, for people and for pipes."""
import datetime
import json
import os
import subprocess
import sys

from harness import BIN, HEADER, MINIMAL_ROUTINE, BackcareTest, SOURCE_DIR, main

# "now" is Saturday 2026-11-28 08:00; the default routine plans `morning`
# daily at 07:00 and 5 sessions a week.
WEEK = """\
# backcare journal v1
2026-11-23 07:10 session morning minutes=12 done=cat-cow,neck-tilts skipped=wall-slides pain=5 effort=4 status=complete
2026-11-24 rest note="travelling"
2026-11-25 07:05 session morning minutes=14.5 done=cat-cow,neck-tilts pain=4 status=complete
2026-11-26 07:00 session morning minutes=10 done=cat-cow skipped=wall-slides,neck-tilts sore=cat-cow pain=3
2026-11-26 21:00 pain 3 where=neck
2026-11-27 12:10 exercise doorway-stretch sets=2 hold=30s pain=2
2026-11-27 20:00 note "a good day"
"""


class StatsTest(BackcareTest):
    def stats(self, *args, **kw):
        return self.run_bc("stats", *args, **kw)

    def json(self, *args, **kw):
        p = self.stats("--json", *args, check=0, **kw)
        return json.loads(p.stdout), p

    # --- JSON -------------------------------------------------------------

    def test_json_holds_the_contract_keys_and_values(self):
        self.write_journal(WEEK)
        j, p = self.json()
        self.assertEqual(p.stderr, "")
        self.assertEqual(j["as_of"], "2026-11-28")
        # 23 active, 24 rest, 25, 26 active, 27 exercise: active; today not over.
        self.assertEqual(j["streak"], {"current": 4, "longest": 4})
        self.assertEqual(j["sessions"], 3)
        self.assertIsInstance(j["sessions"], int)
        self.assertEqual(j["minutes"], 36.5)
        self.assertEqual(j["week"]["sessions"], 3)
        self.assertEqual(j["week"]["target"], 5)
        pain = j["pain"]
        self.assertEqual(pain["last"], 2)  # the exercise of 27 Nov, 12:10
        self.assertIsNone(pain["avg_prev7"])
        self.assertEqual(pain["trend"], "unknown")
        self.assertAlmostEqual(pain["avg7"], (5 + 4 + 3 + 3 + 2) / 5)
        self.assertIsInstance(j["strength"], (int, float))
        self.assertTrue(0 < j["strength"] < 100)
        self.assertEqual(j["days"], {"active": 4, "neutral": 1, "missed": 1})
        self.assertEqual(j["exercises"]["cat-cow"], {"done": 3, "skipped": 0, "sore": 1})
        self.assertEqual(j["exercises"]["doorway-stretch"]["done"], 1)
        self.assertEqual(j["most_skipped"], "wall-slides")
        self.assertEqual(j["most_sore"], "cat-cow")
        self.assertEqual(j["first_day"], "2026-11-23")
        self.assertIsNone(j["since"])
        self.assertEqual([m["id"] for m in j["milestones"]], ["first-session"])
        self.assertEqual(j["milestones"][0]["date"], "2026-11-23")
        self.assertEqual(j["due"], ["morning"])  # 08:00, no session today

    def test_last_pain_reading_is_the_latest_by_date_and_time(self):
        self.write_journal(WEEK + "2026-11-27 23:30 pain 6\n2026-11-27 pain 1\n")
        j, _ = self.json()
        self.assertEqual(j["pain"]["last"], 6)
        self.assertEqual(j["pain"]["last_date"], "2026-11-27")

    def test_an_empty_or_missing_journal_gives_zeros_and_nulls(self):
        j, p = self.json()
        self.assertEqual(p.returncode, 0)
        self.assertFalse(os.path.exists(self.journal))  # reading never creates it
        self.assertEqual(j["streak"], {"current": 0, "longest": 0})
        self.assertEqual(j["sessions"], 0)
        self.assertEqual(j["minutes"], 0)
        self.assertEqual(j["week"], {"sessions": 0, "target": 5, "start": "2026-11-23"})
        self.assertEqual(j["pain"]["last"], None)
        self.assertEqual(j["pain"]["avg7"], None)
        self.assertEqual(j["pain"]["trend"], "unknown")
        self.assertEqual(j["milestones"], [])
        self.assertIsNone(j["most_skipped"])

    def test_pain_trend_improving_and_worsening(self):
        base = HEADER + "\n2026-11-16 pain 6\n2026-11-18 pain 6\n"
        self.write_journal(base + "2026-11-25 pain 4\n2026-11-27 pain 4\n")
        j, _ = self.json()
        self.assertEqual(j["pain"]["trend"], "improving")  # exactly 2 points
        self.assertEqual(j["pain"]["avg_prev7"], 6)
        self.write_journal(base + "2026-11-25 pain 7\n2026-11-27 pain 7\n")
        self.assertEqual(self.json()[0]["pain"]["trend"], "stable")  # 1 point, 17 %
        self.write_journal(base + "2026-11-25 pain 8\n2026-11-27 pain 8\n")
        self.assertEqual(self.json()[0]["pain"]["trend"], "worsening")

    def test_weekly_target_follows_the_routine(self):
        self.write_routine(MINIMAL_ROUTINE + "\n[goals]\nsessions_per_week = 3\n")
        self.write_journal(WEEK)
        j, _ = self.json()
        self.assertEqual(j["week"]["target"], 3)
        self.assertEqual(j["weekly_goal"]["current"], 1)  # this week: 3 of 3, met

    # --- the journal as read -----------------------------------------------

    def test_duplicated_lines_count_once(self):
        lines = WEEK.splitlines()
        doubled = "\n".join(lines + [lines[1], "  " + lines[3].replace(" ", "\t", 2) + "  ", lines[4]]) + "\n"
        self.write_journal(doubled)
        j, p = self.json()
        self.assertEqual(j["sessions"], 3)
        self.assertEqual(j["minutes"], 36.5)
        self.assertEqual(p.stderr, "")

    def test_bad_lines_are_warned_as_file_line_and_skipped(self):
        self.write_journal(WEEK + "2026-11-27 session morning pain=11\nnot a line\n2026-11-27 session evening\n")
        j, p = self.json()
        self.assertEqual(j["sessions"], 4)
        self.assertIn(f"backcare: {self.journal}:9: pain=11 is not a whole number", p.stderr)
        self.assertIn(f"backcare: {self.journal}:10: ", p.stderr)
        self.assertEqual(len(p.stderr.splitlines()), 2)

    def test_a_byte_order_mark_and_crlf_line_ends_are_read(self):
        self.write_journal("\ufeff2026-11-27 session morning minutes=10\r\n2026-11-28 07:00 pain 4\r\n")
        j, p = self.json()
        self.assertEqual((j["sessions"], j["minutes"], j["pain"]["last"]), (1, 10, 4))
        self.assertEqual(p.stderr, "")

    def test_future_entries_are_ignored_with_one_warning_but_rest_days_are_plans(self):
        self.write_journal(WEEK + "2026-11-30 session morning\n2026-12-01 pain 9\n2026-12-02 rest note=holiday\n")
        j, p = self.json()
        self.assertEqual(j["sessions"], 3)
        self.assertEqual(j["pain"]["last"], 2)
        lines = p.stderr.splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertIn("2 entries dated after today (2026-11-28) ignored", lines[0])

    def _generated(self, lines, start="2020-01-01"):
        gen = os.path.join(SOURCE_DIR, "bench", "gen_journal.py")
        return subprocess.run([sys.executable, gen, "--lines", str(lines), "--start", start],
                              capture_output=True, text=True, check=True).stdout.splitlines()

    def _figures(self, lines, now):
        self.write_journal("\n".join(lines) + "\n")
        j, p = self.json(now=now)
        self.assertEqual(p.stderr, "")
        check = self.run_bc("check", "--no-ask", check=None, now=now)
        return j, check.stdout, os.path.getsize(self.journal)

    def test_every_line_written_twice_counts_once_wherever_the_parts_split(self):
        # Finding 13: repeats are kept for the current date only; a line and
        # its copy may fall on both sides of the split into two parts.
        for n in (3000, 24000):  # below and above the size read on two threads
            with self.subTest(lines=n):
                lines = self._generated(n)
                now = lines[-1][:10] + "T23:00"
                want, want_check, _ = self._figures(lines, now)
                doubled = [l for line in lines for l in (line, line.replace(" ", "  ", 1))]
                got, got_check, size = self._figures(doubled, now)
                self.assertEqual(got, want)
                self.assertEqual(got_check, want_check)
                if n > 3000:
                    self.assertGreater(size, 4 * 1024 * 1024)

    def test_a_union_merged_journal_with_halves_out_of_order_counts_each_line_once(self):
        # Finding 13: two machines' journals merged by stretches, going back
        # in time at each seam, some lines on both, one repeat far later.
        for n in (3000, 24000):
            with self.subTest(lines=n):
                lines = self._generated(n)
                now = lines[-1][:10] + "T23:00"
                want, want_check, _ = self._figures(lines, now)
                a, b = [lines[0]], [lines[0]]
                for i, line in enumerate(lines[1:]):
                    if i % 5 != 1:
                        a.append(line)
                    if i % 5 != 3:
                        b.append(line)
                merged = []
                step = max(1, len(a) // 7)
                for k in range(0, max(len(a), len(b)), step):
                    merged += a[k:k + step] + b[k:k + step]
                merged += [lines[len(lines) // 3], lines[5]]
                self.assertEqual(sorted(set(merged)), sorted(set(lines)))
                got, got_check, _ = self._figures(merged, now)
                self.assertEqual(got, want)
                self.assertEqual(got_check, want_check)

    def test_a_union_merged_journal_gives_plan_the_prompt_path_and_the_overview_the_same_days(self):
        # Issue 13: plan, the prompt path and bare backcare read the days from
        # one fold (core/days); over a union merge whose halves interleave out
        # of order, with repeats, each says what it says of the journal in order.
        lines = self._generated(3000)
        now = lines[-1][:10] + "T23:00"
        a = [l for i, l in enumerate(lines) if i % 4 != 1]
        b = [l for i, l in enumerate(lines) if i % 4 != 3]
        merged, step = [], len(a) // 5
        for k in range(0, len(a), step):
            merged += b[k:k + step] + a[k:k + step]
        merged += [lines[len(lines) // 2], lines[7]]
        self.assertEqual(sorted(set(merged)), sorted(set(lines)))

        def views(journal):
            self.write_journal("\n".join(journal) + "\n")
            plan = self.run_bc("plan", "--json", check=None, now=now)
            streak = self.stats("--format", "{streak} {longest} {week}", check=None, now=now)
            overview = self.run_bc(check=None, now=now)
            return json.loads(plan.stdout), streak.stdout, overview.stdout

        want = views(lines)
        self.assertGreater(want[0]["week"]["sessions"], 0)
        self.assertRegex(want[1], r"^[1-9]\d* \d+ \d+\n$")
        self.assertIn("Streak:", want[2])
        self.assertEqual(views(merged), want)

    def test_a_large_journal_read_on_two_threads_gives_the_same_figures(self):
        # Over 256 KiB, the journal is read in two parts at once: a repeat
        # across the parts counts once, line numbers go on across them.
        gen = os.path.join(SOURCE_DIR, "bench", "gen_journal.py")
        text = subprocess.run([sys.executable, gen, "--lines", "4000", "--start", "2024-01-01"],
                              capture_output=True, text=True, check=True).stdout
        lines = text.splitlines()
        sessions = [l for l in lines if " session " in l]
        minutes = sum(float(w.split("=")[1]) for l in sessions for w in l.split() if w.startswith("minutes="))
        repeated = next(l for l in lines[:100] if " session " in l)  # from the first part
        lines.insert(3000, "2024-01-01 note " + "x" * 70000)  # too long, in the second part
        lines += [repeated, "2024-13-01 pain 3", lines[-1]]
        self.write_journal("\n".join(lines) + "\n")
        self.assertGreater(os.path.getsize(self.journal), 256 * 1024)
        last_day = lines[-1][:10]
        j, p = self.json(now=last_day + "T23:00")
        self.assertEqual(j["sessions"], len(sessions))
        self.assertAlmostEqual(j["minutes"], minutes)
        self.assertEqual(j["first_day"], "2024-01-01")
        self.assertEqual(p.stderr.splitlines(), [
            f"backcare: {self.journal}:3001: the line is longer than 64 KiB; skipped",
            f"backcare: {self.journal}:{len(lines) - 1}: '2024-13-01' is not a date (YYYY-MM-DD, a real calendar day)"])
        # The TSV has a row a day from the first to the last.
        t = self.stats("--tsv", check=0, now=last_day + "T23:00").stdout.splitlines()
        self.assertEqual(t[1].split("\t")[0], "2024-01-01")
        self.assertEqual(t[-1].split("\t")[0], last_day)
        self.assertEqual(sum(int(r.split("\t")[1]) for r in t[1:]), len(sessions))

    def test_readings_at_the_same_minute_across_the_two_parts_go_to_the_later_line(self):
        # Regression: the second part's lines were ordered from its own start,
        # so a tie of day and time across the split went to the earlier line
        # (pain.last 5, where a reading on one thread says 7).
        part1 = []
        day = datetime.date(1950, 1, 1)
        while day < datetime.date(2026, 11, 30):
            part1.append(f"{day} 08:00 session morning minutes=10")
            day += datetime.timedelta(days=1)
        part1.append("2026-11-30 10:00 pain 5")
        p1 = "".join(l + "\n" for l in part1)
        part2 = ["2026-11-30 10:00 pain 7"]
        k = 0
        while sum(len(l) + 1 for l in part2) < len(p1) - 200:
            d = "2026-11-30" if k < 1000 else "2026-12-01"  # dates forward, or one thread reads it
            part2.append(f"{d} {k // 60 % 24:02}:{k % 60:02} session morning minutes={k % 50 + 1}")
            k += 1
        rest = len(p1) - sum(len(l) + 1 for l in part2)
        part2.append("2026-12-01 note " + "x" * (rest - len("2026-12-01 note ") - 1))
        text = p1 + "".join(l + "\n" for l in part2)
        self.assertEqual(len(text), 2 * len(p1))  # the split falls just after the first reading
        self.assertGreater(len(text), 2 * 1024 * 1024)  # read on two threads
        self.write_journal(text)
        j, p = self.json(now="2026-12-01T23:00")
        self.assertEqual(p.stderr, "")
        self.assertEqual((j["pain"]["last"], j["pain"]["last_date"]), (7, "2026-11-30"))

    # --- --since and --until ---------------------------------------------

    def test_since_hides_earlier_days(self):
        self.write_journal(WEEK)
        j, _ = self.json("--since", "2026-11-25")
        self.assertEqual(j["since"], "2026-11-25")
        self.assertEqual(j["sessions"], 2)
        self.assertEqual(j["streak"]["current"], 3)
        self.assertEqual(j["first_day"], "2026-11-25")

    def test_until_plays_the_part_of_today(self):
        self.write_journal(WEEK)
        j, p = self.json("--until", "2026-11-25")
        self.assertEqual(j["as_of"], "2026-11-25")
        self.assertEqual(j["sessions"], 2)
        self.assertEqual(j["streak"], {"current": 2, "longest": 2})  # 23, 24 rest, 25 done
        self.assertEqual(j["week"]["sessions"], 2)
        self.assertEqual(j["due"], [])  # that day is over and its session done
        self.assertIn("entries dated after 2026-11-25 ignored", p.stderr)
        self.assertEqual(len(p.stderr.splitlines()), 1)
        j, _ = self.json("--until", "yesterday", "--since", "2026-11-26")
        self.assertEqual((j["as_of"], j["sessions"]), ("2026-11-27", 1))

    def test_bad_dates_and_ranges_are_usage_errors(self):
        for args in (["--since", "2026-02-30"], ["--until", "soon"], ["--since", "2026-11-27", "--until", "2026-11-26"],
                     ["--since", "tomorrow"]):
            p = self.stats(*args, check=2)
            self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)
        self.stats("--json", "--tsv", check=2)
        self.stats("--json", "--format", "{streak}", check=2)

    # --- TSV ---------------------------------------------------------------

    def test_tsv_has_a_header_and_a_row_a_day(self):
        self.write_journal(WEEK)
        p = self.stats("--tsv", check=0)
        rows = [r.split("\t") for r in p.stdout.splitlines()]
        self.assertEqual(rows[0], ["date", "sessions", "minutes", "pain", "state"])
        self.assertEqual(rows[1], ["2026-11-23", "1", "12", "5", "active"])
        self.assertEqual(rows[2], ["2026-11-24", "0", "0", "", "neutral"])
        self.assertEqual(rows[3], ["2026-11-25", "1", "14.5", "4", "active"])
        self.assertEqual(rows[4], ["2026-11-26", "1", "10", "3", "active"])
        self.assertEqual(rows[5], ["2026-11-27", "0", "0", "2", "active"])
        self.assertEqual(rows[6], ["2026-11-28", "0", "0", "", "missed"])
        self.assertEqual(len(rows), 7)
        self.assertNoEscapes(p.stdout)

    def test_tsv_marks_unplanned_days_neutral(self):
        self.write_routine(MINIMAL_ROUTINE.replace('days = "daily"', 'days = "weekdays"'))
        self.write_journal(HEADER + "\n2026-11-20 session morning\n")
        rows = [r.split("\t") for r in self.stats("--tsv", check=0).stdout.splitlines()[1:]]
        self.assertEqual([r[4] for r in rows], ["active", "neutral", "neutral", "missed", "missed", "missed",
                                                "missed", "missed", "neutral"])

    # --- --format --------------------------------------------------------

    def test_format_fills_the_named_fields(self):
        self.write_journal(WEEK)
        p = self.stats("--format", "{streak}d {longest} {week}/{target} {pain} {trend} {sessions} {minutes} [{due}] {{x}}",
                       check=0)
        self.assertEqual(p.stdout, "4d 4 3/5 2 unknown 3 36.5 [morning] {x}\n")
        self.assertEqual(self.stats("--format", "{date} {strength}", check=0).stdout.split()[0], "2026-11-28")

    def test_format_due_is_empty_once_the_session_is_done(self):
        self.write_journal(WEEK + "2026-11-28 07:30 session morning status=partial\n")
        self.assertEqual(self.stats("--format", "[{due}]", check=0).stdout, "[]\n")
        self.assertEqual(self.stats("--format", "[{due}]", check=0, now="2026-11-29T06:00").stdout, "[]\n")
        self.assertEqual(self.stats("--format", "[{due}]", check=0, now="2026-11-29T07:00").stdout, "[morning]\n")

    def test_an_unknown_field_is_a_usage_error_listing_the_known_ones(self):
        p = self.stats("--format", "{streak} {mood}", check=2)
        self.assertIn("unknown field {mood}", p.stderr)
        for f in ("{streak}", "{longest}", "{week}", "{target}", "{strength}", "{pain}", "{trend}", "{due}"):
            self.assertIn(f, p.stderr)
        self.assertEqual(p.stdout, "")
        p = self.stats("--format", "{streak", check=2)
        self.assertIn("no closing", p.stderr)
        self.stats("--format", "lone } brace", check=2)

    def test_format_reads_only_what_its_fields_need(self):
        # The pain needs no routine: a broken one is not even read.
        self.write_routine("this is not toml [")
        self.write_journal(WEEK)
        self.assertEqual(self.stats("--format", "{pain} {trend}", check=0).stdout, "2 unknown\n")
        self.stats("--format", "{streak}", check=65)
        # The target needs no journal: a folder in its place is not read.
        os.remove(self.routine_path)
        folder = os.path.join(self.tmp, "folder")
        os.makedirs(folder)
        self.assertEqual(self.run_bc("--journal", folder, "stats", "--format", "{target}", check=0).stdout, "5\n")
        self.run_bc("--journal", folder, "stats", "--format", "{streak}", check=66)

    # --- for a person -------------------------------------------------------

    def test_summary_in_a_pipe_is_plain_text(self):
        self.write_journal(WEEK)
        p = self.stats(check=0)
        self.assertNoEscapes(p.stdout)
        for s in ("streak", "4 days", "this week", "3 of 5 sessions", "strength", "pain", "Mon", "Sun",
                  "milestones", "first session", "most skipped", "wall-slides"):
            self.assertIn(s, p.stdout)
        for line in p.stdout.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertIn("\x1b[", self.stats("--color", "always", check=0).stdout)
        self.assertNoEscapes(self.stats("--color", "auto", env={"TERM": "xterm"}, check=0).stdout)

    def test_summary_for_a_new_user(self):
        p = self.stats(check=0)
        self.assertIn("Nothing recorded yet", p.stdout)

    def test_help_ends_with_examples(self):
        p = self.stats("--help", check=0)
        self.assertIn("Examples:", p.stdout)
        self.assertIn("--format", p.stdout)


if __name__ == "__main__":
    main()
