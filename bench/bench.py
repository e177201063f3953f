#!/usr/bin/python3
"""The benchmark of SPEC section 10 (a benchmark, not a test: nothing fails).

  bench/bench.py BACKCARE [--runs N] [--sizes 10000,100000,1000000] [--ten-million] [--before OLD]

For each journal size, each command (stats --json, plan, check --no-ask)
runs in turn with `awk '{n[$3]++}'` and `cat` over the same file
(A B C A B C ...); the prompt path (stats --format '{streak}', plan --due -q)
runs in turn with `cat` on a five-year journal. Printed: medians of wall
time and of user+sys CPU time, the ratios to awk and cat, and the peak RSS
(getrusage of each child, the largest seen), with the load average.
With --before OLD, another build (say main's) runs in the same turns and
gets rows of its own ("before: ..."), to compare the two in one run.
"""
import argparse
import datetime
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def split(cmd, env):
    """A command is a list, or (list, environment variables added)."""
    if isinstance(cmd, tuple):
        return cmd[0], dict(env, **cmd[1])
    return cmd, env


def run_once(cmd, env):
    cmd, env = split(cmd, env)
    t = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0)])
    _, _, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def peak_rss(cmd, env):
    """The peak RSS of one run, in KiB, from /usr/bin/time (apt install time).
    Not from this process's wait4: a child spawned from Python starts its
    ru_maxrss at Python's own size (about 11 MiB), while /usr/bin/time is
    small. None without it."""
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    cmd, env = split(cmd, env)
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    return int(p.stderr.strip().splitlines()[-1])


def interleaved(cmds, runs, env):
    """Runs the commands in turn, `runs` rounds after one warm-up round."""
    out = {k: ([], []) for k in cmds}
    for r in range(runs + 1):
        for k, cmd in cmds.items():
            w, c, _ = run_once(cmd, env)
            if r:
                out[k][0].append(w)
                out[k][1].append(c)
    return {k: (median(w), median(c), peak_rss(cmds[k], env)) for k, (w, c) in out.items()}


def journal(work, lines, five_years=False):
    path = os.path.join(work, f"journal-{lines}{'-5y' if five_years else ''}-{gen_tag()}.txt")
    if not os.path.exists(path):
        gen = [sys.executable, os.path.join(HERE, "gen_journal.py"), "--lines", str(lines)]
        gen += ["--start", "2021-01-01"] if five_years else ["--end", "2026-11-30"]
        with open(path + ".tmp", "w") as f:
            subprocess.run(gen, stdout=f, check=True)
        os.rename(path + ".tmp", path)
    return path


def gen_tag():
    import zlib
    with open(os.path.join(HERE, "gen_journal.py"), "rb") as f:
        return "%08x" % zlib.crc32(f.read())


def last_day(path):
    with open(path, "rb") as f:
        f.seek(max(0, os.path.getsize(path) - 4096))
        return f.read().splitlines()[-1][:10].decode()


def row(label, size, m, ref, refname, target=""):
    w, c, rss = m
    rw, rc, _ = ref
    print(f"| {size:>10} | {label:<27} | {w * 1e3:9.1f} | {c * 1e3:9.1f} | {w / rw:5.2f}x {refname:<4}"
          f" | {c / rc:5.2f}x | {'?' if rss is None else '%7.1f' % (rss / 1024)} | {target} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("backcare")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ten-million", action="store_true", help="add 10,000,000 lines, run once")
    ap.add_argument("--before", help="another backcare, run in the same turns (rows 'before: ...')")
    ap.add_argument("--work", default=os.environ.get("BENCH_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                                                "backcare-bench")))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    bc = os.path.abspath(a.backcare)
    awk, cat = "/usr/bin/awk", "/bin/cat"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCARE_")}
    env["XDG_CONFIG_HOME"] = os.path.join(a.work, "config")  # the built-in routine
    env["XDG_STATE_HOME"] = os.path.join(a.work, "state")
    env["NO_COLOR"] = "1"
    # The fold cache (backcare(1) FILES): its own, emptied first. Rows
    # "(cache)" run with it, after a warm-up run that made it (the journal
    # unchanged since: a shell prompt's case); the others with
    # BACKCARE_CACHE=off, reading the whole journal every time.
    env["XDG_CACHE_HOME"] = os.path.join(a.work, "cache")
    subprocess.run(["rm", "-rf", env["XDG_CACHE_HOME"]], check=True)
    off = {"BACKCARE_CACHE": "off"}
    print(f"backcare bench: {bc}, {a.runs} runs each, medians; {os.cpu_count()} cores")
    print(f"load average at the start: {open('/proc/loadavg').read().split()[:3]}")
    print(f"awk is {os.path.realpath(awk)}")
    print()
    print("| lines | command | wall ms | cpu ms | wall ratio | cpu ratio | peak MiB | target |")
    print("|---|---|---|---|---|---|---|---|")

    five = journal(a.work, 9000, five_years=True)
    env["BACKCARE_NOW"] = last_day(five) + "T20:00"
    old = os.path.abspath(a.before) if a.before else None
    prompt = {"stats --format '{streak}'": ["stats", "--format", "{streak}"], "plan --due -q": ["plan", "--due", "-q"]}
    cmds = {"cat": [cat, five]}
    for k, args in prompt.items():
        cmds[k] = ([bc, "--journal", five] + args, off)
        cmds[k + " (cache)"] = [bc, "--journal", five] + args
        if old:
            cmds["before: " + k] = ([old, "--journal", five] + args, off)
    m = interleaved(cmds, a.runs * 3, env)
    for k in prompt:
        row(k, "9000 (5y)", m[k], m["cat"], "cat", "<= 1.5x cat")
        row(k + " (cache)", "9000 (5y)", m[k + " (cache)"], m["cat"], "cat", "<= 1.5x cat")
        if old:
            row("before: " + k, "9000 (5y)", m["before: " + k], m["cat"], "cat")
    row("cat", "9000 (5y)", m["cat"], m["cat"], "cat")

    sizes = [int(s) for s in a.sizes.split(",") if s]
    if a.ten_million:
        sizes.append(10_000_000)
    for n in sizes:
        path = journal(a.work, n)
        env["BACKCARE_NOW"] = last_day(path) + "T20:00"
        runs = 1 if n >= 10_000_000 else a.runs
        for label, args in (("stats --json", ["stats", "--json"]), ("plan", ["plan"]),
                            ("check --no-ask", ["check", "--no-ask"])):
            cmds = {"bc": ([bc, "--journal", path] + args, off), "awk": [awk, "{n[$3]++}", path],
                    "cat": [cat, path]}
            cached = label == "stats --json"  # the one command here that keeps its fold
            if cached:
                cmds["cache"] = [bc, "--journal", path] + args
            if old:
                cmds["old"] = ([old, "--journal", path] + args, off)
            m = interleaved(cmds, runs, env)
            target = "<= 0.5x awk, < 16 MiB" if label == "stats --json" and n == 1_000_000 else \
                     "< 16 MiB" if n >= 1_000_000 else ""
            row(label, n, m["bc"], m["awk"], "awk", target)
            row(label, n, m["bc"], m["cat"], "cat")
            if cached:
                row(label + " (cache)", n, m["cache"], m["awk"], "awk", target)
            if old:
                row("before: " + label, n, m["old"], m["awk"], "awk")
        row("awk '{n[$3]++}'", n, m["awk"], m["cat"], "cat")
    print()
    print(f"load average at the end: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
