#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one AT-SPI end-to-end script in a private D-Bus session and X server,
# with the accessibility bridge switched on.
set -eu

script="$1"
unset NO_AT_BRIDGE GTK_A11Y || true
# No desktop portal in the private session: GTK would try to start one.
export GTK_USE_PORTAL=0

# The interpreter that has PyGObject and the Atspi typelib.
python=python3
if ! python3 -c 'import gi; gi.require_version("Atspi", "2.0")' 2>/dev/null; then
  python=/usr/bin/python3
fi

exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$python" "$script"
