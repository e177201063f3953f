"""Keys that forgive in backcare start (issue 17): the end questions ask
again on Enter alone and on letters, with a hint, and '-' skips; q asks pain
and effort before the partial line (that Ctrl-C does not ask is held by
test_start_tty's Ctrl-C test, which would wait for an answer); both sides are
named as the steps name them."""

from tty_support import CHECKED, TtyTest, main

FORGIVE_ROUTINE = """\
[settings]
bell = false
rest_between = 1

[[exercise]]
id = "quick-hold"
name = "Quick hold"
phase = "relief"
steps = ["Hold still."]
hold = 1

[[exercise]]
id = "long-hold"
name = "Long hold"
phase = "stretch"
steps = ["Stay."]
hold = 600

[[exercise]]
id = "tilts"
name = "Tilts"
phase = "warm-up"
steps = ["Sit tall.", "Tilt your right ear toward your right shoulder."]
reps = 2
tempo = 0.5
sides = 2
rest = 1

[routine.one]
exercises = ["quick-hold"]

[routine.long]
exercises = ["long-hold", "quick-hold"]

[routine.sides]
exercises = ["tilts"]
"""


class ForgivingKeysTest(TtyTest):
    def setUp(self):
        super().setUp()
        self.use_routine(FORGIVE_ROUTINE, "forgive.toml")
        self.write_journal(CHECKED)

    def test_enter_alone_and_letters_ask_again_and_dash_skips(self):
        # Found in issue 17: a stray Enter skipped the pain question and
        # letters typed there were dropped without a word.
        c = self.spawn("start", "one")
        c.expect("Pain now")
        c.send("\r")
        c.expect(r"Type a whole number from 0 to 10 and press Enter, or - to skip\.")
        c.expect("Pain now")
        c.send("x")
        c.expect(r"'x' is not a number\.")
        c.expect("Pain now")
        c.send("4\r")
        c.expect("Effort")
        c.send("-")
        c.expect(r"\(skipped\)")
        c.expect("note")
        c.send("\r")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session one minutes=1 done=quick-hold pain=4 "
                                           "status=complete"])

    def test_q_asks_pain_and_effort_before_the_partial_line(self):
        # Found in issue 17: q recorded a partial session without asking.
        c = self.spawn("start", "long")
        c.expect("Hold 9:5")
        c.send("n")
        c.expect("Quick hold")
        c.send("q")
        c.expect("Session stopped")
        c.expect("Pain now")
        c.send("6\r")
        c.expect("Effort")
        c.send("7\r")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertNotIn("A note", out)
        self.assertIn("To go on from here later today: backcare start --resume", out)
        self.assertSaneTerminal(stty)
        self.assertEqual(self.sessions(), ["2026-11-28 08:00 session long minutes=1 done=long-hold pain=6 effort=7 "
                                           "status=partial"])

    def test_sides_are_named_right_then_left(self):
        # Found in issue 17: the steps say right, the screen said "first side".
        c = self.spawn("start", "sides", "--pain", "1", "--effort", "1", "--note", "")
        c.expect(r"Rep \d/2, right side")
        c.expect(r"Switch to the left side")
        c.expect(r"Rep \d/2, left side")
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertNotIn("first side", c.before + out)


if __name__ == "__main__":
    main()
