"""Docs stay honest: the README's test command is what CI runs, and every
subcommand and long option that --help prints is in backcare(1) and in each
completion script."""
import os
import re
import unittest

from harness import BackcareTest, SOURCE_DIR


def read(*parts):
    with open(os.path.join(SOURCE_DIR, *parts), encoding="utf-8") as f:
        return f.read()


class DocsTest(BackcareTest):
    def help_of(self, *args):
        return self.run_bc(*args, "--help", check=0).stdout

    def surface(self):
        """{command path: set of long options} as --help prints them."""
        out = {}
        top = self.help_of()
        commands = re.findall(r"^  (\w[\w-]*)\s{2,}", top.split("Subcommands:")[1], re.M)
        out[()] = set(re.findall(r"--[a-z][a-z-]+", top.split("Subcommands:")[0]))
        for c in commands:
            text = self.help_of(c)
            out[(c,)] = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", text.split("Examples:")[0]))
            if "Subcommands:" in text:
                for s in re.findall(r"^  (\w[\w-]*)\s{2,}", text.split("Subcommands:")[1].split("Examples:")[0], re.M):
                    sub = self.help_of(c, s)
                    out[(c, s)] = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", sub.split("Examples:")[0]))
        return out

    def test_readme_test_command_is_what_ci_runs(self):
        readme = read("README.md")
        section = readme.split("Install what the tests need")[1]
        command = re.search(r"```sh\n(.*?)\n```", section, re.S).group(1).strip()
        self.assertIn(command, read(".ci", "run").splitlines())

    def test_every_command_and_option_is_documented_and_completed(self):
        man = read("man", "backcare.1.scd")
        bash = read("completions", "backcare.bash")
        zsh = read("completions", "_backcare")
        fish = read("completions", "backcare.fish")
        missing = []
        for path, options in self.surface().items():
            for name in path:
                for doc, text in (("man", man), ("bash", bash), ("zsh", zsh), ("fish", fish)):
                    if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                        missing.append(f"{doc}: command {' '.join(path)}")
            for opt in options - {"--help"}:
                if opt not in man:
                    missing.append(f"man: {' '.join(path)} {opt}")
                if opt not in bash:
                    missing.append(f"bash: {' '.join(path)} {opt}")
                if opt not in zsh:
                    missing.append(f"zsh: {' '.join(path)} {opt}")
                if not re.search(r"-l " + re.escape(opt[2:]) + r"\b", fish):
                    missing.append(f"fish: {' '.join(path)} {opt}")
        self.assertEqual(sorted(set(missing)), [])

    def test_every_subcommand_help_ends_with_examples(self):
        for path in self.surface():
            if path:
                text = self.help_of(*path)
                self.assertIn("Examples:", text, " ".join(path))
                examples = text.split("Examples:")[1].strip().splitlines()
                self.assertGreaterEqual(len(examples), 2, " ".join(path))


if __name__ == "__main__":
    unittest.main(verbosity=2)
