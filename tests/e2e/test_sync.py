"""backcare sync (SPEC §9): two computers (two HOMEs) and one bare git
repository. Diverged journals merge with every line kept and counted once;
an unreachable remote changes nothing; a conflict git cannot join stops
with advice and loses nothing."""
import json
import os
import shutil
import subprocess
import unittest

from harness import BIN, HEADER, BackcareTest

GIT = shutil.which("git")


@unittest.skipUnless(GIT, "git is not installed")
class SyncTest(BackcareTest):
    def setUp(self):
        super().setUp()
        self.bare = os.path.join(self.tmp, "remote.git")
        subprocess.run(["git", "init", "-q", "--bare", self.bare], check=True)
        self.home_b = os.path.join(self.tmp, "home-b")
        os.makedirs(self.home_b)
        # No git identity in either HOME's config: backcare must cope. The
        # environment names the author, as a test should.
        self.env.update({"GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.org",
                         "GIT_COMMITTER_NAME": "Ana", "GIT_COMMITTER_EMAIL": "ana@example.org",
                         "GIT_CONFIG_NOSYSTEM": "1"})

    def b(self, *args, **kw):
        env = dict(kw.pop("env", None) or {}, HOME=self.home_b)
        return self.run_bc(*args, env=env, **kw)

    @property
    def journal_b(self):
        return os.path.join(self.home_b, ".local", "share", "backcare", "journal.txt")

    def git(self, folder, *args, check=True, env=None):
        e = dict(self.env)
        e.update(env or {})
        return subprocess.run(["git", "-C", folder, *args], env=e, capture_output=True, text=True, check=check)

    def text(self, path):
        with open(path) as f:
            return f.read()

    def lines(self, path):
        return self.text(path).splitlines()

    def test_diverged_journals_merge_every_line_once(self):
        self.run_bc("log", "session", "morning", "--date", "-3", check=0)
        self.run_bc("sync", "--init", self.bare, check=0)
        folder_a = os.path.dirname(self.journal)
        attrs = self.text(os.path.join(folder_a, ".gitattributes"))
        self.assertIn("/journal.txt merge=union", attrs)
        self.assertEqual(oct(os.stat(self.journal).st_mode & 0o777), "0o600")
        # B has no journal yet: it takes the remote's.
        self.b("sync", "--init", self.bare, check=0)
        self.assertEqual(self.lines(self.journal_b), self.lines(self.journal))
        # Both log on their own, then sync in turn.
        self.run_bc("log", "session", "morning", "--date", "-2", check=0)
        self.run_bc("log", "pain", "3", "--note", "from A", check=0)
        self.b("log", "session", "morning", "--date", "-1", check=0)
        self.b("log", "pain", "4", "--note", "from B", check=0)
        self.b("log", "session", "morning", "--date", "-3", check=0)  # the very line A has: counted once
        before_a, before_b = set(self.lines(self.journal)), set(self.lines(self.journal_b))
        self.run_bc("sync", check=0)
        self.b("sync", check=0)
        self.run_bc("sync", check=0)
        la, lb = self.lines(self.journal), self.lines(self.journal_b)
        self.assertEqual(sorted(la), sorted(lb))
        self.assertTrue(before_a <= set(la) and before_b <= set(la), la)
        self.assertNotIn("<<<<<<<", "\n".join(la))
        for home in (self.home, self.home_b):
            s = json.loads(self.run_bc("stats", "--json", env={"HOME": home}).stdout)
            self.assertEqual(s["sessions"], 3, home)  # -3 (on both sides), -2, -1
        # History is never rewritten: A's first commit is still an ancestor.
        log = self.git(folder_a, "log", "--format=%s").stdout
        self.assertIn("backcare sync --init", log)
        self.git(folder_a, "merge-base", "--is-ancestor", "origin/main", "HEAD")

    def test_init_pushes_and_sync_without_changes(self):
        self.run_bc("log", "rest", check=0)
        self.run_bc("sync", "--init", self.bare, check=0)
        shown = self.git(self.bare, "show", "main:journal.txt").stdout
        self.assertEqual(shown.splitlines(), self.lines(self.journal))
        p = self.run_bc("sync", check=0)
        self.assertIn("in step", p.stderr)
        self.assertEqual(self.run_bc("sync", "-q", check=0).stderr, "")

    def test_an_unreachable_remote_changes_nothing(self):
        self.run_bc("log", "rest", check=0)
        folder = os.path.dirname(self.journal)
        before = sorted(os.listdir(folder))
        missing = os.path.join(self.tmp, "nowhere.git")
        p = self.run_bc("sync", "--init", missing, check=1)
        self.assertIn("cannot reach the remote", p.stderr)
        self.assertIn("nothing was changed", p.stderr)
        self.assertEqual(sorted(os.listdir(folder)), before)  # no .git, no .gitattributes
        # Set up, then the remote goes away: sync says so, the journal is as it was.
        self.run_bc("sync", "--init", self.bare, check=0)
        self.run_bc("log", "pain", "2", check=0)
        text = self.text(self.journal)
        head = self.git(folder, "rev-parse", "HEAD").stdout
        shutil.move(self.bare, self.bare + ".away")
        p = self.run_bc("sync", check=1)
        self.assertIn("cannot reach the remote", p.stderr)
        self.assertIn("run 'backcare sync' again", p.stderr)
        self.assertEqual(self.text(self.journal), text)
        self.assertEqual(self.git(folder, "rev-parse", "HEAD").stdout, head)  # not even a commit

    def test_a_conflict_outside_the_journal_stops_with_advice(self):
        self.run_bc("log", "rest", check=0)
        self.run_bc("sync", "--init", self.bare, check=0)
        self.b("sync", "--init", self.bare, check=0)
        folder_a, folder_b = os.path.dirname(self.journal), os.path.dirname(self.journal_b)
        for folder, text in ((folder_a, "A's words\n"), (folder_b, "B's words\n")):
            with open(os.path.join(folder, "notes.md"), "w") as f:
                f.write(text)
        self.run_bc("log", "pain", "1", "--note", "A", check=0)
        self.b("log", "pain", "2", "--note", "B", check=0)
        self.run_bc("sync", check=0)
        journal_b = self.text(self.journal_b)
        p = self.b("sync", check=1)
        self.assertIn("notes.md", p.stderr)
        self.assertIn("git pull --no-rebase", p.stderr)
        self.assertIn("nothing was pushed", p.stderr)
        # B's side is whole: its journal as it was, no conflict markers, no merge left half done.
        self.assertEqual(self.text(self.journal_b), journal_b)
        self.assertEqual(self.text(os.path.join(folder_b, "notes.md")), "B's words\n")
        self.assertFalse(os.path.exists(os.path.join(folder_b, ".git", "MERGE_HEAD")))
        # The remote still has A's lines only.
        self.assertNotIn("note=B", self.git(self.bare, "show", "main:journal.txt").stdout)

    def test_not_set_up_and_a_shared_folder(self):
        p = self.run_bc("sync", check=1)
        self.assertIn("sync --init REMOTE", p.stderr)
        # A journal in a folder with other things is not made a repository of them.
        other = os.path.join(self.tmp, "docs")
        os.makedirs(other)
        open(os.path.join(other, "taxes.pdf"), "w").close()
        p = self.run_bc("--journal", os.path.join(other, "journal.txt"), "sync", "--init", self.bare, check=2)
        self.assertIn("taxes.pdf", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(other, ".git")))

    def test_works_without_any_git_identity(self):
        for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
            self.env.pop(k)
        self.env["EMAIL"] = ""
        self.run_bc("log", "rest", check=0)
        self.run_bc("sync", "--init", self.bare, check=0)
        self.run_bc("log", "pain", "1", check=0)
        self.run_bc("sync", check=0)
        self.assertIn("pain 1", self.git(self.bare, "show", "main:journal.txt").stdout)


    def fake_ssh(self):
        """A stand-in for ssh in GIT_SSH_COMMAND: it logs the host and the
        command git asks for (git-upload-pack or git-receive-pack 'PATH')
        and runs that command here, as sshd would on the host. No network."""
        log = os.path.join(self.tmp, "ssh.log")
        script = os.path.join(self.tmp, "fake-ssh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\n"
                    "# git asks 'ssh -G ... HOST' which kind of ssh this is: OpenSSH's\n"
                    "case \" $* \" in *' -G '*) exit 0 ;; esac\n"
                    "# then calls: ssh [-o OPTION] [-p PORT] HOST COMMAND\n"
                    "while [ $# -gt 2 ]; do shift; done\n"
                    f"printf '%s %s\\n' \"$1\" \"$2\" >> '{log}'\n"
                    "exec sh -c \"$2\"\n")
        os.chmod(script, 0o755)
        self.env["GIT_SSH_COMMAND"] = script
        return log

    def test_sync_through_the_ssh_transport(self):
        # Both URL forms git takes for ssh: ssh://HOST/PATH on A, HOST:PATH on B.
        log = self.fake_ssh()
        self.run_bc("log", "session", "morning", "--date", "-2", check=0)
        self.run_bc("sync", "--init", "ssh://backup.example" + self.bare, check=0)
        self.b("sync", "--init", "backup.example:" + self.bare, check=0)
        self.assertEqual(self.lines(self.journal_b), self.lines(self.journal))
        self.assertEqual(self.git(os.path.dirname(self.journal_b), "remote", "get-url", "origin").stdout.strip(),
                         "backup.example:" + self.bare)  # kept as given, not made a local path
        self.run_bc("log", "pain", "3", "--note", "from A", check=0)
        self.b("log", "pain", "4", "--note", "from B", check=0)
        self.run_bc("sync", check=0)
        self.b("sync", check=0)
        self.run_bc("sync", check=0)
        la, lb = self.lines(self.journal), self.lines(self.journal_b)
        self.assertEqual(la, lb)
        self.assertTrue(any("from A" in l for l in la) and any("from B" in l for l in la), la)
        calls = self.lines(log)
        self.assertTrue(all(c.startswith("backup.example git-") for c in calls), calls)
        self.assertTrue(any("git-receive-pack '" + self.bare + "'" in c for c in calls), calls)
        self.assertTrue(any("git-upload-pack '" + self.bare + "'" in c for c in calls), calls)
        # The host down (ssh exits 255): a clear message, nothing changed.
        with open(self.env["GIT_SSH_COMMAND"], "w") as f:
            f.write("#!/bin/sh\necho 'ssh: connect to host backup.example port 22: No route to host' >&2\n"
                    "exit 255\n")
        self.run_bc("log", "rest", check=0)
        text, head = self.text(self.journal), self.git(os.path.dirname(self.journal), "rev-parse", "HEAD").stdout
        p = self.run_bc("sync", check=1)
        self.assertIn("cannot reach the remote origin: nothing was changed", p.stderr)
        self.assertIn("No route to host", p.stderr)
        self.assertEqual(self.text(self.journal), text)
        self.assertEqual(self.git(os.path.dirname(self.journal), "rev-parse", "HEAD").stdout, head)

    def test_a_remote_that_wants_a_key_or_a_host_key(self):
        # sync never lets git ask (cron runs it): an ssh remote that refuses
        # the key, or whose host key is not known yet, is said to be so.
        self.fake_ssh()
        self.run_bc("log", "rest", check=0)
        folder = os.path.dirname(self.journal)
        before = sorted(os.listdir(folder))
        for words, said in (("git@backup.example: Permission denied (publickey).", "wants a password or a key"),
                            ("Host key verification failed.", "is on a host whose ssh key this computer does not know")):
            with open(self.env["GIT_SSH_COMMAND"], "w") as f:
                f.write(f"#!/bin/sh\necho '{words}' >&2\nexit 255\n")
            p = self.run_bc("sync", "--init", "git@backup.example:back.git", check=1)
            self.assertIn(f"the remote git@backup.example:back.git {said}", p.stderr)
            self.assertIn("git ls-remote git@backup.example:back.git", p.stderr)
            self.assertIn("then run 'backcare sync --init git@backup.example:back.git' again", p.stderr)
            self.assertNotIn("cannot reach", p.stderr)
            self.assertEqual(sorted(os.listdir(folder)), before)

    def test_an_http_remote_that_wants_a_password(self):
        # A local web server that answers every request with 401: git would
        # ask for a user name on the terminal; sync says what to set up.
        import http.server
        import threading

        class Refuse(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="backcare"')
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        url = f"http://127.0.0.1:{server.server_address[1]}/me/backcare.git"
        self.run_bc("log", "rest", check=0)
        folder = os.path.dirname(self.journal)
        before = sorted(os.listdir(folder))
        p = self.run_bc("sync", "--init", url, check=1, timeout=30)
        self.assertIn(f"the remote {url} wants a password or a key that sync cannot give: nothing was changed",
                      p.stderr)
        self.assertIn("credential helper", p.stderr)
        self.assertEqual(sorted(os.listdir(folder)), before)

    def test_an_https_remote_that_cannot_be_reached(self):
        # Offline, an https remote can only fail: port 1 of this computer
        # refuses at once (no DNS, no network). The message is plain and
        # nothing is changed, by --init or by sync.
        url = "https://127.0.0.1:1/me/backcare.git"
        self.run_bc("log", "rest", check=0)
        folder = os.path.dirname(self.journal)
        before = sorted(os.listdir(folder))
        p = self.run_bc("sync", "--init", url, check=1)
        self.assertIn(f"cannot reach the remote {url}: nothing was changed", p.stderr)
        self.assertIn("git: ", p.stderr)  # git's own reason, quoted
        self.assertEqual(len(p.stderr.splitlines()), len(set(p.stderr.splitlines())), p.stderr)
        self.assertEqual(sorted(os.listdir(folder)), before)
        # Nothing is set up yet, so the advice is --init again (it said
        # 'git remote -v' and 'backcare sync', which only fail here).
        self.assertIn(f"then run 'backcare sync --init {url}' again", p.stderr)
        self.assertNotIn("git remote -v", p.stderr)
        self.run_bc("sync", "--init", self.bare, check=0)
        self.git(folder, "remote", "set-url", "origin", url)
        self.run_bc("log", "pain", "2", check=0)
        text, head = self.text(self.journal), self.git(folder, "rev-parse", "HEAD").stdout
        p = self.run_bc("sync", check=1)
        self.assertIn("cannot reach the remote origin: nothing was changed", p.stderr)
        self.assertEqual(self.text(self.journal), text)
        self.assertEqual(self.git(folder, "rev-parse", "HEAD").stdout, head)
        self.assertEqual(self.git(folder, "status", "--porcelain").stdout, " M journal.txt\n")


class ReplacedJournalTest(BackcareTest):
    def test_a_write_waiting_while_the_journal_is_replaced_lands_in_the_new_file(self):
        # What sync's merge (or a 'git pull' by hand) does: git writes the
        # merged journal as a new file. A 'log' waiting for the lock meanwhile
        # must append to that file, not to the old one, now unlinked.
        import fcntl
        import time
        self.write_journal(f"{HEADER}\n2026-11-27 rest\n")
        with open(self.journal) as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            p = subprocess.Popen([BIN, "log", "note", "while merging"], env=self.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            time.sleep(0.5)  # it has opened the old file and waits for the lock
            new = self.journal + ".merged"
            with open(new, "w") as f:
                f.write(f"{HEADER}\n2026-11-27 rest\n2026-11-26 rest\n")
            os.rename(new, self.journal)
            fcntl.flock(held, fcntl.LOCK_UN)
            out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        lines = self.journal_lines()
        self.assertIn("2026-11-26 rest", lines)
        self.assertTrue(any("while merging" in l for l in lines), lines)


if __name__ == "__main__":
    unittest.main()
