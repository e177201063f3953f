"""`cmake --install` into a temporary prefix, and the installed binary runs."""
import os
import subprocess
import unittest

from harness import BackcareTest, SOURCE_DIR

BUILD_DIR = os.environ.get("BACKCARE_BUILD_DIR")


@unittest.skipUnless(BUILD_DIR, "BACKCARE_BUILD_DIR is not set (run through ctest)")
class InstallTest(BackcareTest):
    def test_install_tree(self):
        prefix = os.path.join(self.tmp, "prefix")
        p = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        expected = [
            "bin/backcare",
            "share/backcare/routine.toml",
            "share/bash-completion/completions/backcare",
            "share/zsh/site-functions/_backcare",
            "share/fish/vendor_completions.d/backcare.fish",
        ]
        if os.path.exists(os.path.join(BUILD_DIR, "man", "backcare.1")):
            expected += ["share/man/man1/backcare.1", "share/man/man5/backcare-routine.5",
                         "share/man/man5/backcare-journal.5"]
        for path in expected:
            self.assertTrue(os.path.isfile(os.path.join(prefix, path)), path)
        installed = os.path.join(prefix, "bin", "backcare")
        p = subprocess.run([installed, "--version"], capture_output=True, text=True, env=self.env)
        self.assertEqual(p.returncode, 0)
        self.assertTrue(p.stdout.startswith("backcare "))
        p = subprocess.run([installed, "plan", "--due"], capture_output=True, text=True, env=self.env)
        self.assertEqual(p.stdout, "morning\n")
        with open(os.path.join(prefix, "share/backcare/routine.toml"), encoding="utf-8") as f, \
                open(os.path.join(SOURCE_DIR, "share/backcare/routine.toml"), encoding="utf-8") as g:
            self.assertEqual(f.read(), g.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
