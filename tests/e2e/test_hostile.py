"""Hostile routine files and values (issue 11, "Security" and "Wrong output"):
crontab injection through titles and paths, run through a small cron
emulator; terminal escapes from routine text; routines nested deep enough
to overflow toml++'s stack; emergency numbers with no digit; routines that
could last over a day; a calendar near 9999-12-31; wrapping a huge step."""
import os
import re
import subprocess

from harness import BIN, MINIMAL_ROUTINE, SLOW, BackcareTest, main


# --- A small cron -----------------------------------------------------------

def cron_percent(command):
    """cron's rule for '%' in a command (Vixie cron, cronie): an unescaped
    '%' ends the command, and the text after it, each '%' a newline, is the
    job's standard input; a backslash before a '%' is dropped; a backslash
    before anything else stays, and is not an escape for what follows."""
    out = []
    escaped = False
    for i, ch in enumerate(command):
        if escaped:
            if ch == "%":
                out[-1] = "%"
            else:
                out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            out.append(ch)
            continue
        if ch == "%":
            return "".join(out), command[i + 1:].replace("%", "\n")
        out.append(ch)
    return "".join(out), ""


def cron_read(crontab):
    """(environment lines, jobs) of a crontab as cron reads it: a line is a
    comment, blank, an environment setting NAME=VALUE, or a job of five
    time fields and a command; each job is (fields, command, stdin)."""
    env, jobs = [], []
    for raw in crontab.split("\n"):
        line = raw.strip(" \t")
        if not line or line.startswith("#"):
            continue
        if line[0] not in "0123456789*@" and re.match(r"^['\"]?[A-Za-z_][^=]*=", line):
            env.append(line)
            continue
        parts = re.split(r"[ \t]+", line, maxsplit=5)
        if len(parts) < 6:
            raise AssertionError(f"cron would refuse this line: {raw!r}")
        command, stdin = cron_percent(parts[5])
        jobs.append((parts[:5], command, stdin))
    return env, jobs


