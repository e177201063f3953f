"""`cmake --install` into a temporary prefix, and the installed binary runs."""
import gzip
import os
import re
import shutil
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
            "share/doc/backcare/copyright",
            "share/doc/backcare/changelog.Debian.gz",
            "share/doc/backcare/changelog.gz",
        ]
        # Man pages compressed (issue 16: lintian's manpage-not-compressed).
        if os.path.exists(os.path.join(BUILD_DIR, "man", "backcare.1")):
            expected += ["share/man/man1/backcare.1.gz", "share/man/man5/backcare-routine.5.gz",
                         "share/man/man5/backcare-journal.5.gz"]
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

        if os.path.exists(os.path.join(BUILD_DIR, "man", "backcare.1")):
            with gzip.open(os.path.join(prefix, "share/man/man1/backcare.1.gz"), "rt", encoding="utf-8") as f, \
                    open(os.path.join(BUILD_DIR, "man", "backcare.1"), encoding="utf-8") as g:
                self.assertEqual(f.read(), g.read())
        self.assertFalse(os.path.exists(os.path.join(prefix, "share/zsh/vendor-completions")))

    def test_zsh_completion_goes_where_debian_zsh_looks_for_prefix_usr(self):
        """Issue 16: Debian's zsh does not search /usr/share/zsh/site-functions;
        packages put completions in /usr/share/zsh/vendor-completions."""
        root = os.path.join(self.tmp, "root")
        env = dict(os.environ, DESTDIR=root)
        p = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", "/usr"],
                           capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.isfile(os.path.join(root, "usr/share/zsh/vendor-completions/_backcare")))
        self.assertFalse(os.path.exists(os.path.join(root, "usr/share/zsh/site-functions")))
        p = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", "/usr/local"],
                           capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.isfile(os.path.join(root, "usr/local/share/zsh/site-functions/_backcare")))

    @unittest.skipUnless(shutil.which("fish"), "needs fish")
    def test_fish_finds_the_completion_with_the_readme_line(self):
        """Issue 16: under /usr/local fish does not look for completions; the
        README names the line to add to fish's config, and it works."""
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        line = re.search(r"^set -p fish_complete_path /usr/local/share/fish/vendor_completions\.d$",
                         readme, re.M)
        self.assertIsNotNone(line, "README names no fish_complete_path line")
        prefix = os.path.join(self.tmp, "local")
        p = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        script = line.group(0).replace("/usr/local", prefix) + "; complete -C 'backcare sta'"
        env = dict(self.env, PATH=os.path.join(prefix, "bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin"))
        p = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True, env=env, timeout=60)
        self.assertRegex(p.stdout, r"(?m)^start\b", p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"(?m)^stats\b")
        # Without the line, fish finds nothing for backcare's commands.
        p = subprocess.run(["fish", "--no-config", "-c", "complete -C 'backcare sta'"],
                           capture_output=True, text=True, env=env, timeout=60)
        self.assertNotRegex(p.stdout, r"(?m)^stats\b")

    def test_readme_installs_stripped_and_names_what_cpack_needs(self):
        """Issue 16: the README's install was 41 MB with debug info, and its
        cpack line failed after the first command (no dpkg-dev, no file)."""
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        self.assertRegex(readme, r"(?m)^sudo cmake --install build --strip ")
        block = next(b for b in re.findall(r"```sh\n(.*?)\n```", readme, re.S) if "cpack -G DEB" in b)
        before = block.split("cpack -G DEB")[0]
        self.assertRegex(before, r"apt-get install .*\bdpkg-dev\b")
        self.assertRegex(before, r"apt-get install .*\bfile\b")
        prefix = os.path.join(self.tmp, "stripped")
        p = subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix, "--strip"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        if shutil.which("readelf"):
            sections = subprocess.run(["readelf", "-S", "-W", os.path.join(prefix, "bin", "backcare")],
                                      capture_output=True, text=True).stdout
            self.assertIn(".text", sections)
            self.assertNotIn(".debug_info", sections)
            self.assertNotIn(".symtab", sections)


if __name__ == "__main__":
    unittest.main(verbosity=2)
