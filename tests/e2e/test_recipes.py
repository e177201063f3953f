"""The README's recipes, run as written: each test takes its command out of
README.md, so a recipe that changes there is tested as it now reads.

A recipe runs through /bin/sh (or the shell it is written for) with the
build's backcare first on PATH, and a fake notify-send that records its
arguments and the session bus it was given."""
import json
import os
import re
import shlex
import shutil
import subprocess
import unittest

from harness import BIN, HEADER, SOURCE_DIR, BackcareTest, main

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as _f:
    README = _f.read()

BIN = os.path.abspath(BIN)
BIN_DIR = os.path.dirname(BIN)
INSTALLED = "/usr/local/bin/backcare"  # where the README's cron lines expect it

# "Now" is Saturday 2026-11-28 08:00 (ISO week 48 started on Monday the
# 23rd); the built-in routine plans `morning` daily at 07:00, 5 a week.
# Sessions on the 26th and 27th: a 2-day streak, 2 of 5 this week, and
# `morning` due now.
TWO_DAYS = f"""{HEADER}
2026-11-20 07:00 session morning minutes=10 pain=4
2026-11-22 rest note="away"
2026-11-26 07:05 session morning minutes=12 pain=3 effort=4
2026-11-27 07:10 session morning minutes=14 pain=2 effort=4
"""


def readme_line(pattern):
    """The one README line matching pattern (a regex over a whole line)."""
    found = re.findall(pattern, README, re.M)
    assert len(found) == 1, f"README.md: expected one line matching {pattern!r}, found {len(found)}"
    return found[0]


def readme_block(after):
    """The first fenced block after the text `after`, as lines."""
    assert after in README, f"README.md: no {after!r}"
    m = re.search(r"```[a-z]*\n(.*?)\n```", README[README.index(after):], re.S)
    assert m, f"README.md: no block after {after!r}"
    return m.group(1).splitlines()


def cron_command(line):
    """The command of a crontab line (after its five time fields), with the
    installed path of backcare replaced by the build's."""
    fields = line.split(None, 5)
    assert len(fields) == 6 and not line.startswith("#"), f"not a crontab line: {line!r}"
    return fields[5].replace(INSTALLED, BIN)


