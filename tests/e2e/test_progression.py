"""Progression by the lights of SPEC §6, through `plan ROUTINE --json` and its text.

Now is Saturday 2026-11-28 08:00 (the harness's default).
"""
import json
import unittest

from harness import HEADER, BackcareTest


def days(first, last):
    return [f"2026-11-{d:02}" for d in range(first, last + 1)]


class PlanJsonTest(BackcareTest):
    def plan(self, routine="morning"):
        p = self.run_bc("plan", routine, "--json", check=0)
        self.assertNoEscapes(p.stdout)
        return json.loads(p.stdout)

    def door(self, out):
        return next(x for x in out["exercises"] if x["id"] == "doorway-stretch")

    def test_the_keys_of_the_contract(self):
        out = self.plan()
        self.assertEqual(list(out), ["routine", "minutes", "flare", "exercises"])
        self.assertEqual(out["routine"], "morning")
        self.assertIsInstance(out["minutes"], int)
        self.assertIs(out["flare"], False)
        self.assertEqual(len(out["exercises"]), 11)
        for x in out["exercises"]:
            self.assertEqual(list(x), ["id", "level", "steps", "dose", "light"])
            self.assertEqual(x["level"], 0)
            self.assertIsNone(x["light"])
        self.assertEqual(self.door(out), {"id": "doorway-stretch", "level": 0, "steps": 4, "dose": "2 × 20 s",
                                          "light": None})

    def test_two_greens_step_up_an_amber_holds_a_red_steps_down(self):
        lines = [HEADER]
        lines += [f"{d} 07:00 session morning done=doorway-stretch pain=2 effort=4" for d in days(20, 21)]
        self.write_journal("\n".join(lines) + "\n")
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"], x["dose"]), (1, "green", "2 × 25 s"))
        # Effort 8: amber, held.
        self.write_journal("\n".join(lines + ["2026-11-22 07:00 session morning done=doorway-stretch pain=2 effort=8"])
                           + "\n")
        self.assertEqual((self.door(self.plan())["level"], self.door(self.plan())["light"]), (1, "amber"))
        # Pain 7, 2 above the limit of 5: red, down one.
        self.write_journal("\n".join(lines + ["2026-11-22 07:00 session morning done=doorway-stretch pain=7 effort=4"])
                           + "\n")
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"]), (0, "red"))

    def test_the_next_morning_reading_decides(self):
        lines = [HEADER] + [f"{d} 21:00 pain 2" for d in days(1, 19)]
        lines += [f"{d} 07:00 session morning done=doorway-stretch pain=2 effort=4" for d in days(20, 21)]
        base = "\n".join(lines) + "\n"
        self.write_journal(base + "2026-11-22 07:30 pain 4 when=morning\n")  # usual 2, +2: red
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"]), (0, "red"))
        self.write_journal(base + "2026-11-22 07:30 pain 3 when=morning\n")  # +1: amber, held (no step up)
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"]), (0, "amber"))
        self.write_journal(base + "2026-11-22 07:30 pain 2 when=morning\n")  # settled: green, up
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"]), (1, "green"))

    def test_a_flare_up_puts_everything_at_the_low_end(self):
        lines = [HEADER] + [f"{d} 21:00 pain 1" for d in days(1, 14)]
        lines += [f"{d} 07:00 session morning done=doorway-stretch,cat-cow pain=1 effort=3" for d in days(15, 18)]
        self.write_journal("\n".join(lines) + "\n")
        before = self.plan()
        self.assertIs(before["flare"], False)
        self.assertEqual(self.door(before)["level"], 2)
        lines.append("2026-11-26 19:00 pain 5")  # 4 or more after 7 calm days
        lines += [f"{d} 07:00 session morning done=doorway-stretch,cat-cow pain=1 effort=3" for d in days(27, 28)]
        self.write_journal("\n".join(lines) + "\n")
        during = self.plan()
        self.assertIs(during["flare"], True)
        for x in during["exercises"]:
            self.assertEqual(x["level"], 0)
        # The two sessions after it stepped nothing up (amber here: the week's trend is worsening).
        self.assertIn(self.door(during)["light"], ("green", "amber"))
        text = self.run_bc("plan", "morning", check=0).stdout
        self.assertIn("Flare-up since 2026-11-26", text)
        self.assertIn("settled after 3 days", text)
        today = self.run_bc("plan", check=0).stdout
        self.assertIn("Flare-up since 2026-11-26", today)
        start = self.run_bc("start", "morning", "--dry-run", check=0).stdout
        self.assertNotIn("Flare-up", start)  # a dry run says only what the session does
        no_wait = self.run_bc("start", "morning", "--no-wait", check=0).stdout
        self.assertIn("Flare-up since 2026-11-26", no_wait)

    def test_a_flare_up_ends_after_three_settled_days(self):
        # Calm (1) for 14 days, 6 on the 22nd: a flare-up. Readings of 1 on the 24th, 26th and 27th are
        # three settled days (the 25th has none: it neither counts nor breaks); it ends on the 27th.
        lines = [HEADER] + [f"{d} 21:00 pain 1" for d in days(1, 14)]
        lines += [f"{d} 07:00 session morning done=doorway-stretch pain=1 effort=3" for d in days(15, 18)]
        lines += ["2026-11-22 19:00 pain 6", "2026-11-24 08:00 pain 1", "2026-11-26 08:00 pain 1"]
        self.write_journal("\n".join(lines) + "\n")
        out = self.plan()
        self.assertIs(out["flare"], True)
        self.assertEqual(self.door(out)["level"], 0)
        self.write_journal("\n".join(lines + ["2026-11-27 08:00 pain 1"]) + "\n")
        out = self.plan()
        self.assertIs(out["flare"], False)
        self.assertEqual(self.door(out)["level"], 0)  # it stays at the low end until it steps up again
        self.assertNotIn("Flare-up since", self.run_bc("plan", "morning", check=0).stdout)

    def test_an_open_urgent_flag_holds(self):
        self.write_journal(HEADER + "\n" + "2026-11-20 07:00 session morning done=doorway-stretch pain=2 effort=4\n"
                           "2026-11-21 06:00 symptom fever\n"
                           "2026-11-21 07:00 session morning done=doorway-stretch pain=2 effort=4\n")
        x = self.door(self.plan())
        self.assertEqual((x["level"], x["light"]), (0, "amber"))
        self.assertIn("held: a warning sign was open", self.run_bc("plan", "morning", check=0).stdout)

    def test_lines_out_of_order_give_the_same_levels(self):
        lines = [f"{d} 07:00 session morning done=doorway-stretch pain=2 effort=4" for d in days(1, 6)]
        self.write_journal(HEADER + "\n" + "\n".join(lines) + "\n")
        sorted_out = self.plan()
        self.write_journal(HEADER + "\n" + "\n".join(reversed(lines)) + "\n")
        self.assertEqual(self.plan(), sorted_out)
        self.assertEqual(self.door(sorted_out)["level"], 3)

    def test_json_without_a_routine_is_today(self):
        # SPEC v2 section 9 (contract): plan --json is today's plan with the open flags.
        p = self.run_bc("plan", "--json", check=0)
        self.assertIn('"flags"', p.stdout)


