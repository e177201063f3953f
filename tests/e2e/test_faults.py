"""Faults: a full disk, a read-only file system, odd journal paths, writers
killed mid-write, and several writers with a reader at once. Whatever
happens, the journal holds whole lines only and never loses one that was
reported written (SPEC §3 "Writing", §4 exit codes)."""
import os
import random
import signal
import stat
import subprocess
import time
import unittest

from harness import BIN, FAULT_LIB, HEADER, SLOW, BackcareTest

SESSION_LINE = "2026-11-28 07:10 session morning minutes=12"


class WholeLines:
    """Checks shared by the fault tests."""

    def assertWholeLines(self, text, allowed_prefix=""):
        """The journal text ends with a newline and each line is one that
        backcare wrote (or the given earlier content)."""
        self.assertTrue(text.startswith(allowed_prefix), text[:200])
        if text:
            self.assertTrue(text.endswith("\n"), f"the journal ends in a partial line: {text[-80:]!r}")
        for line in text[len(allowed_prefix):].splitlines():
            self.assertRegex(line, r'^(# backcare journal v1|2026-11-28 08:00 pain \d+( note="[^"]*")?)$')

    def assertReadable(self, journal, *, expect_rc=(0,)):
        """plan reads the journal without a warning."""
        p = self.run_bc("--journal", journal, "plan")
        self.assertIn(p.returncode, expect_rc, p.stderr)
        self.assertEqual(p.stderr, "")


