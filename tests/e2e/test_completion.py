"""The completion scripts, run by the real shells: bash through
bash-completion's machinery (COMP_WORDS, COMP_CWORD, COMPREPLY), fish
through `complete -C`, zsh through its completion system in a pty (a
recording compadd). Each shell is asked the same questions:

- every command's options, in its own context: exactly what its --help
  lists, with the global options, and nothing of other commands;
- live values from the user's actual routine (`backcare __complete`):
  routine names after start, plan and log session; exercise ids after log
  exercise, --skip, --done, --skipped and --sore (those of the routine on the
  line); symptom ids after log symptom; a --routine on the line is followed.
"""
import functools
import os
import re
import shlex
import shutil
import subprocess
import unittest

from harness import BIN, MINIMAL_ROUTINE, SOURCE_DIR, BackcareTest

try:
    import pexpect
except ImportError:  # pragma: no cover
    pexpect = None

COMPLETIONS = os.path.join(SOURCE_DIR, "completions")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
BIN_DIR = os.path.dirname(os.path.abspath(BIN))

ROUTINES = ["morning", "evening", "desk-break", "full"]
MORNING = ["neck-tilts", "shoulder-rolls", "arm-circles", "wall-slides", "doorway-stretch", "cat-cow",
           "childs-pose", "seated-twist", "neck-stretch", "arm-across-chest", "deep-breathing"]


def _help(*args):
    return subprocess.run([BIN, *args, "--help"], capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).stdout


def _long_options(text):
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", text.split("Examples:")[0].split("Fields for")[0]))


@functools.lru_cache(maxsize=None)
def surface():
    """{command path: the long options completion should offer there}, from
    --help: the command's own, and the global ones."""
    top = _help()
    head, subs = top.split("Subcommands:")
    global_options = _long_options(head)
    out = {(): global_options}
    for c in re.findall(r"^  (\w[\w-]*)\s{2,}", subs.split("\n\n")[0], re.M):
        text = _help(c)
        out[(c,)] = _long_options(text) | global_options
        if "Subcommands:" in text:
            for s in re.findall(r"^  (\w[\w-]*)\s{2,}", text.split("Subcommands:")[1].split("\n\n")[0], re.M):
                out[(c, s)] = _long_options(_help(c, s)) | global_options
    return out


class HelperTest(BackcareTest):
    def test_complete_helper_lists_live_values(self):
        p = self.run_bc("__complete", "routines", check=0)
        self.assertEqual([l.split("\t")[0] for l in p.stdout.splitlines()], ROUTINES)
        p = self.run_bc("__complete", "exercises", check=0)
        self.assertEqual(len(p.stdout.splitlines()), 17)
        p = self.run_bc("__complete", "exercises", "morning", check=0)
        self.assertEqual([l.split("\t")[0] for l in p.stdout.splitlines()], MORNING)
        p = self.run_bc("__complete", "symptoms", check=0)
        self.assertIn("chest-pain\t", p.stdout)
        self.assertEqual(len(p.stdout.splitlines()), 40)  # SPEC v2: the symptom table
        self.write_routine(MINIMAL_ROUTINE)
        p = self.run_bc("__complete", "exercises", "morning", check=0)
        self.assertEqual([l.split("\t")[0] for l in p.stdout.splitlines()], ["cat-cow", "neck-stretch"])

    def test_helper_is_hidden_and_quiet_on_a_broken_routine(self):
        self.assertNotIn("__complete", self.run_bc("--help", check=0).stdout)
        self.write_routine("this is not toml [")
        p = self.run_bc("__complete", "routines", check=0)
        self.assertEqual((p.stdout, p.stderr), ("", ""))

    def test_the_surface_is_read(self):
        s = surface()
        self.assertIn(("log", "session"), s)
        self.assertIn("--skip", s[("start",)])
        self.assertNotIn("--skip", s[("plan",)])
        self.assertIn("--routine", s[("stats",)])