class RecipeTest(BackcareTest):
    def setUp(self):
        super().setUp()
        self.fake_bin = os.path.join(self.tmp, "fake-bin")
        os.makedirs(self.fake_bin)
        self.calls = os.path.join(self.tmp, "notify-calls")
        fake = os.path.join(self.fake_bin, "notify-send")
        with open(fake, "w") as f:
            f.write('#!/bin/sh\nprintf "%s|" "$DBUS_SESSION_BUS_ADDRESS" "$@" >> "$NOTIFY_CALLS"\n'
                    'echo >> "$NOTIFY_CALLS"\n')
        os.chmod(fake, 0o755)
        self.env["NOTIFY_CALLS"] = self.calls
        self.env["PATH"] = f"{self.fake_bin}:{BIN_DIR}:{self.env['PATH']}"

    def sh(self, command, env=None, cwd=None, shell=("/bin/sh",), timeout=60):
        e = dict(self.env)
        e.update(env or {})
        return subprocess.run([*shell, "-c", command], env=e, cwd=cwd or self.tmp, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def notifications(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as f:
            return f.read().splitlines()

    def cron_env(self):
        """What cron gives a job: HOME, LOGNAME, SHELL and PATH=/usr/bin:/bin
        (the fake notify-send put in front), plus the test's pinned clock."""
        return {"HOME": self.home, "LOGNAME": "someone", "SHELL": "/bin/sh",
                "PATH": f"{self.fake_bin}:/usr/bin:/bin", "NOTIFY_CALLS": self.calls,
                "BACKCARE_NOW": self.now, "TZ": "UTC"}

    def run_as_cron(self, command, now):
        e = self.cron_env()
        e["BACKCARE_NOW"] = now
        return subprocess.run(["/bin/sh", "-c", command], env=e, cwd="/", capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)


class PromptTest(RecipeTest):
    """A streak in the shell prompt and in tmux's status line."""

    def setUp(self):
        super().setUp()
        self.write_journal(TWO_DAYS)

    def test_the_templates_print_the_figures(self):
        templates = re.findall(r'stats --format "([^"]*)"', "\n".join(readme_block("A streak in the shell")))
        self.assertGreaterEqual(len(templates), 2)
        expect = {"{streak}d": "2d\n", "back {streak}d {week}/{target}": "back 2d 2/5\n"}
        for t in templates:
            self.assertIn(t, expect, "a README template this test does not know yet")
            p = self.run_bc("stats", "--format", t, check=0)
            self.assertEqual((p.stdout, p.stderr), (expect[t], ""), t)

    def test_bash_prompt(self):
        line = readme_line(r"^(PS1=.*?)\s+# bash$")
        # ${PS1@P} expands the prompt as bash does before each command.
        p = self.sh(f'{line}\nprintf "%s" "${{PS1@P}}"', shell=("/bin/bash", "--norc", "--noprofile"))
        sign = "#" if os.geteuid() == 0 else "$"
        self.assertEqual((p.stdout, p.stderr), (f"[back: 2d] {self.tmp} {sign} ", ""))

    @unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
    def test_zsh_prompt(self):
        line = readme_line(r"^(setopt prompt_subst; PROMPT=.*?)\s+# zsh$")
        p = self.sh(f'{line}\nprint -rnP -- "$PROMPT"', shell=("zsh", "-f"))
        sign = "#" if os.geteuid() == 0 else "%"
        self.assertEqual((p.stdout, p.stderr), (f"[back: 2d] {self.tmp} {sign} ", ""))

    @unittest.skipUnless(shutil.which("tmux"), "tmux is not installed")
    @unittest.skipIf(pexpect is None, "needs python3-pexpect")
    def test_tmux_status_line(self):
        line = readme_line(r"^(set -g status-right .*?# ~/\.tmux\.conf)$")
        conf = os.path.join(self.tmp, "tmux.conf")
        with open(conf, "w") as f:
            f.write(line + "\n")
        socket = f"backcare-test-{os.getpid()}"
        env = dict(self.env, TERM="xterm", TMUX_TMPDIR=self.tmp, SHELL="/bin/sh")
        env.pop("TMUX", None)
        # A real client in a pseudo-terminal: tmux draws the status line
        # there, with the output of the README's command in it.
        child = pexpect.spawn("tmux", ["-L", socket, "-f", conf, "new-session", "sh"], env=env,
                              dimensions=(10, 100), encoding="utf-8", timeout=20)
        try:
            child.expect("back 2d 2/5")
            # The server's own view agrees: the option is the README's.
            shown = subprocess.run(["tmux", "-L", socket, "show-options", "-gv", "status-right"], env=env,
                                   capture_output=True, text=True, timeout=10).stdout
            self.assertIn("backcare stats --format", shown)
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], env=env, capture_output=True, timeout=10)
            child.close(force=True)


class CronTest(RecipeTest):
    def test_the_reminder_line_notifies_only_when_due(self):
        line = readme_block("**A reminder from cron**")[0]
        command = cron_command(line)
        self.assertIn(BIN, command)
        self.write_journal(f"{HEADER}\n2026-11-27 07:10 session morning minutes=14\n")
        # 06:00: morning (07:00) is not due yet.
        r = self.run_as_cron(command, "2026-11-28T06:00")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (1, "", ""))
        self.assertEqual(self.notifications(), [])
        # 08:00: due, one notification on the user's session bus.
        r = self.run_as_cron(command, "2026-11-28T08:00")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual(self.notifications(),
                         [f"unix:path=/run/user/{os.getuid()}/bus|backcare|time for your back exercises|"])
        # Done for today: quiet again.
        self.run_bc("log", "session", "morning", check=0)
        r = self.run_as_cron(command, "2026-11-28T09:00")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (1, "", ""))
        self.assertEqual(len(self.notifications()), 1)

    def test_a_rest_day_keeps_it_quiet(self):
        command = cron_command(readme_block("**A reminder from cron**")[0])
        self.run_bc("log", "rest", check=0)
        r = self.run_as_cron(command, "2026-11-28T10:00")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.notifications(), [])

    def test_plan_cron_lines_are_what_the_recipe_says(self):
        block = readme_block("**Reminders with cron.**")
        self.assertIn("backcare plan --cron", block[0])
        p = self.sh(block[0].split("#")[0])
        jobs = [l for l in p.stdout.splitlines() if l and not l.startswith("#")]
        self.assertEqual(len(jobs), 1)
        self.assertIn("plan --due morning -q && ", jobs[0])  # SPEC v2 §9: the line's own routine
        self.assertIn("notify-send", jobs[0])