class LogSessionTest(BackcareTest):
    def test_a_session_logged_without_done_counts_for_progression(self):
        self.run_bc("log", "session", "morning", "--date", "2026-11-26", "--pain", "2", "--effort", "3", check=0)
        self.run_bc("log", "session", "morning", "--date", "2026-11-27", "--pain", "2", "--effort", "3", check=0)
        self.assertIn("done=neck-tilts,shoulder-rolls,", self.journal_lines()[-1])
        out = json.loads(self.run_bc("plan", "morning", "--json", check=0).stdout)
        self.assertTrue(all(x["light"] == "green" for x in out["exercises"]))
        self.assertTrue(all(x["level"] == 1 for x in out["exercises"]))


    def test_the_done_list_is_the_routine_s_exercises(self):
        self.run_bc("log", "session", "morning", "--date", "2026-11-27", check=0)
        ids = [x["id"] for x in json.loads(self.run_bc("plan", "morning", "--json", check=0).stdout)["exercises"]]
        done = next(w for w in self.journal_lines()[-1].split() if w.startswith("done="))
        self.assertEqual(done, "done=" + ",".join(ids))
        # --done keeps what was given; --skipped leaves those out of done=.
        self.run_bc("log", "session", "morning", "--date", "2026-11-27", "--done", "cat-cow", check=0)
        self.assertIn(" done=cat-cow", self.journal_lines()[-1])
        self.run_bc("log", "session", "evening", "--date", "2026-11-27", "--skipped", ids[-1], check=0)
        self.assertNotIn(ids[-1], next(w for w in self.journal_lines()[-1].split() if w.startswith("done=")))


