"""Open flags honoured by every command (SPEC v2 section 7), the seen kind,
severe pain, safety without a routine, and the session's p flow."""
import json
import os

from harness import HEADER, BackcareTest, main
from tty_support import TINY_ROUTINE, TtyTest

URGENT = HEADER + "\n2026-11-28 07:00 symptom fever\n"
CHECKED = HEADER + "\n2026-11-28 07:30 check flags=none\n"


class OpenFlagsTest(BackcareTest):
    def test_plan_shows_an_urgent_flag_first_and_no_nudge(self):
        # Review finding: check said "contact a doctor today" while plan said
        # "even a few minutes today keep the habit going".
        self.write_journal(HEADER + "\n2026-11-20 session morning\n2026-11-28 07:00 symptom fever\n")
        r = self.run_bc("plan", check=0)
        self.assertIn("URGENT: be seen today", r.stdout)
        self.assertLess(r.stdout.index("URGENT"), r.stdout.index("2026"))
        self.assertIn("on hold", r.stdout)
        self.assertNotIn("keep the habit going", r.stdout)
        self.assertNotIn("backcare start", r.stdout)
        # Without the flag the same journal nudges.
        self.write_journal(HEADER + "\n2026-11-20 session morning\n")
        self.assertIn("keep the habit going", self.run_bc("plan", check=0).stdout)

    def test_plan_due_prints_nothing_and_exits_1(self):
        self.write_journal(HEADER + "\n")
        self.assertEqual(self.run_bc("plan", "--due", check=0).stdout, "morning\n")
        self.write_journal(URGENT)
        r = self.run_bc("plan", "--due", check=1)
        self.assertEqual(r.stdout, "")

    def test_plan_json_has_the_contract_keys(self):
        self.write_journal(URGENT)
        j = json.loads(self.run_bc("plan", "--json", check=0).stdout)
        self.assertEqual(list(j), ["date", "routines", "week", "flags"])
        self.assertEqual(j["date"], "2026-11-28")
        self.assertEqual(j["routines"][0], {"name": "morning", "time": "07:00", "state": "on-hold"})
        self.assertEqual(list(j["week"]), ["sessions", "target"])
        self.assertEqual(j["flags"], [{"id": "symptom:fever", "tier": "urgent"}])
        self.write_journal(HEADER + "\n")
        j = json.loads(self.run_bc("plan", "--json", check=0).stdout)
        self.assertEqual(j["routines"][0]["state"], "due")
        self.assertEqual(j["flags"], [])

    def test_stats_lists_every_open_flag(self):
        self.write_journal(URGENT + "2026-11-27 symptom tingling\n")
        j = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual(j["flags"], [{"id": "symptom:fever", "tier": "urgent"},
                                      {"id": "symptom:tingling", "tier": "soon"}])
        self.assertEqual(self.run_bc("stats", "--format", "{flag}", check=0).stdout, "urgent\n")
        self.assertEqual(self.run_bc("stats", "--format", "{flags}", check=0).stdout, "2\n")
        text = self.run_bc("stats", check=0).stdout
        self.assertEqual(len([l for l in text.splitlines() if "Open flags" in l]), 1)
        self.write_journal(HEADER + "\n")
        self.assertEqual(self.run_bc("stats", "--format", "[{flag}]", check=0).stdout, "[]\n")
        self.assertEqual(json.loads(self.run_bc("stats", "--json", check=0).stdout)["flags"], [])

    def test_bare_backcare_shows_the_overview_flags_first(self):
        self.write_journal(URGENT)
        r = self.run_bc(check=0)
        self.assertIn("URGENT: be seen today", r.stdout)
        self.assertLess(r.stdout.index("URGENT"), r.stdout.index("Streak"))
        self.assertIn("This week", r.stdout)
        self.write_journal(HEADER + "\n")
        r = self.run_bc(check=0)
        self.assertIn("morning", r.stdout)
        self.assertNotIn("URGENT", r.stdout)

    def test_start_no_wait_warns_on_stderr_and_records(self):
        self.write_journal(URGENT)
        r = self.run_bc("start", "--no-wait", "-q", check=0)
        self.assertIn("URGENT: be seen today", r.stderr)
        self.assertEqual(len([l for l in self.journal_lines() if " session " in l]), 1)

    def test_seen_closes_the_flags_before_it(self):
        self.write_journal(URGENT)
        self.run_bc("check", "--no-ask", check=1)
        self.run_bc("log", "seen", "--note", "GP: muscular", check=0)
        self.assertIn("seen note=\"GP: muscular\"", self.journal_lines()[-1])
        self.run_bc("check", "--no-ask", check=0)
        self.assertEqual(self.run_bc("plan", "--due", check=0).stdout, "morning\n")

    def test_a_no_does_not_clear_a_chest_pain_of_the_same_day(self):
        # Review finding: chest pain at 08:00 was cleared by a no at 09:00.
        self.write_journal(HEADER + "\n2026-11-28 07:00 symptom chest-pain\n2026-11-28 07:30 check flags=none\n")
        r = self.run_bc("check", "--no-ask", "--json", check=1)
        flags = json.loads(r.stdout)["flags"]
        self.assertEqual([(f["id"], f["tier"]) for f in flags], [("symptom:chest-pain", "emergency")])


