"""The .deb built by CPack: lintian finds no error or warning in it, it
depends on what dpkg-shlibdeps computes for the binary (libfmt9 on Debian 12,
libfmt10 on Debian 13: no package name is written into the test), and it has
the files Debian wants where Debian's tools look for them (issue 16)."""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import BackcareTest

BUILD_DIR = os.environ.get("BACKCARE_BUILD_DIR")


def cache_value(name):
    try:
        with open(os.path.join(BUILD_DIR, "CMakeCache.txt"), encoding="utf-8") as f:
            m = re.search(r"^" + re.escape(name) + r":[A-Z]+=(.*)$", f.read(), re.M)
    except OSError:
        return None
    return m.group(1) if m else None


def package_names(depends):
    """{'libc6', 'libfmt9', ...} from a Depends field."""
    return {re.match(r"\s*([a-z0-9][a-z0-9+.-]*)", alt).group(1)
            for part in depends.split(",") if part.strip() for alt in part.split("|")}


def release_build():
    """None for a build with the hardening flags, else why not."""
    if cache_value("BACKCARE_SANITIZE"):
        return "a build with sanitizers (no hardening flags, libasan in Depends)"
    if cache_value("BACKCARE_HARDEN") == "OFF":
        return "a build with BACKCARE_HARDEN=OFF"
    if (cache_value("CMAKE_BUILD_TYPE") or "") == "Debug":
        return "a Debug build (no _FORTIFY_SOURCE at -O0)"
    return None


