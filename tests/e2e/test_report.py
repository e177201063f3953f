"""backcare report (SPEC §8) with real tools: Python's csv, html5lib,
headless Chromium and pdfinfo, and the npm package fhir (R4 validation);
log function and the [outcomes] of the routine (SPEC §3, §8)."""
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, HEADER, SOURCE_DIR, BackcareTest
from report_journal import OUTCOMES, journal

IN_CI = os.environ.get("CI") == "true"
# Where the README's test command installs the npm package fhir: beside
# this build, else in build-test/ (the other builds of .ci/run).
NPM_DIR = os.environ.get("BACKCARE_NPM_DIR") or next(
    (d for d in (os.path.join(os.path.dirname(os.path.abspath(BIN)), "npm"), os.path.join(SOURCE_DIR, "build-test", "npm"))
     if os.path.isdir(os.path.join(d, "node_modules", "fhir"))), os.path.join(os.path.dirname(os.path.abspath(BIN)), "npm"))
NOW = "2026-11-28T22:00"


def need(tool_ok, what):
    """A missing tool fails in CI and skips elsewhere."""
    if tool_ok:
        return
    if IN_CI:
        raise AssertionError(f"{what} is missing (the README's test command installs it)")
    raise unittest.SkipTest(f"{what} is not installed")


class ReportBase(BackcareTest):
    def setUp(self):
        super().setUp()
        self.write_routine(subprocess.run([BIN, "init", "--print"], capture_output=True, text=True).stdout + OUTCOMES)
        self.write_journal(journal())

    def report(self, *args, check=0):
        return self.run_bc("report", *args, now=NOW, check=check)


class TextTest(ReportBase):
    def test_sections_fit_80_columns_and_say_self_reported(self):
        out = self.report().stdout
        for heading in ("Adherence", "Pain", "Function", "Warning signs", "Exercises", "Notes"):
            self.assertIn(f"\n{heading}", out)
        self.assertIn("Self-reported", out)
        self.assertIn("2026-09-07 to 2026-11-28", out)
        self.assertTrue(all(len(line) <= 80 for line in out.splitlines()), out)
        self.assertIn("symptom:tingling: closed: seen by a clinician 2026-10-09", out)
        self.assertIn("change +3.0: a meaningful change", out)

    def test_since_after_until_is_refused(self):
        p = self.report("--since", "2026-11-20", "--until", "2026-11-01", check=2)
        self.assertIn("nothing to report", p.stderr)

    def test_one_format_at_a_time(self):
        self.report("--csv", "--fhir", check=2)


class CsvTest(ReportBase):
    COLUMNS = ("date,time,kind,subject,minutes,pain,effort,status,done,skipped,sore,sets,reps,hold,where,when,"
               "score,flags,note").split(",")

    def test_round_trip_with_hostile_notes(self):
        hostile = ["a, b, c", 'she said "no"', "line one \\n line two\\r\\n", "=cmd|' /C calc'!A0", "+1",
                   "  padded ", "back\\slash"]
        self.write_journal(HEADER + "\n2026-11-20 pain 4 where=neck\n2026-11-20   pain 4   where=neck\n")
        for i, n in enumerate(hostile):
            self.run_bc("log", "note", "--note", n, "--date", f"2026-11-{10 + i:02}", "--time", "08:00", now=NOW,
                        check=0)
        e = dict(self.env, BACKCARE_NOW=NOW)
        p = subprocess.run([BIN, "report", "--csv"], capture_output=True, env=e)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.endswith(b"\r\n"))
        rows = list(csv.reader(io.StringIO(p.stdout.decode(), newline="")))
        self.assertEqual(rows[0], self.COLUMNS)
        body = rows[1:]
        self.assertEqual(len(body), len(hostile) + 1)  # the repeated pain line once
        self.assertTrue(all(len(r) == len(self.COLUMNS) for r in body))
        notes = [r[self.COLUMNS.index("note")] for r in body if r[2] == "note"]
        self.assertEqual(notes, hostile)
        pain = [r for r in body if r[2] == "pain"][0]
        self.assertEqual((pain[5], pain[14]), ("4", "neck"))

    def test_every_entry_of_the_period_is_one_row(self):
        p = self.report("--csv", "--since", "2026-11-01")
        rows = list(csv.DictReader(io.StringIO(p.stdout, newline="")))
        in_period = [l for l in journal().splitlines() if l[:1].isdigit() and l[:10] >= "2026-11-01"]
        self.assertEqual(len(rows), len(in_period))
        self.assertTrue(any(r["kind"] == "function" and r["score"] for r in rows))


