"""Whole or nothing, always (SPEC §3, issue 11): signals and SIGKILL during a
write, the intent file and its roll-back, the 64 KiB line limit, stamps with
seconds, the lock's wait and the recovery file, edit journal's crash safety,
a command that records before it reports, stdout failures, the mode warning
and odd journal paths."""
import fcntl
import json
import os
import signal
import socket
import stat
import subprocess
import time
import unittest

from harness import BIN, FAULT_LIB, HEADER, SLOW, BackcareTest

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

BEFORE = HEADER + "\n2026-11-20 07:10 pain 3\n2026-11-21 rest note=\"away\"\n"


def wait_for(path, timeout):
    deadline = time.monotonic() + timeout * SLOW
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class FaultMixin:
    def fault_env(self, fault, **extra):
        if not FAULT_LIB:
            self.skipTest("BACKCARE_FAULT_LIB is not set (run through ctest)")
        e = dict(self.env, LD_PRELOAD=FAULT_LIB, BACKCARE_FAULT=fault, ASAN_OPTIONS="verify_asan_link_order=0")
        e.update(extra)
        return e

    def popen(self, args, env, **kw):
        return subprocess.Popen([BIN, *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, **kw)


class SignalMidWriteTest(BackcareTest, FaultMixin):
    """Finding: a signal during a large append leaves part of an entry."""

    REST = ["log", "rest", "--date", "2026-11-28", "--days", "366", "--note", "a long time away"]

    def start_slow_rest(self, sleep):
        self.write_journal(BEFORE)
        mark = os.path.join(self.tmp, "half")
        env = self.fault_env("slowwrite", BACKCARE_FAULT_MARK=mark, BACKCARE_FAULT_SLEEP=str(sleep))
        p = self.popen(self.REST, env)
        self.assertTrue(wait_for(mark, 20), "the write never reached its middle")
        # Half of the entry is in the file now.
        self.assertGreater(len(self.read_journal()), len(BEFORE))
        return p

    def test_sigkill_mid_write_is_rolled_back_by_the_next_reader(self):
        p = self.start_slow_rest(sleep=60)
        self.assertTrue(os.path.exists(self.journal + ".intent"), "no intent file during the write")
        self.assertEqual(stat.S_IMODE(os.stat(self.journal + ".intent").st_mode), 0o600)
        p.kill()
        p.communicate(timeout=10)
        self.assertNotEqual(self.read_journal(), BEFORE)  # cut short: part of an entry
        r = self.run_bc("stats", check=0)
        self.assertIn("unfinished entry", r.stderr)
        self.assertEqual(r.stderr.count("unfinished"), 1)
        self.assertEqual(self.read_journal(), BEFORE)  # byte for byte
        self.assertFalse(os.path.exists(self.journal + ".intent"))
        # Said once: the next command has nothing to say.
        r = self.run_bc("stats", check=0)
        self.assertNotIn("unfinished", r.stderr)

    def test_sigkill_mid_write_is_rolled_back_by_the_next_writer(self):
        p = self.start_slow_rest(sleep=60)
        p.kill()
        p.communicate(timeout=10)
        r = self.run_bc("log", "pain", "2", check=0)
        self.assertIn("unfinished entry", r.stderr)
        self.assertEqual(self.read_journal(), BEFORE + "2026-11-28 08:00 pain 2\n")

    def test_a_catchable_signal_mid_write_waits_for_the_whole_entry(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(sig=sig.name):
                os.remove(self.journal) if os.path.exists(self.journal) else None
                for f in ("half",):
                    if os.path.exists(os.path.join(self.tmp, f)):
                        os.remove(os.path.join(self.tmp, f))
                p = self.start_slow_rest(sleep=2)
                p.send_signal(sig)
                p.communicate(timeout=20)
                self.assertEqual(p.returncode, -sig)  # the signal came after the write
                lines = self.journal_lines()
                self.assertEqual(len(lines), 2 + 366, "a part of the entry was left")
                self.assertEqual(lines[-1], '2027-11-28 rest note="a long time away"')
                self.assertTrue(self.read_journal().startswith(BEFORE))
                self.assertFalse(os.path.exists(self.journal + ".intent"))


class LineLimitTest(BackcareTest):
    """Finding: notes over 64 KiB are written but never read."""

    def test_an_entry_over_64_kib_is_refused_before_writing(self):
        self.write_journal(BEFORE)
        p = self.run_bc("log", "session", "morning", "--note", "x" * 70000)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("64 KiB", p.stderr)
        self.assertEqual(len(p.stderr.splitlines()), 1)
        self.assertEqual(self.read_journal(), BEFORE)

    def test_the_longest_line_the_reader_takes_is_written(self):
        prefix = "2026-11-28 08:00 note note="
        self.run_bc("log", "note", "--note", "y" * (65536 - len(prefix)), check=0)
        r = self.run_bc("stats", "--json", check=0)
        self.assertEqual(r.stderr, "")  # read, not skipped
        p = self.run_bc("log", "note", "--note", "y" * (65537 - len(prefix)), check=2)
        self.assertIn("64 KiB", p.stderr)
        self.assertEqual(len(self.journal_lines()), 1)


class StampTest(BackcareTest):
    """Finding: two identical sessions in one minute count once."""

    def test_two_sessions_in_one_minute_count_twice(self):
        self.run_bc("start", "morning", "--no-wait", "-q", now="2026-11-28T08:00:05", check=0)
        self.run_bc("start", "morning", "--no-wait", "-q", now="2026-11-28T08:00:40", check=0)
        stats = json.loads(self.run_bc("stats", "--json", now="2026-11-28T08:01", check=0).stdout)
        self.assertEqual(stats["sessions"], 2)
        self.assertTrue(self.journal_lines()[0].startswith("2026-11-28 08:00:05 session morning "))


class LockWaitTest(BackcareTest):
    """Finding: a session is lost when the journal is locked."""

    def hold_lock(self):
        self.write_journal(BEFORE)
        fd = os.open(self.journal, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        self.addCleanup(os.close, fd)
        return fd

    def test_a_writer_says_it_waits_after_a_second(self):
        fd = self.hold_lock()
        p = subprocess.Popen([BIN, "log", "pain", "4"], env=self.env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)
        fcntl.flock(fd, fcntl.LOCK_UN)
        out, err = p.communicate(timeout=20)
        self.assertEqual(p.returncode, 0, err)
        self.assertTrue(err.startswith("backcare: waiting for the journal (held by another backcare)\u2026\n"), err)
        self.assertEqual(self.read_journal(), BEFORE + "2026-11-28 08:00 pain 4\n")

    def test_no_wait_session_is_saved_for_later_when_the_lock_stays(self):
        fd = self.hold_lock()
        p = self.run_bc("start", "morning", "--no-wait", "--pain", "2", timeout=40)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("waiting for the journal", p.stderr)
        self.assertEqual(self.read_journal(), BEFORE)
        recovery = self.journal + ".recovery"
        self.assertEqual(stat.S_IMODE(os.stat(recovery).st_mode), 0o600)
        with open(recovery) as f:
            saved = f.read()
        self.assertRegex(saved, r"^2026-11-28 08:00 session morning .*pain=2 status=complete\n$")
        self.assertIn(saved.strip(), p.stderr)  # the exact line, shown
        self.assertIn("Saved for the journal", p.stdout)
        fcntl.flock(fd, fcntl.LOCK_UN)
        # The next write appends it first, then its own entry.
        r = self.run_bc("log", "pain", "1", check=0)
        self.assertIn("saved in", r.stderr)
        self.assertEqual(self.read_journal(), BEFORE + saved + "2026-11-28 08:00 pain 1\n")
        self.assertFalse(os.path.exists(recovery))

    def test_a_cut_line_in_the_recovery_file_is_left_out(self):
        self.write_journal(BEFORE)
        with open(self.journal + ".recovery", "w") as f:
            f.write("2026-11-27 pain 5\n2026-11-27 pain")
        self.run_bc("log", "pain", "1", check=0)
        self.assertEqual(self.read_journal(), BEFORE + "2026-11-27 pain 5\n2026-11-28 08:00 pain 1\n")


@unittest.skipIf(pexpect is None, "python3-pexpect is not installed")
class GuidedLockTest(BackcareTest):
    """Finding: a guided session is lost when the journal is locked: it
    waits while the person is there, and q keeps it for later."""

    def test_guided_session_waits_then_q_saves_it(self):
        from tty_support import CHECKED, TINY_ROUTINE
        routine = self.write_routine(TINY_ROUTINE, os.path.join(self.tmp, "tiny.toml"))
        self.write_journal(CHECKED)
        fd = os.open(self.journal, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        self.addCleanup(os.close, fd)
        env = dict(self.env, BACKCARE_ROUTINE=routine, TERM="xterm", NO_COLOR="1")
        c = pexpect.spawn(BIN, ["start", "quick", "--pain", "1", "--effort", "2", "--note", "x"], env=env,
                          encoding="utf-8", timeout=40 * SLOW)
        self.addCleanup(lambda: c.isalive() and c.terminate(force=True))
        c.expect("Session complete")
        c.expect("waiting for the journal")
        c.expect("press q")
        time.sleep(1.5)
        self.assertTrue(c.isalive(), "it stopped waiting while the person was there")
        c.send("q")
        c.expect("this is the line:")
        c.expect(pexpect.EOF)
        c.close()
        self.assertEqual(c.exitstatus, 0)
        self.assertEqual(self.read_journal(), CHECKED)
        with open(self.journal + ".recovery") as f:
            self.assertRegex(f.read(), r"^2026-11-28 08:00 session quick .*status=complete note=x\n$")


class EditTest(BackcareTest, FaultMixin):
    """Finding: edit journal is not crash-safe and drops lines."""

    def script(self, body):
        path = os.path.join(self.tmp, "ed.sh")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, 0o755)
        return path

    def leftovers(self):
        return sorted(n for n in os.listdir(os.path.dirname(self.journal)) if n.startswith(".journal.txt."))

    def test_lines_appended_while_the_editor_is_open_are_kept(self):
        self.write_journal(BEFORE)
        ed = self.script(f'sed -i "s/pain 3/pain 4/" "$1"\n'
                         f'echo "2026-11-28 07:59 note note=meanwhile" >> "{self.journal}"\n')
        p = self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)
        self.assertEqual(self.read_journal(),
                         BEFORE.replace("pain 3", "pain 4") + "2026-11-28 07:59 note note=meanwhile\n")
        self.assertIn("kept after the edit", p.stderr)

    def test_the_working_copy_is_private_beside_the_journal_and_removed(self):
        self.write_journal(BEFORE)
        seen = os.path.join(self.tmp, "seen")
        ed = self.script(f'echo "$1" > {seen}; stat -c %a "$1" >> {seen}\n')
        self.run_bc("edit", "journal", env={"EDITOR": ed, "TMPDIR": self.tmp}, check=0)
        with open(seen) as f:
            copy, mode = f.read().split()
        self.assertEqual(os.path.dirname(copy), os.path.dirname(os.path.realpath(self.journal)))
        self.assertEqual(mode, "600")
        self.assertFalse(os.path.exists(copy))
        self.assertEqual(self.leftovers(), [])

    def edit_in_background(self):
        self.write_journal(BEFORE)
        mark = os.path.join(self.tmp, "open")
        # The editor (sh -c runs it as a grandchild) writes its pid, which
        # stays the sleep's, for the clean-up.
        ed = self.script(f'echo $$ > {mark}.pid; touch {mark}\nexec sleep 30\n')
        env = dict(self.env, EDITOR=ed)
        # Output to files: an editor that outlives edit must not hold a pipe.
        out = open(os.path.join(self.tmp, "edit.out"), "w+")
        self.addCleanup(out.close)
        p = subprocess.Popen([BIN, "edit", "journal"], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                             text=True, start_new_session=True)
        p.output = out
        self.addCleanup(lambda: p.poll() is None and os.killpg(p.pid, signal.SIGKILL))
        self.assertTrue(wait_for(mark, 20))
        with open(mark + ".pid") as f:
            editor = int(f.read())

        def end_editor():
            try:
                os.kill(editor, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.addCleanup(end_editor)
        self.assertEqual(len(self.leftovers()), 1)
        return p

    def test_sigterm_and_sighup_remove_the_working_copy(self):
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
            with self.subTest(sig=sig.name):
                if os.path.exists(os.path.join(self.tmp, "open")):
                    os.remove(os.path.join(self.tmp, "open"))
                p = self.edit_in_background()
                p.send_signal(sig)
                p.wait(timeout=20)
                p.output.seek(0)
                err = p.output.read()
                self.assertEqual(p.returncode, code, err)
                self.assertIn("the journal was not changed", err)
                self.assertEqual(self.leftovers(), [])
                self.assertEqual(self.read_journal(), BEFORE)

    def test_ctrl_c_in_the_terminal_removes_the_working_copy(self):
        p = self.edit_in_background()
        os.killpg(p.pid, signal.SIGINT)  # as the terminal sends it: editor and edit
        p.wait(timeout=20)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(self.leftovers(), [])
        self.assertEqual(self.read_journal(), BEFORE)

    def test_the_copy_of_a_killed_edit_is_removed_by_the_next(self):
        p = self.edit_in_background()
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(timeout=20)
        self.assertEqual(len(self.leftovers()), 1)
        self.run_bc("edit", "journal", env={"EDITOR": "true"}, check=0)
        self.assertEqual(self.leftovers(), [])

    def test_sigkill_while_saving_leaves_the_old_journal_whole(self):
        self.write_journal(BEFORE)
        mark = os.path.join(self.tmp, "half")
        # The editor makes the text large, so the save is the first write
        # over 4096 bytes (slowwrite's threshold).
        ed = self.script('i=0; while [ $i -lt 400 ]; do echo "2026-10-01 note note=line$i" >> "$1"; '
                         'i=$((i + 1)); done\n')
        env = self.fault_env("slowwrite", BACKCARE_FAULT_MARK=mark, BACKCARE_FAULT_SLEEP="60", EDITOR=ed)
        p = self.popen(["edit", "journal"], env)
        self.assertTrue(wait_for(mark, 20), "the save never reached its middle")
        self.assertEqual(self.read_journal(), BEFORE)  # old, whole, while the new text is half written
        p.kill()
        p.communicate(timeout=10)
        self.assertEqual(self.read_journal(), BEFORE)
        self.run_bc("edit", "journal", env={"EDITOR": "true"}, check=0)
        self.assertEqual(self.leftovers(), [])


class RecordBeforeReportTest(BackcareTest):
    """Finding: start --no-wait loses the session when its output fails."""

    def test_a_full_stdout_keeps_the_session(self):
        with open("/dev/full", "w") as full:
            p = subprocess.run([BIN, "start", "morning", "--no-wait"], env=self.env, stdout=full,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=30)
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertEqual(len([l for l in self.journal_lines() if " session morning " in l]), 1)

    def test_a_closed_pipe_keeps_the_session(self):
        p = subprocess.run(["sh", "-c", f'"{BIN}" start morning --no-wait | true'], env=self.env,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len([l for l in self.journal_lines() if " session morning " in l]), 1)


class StdoutTest(BackcareTest):
    """Finding: commands whose stdout fails exit 0 (output lost) or 70."""

    COMMANDS = (["plan"], ["plan", "--ics"], ["plan", "--cron"], ["plan", "--week"], ["check", "--no-ask"],
                ["log", "symptom", "--list"], ["init", "--print"], ["start", "--dry-run"], ["stats"],
                ["stats", "--json"])

    def test_a_full_stdout_is_exit_74_with_one_line(self):
        self.write_journal(BEFORE)
        for args in self.COMMANDS:
            with self.subTest(args=args):
                with open("/dev/full", "w") as full:
                    p = subprocess.run([BIN, *args], env=self.env, stdout=full, stderr=subprocess.PIPE,
                                       stdin=subprocess.DEVNULL, text=True, timeout=30)
                self.assertEqual(p.returncode, 74, p.stderr)
                self.assertRegex(p.stderr, r"^backcare: cannot write [^\n]*output[^\n]*\n$")


class ModeWarningTest(BackcareTest):
    """Finding: a journal readable by others is neither tightened nor reported."""

    def test_a_journal_others_can_read_is_reported_on_every_write(self):
        self.write_journal(BEFORE)
        os.chmod(self.journal, 0o644)
        for _ in range(2):
            p = self.run_bc("log", "pain", "2", check=0)
            self.assertIn("others can read the journal (mode 0644)", p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(self.journal).st_mode), 0o644)  # not changed

    def test_a_folder_others_can_list_is_reported(self):
        self.write_journal(BEFORE)
        folder = os.path.dirname(self.journal)
        os.chmod(folder, 0o755)
        p = self.run_bc("log", "pain", "2", check=0)
        self.assertIn(f"{folder}: others can list the journal's folder (mode 0755)", p.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(folder).st_mode), 0o755)

    def test_a_private_journal_is_quiet(self):
        p = self.run_bc("log", "pain", "2", "-q", check=0)
        self.assertEqual(p.stderr, "")
        p = self.run_bc("log", "pain", "3", "-q", check=0)
        self.assertEqual(p.stderr, "")


class OddJournalTest(BackcareTest):
    """The smaller findings: a socket, /dev/null, an empty path, a long name."""

    def test_a_socket_is_called_a_socket(self):
        path = os.path.join(self.tmp, "sock")
        s = socket.socket(socket.AF_UNIX)
        s.bind(path)
        self.addCleanup(s.close)
        p = self.run_bc("--journal", path, "log", "pain", "3", check=74)
        self.assertIn("is a socket", p.stderr)
        self.assertNotIn("FIFO", p.stderr)

    def test_a_journal_linked_to_dev_null_is_refused_for_writing(self):
        link = os.path.join(self.tmp, "j.txt")
        os.symlink("/dev/null", link)
        p = self.run_bc("--journal", link, "log", "pain", "3", check=74)
        self.assertIn("is a character device; the journal must be a regular file", p.stderr)
        self.assertNotIn("logged", p.stderr)
        self.run_bc("--journal", link, "plan", check=0)  # reading it is reading nothing

    def test_an_empty_journal_path_is_refused(self):
        p = self.run_bc("--journal", "", "log", "pain", "3", check=2)
        self.assertIn("--journal", p.stderr)
        p = self.run_bc("log", "pain", "3", env={"BACKCARE_JOURNAL": ""}, check=2)
        self.assertIn("BACKCARE_JOURNAL", p.stderr)
        self.assertFalse(os.path.exists(self.journal))

    def test_a_long_field_name_is_cut_in_the_message(self):
        p = self.run_bc("stats", "--format", "{" + "k" * 130000 + "}", check=2)
        self.assertLess(len(p.stderr), 2000)
        self.assertIn("k" * 40 + "\u2026", p.stderr)
        p = self.run_bc("log", "pain", "3", "--" + "k" * 130000, check=2)
        self.assertLess(len(p.stderr), 2000)


if __name__ == "__main__":
    unittest.main(verbosity=2)