class CronInjectionTest(BackcareTest):
    """Every value in a crontab line (title, journal and routine paths,
    DISPLAY, TZ) reaches cron whole: exactly the intended commands run."""

    HOSTILE_TITLE = ("100% fun 50%% \\% \\\\% 'quoted' \"double\" $(touch $HOME/pwned-title) `touch "
                     "$HOME/pwned-tick`; touch $HOME/pwned-semi SHELL=/tmp/evil")

    def setUp(self):
        super().setUp()
        self.fake_bin = os.path.join(self.tmp, "fake-bin")
        os.makedirs(self.fake_bin)
        self.calls = os.path.join(self.tmp, "notify-calls")
        with open(os.path.join(self.fake_bin, "notify-send"), "w") as f:
            # One line per call: each argument between | marks.
            f.write(f'#!/bin/sh\nfor a in "$@"; do printf "|%s" "$a"; done >> "{self.calls}"\n'
                    f'echo "|" >> "{self.calls}"\n')
        os.chmod(os.path.join(self.fake_bin, "notify-send"), 0o755)
        # Folders whose names cron, sh or both would take apart.
        self.odd = os.path.join(self.tmp, "a\\%b %c 'd' $(touch pwned-dir) \\")
        os.makedirs(self.odd)
        self.routine = os.path.join(self.odd, "r%1\\%.toml")
        self.journal_file = os.path.join(self.odd, "j\\%%.txt")

    def crontab(self, routine_text, display=":0%$(touch $HOME/pwned-display)", tz="UTC"):
        self.write_routine(routine_text, self.routine)
        p = self.run_bc("--routine", self.routine, "--journal", self.journal_file, "plan", "--cron",
                        env={"DISPLAY": display, "TZ": tz})
        return p

    def run_jobs(self, jobs, now):
        results = []
        for fields, command, stdin in jobs:
            env = {"HOME": self.home, "LOGNAME": "someone", "SHELL": "/bin/sh",
                   "PATH": f"{self.fake_bin}:/usr/bin:/bin", "BACKCARE_NOW": now}
            results.append(subprocess.run(["/bin/sh", "-c", command], input=stdin, env=env, cwd=self.home,
                                          capture_output=True, text=True, timeout=60 * SLOW))
        return results

    def notifications(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as f:
            return f.read().splitlines()

    def pwned(self):
        found = []
        for top in (self.home, self.tmp, "/tmp"):
            found += [os.path.join(top, n) for n in os.listdir(top) if n.startswith("pwned")]
        return found

    def test_hostile_title_paths_and_display_run_exactly_the_reminder(self):
        routine = MINIMAL_ROUTINE.replace("[routine.morning]\n", f"[routine.morning]\ntitle = {self.toml(self.HOSTILE_TITLE)}\n")
        p = self.crontab(routine)
        self.assertEqual(p.returncode, 0, p.stderr)
        env, jobs = cron_read(p.stdout)
        self.assertEqual(env, [], "no line of the crontab may set cron's environment")
        self.assertEqual([j[0] for j in jobs], [["0", "7", "*", "*", "*"]])
        self.assertEqual(jobs[0][2], "", "no '%' may reach cron unescaped (it would start the job's input)")
        results = self.run_jobs(jobs, "2026-11-28T08:00")
        self.assertEqual(results[0].returncode, 0, results[0].stderr)
        self.assertEqual(results[0].stderr, "")
        self.assertEqual(self.notifications(),
                         [f"|backcare|Time for your {self.HOSTILE_TITLE} exercises: backcare start morning|"])
        self.assertEqual(self.pwned(), [])
        # The job read the journal named in the line: once a session is
        # logged there, it is silent.
        self.run_bc("--routine", self.routine, "--journal", self.journal_file, "log", "session", "morning", check=0)
        results = self.run_jobs(jobs, "2026-11-28T08:00")
        self.assertEqual((results[0].returncode, results[0].stderr), (1, ""))
        self.assertEqual(len(self.notifications()), 1)
        self.assertEqual(self.pwned(), [])

    def test_display_and_tz_reach_the_job_whole(self):
        self.write_routine(MINIMAL_ROUTINE, self.routine)
        # notify-send sees DISPLAY as written (a fake that prints it).
        with open(os.path.join(self.fake_bin, "notify-send"), "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s|%s\\n" "$DISPLAY" "$TZ" >> "{self.calls}"\n')
        display = ":0%\\%'$(touch $HOME/pwned-display)"
        p = self.crontab(MINIMAL_ROUTINE, display=display, tz="Europe/Paris%")
        self.assertEqual(p.returncode, 0, p.stderr)
        env, jobs = cron_read(p.stdout)
        self.assertEqual(env, [])
        self.run_jobs(jobs, "2026-11-28T08:00")
        self.assertEqual(self.notifications(), [f"{display}|"])  # TZ goes to backcare, not to notify-send
        self.assertEqual(self.pwned(), [])

    def test_line_breaks_in_a_title_or_a_path_never_reach_the_crontab(self):
        title = "Morning\n* * * * * touch $HOME/pwned-newline\nSHELL=/tmp/evil"
        routine = MINIMAL_ROUTINE.replace("[routine.morning]\n", f"[routine.morning]\ntitle = {self.toml(title)}\n")
        p = self.crontab(routine)
        self.assertEqual(p.returncode, 65)
        self.assertEqual(p.stdout, "")
        line = routine.splitlines().index("[routine.morning]") + 2
        self.assertRegex(p.stderr, rf"^backcare: {re.escape(self.routine)}:{line}:9: 'title' holds the control "
                                   r"character U\+000A \(line feed\)")
        # A journal path with a line break is refused by name.
        self.write_routine(MINIMAL_ROUTINE, self.routine)
        for bad in ("/tmp/j\n* * * * * touch /tmp/pwned-path", "/tmp/j\r", "/tmp/j\x0b"):
            p = self.run_bc("--routine", self.routine, "--journal", bad, "plan", "--cron")
            self.assertEqual(p.returncode, 2, bad)
            self.assertEqual(p.stdout, "")
            self.assertNotIn("\n* * * * *", p.stderr)
            self.assertRegex(p.stderr, r"^backcare: '/tmp/j<U\+000[ABD]>.*' holds the control character U\+000[ABD] \(.*\) "
                                       r"and cannot go in a crontab line\n$")
        self.assertEqual(self.pwned(), [])

    @staticmethod
    def toml(s):
        """s as a TOML basic string."""
        out = '"'
        for ch in s:
            if ch in '"\\':
                out += "\\" + ch
            elif ord(ch) < 0x20 or ord(ch) == 0x7f:
                out += f"\\u{ord(ch):04x}"
            else:
                out += ch
        return out + '"'


class EmulatorSelfTest(BackcareTest):
    """The emulator's % rule, on the cases cron's documentation gives."""

    def test_percent_rule(self):
        self.assertEqual(cron_percent("echo a%b%c"), ("echo a", "b\nc"))
        self.assertEqual(cron_percent("echo 100\\%"), ("echo 100%", ""))
        self.assertEqual(cron_percent("echo a\\\\%b"), ("echo a\\\\", "b"))  # "\\%" is "\\" and the end
        self.assertEqual(cron_percent("echo a\\b"), ("echo a\\b", ""))
        self.assertEqual(cron_read("SHELL=/bin/sh\n0 7 * * * x %y\n"), (["SHELL=/bin/sh"], [(["0", "7", "*", "*", "*"], "x ", "y")]))


# --- Terminal escapes -------------------------------------------------------

OSC52 = "\\u001b]52;c;dG91Y2ggL3RtcC9wd25lZA==\\u0007"


class TerminalEscapeTest(BackcareTest):
    """Control characters in routine text are refused at load with
    FILE:LINE:COL, so they never reach a terminal."""

    CASES = [
        ("title", "[routine.morning]\n", '[routine.morning]\ntitle = "Morning' + OSC52 + '"\n', "U+001B (ESC)"),
        ("steps", 'steps = ["Move slowly."]', 'steps = ["Move slowly.\\u001b[2J\\u001b[H"]', "U+001B (ESC)"),
        ("cautions", 'steps = ["Tilt."]', 'steps = ["Tilt."]\ncautions = ["\\u009b2J careful"]', "U+009B (CSI)"),
        ("name", 'name = "Cat-cow"', 'name = "Cat\\u001b]0;pwned\\u0007cow"', "U+001B (ESC)"),
    ]

    def check_refused(self, args, field, text, what):
        path = self.write_routine(text)
        p = subprocess.run([BIN, *args], env=self.env, capture_output=True, stdin=subprocess.DEVNULL,
                           timeout=60 * SLOW)
        self.assertEqual(p.returncode, 65, (args, field, p.stderr))
        self.assertNotIn(b"\x1b", p.stdout + p.stderr)
        self.assertNotIn(b"\xc2\x9b", p.stdout + p.stderr)
        self.assertEqual(p.stdout, b"")
        stderr = p.stderr.decode()
        m = re.match(rf"^backcare: {re.escape(path)}:(\d+):(\d+): '{field}' holds the control character "
                     rf"{re.escape(what)}; routine text must be printable", stderr)
        self.assertTrue(m, stderr)
        line = int(m.group(1))
        self.assertIn(field, text.splitlines()[line - 1])

    def test_plan_start_and_cron_refuse_them(self):
        for field, find, replace, what in self.CASES:
            text = MINIMAL_ROUTINE.replace(find, replace, 1)
            self.assertNotEqual(text, MINIMAL_ROUTINE)
            for args in (["plan", "morning"], ["plan"], ["start", "--no-wait"], ["start", "morning", "--no-wait"],
                         ["start", "--dry-run"], ["start"], ["plan", "--cron"], ["plan", "--ics"]):
                with self.subTest(field=field, args=args):
                    self.check_refused(args, field, text, what)
        self.assertIsNone(self.read_journal())  # start --no-wait recorded nothing

    def test_the_default_routine_and_clean_text_still_load(self):
        self.assertEqual(self.run_bc("plan", "morning").returncode, 0)
        text = MINIMAL_ROUTINE.replace('steps = ["Move slowly."]',
                                       'steps = ["""Move\nslowly,\ttwice."""]\ncautions = ["Stop if it hurts.\\nTake care."]')
        self.write_routine(text)
        p = self.run_bc("plan", "morning", check=0)
        self.assertNoEscapes(p.stdout)
        p = self.run_bc("start", "--dry-run", check=0)
        self.assertIn("Move", p.stdout)


# --- Deep nesting -----------------------------------------------------------

class DeepNestingTest(BackcareTest):
    """About 60 KB of nesting made toml++ overflow its stack: every command
    crashed with SIGSEGV, log symptom chest-pain included."""

    # Commands that load the routine, and must refuse it; then the rest,
    # which must not crash (the safety commands go on without the routine,
    # SPEC §7; some commands do not read it at all).
    REFUSE = [
        ["plan"], ["plan", "morning"], ["plan", "--week"], ["plan", "--due"], ["plan", "--cron"], ["plan", "--ics"],
        ["stats"], ["stats", "--json"], ["log", "session", "morning"], ["start", "--no-wait"], ["start", "--dry-run"],
        ["start"],
    ]
    SURVIVE = [[], ["check", "--no-ask"], ["log", "symptom", "chest-pain"], ["log", "pain", "3"],
               ["__complete", "routines"], ["init", "--print"]]

    def nested(self, kind):
        n = 30000
        return MINIMAL_ROUTINE + {
            "dotted-key": "a." * n + "a = 1\n",
            "table-header": "[" + "a." * n + "a]\n",
            "array-of-tables": "[[" + "a." * n + "a]]\n",
            "arrays": "x = " + "[" * n + "]" * n + "\n",
            "inline-tables": "x = " + "{a=" * n + "1" + "}" * n + "\n",
        }[kind]

    def test_no_command_crashes(self):
        line = MINIMAL_ROUTINE.count("\n") + 1
        for kind in ("dotted-key", "table-header", "array-of-tables", "arrays", "inline-tables"):
            path = self.write_routine(self.nested(kind))
            for args in self.REFUSE + self.SURVIVE:
                with self.subTest(kind=kind, args=args):
                    p = self.run_bc(*args)
                    self.assertGreaterEqual(p.returncode, 0, f"killed by signal {-p.returncode}")
                    self.assertNotIn("Sanitizer", p.stderr)
                    if args in self.REFUSE:
                        self.assertEqual(p.returncode, 65, p.stderr)
                        self.assertRegex(p.stderr, rf"^backcare: {re.escape(path)}:{line}:\d+: tables, arrays and "
                                                   r"dotted keys are nested more than 64 deep")
            p = self.run_bc("log", "symptom", "chest-pain")
            self.assertIn("call 112 now", p.stderr)  # the emergency advice is shown
            if kind == "dotted-key":
                p = self.run_bc("plan")
                self.assertEqual(p.stderr, f"backcare: {path}:{line}:130: tables, arrays and dotted keys are nested "
                                           f"more than 64 deep here; a routine needs only a few levels\n")


# --- Wrong output -----------------------------------------------------------

class EmergencyNumberTest(BackcareTest):
    def test_a_number_without_a_digit_is_refused(self):
        for bad in ("   ", "-", "+", "+ -"):
            with self.subTest(number=bad):
                path = self.write_routine(f'[settings]\nemergency_number = "{bad}"\n\n' + MINIMAL_ROUTINE)
                p = self.run_bc("plan", check=65)
                self.assertEqual(p.stderr, f"backcare: {path}:2:20: 'emergency_number' must be a phone number "
                                           f"(digits, with spaces, '+' or '-'), like \"112\"\n")
        self.write_routine('[settings]\nemergency_number = "+44 20-7946 0000"\n\n' + MINIMAL_ROUTINE)
        p = self.run_bc("log", "symptom", "chest-pain", check=0)
        self.assertIn("call +44 20-7946 0000 now", p.stderr)  # the advice goes to stderr


class LongRoutineTest(BackcareTest):
    def test_a_routine_that_could_last_over_a_day_is_refused_at_load(self):
        # Three times 10 sets of an hour: 1807 minutes at the top of the
        # doses. start --no-wait could never record it (minutes <= 1440).
        text = MINIMAL_ROUTINE.replace("duration = [60, 120]", "duration = [60, 3600]\nsets = [1, 10]").replace(
            'exercises = ["cat-cow", "neck-stretch"]', 'exercises = ["cat-cow", "cat-cow", "cat-cow"]')
        path = self.write_routine(text)
        line = text.splitlines().index("[routine.morning]") + 1
        for args in (["start", "--no-wait"], ["plan"], ["start", "--dry-run"]):
            with self.subTest(args=args):
                p = self.run_bc(*args, check=65)
                self.assertEqual(p.stderr, f"backcare: {path}:{line}:1: routine 'morning' would take 1807 minutes at "
                                           f"the top of its doses; a session can last at most 1440 minutes (a day): "
                                           f"use fewer exercises, sets or seconds\n")
        self.assertIsNone(self.read_journal())
        # Within a day, start --no-wait records it.
        self.write_routine(text.replace('"cat-cow", "cat-cow", "cat-cow"', '"cat-cow", "cat-cow"'))
        self.run_bc("start", "--no-wait", "-q", check=0)
        self.assertEqual(len(self.journal_lines()), 1)


class IcsEndOfTimeTest(BackcareTest):
    def test_no_year_10000_near_the_end_of_9999(self):
        text = MINIMAL_ROUTINE.replace('days = "daily"', 'days = ["mon"]') + \
            '\n[routine.daily]\nexercises = ["cat-cow"]\ndays = "daily"\ntimes = ["23:30"]\n'
        self.write_routine(text)
        # 9999-12-31 is a Friday; in New York at 22:00 it is already
        # 10000-01-01 in UTC (DTSTAMP), and the next Monday is in 10000.
        e = dict(self.env, TZ="America/New_York", BACKCARE_NOW="9999-12-31T22:00")
        p = subprocess.run([BIN, "plan", "--ics"], env=e, capture_output=True, stdin=subprocess.DEVNULL,
                           timeout=60 * SLOW)
        self.assertEqual((p.returncode, p.stderr), (0, b""))
        self.assertNotIn(b"10000", p.stdout)
        text = p.stdout.decode()
        self.assertIn("DTSTAMP:99991231T235959Z", text)
        self.assertIn("DTSTART:99991227T070000", text)  # Monday the 27th, before the end
        self.assertIn("DTSTART:99991231T233000", text)
        self.assertEqual(text.count(";UNTIL=99991231T235959"), 2)
        import icalendar
        cal = icalendar.Calendar.from_ical(text)
        self.assertEqual(len([c for c in cal.walk() if c.name == "VEVENT"]), 2)


class HugeStepTest(BackcareTest):
    def test_a_13_MB_step_without_spaces_is_wrapped_whole(self):
        # Found by hand: wrapping was quadratic (11 s for 1.3 MB). The
        # timeout (10 s, more under valgrind) only guards against a hang; what
        # is checked is the text (unit test: text_test.cpp).
        n = 1_300_000
        self.write_routine(MINIMAL_ROUTINE.replace('steps = ["Move slowly."]', f'steps = ["{"x" * n}"]'))
        p = self.run_bc("start", "morning", "--dry-run", timeout=10, check=0)
        rows = [l for l in p.stdout.splitlines() if re.match(r"^ *(1\. )?x+$", l)]
        self.assertGreater(len(rows), n // 80)
        for l in rows:
            self.assertLessEqual(len(l), 80)
        self.assertEqual(sum(l.count("x") for l in rows), n)


if __name__ == "__main__":
    main()
