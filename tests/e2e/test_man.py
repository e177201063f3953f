"""Man pages (issue 16): .TH carries the date, source and manual; every page
has SEE ALSO, BUGS, AUTHORS and COPYRIGHT; the date follows SOURCE_DATE_EPOCH
(else the newest release in CHANGELOG.md), so two builds are identical; and
tidy.awk handles scdoc 1.11's .PP as it does .P."""
import datetime
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import SOURCE_DIR

MAN = os.path.join(SOURCE_DIR, "man")
PAGES = ["backcare.1", "backcare-routine.5", "backcare-journal.5"]


def project_version():
    with open(os.path.join(SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(backcare VERSION ([0-9.]+)", f.read()).group(1)


def release_date():
    with open(os.path.join(SOURCE_DIR, "CHANGELOG.md"), encoding="utf-8") as f:
        return re.search(r"^## [0-9][^ ]* \((\d{4}-\d\d-\d\d)\)", f.read(), re.M).group(1)


@unittest.skipUnless(shutil.which("scdoc") and shutil.which("cmake"), "needs scdoc and cmake")
class ManPageTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="backcare-man-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def build(self, page, epoch=None, out_dir=None):
        """Builds one page with page.cmake as the build does; returns its text."""
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = str(epoch)
        out = os.path.join(out_dir or self.tmp, page)
        y, m, d = map(int, release_date().split("-"))
        release_epoch = int(datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc).timestamp())
        p = subprocess.run(
            ["cmake", "-DSCDOC=" + shutil.which("scdoc"), f"-DIN={MAN}/{page}.scd", f"-DOUT={out}",
             f"-DTIDY={MAN}/tidy.awk", f"-DFOOTER={MAN}/footer.scd", "-DVERSION=" + project_version(),
             f"-DRELEASE_EPOCH={release_epoch}", "-P", f"{MAN}/page.cmake"],
            capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def th(self, text):
        line = re.search(r"^\.TH .*$", text, re.M).group(0)
        return re.findall(r'"([^"]*)"', line)

    def test_th_has_date_source_and_manual(self):
        for page in PAGES:
            name, section, date, source, manual = self.th(self.build(page, epoch=1700000000))
            self.assertEqual((name, section), tuple(page.rsplit(".", 1)))
            self.assertEqual(date, "2023-11-14", page)
            self.assertEqual(source, "backcare " + project_version(), page)
            self.assertEqual(manual, "General Commands Manual" if section == "1" else "File Formats Manual")

    def test_every_page_has_see_also_bugs_authors_copyright(self):
        for page in PAGES:
            sections = re.findall(r'^\.SH "?([^"\n]*)"?$', self.build(page), re.M)
            for wanted in ("NAME", "SEE ALSO", "BUGS", "AUTHORS", "COPYRIGHT"):
                self.assertIn(wanted, sections, page)

    def test_two_builds_are_identical_and_follow_source_date_epoch(self):
        other = os.path.join(self.tmp, "other")
        os.mkdir(other)
        for page in PAGES:
            self.assertEqual(self.build(page, epoch=1234567890), self.build(page, epoch=1234567890, out_dir=other))
            self.assertEqual(self.th(self.build(page, epoch=1234567890))[2], "2009-02-13")
            # Without SOURCE_DATE_EPOCH: the newest release's date, not today's.
            first = self.build(page)
            self.assertEqual(first, self.build(page, out_dir=other))
            self.assertEqual(self.th(first)[2], release_date())

    def test_tidy_treats_pp_like_p(self):
        """Debian 13's scdoc 1.11 writes .PP where Debian 12's wrote .P:
        man.lint gave 113 warnings there."""
        roff = ".TH x 1\n.PP\n.SH NAME\n.PP\nx - y\n.PP\n.PP\ntext\n.PP\n.SH MORE\n.RS 4\na\n.PP\n.RE\nb\n"
        p = subprocess.run(["awk", "-f", os.path.join(MAN, "tidy.awk")], input=roff,
                           capture_output=True, text=True, timeout=10)
        self.assertEqual(p.stdout, ".TH x 1\n.SH NAME\nx - y\n.P\ntext\n.SH MORE\n.RS 4\na\n.RE\n.P\nb\n")

    def test_a_page_with_a_table_asks_for_tbl(self):
        """Debian 13's lintian: groff 1.23 warned 'tbl preprocessor failed,
        or it or soelim was not run' on backcare(1) and backcare-journal(5):
        without a first line '\\" t, man does not run tbl on a page."""
        tables = 0
        for page in PAGES:
            text = self.build(page)
            has_table = "\n.TS\n" in text
            tables += has_table
            self.assertEqual(text.startswith("'\\\" t\n"), has_table, page)
        self.assertGreaterEqual(tables, 2)
        roff = ".TH x 1\n.SH NAME\n.TS\nl.\na\n.TE\n"
        p = subprocess.run(["awk", "-f", os.path.join(MAN, "tidy.awk")], input=roff,
                           capture_output=True, text=True, timeout=10)
        self.assertEqual(p.stdout, "'\\\" t\n" + roff)

    @unittest.skipUnless(shutil.which("man"), "needs man (man-db)")
    def test_groff_has_no_warning_at_80_columns(self):
        """What lintian runs (groff-message): man --warnings, 80 columns.
        Debian 13's groff 1.23 also said 'cannot adjust line' at the CSV
        columns of report --csv, one word of 70 characters."""
        for page in PAGES:
            path = os.path.join(self.tmp, page)
            self.build(page)
            env = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
            p = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", path],
                               capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stderr, "", page)


if __name__ == "__main__":
    unittest.main(verbosity=2)