class ShellCases:
    """The questions every shell answers. A subclass defines
    complete_many(lines) -> [[words offered], ...], one list a line (the
    line ends where the cursor is), and may name lines it cannot ask."""

    def complete(self, line):
        return self.complete_many([line])[0]

    def options(self, line):
        return {w for w in self.complete(line) if w.startswith("--")}

    def test_every_commands_options_in_its_context(self):
        paths = sorted(surface())
        got = self.complete_many([" ".join(["backcare", *p, "--"]) for p in paths])
        for path, offered in zip(paths, got):
            with self.subTest(command=" ".join(path)):
                self.assertEqual({w for w in offered if w.startswith("--")}, surface()[path])

    def test_commands_and_no_hidden_helper(self):
        # Every command --help lists (a new one too), and help.
        commands = sorted({p[0] for p in surface() if p} | {"help"})
        self.assertIn("sync", commands)
        self.assertEqual(sorted(self.complete("backcare ")), commands)
        self.assertEqual(sorted(self.complete("backcare help ")), [c for c in commands if c != "help"])
        self.assertEqual(sorted(self.complete("backcare st")), ["start", "stats"])
        self.assertEqual(self.complete("backcare _"), [])

    def test_routine_names(self):
        got = self.complete_many(["backcare start ", "backcare plan ", "backcare log session ",
                                  "backcare log session m", "backcare --no-color start d"])
        self.assertEqual([sorted(g) for g in got],
                         [sorted(ROUTINES)] * 3 + [["morning"], ["desk-break"]])

    def test_exercise_ids(self):
        got = self.complete_many([
            "backcare log exercise d",
            "backcare start morning --skip ",
            "backcare start morning --skip cat-cow,n",
            "backcare log session morning --done ",
            "backcare log session morning --skipped w",
            "backcare log session morning --sore neck-tilts,s",
            "backcare start --skip t",  # no routine yet: all 17
        ])
        self.assertEqual(sorted(got[0]), ["deep-breathing", "doorway-stretch"])
        self.assertEqual(sorted(got[1]), sorted(MORNING))
        self.assertEqual(sorted(self.ids(got[2])), ["neck-stretch", "neck-tilts"])
        self.assertEqual(sorted(got[3]), sorted(MORNING))
        self.assertEqual(self.ids(got[4]), ["wall-slides"])
        self.assertEqual(sorted(self.ids(got[5])), ["seated-twist", "shoulder-rolls"])
        self.assertEqual(sorted(got[6]), ["thoracic-extension", "triceps-stretch"])

    def test_symptom_ids_and_other_values(self):
        got = self.complete_many(["backcare log symptom ting", "backcare log symptom b",
                                  "backcare edit ", "backcare --color ", "backcare log session x --status ",
                                  "backcare log pain 3 --where n", "backcare log "])
        self.assertEqual(got[0], ["tingling"])
        self.assertEqual(sorted(got[1]), ["band-pain", "bladder-bowel", "both-hands", "both-legs", "breathing-pain",
                                          "breathless"])
        self.assertEqual(sorted(got[2]), ["journal", "routine"])
        self.assertEqual(sorted(got[3]), ["always", "auto", "never"])
        self.assertEqual(sorted(got[4]), ["complete", "partial"])
        self.assertEqual(got[5], ["neck"])
        self.assertEqual(sorted(got[6]), ["exercise", "function", "note", "pain", "rest", "seen", "session", "symptom"])

    def test_live_values_follow_the_users_routine(self):
        self.write_routine(MINIMAL_ROUTINE)
        other = self.write_routine(MINIMAL_ROUTINE.replace("routine.morning", "routine.lunch")
                                   .replace('"cat-cow", "neck-stretch"', '"neck-stretch"'),
                                   os.path.join(self.tmp, "other.toml"))
        got = self.complete_many(["backcare start ", "backcare log session morning --done ",
                                  f"backcare --routine {other} start ",
                                  f"backcare --routine {other} start lunch --skip ",
                                  f"backcare start --routine {other} "])
        self.assertEqual(got[0], ["morning"])
        self.assertEqual(sorted(got[1]), ["cat-cow", "neck-stretch"])
        self.assertEqual(got[2], ["lunch"])
        self.assertEqual(got[3], ["neck-stretch"])
        self.assertEqual(got[4], ["lunch"])

    @staticmethod
    def ids(words):
        """The last id of each comma list offered."""
        return [w.rsplit(",", 1)[-1] for w in words]


def _env(test):
    return dict(test.env, PATH=f"{BIN_DIR}:{test.env['PATH']}")