class MorningReadingTest(BackcareTest):
    def test_plan_asks_for_a_morning_reading_the_day_after_a_session(self):
        self.write_journal(HEADER + "\n" + "2026-11-27 07:00 session morning pain=2\n")
        self.assertIn("backcare log pain N --when morning", self.run_bc("plan", check=0).stdout)
        self.run_bc("log", "pain", "2", "--when", "morning", check=0)
        self.assertNotIn("--when morning", self.run_bc("plan", check=0).stdout)


class WeekTargetTest(BackcareTest):
    def test_rest_days_scale_the_target_in_plan_and_stats(self):
        # A three-day trip Thursday to Saturday of week 48: 5 x 4/7, rounded up.
        self.write_journal(HEADER + "\n" + "2026-11-26 rest\n2026-11-27 rest\n2026-11-28 rest\n")
        self.assertIn("0 of 3 sessions", self.run_bc("plan", check=0).stdout)
        stats = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual(stats["week"]["target"], 3)

    def test_every_weekly_figure_uses_the_scaled_target(self):
        # Week 47 met (5 sessions); week 48 a trip Monday to Wednesday and 3 sessions: its target is 3, so
        # the overview says 3 of 3, the weekly-goal streak is 2 and `plan` agrees.
        lines = [f"2026-11-{d} 07:00 session morning" for d in (16, 17, 18, 19, 20)]
        lines += ["2026-11-23 rest", "2026-11-24 rest", "2026-11-25 rest"]
        lines += [f"2026-11-{d} 07:00 session morning" for d in (26, 27, 28)]
        self.write_journal(HEADER + "\n" + "\n".join(lines) + "\n")
        self.assertIn("This week: 3 of 3 sessions", self.run_bc(check=0).stdout)
        self.assertIn("3 of 3 sessions", self.run_bc("plan", check=0).stdout)
        stats = json.loads(self.run_bc("stats", "--json", check=0).stdout)
        self.assertEqual((stats["week"], stats["weekly_goal"]["current"]),
                         ({"sessions": 3, "target": 3, "start": "2026-11-23"}, 2))
        self.assertEqual(stats["weekly_goal"]["target"], 5)  # the goal as set (documented)

    def test_partial_sessions_are_marked_in_the_week(self):
        self.write_journal(HEADER + "\n" + "2026-11-27 07:00 session morning status=partial\n")
        p = self.run_bc("plan", "--week", check=0)
        self.assertRegex(p.stdout, r"Fri 27 Nov.*morning done.*morning \(partial\)")