@unittest.skipUnless(BUILD_DIR, "BACKCARE_BUILD_DIR is not set (run through ctest)")
@unittest.skipUnless(shutil.which("cpack") and shutil.which("dpkg-shlibdeps"), "needs cpack and dpkg-dev")
class PackageTest(BackcareTest):
    deb = None

    @classmethod
    def setUpClass(cls):
        """One cpack run for all the tests here."""
        cls.pkg_dir = tempfile.mkdtemp(prefix="backcare-pkg-")
        p = subprocess.run(["cpack", "-G", "DEB", "-B", cls.pkg_dir, "--config",
                            os.path.join(BUILD_DIR, "CPackConfig.cmake")],
                           capture_output=True, text=True, timeout=180)
        cls.cpack_output = p.stdout + p.stderr
        debs = glob.glob(os.path.join(cls.pkg_dir, "backcare_*.deb"))
        cls.deb = debs[0] if p.returncode == 0 and len(debs) == 1 else None

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.pkg_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.assertIsNotNone(self.deb, "cpack -G DEB made no single backcare_*.deb:\n" + self.cpack_output)

    def field(self, name):
        return subprocess.run(["dpkg-deb", "-f", self.deb, name], capture_output=True, text=True).stdout.strip()

    def test_depends_is_what_dpkg_shlibdeps_computes(self):
        """Issue 16: the test named libfmt9, which Debian 13 does not have."""
        work = os.path.join(self.tmp, "shlibdeps")
        os.makedirs(os.path.join(work, "debian"))
        with open(os.path.join(work, "debian", "control"), "w", encoding="utf-8") as f:
            f.write("Source: backcare\n\nPackage: backcare\nArchitecture: any\n")
        p = subprocess.run(["dpkg-shlibdeps", "-O", os.path.join(BUILD_DIR, "backcare")],
                           cwd=work, capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        computed = re.search(r"^shlibs:Depends=(.*)$", p.stdout, re.M).group(1)
        self.assertIn("libc6", package_names(computed))
        self.assertEqual(package_names(self.field("Depends")), package_names(computed))

    def test_files_are_where_debian_looks(self):
        files = subprocess.run(["dpkg-deb", "-c", self.deb], capture_output=True, text=True).stdout
        wanted = ["./usr/bin/backcare", "./usr/share/backcare/routine.toml",
                  "./usr/share/bash-completion/completions/backcare",
                  "./usr/share/zsh/vendor-completions/_backcare",
                  "./usr/share/fish/vendor_completions.d/backcare.fish",
                  "./usr/share/doc/backcare/copyright",
                  "./usr/share/doc/backcare/changelog.Debian.gz"]
        if os.path.exists(os.path.join(BUILD_DIR, "man", "backcare.1")):
            wanted += ["./usr/share/man/man1/backcare.1.gz", "./usr/share/man/man5/backcare-routine.5.gz",
                       "./usr/share/man/man5/backcare-journal.5.gz"]
        for path in wanted:
            self.assertRegex(files, r"(?m) " + re.escape(path) + "$")
        self.assertNotIn("site-functions", files)
        self.assertNotRegex(files, r"(?m)/man/man\d/[^/]*\.\d$")  # no uncompressed page

    def test_description_and_maintainer(self):
        self.assertNotIn("localhost", self.field("Maintainer"))
        for line in self.field("Description").splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_binary_is_hardened(self):
        why = release_build()
        if why:
            self.skipTest(f"hardening is checked on release builds; this is {why}")
        if not shutil.which("readelf"):
            self.skipTest("needs readelf (binutils)")
        extract = os.path.join(self.tmp, "x")
        subprocess.run(["dpkg-deb", "-x", self.deb, extract], check=True)
        binary = os.path.join(extract, "usr/bin/backcare")
        dyn = subprocess.run(["readelf", "-d", "-W", binary], capture_output=True, text=True).stdout
        self.assertRegex(dyn, r"BIND_NOW|FLAGS_1.*NOW")
        seg = subprocess.run(["readelf", "-l", "-W", binary], capture_output=True, text=True).stdout
        self.assertIn("GNU_RELRO", seg)
        syms = subprocess.run(["readelf", "--dyn-syms", "-W", binary], capture_output=True, text=True).stdout
        self.assertIn("__stack_chk_fail", syms)
        self.assertRegex(syms, r"__\w+_chk\b(?<!__stack_chk)")  # a fortified libc call

    def test_lintian_finds_no_error_or_warning(self):
        why = release_build()
        if why:
            self.skipTest(f"lintian runs on release builds; this is {why}")
        if not shutil.which("lintian"):
            self.skipTest("needs lintian (the README's test command installs it)")
        p = subprocess.run(["lintian", "--display-info", "--fail-on", "error,warning", self.deb],
                           capture_output=True, text=True, timeout=600)
        tags = [l for l in p.stdout.splitlines() if re.match(r"^[EW]: ", l)]
        self.assertEqual(tags, [], p.stdout)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_the_binary_has_no_comment_or_note_section(self):
        """lintian -I: binary-has-unneeded-section .comment (CPack's strip
        keeps the sections dh_strip removes)."""
        if not shutil.which("readelf"):
            self.skipTest("needs readelf (binutils)")
        extract = os.path.join(self.tmp, "x")
        subprocess.run(["dpkg-deb", "-x", self.deb, extract], check=True)
        p = subprocess.run(["readelf", "-S", "-W", os.path.join(extract, "usr/bin/backcare")],
                           capture_output=True, text=True, check=True)
        sections = re.findall(r"^\s*\[\s*\d+\]\s+(\S+)", p.stdout, re.M)
        self.assertIn(".text", sections)
        self.assertNotIn(".comment", sections)
        self.assertNotIn(".note", sections)
        self.assertNotIn(".debug_info", sections)

    def test_lintian_overrides_are_only_the_known_one(self):
        """An override hides a tag: each must be argued for in
        packaging/lintian-overrides, and only this one is."""
        extract = os.path.join(self.tmp, "x")
        subprocess.run(["dpkg-deb", "-x", self.deb, extract], check=True)
        with open(os.path.join(extract, "usr/share/lintian/overrides/backcare"), encoding="utf-8") as f:
            tags = [l.split()[1] for l in f if l.strip() and not l.startswith("#")]
        self.assertEqual(tags, ["initial-upload-closes-no-bugs"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