class DiskFullTest(BackcareTest, WholeLines):
    # The seed journal fills its memory page but for about 200 bytes; each
    # new line is about 40: a few fit, then the disk is full.
    ATTEMPTS = 12

    PAIN = 'log pain $((i % 8)) --note "line $i" -q'

    def fill_and_log(self, env=None, fresh=False, command=PAIN):
        """Mounts a 64 KiB tmpfs, fills it, then logs until the disk is full
        (`command`: the arguments of backcare after --journal, in sh, with
        $i the attempt's number). Returns (exit codes in order, the journal
        as left, the stderr of the first failure, the seed journal)."""
        seed = "" if fresh else f"{HEADER}\n2026-11-27 pain 2\n"
        if seed:
            pad = os.sysconf("SC_PAGE_SIZE") - 200 - len(seed) - len("2026-11-27 note note=\n")
            seed += "2026-11-27 note note=" + "x" * pad + "\n"
        script = f"""
D="$T/full"; mkdir -p "$D"
mount -t tmpfs -o size=64k tmpfs "$D"
{"" if fresh else 'printf "%s" "$SEED" > "$D/journal.txt"'}
dd if=/dev/zero of="$D/filler" bs=1k count=1000 2>/dev/null || true
i=0
while [ $i -lt {self.ATTEMPTS} ]; do
  run "log$i" "$BC" --journal "$D/journal.txt" {command}
  i=$((i + 1))
done
run plan "$BC" --journal "$D/journal.txt" plan
run init "$BC" --routine "$D/routine.toml" init
if [ -e "$D/routine.toml" ]; then touch "$T/routine-left"; fi
if [ -e "$D/journal.txt" ]; then cp "$D/journal.txt" "$T/journal.out"; fi
"""
        self.in_mount_namespace(script, env=dict({"SEED": seed}, **(env or {})), timeout=240)
        codes = [self.result(f"log{i}")[0] for i in range(self.ATTEMPTS)]
        first_fail = next((i for i, c in enumerate(codes) if c != 0), None)
        err = self.result(f"log{first_fail}")[2] if first_fail is not None else ""
        path = os.path.join(self.tmp, "journal.out")
        text = self.read_journal(path)
        rc, _, plan_err = self.result("plan")
        self.assertEqual(rc, 0, plan_err)
        self.assertEqual(plan_err, "", "the journal left by a full disk reads without a warning")
        # init on the full disk: 74, and no half-written routine left behind.
        rc, _, init_err = self.result("init")
        self.assertEqual(rc, 74, init_err)
        self.assertIn("routine.toml", init_err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "routine-left")))
        return codes, text, err, seed

    def check_full_disk(self, codes, text, err, seed):
        self.assertIn(74, codes, "the disk never filled up")
        first_fail = codes.index(74)
        self.assertGreater(first_fail, 0, "no line fitted at all: the test filled too much")
        # Once full, every later append fails too; each failure is 74.
        self.assertEqual(set(codes[first_fail:]), {74}, codes)
        self.assertIn("full/journal.txt", err)
        self.assertIn("nothing was written", err)
        self.assertTrue(err.startswith("backcare: "), err)
        # Exactly the lines reported written, whole, in order.
        expected = seed + (HEADER + "\n" if not seed and first_fail else "") + "".join(
            f'2026-11-28 08:00 pain {i % 8} note="line {i}"\n' for i in range(first_fail))
        self.assertEqual(text or "", expected)
        self.assertWholeLines(text or "", seed)

    def test_a_full_tmpfs_gives_74_and_whole_lines_only(self):
        self.check_full_disk(*self.fill_and_log())

    @unittest.skipUnless(FAULT_LIB, "BACKCARE_FAULT_LIB is not set (run through ctest)")
    def test_without_fallocate_a_short_write_is_undone(self):
        # With no way to reserve space, the last write comes up short on the
        # full disk; backcare truncates its own bytes away.
        env = {"LD_PRELOAD": FAULT_LIB, "BACKCARE_FAULT": "nofallocate",
               "ASAN_OPTIONS": "verify_asan_link_order=0"}
        self.check_full_disk(*self.fill_and_log(env=env))

    # A run of rest days is one write: on a full disk it lands whole or
    # not at all. Each run is about 90 bytes; the seed leaves about 200 in
    # its page, so two fit and the third would cross into a new page.
    REST = 'log rest --date 2026-11-28 --days 3 --note "run $i" -q'

    def rest_run(self, i):
        return "".join(f'2026-11-{d}{" 08:00" if d == 28 else ""} rest note="run {i}"\n' for d in (28, 29, 30))

    def check_rest_runs(self, codes, text, err, seed):
        self.assertIn(74, codes, "the disk never filled up")
        first_fail = codes.index(74)
        self.assertGreater(first_fail, 0, "no run fitted at all: the test filled too much")
        self.assertEqual(set(codes[first_fail:]), {74}, codes)
        self.assertIn("nothing was written", err)
        # Whole runs only: those reported written, none of the others.
        self.assertEqual(text, seed + "".join(self.rest_run(i) for i in range(first_fail)))

    def test_a_run_of_rest_days_lands_whole_or_not_at_all(self):
        self.check_rest_runs(*self.fill_and_log(command=self.REST))

    @unittest.skipUnless(FAULT_LIB, "BACKCARE_FAULT_LIB is not set (run through ctest)")
    def test_a_run_of_rest_days_without_fallocate(self):
        # The write that crosses the page's end comes up short: undone.
        env = {"LD_PRELOAD": FAULT_LIB, "BACKCARE_FAULT": "nofallocate",
               "ASAN_OPTIONS": "verify_asan_link_order=0"}
        self.check_rest_runs(*self.fill_and_log(env=env, command=self.REST))

    def test_a_new_journal_on_a_full_disk_is_empty_or_absent(self):
        codes, text, err, seed = self.fill_and_log(fresh=True)
        self.assertEqual(set(codes), {74})
        self.assertIn(text, (None, ""))  # never a header without its entry

    def test_dev_full(self):
        p = self.run_bc("--journal", "/dev/full", "log", "pain", "3", check=74)
        self.assertIn("/dev/full", p.stderr)
        self.assertIn("nothing was written", p.stderr)
        # Reading a character device is reading an empty journal.
        self.run_bc("--journal", "/dev/full", "plan", check=0)
        p = self.run_bc("--journal", "/dev/full", "plan", "--due", now="2026-11-28T08:00")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, "morning\n")


