"""The command line of SPEC §9: help, suggestions for mistypes, CLI11's
messages in our words, relative dates, '-' refused, hints that keep the
options used, journal typos, history and FORCE_COLOR."""
import json
import os
import subprocess
import unittest

from harness import BIN, HEADER, SOURCE_DIR, BackcareTest


class HelpTest(BackcareTest):
    def test_help_is_dash_dash_help(self):
        for words in ([], ["stats"], ["log", "pain"], ["plan"]):
            a = self.run_bc("help", *words, check=0).stdout
            b = self.run_bc(*words, "--help", check=0).stdout
            self.assertEqual(a, b, words)
            self.assertIn("Usage:", a)
        # Global options before 'help' are fine.
        self.assertEqual(self.run_bc("--no-color", "help", "check", check=0).stdout,
                         self.run_bc("check", "--help", check=0).stdout)

    def test_help_of_an_unknown_command_suggests(self):
        p = self.run_bc("help", "stast", check=2)
        self.assertIn("unknown command 'stast'; did you mean 'stats'?", p.stderr)


class SuggestionTest(BackcareTest):
    def test_a_mistyped_command_names_the_nearest(self):
        p = self.run_bc("stast", check=2)
        self.assertEqual(p.stderr.splitlines()[0], "backcare: unknown command 'stast'; did you mean 'stats'?")
        self.assertEqual(p.stdout, "")
        # v1 said "The following arguments were not expected: 3 pain lgo".
        p = self.run_bc("lgo", "pain", "3", check=2)
        self.assertIn("unknown command 'lgo'; did you mean 'log'?", p.stderr)
        self.assertNotIn("not expected", p.stderr)
        self.assertFalse(os.path.exists(self.journal))
        p = self.run_bc("--journal", "/tmp/x", "chek", check=2)  # after a global option and its value
        self.assertIn("did you mean 'check'?", p.stderr)

    def test_no_near_command_lists_them(self):
        p = self.run_bc("frobnicate", check=2)
        self.assertIn("unknown command 'frobnicate'", p.stderr)
        self.assertIn("stats", p.stderr)
        self.assertNotIn("did you mean", p.stderr)

    def test_a_mistyped_kind_of_log(self):
        p = self.run_bc("log", "sesion", "morning", check=2)
        self.assertIn("'sesion'; did you mean 'session'?", p.stderr)

    def test_a_mistyped_option_names_the_nearest(self):
        p = self.run_bc("stats", "--jsn", check=2)
        self.assertIn("unknown option '--jsn' for 'backcare stats'; did you mean '--json'?", p.stderr)
        self.assertIn("backcare stats --help", p.stderr)
        p = self.run_bc("plan", "--crn", check=2)
        self.assertIn("did you mean '--cron'?", p.stderr)
        p = self.run_bc("log", "pain", "3", "--were", "neck", check=2)
        self.assertIn("did you mean '--where'?", p.stderr)
        p = self.run_bc("stats", "--no-colour", check=2)  # a global option is near too
        self.assertIn("did you mean '--no-color'?", p.stderr)
        self.assertFalse(os.path.exists(self.journal))

    def test_an_option_value_that_looks_like_a_command_is_a_value(self):
        # "--note stast" is the note's text, not a command.
        self.run_bc("log", "note", "--note", "stast", check=0)
        self.assertIn('note=stast', self.journal_lines()[-1])

    def test_edit_target_in_our_words(self):
        # v1 said "WHAT: journa not in {routine,journal}".
        p = self.run_bc("edit", "journa", env={"EDITOR": "true"}, check=2)
        self.assertIn("'journa' is not one of routine, journal; did you mean 'journal'?", p.stderr)
        self.assertNotIn("WHAT", p.stderr)
        p = self.run_bc("--color", "allways", "plan", check=2)
        self.assertIn("did you mean 'always'?", p.stderr)

    def test_cli11_messages_in_our_words_and_exit_2(self):
        p = self.run_bc("stats", "--since", check=2)
        self.assertIn("--since needs a value (DATE)", p.stderr)
        p = self.run_bc("plan", "morning", "extra", check=2)
        self.assertIn("unexpected argument 'extra'", p.stderr)
        self.assertNotIn("The following", p.stderr)
        p = self.run_bc("log", "session", check=2)
        self.assertIn("'backcare log session' needs its ROUTINE (the routine's name, such as morning)", p.stderr)
        p = self.run_bc("plan", "--color", check=2)
        self.assertIn("--color needs a value (WHEN)", p.stderr)
        p = self.run_bc("stats", "--json=x", check=2)
        self.assertIn("--json takes no value (not 'x')", p.stderr)
        self.assertNotIn("Could not convert", p.stderr)
        p = self.run_bc("log", "--date", "yesterday", "pain", "3", check=2)
        self.assertIn("--date goes after the kind it is for: backcare log session ... --date", p.stderr)
        for args in (["plan", "a", "b", "c"], ["stats", "--json=x"], ["log", "pain"]):
            p = self.run_bc(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)

    def test_negative_numbers_are_values(self):
        self.run_bc("log", "pain", "2", "--date", "-1", check=0)
        self.assertTrue(self.journal_lines()[-1].startswith("2026-11-27 pain 2"), self.journal_lines())


