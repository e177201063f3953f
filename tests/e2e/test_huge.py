"""Huge inputs: very long lines, a 100 MB journal, a routine with 10,000
exercises. Memory stays bounded, nothing crashes, and every warning or
error still carries the right line number.

The 100 MB journal is made in the test's temporary folder in about a second
and read in well under one (about 15 s under ASan), so it runs in the
normal suite; set BACKCARE_SKIP_HUGE=1 to leave it out on a slow disk."""
import os
import subprocess
import sys
import time
import unittest

from harness import BIN, HEADER, MINIMAL_ROUTINE, SLOW, UNDER_VALGRIND, BackcareTest, sanitized_binary

MAX_LINE = 64 * 1024  # longer lines are skipped with a warning (cli/journal_read.cpp)
RSS_LIMIT_KIB = 200 * 1024
RSS_LIMIT_ASAN_KIB = 300 * 1024  # ASan's shadow memory and quarantine


def note_line(total_length, date="2026-11-27"):
    """A valid note line of exactly total_length bytes."""
    head = f"{date} note note="
    return head + "x" * (total_length - len(head))


class LongLineTest(BackcareTest):
    def test_a_10_mb_line_is_skipped_and_later_lines_keep_their_numbers(self):
        self.write_journal(
            f"{HEADER}\n"
            "2026-11-27 pain 2\n"
            + note_line(10 * 1024 * 1024) + "\n"
            + "2026-02-30 pain 3\n"
            + "2026-11-28 07:10 session morning minutes=12\n")
        p = self.run_bc("plan", check=0)
        self.assertEqual(p.stderr.splitlines(), [
            f"backcare: {self.journal}:3: the line is longer than 64 KiB; skipped",
            f"backcare: {self.journal}:4: '2026-02-30' is not a date (YYYY-MM-DD, a real calendar day)",
        ])
        self.assertIn("done", p.stdout)
        p = self.run_bc("plan", "--due")
        self.assertEqual((p.returncode, p.stdout), (1, ""))

    def test_a_10_mb_last_line_without_newline(self):
        big = note_line(10 * 1024 * 1024)
        self.write_journal(f"{HEADER}\n" + big)
        self.run_bc("log", "pain", "3", check=0)
        text = self.read_journal()
        self.assertEqual(text, f"{HEADER}\n{big}\n2026-11-28 08:00 pain 3\n")
        p = self.run_bc("plan", check=0)
        self.assertEqual(p.stderr, f"backcare: {self.journal}:2: the line is longer than 64 KiB; skipped\n")

    def test_the_limit_is_the_same_wherever_the_line_falls(self):
        # A line of 64 KiB is read and one byte more is skipped, at the start
        # of the file and where it straddles the reader's 256 KiB chunks.
        for offset in (0, 256 * 1024 - 100, 256 * 1024 + 64 * 1024 - 7):
            with self.subTest(offset=offset):
                filler_lines = []
                size = 0
                i = 0
                while size < offset:
                    line = f"2026-11-01 note note=filler-{i:09d}"
                    filler_lines.append(line)
                    size += len(line) + 1
                    i += 1
                filler = "".join(l + "\n" for l in filler_lines)
                n = len(filler_lines)
                self.write_journal(filler + note_line(MAX_LINE, "2026-11-27") + "\n"
                                   + note_line(MAX_LINE + 1, "2026-11-26") + "\n"
                                   + "2026-11-28 07:10 session morning\n")
                p = self.run_bc("plan", check=0)
                self.assertEqual(p.stderr,
                                 f"backcare: {self.journal}:{n + 2}: the line is longer than 64 KiB; skipped\n")
                self.assertIn("done", p.stdout)

    def test_many_bad_lines_give_twenty_warnings_and_a_count(self):
        self.write_journal("".join(f"nonsense {i}\n" for i in range(1000)) + "2026-11-28 07:10 session morning\n")
        p = self.run_bc("plan", check=0)
        lines = p.stderr.splitlines()
        self.assertEqual(len(lines), 21)
        self.assertTrue(lines[0].startswith(f"backcare: {self.journal}:1: "))
        self.assertTrue(lines[19].startswith(f"backcare: {self.journal}:20: "))
        self.assertEqual(lines[20], f"backcare: {self.journal}: 980 more lines could not be read")
        self.assertIn("done", p.stdout)


