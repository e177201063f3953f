#!/bin/sh
# The README's promises, tried in fresh Debian roots (issue 16). Needs root,
# debootstrap and the network to the Debian mirror apt uses here; takes many
# minutes (a debootstrap the first time, then builds and the whole suite).
#
#   tests/fresh-root.sh first SUITE      the README's first command, in a fresh
#                                        root, on a clean export (git archive)
#   tests/fresh-root.sh second SUITE     the README's second command, likewise
#   tests/fresh-root.sh deb SUITE FILE   apt-get install ./FILE, then
#                                        backcare --version, man backcare, and
#                                        bash, zsh and fish completion
#
# SUITE is bookworm (Debian 12) or trixie (Debian 13). Add --user after the
# mode to run the command as a user with sudo instead of as root.
#
# Roots live in $BACKCARE_ROOTS_DIR (default /var/tmp/backcare-roots): SUITE-base
# is debootstrapped once (--variant=minbase) and never changed; each run works
# on a fresh copy of it, SUITE-MODE. Everything runs in a private mount
# namespace, so the mounts (proc, dev) end with the script. The mirror is the
# one in /etc/apt/sources.list*, or $BACKCARE_MIRROR.
set -eu

usage() { echo "usage: $0 first|second|deb [--user] SUITE [FILE.deb]" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1; shift
as_user=
if [ "$1" = --user ]; then as_user=1; shift; fi
[ $# -ge 1 ] || usage
suite=$1
deb=${2:-}
case $mode in first|second) ;; deb) [ -n "$deb" ] && [ -f "$deb" ] || usage ;; *) usage ;; esac

[ "$(id -u)" = 0 ] || { echo "$0: needs root (debootstrap, chroot, mounts)" >&2; exit 77; }
command -v debootstrap >/dev/null || { echo "$0: needs debootstrap (apt-get install debootstrap)" >&2; exit 77; }

src=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "$deb" ]; then deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb"); fi

# A private mount namespace: nothing mounted here is seen outside, and it all
# goes when the script ends.
if [ -z "${BACKCARE_FRESH_ROOT_NS:-}" ]; then
  BACKCARE_FRESH_ROOT_NS=1 exec unshare -m --propagation private "$0" "$mode" ${as_user:+--user} "$suite" ${deb:+"$deb"}
fi

roots=${BACKCARE_ROOTS_DIR:-/var/tmp/backcare-roots}
mirror=${BACKCARE_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  sed -n -E 's/^(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:\/\/[^[:space:]]*\/debian\/?)([[:space:]].*)?$/\3/p' | head -n 1)}
[ -n "$mirror" ] || { echo "$0: no Debian mirror in /etc/apt/sources.list*: set BACKCARE_MIRROR" >&2; exit 77; }
mkdir -p "$roots"
base=$roots/$suite-base
root=$roots/$suite-$mode${as_user:+-user}

say() { printf '== %s\n' "$*"; }

if [ ! -e "$base/.backcare-base-complete" ]; then
  say "debootstrap $suite from $mirror into $base"
  rm -rf --one-file-system "$base"
  debootstrap --variant=minbase "$suite" "$base" "$mirror"
  touch "$base/.backcare-base-complete"
fi

say "fresh root $root (a copy of $base)"
rm -rf --one-file-system "$root"
cp -a "$base" "$root"
rm -f "$root/.backcare-base-complete"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# debootstrap writes no /etc/hosts; an installed Debian names its host there
# (sudo said "unable to resolve host" without it).
if [ ! -s "$root/etc/hosts" ]; then
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$(hostname)" > "$root/etc/hosts"
fi
# This computer's own certificate authorities (a network whose proxy signs
# with its own, as npm met here: SELF_SIGNED_CERT_IN_CHAIN), where Debian
# keeps local ones: ca-certificates, when the command installs it, adds
# them as it does here. The root's packages and the README's command are
# unchanged.
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -R /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"

# Runs a shell command in the root, with a clean environment.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin sh -c "$1"
}

say "$(in_root '. /etc/os-release; echo "$PRETTY_NAME"')"