class FhirTest(ReportBase):
    def validate(self, text):
        mod = os.path.join(NPM_DIR, "node_modules", "fhir")
        need(os.path.isdir(mod) and shutil.which("node"), f"the npm package fhir in {NPM_DIR}")
        script = ("const {Fhir} = require(process.argv[1]); const r = new Fhir().validate(require('fs')"
                  ".readFileSync(0, 'utf8')); const errs = (r.messages || []).filter(m => m.severity === 'error');"
                  "console.log(JSON.stringify(errs)); process.exit(r.valid && errs.length === 0 ? 0 : 1);")
        p = subprocess.run(["node", "-e", script, mod], input=text, capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_bundle_is_valid_r4_with_stable_ids(self):
        first = self.report("--fhir").stdout
        self.validate(first)
        b = json.loads(first)
        self.assertEqual((b["resourceType"], b["type"]), ("Bundle", "collection"))
        res = [e["resource"] for e in b["entry"]]
        patients = [r for r in res if r["resourceType"] == "Patient"]
        self.assertEqual(len(patients), 1)
        self.assertNotIn("identifier", patients[0])
        obs = [r for r in res if r["resourceType"] == "Observation"]
        pain = [o for o in obs if o["code"].get("coding", [{}])[0].get("code") == "72514-3"]
        func = [o for o in obs if o["code"].get("text", "").startswith("Patient-Specific Functional Scale: ")]
        self.assertTrue(pain and func)
        self.assertTrue(all(o["status"] == "final" and isinstance(o["valueInteger"], int) for o in obs))
        self.assertTrue(all(o["subject"]["reference"] == b["entry"][0]["fullUrl"] for o in obs))
        self.assertTrue(any(o.get("bodySite", {}).get("text") == "upper-back" for o in pain))
        ids = [e["fullUrl"] for e in b["entry"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(self.report("--fhir").stdout, first)

    def test_local_offset_follows_tz(self):
        self.write_journal(HEADER + "\n2026-07-01 09:30 pain 3 note=\"summer\"\n2026-11-20 09:30 pain 4\n")
        env = {"TZ": "Europe/Berlin"}
        p = self.run_bc("report", "--fhir", "--since", "2026-06-01", now=NOW, env=env, check=0)
        times = [e["resource"].get("effectiveDateTime") for e in json.loads(p.stdout)["entry"][1:]]
        self.assertEqual(times, ["2026-07-01T09:30:00+02:00", "2026-11-20T09:30:00+01:00"])
        self.validate(p.stdout)


class HtmlTest(ReportBase):
    def html(self):
        return self.report("--html").stdout

    def test_strict_html5_without_script_or_requests(self):
        try:
            import html5lib
        except ImportError:
            html5lib = None
        need(html5lib is not None, "python3-html5lib")
        self.write_journal(journal() + '2026-11-27 12:00 note note="<script>alert(1)</script> & \\"x\\""\n')
        text = self.html()
        html5lib.HTMLParser(strict=True).parse(text)
        self.assertNotIn("<script", text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;", text)
        self.assertNotIn("http", text)
        self.assertEqual(text.count("<svg"), 3)  # pain, sessions, calendar

    def test_chromium_prints_two_pages_and_a_picture(self):
        chromium = shutil.which("chromium")
        need(chromium and shutil.which("pdfinfo"), "chromium and pdfinfo (poppler-utils)")
        with tempfile.TemporaryDirectory() as d:
            page = os.path.join(d, "back.html")
            with open(page, "w") as f:
                f.write(self.html())
            args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={d}/profile"]
            subprocess.run(args + ["--no-pdf-header-footer", f"--print-to-pdf={d}/back.pdf", "file://" + page],
                           capture_output=True, timeout=120)
            subprocess.run(args + [f"--screenshot={d}/back.png", "--window-size=800,1200", "file://" + page],
                           capture_output=True, timeout=120)
            info = subprocess.run(["pdfinfo", f"{d}/back.pdf"], capture_output=True, text=True).stdout
            pages = int([l for l in info.splitlines() if l.startswith("Pages:")][0].split()[1])
            self.assertLessEqual(pages, 2)
            with open(f"{d}/back.png", "rb") as f:
                png = f.read()
            self.assertTrue(png.startswith(b"\x89PNG"))
            import zlib
            # Not blank: the decoded pixels hold more than one value.
            data, pos = b"", 8
            while pos < len(png):
                n = int.from_bytes(png[pos:pos + 4], "big")
                kind = png[pos + 4:pos + 8]
                if kind == b"IDAT":
                    data += png[pos + 8:pos + 8 + n]
                pos += 12 + n
            pixels = zlib.decompress(data)
            self.assertGreater(len(set(pixels[::7])), 8)


class FunctionTest(ReportBase):
    def test_log_function_checks_the_activity_and_the_score(self):
        self.write_journal(HEADER + "\n")
        self.run_bc("log", "function", "reach", "6", now=NOW, check=0)
        self.assertEqual(self.journal_lines()[-1], "2026-11-28 22:00 function reach score=6")
        p = self.run_bc("log", "function", "swim", "6", now=NOW, check=2)
        self.assertIn("reach, drive, desk", p.stderr)
        self.run_bc("log", "function", "reach", "11", now=NOW, check=2)
        p = self.run_bc("log", "function", now=NOW, check=2)  # no terminal: needs ACTIVITY SCORE
        self.assertIn("not on a terminal", p.stderr)

    def test_plan_reminds_and_stats_json_has_function(self):
        self.write_journal(HEADER + "\n2026-11-01 function reach score=3\n2026-11-01 function drive score=4\n"
                           "2026-11-10 function reach score=5\n2026-11-10 function drive score=6\n")
        self.assertIn("Function check-in due (last on 2026-11-10)", self.run_bc("plan", now=NOW, check=0).stdout)
        self.assertNotIn("Function check-in", self.run_bc("plan", now="2026-11-20T10:00", check=0).stdout)
        f = json.loads(self.run_bc("stats", "--json", now=NOW, check=0).stdout)["function"]
        self.assertEqual((f["last_mean"], f["change"], f["meaningful"], f["due"]), (5.5, 2, True, True))

    def test_outcomes_are_validated(self):
        self.write_routine(subprocess.run([BIN, "init", "--print"], capture_output=True, text=True).stdout +
                           '\n[outcomes]\nevery_days = 0\n')
        p = self.run_bc("plan", now=NOW, check=65)
        self.assertIn("every_days", p.stderr)


if __name__ == "__main__":
    unittest.main()
