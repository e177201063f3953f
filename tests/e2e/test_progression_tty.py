"""start on a terminal asks the morning reading the day after a session (SPEC §6)."""
from tty_support import CHECKED, TtyTest, main


class MorningReadingTtyTest(TtyTest):
    def test_the_morning_reading_is_asked_first_and_recorded(self):
        self.write_journal(CHECKED + "2026-11-27 07:00 session quick done=tiny-hold pain=2\n")
        c = self.spawn("start", "quick")
        c.expect("How is your back this morning")
        c.send("3\r")
        c.expect("Exercise 1 of 2: Tiny hold")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertIn("2026-11-28 08:00 pain 3 when=morning", self.journal_lines())
        self.assertEqual(self.sessions(), ["2026-11-27 07:00 session quick done=tiny-hold pain=2"])

    def test_not_asked_when_a_reading_was_given_today(self):
        self.write_journal(CHECKED + "2026-11-27 07:00 session quick done=tiny-hold pain=2\n"
                           "2026-11-28 07:00 pain 2\n")
        c = self.spawn("start", "quick")
        c.expect("Exercise 1 of 2: Tiny hold")
        c.send("q")
        code, out, stty = self.finish()
        self.assertNotIn("this morning", c.before + out)
        self.assertEqual(len([l for l in self.journal_lines() if "when=morning" in l]), 0)


if __name__ == "__main__":
    main()
