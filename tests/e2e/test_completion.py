"""The completion scripts, run by the real shells."""
import os
import shutil
import subprocess
import unittest

from harness import BIN, SOURCE_DIR, MINIMAL_ROUTINE, BackcareTest

COMPLETIONS = os.path.join(SOURCE_DIR, "completions")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


class HelperTest(BackcareTest):
    def test_complete_helper_lists_live_values(self):
        p = self.run_bc("__complete", "routines", check=0)
        self.assertEqual([l.split("\t")[0] for l in p.stdout.splitlines()],
                         ["morning", "evening", "desk-break", "full"])
        p = self.run_bc("__complete", "exercises", check=0)
        self.assertEqual(len(p.stdout.splitlines()), 17)
        p = self.run_bc("__complete", "symptoms", check=0)
        self.assertIn("chest-pain\t", p.stdout)
        self.write_routine(MINIMAL_ROUTINE)
        p = self.run_bc("__complete", "exercises", "morning", check=0)
        self.assertEqual([l.split("\t")[0] for l in p.stdout.splitlines()], ["cat-cow", "neck-stretch"])

    def test_helper_is_hidden_and_quiet_on_a_broken_routine(self):
        self.assertNotIn("__complete", self.run_bc("--help", check=0).stdout)
        self.write_routine("this is not toml [")
        p = self.run_bc("__complete", "routines", check=0)
        self.assertEqual((p.stdout, p.stderr), ("", ""))


@unittest.skipUnless(os.path.exists(BASH_COMPLETION), "bash-completion is not installed")
class BashTest(BackcareTest):
    def complete(self, *words):
        """Completes the last word of `backcare WORDS...` with bash-completion."""
        script = f"""
source {BASH_COMPLETION}
source {COMPLETIONS}/backcare.bash
COMP_WORDS=(backcare "$@")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_backcare backcare "${{COMP_WORDS[-1]}}" "${{COMP_WORDS[-2]}}" 2>/dev/null
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
        env = dict(self.env, PATH=os.path.dirname(os.path.abspath(BIN)) + ":" + self.env["PATH"])
        p = subprocess.run(["bash", "-c", script, "bash", *words], env=env, capture_output=True, text=True,
                           timeout=30)
        return [l for l in p.stdout.splitlines() if l]

    def test_subcommands(self):
        self.assertEqual(self.complete("st"), ["start", "stats"])
        self.assertIn("check", self.complete(""))

    def test_routine_names_after_start_and_log_session(self):
        self.assertEqual(self.complete("start", ""), ["morning", "evening", "desk-break", "full"])
        self.assertEqual(self.complete("log", "session", "m"), ["morning"])

    def test_live_values_follow_the_users_routine(self):
        self.write_routine(MINIMAL_ROUTINE)
        self.assertEqual(self.complete("start", ""), ["morning"])
        self.assertEqual(self.complete("start", "morning", "--skip", "cat-cow,n"), ["cat-cow,neck-stretch"])

    def test_exercise_and_symptom_ids(self):
        self.assertIn("doorway-stretch", self.complete("log", "exercise", "d"))
        self.assertEqual(self.complete("log", "symptom", "ting"), ["tingling"])

    def test_options(self):
        self.assertIn("--due", self.complete("plan", "--"))
        self.assertIn("--journal", self.complete("plan", "--"))
        self.assertEqual(self.complete("--color", ""), ["auto", "always", "never"])


@unittest.skipUnless(shutil.which("fish"), "fish is not installed")
class FishTest(BackcareTest):
    def complete(self, line):
        env = dict(self.env, PATH=os.path.dirname(os.path.abspath(BIN)) + ":" + self.env["PATH"],
                   XDG_CONFIG_HOME=os.path.join(self.home, ".config"))
        p = subprocess.run(["fish", "--no-config", "-c",
                            f"source {COMPLETIONS}/backcare.fish; complete -C '{line}'"],
                           env=env, capture_output=True, text=True, timeout=30)
        return [l.split("\t")[0] for l in p.stdout.splitlines() if l]

    def test_subcommands_and_values(self):
        self.assertIn("start", self.complete("backcare "))
        self.assertEqual(sorted(self.complete("backcare start ")), ["desk-break", "evening", "full", "morning"])
        self.assertEqual(self.complete("backcare log symptom ting"), ["tingling"])
        self.assertIn("--due", self.complete("backcare plan --"))


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class ZshTest(BackcareTest):
    def test_script_parses(self):
        p = subprocess.run(["zsh", "-n", os.path.join(COMPLETIONS, "_backcare")], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_completes_routines(self):
        # Drive zsh's completion system through a function that records
        # what _describe would offer.
        script = f"""
autoload -Uz compinit && compinit -u -d {self.tmp}/zcompdump
fpath=({COMPLETIONS} $fpath)
source {COMPLETIONS}/_backcare
_describe() {{ local -a a; a=("${{(@P)${{@[-1]}}}}"); print -l -- "${{a[@]%%:*}}" }}
_call_program() {{ shift; "$@" }}
words=(backcare __placeholder__)
_backcare_values routines
"""
        env = dict(self.env, PATH=os.path.dirname(os.path.abspath(BIN)) + ":" + self.env["PATH"])
        p = subprocess.run(["zsh", "-f", "-c", script], env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(p.stdout.split(), ["morning", "evening", "desk-break", "full"], p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
