"""backcare check: the screening questions, the journal rules, the output."""
import json
import os
import re
import sys
import unittest

from harness import BIN, MINIMAL_ROUTINE, BackcareTest

try:
    import pexpect
except ImportError:  # pragma: no cover - Debian's python3-pexpect is a test dependency
    pexpect = None

PROMPT = re.compile(r"\[y/n(?:/b=back)?\] ")
QUESTIONS = 15  # SPEC v2: related signs share a question; an all-no run asks at most 16


def journal_of(days):
    """Lines from (date, text) pairs."""
    return "".join(f"{d} {t}\n" for d, t in days)


# Today is 2026-11-28 (BackcareTest.now).
PERSISTENT = journal_of([
    # Two sessions in each of the four 7-day blocks, pain never better.
    ("2026-11-01", "session morning pain=5"), ("2026-11-03", "session morning pain=5"),
    ("2026-11-08", "session morning pain=5"), ("2026-11-10", "session morning pain=5"),
    ("2026-11-15", "session morning pain=5"), ("2026-11-17", "session morning pain=5"),
    ("2026-11-22", "session morning pain=5"), ("2026-11-28", "07:00 session morning pain=5"),
])
WORSENING = journal_of([
    ("2026-11-15", "pain 3"), ("2026-11-18", "pain 3"),
    ("2026-11-26", "pain 5"), ("2026-11-27", "pain 5"),
])
RECURRING = journal_of([
    # Three flare-ups, each after a calm week: 2026-09-05, 2026-10-01, 2026-11-08.
    ("2026-08-28", "pain 1"), ("2026-09-05", "pain 6"),
    ("2026-09-20", "pain 2"), ("2026-10-01", "pain 5"),
    ("2026-10-30", "pain 0"), ("2026-11-08", "pain 4"),
])
CALM_IMPROVING = journal_of([
    ("2026-11-01", "session morning pain=6"), ("2026-11-03", "session morning pain=6"),
    ("2026-11-08", "session morning pain=5"), ("2026-11-10", "session morning pain=5"),
    ("2026-11-15", "session morning pain=5"), ("2026-11-17", "session morning pain=5"),
    ("2026-11-22", "session morning pain=3"), ("2026-11-27", "session morning pain=3"),
    ("2026-11-20", "check flags=none"),
])


