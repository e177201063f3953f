"""A generated 12-week journal for the report's tests and for looking at
the report as a person (python3 tests/e2e/report_journal.py > j.txt)."""
import datetime
import random

OUTCOMES = """
[outcomes]
every_days = 14
[outcomes.activities]
reach = "reaching up to a high shelf"
drive = "turning my head to reverse the car"
desk = "sitting at the desk for an hour"
"""

END = datetime.date(2026, 11, 28)  # a Saturday; BACKCARE_NOW in the harness


def journal(end=END, weeks=12, seed=7):
    rnd = random.Random(seed)
    start = end - datetime.timedelta(days=7 * weeks - 1)
    lines = ["# backcare journal v1"]
    day = start
    i = 0
    while day <= end:
        d = day.isoformat()
        frac = i / (7 * weeks)
        pain = max(0, min(10, round(5 - 3 * frac + rnd.uniform(-1.2, 1.2))))
        if day.weekday() == 6 and i % 21 == 6:
            lines.append(f'{d} rest note="family visit"')
        elif rnd.random() < 0.78:
            skipped = " skipped=seated-row" if rnd.random() < 0.2 else ""
            sore = " sore=cat-cow" if rnd.random() < 0.05 else ""
            lines.append(f"{d} 07:{rnd.randint(10, 50):02} session morning minutes={rnd.randint(8, 15)} "
                         f"done=neck-tilts,shoulder-rolls,cat-cow,doorway-stretch{skipped}{sore} "
                         f"pain={pain} effort={rnd.randint(3, 6)} status=complete")
        if rnd.random() < 0.6:
            lines.append(f"{d} 21:{rnd.randint(0, 59):02} pain {max(0, pain + rnd.choice([-1, 0, 1]))} where=upper-back")
        if i % 14 == 0:
            s = 3 + round(5 * frac)
            lines.append(f"{d} 20:00 function reach score={s}")
            lines.append(f"{d} 20:01 function drive score={min(10, s + 1)}")
            lines.append(f"{d} 20:02 function desk score={max(0, s - 1)}")
        if i == 20:
            lines.append(f'{d} 12:00 note note="long drive, stiff neck, \\"ok\\" by evening"')
        if i == 30:
            lines.append(f'{d} 09:00 symptom tingling note="left hand, morning"')
        if i == 33:
            lines.append(f'{d} 10:00 seen note="GP: muscular, keep exercising"')
        day += datetime.timedelta(days=1)
        i += 1
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(journal(), end="")