@unittest.skipUnless(FAULT_LIB, "BACKCARE_FAULT_LIB is not set (run through ctest)")
class InjectedFaultTest(BackcareTest, WholeLines):
    """Faults the kernel seldom shows on demand, injected with LD_PRELOAD."""

    def log_with(self, fault, *args):
        env = {"LD_PRELOAD": FAULT_LIB, "BACKCARE_FAULT": fault, "ASAN_OPTIONS": "verify_asan_link_order=0"}
        return self.run_bc("log", "pain", *args, env=env)

    def test_a_short_write_leaves_the_journal_as_it_was(self):
        before = f"{HEADER}\n2026-11-27 pain 2\n"
        self.write_journal(before)
        p = self.log_with("shortwrite", "3", "--note", "x" * 300)
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertIn(self.journal, p.stderr)
        self.assertEqual(self.read_journal(), before)

    def test_a_short_write_after_a_line_without_newline(self):
        before = f"{HEADER}\n2026-11-27 pain 2"  # the newline backcare would add is undone too
        self.write_journal(before)
        self.assertEqual(self.log_with("shortwrite", "3").returncode, 74)
        self.assertEqual(self.read_journal(), before)

    def test_a_short_write_on_a_new_journal_leaves_it_empty(self):
        self.assertEqual(self.log_with("shortwrite", "3").returncode, 74)
        self.assertEqual(self.read_journal(), "")
        self.run_bc("plan", check=0)
        self.run_bc("log", "pain", "4", check=0)
        self.assertEqual(self.read_journal(), f"{HEADER}\n2026-11-28 08:00 pain 4\n")

    def test_a_failed_fsync_takes_the_line_back(self):
        before = f"{HEADER}\n2026-11-27 pain 2\n"
        self.write_journal(before)
        p = self.log_with("fsync-eio", "3")
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertIn("nothing was written", p.stderr)
        self.assertEqual(self.read_journal(), before)

    def test_a_run_of_rest_days_is_one_write(self):
        log = os.path.join(self.tmp, "writes.log")
        env = {"LD_PRELOAD": FAULT_LIB, "BACKCARE_FAULT": "writelog", "BACKCARE_FAULT_LOG": log,
               "ASAN_OPTIONS": "verify_asan_link_order=0"}
        self.run_bc("log", "rest", "--date", "2026-11-28", "--days", "30", "--note", "away", env=env, check=0)
        text = self.read_journal()
        self.assertEqual(len(self.journal_lines()), 30)
        with open(log) as f:
            writes = [l.split(" ", 1) for l in f.read().splitlines()]
        # The intent file beside the journal (SPEC §3) takes a write of its own.
        writes = [w for w in writes if w[1] == os.path.realpath(self.journal)]
        # One write() to the journal, of the header and all 30 lines.
        self.assertEqual(writes, [[str(len(text.encode())), os.path.realpath(self.journal)]])
        # The same into a journal that lacks its last newline.
        self.write_journal(f"{HEADER}\n2026-11-27 pain 2")
        os.remove(log)
        self.run_bc("log", "rest", "--days", "7", env=env, check=0)
        with open(log) as f:
            writes = [l.split(" ", 1) for l in f.read().splitlines()]
        writes = [w for w in writes if w[1] == os.path.realpath(self.journal)]
        added = len(self.read_journal()) - len(f"{HEADER}\n2026-11-27 pain 2")
        self.assertEqual(writes, [[str(added), os.path.realpath(self.journal)]])
        self.assertEqual(len(self.journal_lines()), 8)

    def test_a_short_write_of_a_run_of_rest_days_leaves_nothing(self):
        before = f"{HEADER}\n2026-11-27 pain 2\n"
        self.write_journal(before)
        env = {"LD_PRELOAD": FAULT_LIB, "BACKCARE_FAULT": "shortwrite", "ASAN_OPTIONS": "verify_asan_link_order=0"}
        p = self.run_bc("log", "rest", "--days", "30", "--note", "away", env=env)
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertIn("nothing was written", p.stderr)
        self.assertEqual(self.read_journal(), before)
        p = self.run_bc("log", "rest", "--days", "30", env=dict(env, BACKCARE_FAULT="fsync-eio"))
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertEqual(self.read_journal(), before)

    def test_no_fallocate_alone_is_no_problem(self):
        self.assertEqual(self.log_with("nofallocate", "3").returncode, 0)
        self.assertEqual(self.journal_lines(), ["2026-11-28 08:00 pain 3"])


