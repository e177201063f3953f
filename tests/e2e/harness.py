"""Shared harness for backcare's end-to-end tests.

Each test runs the real binary in a fresh temporary HOME, with BACKCARE_NOW
pinned and a clean environment, so nothing of the machine leaks in.
"""
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("BACKCARE_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "backcare")
SOURCE_DIR = os.environ.get("BACKCARE_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
HEADER = "# backcare journal v1"
# The fault injector (tests/fault/inject.cpp), set by ctest; None by hand.
FAULT_LIB = os.environ.get("BACKCARE_FAULT_LIB")
# Set by tests/memcheck.sh: BIN is backcare under valgrind (slow, and its
# memory is valgrind's).
UNDER_VALGRIND = bool(os.environ.get("BACKCARE_VALGRIND"))
# Timeouts stretch by this much under valgrind (every start takes a second).
SLOW = 20 if UNDER_VALGRIND else 1


@functools.lru_cache(maxsize=None)
def mount_namespace_problem():
    """None when this process may make private mounts (unshare -m, a tmpfs,
    a read-only bind mount), else the reason why not, for skipTest."""
    if not shutil.which("unshare"):
        return "unshare (util-linux) is not installed"
    d = tempfile.mkdtemp(prefix="backcare-ns-")
    try:
        p = subprocess.run(
            ["unshare", "-m", "sh", "-ec",
             'mount -t tmpfs -o size=64k tmpfs "$1" && mount --bind "$1" "$1" && '
             'mount -o remount,ro,bind "$1" && ! touch "$1/x" 2>/dev/null', "sh", d],
            capture_output=True, text=True, timeout=20)
        if p.returncode != 0:
            return f"cannot make private mounts here (unshare -m: {p.stderr.strip() or p.returncode})"
        return None
    except (OSError, subprocess.SubprocessError) as e:
        return f"cannot make private mounts here ({e})"
    finally:
        shutil.rmtree(d, ignore_errors=True)


@functools.lru_cache(maxsize=None)
def sanitized_binary():
    """True when the binary is built with ASan (slower, more memory)."""
    try:
        out = subprocess.run(["ldd", BIN], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "libasan" in out or "libubsan" in out


# Runs a command in a fresh Python whose only child it is, and prints the
# child's peak resident set size in KiB (ru_maxrss of RUSAGE_CHILDREN).
_RSS_WRAPPER = """
import resource, subprocess, sys, json
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True)
print(json.dumps({"rc": p.returncode, "rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stdout": p.stdout.decode("utf-8", "replace"), "stderr": p.stderr.decode("utf-8", "replace")}))
"""


class BackcareTest(unittest.TestCase):
    now = "2026-11-28T08:00"  # a Saturday

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="backcare-e2e-")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home, mode=0o700)
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
                           timeout=timeout * SLOW, stdin=None if input is not None else subprocess.DEVNULL)
        if check is not None:
            self.assertEqual(p.returncode, check,
                             f"backcare {' '.join(args)}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def peak_rss(self, *args, env=None, timeout=120):
        """Runs backcare alone in a fresh process; returns (rc, peak RSS in
        KiB, stdout, stderr)."""
        import json
        e = dict(self.env)
        if sanitized_binary():
            # ASan keeps freed blocks in a quarantine (256 MiB by default) to
            # catch use after free: the sanitizer's memory, not backcare's.
            e["ASAN_OPTIONS"] = "quarantine_size_mb=16"
        e.update(env or {})
        p = subprocess.run([sys.executable, "-c", _RSS_WRAPPER, BIN, *args], env=e, capture_output=True,
                           text=True, timeout=timeout * SLOW)
        self.assertEqual(p.returncode, 0, p.stderr)
        r = json.loads(p.stdout)
        return r["rc"], r["rss_kib"], r["stdout"], r["stderr"]

    def in_mount_namespace(self, script, timeout=120, env=None):
        """Runs a sh script (set -e) in a private mount namespace, skipping
        the test when none can be made. The script sees $BC (the binary),
        $T (this test's temporary folder, outside any mount it makes) and
        run NAME CMD...: runs CMD and keeps its exit code, stdout and stderr
        in $T/out/NAME.rc, .out and .err (see self.result)."""
        why = mount_namespace_problem()
        if why:
            self.skipTest(why)
        os.makedirs(os.path.join(self.tmp, "out"), exist_ok=True)
        prelude = ('run() { n=$1; shift; set +e; "$@" >"$T/out/$n.out" 2>"$T/out/$n.err" </dev/null; '
                   'echo $? >"$T/out/$n.rc"; set -e; }\n')
        e = dict(self.env, BC=BIN, T=self.tmp)
        e.update(env or {})
        p = subprocess.run(["unshare", "-m", "sh", "-ec", prelude + script], env=e, capture_output=True,
                           text=True, timeout=timeout * SLOW)
        self.assertEqual(p.returncode, 0, f"namespace script failed\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def result(self, name):
        """(exit code, stdout, stderr) of run NAME in in_mount_namespace."""
        out = os.path.join(self.tmp, "out", name)
        with open(out + ".rc") as f:
            rc = int(f.read())
        with open(out + ".out", encoding="utf-8", errors="replace") as f:
            stdout = f.read()
        with open(out + ".err", encoding="utf-8", errors="replace") as f:
            stderr = f.read()
        return rc, stdout, stderr

    def write_journal(self, text, path=None):
        """Writes a journal as backcare makes one: its new folders 0700, a
        new file 0600 (others may not read it: SPEC §3 warns then)."""
        path = path or self.journal
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", encoding="utf-8") as f:
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
