"""The session card says what changed since last time, and why (issue 17)."""
from harness import HEADER, BackcareTest, main


class ChangedTest(BackcareTest):
    def test_the_card_says_a_dose_went_down_after_a_sore_mark_and_up_after_two_easy_sessions(self):
        self.write_journal(HEADER + "\n"
                           "2026-11-25 07:00 session morning done=neck-tilts,arm-circles pain=1 effort=3\n"
                           "2026-11-26 07:00 session morning done=neck-tilts,arm-circles pain=1 effort=3\n"
                           "2026-11-27 07:00 session morning done=arm-circles sore=arm-circles pain=1 effort=3\n")
        out = " ".join(self.run_bc("start", "morning", "--dry-run", check=0).stdout.split())  # unwrapped
        # Arm circles: up to 40 s after two easy sessions, down again after
        # the sore mark; neck tilts went up and was not done since.
        self.assertIn("Changed: 30 s, down from 40 s: marked sore last time.", out)
        self.assertIn("Changed: 5 reps each side, up from 4 reps each side: two easy sessions in a row.", out)
        self.assertEqual(out.count("Changed:"), 2, out)

    def test_nothing_is_said_the_first_time(self):
        out = self.run_bc("start", "morning", "--dry-run", check=0).stdout
        self.assertNotIn("Changed:", out)


if __name__ == "__main__":
    main()