@unittest.skipIf(os.environ.get("BACKCARE_SKIP_HUGE"), "BACKCARE_SKIP_HUGE is set")
class HugeJournalTest(BackcareTest):
    def test_a_100_mb_journal_in_bounded_memory(self):
        start = time.monotonic()
        lines = 0
        with open(self.write_journal(HEADER + "\n"), "a", encoding="utf-8") as f:
            size = 0
            chunk = []
            # Distinct lines (the de-duplication set grows with them): many
            # days of sessions with a counter in the note.
            for year in range(1990, 2027):
                for day in range(1, 366):
                    date = f"{year}-{(day - 1) // 31 + 1:02d}-{(day - 1) % 28 + 1:02d}"
                    for k in range(100):
                        chunk.append(f"{date} 07:{k % 60:02d} session morning minutes=12 done=cat-cow,neck-stretch "
                                     f"pain={k % 11} note=n{lines}\n")
                        lines += 1
                    if len(chunk) >= 20000:
                        s = "".join(chunk)
                        f.write(s)
                        size += len(s)
                        chunk = []
                    if size >= 100 * 1024 * 1024:
                        break
                if size >= 100 * 1024 * 1024:
                    break
            f.write("2026-11-28 07:10 session morning minutes=12\n")
        made = time.monotonic() - start
        self.assertGreaterEqual(os.path.getsize(self.journal), 100 * 1024 * 1024)

        start = time.monotonic()
        rc, rss, out, err = self.peak_rss("plan", timeout=600)
        took = time.monotonic() - start
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("done", out)
        limit = RSS_LIMIT_ASAN_KIB if sanitized_binary() else RSS_LIMIT_KIB
        print(f"\n  100 MB journal ({lines} lines, made in {made:.1f} s): plan took {took:.2f} s, "
              f"peak RSS {rss / 1024:.1f} MiB (limit {limit // 1024} MiB)", file=sys.stderr)
        if not UNDER_VALGRIND:
            self.assertLess(rss, limit)

        rc, rss, out, err = self.peak_rss("plan", "--due", timeout=600)
        self.assertEqual((rc, out, err), (1, "", ""))
        if not UNDER_VALGRIND:
            self.assertLess(rss, limit)
        # Appending to it is one small write, as ever.
        self.run_bc("log", "pain", "2", check=0)
        with open(self.journal, "rb") as f:
            f.seek(-100, os.SEEK_END)
            self.assertTrue(f.read().endswith(b"\n2026-11-28 08:00 pain 2\n"))


class FlatMemoryTest(BackcareTest):
    # Issue 13: journals up to 16 MiB were mapped whole, and the mapping
    # counts in the peak RSS: a 14 MB journal put stats, plan and check at
    # about 20 MiB, over SPEC section 10's 16 MiB. Now only small journals
    # are mapped; the rest are read a chunk at a time.
    LIMIT_KIB = 16 * 1024

    def test_a_14_mb_journal_stays_under_16_mib(self):
        if sanitized_binary() or UNDER_VALGRIND:
            self.skipTest("a sanitizer's or Valgrind's own memory")
        if not os.access("/usr/bin/time", os.X_OK):
            # peak_rss's Python parent adds its own size to a child's peak
            self.skipTest("/usr/bin/time is not installed")
        import datetime
        day = datetime.date(1990, 1, 1)
        with open(self.write_journal(HEADER + "\n"), "a", encoding="utf-8") as f:
            chunk, size, n = [], 0, 0
            while size < 14 * 1024 * 1024:
                line = (f"{day.isoformat()} 07:{n % 60:02d} session morning minutes=12 "
                        f"done=cat-cow,neck-stretch pain={n % 11} note=n{n}\n")
                chunk.append(line)
                size += len(line)
                n += 1
                if n % 20 == 0:
                    day += datetime.timedelta(days=1)
            f.write("".join(chunk))
        for args in (("stats", "--json"), ("plan",), ("check", "--no-ask")):
            p = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, *args], env=self.env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60 * SLOW)
            rss = int(p.stderr.strip().splitlines()[-1])
            self.assertLess(rss, self.LIMIT_KIB, f"{' '.join(args)}: peak RSS {rss / 1024:.1f} MiB")


class HugeRoutineTest(BackcareTest):
    N = 10000

    def big_routine(self, mistake_at=None):
        """MINIMAL_ROUTINE plus N exercises and a routine of 1,000 of them;
        with mistake_at, exercise number mistake_at has hold = 0. Returns the
        text and the line of the mistake."""
        parts = [MINIMAL_ROUTINE]
        line = MINIMAL_ROUTINE.count("\n") + 1
        mistake_line = None
        for i in range(self.N):
            hold = "0" if i == mistake_at else "[20, 30]"
            parts.append(f'\n[[exercise]]\nid = "ex-{i}"\nname = "Exercise {i}"\nphase = "stretch"\n'
                         f'steps = ["Hold it."]\nhold = {hold}\n')
            if i == mistake_at:
                mistake_line = line + 6
            line += 7
        # The routine lists the first 1,000: all 10,000 would take over a
        # day at the top of their doses, which a routine may not (issue 11).
        ids = ", ".join(f'"ex-{i}"' for i in range(1000))
        parts.append(f'\n[routine.everything]\nexercises = [{ids}]\ndays = ["sun"]\ntimes = ["10:00"]\n')
        return "".join(parts), mistake_line

    def test_a_routine_with_10000_exercises_loads(self):
        text, _ = self.big_routine()
        self.write_routine(text)
        rc, rss, out, err = self.peak_rss("plan")
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("morning", out)
        print(f"\n  routine with {self.N} exercises ({len(text) // 1024} KiB): peak RSS {rss / 1024:.1f} MiB",
              file=sys.stderr)
        if not UNDER_VALGRIND:
            self.assertLess(rss, RSS_LIMIT_ASAN_KIB if sanitized_binary() else RSS_LIMIT_KIB)

    def test_an_error_deep_in_it_has_the_right_line(self):
        for at in (0, 7777, self.N - 1):
            with self.subTest(at=at):
                text, line = self.big_routine(mistake_at=at)
                path = self.write_routine(text)
                self.assertEqual(text.splitlines()[line - 1], "hold = 0")
                p = self.run_bc("plan", check=65)
                self.assertEqual(p.stderr, f"backcare: {path}:{line}:8: 'hold' must be from 1 to 600, not 0\n")

    def test_an_error_at_the_very_end(self):
        text, _ = self.big_routine()
        path = self.write_routine(text + "[settings]\nbell = 3\n")
        line = (text + "[settings]\n").count("\n") + 1
        p = self.run_bc("plan", check=65)
        self.assertEqual(p.stderr, f"backcare: {path}:{line}:8: 'bell' must be true or false\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
