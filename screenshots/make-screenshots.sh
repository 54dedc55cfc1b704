#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the screenshots of the metainfo and the README, and the figures of the
# user help: a demo database seeded with a pinned date, the real application
# under Xvfb (1280×1024, no window manager), in Kazakh and in Russian (and in
# English for the help's original pages in help/C).
#
#   screenshots/make-screenshots.sh [BUILD_DIR]
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="$(cd "${1:-$root/build}" && pwd)"
app="$build/src/ui/mekenjai"
today="2026-11-24"

if ! "$app" --today 2026-01-01 --version >/dev/null 2>&1; then
  echo "make-screenshots.sh: $app is not a development build (meson configure -Ddevelopment=true)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export LC_ALL=C.UTF-8
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export NO_AT_BRIDGE=1
export GDK_BACKEND=x11
# Translations compiled in the build tree (po/<lang>/LC_MESSAGES/mekenjai.mo).
export MK_LOCALEDIR="$build/po"

db="$work/demo.db"
# The first run seeds the database; the date is pinned so every run shows the same deadlines.
shoot_to () {
  lang="$1"; what="$2"; login="$3"; file="$4"
  LANGUAGE="$lang" xvfb-run -a -s "-screen 0 1280x1024x24" \
    "$app" --db "$db" --today "$today" --seed-demo 2000 \
    --sign-in "$login:demo" --screenshot "$what:$file" >/dev/null
  echo "$file"
}

shoot () {
  shoot_to "$1" "$2" "$3" "$here/$4-$1.png"
}

for lang in kk ru; do
  shoot "$lang" main demo-center main-window
  shoot "$lang" main demo-exec main-window-provider
  shoot "$lang" calendar demo-admin calendar
  shoot "$lang" users demo-admin users
  shoot "$lang" trust demo-admin trust
  shoot "$lang" reports demo-head reports
  shoot "$lang" preferences demo-admin preferences
  shoot "$lang" user-head demo-admin user-head
  shoot "$lang" intake demo-center intake
  shoot "$lang" case demo-exec case
done

# The help's figures: the English pages in help/C, their translations in help/LANG.
for lang in en kk ru; do
  if [ "$lang" = en ]; then figures="$root/help/C/figures"; else figures="$root/help/$lang/figures"; fi
  mkdir -p "$figures"
  shoot_to "$lang" main demo-center "$figures/main-window.png"
  shoot_to "$lang" main demo-exec "$figures/main-window-provider.png"
  shoot_to "$lang" calendar demo-admin "$figures/calendar.png"
  shoot_to "$lang" users demo-admin "$figures/users.png"
  shoot_to "$lang" preferences demo-admin "$figures/preferences.png"
  shoot_to "$lang" intake demo-center "$figures/intake.png"
  shoot_to "$lang" case demo-exec "$figures/case.png"
done