class CheckRecipeTest(RecipeTest):
    def command(self):
        line = readme_line(r"^(.*check --no-ask -q; \[ \$\? -eq 1 \] && .*)$")
        return cron_command(line) if re.match(r"^[\d*]", line) else line.replace("backcare", BIN, 1)

    def test_a_flag_notifies(self):
        self.write_journal(f"{HEADER}\n2026-11-27 symptom fever\n")
        r = self.run_as_cron(self.command(), self.now)
        # -q prints the flag alone (cron mails it), and notify-send is run.
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual(r.stdout, "URGENT: be seen today. A high temperature, or feeling hot and shivery, along "
                                   "with back pain (logged on 2026-11-27, yesterday).\n")
        self.assertEqual(len(self.notifications()), 1)
        self.assertTrue(self.notifications()[0].startswith(f"unix:path=/run/user/{os.getuid()}/bus|backcare|"),
                        self.notifications())

    def test_no_flag_is_quiet(self):
        self.write_journal(TWO_DAYS)
        r = self.run_as_cron(self.command(), self.now)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (1, "", ""))
        self.assertEqual(self.notifications(), [])

    def test_an_error_is_not_taken_for_a_flag(self):
        self.write_journal(f"{HEADER}\n2026-11-27 symptom fever\n")
        command = self.command().replace(f"{BIN} check", f"{BIN} --routine /nonexistent.toml check", 1)
        self.assertIn("/nonexistent.toml", command)
        r = self.run_as_cron(command, self.now)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"^backcare: /nonexistent\.toml: ")
        self.assertEqual(self.notifications(), [])
        # A journal that is a folder: exit 66, no notification either.
        r = self.run_as_cron(self.command().replace(f"{BIN} check", f"{BIN} --journal / check", 1), self.now)
        self.assertEqual(r.returncode, 1)
        self.assertIn("backcare: /: is a folder", r.stderr)
        self.assertEqual(self.notifications(), [])


class SpreadsheetTest(RecipeTest):
    JOURNAL = f"""{HEADER}
2026-11-20 07:00 session morning minutes=10 pain=4
2026-11-22 rest
2026-11-24 07:00 session morning minutes=12.5
2026-11-24 21:00 pain 3
2026-11-26 07:05 session morning minutes=12 pain=2
2026-11-27 12:00 exercise cat-cow
"""

    def test_the_tsv_file_and_the_awk_line(self):
        self.write_journal(self.JOURNAL)
        block = readme_block("**A spreadsheet.**")
        self.assertEqual(len(block), 2)
        first, awk = (l.split("  #")[0].strip() for l in block)
        p = self.sh(first)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        m = re.search(r"> (\S+)$", first)
        with open(os.path.join(self.tmp, m.group(1)), encoding="utf-8") as f:
            rows = [l.split("\t") for l in f.read().splitlines()]
        self.assertEqual(rows[0], ["date", "sessions", "minutes", "pain", "state"])
        self.assertTrue(all(len(r) == 5 for r in rows))
        self.assertEqual(rows[-1][0], "2026-11-28")
        by_day = {r[0]: r[1:] for r in rows[1:]}
        self.assertEqual(by_day["2026-11-24"], ["1", "12.5", "3", "active"])
        self.assertEqual(by_day["2026-11-22"], ["0", "0", "", "neutral"])
        self.assertEqual(by_day["2026-11-27"][3], "active")
        # The awk line: 21, 23, 25 and today (not done yet) are missed.
        p = self.sh(awk)
        self.assertEqual((p.stdout.strip(), p.stderr), ("4", ""))
        j = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual(j["days"]["missed"], 4)


