"""backcare edit: the editor, validation, "Edit again?", the journal's lock (SPEC §4)."""
import os
import stat
import time
import unittest

from harness import BIN, HEADER, BackcareTest

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None


class EditTest(BackcareTest):
    def script(self, name, body):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, 0o755)
        return path

    def default_routine(self):
        return self.run_bc("init", "--print", check=0).stdout

    # -- routine -------------------------------------------------------------

    def test_missing_routine_is_copied_then_opened(self):
        ed = self.script("ed.sh", 'echo "# edited" >> "$1"\n')
        p = self.run_bc("edit", env={"EDITOR": ed}, check=0)
        with open(self.routine_path, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.default_routine() + "# edited\n")
        self.assertIn("copied the default routine", p.stderr)
        self.assertIn("valid", p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertEqual(stat.S_IMODE(os.stat(self.routine_path).st_mode), 0o600)
        # The second time, the user's file is opened as it is.
        p = self.run_bc("edit", "routine", "-q", env={"EDITOR": ed}, check=0)
        self.assertEqual(p.stderr, "")
        with open(self.routine_path, encoding="utf-8") as f:
            self.assertTrue(f.read().endswith("# edited\n# edited\n"))

    def test_visual_wins_and_may_hold_arguments(self):
        log = os.path.join(self.tmp, "args")
        ed = self.script("ed.sh", f'echo "$@" > {log}\n')
        self.run_bc("edit", env={"VISUAL": f"{ed} --wait 'two words'", "EDITOR": "false"}, check=0)
        with open(log) as f:
            self.assertEqual(f.read(), f"--wait two words {self.routine_path}\n")

    def test_a_broken_routine_is_reported_with_line_and_column(self):
        ed = self.script("ed.sh", """sed -i 's/^times = \\["07:00"\\]/times = ["7am"]/' "$1"\n""")
        p = self.run_bc("edit", env={"EDITOR": ed})
        self.assertEqual(p.returncode, 65, p.stderr)
        with open(self.routine_path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('times = ["7am"]', text)  # kept as the user saved it
        line = text.splitlines().index('times = ["7am"]') + 1
        self.assertRegex(p.stderr, rf"backcare: {self.routine_path}:{line}:\d+: ")
        # Every other command now stops at it.
        self.run_bc("plan", check=65)

    def test_a_failing_editor(self):
        ed = self.script("ed.sh", "exit 3\n")
        p = self.run_bc("edit", env={"EDITOR": ed}, check=1)
        self.assertIn("exit status 3", p.stderr)
        p = self.run_bc("edit", "journal", env={"EDITOR": "/nonexistent/editor"}, check=1)
        self.assertIn("not found", p.stderr)

    def test_a_named_routine_file_must_exist(self):
        p = self.run_bc("--routine", os.path.join(self.tmp, "nope.toml"), "edit", env={"EDITOR": "true"}, check=66)
        self.assertIn("init --routine", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "nope.toml")))

    def test_unknown_target(self):
        self.run_bc("edit", "nonsense", env={"EDITOR": "true"}, check=2)

    # -- journal -------------------------------------------------------------

    def test_journal_edit_is_saved_by_rename(self):
        # Since issue 11 the edit is saved by rename (old or new, whole, at
        # every instant): a new inode, with the journal's mode.
        self.run_bc("log", "pain", "3", check=0)
        before = os.stat(self.journal)
        ed = self.script("ed.sh", 'echo "2026-11-27 rest note=edited" >> "$1"\n')
        p = self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)
        self.assertEqual(self.read_journal(),
                         HEADER + "\n2026-11-28 08:00 pain 3\n2026-11-27 rest note=edited\n")
        after = os.stat(self.journal)
        self.assertNotEqual(after.st_ino, before.st_ino)
        self.assertEqual(stat.S_IMODE(after.st_mode), 0o600)
        self.assertIn("saved", p.stderr)

    def test_editors_that_replace_the_file_work_too(self):
        self.write_journal(HEADER + "\n2026-11-27 pain 2\n")
        ed = self.script("ed.sh", 'sed "s/pain 2/pain 4/" "$1" > "$1.new" && mv "$1.new" "$1"\n')
        self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)
        self.assertEqual(self.read_journal(), HEADER + "\n2026-11-27 pain 4\n")

    def test_no_change_leaves_the_bytes_alone(self):
        original = HEADER + "\n2026-11-27 pain 2"  # no final newline
        self.write_journal(original)
        p = self.run_bc("edit", "journal", env={"EDITOR": "true"}, check=0)
        self.assertEqual(self.read_journal(), original)
        self.assertIn("no changes", p.stderr)

    def test_a_new_journal_is_created_private(self):
        ed = self.script("ed.sh", 'echo "2026-11-28 note note=first" >> "$1"\n')
        self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)
        self.assertEqual(self.read_journal(), HEADER + "\n2026-11-28 note note=first\n")
        self.assertEqual(stat.S_IMODE(os.stat(self.journal).st_mode), 0o600)

    def test_journal_problems_are_file_line_and_exit_65(self):
        self.write_journal(HEADER + "\n2026-11-27 pain 2\n")
        ed = self.script("ed.sh", 'printf "2026-02-30 pain 3\\n2026-11-28 pain 99\\n" >> "$1"\n')
        p = self.run_bc("edit", "journal", env={"EDITOR": ed})
        self.assertEqual(p.returncode, 65, p.stderr)
        self.assertIn(f"backcare: {self.journal}:3: ", p.stderr)
        self.assertIn(f"backcare: {self.journal}:4: ", p.stderr)
        self.assertNotIn(f"{self.journal}:2:", p.stderr)
        self.assertTrue(self.read_journal().endswith("2026-11-28 pain 99\n"))  # kept as saved

    def test_the_journal_stays_locked_while_the_editor_runs(self):
        self.write_journal(HEADER + "\n2026-11-27 pain 2\n")
        status = os.path.join(self.tmp, "lock-status")
        ed = self.script("ed.sh", f"""
flock -n "{self.journal}" true; echo $? > {status}
"{BIN}" log pain 7 -q &
sleep 0.5
echo "2026-11-27 rest note=edited" >> "$1"
""")
        started = time.monotonic()
        self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)
        with open(status) as f:
            self.assertEqual(f.read().strip(), "1", "the journal was not locked during the edit")
        # The writer waited for the edit, then appended after it: nothing lost.
        deadline = started + 15
        while "pain 7" not in (self.read_journal() or "") and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.read_journal(), HEADER + "\n2026-11-27 pain 2\n2026-11-27 rest note=edited\n"
                                              "2026-11-28 08:00 pain 7\n")