class RelativeDateTest(BackcareTest):
    # self.now is Saturday 2026-11-28.
    def test_log_date_forms(self):
        for form, day in (("-2", "2026-11-26"), ("monday", "2026-11-23"), ("Sat", "2026-11-28"),
                          ("yesterday", "2026-11-27"), ("friday", "2026-11-27")):
            self.run_bc("log", "note", "x", "--date", form, check=0)
            self.assertTrue(self.journal_lines()[-1].startswith(day), (form, self.journal_lines()[-1]))

    def test_stats_since_and_until(self):
        self.write_journal(f"{HEADER}\n2026-11-20 session morning\n2026-11-25 session morning\n"
                           "2026-11-27 session morning\n")
        s = json.loads(self.run_bc("stats", "--since", "-3", "--json", check=0).stdout)
        self.assertEqual(s["sessions"], 2)
        s = json.loads(self.run_bc("stats", "--since", "monday", "--until", "-1", "--json", check=0).stdout)
        self.assertEqual((s["sessions"], s["as_of"]), (2, "2026-11-27"))

    def test_a_bad_form_is_named(self):
        p = self.run_bc("log", "note", "x", "--date", "fryday", check=2)
        self.assertIn("-N (N days ago)", p.stderr)


class DashTest(BackcareTest):
    def test_journal_dash_is_refused(self):
        self.write_journal(f"{HEADER}\n2026-11-28 session morning\n")
        for args in (["--journal", "-", "stats"], ["stats", "--journal", "-"], ["--journal=-", "log", "rest"]):
            p = self.run_bc(*args, check=2)
            self.assertIn("standard input", p.stderr)
            self.assertEqual(p.stdout, "")
        p = self.run_bc("stats", env={"BACKCARE_JOURNAL": "-"}, check=2)
        self.assertIn("BACKCARE_JOURNAL=-", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.home, "-")))

    def test_routine_dash_is_refused(self):
        p = self.run_bc("--routine", "-", "plan", check=2)
        self.assertIn("--routine -", p.stderr)
        self.run_bc("plan", env={"BACKCARE_ROUTINE": "-"}, check=2)


