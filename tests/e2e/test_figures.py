"""Figures of the exercises: `plan ROUTINE --figures` and the routine's checks (issue 17)."""
import os

from harness import MINIMAL_ROUTINE, BackcareTest, main


class PlanFiguresTest(BackcareTest):
    def test_plan_morning_figures_draws_each_exercise(self):
        out = self.run_bc("plan", "morning", "--figures", check=0).stdout
        plain = self.run_bc("plan", "morning", check=0).stdout
        # The figures come between the rows: more lines, and the labels drawn.
        self.assertGreater(len(out.splitlines()), len(plain.splitlines()) + 20)
        self.assertIn("COW: let the back sag", out)
        self.assertIn("CAT: round the back up", out)
        self.assertIn("floor", out)
        # Frames side by side, each line within 5 + 32 + 4 + 32 columns.
        rows = set(plain.splitlines())
        for line in out.splitlines():
            if line not in rows:
                self.assertLessEqual(len(line), 80, line)
        for row in plain.splitlines():
            self.assertIn(row, out)

    def test_figures_goes_with_a_routine(self):
        p = self.run_bc("plan", "--figures", check=2)
        self.assertIn("--figures", p.stderr)

    def test_an_exercise_without_a_figure_is_just_its_row(self):
        self.write_routine(MINIMAL_ROUTINE)
        out = self.run_bc("plan", "morning", "--figures", check=0).stdout
        self.assertEqual(out, self.run_bc("plan", "morning", check=0).stdout)


class RoutineFigureErrorsTest(BackcareTest):
    def bad(self, figure):
        text = MINIMAL_ROUTINE.replace('phase = "relief"\n', 'phase = "relief"\n' + figure, 1)
        path = self.write_routine(text)
        line = [n for n, l in enumerate(text.splitlines(), 1) if l.startswith("figure = ")][0]
        p = self.run_bc("plan", check=65)
        return p, os.path.basename(path), line

    def test_too_wide(self):
        p, name, line = self.bad("figure = '''\n" + "x" * 33 + "\n'''\n")
        self.assertRegex(p.stderr, rf"^backcare: .*{name}:{line + 1}:33: .*33 columns wide")

    def test_too_tall(self):
        p, name, line = self.bad("figure = '''\n" + "|\n" * 13 + "'''\n")
        self.assertRegex(p.stderr, rf"^backcare: .*{name}:{line + 13}:1: .*13 lines")

    def test_control_characters(self):
        p, name, line = self.bad('figure = """\n ok\n\\u0007bell\n"""\n')
        self.assertRegex(p.stderr, rf"^backcare: .*{name}:{line + 2}:1: .*control character")
        p, name, line = self.bad('figure = """\nab\\u001b[2J\n"""\n')
        self.assertRegex(p.stderr, rf"^backcare: .*{name}:{line + 1}:3: .*control character")


if __name__ == "__main__":
    main()
