"""Cues a person can follow without looking (issue 17): a soft tick each rep,
spoken counts, one cue at a time (a fake speech command records when each
cue starts and ends), cue points from the routine, the 3-2-1 before a hold."""
import os
import stat
import time

from tty_support import CHECKED, TtyTest, main

CUE_ROUTINE = """\
[settings]
bell = false
rest_between = 1
{settings}

[[exercise]]
id = "circles"
name = "Circles"
phase = "warm-up"
steps = ["Circle forward."]
reps = 6
tempo = 0.5
cues = [{{ at = 0.5, say = "reverse" }}]

[[exercise]]
id = "counted-hold"
name = "Counted hold"
phase = "stretch"
steps = ["Stay."]
hold = 1

[routine.cues]
exercises = ["circles"]

[routine.hold]
exercises = ["counted-hold"]
"""


class CueTest(TtyTest):
    def setUp(self):
        super().setUp()
        self.write_journal(CHECKED)
        self.speaker = os.path.join(self.tmp, "say.sh")
        self.said = self.speaker + ".out"
        with open(self.speaker, "w") as f:
            # Each cue takes 0.7 s to say, longer than a rep (0.5 s).
            f.write('#!/bin/sh\ntrap "" HUP\ns=$(date +%s.%N); sleep 0.7; echo "$s $(date +%s.%N) $1" >> "$0.out"\n')
        os.chmod(self.speaker, stat.S_IRWXU)

    def use(self, settings, routine=CUE_ROUTINE):
        path = self.write_routine(routine.format(settings=settings), os.path.join(self.tmp, "cues.toml"))
        self.env["BACKCARE_ROUTINE"] = path

    def spoken(self, expect_last):
        deadline = time.time() + 5
        rows = []
        while time.time() < deadline:
            if os.path.exists(self.said):
                with open(self.said) as f:
                    rows = [l.split(" ", 2) for l in f.read().splitlines()]
                if any(r[2] == expect_last for r in rows):
                    break
            time.sleep(0.1)
        return sorted((float(a), float(b), text) for a, b, text in rows)

    def test_spoken_cues_never_overlap_and_a_tick_each_rep(self):
        # Found in issue 17: "ten seconds left" was spoken over the rep count,
        # and reps had no tick. The bell is off: the ticks are the only bells.
        self.use(f'tick = true\ncue = ["{self.speaker}"]')
        c = self.spawn("start", "cues", "--pain", "1", "--effort", "1", "--note", "")
        c.expect("Session complete")
        during = c.before
        code, out, stty = self.finish()
        self.assertEqual(code, 0)
        self.assertGreaterEqual(during.count("\a"), 5, "a tick for reps 2 to 6 and the cue point")
        self.assertIn("> reverse", during)  # the cue point is shown too
        rows = self.spoken("Session complete")
        texts = [t for _, _, t in rows]
        self.assertIn("reverse", texts)  # a cue point is queued, never dropped
        self.assertIn("Session complete", texts)
        self.assertTrue(set(texts) & {"two", "three", "four", "five", "six"}, texts)  # counts as words
        self.assertNotIn("2", texts)
        for (s1, e1, t1), (s2, e2, t2) in zip(rows, rows[1:]):
            self.assertGreaterEqual(s2, e1, f"'{t2}' started before '{t1}' ended: {rows}")

if __name__ == "__main__":
    main()
