#!/usr/bin/python3
"""Writes a deterministic, realistic backcare journal for benchmarks.

  bench/gen_journal.py --lines N [--start YYYY-MM-DD] [--seed S] > journal.txt
  bench/gen_journal.py --lines N --end YYYY-MM-DD [--seed S] > journal.txt

With --end, the journal ends on that day and starts late enough to look
like a person's (about five lines a day), but never before 1900-01-01: a
journal too large for that holds more lines a day (as a merged household
journal might), so the days stay real. Such journals are stamped from a
few thousand generated days, which is quick even for ten million lines.

Day by day from --start: a morning session on most days, some evening or
desk-break sessions, one or two pain readings, the odd exercise logged on
its own, rest days, notes, now and then a symptom or a check; pain drifts
down over the years with noise. About five lines a day, about 116 bytes a
line, as in SPEC section 3. The same arguments always give the same bytes.
The last line's date is the day to pin BACKCARE_NOW to.
"""
import argparse
import datetime
import random
import sys

MORNING = ["neck-tilts", "shoulder-rolls", "arm-circles", "wall-slides", "doorway-stretch", "cat-cow",
           "childs-pose", "seated-twist", "neck-stretch", "arm-across-chest", "deep-breathing"]
EVENING = ["neck-tilts", "shoulder-rolls", "thoracic-extension", "childs-pose", "seated-twist",
           "neck-stretch", "arm-across-chest", "triceps-stretch", "deep-breathing"]
DESK = ["neck-tilts", "shoulder-rolls", "scapular-shrugs", "neck-stretch", "arm-across-chest",
        "triceps-stretch"]
SOLO = [("doorway-stretch", "sets=2 hold=30s"), ("wall-slides", "sets=2 reps=10"),
        ("seated-row", "sets=3 reps=12"), ("cat-cow", "sets=1 hold=60s"),
        ("prone-y-extension", "sets=2 reps=8"), ("reverse-dumbbell-fly", "sets=2 reps=10")]
WHERE = ["upper-back", "upper-back", "upper-back", "neck", "shoulders"]
NOTES = ["tight after a desk day", "long drive", "slept badly", "felt loose today", "stiff in the morning",
         "carried the shopping", "good walk at lunch", "sore between the shoulder blades",
         "new chair at work", "skipped coffee, stretched instead"]
REST_NOTES = ["travelling", "holiday", "day off", "visiting family", "flu"]
SYMPTOMS = ["tingling", "numbness", "night-pain", "radiating"]


def hhmm(minutes):
    return f"{minutes // 60:02}:{minutes % 60:02}"


def session(rnd, day, start, name, exercises, pain):
    done = list(exercises)
    skipped = []
    if rnd.random() < 0.25:
        skipped.append(done.pop(rnd.randrange(len(done))))
    sore = []
    if rnd.random() < 0.05:
        sore.append(rnd.choice(done))
    minutes = len(done) + rnd.randrange(0, 6)
    line = f"{day} {hhmm(start)} session {name} minutes={minutes} done={','.join(done)}"
    if skipped:
        line += f" skipped={','.join(skipped)}"
    if sore:
        line += f" sore={','.join(sore)}"
    line += f" pain={pain} effort={rnd.randrange(2, 7)}"
    line += " status=partial" if rnd.random() < 0.04 else " status=complete"
    if rnd.random() < 0.65:
        line += f' note="{rnd.choice(NOTES)}"'
    return line


