#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""AT-SPI end to end: a wrong password is refused in words, the right one
opens the main window with the case list; the user's role decides what it offers."""
import sys

from mkatspi import Atspi, app_root, demo_database, find, main_window, sign_in, start_app, wait_for


def main():
    db = demo_database()
    proc = start_app(db)
    try:
        root = app_root(proc)

        print("1..3")
        dialog = sign_in(root, "demo-center", "wrong")
        wait_for(lambda: find(dialog, Atspi.Role.LABEL, name_prefix="Wrong password", showing=True),
                 "the wrong-password message")
        print("ok 1 /atspi/sign-in/wrong-password-refused")

        sign_in(root, "demo-center", "demo")
        window = main_window(root)
        # "My queue" is on for a center inspector; switching it off lists every case of the center.
        queue = wait_for(lambda: find(window, Atspi.Role.CHECK_BOX, name="My queue"), "the My queue filter")
        if queue.get_state_set().contains(Atspi.StateType.CHECKED):
            queue.do_action(0)
        case_list = wait_for(lambda: find(window, Atspi.Role.LIST_BOX, name="Applications"), "the case list")
        wait_for(lambda: case_list.get_child_count() > 0, "rows in the case list")
        print("ok 2 /atspi/sign-in/case-list-shown # rows: %d" % case_list.get_child_count())

        # §14: a center inspector registers applications.
        assert find(window, Atspi.Role.PUSH_BUTTON, name="New Application", showing=True) is not None
        print("ok 3 /atspi/sign-in/center-inspector-may-register")
        return 0
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