@unittest.skipIf(pexpect is None, "python3-pexpect is not installed")
class EditAgainTest(BackcareTest):
    """In a terminal, a problem leads to "Edit again? [y/n]", as with crontab -e."""

    def spawn(self, *args, editor):
        env = dict(self.env, EDITOR=editor, TERM="dumb")
        return pexpect.spawn(BIN, list(args), env=env, encoding="utf-8", timeout=20)

    def editor(self, first, second):
        count = os.path.join(self.tmp, "count")
        path = os.path.join(self.tmp, "ed.sh")
        with open(path, "w") as f:
            f.write(f"""#!/bin/sh
n=$(cat {count} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > {count}
if [ $n = 1 ]; then {first}; else {second}; fi
""")
        os.chmod(path, 0o755)
        return path

    def test_journal_yes_then_fixed(self):
        self.write_journal(HEADER + "\n2026-11-27 pain 2\n")
        ed = self.editor('echo "bad line" >> "$1"', "sed -i 's/^bad line$/2026-11-27 rest/' \"$1\"")
        child = self.spawn("edit", "journal", editor=ed)
        child.expect(r"journal.txt:3: ")
        child.expect(r"Edit again\? \[y/n\]")
        child.send("\r")  # Enter alone is no answer
        child.send("y")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)
        self.assertEqual(self.read_journal(), HEADER + "\n2026-11-27 pain 2\n2026-11-27 rest\n")

    def test_journal_no_keeps_it_and_exits_65(self):
        self.write_journal(HEADER + "\n")
        ed = self.editor('echo "bad line" >> "$1"', "exit 9")
        child = self.spawn("edit", "journal", editor=ed)
        child.expect(r"Edit again\? \[y/n\]")
        child.send("n")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 65)
        self.assertEqual(self.read_journal(), HEADER + "\nbad line\n")

    def test_routine_yes_then_fixed(self):
        self.run_bc("init", check=0)
        ed = self.editor("""sed -i 's/^sessions_per_week = 5/sessions_per_week = "five"/' "$1\"""",
                         """sed -i 's/^sessions_per_week = "five"/sessions_per_week = 4/' "$1\"""")
        child = self.spawn("edit", editor=ed)
        child.expect(r"routine.toml:\d+:\d+: ")
        child.expect(r"Edit again\? \[y/n\]")
        child.send("y")
        child.expect("valid")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)
        with open(self.routine_path, encoding="utf-8") as f:
            self.assertIn("\nsessions_per_week = 4\n", f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
