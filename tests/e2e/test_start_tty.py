"""backcare start in a pseudo-terminal: a whole session, keys, the window."""
import re
import time

from tty_support import CHECKED, TINY_ROUTINE, TtyTest, main


class SessionTest(TtyTest):
    # -- a whole session -------------------------------------------------

    def test_complete_session_countdown_answers_and_restored_terminal(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "quick")
        c.expect("Exercise 1 of 2: Tiny hold")
        c.expect(r"Hold 0:03")
        c.expect(r"Hold 0:02")  # the countdown moves on screen
        c.expect(r"Hold 0:01")
        c.expect("Exercise 2 of 2: Tiny reps")
        c.expect(r"Rep 1/2, first side")
        c.expect(r"Rep 2/2, first side")
        c.expect("Switch sides")
        c.expect(r"Rep \d/2, second side")
        c.expect("Session complete")
        c.expect("Pain now")
        c.send("1")
        c.send("2")  # 12 is refused
        c.send("\r")
        c.expect("from 0 to 10")
        c.send("3\r")
        c.expect("Effort")
        c.send("-")  # skipped (issue 17: '-' skips, Enter alone asks again)
        c.expect("note")
        c.send("stiff but ok\r")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertIn("Recorded quick: 1 min, 2 done. Streak: 1 day.", out)
        self.assertSaneTerminal(stty)
        lines = self.sessions()
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0], '2026-11-28 08:00 session quick minutes=1 done=tiny-hold,tiny-reps pain=3 '
                                   'status=complete note="stiff but ok"')

    def test_no_color_means_no_escape_codes_and_the_bell_rings(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "quick", "--pain", "2", "--effort", "3", "--note", "x")
        out = ""
        c.expect("Session complete")
        out += c.before
        code, rest, stty = self.finish()
        out += rest
        self.assertEqual(code, 0)
        self.assertNotIn("\x1b", out)
        self.assertIn("\a", out)
        # Answers given as options are not asked.
        self.assertNotIn("Pain now", out)
        self.assertIn("pain=2 effort=3", self.sessions()[0])

    def test_bell_off_and_colour_on(self):
        self.write_journal(CHECKED)
        self.write_routine(TINY_ROUTINE.replace("bell = true", "bell = false"), self.routine_file)
        c = self.spawn("start", "quick", "--pain", "2", "--effort", "3", "--note", "x", env={"NO_COLOR": ""})
        c.expect("Session complete")
        out = c.before
        code, rest, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertNotIn("\a", out)
        self.assertIn("\x1b[?25l", out)  # the cursor is hidden during the session
        self.assertIn("\x1b[?25h", out + rest)  # and shown again
        self.assertSaneTerminal(stty)

    # -- keys ------------------------------------------------------------

    def test_n_finishes_an_exercise_and_q_leaves_a_partial_line(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Exercise 1 of 2: Long hold")
        c.expect(r"Hold 9:5\d")
        c.send("n")
        c.expect("Exercise 2 of 2: Other hold")
        c.send("q")
        c.expect("Session stopped")
        # Issue 17: q asks pain and effort before the partial line.
        c.expect("Pain now")
        c.send("-")
        c.expect("Effort")
        c.send("-")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)
        lines = self.sessions()
        self.assertEqual(len(lines), 1)
        self.assertRegex(lines[0], r"^2026-11-28 08:00 session long minutes=1 done=long-hold status=partial$")

    def test_q_before_any_exercise_records_nothing(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertIn("Nothing recorded", out)
        self.assertEqual(self.sessions(), [])
        self.assertSaneTerminal(stty)

    def test_ctrl_c_after_one_exercise_is_130_and_partial(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send("\r")  # Enter ends the hold, the only set: done
        c.expect("Other hold")
        c.expect("Hold 9:5")
        c.send("\x03")
        code, out, stty = self.finish()
        self.assertEqual(code, 130)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 done=long-hold status=partial"])

    def test_pause_space_and_keys_help(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send(" ")
        c.expect("PAUSED")
        c.send("?")
        c.expect("show these keys")
        c.send(" ")
        c.expect(r"\rHold 9:")
        c.send("b")  # back on the first exercise: starts it again
        c.expect("Exercise 1 of 2: Long hold")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)

    def test_this_hurts_then_no_goes_on(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long", "--pain", "4", "--effort", "5", "--note", "")
        c.expect("Hold 9:5")
        c.send("p")
        c.expect("marked sore and skipped")
        for q in ("dizzy", "vision", "speaking or swallowing", "numbness or tingling"):
            c.expect(q + r".*\[y/n\]")
            c.send("n")
        c.expect(r"pain above 3 out of 10, this exercise's limit\? \[y/n\]")
        c.send("n")
        c.expect("Listen to your body")
        c.expect("Exercise 2 of 2: Other hold")
        c.expect("Hold 9:5")
        c.send("n")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 done=other-hold "
                                           "skipped=long-hold sore=long-hold pain=4 effort=5 status=complete"])

    def test_this_hurts_then_yes_ends_with_advice(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send("p")
        for q in ("dizzy", "vision", "speaking or swallowing"):
            c.expect(q + r".*\[y/n\]")
            c.send("n")
        c.expect(r"numbness or tingling\? \[y/n\]")
        c.send("y")
        c.expect("See a clinician soon")
        c.expect(r"Record this in your journal now.*\[y/n\]")
        c.send("n")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertIn("call 999", out)
        self.assertNotIn("you are fine", out.lower())
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 skipped=long-hold "
                                           "sore=long-hold status=partial"])

    # -- window ----------------------------------------------------------

    def test_resize_redraws_and_narrow_lines_fit(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long", dims=(24, 40))
        c.expect("Exercise 1 of 2:")
        c.expect("Hold 9:5")
        c.setwinsize(24, 30)
        c.expect("Exercise 1 of 2:")  # the card again, at the new width
        c.expect("Hold 9:")
        time.sleep(0.3)
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        # Every status update (after a carriage return) fits in 29 columns.
        for piece in re.split(r"[\r\n]", out):
            if piece.startswith("Hold"):
                self.assertLessEqual(len(piece.rstrip()), 29, piece)


if __name__ == "__main__":
    main()
