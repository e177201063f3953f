"""Shared harness for backcare's end-to-end tests.

Each test runs the real binary in a fresh temporary HOME, with BACKCARE_NOW
pinned and a clean environment, so nothing of the machine leaks in.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

BIN = os.environ.get("BACKCARE_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "backcare")
SOURCE_DIR = os.environ.get("BACKCARE_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
HEADER = "# backcare journal v1"


class BackcareTest(unittest.TestCase):
    now = "2026-11-28T08:00"  # a Saturday

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="backcare-e2e-")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "BACKCARE_NOW": self.now,
        }

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def journal(self):
        return os.path.join(self.home, ".local", "share", "backcare", "journal.txt")

    @property
    def routine_path(self):
        return os.path.join(self.home, ".config", "backcare", "routine.toml")

    def run_bc(self, *args, input=None, env=None, now=None, timeout=60, check=None):
        """Runs backcare; returns the CompletedProcess (text mode)."""
        e = dict(self.env)
        if now is not None:
            e["BACKCARE_NOW"] = now
        if env:
            for k, v in env.items():
                if v is None:
                    e.pop(k, None)
                else:
                    e[k] = v
        p = subprocess.run([BIN, *args], input=input, env=e, capture_output=True, text=True,
                           timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL)
        if check is not None:
            self.assertEqual(p.returncode, check,
                             f"backcare {' '.join(args)}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def write_journal(self, text, path=None):
        path = path or self.journal
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def read_journal(self, path=None):
        path = path or self.journal
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return f.read()

    def journal_lines(self, path=None):
        """The journal's entry lines (no header, comments or blanks)."""
        text = self.read_journal(path) or ""
        return [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]

    def write_routine(self, text, path=None):
        path = path or self.routine_path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def assertNoEscapes(self, text):
        self.assertNotIn("\x1b", text, "escape codes in output meant for a pipe")


MINIMAL_ROUTINE = """\
[[exercise]]
id = "cat-cow"
name = "Cat-cow"
phase = "relief"
steps = ["Move slowly."]
duration = [60, 120]

[[exercise]]
id = "neck-stretch"
name = "Neck stretch"
phase = "stretch"
steps = ["Tilt."]
hold = [15, 20]
sides = 2

[routine.morning]
exercises = ["cat-cow", "neck-stretch"]
days = "daily"
times = ["07:00"]
"""


def main():
    unittest.main(verbosity=2)