def generate(out, lines, start, seed):
    rnd = random.Random(seed)
    day = start
    written = 0
    level = 6.0  # the underlying pain level, drifting down with noise
    out.write("# backcare journal v1\n")
    while written < lines:
        level = min(9.0, max(0.0, level - 0.002 + rnd.gauss(0, 0.15)))
        pain = lambda: max(0, min(10, round(level + rnd.gauss(0, 1))))
        d = day.isoformat()
        day_lines = []
        if rnd.random() < 0.05:
            day_lines.append(f'{d} rest note="{rnd.choice(REST_NOTES)}"')
            if rnd.random() < 0.5:
                day_lines.append(f"{d} {hhmm(rnd.randrange(18 * 60, 23 * 60))} pain {pain()} where={rnd.choice(WHERE)}")
        else:
            if rnd.random() < 0.85:
                day_lines.append(session(rnd, d, rnd.randrange(6 * 60 + 30, 8 * 60), "morning", MORNING, pain()))
            if rnd.random() < 0.3:
                day_lines.append(session(rnd, d, rnd.randrange(11 * 60, 16 * 60), "desk-break", DESK, pain()))
            if rnd.random() < 0.45:
                day_lines.append(session(rnd, d, rnd.randrange(19 * 60, 22 * 60), "evening", EVENING, pain()))
            if rnd.random() < 0.6:
                ex, dose = rnd.choice(SOLO)
                day_lines.append(f"{d} {hhmm(rnd.randrange(9 * 60, 18 * 60))} exercise {ex} {dose} pain={pain()}")
            for _ in range(1 + (rnd.random() < 0.8)):
                line = f"{d} {hhmm(rnd.randrange(8 * 60, 23 * 60))} pain {pain()} where={rnd.choice(WHERE)}"
                if rnd.random() < 0.65:
                    line += f' note="{rnd.choice(NOTES)}"'
                day_lines.append(line)
            if rnd.random() < 0.6:
                day_lines.append(f'{d} {hhmm(rnd.randrange(8 * 60, 23 * 60))} note "{rnd.choice(NOTES)}"')
            if rnd.random() < 0.01:
                day_lines.append(f'{d} symptom {rnd.choice(SYMPTOMS)} note="{rnd.choice(NOTES)}"')
            if rnd.random() < 0.02:
                day_lines.append(f"{d} {hhmm(rnd.randrange(8 * 60, 23 * 60))} check flags=none")
        day_lines.sort(key=lambda l: l[11:16] if l[10] == " " and l[11].isdigit() else "00:00")
        for line in day_lines[: lines - written]:
            out.write(line + "\n")
            written += 1
        day += datetime.timedelta(days=1)


def generate_until(out, lines, end, seed):
    floor = datetime.date(1900, 1, 1)
    # Template days: lines of a made-up day, its date to be replaced.
    import io
    buf = io.StringIO()
    generate(buf, 20000, datetime.date(2000, 1, 1), seed)
    by_day = {}
    for line in buf.getvalue().splitlines()[1:]:
        by_day.setdefault(line[:10], []).append(line[10:])
    templates = list(by_day.values())
    mean = sum(map(len, templates)) / len(templates)
    per_day = max(1, -(-lines // int(mean * ((end - floor).days + 1))))
    days = int(lines / (mean * per_day) * 1.02) + 1
    start = max(floor, end - datetime.timedelta(days=days - 1))
    rnd = random.Random(seed)
    out.write("# backcare journal v1\n")
    written, day = 0, start
    while written < lines and day <= end:
        d = day.isoformat()
        rows = []
        for _ in range(per_day):
            rows += templates[rnd.randrange(len(templates))]
        rows.sort(key=lambda l: l[1:6] if l[1:2].isdigit() else "00:00")
        rows = rows[: lines - written]
        out.write("".join(d + r + "\n" for r in rows))
        written += len(rows)
        day += datetime.timedelta(days=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, required=True, help="entry lines to write")
    ap.add_argument("--start", default="2021-01-01", help="the first day, YYYY-MM-DD")
    ap.add_argument("--end", help="the last day, YYYY-MM-DD: the start follows from it (see above)")
    ap.add_argument("--seed", type=int, default=1, help="random seed")
    a = ap.parse_args()
    if a.end:
        generate_until(sys.stdout, a.lines, datetime.date.fromisoformat(a.end), a.seed)
    else:
        generate(sys.stdout, a.lines, datetime.date.fromisoformat(a.start), a.seed)


if __name__ == "__main__":
    main()
