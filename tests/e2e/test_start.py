"""backcare start without a terminal: --no-wait, --dry-run, plain text, bad input."""
import re

from harness import HEADER, MINIMAL_ROUTINE, BackcareTest, main

SESSION_RE = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d) session (\S+)(.*)$")


def fields(line):
    """The key=value fields of a journal line (values unquoted)."""
    out = {}
    for m in re.finditer(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)', line):
        v = m.group(2)
        if v.startswith('"'):
            v = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        out[m.group(1)] = v
    return out


class NoWaitTest(BackcareTest):
    def test_records_one_complete_session_with_the_answers(self):
        p = self.run_bc("start", "morning", "--no-wait", "--pain", "3", "--effort", "4", "--note", "tight \"neck\"",
                        "--skip", "cat-cow,neck-tilts", check=0)
        self.assertNoEscapes(p.stdout)
        self.assertIn("Morning: 11 exercises, about", p.stdout)
        self.assertIn("Doorway stretch", p.stdout)
        self.assertIn("Cat-cow (cat-cow): skipped", p.stdout)
        lines = self.journal_lines()
        self.assertEqual(len(lines), 1)
        m = SESSION_RE.match(lines[0])
        self.assertIsNotNone(m, lines[0])
        self.assertEqual(m.group(1), "2026-11-28")
        self.assertEqual(m.group(2), "08:00")
        self.assertEqual(m.group(3), "morning")
        f = fields(lines[0])
        self.assertEqual(f["done"], "shoulder-rolls,arm-circles,wall-slides,doorway-stretch,childs-pose,"
                                    "seated-twist,neck-stretch,arm-across-chest,deep-breathing")
        self.assertEqual(f["skipped"], "neck-tilts,cat-cow")  # in the routine's order
        self.assertEqual(f["pain"], "3")
        self.assertEqual(f["effort"], "4")
        self.assertEqual(f["status"], "complete")
        self.assertEqual(f["note"], 'tight "neck"')
        self.assertNotIn("sore", f)
        # minutes: the routine's expected minutes, as the dry run says.
        d = self.run_bc("start", "morning", "--dry-run", check=0)
        expected = re.search(r"about (\d+) minutes", d.stdout).group(1)
        self.assertEqual(f["minutes"], expected)
        self.assertIn("Streak: 1 day", p.stdout)

    def test_without_answers_the_keys_are_left_out(self):
        self.run_bc("start", "desk-break", "--no-wait", check=0)
        f = fields(self.journal_lines()[0])
        for key in ("pain", "effort", "note", "skipped", "sore"):
            self.assertNotIn(key, f)
        self.assertEqual(f["status"], "complete")
        self.assertEqual(len(f["done"].split(",")), 6)

    def test_quiet_prints_nothing(self):
        p = self.run_bc("start", "--no-wait", "-q", check=0)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "")
        self.assertEqual(len(self.journal_lines()), 1)

    def test_bad_answers_exit_2_and_write_nothing(self):
        for args in (["--pain", "12"], ["--effort", "-1"], ["--pain", "x"], ["--skip", "cat-cow,nope"],
                     ["--skip", "seated-row"], ["--note", "two\nlines"]):
            with self.subTest(args=args):
                p = self.run_bc("start", "morning", "--no-wait", *args, check=2)
                self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)
                self.assertIsNone(self.read_journal())
        p = self.run_bc("start", "morning", "--no-wait", "--skip", "seated-row", check=2)
        self.assertIn("neck-tilts", p.stderr)  # lists what the routine has

    def test_skipping_everything_records_nothing(self):
        ids = "neck-tilts,shoulder-rolls,scapular-shrugs,neck-stretch,arm-across-chest,triceps-stretch"
        self.run_bc("start", "desk-break", "--no-wait", "--skip", ids, check=2)
        self.assertIsNone(self.read_journal())

    def test_appends_to_an_existing_journal(self):
        self.write_journal(HEADER + "\n2026-11-27 07:10 session morning minutes=11 status=complete\n")
        p = self.run_bc("start", "--no-wait", check=0)
        lines = self.journal_lines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("2026-11-28 08:00 session morning "))
        self.assertIn("Streak: 2 days", p.stdout)
        self.assertNotIn("constant", p.stdout)  # the first-run note is for the first run only


class FirstRunTest(BackcareTest):
    def test_first_run_note_until_a_session_exists(self):
        p = self.run_bc("start", "--dry-run", check=0)
        self.assertNotIn("constant", p.stdout)  # a dry run is not a run
        p = self.run_bc("start", check=0)
        self.assertIn("constant", p.stdout)
        self.assertIn("doctor or physiotherapist", p.stdout)
        self.run_bc("start", "--no-wait", check=0)
        p = self.run_bc("start", check=0)
        self.assertNotIn("constant", p.stdout)


