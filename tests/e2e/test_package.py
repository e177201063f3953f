"""The .deb built by CPack depends on the Debian packages actually linked."""
import glob
import os
import shutil
import subprocess
import unittest

from harness import BackcareTest

BUILD_DIR = os.environ.get("BACKCARE_BUILD_DIR")


@unittest.skipUnless(BUILD_DIR, "BACKCARE_BUILD_DIR is not set (run through ctest)")
@unittest.skipUnless(shutil.which("cpack") and shutil.which("dpkg-shlibdeps"), "needs cpack and dpkg-dev")
class PackageTest(BackcareTest):
    def test_deb(self):
        out = os.path.join(self.tmp, "pkg")
        p = subprocess.run(["cpack", "-G", "DEB", "-B", out, "--config",
                            os.path.join(BUILD_DIR, "CPackConfig.cmake")],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        debs = glob.glob(os.path.join(out, "backcare_*.deb"))
        self.assertEqual(len(debs), 1)
        info = subprocess.run(["dpkg-deb", "-f", debs[0], "Depends"], capture_output=True, text=True).stdout
        for pkg in ("libfmt9", "libtomlplusplus3", "libstdc++6", "libc6"):
            self.assertIn(pkg, info)
        files = subprocess.run(["dpkg-deb", "-c", debs[0]], capture_output=True, text=True).stdout
        for path in ("./usr/bin/backcare", "./usr/share/backcare/routine.toml",
                     "./usr/share/bash-completion/completions/backcare"):
            self.assertIn(path, files)


if __name__ == "__main__":
    unittest.main(verbosity=2)
