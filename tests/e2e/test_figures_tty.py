"""The figure on the guided session's card, in a pseudo-terminal (issue 17)."""
from tty_support import CHECKED, TINY_ROUTINE, TtyTest, main

FIGURED = TINY_ROUTINE.replace(
    'id = "long-hold"\n',
    'id = "long-hold"\nfigure = """\n  FIGURE-TOP\n    O   on the\n   /|\\\\  FLOOR\n"""\n', 1)


class CardFigureTest(TtyTest):
    def setUp(self):
        super().setUp()
        self.write_routine(FIGURED, self.routine_file)
        self.write_journal(CHECKED)

    def run_card(self, cols, rows=30):
        c = self.spawn("start", "long", dims=(rows, cols))
        c.expect("Exercise 1 of 2: Long hold")
        c.expect(r"Hold 9:5\d")
        card = c.before
        c.send("q")
        code, _, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertSaneTerminal(stty)
        return card

    def test_the_card_shows_the_figure_at_100_columns(self):
        card = self.run_card(100)
        self.assertIn("FIGURE-TOP", card)
        self.assertIn("   /|\\  FLOOR", card)
        # Above the steps.
        self.assertLess(card.index("FIGURE-TOP"), card.index("1. Stay."))

    def test_beside_the_steps_or_left_out_in_a_short_window(self):
        # Issue 17 finding: at 60x20 a default card with its figure was
        # taller than the pane, so the exercise's name scrolled away. The
        # card, a cue line and the status line must fit: above the steps
        # this tiny card takes 10 lines, beside them 7, without it 5.
        card = self.run_card(100, rows=12)
        self.assertIn("FIGURE-TOP", card)
        self.assertLess(card.index("FIGURE-TOP"), card.index("1. Stay."))
        card = self.run_card(100, rows=11)
        self.assertRegex(card, r"FIGURE-TOP +1\. Stay\.")
        card = self.run_card(100, rows=8)
        self.assertNotIn("FIGURE-TOP", card)
        self.assertIn("1. Stay.", card)

    def test_not_at_50_columns(self):
        card = self.run_card(50)
        self.assertIn("1. Stay.", card)
        self.assertNotIn("FIGURE-TOP", card)


if __name__ == "__main__":
    main()
