"""Unix conventions (SPEC section 2, issue 7): no escape codes, spinners or
prompts in a pipe; colour on a terminal unless NO_COLOR, TERM=dumb,
--no-color or --color never; --color always forces it; every error starts
with "backcare:" and points somewhere."""
import os
import subprocess
import tempfile

from harness import BIN, HEADER, BackcareTest, main

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

# A week with sessions, pain readings and a symptom (so check has a flag,
# stats a calendar, plan a done and a due routine).
JOURNAL = f"""{HEADER}
2026-11-23 07:10 session morning minutes=12 done=cat-cow,neck-tilts skipped=wall-slides pain=5 effort=4
2026-11-24 rest note="travelling"
2026-11-25 07:05 session morning minutes=14 done=cat-cow pain=4 sore=neck-tilts
2026-11-26 21:00 pain 3 where=neck
2026-11-27 12:10 exercise doorway-stretch sets=2 hold=30s pain=2
2026-11-27 20:00 symptom tingling note="left hand"
"""

# Every command, in the ways a script runs them. Each runs with a fresh
# copy of JOURNAL. {tmp} is the test's folder.
PIPED = [
    ["--help"], ["--version"],
    ["init", "--help"], ["init", "--print"], ["init", "--routine", "{tmp}/new.toml"],
    ["init", "--routine", "{tmp}/new.toml"],  # exists: an error
    ["edit", "--help"], ["edit"], ["edit", "journal"],
    ["start", "--help"], ["start"], ["start", "evening", "--dry-run"],
    ["start", "morning", "--no-wait", "--pain", "3", "--skip", "cat-cow"],
    ["log", "--help"], ["log", "session", "morning", "--minutes", "10", "--done", "cat-cow"],
    ["log", "exercise", "cat-cow", "--hold", "60"], ["log", "pain", "4", "--where", "neck"],
    ["log", "rest", "--date", "2026-12-24", "--days", "2"], ["log", "symptom", "fever"],
    ["log", "symptom", "--list"], ["log", "note", "a", "note"], ["log", "pain", "11"],
    ["plan", "--help"], ["plan"], ["plan", "morning"], ["plan", "--week"], ["plan", "--due"],
    ["plan", "--cron"], ["plan", "--ics"], ["plan", "nope"],
    ["stats", "--help"], ["stats"], ["stats", "--json"], ["stats", "--tsv"],
    ["stats", "--format", "{streak}d {trend} {due}"], ["stats", "--since", "bad"],
    ["check", "--help"], ["check"], ["check", "--no-ask"], ["check", "--no-ask", "-q"],
    ["check", "--no-ask", "--json"],
    ["bogus"], ["--routine", "{tmp}/missing.toml", "plan"],
]

# Commands whose text for people has colour.
COLOURED = [["plan"], ["plan", "morning"], ["plan", "--week"], ["stats"], ["check", "--no-ask"],
            ["log", "symptom", "--list"], ["start", "evening", "--dry-run"]]


