"""Shared by the pseudo-terminal tests of backcare start (pexpect).

A tiny routine keeps each session to a few seconds. Every run goes through
`sh -c '...; echo EXIT=$?; stty -a'`, so the terminal's mode after the
program is read in the same pty.
"""
import os
import shlex

from harness import BIN, HEADER, BackcareTest, main  # noqa: F401 (main: for the test files)

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

TINY_ROUTINE = """\
[settings]
bell = true
rest_between = 1
emergency_number = "999"

[[exercise]]
id = "tiny-hold"
name = "Tiny hold"
phase = "relief"
steps = ["Hold still."]
cautions = ["Stop if it hurts."]
hold = 3

[[exercise]]
id = "tiny-reps"
name = "Tiny reps"
phase = "strength"
steps = ["Lift.", "Lower."]
reps = 2
tempo = 0.5
sides = 2
rest = 1

[[exercise]]
id = "long-hold"
name = "Long hold"
phase = "stretch"
steps = ["Stay."]
hold = 600
pain_limit = 3

[[exercise]]
id = "other-hold"
name = "Other hold"
phase = "stretch"
steps = ["Stay again."]
hold = 600

[routine.quick]
exercises = ["tiny-hold", "tiny-reps"]

[routine.long]
exercises = ["long-hold", "other-hold"]
"""

# A check entry today: the short safety question is not asked.
CHECKED = HEADER + "\n2026-11-28 07:30 check flags=none\n"


class TtyTest(BackcareTest):
    def setUp(self):
        super().setUp()
        if pexpect is None:
            self.skipTest("needs python3-pexpect")
        self.use_routine(TINY_ROUTINE, "tiny.toml")
        self.env["TERM"] = "xterm"
        self.env["NO_COLOR"] = "1"
        self.child = None

    def use_routine(self, text, name):
        """Writes the routine file NAME and makes it the one backcare reads."""
        self.routine_file = self.write_routine(text, os.path.join(self.tmp, name))
        self.env["BACKCARE_ROUTINE"] = self.routine_file

    def tearDown(self):
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)
        super().tearDown()

    def spawn(self, *args, env=None, dims=(24, 80)):
        """Runs backcare in a pty; its pid is printed as PID=, its exit code
        as EXIT=, then `stty -a` of the same terminal."""
        e = dict(self.env)
        e.update(env or {})
        cmd = " ".join(shlex.quote(a) for a in [BIN, *args])
        inner = f"echo PID=$$; exec {cmd}"
        script = f"sh -c {shlex.quote(inner)}; echo EXIT=$?; stty -a"
        self.child = pexpect.spawn("/bin/sh", ["-c", script], env=e, dimensions=dims, encoding="utf-8",
                                   timeout=15)
        self.child.expect(r"PID=(\d+)")
        self.pid = int(self.child.match.group(1))
        return self.child

    def finish(self):
        """Waits for the end; returns (exit code, output after EXIT, stty -a)."""
        c = self.child
        c.expect(r"EXIT=(\d+)")
        code = int(c.match.group(1))
        before = c.before
        c.expect(pexpect.EOF)
        return code, before, c.before

    def assertSaneTerminal(self, stty):
        self.assertRegex(stty, r"(?<![-\w])icanon\b", stty)
        self.assertRegex(stty, r"(?<![-\w])echo\b", stty)
        self.assertRegex(stty, r"(?<![-\w])isig\b", stty)

    def sessions(self):
        return [l for l in self.journal_lines() if " session " in l]