# A user with sudo (for apt-get only, as the README says), when asked.
run_as=in_root
if [ -n "$as_user" ]; then
  in_root 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sudo >/dev/null &&
           useradd -m -s /bin/sh tester && echo "tester ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/tester'
  run_as=as_tester
fi
as_tester() {
  chroot "$root" /usr/bin/env -i HOME=/home/tester USER=tester LOGNAME=tester TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/bin:/usr/bin:/bin setpriv --reuid=tester --regid=tester --init-groups sh -c "$1"
}

# The README's command after the line that starts with $1.
readme_command() {
  awk -v intro="$1" 'index($0, intro) == 1 { found = 1 } found && /^```sh$/ { on = 1; next } on && /^```$/ { exit } on { print }' "$src/README.md"
}

case $mode in
first|second)
  if [ "$mode" = first ]; then intro="Install what is missing"; else intro="Install what the tests need"; fi
  command=$(readme_command "$intro")
  [ -n "$command" ] || { echo "$0: no command after '$intro' in README.md" >&2; exit 1; }
  home=/root
  [ -z "$as_user" ] || home=/home/tester
  say "clean export of $(git -C "$src" rev-parse --short HEAD) into $home/backcare"
  mkdir -p "$root$home/backcare"
  git -C "$src" archive --format=tar HEAD | tar -x -C "$root$home/backcare"
  [ -z "$as_user" ] || chown -R --reference="$root/home/tester" "$root$home/backcare"
  say "README's $mode command: $command"
  start=$(date +%s)
  status=0
  $run_as "cd $home/backcare && $command" </dev/null || status=$?
  say "exit status $status after $(( $(date +%s) - start )) s"
  exit $status
  ;;
deb)
  cp "$deb" "$root/tmp/"
  name=$(basename "$deb")
  say "apt-get install ./$name"
  in_root "cd /tmp && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./$name" </dev/null
  say "the shells and man, to try the package with"
  in_root 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends man-db bash-completion zsh fish >/dev/null' </dev/null
  fail=0
  check() {  # check WHAT EXPECTED-REGEX COMMAND
    out=$(in_root "$3" 2>&1) || true
    if printf '%s\n' "$out" | grep -Eq "$2"; then
      say "ok: $1"
    else
      say "FAILED: $1"; printf '%s\n' "$out" | sed 's/^/   | /'; fail=1
    fi
  }
  check "backcare --version" '^backcare [0-9]' 'backcare --version'
  check "man backcare (BUGS, COPYRIGHT)" '^COPYRIGHT' 'MANPAGER=cat MANWIDTH=80 man backcare 2>&1 | sed "s/.\x08//g"'
  check "man 5 backcare-journal" '^NAME' 'MANPAGER=cat man 5 backcare-journal 2>&1 | sed "s/.\x08//g"'
  # Each shell's own mechanism: bash-completion loads completions/backcare
  # on first use, zsh's compinit finds _backcare in $fpath, fish searches
  # its vendor_completions.d.
  cat > "$root/tmp/complete.bash" <<'BASH'
. /usr/share/bash-completion/bash_completion
_completion_loader backcare
f=$(complete -p backcare | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_WORDS=(backcare sta); COMP_CWORD=1; COMP_LINE="backcare sta"; COMP_POINT=12
"$f" backcare sta backcare
printf '%s\n' "${COMPREPLY[@]}"
BASH
  cat > "$root/tmp/complete.zsh" <<'ZSH'
autoload -Uz compinit && compinit -u -d /tmp/zcompdump
print "function for backcare: ${_comps[backcare]}"
print -l -- $^fpath/_backcare(N)
ZSH
  check "bash completion (bash-completion's loader)" '^stats$' 'bash /tmp/complete.bash'
  check "zsh completion (compinit)" '^function for backcare: _backcare$' 'zsh -f /tmp/complete.zsh'
  check "zsh completion from vendor-completions" '^/usr/share/zsh/vendor-completions/_backcare$' 'zsh -f /tmp/complete.zsh'
  check "fish completion (vendor_completions.d)" '^stats' 'fish -c "complete -C \"backcare sta\""'
  check "the packaged docs" 'copyright' 'ls /usr/share/doc/backcare'
  [ $fail = 0 ] && say "all checks passed" || say "some checks FAILED"
  exit $fail
  ;;
esac
