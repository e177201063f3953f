"""The README's two commands in a fresh Debian 13 root, and the .deb in a
fresh Debian 12 root (tests/fresh-root.sh; issue 16). Only with
BACKCARE_FRESH_ROOT=1: it takes many minutes (debootstrap, two builds and the
whole suite inside a chroot) and needs root and the network to the Debian
mirror that apt uses."""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import SOURCE_DIR

BUILD_DIR = os.environ.get("BACKCARE_BUILD_DIR")
SCRIPT = os.path.join(SOURCE_DIR, "tests", "fresh-root.sh")
WHY_NOT = None
if os.environ.get("BACKCARE_FRESH_ROOT") != "1":
    WHY_NOT = ("set BACKCARE_FRESH_ROOT=1 to run it: it takes many minutes and needs root, "
               "debootstrap and the network to the Debian mirror")
elif os.geteuid() != 0:
    WHY_NOT = "needs root (debootstrap, chroot)"
elif not shutil.which("debootstrap"):
    WHY_NOT = "needs debootstrap (apt-get install debootstrap)"


@unittest.skipIf(WHY_NOT, WHY_NOT)
class FreshRootTest(unittest.TestCase):
    def run_script(self, *args):
        p = subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=5400)
        lines = [l for l in p.stdout.splitlines() if l.startswith("== ")]
        print("\n".join(lines))
        self.assertEqual(p.returncode, 0, p.stdout[-6000:] + p.stderr[-3000:])
        return p.stdout

    def test_debian13_first_command(self):
        out = self.run_script("first", "trixie")
        self.assertIn("Debian GNU/Linux 13", out)
        self.assertIn("== exit status 0", out)

    def test_debian13_second_command(self):
        out = self.run_script("second", "trixie")
        self.assertIn("100% tests passed", out)

    @unittest.skipUnless(BUILD_DIR and shutil.which("cpack"), "needs the build folder and cpack")
    def test_debian12_deb(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run(["cpack", "-G", "DEB", "-B", tmp, "--config",
                                os.path.join(BUILD_DIR, "CPackConfig.cmake")],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            out = self.run_script("deb", "bookworm", glob.glob(os.path.join(tmp, "backcare_*.deb"))[0])
        self.assertIn("== all checks passed", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
