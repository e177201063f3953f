"""Docs stay honest: the README's test command is what CI runs, and every
subcommand and long option that --help prints is in backcare(1) and in each
completion script."""
import os
import re
import shlex
import subprocess
import unittest

from harness import BIN, BackcareTest, SOURCE_DIR


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

    def test_man_examples_cover_a_shell_cron_a_prompt_and_a_pipe(self):
        examples = read("man", "backcare.1.scd").split("\n# EXAMPLES\n")[1].split("\n# ")[0]
        self.assertNotIn("to be completed", examples)
        commands = re.findall(r"^backcare .*$", examples, re.M)
        self.assertGreaterEqual(len(commands), 15)
        self.assertRegex(examples, r"(?m)^PS1=.*backcare stats --format")  # a prompt
        self.assertRegex(examples, r"(?m)^set -g status-right .*backcare stats --format")  # tmux
        self.assertRegex(examples, r"(?m)^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ "
                                   r"/usr/local/bin/backcare ")  # a crontab line
        self.assertRegex(examples, r"(?m)^backcare plan --cron \| crontab -$")
        self.assertRegex(examples, r"(?m)^backcare stats --json \| jq ")  # a pipe

    def example_commands(self):
        """Every backcare command line the docs show: man EXAMPLES and the
        README's blocks, and the examples of each --help."""
        lines = []
        man = read("man", "backcare.1.scd").split("\n# EXAMPLES\n")[1]
        for block in re.findall(r"```\n(.*?)\n```", man, re.S):
            lines += block.splitlines()
        for block in re.findall(r"```(?:sh)?\n(.*?)\n```", read("README.md"), re.S):
            lines += block.splitlines()
        for path in self.surface():
            lines += self.help_of(*path).split("Examples:")[1].strip().splitlines()
        return [l.strip() for l in lines]

    def test_every_example_is_a_valid_command(self):
        """Each example's backcare command (up to a pipe, redirection or
        list) runs without a usage error, in a temporary HOME."""
        tried = 0
        for line in self.example_commands():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            words = []
            for w in lexer:
                if w and w[0] in "|&;<>()":
                    break
                words.append(w)
            if len(words) > 5 and all(re.match(r"^[0-9*/,-]+$", w) for w in words[:5]):
                words = words[5:]  # a crontab line: its command
            while words and re.match(r"^[A-Z_]+=", words[0]):
                words.pop(0)  # EDITOR=nano and the like: the test's own EDITOR runs
            if not words or words[0] not in ("backcare", "/usr/local/bin/backcare"):
                continue
            args = [self.home + w[1:] if w.startswith("~/") else w for w in words[1:]]
            if "init" in args and os.path.exists(self.routine_path):
                os.unlink(self.routine_path)  # init never overwrites: each example starts afresh
            if args[:2] == ["log", "function"]:
                # A function check-in needs the routine's [outcomes]: the
                # example stands for a person who has listed theirs.
                if not os.path.exists(self.routine_path):
                    text = subprocess.run([os.path.abspath(BIN), "init", "--print"], env=self.env,
                                          capture_output=True, text=True, timeout=60, check=True).stdout
                    os.makedirs(os.path.dirname(self.routine_path), exist_ok=True)
                    with open(self.routine_path, "w") as f:
                        f.write(text)
                with open(self.routine_path) as f:
                    has_outcomes = "\n[outcomes]" in f.read()
                if not has_outcomes:
                    with open(self.routine_path, "a") as f:
                        f.write('\n[outcomes]\n[outcomes.activities]\nreach = "reaching up to a high shelf"\n'
                                'drive = "turning my head to reverse the car"\ndesk = "an hour at the desk"\n')
            with self.subTest(example=line):
                p = subprocess.run([os.path.abspath(BIN), *args], env=dict(self.env, EDITOR="true"),
                                   cwd=self.tmp, capture_output=True, text=True, timeout=60,
                                   stdin=subprocess.DEVNULL)
                self.assertNotEqual(p.returncode, 2, p.stderr)
                self.assertIn(p.returncode, (0, 1), p.stderr)
                tried += 1
        self.assertGreaterEqual(tried, 40)


if __name__ == "__main__":
    unittest.main(verbosity=2)