class SyncTest(RecipeTest):
    """Two machines, one journal, git's union merge (and Syncthing)."""

    def setUp(self):
        super().setUp()
        if not shutil.which("git"):
            self.skipTest("git is not installed")
        self.env.update({"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                         "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                         "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"})
        self.remote = os.path.join(self.tmp, "remote.git")
        subprocess.run(["git", "init", "-q", "--bare", self.remote], env=self.env, check=True,
                       capture_output=True)
        self.homes = {m: os.path.join(self.tmp, m) for m in ("a", "b")}
        for h in self.homes.values():
            os.makedirs(h)

    def recipe(self):
        """The README's sync block, cut at its comment lines: the first
        machine's setup, another machine's, and the sync after use."""
        parts, current = [], None
        for line in readme_block("**Syncing between machines.**"):
            if line.startswith("#"):
                current = []
                parts.append(current)
            else:
                current.append(line.replace("REMOTE", shlex.quote(self.remote)))
        self.assertEqual(len(parts), 3)
        return ["set -e\n" + "\n".join(p) for p in parts]

    def on(self, machine, *args, check=0):
        return self.run_bc(*args, env={"HOME": self.homes[machine]}, check=check)

    def sh_on(self, machine, script):
        p = self.sh(script, env={"HOME": self.homes[machine]}, cwd=self.homes[machine])
        self.assertEqual(p.returncode, 0, f"{machine}: {script}\n{p.stdout}{p.stderr}")
        return p

    def journal_of(self, machine):
        return os.path.join(self.homes[machine], ".local", "share", "backcare", "journal.txt")

    def append(self, machine, text):
        with open(self.journal_of(machine), "a", encoding="utf-8") as f:
            f.write(text)

    def test_two_diverged_copies_merge_into_the_union_counted_once(self):
        first, other, sync = self.recipe()
        self.on("a", "log", "session", "morning", "--date", "2026-11-20", "--time", "07:00", "--minutes", "10")
        self.sh_on("a", first)
        self.sh_on("b", other)
        self.assertEqual(self.read_journal(self.journal_of("b")), self.read_journal(self.journal_of("a")))

        # Both machines are used before they sync again. A and B log the
        # same pain reading at the same minute (one identical line, at
        # different places), and the same session written with other blanks.
        self.on("a", "log", "pain", "4", "--where", "neck")
        self.on("a", "log", "session", "morning", "--date", "2026-11-26", "--time", "07:05", "--minutes", "12",
                "--pain", "3")
        self.append("a", "2026-11-25 07:00 session morning minutes=9\n")
        self.on("b", "log", "session", "morning", "--date", "2026-11-27", "--time", "07:10", "--minutes", "15")
        self.append("b", "  2026-11-25\t07:00   session morning\t\tminutes=9  \n")
        self.on("b", "log", "pain", "4", "--where", "neck")
        a_lines = set(self.journal_lines(self.journal_of("a")))
        b_lines = set(self.journal_lines(self.journal_of("b")))

        self.sh_on("a", sync)
        self.sh_on("b", sync)  # merges A's lines
        self.sh_on("a", sync)  # takes the merge
        merged = self.read_journal(self.journal_of("a"))
        self.assertEqual(self.read_journal(self.journal_of("b")), merged)
        self.assertNotIn("<<<<<<<", merged)
        self.assertNotIn(">>>>>>>", merged)
        self.assertEqual(set(self.journal_lines(self.journal_of("a"))), a_lines | b_lines)
        lines = merged.splitlines()
        self.assertEqual(lines[0], HEADER)
        self.assertEqual(lines.count("2026-11-28 08:00 pain 4 where=neck"), 2)
        self.assertEqual(sum(1 for l in lines if "2026-11-25" in l), 2)
        p = subprocess.run(["git", "-C", os.path.dirname(self.journal_of("a")), "status", "--porcelain"],
                           env=self.env, capture_output=True, text=True)
        self.assertEqual(p.stdout, "")

        # Sessions of the 20th, 25th (once), 26th and 27th; the reading of
        # 4 once: two readings in the last 7 days (3 and 4), not three.
        for machine in ("a", "b"):
            p = self.on(machine, "stats", "--json")
            self.assertEqual(p.stderr, "")
            j = json.loads(p.stdout)
            self.assertEqual(j["sessions"], 4, machine)
            self.assertEqual(j["minutes"], 10 + 9 + 12 + 15, machine)
            self.assertEqual(j["pain"]["readings7"], 2, machine)
            self.assertEqual(j["pain"]["avg7"], 3.5, machine)
            self.assertEqual(j["streak"]["current"], 3, machine)  # 25, 26, 27

    def test_syncthing_conflict_copy(self):
        line = re.search(r"`(flock journal\.txt [^`]*)`", README).group(1)
        self.on("a", "log", "session", "morning", "--date", "2026-11-26", "--time", "07:05", "--minutes", "12")
        folder = os.path.dirname(self.journal_of("a"))
        theirs = self.read_journal(self.journal_of("a")) + "2026-11-27 07:10 session morning minutes=15\n"
        self.on("a", "log", "session", "morning", "--date", "2026-11-27", "--time", "19:00", "--minutes", "8")
        conflict = os.path.join(folder, "journal.sync-conflict-20261128-080000-ABCDEFG.txt")
        with open(conflict, "w", encoding="utf-8") as f:
            f.write(theirs)
        p = self.sh(line, cwd=folder)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        self.assertFalse(os.path.exists(conflict))
        j = json.loads(self.on("a", "stats", "--json").stdout)
        self.assertEqual((j["sessions"], j["minutes"]), (3, 12 + 15 + 8))


if __name__ == "__main__":
    main()
