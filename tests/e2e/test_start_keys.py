"""backcare start in a pseudo-terminal: escape sequences (function keys,
arrows, Alt) and suspending with Ctrl-Z or SIGTSTP, then fg (issue 11).

The suspend tests run backcare as a job of an interactive bash, the way a
person does: Ctrl-Z can stop only a process whose process group a shell
with job control watches (the kernel ignores SIGTSTP in an orphaned one).
"""
import os
import shutil
import signal
import time
import unittest

from tty_support import BIN, CHECKED, TtyTest, main, pexpect

KEYS_ROUTINE = """\
[settings]
bell = false
rest_between = 1

[[exercise]]
id = "short-hold"
name = "Short hold"
phase = "relief"
steps = ["Hold still."]
hold = 4

[[exercise]]
id = "long-hold"
name = "Long hold"
phase = "stretch"
steps = ["Stay."]
hold = 600

[routine.keys]
exercises = ["long-hold", "short-hold"]

[routine.stop]
exercises = ["short-hold", "long-hold"]
"""

F_KEYS = {
    "F1": "\x1bOP", "F2": "\x1bOQ", "F3": "\x1bOR", "F4": "\x1bOS",
    "F1 (vt)": "\x1b[11~", "F2 (vt)": "\x1b[12~", "F4 (vt)": "\x1b[14~", "F5": "\x1b[15~",
    "F1 (Linux console)": "\x1b[[A", "Shift-F1": "\x1b[1;2P", "Ctrl-Left": "\x1b[1;5D",
    "Alt-q": "\x1bq", "Alt-p": "\x1bp", "Alt-s": "\x1bs", "Alt-n": "\x1bn",
    "Home": "\x1b[H", "Delete": "\x1b[3~",
}


class KeyTest(TtyTest):
    def setUp(self):
        super().setUp()
        self.use_routine(KEYS_ROUTINE, "keys.toml")
        self.write_journal(CHECKED)

    def test_function_keys_and_alt_keys_do_nothing(self):
        # Found by hand: F1 (ESC O P) marked the exercise sore ('P'), F2
        # quit ('Q'), F4 skipped ('S').
        c = self.spawn("start", "keys")
        c.expect("Long hold")
        c.expect(r"\d+:\d\d")  # the countdown runs
        time.sleep(1.5)  # into the hold
        for name, seq in F_KEYS.items():
            c.send(seq)
            time.sleep(0.05)
        with self.assertRaises(pexpect.TIMEOUT, msg="a function key acted as a session key"):
            c.expect(r"sore|skipped|Session stopped|dizzy|Paused|PAUSED|Short hold", timeout=1.5)
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertIn("Nothing recorded", out)
        self.assertSaneTerminal(stty)

    def test_left_goes_back_and_right_ends_the_step(self):
        c = self.spawn("start", "keys")
        c.expect("Long hold")
        c.expect(r"\d+:\d\d")
        time.sleep(1.5)
        c.send("n")  # long-hold done: the next card
        c.expect("Short hold")
        c.send("\x1b[D")  # Left: back, as b
        c.expect("Long hold")
        time.sleep(1.5)  # past its 1 s get-ready, into the hold
        c.send("\x1bOC")  # Right (application cursor mode): ends the hold, as Enter
        c.expect("Short hold")
        c.send("q")
        c.expect("Pain now")  # issue 17: q asks before the partial line; q again stops asking
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)
        sessions = self.sessions()
        self.assertEqual(len(sessions), 1, sessions)
        self.assertIn("done=long-hold", sessions[0])
        self.assertIn("status=partial", sessions[0])

    def test_the_keys_help_names_the_arrows_and_ctrl_z(self):
        c = self.spawn("start", "keys")
        c.expect("Long hold")
        c.send("?")
        c.expect("show these keys")
        text = c.before
        self.assertRegex(text, r"Right\s+the same as Enter")
        self.assertRegex(text, r"Left\s+the same as b")
        self.assertIn("Ctrl-Z", text)
        c.send("q")
        self.assertEqual(self.finish()[0], 0)


@unittest.skipUnless(shutil.which("bash"), "needs bash")
class SuspendTest(TtyTest):
    """Found by hand: after Ctrl-Z (or SIGTSTP) and fg the terminal was left
    in cooked mode (keys echoed, q needed Enter), the time stopped counted
    as exercise time (a 70 s stop recorded the exercise as done), and
    Ctrl-Z itself did nothing (raw mode turns it into a plain byte)."""

    def setUp(self):
        super().setUp()
        self.routine_file = self.write_routine(KEYS_ROUTINE, os.path.join(self.tmp, "keys.toml"))
        self.write_journal(CHECKED)

    def shell(self):
        e = dict(self.env, PS1="PROMPT> ", HISTFILE="/dev/null", BACKCARE_ROUTINE=self.routine_file)
        self.child = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=e, dimensions=(24, 80),
                                   encoding="utf-8", timeout=15)
        self.child.expect("PROMPT> ")
        return self.child

    def backcare_pid(self):
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0] == BIN.encode() and b"stop" in argv:
                return int(pid)
        self.fail("backcare is not running")

    def state(self, pid):
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]

    def wait_state(self, pid, want, timeout=5):
        end = time.time() + timeout
        while time.time() < end:
            if self.state(pid) == want:
                return True
            time.sleep(0.05)
        return False

    def run_suspended(self, stop):
        c = self.shell()
        c.sendline(f"{BIN} start stop")
        c.expect("Short hold")
        c.expect(r"Hold 0:0[34]")  # the 4 s hold counts down, 2 s or more left
        pid = self.backcare_pid()
        stop(c, pid)
        c.expect(r"Stopped")
        self.assertTrue(self.wait_state(pid, "T"), "backcare did not stop")
        c.expect("PROMPT> ")
        # While it is stopped, the terminal is the shell's again.
        c.sendline("stty -a; echo STTY-\"\"DONE")
        c.expect("STTY-DONE\r\n")
        self.assertSaneTerminal(c.before)
        time.sleep(6)  # longer than what was left of the hold
        c.sendline("fg")
        c.expect("Paused: press space to go on.")
        c.expect(r"PAUSED \(space goes on\) Hold 0:0[234]")  # where it was
        self.assertTrue(self.wait_state(pid, "S"), "backcare did not go on")
        # Raw mode again: single keys, no Enter, no echo.
        c.send(" ")
        c.expect(r"\rHold 0:0[1234]")  # running again
        time.sleep(0.3)
        c.send("q")
        c.expect("PROMPT> ")
        out = c.before
        c.sendline("echo EXIT=$?")  # fg's status is the job's
        c.expect(r"EXIT=(\d+)")
        self.assertEqual(c.match.group(1), "0")
        # The hold was not finished by the stopped time: nothing is done.
        self.assertIn("Nothing recorded: no exercise was done.", out)
        self.assertNotIn("Long hold", out)
        self.assertEqual(self.sessions(), [])
        c.sendline("stty -a; echo STTY-\"\"DONE")
        c.expect("STTY-DONE\r\n")
        self.assertSaneTerminal(c.before)
        c.sendline("exit")
        c.expect(pexpect.EOF)

    def test_ctrl_z_suspends_and_fg_resumes_paused(self):
        self.run_suspended(lambda c, pid: c.send("\x1a"))

    def test_sigtstp_restores_the_terminal_and_fg_resumes_paused(self):
        self.run_suspended(lambda c, pid: os.kill(pid, signal.SIGTSTP))


if __name__ == "__main__":
    main()