class OpenFlagAgreementTest(BackcareTest):
    """Issue 14: progression holds a step up exactly when `check --no-ask` has an emergency or urgent flag
    open (the rules of core/flags, not a copy). Two green sessions, yesterday and today at 07:00: the second
    steps up unless a flag is open today."""

    SESSIONS = ["2026-11-27 07:00 session morning done=doorway-stretch pain=2 effort=4",
                "2026-11-28 07:00 session morning done=doorway-stretch pain=2 effort=4"]

    def both(self, *before, after=()):
        self.write_journal("\n".join([HEADER, *before, *self.SESSIONS, *after]) + "\n")
        check = self.run_bc("check", "--no-ask", "--json")
        tiers = {f["id"]: f["tier"] for f in json.loads(check.stdout)["flags"]}
        door = next(x for x in json.loads(self.run_bc("plan", "morning", "--json", check=0).stdout)["exercises"]
                    if x["id"] == "doorway-stretch")
        text = self.run_bc("plan", "morning", check=0).stdout
        return check.returncode, tiers, door, text

    def assertHeld(self, *before, after=(), flag=None):
        code, tiers, door, text = self.both(*before, after=after)
        self.assertEqual(code, 1)
        self.assertIn(tiers.get(flag), ("emergency", "urgent"), tiers)
        self.assertEqual(door["light"], "amber")
        self.assertEqual(door["level"], 0)
        self.assertIn("a warning sign was open today", text)

    def assertNotHeld(self, *before, after=(), flags=()):
        code, tiers, door, text = self.both(*before, after=after)
        self.assertEqual(sorted(tiers), sorted(flags))
        self.assertEqual(code, 1 if flags else 0)
        self.assertFalse(set(tiers.values()) & {"emergency", "urgent"}, tiers)
        self.assertEqual(door["light"], "green")
        self.assertNotIn("a warning sign was open", text)
        return door

    def test_no_flag_steps_up(self):
        self.assertEqual(self.assertNotHeld()["level"], 1)

    def test_an_urgent_symptom_holds_and_seen_closes_it(self):
        self.assertHeld("2026-11-27 06:00 symptom fever", flag="symptom:fever")
        self.assertEqual(self.assertNotHeld("2026-11-27 06:00 symptom fever", "2026-11-28 06:00 seen note=GP")
                         ["level"], 0)  # yesterday was held: one green since
        # Seen before the symptom closes nothing.
        self.assertHeld("2026-11-26 06:00 seen note=GP", "2026-11-27 06:00 symptom fever", flag="symptom:fever")

    def test_a_no_the_same_day_does_not_close_an_emergency_sign(self):
        self.assertHeld("2026-11-28 06:00 symptom chest-pain", "2026-11-28 06:30 check flags=none",
                        flag="symptom:chest-pain")
        # Three days later a screening answered no closes it.
        self.assertNotHeld("2026-11-25 06:00 symptom chest-pain", "2026-11-28 06:30 check flags=none")
        # A screening that answered yes to it keeps it open.
        self.assertHeld("2026-11-20 06:00 symptom fever", "2026-11-28 06:30 check flags=fever", flag="symptom:fever")

    def test_a_soon_symptom_or_an_unknown_id_does_not_hold(self):
        self.assertNotHeld("2026-11-27 06:00 symptom tingling", flags=["symptom:tingling"])

    def test_a_severe_reading_holds_for_three_days(self):
        self.assertHeld("2026-11-26 20:00 pain 8", flag="severe")
        self.assertNotHeld("2026-11-25 20:00 pain 8")  # 3 days before today: closed
        self.assertNotHeld("2026-11-27 20:00 pain 9", "2026-11-28 06:00 seen note=GP")
        # A reading of 8 after today's session, still today: open at the end of the day.
        self.assertHeld(after=["2026-11-28 07:40 pain 8"], flag="severe")

    def test_persistent_pain_is_soon_and_does_not_hold(self):
        # Sessions every other day for 4 weeks at pain 4, the last two at 2 (a mean of 3 this week): check
        # says `persistent` (soon); the lights stay green (under the limit of 5, the trend is stable), so
        # progression goes on.
        before = [f"2026-11-{d:02} 07:00 session morning done=doorway-stretch pain=4 effort=4" for d in range(1, 26, 2)]
        code, tiers, door, _ = self.both(*before)
        self.assertEqual((code, tiers), (1, {"persistent": "soon"}))
        self.assertEqual(door["light"], "green")
        self.assertEqual(door["level"], 3)
        # Below the floor of 3: no flag either way.
        mild = [line.replace("pain=4", "pain=2") for line in before]
        code, tiers, door, _ = self.both(*mild)
        self.assertEqual((code, tiers, door["light"]), (0, {}, "green"))

    def test_a_worsening_trend_holds_with_or_without_the_flag(self):
        # SPEC section 6 holds on the trend of section 5 (no floor); check's `worsening` flag needs a mean of 3.
        # Above the floor: both say so. Within mild pain: no flag, and the light is still amber, for the
        # trend, said as such (not as a warning sign).
        for older, newer, flags in ((1, 4, {"worsening": "soon"}), (0, 2, {})):
            with self.subTest(older=older, newer=newer):
                before = [f"2026-11-{d:02} 20:00 pain {older}" for d in (15, 17)]
                before += [f"2026-11-{d:02} 20:00 pain {newer}" for d in (23, 25)]
                code, tiers, door, text = self.both(*before)
                self.assertEqual((code, tiers), (1 if flags else 0, flags))
                self.assertEqual((door["light"], door["level"]), ("amber", 0))
                self.assertIn("pain was building up", text)
                self.assertNotIn("a warning sign was open", text)


if __name__ == "__main__":
    unittest.main()