class JournalRulesTest(BackcareTest):
    def flags(self, *extra, code=1):
        p = self.run_bc("check", "--json", *extra, check=code)
        data = json.loads(p.stdout)
        for f in data["flags"]:
            self.assertEqual(set(f) >= {"id", "tier", "message", "evidence"}, True, f)
            self.assertIn(f["tier"], ("emergency", "urgent", "soon"))
            self.assertIsInstance(f["evidence"], list)
        return [(f["id"], f["tier"]) for f in data["flags"]], data

    def test_persistent(self):
        self.write_journal(PERSISTENT)
        ids, data = self.flags()
        self.assertEqual(ids, [("persistent", "soon")])
        self.assertTrue(data["flags"][0]["evidence"][0].startswith("2026-11-01 to 2026-11-07"))
        p = self.run_bc("check", check=1)
        self.assertIn("See a clinician soon", p.stdout)
        self.assertIn("Pain is not improving", p.stdout)

    def test_persistent_needs_four_full_weeks(self):
        # The oldest block's sessions moved one day too early: no flag.
        self.write_journal(PERSISTENT.replace("2026-11-01", "2026-10-31"))
        self.flags(code=0)

    def test_worsening(self):
        self.write_journal(WORSENING)
        ids, data = self.flags()
        self.assertEqual(ids, [("worsening", "soon")])
        self.assertIn("5.0", data["flags"][0]["message"])

    def test_recurring(self):
        self.write_journal(RECURRING)
        ids, data = self.flags()
        self.assertEqual(ids, [("recurring", "soon")])
        ev = data["flags"][0]["evidence"]
        self.assertEqual([e[:10] for e in ev], ["2026-09-05", "2026-10-01", "2026-11-08"])

    def test_two_flare_ups_are_not_enough(self):
        self.write_journal(RECURRING.replace("2026-11-08 pain 4", "2026-11-08 pain 3"))
        self.flags(code=0)

    def test_symptom_of_the_last_30_days_at_its_tier(self):
        self.write_journal("2026-10-30 symptom fever\n2026-11-25 symptom tingling note=\"left hand\"\n"
                           "2026-11-27 09:00 symptom saddle-numbness\n2026-11-10 symptom headache\n")
        ids, data = self.flags()
        # SPEC v2: headache is an emergency id; 18 days open, it is shown at the urgent tier.
        self.assertEqual(ids, [("symptom:saddle-numbness", "emergency"), ("symptom:headache", "urgent"),
                               ("symptom:fever", "urgent"), ("symptom:tingling", "soon")])
        messages = {f["id"]: f["message"] for f in data["flags"]}
        self.assertIn("2026-10-30", messages["symptom:fever"])
        self.assertIn("29 days ago", messages["symptom:fever"])
        self.assertEqual(data["flags"][2]["evidence"], ["2026-10-30: logged as a symptom"])

    def test_symptom_31_days_old_is_not_a_flag(self):
        self.write_journal("2026-10-29 symptom fever\n")
        ids, _ = self.flags(code=0)
        self.assertEqual(ids, [])

    def test_a_later_screening_answering_no_clears_a_symptom(self):
        self.write_journal("2026-11-20 symptom tingling\n2026-11-22 08:00 check flags=none\n")
        self.flags(code=0)
        self.write_journal("2026-11-22 08:00 check flags=none\n2026-11-23 symptom tingling\n")
        ids, _ = self.flags()
        self.assertEqual(ids, [("symptom:tingling", "soon")])

    def test_a_yes_in_a_check_line_is_a_flag(self):
        self.write_journal("2026-11-26 18:00 check flags=night-pain,numbness\n")
        ids, data = self.flags()
        self.assertEqual(ids, [("symptom:night-pain", "urgent"), ("symptom:numbness", "soon")])
        self.assertIn("2026-11-26", data["flags"][0]["message"])

    def test_entries_after_today_are_ignored(self):
        self.write_journal("2026-12-01 symptom chest-pain\n")
        p = self.run_bc("check", check=0)
        self.assertIn("after today", p.stderr)

    def test_calm_improving_journal_exits_0(self):
        self.write_journal(CALM_IMPROVING)
        p = self.run_bc("check", check=0)
        self.assertIn("No warning signs were found in the journal", p.stdout)
        self.assertIn("cannot diagnose", p.stdout)
        self.assertNotIn("fine", p.stdout)
        self.assertEqual(self.run_bc("check", "-q", check=0).stdout, "")
        self.assertEqual(json.loads(self.run_bc("check", "--json", check=0).stdout)["flags"], [])

    def test_empty_or_missing_journal_exits_0(self):
        self.run_bc("check", check=0)
        self.assertIsNone(self.read_journal())

    def test_text_groups_by_tier_most_serious_first(self):
        self.write_journal("2026-11-25 symptom tingling\n2026-11-26 symptom fever\n2026-11-27 symptom accident\n"
                           + WORSENING)
        p = self.run_bc("check", "--no-color", check=1)
        out = p.stdout
        e, u, s = out.index("EMERGENCY: call 112 now"), out.index("URGENT"), out.index("See a clinician soon")
        self.assertLess(e, u)
        self.assertLess(u, s)
        self.assertIn("911 or 999", out)
        self.assertIn("cannot diagnose", out)
        self.assertNoEscapes(out)
        q = self.run_bc("check", "-q", check=1).stdout.splitlines()
        self.assertEqual(len(q), 4)
        self.assertTrue(q[0].startswith("EMERGENCY"))
        self.assertNotIn("cannot diagnose", "\n".join(q))

    def test_emergency_number_from_the_routine(self):
        self.write_routine(MINIMAL_ROUTINE + '\n[settings]\nemergency_number = "999"\n')
        self.write_journal("2026-11-27 symptom chest-pain\n")
        p = self.run_bc("check", check=1)
        self.assertIn("EMERGENCY: call 999 now", p.stdout)

    def test_no_ask_and_a_pipe_record_nothing(self):
        self.write_journal("2026-11-27 symptom fever\n")
        before = self.read_journal()
        self.run_bc("check", check=1)
        self.run_bc("check", "--no-ask", "-q", check=1)
        self.run_bc("check", input="y\nn\nn\n", check=1)
        self.assertEqual(self.read_journal(), before)

    def test_cron_recipe_tells_a_flag_from_an_error(self):
        self.write_journal("2026-11-27 symptom fever\n")
        recipe = f"'{BIN}' check --no-ask -q; [ $? -eq 1 ] && echo NOTIFY"
        import subprocess
        p = subprocess.run(["/bin/sh", "-c", recipe], env=self.env, capture_output=True, text=True)
        self.assertIn("NOTIFY", p.stdout)
        bad = subprocess.run(["/bin/sh", "-c", recipe.replace("check", "check --routine /nonexistent", 1)],
                             env=self.env, capture_output=True, text=True)
        self.assertNotIn("NOTIFY", bad.stdout)

    def test_usage_error(self):
        self.run_bc("check", "--bogus", check=2)


