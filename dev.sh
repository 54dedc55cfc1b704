#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a fresh Debian 12 machine for Mekenjai, then builds and runs the app
# (`./dev.sh run`) or every test (`./dev.sh test`).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-3-dev libsqlite3-dev sqlite3 libpq-dev libsecret-1-dev libsodium-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev libpoppler-glib-dev poppler-utils libqrencode-dev libxlsxwriter-dev
  libgnutls28-dev gnutls-bin libsane-dev sane-utils libtiff-dev libjpeg-dev libpng-dev zlib1g-dev libzbar-dev
  desktop-file-utils appstream libglib2.0-bin
  itstool yelp-tools libxml2-utils man-db bash-completion  # help, manual pages, completion
  xvfb xauth dbus dbus-x11 at-spi2-core python3 python3-gi gir1.2-atspi-2.0 gir1.2-gtk-3.0
  zbar-tools fonts-dejavu-core fonts-noto-core imagemagick qpdf openssl
  evince  # GTK's print dialog shows its print preview with it
  postgresql-15 postgresql-client-15  # the department server: the tests start one of their own
)

setup () {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build () { # build DIR [meson options…]
  local dir=$1; shift
  if [ -d "$dir" ]; then meson setup --reconfigure "$dir" "$@" >/dev/null; else meson setup "$dir" "$@"; fi
  ninja -C "$dir"
}

case "${1:-}" in
  run)
    setup
    build _build -Ddevelopment=true
    shift
    # Run from the build tree: its compiled translations (and settings schema).
    export MK_LOCALEDIR="$PWD/_build/po"
    export MK_SCANNER_HELPER="$PWD/_build/src/core/scan/mekenjai-scanner"
    exec ./_build/src/ui/mekenjai "$@"
    ;;
  test)
    setup
    build _build -Ddevelopment=true
    meson test -C _build --print-errorlogs --num-processes 2
    # The store and command-line tests again on a real PostgreSQL server,
    # started here in a temporary folder (tests/pg-server.sh) and stopped after.
    pgdir=$(mktemp -d /tmp/mekenjai-pg-XXXXXX)
    trap 'bash tests/pg-server.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
    MK_TEST_PG=$(bash tests/pg-server.sh start "$pgdir")
    export MK_TEST_PG
    meson test -C _build --print-errorlogs --num-processes 2 --suite engines --logbase postgresql
    # Once more alone, with leave to restart the server under a working store.
    MK_TEST_PG_DIR=$pgdir meson test -C _build --print-errorlogs store-crash --logbase postgresql-restart
    unset MK_TEST_PG
    # The same tests under AddressSanitizer and UndefinedBehaviorSanitizer. Leak
    # checking covers the core, store, documents and command line; GTK and the
    # scanning helper's SANE backends keep caches for the process's life (a
    # backend is unloaded at sane_exit, so LeakSanitizer cannot even name it):
    # there the sanitizers still catch every invalid access, but leaks are not
    # reported.
    build _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Ddevelopment=true
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    export LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
      meson test -C _build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 4 \
        --logbase leaks --no-suite ui --no-suite scan
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
      meson test -C _build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 4 \
        --logbase gui --suite ui --suite scan
    ;;
  *)
    echo "usage: ./dev.sh run [--db PATH] | ./dev.sh test" >&2
    exit 2
    ;;
esac
