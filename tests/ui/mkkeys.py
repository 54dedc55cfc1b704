# SPDX-License-Identifier: GPL-3.0-or-later
"""A keyboard for the AT-SPI scripts: real key presses on the X display
through XTest, as a clerk's keyboard sends them, with a count of the keys
pressed beyond the typed text, and the keyboard focus as the accessibility
bus reports it.

    keys = Keyboard()
    keys.tap("Tab")              # one keystroke
    keys.tap("n", "Alt_L")       # a mnemonic: one keystroke
    keys.type("Сейтқали")        # typed text, counted apart
    keys.close()

Characters the layout has no key for (Cyrillic, Kazakh letters, "+") are
bound to spare keycodes first, as xdotool does.
"""
import ctypes
import time

from gi.repository import GLib

from mkatspi import Atspi

KEYSYMS = {
    "Tab": 0xff09, "ISO_Left_Tab": 0xfe20, "Return": 0xff0d, "Escape": 0xff1b, "space": 0x20,
    "Left": 0xff51, "Up": 0xff52, "Right": 0xff53, "Down": 0xff54,
    "Shift_L": 0xffe1, "Control_L": 0xffe3, "Alt_L": 0xffe9,
}

_x11 = ctypes.CDLL("libX11.so.6")
_xtst = ctypes.CDLL("libXtst.so.6")
_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
_x11.XKeysymToKeycode.restype = ctypes.c_ubyte
_x11.XFlush.argtypes = [ctypes.c_void_p]
_x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
_x11.XDisplayKeycodes.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
_x11.XGetKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
_x11.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
_x11.XChangeKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_ulong), ctypes.c_int]
_x11.XFree.argtypes = [ctypes.c_void_p]
_xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]

# Typed as they are on the keyboard, without Shift.
PLAIN = set("abcdefghijklmnopqrstuvwxyz0123456789 ./-,")


def pump(seconds=0.0):
    """Runs the main loop (AT-SPI events arrive through it) for @seconds."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while True:
        while context.iteration(False):
            pass
        if time.monotonic() >= deadline:
            return
        time.sleep(0.01)


def keysym_of(char):
    code = ord(char)
    if code < 0x100:
        return code
    return 0x01000000 + code   # X11 Unicode keysym


class Keyboard:
    def __init__(self, delay=0.03):
        self.display = _x11.XOpenDisplay(None)
        assert self.display, "cannot open the X display"
        self.delay = delay
        self.keystrokes = 0      # keys beyond the typed text
        self.typed = 0           # characters typed
        self.log = []
        self.focused = None
        self._listener = Atspi.EventListener.new(self._focus_event)
        self._listener.register("object:state-changed:focused")
        self._spare = self._spare_keycodes()
        self._bound = {}

    def close(self):
        # Spare keycodes go back to having no symbol.
        for keycode in self._bound.values():
            self._map(keycode, 0)
        self._listener.deregister("object:state-changed:focused")
        _x11.XCloseDisplay(self.display)

    # --- focus --------------------------------------------------------------

    def _focus_event(self, event):
        if event.detail1:
            self.focused = event.source

    def wait_focus_change(self, before, what, timeout=5):
        """Waits until the focus is on another object than @before; fails
        saying @what when it stays (a focus trap)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pump(0.02)
            if self.focused is not None and self.focused != before:
                return self.focused
        raise AssertionError("the focus stayed on %s after %s" % (describe(before), what))

    def wait_focus(self, predicate, what, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pump(0.02)
            try:
                if self.focused is not None and predicate(self.focused):
                    return self.focused
            except Exception:
                pass
        raise AssertionError("timed out waiting for the focus on %s (it is on %s)"
                             % (what, describe(self.focused)))

    # --- keys ---------------------------------------------------------------

    def _spare_keycodes(self):
        low, high = ctypes.c_int(), ctypes.c_int()
        _x11.XDisplayKeycodes(self.display, ctypes.byref(low), ctypes.byref(high))
        per = ctypes.c_int()
        count = high.value - low.value + 1
        syms = _x11.XGetKeyboardMapping(self.display, low.value, count, ctypes.byref(per))
        spare = []
        for i in range(count):
            if all(syms[i * per.value + j] == 0 for j in range(per.value)):
                spare.append(low.value + i)
        _x11.XFree(syms)
        return spare

    def _map(self, keycode, keysym):
        syms = (ctypes.c_ulong * 2)(keysym, keysym)
        _x11.XChangeKeyboardMapping(self.display, keycode, 2, syms, 1)
        _x11.XSync(self.display, 0)

    def _bind(self, chars):
        """Binds each of @chars the keyboard lacks to a spare keycode."""
        fresh = [c for c in dict.fromkeys(chars) if c not in PLAIN and c not in self._bound]
        if not fresh:
            return
        needed = set(chars)
        for char in fresh:
            if self._spare:
                keycode = self._spare.pop()
            else:
                # Reuse the keycode of a character bound earlier and not needed now.
                old = next((c for c in self._bound if c not in needed), None)
                assert old is not None, "not enough spare keycodes for %r" % chars
                keycode = self._bound.pop(old)
            self._map(keycode, keysym_of(char))
            self._bound[char] = keycode
        # The application reads the new mapping before the first key comes.
        pump(0.3)

    def _keycode(self, keysym):
        keycode = _x11.XKeysymToKeycode(self.display, keysym)
        assert keycode, "no key for keysym 0x%x" % keysym
        return keycode

    def _press(self, keycode, modifiers=()):
        mods = [self._keycode(KEYSYMS[m]) for m in modifiers]
        for m in mods:
            _xtst.XTestFakeKeyEvent(self.display, m, 1, 0)
        _xtst.XTestFakeKeyEvent(self.display, keycode, 1, 0)
        _xtst.XTestFakeKeyEvent(self.display, keycode, 0, 0)
        for m in reversed(mods):
            _xtst.XTestFakeKeyEvent(self.display, m, 0, 0)
        _x11.XFlush(self.display)
        pump(self.delay)

    def tap(self, key, *modifiers):
        """Presses @key ("Tab", "Return", a letter) with @modifiers held: one keystroke."""
        keysym = KEYSYMS.get(key, keysym_of(key) if len(key) == 1 else None)
        assert keysym is not None, "unknown key %r" % key
        self.keystrokes += 1
        self.log.append("+".join(list(modifiers) + [key]))
        self._press(self._keycode(keysym), modifiers)

    def type(self, text):
        """Types @text into the focused field, one key per character."""
        self._bind(text)
        for char in text:
            if char in self._bound:
                self._press(self._bound[char])
            else:
                self._press(self._keycode(keysym_of(char)))
        self.typed += len(text)


def describe(node):
    if node is None:
        return "nothing"
    try:
        return "%s %r" % (node.get_role_name(), node.get_name())
    except Exception:
        return "an object that went away"
