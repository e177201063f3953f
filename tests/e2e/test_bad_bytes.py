"""Bad bytes in the journal and on the command line: each one either reads
as what a person meant or is a "FILE:LINE: reason" warning, and nothing
crashes (SPEC §3 "Reading is tolerant")."""
import os
import unittest

from harness import HEADER, BackcareTest

SESSION = "2026-11-28 07:10 session morning minutes=12"


class BadJournalBytesTest(BackcareTest):
    def plan(self, raw):
        """Writes raw bytes as the journal and runs plan and plan --due."""
        os.makedirs(os.path.dirname(self.journal), exist_ok=True)
        with open(self.journal, "wb") as f:
            f.write(raw)
        p = self.run_bc("plan")
        self.assertEqual(p.returncode, 0, p.stderr)
        due = self.run_bc("plan", "--due")
        self.assertIn(due.returncode, (0, 1), due.stderr)
        self.assertEqual(due.stderr, p.stderr, "plan --due warns as plan does")
        return p, due

    def warnings(self, stderr):
        """{line number: reason} of the FILE:LINE warnings."""
        prefix = f"backcare: {self.journal}:"
        out = {}
        for line in stderr.splitlines():
            if line.endswith("more lines could not be read"):
                continue
            self.assertTrue(line.startswith(prefix), f"not a FILE:LINE warning: {line!r}")
            number, reason = line[len(prefix):].split(": ", 1)
            out[int(number)] = reason
        return out

    def test_each_bad_line_is_a_warning_with_its_line_number(self):
        lines = [
            HEADER.encode(),                                                     # 1
            b"2026-11-27 note note=\"a\x00b\"",                                   # 2 NUL
            b"2026-11-27 note note=\"caf\xe9\"",                                   # 3 Latin-1, not UTF-8
            b"2026-11-27 note note=\"\xc0\xaf\"",                                 # 4 overlong
            b"2026-11-27 note note=\"\xed\xa0\x80\"",                             # 5 surrogate
            b"2026-11-27 session morning pain=99999999999999999999",             # 6
            b"2026-11-27 session morning minutes=1e309",                         # 7
            b"0000-00-00 pain 3",                                                # 8
            b"2026-02-30 pain 3",                                                # 9
            b"2026-11-27 24:00 pain 3",                                          # 10
            b"2026-11-27 23:60 pain 3",                                          # 11
            b"\xef\xbb\xbf2026-11-27 pain 3",                                    # 12 a BOM not at the start
            b"2026-11-27 note note=\"\x1b[31mred\"",                             # 13 an escape code
            b"2026-11-27 pain 3 where=\"neck\rback\"",                           # 14 a lone CR
            SESSION.encode(),                                                    # 15 the one good line
        ]
        p, due = self.plan(b"\n".join(lines) + b"\n")
        w = self.warnings(p.stderr)
        self.assertEqual(sorted(w), list(range(2, 15)))
        self.assertIn("NUL", w[2])
        for n in (3, 4, 5):
            self.assertIn("UTF-8", w[n])
        self.assertIn("0 to 10", w[6])
        self.assertIn("minutes", w[7])
        for n in (8, 9, 12):
            self.assertIn("not a date", w[n])
        for n in (10, 11):
            self.assertIn("not a time", w[n])
        for n in (13, 14):
            self.assertIn("control character", w[n])
        self.assertNotIn("\x1b", p.stderr, "an escape code from the journal reached the terminal")
        self.assertIn("done", p.stdout)
        self.assertEqual((due.returncode, due.stdout), (1, ""))

    def test_what_a_person_meant(self):
        # A BOM at the start, CRLF line ends, tabs and runs of blanks, a
        # trailing comment, and the same line twice (once with CRLF).
        raw = ("\ufeff" + HEADER + "\r\n"
               "2026-11-28\t07:10\t\tsession   morning\tminutes=12   # before breakfast\r\n"
               "2026-11-28 07:10 session morning minutes=12\n"
               "  \t \r\n"
               "2026-11-28 09:00 pain 3 where=neck\r\n").encode()
        p, due = self.plan(raw)
        self.assertEqual(p.stderr, "")
        self.assertIn("done", p.stdout)
        self.assertEqual((due.returncode, due.stdout), (1, ""))
        # A BOM on the first line when that line is an entry.
        p, due = self.plan(("\ufeff" + SESSION + "\r\n").encode())
        self.assertEqual(p.stderr, "")
        self.assertEqual(due.returncode, 1)

    def test_a_tail_of_nul_bytes_after_a_crash(self):
        # Some file systems leave a block of NULs after a power cut: one
        # warning, and the next entry goes on a line of its own.
        p, due = self.plan(f"{HEADER}\n2026-11-27 pain 2\n".encode() + b"\x00" * 4096)
        self.assertEqual(self.warnings(p.stderr), {3: "the line contains a NUL byte"})
        self.assertEqual(due.returncode, 0)
        self.run_bc("log", "pain", "4", check=0)
        with open(self.journal, "rb") as f:
            self.assertTrue(f.read().endswith(b"\x00\n2026-11-28 08:00 pain 4\n"))
        p = self.run_bc("plan", check=0)
        self.assertEqual(self.warnings(p.stderr), {3: "the line contains a NUL byte"})

    def test_a_binary_file_as_the_journal(self):
        data = bytes(range(256)) * 64 + b"\n" + bytes(range(255, -1, -1)) * 64
        p, due = self.plan(data)
        self.assertTrue(self.warnings(p.stderr))
        self.assertNotIn("\x1b", p.stderr)
        self.assertEqual(due.stdout, "morning\n")

    def test_a_journal_of_only_newlines_and_blanks(self):
        p, due = self.plan(b"\n" * 100000 + b" \t\r\n" * 1000)
        self.assertEqual(p.stderr, "")
        self.assertEqual(due.returncode, 0)