class PipeTest(BackcareTest):
    def setUp(self):
        super().setUp()
        self.env["TERM"] = "xterm-256color"  # a colour terminal is named, but stdout is a pipe
        self.env["EDITOR"] = "true"

    def piped(self, args, extra_env=None):
        """Runs backcare with stdin an open pipe nobody writes to (a prompt
        would hang) and stdout and stderr files; returns (rc, out, err)."""
        self.write_journal(JOURNAL)
        args = [a.replace("{tmp}", self.tmp) for a in args]
        env = dict(self.env, **(extra_env or {}))
        r, w = os.pipe()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            try:
                p = subprocess.Popen([BIN, *args], stdin=r, stdout=out, stderr=err, env=env)
                try:
                    rc = p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                    self.fail(f"backcare {' '.join(args)} waited for input in a pipe")
            finally:
                os.close(r)
                os.close(w)
            out.seek(0)
            err.seek(0)
            return rc, out.read(), err.read()

    def test_no_escape_codes_spinners_or_prompts_in_a_pipe(self):
        for args in PIPED:
            with self.subTest(args=" ".join(args)):
                rc, out, err = self.piped(args)
                self.assertNotIn(b"\x1b", out)
                self.assertNotIn(b"\x1b", err)
                if args != ["plan", "--ics"]:  # RFC 5545 wants CRLF
                    self.assertNotIn(b"\r", out, "a carriage return: a spinner or a redrawn line?")
                self.assertNotIn(b"\r", err)
                self.assertNotIn(b"\x07", out + err, "a bell")
                if rc not in (0, 1):
                    # An error: one "backcare:" line first, saying what is wrong.
                    self.assertRegex(err.decode(), r"^backcare: \S")

    def test_nothing_is_asked_or_recorded_without_a_terminal(self):
        for args in (["check"], ["start"], ["edit", "journal"]):
            rc, out, err = self.piped(args)  # writes JOURNAL first
            self.assertEqual(rc, 1 if args == ["check"] else 0, err)
            self.assertEqual(self.read_journal(), JOURNAL, args)

    def test_color_always_forces_colour(self):
        for args in COLOURED:
            with self.subTest(args=" ".join(args)):
                rc, out, err = self.piped(["--color", "always", *args])
                self.assertIn(b"\x1b[", out)
                # After the subcommand too, and over NO_COLOR.
                rc, out2, err = self.piped([*args, "--color", "always"], {"NO_COLOR": "1"})
                self.assertIn(b"\x1b[", out2)

    def test_machine_output_never_has_colour(self):
        for args in (["stats", "--json"], ["stats", "--tsv"], ["stats", "--format", "{streak}"],
                     ["plan", "--due"], ["plan", "--cron"], ["plan", "--ics"], ["check", "--no-ask", "--json"],
                     ["init", "--print"], ["start", "morning", "--no-wait", "--pain", "2"]):
            with self.subTest(args=" ".join(args)):
                rc, out, err = self.piped(["--color", "always", *args])
                self.assertNotIn(b"\x1b", out)


class TerminalTest(BackcareTest):
    """On a terminal (a pty): colour by default, off by each of the rules."""

    def setUp(self):
        super().setUp()
        if pexpect is None:
            self.skipTest("needs python3-pexpect")
        self.env["TERM"] = "xterm-256color"
        self.write_journal(JOURNAL)

    def on_tty(self, args, env=None):
        e = dict(self.env)
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        child = pexpect.spawn(BIN, list(args), env=e, dimensions=(50, 120), encoding="utf-8", timeout=20)
        child.expect(pexpect.EOF)
        out = child.before
        child.close()
        self.assertEqual(child.exitstatus, 1 if "check" in args else 0, out)
        return out

    def test_colour_follows_the_rules(self):
        for args in COLOURED:
            with self.subTest(args=" ".join(args)):
                self.assertIn("\x1b[", self.on_tty(args))
                self.assertIn("\x1b[", self.on_tty(args, {"NO_COLOR": ""}), "an empty NO_COLOR is not set")
                self.assertIn("\x1b[", self.on_tty(["--color", "auto", *args]))
                self.assertNotIn("\x1b", self.on_tty(args, {"NO_COLOR": "1"}))
                self.assertNotIn("\x1b", self.on_tty(args, {"TERM": "dumb"}))
                self.assertNotIn("\x1b", self.on_tty(["--no-color", *args]))
                self.assertNotIn("\x1b", self.on_tty([*args, "--color", "never"]))

    def test_no_wait_writes_no_escape_codes_even_on_a_terminal(self):
        # SPEC §4: --no-wait runs without timers, questions or escape codes.
        out = self.on_tty(["start", "morning", "--no-wait", "--pain", "2"])
        self.assertNotIn("\x1b", out)
        self.assertIn("Recorded morning", out)


if __name__ == "__main__":
    main()