class HintTest(BackcareTest):
    def test_init_hint_keeps_the_routine_option(self):
        os.makedirs(os.path.join(self.home, "rt"))
        p = subprocess.run([BIN, "init", "--routine", "rt/r1.toml"], cwd=self.home, env=self.env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("'backcare --routine rt/r1.toml edit routine'", p.stderr)
        p = subprocess.run([BIN, "init", "--routine", "rt/r1.toml"], cwd=self.home, env=self.env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 73)
        self.assertIn("'backcare --routine rt/r1.toml edit routine'", p.stderr)

    def test_paths_in_hints_are_shell_quoted(self):
        path = os.path.join(self.tmp, "my routines", "it's.toml")
        os.makedirs(os.path.dirname(path))
        p = self.run_bc("--routine", path, "init", check=0)
        self.assertIn("backcare --routine '" + path.replace("'", "'\\''") + "' edit routine", p.stderr)

    def test_plain_hint_without_options(self):
        p = self.run_bc("init", check=0)
        self.assertIn("'backcare edit routine'", p.stderr)


class TypoTest(BackcareTest):
    JOURNAL = (f"{HEADER}\n"
               "2026-11-27 sesion morning minutes=10\n"
               "2026-11-28 07:00 exercise cat-cow pian=3 sets=2\n"
               "2026-11-28 07:05 exercise cat-cow pian=4\n"
               "2026-11-28 mood good\n"
               "2026-11-28 07:10 session morning colour=red\n")

    def test_every_reader_warns_once_per_name(self):
        self.write_journal(self.JOURNAL)
        for args in (["stats"], ["plan"], ["check", "--no-ask"], ["history"]):
            p = self.run_bc(*args)
            self.assertIn(f"{self.journal}:2: 'sesion' is not a kind of entry; did you mean 'session'?", p.stderr, args)
            self.assertIn(f"{self.journal}:3: 'pian' is not a key; did you mean 'pain'?", p.stderr, args)
            self.assertEqual(p.stderr.count("'pian'"), 1, p.stderr)  # once, though two lines have it
            self.assertNotIn("mood", p.stderr)  # not near a kind: ignored quietly, as before
            self.assertNotIn("colour", p.stderr)
        # The lines are kept, and read as before (the exercises still count).
        self.assertEqual(self.read_journal(), self.JOURNAL)
        s = json.loads(self.run_bc("stats", "--json").stdout)
        self.assertEqual(s["sessions"], 1)

    def test_after_edit_journal(self):
        self.write_journal(f"{HEADER}\n")
        ed = os.path.join(self.tmp, "ed.sh")
        with open(ed, "w") as f:
            f.write('#!/bin/sh\necho "2026-11-28 sesion morning" >> "$1"\n')
        os.chmod(ed, 0o755)
        p = self.run_bc("edit", "journal", env={"EDITOR": ed}, check=0)  # a warning, not a problem
        self.assertIn(":2: 'sesion' is not a kind of entry; did you mean 'session'?", p.stderr)


class HistoryTest(BackcareTest):
    def test_last_fourteen_days_oldest_first(self):
        self.write_journal(f"{HEADER}\n"
                           "2026-11-28 07:42 session morning minutes=14 pain=3\n"
                           "2026-11-01 note \"too old\"\n"
                           "2026-11-15 rest\n"  # the first of the 14 days
                           "2026-11-27 21:05 pain 5 where=neck\n"
                           "2026-11-27 08:00 exercise cat-cow sets=2\n"
                           "2026-11-28 07:42 session morning minutes=14 pain=3\n"  # a repeat: once
                           "2026-12-24 rest note=holiday\n")  # ahead of today
        p = self.run_bc("history", check=0)
        self.assertNoEscapes(p.stdout)
        self.assertNotIn("too old", p.stdout)
        self.assertNotIn("holiday", p.stdout)
        self.assertEqual(p.stdout.count("session morning"), 1)
        order = [p.stdout.index(s) for s in ("rest", "exercise cat-cow", "pain 5", "session morning")]
        self.assertEqual(order, sorted(order), p.stdout)
        self.assertIn("Friday 27 November 2026", p.stdout)
        p = self.run_bc("history", "--since", "2026-11-01", check=0)
        self.assertIn("too old", p.stdout)

    def test_json(self):
        self.write_journal(f"{HEADER}\n"
                           "2026-11-28 07:42 session morning minutes=14 done=a,b pain=3 status=complete "
                           "note=\"tight\"\n"
                           "2026-11-27 pain 5 where=neck\n")
        got = json.loads(self.run_bc("history", "--since", "-7", "--json", check=0).stdout)
        self.assertEqual(got, [
            {"date": "2026-11-27", "time": None, "kind": "pain", "level": 5, "where": "neck"},
            {"date": "2026-11-28", "time": "07:42", "kind": "session", "subject": "morning", "minutes": 14,
             "done": ["a", "b"], "pain": 3, "status": "complete", "note": "tight"},
        ])
        self.assertEqual(json.loads(self.run_bc("history", "--since", "today", "--json").stdout)[0]["kind"],
                         "session")

    def test_json_holds_every_key_of_every_kind(self):
        # Issue 16 finding: --json left out the 'when' of pain entries (and
        # the 'score' of function entries). The kinds and their keys come
        # from backcare-journal(5)'s KINDS table, so a key added there and
        # not here fails for want of a sample value.
        with open(os.path.join(SOURCE_DIR, "man", "backcare-journal.5.scd"), encoding="utf-8") as f:
            man = f.read()
        table = man.split("\n# KINDS\n")[1].split("\n[[")[1].split("\n\n")[0]
        rows = [r.splitlines() for r in table.split("\n|  ")[1:]]
        kinds = {r[0].strip(): [k.strip() for k in r[2].lstrip(":").split(",")] for r in rows}
        self.assertIn("function", kinds)
        self.assertIn("when", kinds["pain"])
        samples = {"minutes": ("14", 14), "done": ("a,b", ["a", "b"]), "skipped": ("c", ["c"]),
                   "sore": ("d", ["d"]), "pain": ("3", 3), "effort": ("4", 4), "status": ("partial", "partial"),
                   "sets": ("2", 2), "reps": ("10", 10), "hold": ("30s", 30), "where": ("neck", "neck"),
                   "when": ("morning", "morning"), "flags": ("fever", ["fever"]), "score": ("6", 6),
                   "note": ('"a b"', "a b")}
        subjects = {"session": "morning", "exercise": "cat-cow", "pain": "5", "symptom": "tingling",
                    "function": "lifting"}
        lines, want = [], []
        for i, (kind, keys) in enumerate(kinds.items()):
            subject = subjects.get(kind, "")
            lines.append(f"2026-11-28 0{i}:00 {kind} {subject} " + " ".join(f"{k}={samples[k][0]}" for k in keys))
            want.append({k: samples[k][1] for k in keys})
        self.write_journal(HEADER + "\n" + "\n".join(lines) + "\n")
        p = self.run_bc("history", "--since", "today", "--json", check=0)
        self.assertEqual(p.stderr, "")
        got = json.loads(p.stdout)
        self.assertEqual([g["kind"] for g in got], list(kinds))
        for g, w, line in zip(got, want, lines):
            self.assertEqual({k: g.get(k) for k in w}, w, line)

    def test_empty_and_bad_since(self):
        p = self.run_bc("history", check=0)
        self.assertIn("nothing logged", p.stdout)
        self.assertEqual(json.loads(self.run_bc("history", "--json", check=0).stdout), [])
        self.run_bc("history", "--since", "tomorrow", check=2)


class ForceColorTest(BackcareTest):
    def test_force_color_in_a_pipe(self):
        self.write_journal(f"{HEADER}\n2026-11-28 07:42 session morning\n")
        for var in ("FORCE_COLOR", "CLICOLOR_FORCE"):
            self.assertIn("\x1b[", self.run_bc("plan", env={var: "1"}, check=0).stdout, var)
            self.assertNotIn("\x1b[", self.run_bc("plan", env={var: "0"}, check=0).stdout, var)
            self.assertNotIn("\x1b[", self.run_bc("plan", env={var: ""}, check=0).stdout, var)
            # NO_COLOR wins over FORCE_COLOR; an explicit flag wins over both.
            self.assertNotIn("\x1b[", self.run_bc("plan", env={var: "1", "NO_COLOR": "1"}, check=0).stdout)
            self.assertNotIn("\x1b[", self.run_bc("--no-color", "plan", env={var: "1"}, check=0).stdout)
            self.assertNotIn("\x1b[", self.run_bc("--color", "never", "plan", env={var: "1"}, check=0).stdout)
            self.assertIn("\x1b[", self.run_bc("--color", "always", "plan", env={"NO_COLOR": "1"}, check=0).stdout)


if __name__ == "__main__":
    unittest.main()
