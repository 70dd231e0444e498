#!/usr/bin/env bash
# Checks the Binder (repo2docker) configuration without repo2docker, which cannot run here:
#   1. every package in binder/apt.txt exists in the APT lists (`apt-cache show`);
#   2. binder/postBuild is executable;
#   3. postBuild runs as an ordinary user in a fresh HOME against a fresh clone of this repository, and leaves
#      a built jar, the user's kernelspec and the DJL native cache behind.
# Maven Central is out of reach here, so step 3 gives the user a Maven settings file that points at a
# read-only copy of the caller's local Maven repository (hard links; MAVEN_REPO overrides its location) and
# works offline; postBuild's dataset downloads fail without network and must be skipped with a message.
# Run as root, step 3 uses (and if needed creates) the user `nbuser`; otherwise it runs as the caller.
# Exit status 0 when all checks pass; otherwise 1 with the reasons on stderr.
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
fail() { echo "binder check: $*" >&2; exit 1; }

# ---- 1. apt.txt
[ -f "$here/apt.txt" ] || fail "binder/apt.txt is missing"
missing=()
while read -r line; do
  pkg="${line%%#*}"; pkg="$(echo "$pkg" | xargs)"
  [ -z "$pkg" ] && continue
  apt-cache show "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done <"$here/apt.txt"
[ ${#missing[@]} -eq 0 ] || fail "apt.txt names packages that apt-cache does not know: ${missing[*]} (run apt-get update first if the lists are empty)"
echo "binder check: apt.txt — every package is known to apt-cache"

# ---- 2. postBuild
[ -x "$here/postBuild" ] || fail "binder/postBuild is missing or not executable"
echo "binder check: postBuild is executable"

# ---- 3. run postBuild as an ordinary user
tmp="$(mktemp -d -t ruot4j-binder.XXXXXX)"
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
if [ "$(id -u)" = 0 ]; then
  user=nbuser
  id "$user" >/dev/null 2>&1 || useradd --no-create-home --shell /bin/bash "$user" || fail "cannot create user $user"
  as_user() { runuser -u "$user" -- "$@"; }
else
  user="$(id -un)"
  as_user() { "$@"; }
fi
home="$tmp/home"
mkdir -p "$home"
git clone -q --no-hardlinks "$root" "$tmp/repo" || fail "git clone of $root failed"
repo_src="${MAVEN_REPO:-$HOME/.m2/repository}"
# postBuild's build (./ruot4j) also runs the dependency plugin (build-classpath), which a plain `mvn test` never
# resolves: resolve it into the caller's repository first (online where Maven Central is reachable), so that the
# offline build below does not depend on whether another test happened to run ./ruot4j before this one
if [ -z "${MAVEN_REPO:-}" ]; then
  (cd "$root" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$tmp/classpath.txt" \
    -Dmdep.includeScope=runtime >/dev/null 2>&1) || echo "binder check: could not resolve the dependency plugin online; trying offline" >&2
fi
[ -d "$repo_src" ] || fail "no local Maven repository at $repo_src to build offline (set MAVEN_REPO)"
cp -al "$repo_src" "$tmp/m2" 2>/dev/null || cp -a "$repo_src" "$tmp/m2" || fail "cannot copy $repo_src"
mkdir -p "$home/.m2"
cat >"$home/.m2/settings.xml" <<XML
<settings>
  <localRepository>$tmp/m2</localRepository>
  <offline>true</offline>
</settings>
XML
javahome=""
if [ "$(id -u)" = 0 ]; then
  # Java takes user.home from the password database, not $HOME: make the fresh folder the user's home
  usermod -d "$home" "$user" || fail "cannot set the home of $user to $home"
  chown -R "$user" "$home" "$tmp/repo"
  # directories only: the files are hard links to the caller's repository and must keep their owner
  find "$tmp/m2" -type d -exec chown "$user" {} +
else
  javahome="-Duser.home=$home"
fi
start=$(date +%s)
if ! as_user env -i HOME="$home" ${javahome:+JAVA_TOOL_OPTIONS="$javahome"} USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
     bash -c 'cd "$1" && exec timeout 1200 binder/postBuild' postBuild "$tmp/repo" >"$tmp/postBuild.log" 2>&1; then
  tail -n 40 "$tmp/postBuild.log" >&2
  fail "postBuild failed as user $user (last lines above)"
fi
echo "binder check: postBuild ran as $user in a fresh HOME in $(( $(date +%s) - start )) s; its messages:"
grep '^postBuild' "$tmp/postBuild.log" | sed 's/^/  /'
[ -f "$tmp/repo/target/ruot4j.jar" ] || fail "postBuild left no target/ruot4j.jar"
spec="$home/.local/share/jupyter/kernels/ruot4j/kernel.json"
[ -f "$spec" ] || fail "postBuild installed no kernelspec at $spec"
grep -q "$tmp/repo/target/ruot4j.jar" "$spec" || fail "the kernelspec does not use the built jar: $spec"
[ -d "$home/.djl.ai/pytorch" ] || fail "postBuild did not unpack PyTorch into $home/.djl.ai/pytorch"
grep -q "ready" "$tmp/postBuild.log" || fail "postBuild did not load PyTorch"
echo "binder check: passed"
