"""backcare start in a pseudo-terminal: signals, the safety question, spoken cues."""
import os
import signal
import stat
import time

from harness import HEADER
from tty_support import CHECKED, TINY_ROUTINE, TtyTest, main


class SignalTest(TtyTest):
    # -- signals ---------------------------------------------------------

    def run_until_one_done(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send("n")
        c.expect("Exercise 2 of 2")
        return c

    def test_sigterm_after_one_exercise_is_143_and_partial(self):
        self.run_until_one_done()
        os.kill(self.pid, signal.SIGTERM)
        code, out, stty = self.finish()
        self.assertEqual(code, 143)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 done=long-hold status=partial"])

    def test_sighup_after_one_exercise_is_129_and_partial(self):
        self.run_until_one_done()
        os.kill(self.pid, signal.SIGHUP)
        code, out, stty = self.finish()
        self.assertEqual(code, 129)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 done=long-hold status=partial"])

    def test_sigterm_before_any_exercise_records_nothing(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        os.kill(self.pid, signal.SIGTERM)
        code, out, stty = self.finish()
        self.assertEqual(code, 143)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), [])

    def test_sigkill_leaves_no_partial_line(self):
        self.run_until_one_done()
        os.kill(self.pid, signal.SIGKILL)
        code, out, stty = self.finish()
        self.assertEqual(code, 128 + 9)
        self.assertEqual(self.sessions(), [])
        self.assertEqual(self.read_journal(), CHECKED)

    def test_sighup_before_any_exercise_records_nothing(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        os.kill(self.pid, signal.SIGHUP)
        code, out, stty = self.finish()
        self.assertEqual(code, 129)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), [])
        self.assertEqual(self.read_journal(), CHECKED)

    def run_until_the_questions(self):
        c = self.run_until_one_done()
        c.send("n")
        c.expect("Session complete")
        c.expect("Pain now")
        return c

    def test_sigterm_at_the_end_questions_records_the_session_without_answers(self):
        # Every exercise was done: the session is complete; the questions
        # not yet answered are left out.
        self.run_until_the_questions()
        os.kill(self.pid, signal.SIGTERM)
        code, out, stty = self.finish()
        self.assertEqual(code, 143)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(),
                         ["2026-11-28 08:00 session long minutes=1 done=long-hold,other-hold status=complete"])

    def test_sighup_at_the_end_questions_records_the_session(self):
        self.run_until_the_questions()
        os.kill(self.pid, signal.SIGHUP)
        code, out, stty = self.finish()
        self.assertEqual(code, 129)
        self.assertEqual(self.sessions(),
                         ["2026-11-28 08:00 session long minutes=1 done=long-hold,other-hold status=complete"])

    def test_sigkill_at_the_end_questions_leaves_the_journal_as_it_was(self):
        self.run_until_the_questions()
        os.kill(self.pid, signal.SIGKILL)
        code, out, stty = self.finish()
        self.assertEqual(code, 128 + 9)
        self.assertEqual(self.read_journal(), CHECKED)

    # -- before the session ----------------------------------------------

    def test_first_run_note_and_the_safety_question(self):
        c = self.spawn("start", "long")
        c.expect("physiotherapist")
        c.expect("tearing or ripping pain")
        c.expect(r"apply to you now\? \[y/n\]")
        c.send("\r")  # Enter alone asks again
        c.send("n")
        c.expect("backcare check")
        c.expect("Hold 9:5")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        # A short form is not a screening: no check line.
        self.assertIsNone(self.read_journal())

    def test_safety_question_yes_stops_with_exit_1(self):
        self.write_journal(HEADER + "\n2026-11-20 07:30 check flags=none\n")  # 8 days ago: asked again
        c = self.spawn("start", "long")
        c.expect(r"apply to you now\? \[y/n\]")
        c.send("y")
        c.expect("EMERGENCY: call 999 now")
        c.expect("No session is started")
        c.expect("Which one, 1 to 13")
        c.send("3\r")
        code, out, stty = self.finish()
        self.assertEqual(code, 1)
        self.assertIn("Recorded: symptom tearing-pain", out)
        self.assertSaneTerminal(stty)
        lines = self.journal_lines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("2026-11-28 08:00 symptom tearing-pain"), lines)

    def test_a_check_within_7_days_skips_the_question(self):
        self.write_journal(HEADER + "\n2026-11-22 07:30 check flags=none\n"
                           "2026-11-21 07:30 session long done=tiny-hold\n")  # 6 days ago
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        self.assertNotIn("apply to you now", c.before)
        self.assertNotIn("physiotherapist", c.before)  # not the first run
        c.send("q")
        self.finish()

    # -- spoken cues -----------------------------------------------------

    def test_cue_command_gets_the_texts(self):
        self.write_journal(CHECKED)
        script = os.path.join(self.tmp, "say.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\nprintf "%s|%s\\n" "$1" "$2" >> "$0.out"\n')
        os.chmod(script, stat.S_IRWXU)
        routine = TINY_ROUTINE.replace("[settings]", f'[settings]\ncue = ["{script}", "--rate"]')
        self.write_routine(routine, self.routine_file)
        self.spawn("start", "quick", "--pain", "1", "--effort", "1", "--note", "")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        deadline = time.time() + 5
        text = ""
        while time.time() < deadline:
            text = open(script + ".out").read() if os.path.exists(script + ".out") else ""
            if "Session complete" in text:
                break
            time.sleep(0.1)
        self.assertIn("--rate|Get ready: Tiny hold, 3 seconds\n", text)
        self.assertIn("--rate|Hold\n", text)
        self.assertIn("--rate|Switch sides\n", text)
        self.assertIn("--rate|Session complete\n", text)

    def test_missing_cue_command_is_reported_once(self):
        self.write_journal(CHECKED)
        routine = TINY_ROUTINE.replace("[settings]", '[settings]\ncue = ["no-such-speech-command"]')
        self.write_routine(routine, self.routine_file)
        self.spawn("start", "quick", "--pain", "1", "--effort", "1", "--note", "")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertEqual(out.count("cannot run the cue command 'no-such-speech-command'"), 1)
        self.assertEqual(len(self.sessions()), 1)


if __name__ == "__main__":
    main()
