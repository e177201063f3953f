"""The fold cache (issue 13, backcare(1) FILES): stats keeps its fold of a
journal of 64 KiB or more in $XDG_CACHE_HOME/backcare and, on the next
run, reads only the lines appended since. It must be invisible: every run
prints exactly what a run without it (BACKCARE_CACHE=off) prints, stdout,
stderr and exit code, whatever happened to the journal in between."""
import datetime
import glob
import os
import stat
import subprocess
import sys
import time

from harness import SOURCE_DIR, BackcareTest, main

NOW = "2026-12-01T20:00"
LAST = "2026-11-30"

# The forms of stats that fold differently: each its own cache slot.
FORMS = [
    ("stats", "--json"),
    ("stats",),
    ("stats", "--tsv"),
    ("stats", "--format", "{streak} {longest} {week} {due}"),
    ("stats", "--format", "{pain} {trend} {flags} {flag} {sessions}"),
    ("stats", "--json", "--since", "2026-06-01"),
    ("stats", "--json", "--until", "2026-11-20"),
    ("plan", "--due"),
    ("plan", "--due", "evening"),
]


def generated(lines, end=LAST):
    gen = os.path.join(SOURCE_DIR, "bench", "gen_journal.py")
    return subprocess.run([sys.executable, gen, "--lines", str(lines), "--end", end],
                          capture_output=True, text=True, check=True).stdout