class BadArgumentBytesTest(BackcareTest):
    def test_bad_values_on_the_command_line_are_usage_errors(self):
        for args in (["log", "pain", "99999999999999999999"], ["log", "pain", "1e309"], ["log", "pain", "3.5"],
                     ["log", "pain", "３"],  # a full-width digit
                     ["log", "pain", "3", "--date", "0000-00-00"], ["log", "pain", "3", "--date", "2026-02-30"],
                     ["log", "pain", "3", "--time", "24:00"], ["log", "pain", "3", "--time", "23:60"],
                     ["log", "pain", "3", "--note", "two\nlines"], ["log", "pain", "3", "--note", "bell\x07"],
                     ["log", "pain", "3", "--where", "neck\rback"]):
            with self.subTest(args=args):
                p = self.run_bc(*args)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertTrue(p.stderr.startswith("backcare: "), p.stderr)
        self.assertIsNone(self.read_journal())

    def test_invalid_utf8_in_a_note_is_refused(self):
        import subprocess
        from harness import BIN
        p = subprocess.run([BIN, "log", "pain", "3", "--note", b"caf\xe9"], env=self.env, capture_output=True,
                           timeout=30)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIsNone(self.read_journal())

    def test_odd_but_valid_text_round_trips(self):
        notes = ["tab\there", 'say "ouch" \\o/', "#1 = worst", "ça va — 痛い 🙂", " leading and trailing "]
        for n in notes:
            self.run_bc("log", "pain", "3", "--note", n, check=0)
        p = self.run_bc("plan", check=0)
        self.assertEqual(p.stderr, "")
        # Each note reads back as given (parsed by the unit-tested parser;
        # here: written quoted, one line each).
        lines = self.journal_lines()
        self.assertEqual(len(lines), len(notes))
        self.assertEqual(lines[0], '2026-11-28 08:00 pain 3 note="tab\there"')
        self.assertEqual(lines[1], '2026-11-28 08:00 pain 3 note="say \\"ouch\\" \\\\o/"')


if __name__ == "__main__":
    unittest.main(verbosity=2)