class ReadOnlyTest(BackcareTest):
    def test_read_only_mount(self):
        self.write_journal(f"{HEADER}\n{SESSION_LINE}\n", os.path.join(self.tmp, "ro", "journal.txt"))
        script = """
D="$T/ro"
mount --bind "$D" "$D"
mount -o remount,ro,bind "$D"
run append "$BC" --journal "$D/journal.txt" log pain 3
run create "$BC" --journal "$D/new.txt" log pain 3
run create_dirs "$BC" --journal "$D/sub/dir/journal.txt" log pain 3
run plan "$BC" --journal "$D/journal.txt" plan
run due "$BC" --journal "$D/journal.txt" plan --due
run init "$BC" --routine "$D/routine.toml" init
"""
        self.in_mount_namespace(script)
        journal = os.path.join(self.tmp, "ro", "journal.txt")
        rc, _, err = self.result("append")
        self.assertEqual(rc, 74, err)
        self.assertIn(journal, err)
        self.assertIn("Read-only file system", err)
        self.assertIn("nothing was written", err)
        for name, path in (("create", "new.txt"), ("create_dirs", "sub")):
            rc, _, err = self.result(name)
            self.assertEqual(rc, 73, err)
            self.assertIn(os.path.join(self.tmp, "ro", path), err)
        rc, _, err = self.result("init")
        self.assertEqual(rc, 73, err)
        self.assertIn("routine.toml", err)
        # Reading a read-only journal works as ever.
        rc, out, err = self.result("plan")
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("done", out)
        rc, out, err = self.result("due")
        self.assertEqual((rc, out, err), (1, "", ""))
        self.assertEqual(self.read_journal(journal), f"{HEADER}\n{SESSION_LINE}\n")
        self.assertEqual(sorted(os.listdir(os.path.join(self.tmp, "ro"))), ["journal.txt"])

    @unittest.skipIf(os.geteuid() == 0, "root writes through file permissions")
    def test_permission_refused(self):
        self.write_journal(f"{HEADER}\n")
        os.chmod(self.journal, 0o444)
        p = self.run_bc("log", "pain", "3", check=74)
        self.assertIn(self.journal, p.stderr)
        self.assertIn("ermission denied", p.stderr)
        self.assertEqual(self.read_journal(), f"{HEADER}\n")
        locked = os.path.join(self.tmp, "locked")
        os.makedirs(locked)
        os.chmod(locked, 0o555)
        p = self.run_bc("--journal", os.path.join(locked, "j.txt"), "log", "pain", "3", check=73)
        self.assertIn(os.path.join(locked, "j.txt"), p.stderr)
        # A journal that cannot be read at all.
        os.chmod(self.journal, 0o000)
        p = self.run_bc("plan")
        self.assertEqual(p.returncode, 66)
        self.assertIn(self.journal, p.stderr)


    @unittest.skipIf(os.geteuid() == 0, "root reads through file permissions")
    def test_a_write_only_journal_never_glues_lines(self):
        # backcare cannot read the last byte, so it cannot know whether the
        # last line has its newline: it adds one (a blank line is harmless).
        for before, after in (("2026-11-27 pain 2", "2026-11-27 pain 2\n"),
                              ("2026-11-27 pain 2\n", "2026-11-27 pain 2\n\n")):
            self.write_journal(before)
            os.chmod(self.journal, 0o200)
            self.run_bc("log", "pain", "3", check=0)
            os.chmod(self.journal, 0o600)
            self.assertEqual(self.read_journal(), after + "2026-11-28 08:00 pain 3\n")


class OddPathTest(BackcareTest):
    """Folders, FIFOs and symbolic links where the journal should be: a
    clear error naming the path, never a hang (each run has a timeout)."""

    READERS = (["plan"], ["plan", "--due"], ["plan", "--due", "-q"])

    def check(self, path, write_rc, read_rc, words):
        p = self.run_bc("--journal", path, "log", "pain", "3", timeout=15)
        self.assertIn(p.returncode, write_rc, p.stderr)
        self.assertIn(path, p.stderr)
        for w in words:
            self.assertIn(w, p.stderr)
        for args in self.READERS:
            p = self.run_bc("--journal", path, *args, timeout=15)
            self.assertEqual(p.returncode, read_rc, f"{args}: {p.stderr}")
            self.assertIn(path, p.stderr)
            self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)
            self.assertEqual(p.stdout, "")

    def test_a_folder(self):
        d = os.path.join(self.tmp, "dir")
        os.makedirs(d)
        self.check(d, (74,), 66, ["folder"])

    def test_a_fifo_with_no_writer(self):
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        self.check(fifo, (74,), 66, ["FIFO"])

    def test_a_fifo_with_a_reader_waiting(self):
        # Someone is reading the FIFO: backcare must still refuse it, not
        # write into the pipe.
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
        try:
            time.sleep(0.1)
            p = self.run_bc("--journal", fifo, "log", "pain", "3", timeout=15)
            self.assertEqual(p.returncode, 74, p.stderr)
        finally:
            # backcare's open and close may already have ended cat's read;
            # if not, a writer that comes and goes ends it.
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
            out = reader.communicate(timeout=10)[0]
        self.assertEqual(out, b"")

    def test_a_dangling_symlink(self):
        link = os.path.join(self.tmp, "link.txt")
        os.symlink(os.path.join(self.tmp, "missing", "target.txt"), link)
        self.check(link, (73,), 66, ["symbolic link"])
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "missing")))

    def test_a_symlink_loop(self):
        a, b = os.path.join(self.tmp, "a"), os.path.join(self.tmp, "b")
        os.symlink(b, a)
        os.symlink(a, b)
        self.check(a, (73, 74), 66, [])

    def test_a_symlink_to_a_folder(self):
        d = os.path.join(self.tmp, "dir")
        os.makedirs(d)
        link = os.path.join(self.tmp, "link")
        os.symlink(d, link)
        self.check(link, (74,), 66, ["folder"])

    def test_a_symlink_to_a_journal_is_followed(self):
        real = self.write_journal(f"{HEADER}\n{SESSION_LINE}\n", os.path.join(self.tmp, "real.txt"))
        link = os.path.join(self.tmp, "link.txt")
        os.symlink(real, link)
        self.run_bc("--journal", link, "log", "pain", "3", check=0)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(self.journal_lines(real), [SESSION_LINE, "2026-11-28 08:00 pain 3"])
        self.assertEqual(self.run_bc("--journal", link, "plan", "--due").returncode, 1)

    def test_a_parent_that_is_a_file(self):
        f = os.path.join(self.tmp, "file")
        open(f, "w").close()
        p = self.run_bc("--journal", os.path.join(f, "journal.txt"), "log", "pain", "3", check=73)
        self.assertIn(f, p.stderr)
        p = self.run_bc("--journal", os.path.join(f, "journal.txt"), "plan")
        self.assertEqual(p.returncode, 66, p.stderr)
        self.assertIn(f, p.stderr)


