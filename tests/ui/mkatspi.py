# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for driving Mekenjai through AT-SPI, as a screen reader would.

Shared by the end-to-end scripts: start the app on a demo database, find
widgets by role and name, sign in.
"""
import os
import subprocess
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

APP = os.environ.get("MK_APP", "mekenjai")
CLI = os.environ.get("MK_CLI", "mekenjai-cli")
TIMEOUT = float(os.environ.get("MK_ATSPI_TIMEOUT", "30"))
# Development builds: the moment the app's clock is pinned to (a working day
# within the center's hours, §16), so that no run depends on the real hour.
NOW = os.environ.get("MK_ATSPI_NOW")
# Databases the app seeds itself, on its pinned day, when it first opens them.
_unseeded = {}


def demo_database(n_cases=300):
    """A fresh database with demo users (password "demo") and @n_cases cases."""
    directory = tempfile.mkdtemp(prefix="mekenjai-atspi-")
    path = os.path.join(directory, "demo.db")
    if NOW:
        _unseeded[path] = n_cases
    else:
        subprocess.run([CLI, "--db", path, "demo", "--cases", str(n_cases)], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def start_app(db, *args):
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    pinned = []
    if NOW:
        pinned = ["--today", NOW]
        if db in _unseeded:
            pinned += ["--seed-demo", str(_unseeded.pop(db))]
    return subprocess.Popen([APP, "--db", db] + pinned + list(args), env=env)


def seed_now(db):
    """Seeds a database demo_database() left for the app, at once, on the
    pinned day: for tests that run the CLI on it before the app starts. The
    app seeds it, draws its first window and quits (--benchmark)."""
    if db not in _unseeded:
        return
    subprocess.run([APP, "--db", db, "--today", NOW, "--seed-demo", str(_unseeded.pop(db)), "--benchmark"],
                   check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)


def wait_for(predicate, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def walk(node, depth=0, max_depth=40):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        n = node.get_child_count()
    except Exception:
        return
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def find(node, role=None, name=None, name_prefix=None, showing=None):
    for item in walk(node):
        try:
            if role is not None and item.get_role() != role:
                continue
            item_name = item.get_name() or ""
            if name is not None and item_name != name:
                continue
            if name_prefix is not None and not item_name.startswith(name_prefix):
                continue
            if showing is not None:
                states = item.get_state_set()
                if states.contains(Atspi.StateType.SHOWING) != showing:
                    continue
            return item
        except Exception:
            continue
    return None


def app_root(proc):
    """The accessible application object of the process @proc."""
    def lookup():
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            child = desktop.get_child_at_index(i)
            try:
                if child is not None and child.get_process_id() == proc.pid:
                    return child
            except Exception:
                continue
        return None
    return wait_for(lookup, "the application on the accessibility bus")


def press(button):
    button.do_action(0)


def focus(widget, what, timeout=TIMEOUT):
    """Gives @widget the keyboard focus. Without a window manager a focus
    request made while its window is still being mapped is dropped by the X
    server, so the request is repeated, slowly enough not to interrupt one
    still on its way, until the widget reports the focus."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        widget.grab_focus()
        try:
            wait_for(lambda: widget.get_state_set().contains(Atspi.StateType.FOCUSED),
                     "focus on " + what, timeout=3)
            return
        except AssertionError:
            pass
    raise AssertionError("timed out waiting for focus on " + what)


def set_text(entry, text):
    entry.set_text_contents(text)


def choose(combo, name_part):
    """Selects the item of a combo box whose name contains @name_part, through
    the combo box's own selection (selecting on its popup menu trips GTK 3
    while the menu is not realised)."""
    menu = combo.get_child_at_index(0)
    for i in range(menu.get_child_count()):
        if name_part in (menu.get_child_at_index(i).get_name() or ""):
            combo.select_child(i)
            wait_for(lambda: name_part in (combo.get_name() or ""), "the choice in the combo box")
            return
    raise AssertionError("no item with %r in the combo box" % name_part)


def sign_in(root, login, password):
    """Fills the sign-in dialog and presses "Sign In"."""
    dialog = wait_for(lambda: find(root, Atspi.Role.DIALOG, name="Sign In"), "the sign-in dialog")
    combo = wait_for(lambda: find(dialog, Atspi.Role.COMBO_BOX), "the user list")
    choose(combo, "(%s)" % login)
    password_entry = find(dialog, Atspi.Role.PASSWORD_TEXT)
    set_text(password_entry, password)
    press(find(dialog, Atspi.Role.PUSH_BUTTON, name="Sign In"))
    return dialog


def main_window(root):
    return wait_for(lambda: find(root, Atspi.Role.FRAME, name="Mekenjai"), "the main window")
