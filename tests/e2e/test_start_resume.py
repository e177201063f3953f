"""start --resume (issue 17): today's interrupted session goes on from the
first exercise not done; the continuation line names the partial one with
resumes=, and stats, plan and report count the two as one session."""
import json

from harness import HEADER
from test_start_forgive import FORGIVE_ROUTINE
from tty_support import CHECKED, TtyTest, main

PARTIAL = "2026-11-28 07:42:10 session long minutes=4 done=long-hold pain=2 status=partial\n"


class ResumeTest(TtyTest):
    def setUp(self):
        super().setUp()
        self.use_routine(FORGIVE_ROUTINE, "forgive.toml")

    def stats(self):
        return json.loads(self.run_bc("stats", "--json", check=0).stdout)

    def test_resume_in_a_terminal_goes_on_from_the_first_exercise_not_done(self):
        self.write_journal(CHECKED + PARTIAL)
        c = self.spawn("start", "--resume", "--pain", "1", "--effort", "2", "--note", "")
        c.expect("Resuming long from 07:42: 1 done, 1 to go.")
        c.expect("Exercise 1 of 1: Quick hold")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertNotIn("Long hold", c.before)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), [PARTIAL.strip(),
                                           "2026-11-28 08:00 session long minutes=1 done=quick-hold pain=1 effort=2 "
                                           "status=complete resumes=07:42:10"])
        s = self.stats()
        self.assertEqual(s["sessions"], 1)  # one session, not two
        self.assertEqual(s["minutes"], 5)
        self.assertEqual(s["week"]["sessions"], 1)

    def test_a_plain_start_names_the_interrupted_session(self):
        self.write_journal(CHECKED + PARTIAL)
        c = self.spawn("start", "long")
        c.expect(r"started at 07:42 was interrupted: 'backcare start\s+--resume'")
        c.expect("Exercise 1 of 2: Long hold")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertEqual(self.sessions(), [PARTIAL.strip()])

    def test_no_wait_resume_and_a_second_resume_finds_nothing(self):
        self.write_journal(HEADER + "\n" + PARTIAL)
        out = self.run_bc("start", "--resume", "--no-wait", "-q", check=0)
        self.assertEqual(self.sessions()[-1], "2026-11-28 08:00 session long minutes=1 done=quick-hold "
                                              "status=complete resumes=07:42:10")
        p = self.run_bc("start", "--resume", "--no-wait", check=1)
        self.assertIn("backcare: no interrupted session today to resume", p.stderr)
        self.assertEqual(self.stats()["sessions"], 1)
        plan = self.run_bc("plan", "--week", check=0).stdout
        self.assertRegex(plan, r"1 of \d+ sessions")

    def test_a_chain_of_resumes_counts_once(self):
        # Interrupted twice: the second partial continues the first; resuming
        # it again leaves out what both did.
        self.write_journal(HEADER + "\n" + PARTIAL.replace("done=long-hold", "done=quick-hold") +
                           "2026-11-28 07:50 session long minutes=2 done=long-hold status=partial resumes=07:42:10\n")
        p = self.run_bc("start", "--resume", "--no-wait", check=1)
        self.assertIn("has done every exercise", p.stderr)
        self.assertEqual(self.stats()["sessions"], 1)

    def test_resume_of_another_routine_or_with_nothing_interrupted(self):
        self.write_journal(HEADER + "\n" + PARTIAL)
        p = self.run_bc("start", "one", "--resume", "--no-wait", check=1)
        self.assertIn("no interrupted session of 'one' today", p.stderr)
        p = self.run_bc("start", "--resume", "--no-wait", now="2026-11-29T08:00", check=1)
        self.assertIn("no interrupted session today", p.stderr)

    def test_the_journal_is_read_once_so_a_bad_line_is_warned_once(self):
        # Found by hand: --resume read the journal a second time and warned
        # about each bad line twice.
        self.write_journal(HEADER + "\n2026-11-28 pain 99\n" + PARTIAL)
        p = self.run_bc("start", "--resume", "--no-wait", "-q", check=0)
        self.assertEqual(p.stderr.count(":2: pain needs a level"), 1, p.stderr)
        self.assertIn("resumes=07:42:10", self.sessions()[-1])


if __name__ == "__main__":
    main()
