"""The foundation: paths, the clock, init, writing the journal, exit codes."""
import os
import stat
import subprocess
import unittest

from harness import BIN, HEADER, MINIMAL_ROUTINE, SLOW, BackcareTest


class InitTest(BackcareTest):
    def test_init_writes_the_default_routine_once(self):
        self.run_bc("init", check=0)
        with open(self.routine_path, encoding="utf-8") as f:
            first = f.read()
        self.assertIn("[routine.morning]", first)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.routine_path)).st_mode), 0o700)
        # A second init refuses with 73 and leaves the file untouched.
        with open(self.routine_path, "a", encoding="utf-8") as f:
            f.write("# my own edit\n")
        p = self.run_bc("init", check=73)
        self.assertIn("already exists", p.stderr)
        self.assertTrue(p.stderr.startswith("backcare: "))
        with open(self.routine_path, encoding="utf-8") as f:
            self.assertEqual(f.read(), first + "# my own edit\n")

    def test_init_print_matches_the_installed_default(self):
        p = self.run_bc("init", "--print", check=0)
        with open(os.path.join(os.environ.get("BACKCARE_SOURCE_DIR", "."), "share", "backcare", "routine.toml"),
                  encoding="utf-8") as f:
            self.assertEqual(p.stdout, f.read())
        self.assertFalse(os.path.exists(self.routine_path))

    def test_init_routine_option_creates_that_file(self):
        target = os.path.join(self.tmp, "deep", "dir", "r.toml")
        self.run_bc("init", "--routine", target, check=0)
        self.assertTrue(os.path.exists(target))
        self.run_bc("--routine", target, "init", check=73)

    def test_the_written_routine_loads(self):
        self.run_bc("init", check=0)
        self.run_bc("plan", check=0)


class PathsTest(BackcareTest):
    def test_journal_goes_to_xdg_data_home(self):
        xdg = os.path.join(self.tmp, "data")
        self.run_bc("log", "pain", "3", env={"XDG_DATA_HOME": xdg}, check=0)
        self.assertTrue(os.path.exists(os.path.join(xdg, "backcare", "journal.txt")))
        self.assertFalse(os.path.exists(self.journal))

    def test_relative_xdg_data_home_is_ignored(self):
        self.run_bc("log", "pain", "3", env={"XDG_DATA_HOME": "relative/dir"}, check=0)
        self.assertTrue(os.path.exists(self.journal))

    def test_journal_option_beats_the_environment(self):
        a = os.path.join(self.tmp, "a.txt")
        b = os.path.join(self.tmp, "b.txt")
        self.run_bc("log", "pain", "3", env={"BACKCARE_JOURNAL": a}, check=0)
        self.run_bc("--journal", b, "log", "pain", "4", env={"BACKCARE_JOURNAL": a}, check=0)
        self.assertEqual(len(self.journal_lines(a)), 1)
        self.assertEqual(len(self.journal_lines(b)), 1)

    def test_global_options_after_the_subcommand(self):
        b = os.path.join(self.tmp, "b.txt")
        self.run_bc("log", "pain", "4", "--journal", b, check=0)
        self.assertEqual(len(self.journal_lines(b)), 1)
        self.run_bc("plan", "--no-color", "--journal", b, check=0)
        self.run_bc("plan", "--color", "never", check=0)

    def test_user_routine_is_used_when_present(self):
        self.write_routine(MINIMAL_ROUTINE.replace("07:00", "09:30"))
        p = self.run_bc("plan", check=0)
        self.assertIn("09:30", p.stdout)

    def test_routine_from_the_environment_must_exist(self):
        p = self.run_bc("plan", env={"BACKCARE_ROUTINE": os.path.join(self.tmp, "nope.toml")}, check=66)
        self.assertIn("nope.toml", p.stderr)
        self.run_bc("plan", "--routine", os.path.join(self.tmp, "nope.toml"), check=66)

    def test_bad_routine_is_65_with_file_line_column(self):
        path = self.write_routine(MINIMAL_ROUTINE + "[settings]\nbel = true\n")
        p = self.run_bc("plan", check=65)
        self.assertRegex(p.stderr, r"^backcare: " + path.replace(".", r"\.") + r":21:1: unknown key 'bel'")

    def test_backcare_now_must_be_well_formed(self):
        p = self.run_bc("plan", now="yesterday", check=2)
        self.assertIn("BACKCARE_NOW", p.stderr)

    def test_real_clock_honours_tz(self):
        # Without BACKCARE_NOW, "today" is the local date of TZ, POSIX forms included.
        import datetime
        for tz, offset in (("Asia/Tokyo", 9), ("UTC", 0), ("XYZ-14", 14), ("XYZ+12", -12)):
            before = (datetime.datetime.utcnow() + datetime.timedelta(hours=offset)).date()
            p = self.run_bc("log", "pain", "1", "--note", tz, env={"BACKCARE_NOW": None, "TZ": tz}, check=0)
            after = (datetime.datetime.utcnow() + datetime.timedelta(hours=offset)).date()
            line = self.journal_lines()[-1]
            self.assertIn(line[:10], (str(before), str(after)), f"TZ={tz}: {line}")