class KilledWriterTest(BackcareTest, WholeLines):
    def test_sigkill_at_random_moments_leaves_whole_lines(self):
        # append_lines is one write(): a writer killed at any moment leaves
        # its line whole or absent, and later writers go on cleanly.
        rng = random.Random(8)
        ok = 0
        for i in range(60):
            p = subprocess.Popen([BIN, "log", "pain", str(i % 8), "--note", f"run {i}", "-q"], env=self.env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0, 0.012))
            p.send_signal(signal.SIGKILL)
            _, err = p.communicate(timeout=30 * SLOW)
            if p.returncode == 0:
                ok += 1
                self.assertEqual(err, b"")
            else:
                self.assertEqual(p.returncode, -signal.SIGKILL, err)
        text = self.read_journal() or ""
        self.assertWholeLines(text)
        lines = self.journal_lines()
        self.assertGreaterEqual(len(lines), ok)
        self.assertEqual(len(set(lines)), len(lines))
        # A later writer and a reader are unaffected.
        self.run_bc("log", "pain", "1", "--note", "the end", check=0)
        self.assertEqual(self.journal_lines()[-1], '2026-11-28 08:00 pain 1 note="the end"')
        self.assertReadable(self.journal)
        if text:
            self.assertEqual(text.count(HEADER), 1)


class ConcurrencyTest(BackcareTest, WholeLines):
    WRITERS = 4
    LINES = 40

    def test_writers_and_readers_at_once(self):
        script = (f'i=1; while [ $i -le {self.LINES} ]; do "{BIN}" log pain $((i % 8)) --note "w$W l$i" -q '
                  f'|| echo "FAIL $?"; i=$((i + 1)); done')
        writers = [subprocess.Popen(["sh", "-c", script], env=dict(self.env, W=str(w)), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True) for w in range(self.WRITERS)]
        reads = 0
        try:
            while any(w.poll() is None for w in writers):
                for args in (["plan"], ["plan", "--due"], ["plan", "--due", "-q"]):
                    p = self.run_bc(*args, timeout=30)
                    self.assertIn(p.returncode, (0, 1), f"{args}: {p.stderr}")
                    self.assertEqual(p.stderr, "", f"{args}: the reader saw a torn line")
                    if args == ["plan"]:
                        self.assertEqual(p.returncode, 0)
                    reads += 1
        finally:
            outs = [w.communicate(timeout=300 * SLOW)[0] for w in writers]
        self.assertEqual("".join(outs), "", "a writer failed")
        self.assertGreater(reads, 3)
        text = self.read_journal()
        self.assertWholeLines(text)
        lines = text.splitlines()
        self.assertEqual(lines.count(HEADER), 1)
        self.assertEqual(lines[0], HEADER)
        expected = {f'2026-11-28 08:00 pain {i % 8} note="w{w} l{i}"'
                    for w in range(self.WRITERS) for i in range(1, self.LINES + 1)}
        self.assertEqual(len(lines) - 1, len(expected), "a line was lost or doubled")
        self.assertEqual(set(lines[1:]), expected)
        # Each writer's lines are in its own order.
        for w in range(self.WRITERS):
            mine = [l for l in lines if f'"w{w} l' in l]
            self.assertEqual(mine, [f'2026-11-28 08:00 pain {i % 8} note="w{w} l{i}"' for i in range(1, self.LINES + 1)])