@unittest.skipUnless(os.path.exists(BASH_COMPLETION), "bash-completion is not installed")
class BashTest(ShellCases, BackcareTest):
    @staticmethod
    def comp_words(line):
        """COMP_WORDS as bash splits the line: at blanks, and around '='."""
        words = line.split()
        if not line or line[-1].isspace():
            words.append("")
        out = []
        for w in words:
            parts = w.split("=")
            for k, p in enumerate(parts):
                if k:
                    out.append("=")
                if p or k == len(parts) - 1:
                    out.append(p)
        return out

    def complete_many(self, lines):
        script = [f"source {BASH_COMPLETION}", f"source {shlex.quote(COMPLETIONS)}/backcare.bash"]
        for line in lines:
            words = self.comp_words(line)
            script.append(f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
                          f"COMP_CWORD={len(words) - 1}\nCOMP_LINE={shlex.quote(line)}\n"
                          "COMP_POINT=${#COMP_LINE}\nCOMPREPLY=()\n"
                          '_backcare backcare "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}" 2>/dev/null\n'
                          "printf '%s\\n' \"${COMPREPLY[@]}\"\necho --end--")
        p = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)], env=_env(self),
                           capture_output=True, text=True, timeout=60)
        chunks = p.stdout.split("--end--\n")
        self.assertEqual(len(chunks), len(lines) + 1, p.stderr)
        return [[w for w in c.splitlines() if w] for c in chunks[:-1]]

    def test_option_values_after_equals(self):
        got = self.complete_many(["backcare start morning --skip=cat-cow,n", "backcare --color=a",
                                  "backcare log session --done=c", "backcare --routine=/nonexistent start "])
        self.assertEqual(sorted(got[0]), ["cat-cow,neck-stretch", "cat-cow,neck-tilts"])
        self.assertEqual(sorted(got[1]), ["always", "auto"])
        self.assertEqual(sorted(got[2]), ["cat-cow", "childs-pose"])
        self.assertEqual(got[3], [])  # that routine file does not exist: no values


@unittest.skipUnless(shutil.which("fish"), "fish is not installed")
class FishTest(ShellCases, BackcareTest):
    def complete_many(self, lines):
        script = [f"source {shlex.quote(COMPLETIONS)}/backcare.fish"]
        for line in lines:
            script.append(f"complete -C {shlex.quote(line)}; echo --end--")
        env = dict(_env(self), XDG_CONFIG_HOME=os.path.join(self.home, ".config"))
        p = subprocess.run(["fish", "--no-config", "-c", "\n".join(script)], env=env, capture_output=True,
                           text=True, timeout=60)
        chunks = p.stdout.split("--end--\n")
        self.assertEqual(len(chunks), len(lines) + 1, p.stderr)
        return [[w.split("\t")[0] for w in c.splitlines() if w] for c in chunks[:-1]]


# Loaded into an interactive zsh: compinit with the scripts on fpath, and a
# compadd that records every word the completion adds (not the lookups of
# -O, -A and -D) to $HITS; after one completion, zsh exits.
ZSH_INIT = r"""
fpath=($COMPLETIONS $fpath)
autoload -Uz compinit && compinit -u -d $ZDOTDIR/zcompdump
compadd() {
  local -i i=${@[(i)(-|--)]}
  if [[ " ${@[1,i-1]} " == *\ -[[:alnum:]]#[OAD]*\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits
  builtin compadd -A hits "$@"
  (( $#hits )) && print -rl -- $hits >> $HITS
  builtin compadd "$@"
}
_bc_done() { print -r -- --end-- >> $HITS; exit }
comppostfuncs=(_bc_done)
bindkey '^I' complete-word
"""


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class ZshTest(ShellCases, BackcareTest):
    def setUp(self):
        super().setUp()
        if pexpect is None:
            self.skipTest("needs python3-pexpect")
        self.zdot = os.path.join(self.tmp, "zdot")
        os.makedirs(self.zdot)
        with open(os.path.join(self.zdot, "init.zsh"), "w") as f:
            f.write(ZSH_INIT)

    def complete_many(self, lines):
        out = []
        hits = os.path.join(self.zdot, "hits")
        env = dict(_env(self), COMPLETIONS=COMPLETIONS, ZDOTDIR=self.zdot, HITS=hits, TERM="xterm")
        for line in lines:
            if os.path.exists(hits):
                os.unlink(hits)
            child = pexpect.spawn("zsh", ["-f", "-i"], env=env, encoding="utf-8", dimensions=(50, 250),
                                  timeout=20)
            try:
                child.sendline(f"source {shlex.quote(self.zdot)}/init.zsh")
                child.send(line + "\t")
                child.expect(pexpect.EOF)
            finally:
                child.close(force=True)
            with open(hits) as f:
                words = f.read().splitlines()
            self.assertEqual(words[-1:], ["--end--"], line)
            # The same word may be added twice (two groups): keep it once.
            out.append(list(dict.fromkeys(words[:-1])))
        return out

    def test_script_parses(self):
        p = subprocess.run(["zsh", "-n", os.path.join(COMPLETIONS, "_backcare")], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_option_values_after_equals(self):
        got = self.complete_many(["backcare start morning --skip=cat-cow,n", "backcare --color=a"])
        self.assertEqual(sorted(self.ids(got[0])), ["neck-stretch", "neck-tilts"])
        self.assertEqual(sorted(got[1]), ["always", "auto"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