class SeverePainTest(BackcareTest):
    def test_log_pain_9_quiet_prints_the_advice(self):
        # Review finding: a pain of 10 out of 10 got no response.
        r = self.run_bc("log", "pain", "9", "-q", check=0)
        self.assertIn("URGENT: be seen today", r.stderr)
        self.assertIn("9 out of 10", r.stderr)
        r = self.run_bc("log", "pain", "7", "-q", check=0)
        self.assertEqual(r.stderr, "")
        j = json.loads(self.run_bc("check", "--no-ask", "--json", check=1).stdout)
        self.assertEqual([f["id"] for f in j["flags"]], ["severe"])

    def test_a_no_wait_end_pain_of_8_prints_the_advice(self):
        self.write_journal(CHECKED)
        r = self.run_bc("start", "--no-wait", "--pain", "8", "-q", check=0)
        self.assertIn("URGENT: be seen today", r.stderr)


class BrokenRoutineTest(BackcareTest):
    def setUp(self):
        super().setUp()
        self.write_routine("[settings\nbell = true\n")

    def test_check_no_ask_still_flags_a_logged_emergency(self):
        # Review finding: a typo in the routine turned screening off (exit 65).
        self.write_journal(HEADER + "\n2026-11-28 07:00 symptom chest-pain\n")
        r = self.run_bc("check", "--no-ask", check=1)
        self.assertIn("routine.toml", r.stderr)
        self.assertIn("call 112 now", r.stdout)
        self.assertEqual(self.run_bc("plan", check=None).returncode, 65)

    def test_check_no_ask_without_flags_exits_0(self):
        self.write_journal(HEADER + "\n")
        self.run_bc("check", "--no-ask", check=0)

    def test_log_symptom_and_pain_work_with_a_warning(self):
        r = self.run_bc("log", "symptom", "breathless", check=0)
        self.assertIn("112", r.stderr)
        r = self.run_bc("log", "pain", "9", check=0)
        self.assertIn("routine.toml", r.stderr)
        self.assertIn("URGENT", r.stderr)
        self.assertTrue(any(" pain 9" in l for l in self.journal_lines()))


class StartFlagsTtyTest(TtyTest):
    def test_start_shows_the_flag_and_n_exits_1_writing_nothing(self):
        self.write_journal(URGENT + "2026-11-28 07:30 check flags=fever\n")
        before = self.read_journal()
        c = self.spawn("start", "quick")
        c.expect("URGENT: be seen today")
        c.expect(r"Has a clinician seen you about this since\? \[y/n\]")
        c.send("n")
        code, out, stty = self.finish()
        self.assertEqual(code, 1)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.read_journal(), before)

    def test_start_y_writes_seen_and_goes_on(self):
        self.write_journal(URGENT + "2026-11-28 07:30 check flags=fever\n")
        c = self.spawn("start", "quick", "--pain", "2", "--effort", "3", "--note", "x")
        c.expect(r"Has a clinician seen you about this since\? \[y/n\]")
        c.send("y")
        c.expect("Exercise 1 of 2")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        lines = self.journal_lines()
        self.assertTrue(any(" seen " in l or l.endswith(" seen") or " seen note=" in l for l in lines), lines)
        self.assertEqual(len(self.sessions()), 1)

    def test_p_flow_records_a_symptom_when_asked(self):
        self.write_journal(CHECKED)
        c = self.spawn("start", "long")
        c.expect("Pain limit: 3 out of 10")
        c.expect("Hold 9:5")
        c.send("p")
        c.expect(r"dizzy.*\[y/n\]")
        c.send("y")
        c.expect(r"vision.*\[y/n\]")
        c.send("n")
        c.expect(r"speaking or swallowing.*\[y/n\]")
        c.send("n")
        c.expect("URGENT: be seen today")
        c.expect(r"Record this in your journal now.*\[y/n\]")
        c.send("y")
        c.expect("Recorded: symptom dizziness")
        c.expect("neck exercises are left out")
        c.expect("Exercise 2 of 2")
        c.send("q")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertTrue(any(l.startswith("2026-11-28 08:00 symptom dizziness") for l in self.journal_lines()),
                        self.journal_lines())
        # Every command now honours it.
        self.run_bc("check", "--no-ask", check=1)

    def test_short_form_yes_records_the_symptom(self):
        self.write_journal(HEADER + "\n2026-11-28 07:00 session quick\n")
        c = self.spawn("start", "quick")
        c.expect(r"Does any of these apply to you now\? \[y/n\]")
        c.send("y")
        c.expect("EMERGENCY: call 999 now")
        c.expect(r"Which one, 1 to 13")
        c.send("1\r")
        code, out, stty = self.finish()
        self.assertEqual(code, 1)
        self.assertTrue(any(" symptom chest-pain" in l for l in self.journal_lines()), self.journal_lines())


class ProfileTest(BackcareTest):
    def test_osteoporosis_adapts_the_cards_and_plan_routine(self):
        self.run_bc("init", check=0)
        with open(self.routine_path) as f:
            text = f.read()
        text = text.replace("# [profile]\n# age = 45\n# history = []", "[profile]\nhistory = [\"osteoporosis\"]")
        self.assertIn("[profile]\nhistory", text)
        self.write_routine(text)
        r = self.run_bc("plan", "full", check=0)
        self.assertIn("part-way", r.stdout)
        self.assertIn("ask your clinician", r.stdout)
        r = self.run_bc("start", "full", "--dry-run", check=0)
        self.assertIn("part-way", r.stdout)
        self.assertIn("Pain limit:", r.stdout)


if __name__ == "__main__":
    main()
