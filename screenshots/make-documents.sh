#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the PNG renderings of the printed documents (both languages are on one
# sheet): the §13 receipt and the §6 certificate of demo cases, issued through
# mekenjai-cli and rasterised with pdftoppm at 80 dpi; then the preview and
# "check a document" windows under Xvfb, in Kazakh and in Russian.
#
#   screenshots/make-documents.sh [BUILD_DIR]
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="$(cd "${1:-$root/build}" && pwd)"
cli="$build/src/cli/mekenjai-cli"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export LC_ALL=C.UTF-8
db="$work/demo.db"
printf 'demo\n' > "$work/password"
"$cli" --db "$db" demo --cases 300 --seed 1 >/dev/null

# A case of the demo user's own office (§10, §14: its documents are made there).
first_case () {
  "$cli" --db "$db" search --stage "$1" --office "$2" --limit 1 | awk '{ print $1 }'
}

document () {
  kind="$1"; regno="$2"; name="$3"; user="$4"
  "$cli" --db "$db" --user "$user" --password-file "$work/password" \
    render "$kind" --case "$regno" -o "$work/$name.pdf" >/dev/null
  pdftoppm -r 80 -png -singlefile "$work/$name.pdf" "$here/$name"
  echo "$here/$name.png"
}

# The center's receipt by its inspector, the provider's certificate by its executor.
document receipt "$(first_case issued c05)" document-receipt demo-center
document certificate "$(first_case issued p01)" document-certificate demo-exec

# The windows: drawn by the UI test program itself (MK_SCREENSHOT_DIR).
if [ -x "$build/tests/ui/test-print" ] && command -v xvfb-run >/dev/null; then
  for lang in kk ru; do
    LANGUAGE="$lang" MK_SCREENSHOT_DIR="$here" GSETTINGS_BACKEND=memory \
      GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
      MK_LOCALEDIR="$build/po" \
      xvfb-run -a -s "-screen 0 1280x1024x24" "$build/tests/ui/test-print" >/dev/null
    for shot in sign-dialog check-document certificate-form; do
      mkdir -p "$root/help/$lang/figures"
      cp "$here/$shot-$lang.png" "$root/help/$lang/figures/$shot.png"
      echo "$root/help/$lang/figures/$shot.png"
    done
    for shot in document-receipt document-certificate-to-sign sign-dialog document-certificate-signed case-results check-document certificate-form; do
      echo "$here/window-$shot-$lang.png"
      mv "$here/$shot-$lang.png" "$here/window-$shot-$lang.png"
    done
  done
  # The help's original English pages: the same windows in English.
  work_en="$work/en"
  mkdir -p "$work_en"
  LANGUAGE=en MK_SCREENSHOT_DIR="$work_en" GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
    MK_LOCALEDIR="$build/po" \
    xvfb-run -a -s "-screen 0 1280x1024x24" "$build/tests/ui/test-print" >/dev/null
  for shot in sign-dialog check-document certificate-form; do
    cp "$work_en/$shot-en.png" "$root/help/C/figures/$shot.png"
    echo "$root/help/C/figures/$shot.png"
  done
fi