class PlainTest(BackcareTest):
    def test_without_a_terminal_quiet_says_nothing(self):
        p = self.run_bc("start", "-q", check=0)
        self.assertEqual(p.stdout + p.stderr, "")

    def test_without_a_terminal_it_prints_and_records_nothing(self):
        p = self.run_bc("start", "morning", check=0)
        self.assertIn("Neck tilts", p.stdout)
        self.assertIn("Expected time: about", p.stdout)
        self.assertNoEscapes(p.stdout)
        self.assertIn("--no-wait", p.stderr)
        self.assertTrue(p.stderr.startswith("backcare: "))
        self.assertIsNone(self.read_journal())

    def test_dry_run_prints_the_expected_minutes_and_writes_nothing(self):
        p = self.run_bc("start", "full", "--dry-run", check=0)
        self.assertRegex(p.stdout, r"Full session: 17 exercises, about \d+ minutes")
        self.assertIn("Expected time: about", p.stdout)
        self.assertIn("nothing is recorded", p.stdout)
        self.assertIsNone(self.read_journal())
        p = self.run_bc("start", "full", "--dry-run", "--no-wait", "--pain", "2", check=0)
        self.assertIsNone(self.read_journal())
        p = self.run_bc("start", "--dry-run", "--pain", "11", check=2)

    def test_dry_run_shows_todays_doses_from_the_journal(self):
        # Two easy sessions in a row move doorway-stretch up one step: 20 s -> 25 s.
        self.write_journal(HEADER + "\n"
                           "2026-11-26 07:10 session morning done=doorway-stretch pain=2 effort=3 status=complete\n"
                           "2026-11-27 07:10 session morning done=doorway-stretch pain=2 effort=3 status=complete\n")
        p = self.run_bc("start", "morning", "--dry-run", check=0)
        self.assertRegex(p.stdout, r"Dose: 2 × 25 s")

    def test_skip_in_a_dry_run(self):
        p = self.run_bc("start", "morning", "--dry-run", "--skip", "cat-cow", check=0)
        self.assertIn("6. Cat-cow (cat-cow): skipped", p.stdout)
        self.assertNotIn("Get on all fours", p.stdout)

    def test_colour_only_when_asked(self):
        p = self.run_bc("start", "--dry-run", "--color", "always", check=0)
        self.assertIn("\x1b[", p.stdout)
        p = self.run_bc("start", "--dry-run", "--color", "always", "--no-color", check=0)
        self.assertNoEscapes(p.stdout)


class PickRoutineTest(BackcareTest):
    def test_unknown_routine_exits_2_and_lists_the_routines(self):
        p = self.run_bc("start", "nope", "--no-wait", check=2)
        for name in ("morning", "evening", "desk-break", "full"):
            self.assertIn(name, p.stderr)
        self.assertIsNone(self.read_journal())

    def test_no_routine_picks_the_one_due_now(self):
        self.write_routine(MINIMAL_ROUTINE + '\n[routine.lunch]\nexercises = ["cat-cow"]\ndays = "daily"\n'
                           'times = ["12:00"]\n')
        # Both due at 12:30: the first of them.
        p = self.run_bc("start", "--dry-run", now="2026-11-28T12:30", check=0)
        self.assertTrue(p.stdout.startswith("morning:"), p.stdout)
        # morning (07:00) is due at 08:00; lunch is not yet.
        p = self.run_bc("start", "--dry-run", now="2026-11-28T08:00", check=0)
        self.assertTrue(p.stdout.startswith("morning:"), p.stdout)
        # Before 07:00 nothing is due: the next planned one.
        p = self.run_bc("start", "--dry-run", now="2026-11-28T06:00", check=0)
        self.assertTrue(p.stdout.startswith("morning:"), p.stdout)
        # morning done today at 12:30: lunch is due.
        self.write_journal(HEADER + "\n2026-11-28 07:05 session morning status=partial done=cat-cow\n")
        p = self.run_bc("start", "--dry-run", now="2026-11-28T12:30", check=0)
        self.assertTrue(p.stdout.startswith("lunch:"), p.stdout)
        # Both done: the next planned, which is tomorrow's morning.
        self.write_journal(HEADER + "\n2026-11-28 07:05 session morning done=cat-cow\n"
                           "2026-11-28 12:05 session lunch done=cat-cow\n")
        p = self.run_bc("start", "--dry-run", now="2026-11-28T13:00", check=0)
        self.assertTrue(p.stdout.startswith("morning:"), p.stdout)

    def test_unscheduled_routines_fall_back_to_the_first(self):
        self.write_routine(MINIMAL_ROUTINE.replace('days = "daily"\ntimes = ["07:00"]\n', "")
                           + '\n[routine.other]\nexercises = ["neck-stretch"]\n')
        p = self.run_bc("start", "--dry-run", check=0)
        self.assertTrue(p.stdout.startswith("morning:"), p.stdout)


class HelpTest(BackcareTest):
    def test_help_has_examples(self):
        p = self.run_bc("start", "--help", check=0)
        self.assertIn("Examples:", p.stdout)
        for opt in ("--no-wait", "--dry-run", "--pain", "--effort", "--note", "--skip", "--quiet"):
            self.assertIn(opt, p.stdout)


if __name__ == "__main__":
    main()