class FoldCacheTest(BackcareTest):
    now = NOW

    def setUp(self):
        super().setUp()
        self.cache = os.path.join(self.home, ".cache", "backcare")

    def outputs(self, *args, cache=True):
        p = self.run_bc(*args, env=None if cache else {"BACKCARE_CACHE": "off"})
        return p.returncode, p.stdout, p.stderr

    def same_as_uncached(self, what, forms=FORMS):
        """Runs each form with the cache (twice: as it finds it, then from
        what the first run kept) and without; all three must agree."""
        for form in forms:
            want = self.outputs(*form, cache=False)
            self.assertIn(want[0], (0, 1) if form[0] == "plan" else (0,), want[2])
            self.assertEqual(self.outputs(*form), want, f"{what}: {' '.join(form)}")
            self.assertEqual(self.outputs(*form), want, f"{what}: {' '.join(form)}, again")

    def append(self, text):
        with open(self.journal, "a", encoding="utf-8") as f:
            f.write(text)

    def edit_in_place(self):
        """Changes the journal in place, its size kept: a digit of the first
        session's minutes. Returns the bytes it had before."""
        with open(self.journal, "rb") as f:
            data = f.read()
        i = data.index(b"minutes=") + len("minutes=")
        with open(self.journal, "r+b") as f:
            f.seek(i)
            f.write(b"7" if data[i:i + 1] != b"7" else b"8")
        return data

    def entries(self):
        return sorted(glob.glob(os.path.join(self.cache, "fold-*")))

    def fresh(self, lines, end=LAST):
        text = generated(lines, end)
        self.write_journal(text)
        for e in self.entries():
            os.remove(e)
        return text

    def test_lines_appended_give_what_a_reading_without_the_cache_gives(self):
        for lines in (3000, 24000):  # one thread, and two (over 2 MiB)
            with self.subTest(lines=lines):
                text = self.fresh(lines)
                day = text.splitlines()[-1][:10]
                nxt = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
                last = f"{day} 23:30 session morning minutes=17 pain=3"  # counted in every figure
                self.append(last + "\n")
                self.same_as_uncached("a new journal")
                # One file a kind of fold: --since and --until take the slot
                # of --json (their days are in its key, not its name), plan
                # --due ROUTINE that of plan --due.
                self.assertEqual(len(self.entries()), len(FORMS) - 3)
                # The cached day goes on: its last line again (a repeat, to
                # count once), a new line that day.
                self.append(f"{last}\n{day} 23:40 pain 6\n")
                self.same_as_uncached("the last day goes on")
                # A repeat written another way, and one exactly.
                self.append(last.replace(" ", "  ", 1) + "\n" + last + "\n")
                self.same_as_uncached("repeats appended")
                # The next day, a day ahead, a typo, a bad date.
                # The next day; a warning sign today (plan --due: nothing
                # due until it is dealt with).
                self.append(f"{nxt} 07:05 session morning minutes=11 pain=4\n")
                self.same_as_uncached("the next day")
                self.assertEqual(self.outputs("plan", "--due")[1], "morning\n")
                self.append("2026-12-01 06:00 symptom headache\n")
                self.same_as_uncached("a warning sign")
                self.assertEqual(self.outputs("plan", "--due")[:2], (1, ""))
                # Today's session, a day ahead, a typo, a bad line.
                self.append("2026-12-01 07:10 session morning minutes=12\n"
                            "2026-12-24 pain 3\n2026-12-01 pian 3\n2026-12-01 pain 2 x=\"\n")
                self.same_as_uncached("today's session, with bad lines")
                self.assertIn('"emergency"', self.outputs("stats", "--json")[1])
                self.append(f"{last}\n")  # an old line repeated: dates go back
                self.same_as_uncached("a repeat from the day before")
                # Dates going back: a line from the middle appended again,
                # and one of a day long ago that the journal lacks.
                middle = text.splitlines()[len(text.splitlines()) // 2]
                self.append(f"{middle}\n2001-02-03 07:00 session morning minutes=5 pain=8\n")
                self.same_as_uncached("dates going back")

    def test_warnings_of_the_cached_lines_are_given_again_in_file_order(self):
        # 25 bad lines and typos in the cached part: the first 20 warnings,
        # the count of the rest and each typo once, as a whole reading gives.
        text = self.fresh(3000)
        lines = text.splitlines()
        for k in range(25):
            lines.insert(100 + 37 * k, f"2021-02-30 pain {k % 10} note=n{k}")
        lines.insert(50, "2020-01-01 sesion morning")
        lines.insert(60, "2020-01-02 07:00 pain 3 wehre=neck")
        self.write_journal("\n".join(lines) + "\n")
        day = lines[-1][:10]
        self.same_as_uncached("bad lines cached")
        self.assertIn("more lines could not be read", self.outputs("stats", "--json")[2])
        for n in range(3):  # the same typos again, more bad lines
            self.append(f"{day} sesion morning\n{day} 23:0{n} pain 3 wehre=neck\n{day} 25:00 pain 1\n")
            self.same_as_uncached(f"bad lines appended ({n + 1})")

    def test_plan_due_sees_what_was_appended(self):
        # Today's session done, or a warning sign today: either way nothing
        # is due now, read from the cached fold and the appended line.
        plan = [("plan", "--due"), ("plan", "--due", "morning")]
        for line in ("2026-12-01 07:10 session morning minutes=12", "2026-12-01 06:00 symptom headache"):
            with self.subTest(line=line):
                self.fresh(3000)
                self.same_as_uncached("a new journal", forms=plan)
                self.assertEqual(self.outputs("plan", "--due")[:2], (0, "morning\n"))
                self.append(line + "\n")
                self.same_as_uncached(line, forms=plan)
                self.assertEqual(self.outputs("plan", "--due")[:2], (1, ""))

    def test_a_journal_changed_otherwise_gives_what_a_reading_without_the_cache_gives(self):
        for lines in (3000, 24000):
            with self.subTest(lines=lines):
                self.fresh(lines)
                self.same_as_uncached("a new journal")
                data = self.edit_in_place()
                self.same_as_uncached("edited in place")
                # Cut short (its last line removed), then replaced by another
                # file (a new inode, as an editor saves).
                with open(self.journal, "r+b") as f:
                    f.truncate(len(data) - len(data.splitlines(True)[-1]))
                self.same_as_uncached("cut short")
                os.rename(self.journal, self.journal + ".old")
                self.write_journal(generated(lines, end="2026-11-29"))
                self.same_as_uncached("replaced")
                # Its last line unfinished (no newline): read, not kept.
                self.append("2026-11-30 08:00 session morning minutes=9")
                self.same_as_uncached("an unfinished last line")
                self.append(" pain=3\n")
                self.same_as_uncached("the line finished")
                # Most of it appended at once: read whole again.
                self.append(data.decode())
                self.same_as_uncached("doubled")

    def test_a_settled_journal_is_trusted_by_its_stamp_until_it_changes(self):
        # A journal last changed over 2 s before the cache was made: the
        # same size, times and inode mean the same bytes, unhashed. Any
        # write moves its change time, and then it is hashed again.
        self.fresh(3000)
        time.sleep(3)
        self.same_as_uncached("settled", forms=[("stats", "--json")])
        self.edit_in_place()
        os.utime(self.journal, ns=(os.stat(self.journal).st_atime_ns, os.stat(self.journal).st_mtime_ns - 10**10))
        self.same_as_uncached("edited, its time set back", forms=[("stats", "--json")])

    def test_a_new_day_and_other_options_use_their_own_fold(self):
        self.write_journal(generated(3000))
        self.same_as_uncached("today", forms=[("stats", "--json")])
        for now in ("2026-12-02T06:00", "2027-01-04T12:00"):
            want = self.run_bc("stats", "--json", now=now, env={"BACKCARE_CACHE": "off"})
            self.assertEqual(self.run_bc("stats", "--json", now=now).stdout, want.stdout, now)

    def test_the_cache_is_private_and_disposable(self):
        self.write_journal(generated(3000))
        want = self.outputs("stats", "--json", cache=False)
        self.assertEqual(self.outputs("stats", "--json"), want)
        self.assertEqual(stat.S_IMODE(os.stat(self.cache).st_mode), 0o700)
        [entry] = self.entries()
        self.assertEqual(stat.S_IMODE(os.stat(entry).st_mode), 0o600)
        # Damaged in any of these ways, it is not used (and made again).
        size = os.path.getsize(entry)
        for how in ("flip", "cut", "empty", "garbage"):
            with self.subTest(how=how):
                with open(entry, "r+b") as f:
                    data = bytearray(f.read())
                    if how == "flip":
                        data[len(data) // 2] ^= 0x40
                    elif how == "cut":
                        data = data[:len(data) - 9]
                    elif how == "empty":
                        data = bytearray()
                    else:
                        data = bytearray(os.urandom(size))
                    f.seek(0)
                    f.truncate()
                    f.write(data)
                self.assertEqual(self.outputs("stats", "--json"), want)
                self.assertEqual(self.outputs("stats", "--json"), want)
        os.remove(entry)
        self.assertEqual(self.outputs("stats", "--json"), want)
        self.assertEqual(len(self.entries()), 1)

    def test_entries_unused_for_two_weeks_are_removed_when_one_is_written(self):
        self.fresh(3000)
        self.outputs("stats", "--json")
        [entry] = self.entries()
        old = time.time() - 15 * 24 * 3600
        stale = [os.path.join(self.cache, n) for n in ("fold-0123456789abcdef", "fold-0123456789abcdef.AbC123")]
        recent = os.path.join(self.cache, "fold-fedcba9876543210")
        other = os.path.join(self.cache, "notes.txt")
        for f in stale + [recent, other]:
            with open(f, "w") as out:
                out.write("x")
        for f in stale + [other]:
            os.utime(f, (old, old))
        self.append(open(self.journal).read().splitlines()[-1][:10] + " 23:58 pain 2\n")
        self.same_as_uncached("one line more", forms=[("stats", "--json")])
        self.assertFalse(any(os.path.exists(f) for f in stale))
        self.assertTrue(os.path.exists(recent) and os.path.exists(other) and os.path.exists(entry))

    def test_off_and_small_journals_write_no_cache(self):
        self.write_journal(generated(3000))
        self.outputs("stats", "--json", cache=False)
        self.assertFalse(os.path.exists(self.cache))
        self.write_journal(generated(200))  # under 64 KiB
        self.outputs("stats", "--json")
        self.assertFalse(os.path.exists(self.cache))

    def test_a_cache_that_cannot_be_written_changes_nothing(self):
        self.write_journal(generated(3000))
        want = self.outputs("stats", "--json", cache=False)
        os.makedirs(os.path.dirname(self.cache), mode=0o700)
        with open(self.cache, "w") as f:  # a file where the folder would be
            f.write("")
        self.assertEqual(self.outputs("stats", "--json"), want)
        os.remove(self.cache)
        os.makedirs(self.cache, mode=0o500)  # a folder it cannot write in
        self.assertEqual(self.outputs("stats", "--json"), want)
        os.chmod(self.cache, 0o700)

    def test_xdg_cache_home_is_honoured(self):
        self.write_journal(generated(3000))
        elsewhere = os.path.join(self.tmp, "xdg-cache")
        p = self.run_bc("stats", "--json", env={"XDG_CACHE_HOME": elsewhere}, check=0)
        self.assertEqual(len(glob.glob(os.path.join(elsewhere, "backcare", "fold-*"))), 1)
        self.assertFalse(os.path.exists(self.cache))
        self.assertEqual(p.stdout, self.outputs("stats", "--json", cache=False)[1])


if __name__ == "__main__":
    main()