class ExitCodeTest(BackcareTest):
    def test_usage_errors_are_2(self):
        for args in (["--bogus"], ["plan", "--bogus"], ["log"], ["log", "pain"], ["log", "pain", "11"],
                     ["--color", "sometimes", "plan"]):  # SPEC v2: bare backcare is the overview (exit 0)
            p = self.run_bc(*args)
            self.assertEqual(p.returncode, 2, f"{args}: {p.stderr}")
            self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)

    def test_help_and_version(self):
        p = self.run_bc("--help", check=0)
        self.assertIn("Examples:", p.stdout)
        for cmd in ("init", "log", "plan"):
            p = self.run_bc(cmd, "--help", check=0)
            self.assertIn("Examples:", p.stdout)
        self.assertRegex(self.run_bc("--version", check=0).stdout, r"^backcare \d+\.\d+")


class JournalWriteTest(BackcareTest):
    def test_new_journal_gets_header_and_private_modes(self):
        self.run_bc("log", "pain", "3", "--where", "neck", check=0)
        text = self.read_journal()
        self.assertEqual(text, HEADER + "\n2026-11-28 08:00 pain 3 where=neck\n")
        self.assertEqual(stat.S_IMODE(os.stat(self.journal).st_mode), 0o600)
        for d in (os.path.dirname(self.journal), os.path.dirname(os.path.dirname(self.journal))):
            self.assertEqual(stat.S_IMODE(os.stat(d).st_mode), 0o700, d)

    def test_missing_final_newline_is_added_first(self):
        self.write_journal("2026-11-27 pain 2")
        self.run_bc("log", "pain", "3", check=0)
        self.assertEqual(self.read_journal(), "2026-11-27 pain 2\n2026-11-28 08:00 pain 3\n")

    def test_existing_content_is_never_rewritten(self):
        original = "# my journal\n\n2026-11-27 pain 2   # spaced   oddly\n2026-11-27 strange-kind x=1\n"
        self.write_journal(original)
        self.run_bc("log", "pain", "3", check=0)
        self.assertTrue(self.read_journal().startswith(original))

    def test_dev_full_gives_74_and_a_message(self):
        p = self.run_bc("--journal", "/dev/full", "log", "pain", "3", check=74)
        self.assertIn("/dev/full", p.stderr)
        self.assertIn("nothing was written", p.stderr)

    def test_journal_that_is_a_folder(self):
        os.makedirs(os.path.join(self.tmp, "dir"))
        p = self.run_bc("--journal", os.path.join(self.tmp, "dir"), "log", "pain", "3")
        self.assertIn(p.returncode, (73, 74))
        self.assertIn("folder", p.stderr)
        p = self.run_bc("--journal", os.path.join(self.tmp, "dir"), "plan")
        self.assertEqual(p.returncode, 66)

    def test_journal_that_is_a_fifo_does_not_hang(self):
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        p = self.run_bc("--journal", fifo, "log", "pain", "3", timeout=10)
        self.assertEqual(p.returncode, 74)
        p = self.run_bc("--journal", fifo, "plan", timeout=10)
        self.assertEqual(p.returncode, 66)

    def test_dangling_symlink(self):
        link = os.path.join(self.tmp, "link.txt")
        os.symlink(os.path.join(self.tmp, "missing", "target.txt"), link)
        p = self.run_bc("--journal", link, "log", "pain", "3")
        self.assertEqual(p.returncode, 73)
        self.assertIn("symbolic link", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "missing")))

    def test_uncreatable_folder_is_73(self):
        blocker = os.path.join(self.tmp, "file")
        open(blocker, "w").close()
        p = self.run_bc("--journal", os.path.join(blocker, "sub", "journal.txt"), "log", "pain", "3", check=73)
        self.assertIn("cannot create", p.stderr)

    def test_four_writers_lose_nothing_and_never_interleave(self):
        script = (f'for i in $(seq 1 100); do "{BIN}" log pain $((i % 11)) --note "writer $W line $i" -q '
                  f'|| echo FAIL; done')
        procs = []
        for w in range(4):
            env = dict(self.env, W=str(w))
            procs.append(subprocess.Popen(["sh", "-c", script], env=env, stdout=subprocess.PIPE, text=True))
        outs = [p.communicate(timeout=240 * SLOW)[0] for p in procs]
        self.assertEqual("".join(outs), "")
        text = self.read_journal()
        lines = text.splitlines()
        self.assertEqual(lines[0], HEADER)
        self.assertEqual(lines.count(HEADER), 1)
        entries = lines[1:]
        self.assertEqual(len(entries), 400)
        self.assertEqual(len(set(entries)), 400)
        for w in range(4):
            for i in range(1, 101):
                self.assertIn(f'2026-11-28 08:00 pain {i % 11} note="writer {w} line {i}"', entries)
        self.assertTrue(text.endswith("\n"))


class ReadTest(BackcareTest):
    def test_bad_lines_are_warnings_with_file_and_line(self):
        self.write_journal(HEADER + "\n2026-11-28 07:10 session morning\n2026-02-30 pain 3\nnonsense\n")
        p = self.run_bc("plan", check=0)
        self.assertIn(f"backcare: {self.journal}:3: ", p.stderr)
        self.assertIn(f"backcare: {self.journal}:4: ", p.stderr)
        self.assertIn("done", p.stdout)

    def test_missing_journal_is_empty_not_an_error(self):
        p = self.run_bc("plan", check=0)
        self.assertEqual(p.stderr, "")
        self.assertFalse(os.path.exists(self.journal))


if __name__ == "__main__":
    unittest.main(verbosity=2)
