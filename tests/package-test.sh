#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package, as a department's IT gets it: built with
# dpkg-buildpackage from the tracked files, checked by lintian (no error),
# installed with apt-get on this machine, its programs run (the CLI's help,
# the app's version, the app's first window under Xvfb, the manual pages and
# the help in both languages), then removed, leaving no file behind.
#
#   tests/package-test.sh [OUTPUT_DIR]     (as root, or with sudo)
#
# OUTPUT_DIR keeps the .deb and the logs (default: a temporary folder).
set -eu

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-}"
work="$(mktemp -d)"
[ -n "$out" ] || out="$work/out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"   # the build runs in another folder
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

cleanup () {
  status=$?
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

step () { printf '== %s\n' "$*"; }
fail () { printf 'package-test: %s\n' "$*" >&2; exit 1; }

step "tools and build dependencies"
need=""
for p in dpkg-dev debhelper fakeroot lintian xvfb xauth x11-utils dbus man-db; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

step "source: the tracked files of $root"
mkdir -p "$work/src/mekenjai"
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work/src/mekenjai"
cd "$work/src/mekenjai"
# Every Build-Depends installed (the list in debian/control is the package's own).
DEBIAN_FRONTEND=noninteractive $sudo apt-get build-dep -y -qq ./ >/dev/null
dpkg-checkbuilddeps

step "dpkg-buildpackage -us -uc -b"
DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1 \
  || { tail -40 "$out/build.log"; fail "the package did not build (log: $out/build.log)"; }
cd "$work/src"
deb=$(ls mekenjai_*_*.deb | grep -v dbgsym | head -1)
[ -n "$deb" ] || fail "no .deb was made"
cp mekenjai_*.deb mekenjai_*.changes mekenjai_*.buildinfo "$out/" 2>/dev/null || true
deb="$out/$deb"
echo "$deb"

step "the package's contents"
dpkg-deb --contents "$deb" >"$out/contents.txt"
for f in ./usr/bin/mekenjai ./usr/bin/mekenjai-cli ./usr/libexec/mekenjai-scanner \
         ./usr/share/applications/kz.mekenjai.Mekenjai.desktop \
         ./usr/share/metainfo/kz.mekenjai.Mekenjai.metainfo.xml \
         ./usr/share/glib-2.0/schemas/kz.mekenjai.Mekenjai.gschema.xml \
         ./usr/share/locale/kk/LC_MESSAGES/mekenjai.mo ./usr/share/locale/ru/LC_MESSAGES/mekenjai.mo \
         ./usr/share/help/kk/mekenjai/index.page ./usr/share/help/ru/mekenjai/index.page \
         ./usr/share/man/man1/mekenjai.1.gz ./usr/share/man/man1/mekenjai-cli.1.gz \
         ./usr/share/bash-completion/completions/mekenjai-cli \
         ./usr/share/doc/mekenjai/examples/90_mekenjai-department.gschema.override; do
  grep -q " $f\$" "$out/contents.txt" || fail "the package lacks $f"
done
# Stripped: no debugging sections left in the programs.
mkdir "$work/unpacked"
dpkg-deb -x "$deb" "$work/unpacked"
for b in usr/bin/mekenjai usr/bin/mekenjai-cli usr/libexec/mekenjai-scanner; do
  if readelf -S "$work/unpacked/$b" | grep -q '\.debug_info'; then fail "$b is not stripped"; fi
done
dpkg-deb --field "$deb" Depends | tee "$out/depends.txt"
for d in libgtk-3-0 libpq5 libsane1 libzbar0 fonts-dejavu-core; do
  grep -q "$d" "$out/depends.txt" || fail "Depends: lacks $d"
done

step "lintian (no error)"
lintian --fail-on error --no-tag-display-limit "$deb" | tee "$out/lintian.txt" \
  || fail "lintian reports errors"

step "apt-get install ./$(basename "$deb")"
dpkg -s mekenjai >/dev/null 2>&1 && fail "mekenjai is already installed on this machine"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb" >"$out/install.log" 2>&1 \
  || { cat "$out/install.log"; fail "apt-get install failed"; }
dpkg -L mekenjai | sort >"$out/installed.txt"

step "the installed programs"
[ "$(command -v mekenjai-cli)" = /usr/bin/mekenjai-cli ] || fail "mekenjai-cli is not /usr/bin/mekenjai-cli"
mekenjai-cli --help | grep -q "Usage: mekenjai-cli" || fail "mekenjai-cli --help"
[ "$(mekenjai --version)" = "mekenjai $(dpkg-query -W -f='${Version}' mekenjai)" ] || fail "mekenjai --version"
# The options for benchmarks and screenshots are not in a normal build (a
# password on the command line, a backdated "today").
for opt in "--sign-in demo-admin:demo" "--today 2020-01-01" "--seed-demo 10" "--screenshot main:x.png" "--benchmark"; do
  # shellcheck disable=SC2086
  if mekenjai $opt --version >/dev/null 2>&1; then fail "the installed app takes $opt"; fi
done
# The CLI works on a database of its own, with the installed data.
home="$work/home"
mkdir -p "$home"
HOME="$home" mekenjai-cli --db "$home/cases.db" demo --cases 20 --seed 1 >/dev/null
[ "$(HOME="$home" mekenjai-cli --db "$home/cases.db" search --limit 1 | wc -l)" -ge 1 ] || fail "search found nothing"
# The installed translations: the help text in Kazakh and Russian is not the English one.
for lang in kk ru; do
  [ "$(LC_ALL=C.UTF-8 LANGUAGE=$lang mekenjai-cli --help)" != "$(LC_ALL=C.UTF-8 LANGUAGE=C mekenjai-cli --help)" ] \
    || fail "mekenjai-cli is not translated to $lang"
done
man -w mekenjai mekenjai-cli >/dev/null || fail "the manual pages are not found by man"
for lang in C kk ru; do
  xmllint --noout "/usr/share/help/$lang/mekenjai/index.page" || fail "help ($lang)"
done

step "the installed app opens its first window under Xvfb"
cat >"$work/first-window.sh" <<'EOS'
#!/bin/sh
set -eu
mekenjai --db "$HOME/app.db" &
app_pid=$!
i=0
# The first run on an empty database asks how to start (demo data or an administrator).
# A window of the app's class that is on the screen (not GDK's hidden leader).
shown () {
  for id in $(xwininfo -root -tree 2>/dev/null | grep '("mekenjai" "Mekenjai")' | awk '{ print $1 }'); do
    if xwininfo -id "$id" | grep -q 'Map State: IsViewable'; then
      xwininfo -id "$id" | sed -n 's/^xwininfo: Window id: //p'
      return 0
    fi
  done
  return 1
}
until shown; do
  i=$((i + 1))
  if [ $i -gt 300 ] || ! kill -0 $app_pid 2>/dev/null; then
    echo "no window of Mekenjai appeared" >&2
    xwininfo -root -tree >&2 || true
    exit 1
  fi
  sleep 0.1
done
kill $app_pid
wait $app_pid 2>/dev/null || true
EOS
HOME="$home" XDG_RUNTIME_DIR="$work" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- sh "$work/first-window.sh" \
  || fail "the app did not open its first window"

step "apt-get remove mekenjai leaves no file behind"
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq mekenjai >"$out/remove.log" 2>&1 \
  || { cat "$out/remove.log"; fail "apt-get remove failed"; }
left=""
while IFS= read -r path; do
  [ -e "$path" ] || continue
  [ -d "$path" ] && continue   # shared folders such as /usr/share/help/kk
  left="$left $path"
done <"$out/installed.txt"
[ -z "$left" ] || fail "left behind:$left"
if dpkg -s mekenjai >/dev/null 2>&1 && dpkg -s mekenjai | grep -q '^Status: .* config-files'; then
  fail "configuration files were left behind"
fi
[ ! -e /usr/share/help/kk/mekenjai ] || fail "/usr/share/help/kk/mekenjai is left behind"

echo "package-test: ok ($(basename "$deb"), $(wc -l <"$out/installed.txt") paths)"