class StatsReaderConcurrencyTest(BackcareTest):
    """stats and check read while several writers append (SPEC §3: the
    reader's shared lock keeps a line from being read half-written). The
    journal starts over 256 KiB, so stats reads it on two threads while
    the writers go on."""
    WRITERS = 3
    LINES = 30
    READERS = (["stats"], ["stats", "--json"], ["stats", "--format", "{streak} {pain} {due}"],
               ["check", "--no-ask"], ["check", "--no-ask", "--json"])

    def test_stats_and_check_read_while_writers_append(self):
        import json
        import sys
        from harness import SOURCE_DIR
        gen = os.path.join(SOURCE_DIR, "bench", "gen_journal.py")
        seed = subprocess.run([sys.executable, gen, "--lines", "2600", "--start", "2025-01-01"],
                              capture_output=True, text=True, check=True).stdout
        day = seed.splitlines()[-1][:10]
        self.env["BACKCARE_NOW"] = day + "T21:00"
        self.write_journal(seed)
        self.assertGreater(os.path.getsize(self.journal), 256 * 1024)
        before = json.loads(self.run_bc("stats", "--json", check=0).stdout)

        script = (f'i=1; while [ $i -le {self.LINES} ]; do "{BIN}" log pain $((i % 8)) --note "w$W l$i" -q '
                  f'|| echo "FAIL $?"; i=$((i + 1)); done')
        writers = [subprocess.Popen(["sh", "-c", script], env=dict(self.env, W=str(w)), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True) for w in range(self.WRITERS)]
        reads = 0
        sessions = set()
        try:
            while any(w.poll() is None for w in writers):
                for args in self.READERS:
                    p = self.run_bc(*args, timeout=60)
                    self.assertIn(p.returncode, (0, 1) if args[0] == "check" else (0,), f"{args}: {p.stderr}")
                    self.assertEqual(p.stderr, "", f"{args}: the reader warned (a torn line?)")
                    if args == ["stats", "--json"]:
                        j = json.loads(p.stdout)
                        sessions.add(j["sessions"])
                        # Writers add pain readings only: the sessions stay.
                        self.assertEqual(j["sessions"], before["sessions"])
                    if args == ["check", "--no-ask", "--json"]:
                        json.loads(p.stdout)
                    reads += 1
        finally:
            outs = [w.communicate(timeout=300 * SLOW)[0] for w in writers]
        self.assertEqual("".join(outs), "", "a writer failed")
        self.assertGreaterEqual(reads, len(self.READERS))

        text = self.read_journal()
        self.assertTrue(text.startswith(seed), "the journal's earlier lines changed")
        self.assertTrue(text.endswith("\n"))
        added = text[len(seed):].splitlines()
        expected = {w: [f'{day} 21:00 pain {i % 8} note="w{w} l{i}"' for i in range(1, self.LINES + 1)]
                    for w in range(self.WRITERS)}
        self.assertEqual(len(added), self.WRITERS * self.LINES, "a line was lost or doubled")
        self.assertEqual(sorted(added), sorted(l for lines in expected.values() for l in lines))
        for w, lines in expected.items():
            self.assertEqual([l for l in added if f'"w{w} l' in l], lines, "a writer's lines out of order")
        # The last reading is one of the writers'.
        after = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual(after["sessions"], before["sessions"])
        self.assertEqual(after["pain"]["last"], self.LINES % 8)


class ModesTest(BackcareTest):
    def test_a_new_journal_is_private_whatever_the_umask(self):
        p = subprocess.run(["sh", "-c", f'umask 000; exec "{BIN}" log pain 3'], env=self.env, capture_output=True,
                           text=True, timeout=30 * SLOW)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(self.journal).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.journal)).st_mode), 0o700)


if __name__ == "__main__":
    unittest.main(verbosity=2)
