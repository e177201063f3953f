"""backcare log: every kind, every option, every refusal (SPEC §3, §4)."""
import os
import re
import unittest

from harness import HEADER, BackcareTest

SEED = HEADER + "\n2026-11-27 07:00 session morning minutes=11\n2026-11-27 21:00 pain 3\n"

# Symptom ids and tiers of SPEC §3 (contract, version 2: weakness is urgent).
TIERS = {
    "emergency": ["chest-pain", "breathless", "tearing-pain", "both-legs", "saddle-numbness", "bladder-bowel",
                  "urine-retention", "sexual-function", "accident", "stroke-signs", "vision", "drop-attack",
                  "headache"],
    "urgent": ["fever", "weight-loss", "cancer-history", "night-pain", "minor-fall", "band-pain", "unsteady",
               "weakness", "both-hands", "electric-shock", "dizziness", "exertion-pain", "breathing-pain", "lump",
               "cough-pain", "infection-risk", "unwell", "severe-pain", "new-upper-back"],
    "soon": ["numbness", "tingling", "radiating", "injury", "daily-impact", "no-cause", "recurring-pain", "age"],
}


class LogKindsTest(BackcareTest):
    def last(self):
        return self.journal_lines()[-1]

    def test_session_with_every_option(self):
        p = self.run_bc("log", "session", "morning", "--minutes", "12.5", "--done", "cat-cow,childs-pose",
                        "--skipped", "wall-slides", "--sore", "cat-cow", "--pain", "3", "--effort", "4",
                        "--status", "partial", "--note", "tight after a desk day", check=0)
        self.assertEqual(p.stdout, "")
        line = ('2026-11-28 08:00 session morning minutes=12.5 done=cat-cow,childs-pose skipped=wall-slides '
                'sore=cat-cow pain=3 effort=4 status=partial note="tight after a desk day"')
        self.assertEqual(self.last(), line)
        self.assertEqual(p.stderr, f"backcare: logged: {line}\n")

    def test_session_lists_repeat_and_may_come_before_the_routine(self):
        self.run_bc("log", "session", "--done", "cat-cow", "--done", "childs-pose, neck-tilts", "morning", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 session morning done=cat-cow,childs-pose,neck-tilts")

    MORNING = ("neck-tilts,shoulder-rolls,arm-circles,wall-slides,doorway-stretch,cat-cow,childs-pose,"
               "seated-twist,neck-stretch,arm-across-chest,deep-breathing")

    def test_minimal_session_and_back_filled_one(self):
        # SPEC v2 §6: without --done, a session logged by hand did the routine:
        # its exercises are written in done= (issue 14: they were left out).
        self.run_bc("log", "session", "full", check=0)
        self.assertRegex(self.last(), r"^2026-11-28 08:00 session full done=neck-tilts,shoulder-rolls,.*,deep-breathing$")
        self.run_bc("log", "session", "morning", "--date", "yesterday", "--status", "complete", check=0)
        self.assertEqual(self.last(), f"2026-11-27 session morning done={self.MORNING} status=complete")
        self.run_bc("log", "session", "morning", "--date", "2026-11-20", "--time", "18:45", check=0)
        self.assertEqual(self.last(), f"2026-11-20 18:45 session morning done={self.MORNING}")

    def test_session_without_done_leaves_out_skipped_and_sore(self):
        self.run_bc("log", "session", "morning", "--skipped", "cat-cow", "--sore", "neck-tilts", check=0)
        done = self.MORNING.replace("neck-tilts,", "").replace("cat-cow,", "")
        self.assertEqual(self.last(), f"2026-11-28 08:00 session morning done={done} skipped=cat-cow sore=neck-tilts")

    def test_pain_when(self):
        self.run_bc("log", "pain", "2", "--when", "morning", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 pain 2 when=morning")
        for when in ("before", "after"):
            self.run_bc("log", "pain", "3", "--when", when, check=0)
            self.assertEqual(self.last(), f"2026-11-28 08:00 pain 3 when={when}")
        p = self.run_bc("log", "pain", "3", "--when", "evening", check=2)
        self.assertIn("--when evening: use before or after", p.stderr)
        self.assertEqual(self.last(), "2026-11-28 08:00 pain 3 when=after")

    def test_the_stamp_is_hh_mm_ss_of_now(self):
        # Seconds since issue 11: two events in one minute stay two lines.
        self.run_bc("log", "pain", "2", now="2026-11-28T21:07:42", check=0)
        self.assertEqual(self.last(), "2026-11-28 21:07:42 pain 2")
        self.run_bc("log", "pain", "2", "--date", "today", "--time", "06:30", check=0)
        self.assertEqual(self.last(), "2026-11-28 06:30 pain 2")

    def test_exercise(self):
        self.run_bc("log", "exercise", "doorway-stretch", "--sets", "2", "--hold", "30s", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 exercise doorway-stretch sets=2 hold=30s")
        self.run_bc("log", "exercise", "seated-row", "--reps", "10", "--hold", "2m", "--pain", "2", "--effort",
                    "5", "--note", "green band", "--date", "yesterday", "--time", "12:10", check=0)
        self.assertEqual(self.last(), '2026-11-27 12:10 exercise seated-row pain=2 effort=5 reps=10 hold=120s '
                                      'note="green band"')
        self.run_bc("log", "exercise", "cat-cow", "--hold", "45", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 exercise cat-cow hold=45s")

    def test_pain(self):
        self.run_bc("log", "pain", "5", "--where", "neck", "--note", "long drive", check=0)
        self.assertEqual(self.last(), '2026-11-28 08:00 pain 5 where=neck note="long drive"')
        self.run_bc("log", "pain", "0", "--date", "2026-11-01", check=0)
        self.assertEqual(self.last(), "2026-11-01 pain 0")

    def test_rest_today_past_and_future(self):
        self.run_bc("log", "rest", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 rest")
        self.run_bc("log", "rest", "--date", "2026-11-25", "--note", "travelling", check=0)
        self.assertEqual(self.last(), "2026-11-25 rest note=travelling")
        self.run_bc("log", "rest", "--date", "2027-01-10", check=0)
        self.assertEqual(self.last(), "2027-01-10 rest")

    def test_rest_days_writes_a_run_of_days_in_one_go(self):
        self.write_journal(SEED)
        p = self.run_bc("log", "rest", "--date", "2026-12-30", "--days", "4", "--note", "holiday", check=0)
        self.assertEqual(self.read_journal(), SEED + "".join(
            f"{d} rest note=holiday\n" for d in ("2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02")))
        self.assertEqual(p.stderr, "backcare: logged 4 rest days, 2026-12-30 to 2027-01-02\n")
        # From today: only today's line gets the time stamp.
        self.run_bc("log", "rest", "--days", "2", "-q", check=0)
        self.assertEqual(self.journal_lines()[-2:], ["2026-11-28 08:00 rest", "2026-11-29 rest"])

    def test_note_from_words_or_option(self):
        self.run_bc("log", "note", "slept", "on", "a", "new", "pillow", check=0)
        self.assertEqual(self.last(), '2026-11-28 08:00 note note="slept on a new pillow"')
        self.run_bc("log", "note", "--note", 'said "ouch"', "--date", "yesterday", check=0)
        self.assertEqual(self.last(), '2026-11-27 note note="said \\"ouch\\""')
        self.run_bc("log", "note", "--", "-5 degrees outside", check=0)
        self.assertEqual(self.last(), '2026-11-28 08:00 note note="-5 degrees outside"')

    def test_symptom_records_and_always_advises(self):
        p = self.run_bc("log", "symptom", "tingling", "--note", "left hand", check=0)
        self.assertEqual(self.last(), '2026-11-28 08:00 symptom tingling note="left hand"')
        self.assertEqual(p.stdout, "")
        self.assertIn("backcare: logged:", p.stderr)
        self.assertIn("See a clinician soon", p.stderr)
        self.assertIn("doctor or physiotherapist", p.stderr)
        # -q silences the confirmation, never the advice.
        p = self.run_bc("log", "symptom", "chest-pain", "-q", check=0)
        self.assertEqual(p.stdout, "")
        self.assertNotIn("logged", p.stderr)
        self.assertIn("EMERGENCY: call 112 now", p.stderr)
        p = self.run_bc("log", "symptom", "fever", "-q", check=0)
        self.assertIn("URGENT", p.stderr)
        for text in (p.stderr,):
            self.assertNotIn("you are fine", text.lower())

    def test_symptom_advice_uses_the_routines_emergency_number(self):
        self.run_bc("init", check=0)
        with open(self.routine_path, encoding="utf-8") as f:
            text = f.read()
        with open(self.routine_path, "w", encoding="utf-8") as f:
            f.write(text.replace('emergency_number = "112"', 'emergency_number = "999"'))
        p = self.run_bc("log", "symptom", "bladder-bowel", check=0)
        self.assertIn("call 999", p.stderr)
        self.assertNotIn("112 ", p.stderr)

    def test_symptom_advice_even_with_a_broken_routine(self):
        self.write_routine("this is not toml = = =\n")
        p = self.run_bc("log", "symptom", "chest-pain", "-q")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"{self.routine_path}:1:", p.stderr)
        self.assertIn("EMERGENCY: call 112 now", p.stderr)
        self.assertEqual(self.last(), "2026-11-28 08:00 symptom chest-pain")
        # Kinds that need the routine stop at it.
        self.run_bc("log", "session", "morning", check=65)

    def test_symptom_advice_even_when_the_entry_is_refused(self):
        p = self.run_bc("log", "symptom", "breathless", "--date", "2030-01-01", check=2)
        self.assertIn("EMERGENCY", p.stderr)
        self.assertIsNone(self.read_journal())

    def test_symptom_list(self):
        p = self.run_bc("log", "symptom", "--list", check=0)
        self.assertNoEscapes(p.stdout)
        lines = p.stdout.splitlines()
        listed = {}
        for line in lines:
            m = re.match(r"^(\S+)\s+(emergency|urgent|soon)\s+(\S.*)$", line)
            self.assertTrue(m, line)
            listed[m.group(1)] = m.group(2)
        for tier, ids in TIERS.items():
            for i in ids:
                self.assertEqual(listed.get(i), tier, i)
        self.assertEqual(len(listed), 40)
        # Aligned: the tier and the description start in the same column on every line.
        self.assertEqual(len({re.search(r"\s(emergency|urgent|soon)\s", l).start(1) for l in lines}), 1)
        self.assertEqual(len({len(re.match(r"^\S+\s+\S+\s+", l).group(0)) for l in lines}), 1)
        self.assertIsNone(self.read_journal())
        colored = self.run_bc("log", "symptom", "--list", "--color", "always", check=0).stdout
        self.assertIn("\x1b[", colored)
        self.assertEqual(self.run_bc("log", "symptom", "--list", "--color", "always",
                                     env={"NO_COLOR": "1"}).returncode, 0)

    def test_quiet_means_nothing_on_stderr(self):
        for args in (["pain", "3"], ["session", "morning"], ["rest"], ["note", "x"], ["exercise", "cat-cow"]):
            p = self.run_bc("log", *args, "-q", check=0)
            self.assertEqual((p.stdout, p.stderr), ("", ""), args)
            p = self.run_bc("log", *args, "--quiet", check=0)
            self.assertEqual(p.stderr, "", args)

    def test_unscheduled_and_user_routines_are_known(self):
        self.run_bc("log", "session", "desk-break", "--done", "scapular-shrugs", check=0)
        self.assertEqual(self.last(), "2026-11-28 08:00 session desk-break done=scapular-shrugs")


class RefusalTest(BackcareTest):
    """Each refusal is exit 2 with a 'backcare:' message and leaves the journal byte-identical."""

    REFUSED = [
        (["pain", "11"], "0"),
        (["pain", "-1"], None),
        (["pain", "x"], "0"),
        (["pain", "3.5"], "0"),
        (["session", "nope"], "morning"),
        (["session", "morning", "--done", "nope"], "cat-cow"),
        (["session", "morning", "--skipped", "seated-row"], "not an exercise of the morning routine"),
        (["session", "morning", "--sore", "Cat-Cow"], None),
        (["session", "morning", "--done", "cat-cow", "--skipped", "cat-cow"], "both"),
        (["session", "morning", "--minutes", "0"], "above 0"),
        (["session", "morning", "--minutes", "-5"], None),
        (["session", "morning", "--minutes", "abc"], "minutes"),
        (["session", "morning", "--minutes", "2000"], "1440"),
        (["session", "morning", "--pain", "11"], "0 to 10"),
        (["session", "morning", "--effort", "-1"], None),
        (["session", "morning", "--effort", "3.5"], "whole number"),
        (["session", "morning", "--status", "done"], "complete or partial"),
        (["session", "morning", "--date", "2026-02-30"], "YYYY-MM-DD"),
        (["session", "morning", "--date", "tomorrow"], "today or yesterday"),
        (["session", "morning", "--date", "2026-11-29"], "after today"),
        (["session", "morning", "--time", "25:00"], "HH:MM"),
        (["session", "morning", "--time", "7:5"], "HH:MM"),
        (["session", "morning", "--bogus"], None),
        (["exercise", "nope"], "doorway-stretch"),
        (["exercise", "cat-cow", "--sets", "0"], "1 to"),
        (["exercise", "cat-cow", "--reps", "x"], "whole number"),
        (["exercise", "cat-cow", "--hold", "0"], "30s"),
        (["exercise", "cat-cow", "--hold", "2h"], "30s"),
        (["exercise", "cat-cow", "--hold", "61m"], "60 minutes"),
        (["exercise", "cat-cow", "--where", "neck"], None),
        (["exercise", "cat-cow", "--date", "2027-01-01"], "after today"),
        (["pain", "3", "--date", "2026-11-29"], "after today"),
        (["pain", "3", "--note", "two\nlines"], "one line"),
        (["symptom", "nope"], "--list"),
        (["symptom"], "--list"),
        (["symptom", "tingling", "--date", "2026-12-01"], "after today"),
        (["note"], "text"),
        (["note", "words", "--note", "again"], "once"),
        (["note", "x", "--date", "2027-01-01"], "after today"),
        (["rest", "--days", "0"], "1 to 366"),
        (["rest", "--days", "x"], "whole number"),
        (["rest", "--date", "2026-13-01"], "YYYY-MM-DD"),
        (["bogus"], None),
        ([], None),
    ]

    def check_refusals(self, before):
        for args, hint in self.REFUSED:
            p = self.run_bc("log", *args)
            self.assertEqual(p.returncode, 2, f"{args}: {p.stderr}")
            self.assertTrue(p.stderr.startswith("backcare: "), f"{args}: {p.stderr}")
            self.assertEqual(p.stdout, "", args)
            if hint:
                self.assertIn(hint, p.stderr, args)
            self.assertEqual(self.read_journal_bytes(), before, f"{args} changed the journal")

    def read_journal_bytes(self):
        if not os.path.exists(self.journal):
            return None
        with open(self.journal, "rb") as f:
            return f.read()

    def test_refusals_leave_an_existing_journal_byte_identical(self):
        self.write_journal(SEED + "2026-11-27 no-newline-at-end")
        self.check_refusals(self.read_journal_bytes())

    def test_refusals_create_no_journal(self):
        self.check_refusals(None)
        self.assertFalse(os.path.exists(os.path.dirname(self.journal)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