@unittest.skipIf(pexpect is None, "python3-pexpect is not installed")
class ScreeningTest(BackcareTest):
    """The questions, in a real terminal (a pty)."""

    def spawn(self, *args, routine=None, argv=None):
        env = dict(self.env, TERM="xterm")
        if routine:
            self.write_routine(routine)
        child = pexpect.spawn(argv[0] if argv else BIN, list(argv[1:]) if argv else ["check", *args], env=env,
                              encoding="utf-8", timeout=20, dimensions=(24, 80))
        self.addCleanup(child.close, force=True)
        return child

    def answer_all(self, child, key="n"):
        """Answers every question with key; returns the questions asked."""
        asked = []
        while True:
            i = child.expect([PROMPT, pexpect.EOF])
            if i == 1:
                break
            asked.append(child.before.strip().splitlines()[-1])
            child.send(key)
        child.close()
        return asked

    def check_lines(self):
        return [l for l in self.journal_lines() if " check " in f" {l} "]

    def test_every_question_answered_no_records_flags_none(self):
        child = self.spawn()
        asked = self.answer_all(child)
        self.assertEqual(len(asked), QUESTIONS)
        self.assertEqual(child.exitstatus, 0)
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=none"])
        self.assertIn("No warning signs were found in your answers", child.before)

    def test_questions_come_tier_by_tier_and_enter_alone_asks_again(self):
        child = self.spawn()
        child.expect("emergency")
        child.expect(PROMPT)
        self.assertIn("chest pain", child.before)
        self.assertIn("shortness of breath", child.before)  # one question for the chest group
        child.send("\r")  # Enter alone is no answer
        child.send("x")
        child.send("n")
        child.expect(PROMPT)
        self.assertIn("both legs", child.before)
        child.send("n")
        child.expect(PROMPT)
        self.assertIn("accident", child.before)
        child.send("n")
        child.expect(PROMPT)
        self.assertIn("headache", child.before)
        child.send("n")
        child.expect(PROMPT)
        self.assertIn("today", child.before)  # the urgent tier's heading
        self.assertIn("fever", child.before)
        child.send("n")
        rest = self.answer_all(child)
        self.assertEqual(len(rest), QUESTIONS - 5)  # 5 asked above
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=none"])

    def test_an_emergency_yes_stops_at_once_and_shows_the_number(self):
        child = self.spawn(routine=MINIMAL_ROUTINE + '\n[settings]\nemergency_number = "999"\n')
        child.expect(PROMPT)
        child.send("y")  # the chest group: which?
        child.expect(PROMPT)
        child.send("n")  # chest pain
        child.expect(PROMPT)
        child.send("y")  # short of breath
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 1)
        self.assertIn("EMERGENCY: call 999 now", child.before)
        self.assertNotIn("[y/n", child.before)  # no further question
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=breathless"])

    def test_back_changes_the_last_answer(self):
        child = self.spawn()
        for _ in range(4):  # the emergency questions
            child.expect(PROMPT)
            child.send("n")
        child.expect(PROMPT)
        self.assertIn("fever", child.before)
        child.send("y")  # the group: which?
        child.expect(PROMPT)
        self.assertIn("high temperature", child.before)
        child.send("y")
        child.expect(PROMPT)
        self.assertIn("generally unwell", child.before)
        child.send("b")
        child.expect(PROMPT)
        self.assertIn("high temperature", child.before)
        child.send("n")
        self.answer_all(child)
        self.assertEqual(child.exitstatus, 0)
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=none"])

    def test_yes_answers_are_recorded_and_flagged(self):
        child = self.spawn("--json")
        n = 0
        while True:
            i = child.expect([PROMPT, pexpect.EOF])
            if i == 1:
                break
            q = child.before
            last = q.splitlines()[-1]
            child.send("y" if any(w in last for w in ("a fever", "high temperature", "pins and needles")) else "n")
            n += 1
        child.close()
        self.assertEqual(child.exitstatus, 1)
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=fever,tingling"])
        data = json.loads(child.before[child.before.index("{"):])
        self.assertEqual([(f["id"], f["tier"]) for f in data["flags"]],
                         [("symptom:fever", "urgent"), ("symptom:tingling", "soon")])
        # The next check, without questions, still sees them in the journal.
        self.run_bc("check", "--no-ask", check=1)

    def test_quitting_midway_records_nothing(self):
        for key in ("q", "\x03"):
            child = self.spawn()
            child.expect(PROMPT)
            child.send("n")
            child.expect(PROMPT)
            child.send(key)
            child.expect(pexpect.EOF)
            child.close()
            self.assertEqual(child.exitstatus, 0)
            self.assertIn("nothing was recorded", child.before)
            self.assertIsNone(self.read_journal())

    def test_the_profile_is_not_asked_again(self):
        routine = MINIMAL_ROUTINE + "\n[profile]\nage = 35\nhistory = []\n"
        asked = self.answer_all(self.spawn(routine=routine))
        self.assertEqual(len(asked), QUESTIONS - 3)
        text = "\n".join(asked)
        self.assertNotIn("under 20", text)
        self.assertNotIn("cancer", text)
        self.assertNotIn("steroids", text)
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=none"])

    def test_the_profile_shortens_questions(self):
        routine = MINIMAL_ROUTINE + "\n[profile]\nage = 62\nhistory = [\"cancer\"]\n"
        asked = self.answer_all(self.spawn(routine=routine))
        self.assertEqual(len(asked), QUESTIONS - 1)  # minor-fall answered by the history
        self.assertTrue(any("62" in q and "new" in q for q in asked))
        self.assertTrue(any("cancer" in q and "new" in q for q in asked))

    def test_no_ask_in_a_terminal_asks_and_records_nothing(self):
        child = self.spawn("--no-ask")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)
        self.assertNotIn("[y/n", child.before)
        self.assertIsNone(self.read_journal())

    def test_keys_typed_ahead_are_discarded(self):
        # The shell prints READY and waits; keys typed then are pending when
        # backcare starts. Were they read, 'y' would answer the first
        # (emergency) question and end the screening.
        cmd = f"printf READY; sleep 1; exec '{BIN}' check"
        child = self.spawn(argv=["/bin/sh", "-c", cmd])
        child.expect("READY")
        child.send("yyy")
        child.send("y\r")
        asked = self.answer_all(child)
        self.assertEqual(len(asked), QUESTIONS)
        self.assertEqual(self.check_lines(), ["2026-11-28 08:00 check flags=none"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
