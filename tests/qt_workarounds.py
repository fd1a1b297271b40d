"""Work-arounds for bugs in the Qt bindings that only the tests' simulated input meets.

PySide6's ``QtTest.keyClick`` (seen with 6.12 on Python 3.11) releases one reference to ``None`` per
call that it never took. ``None`` is not immortal before Python 3.12, so a few thousand simulated
keystrokes bring its count to zero and the interpreter aborts ("none_dealloc"), at the latest when it
finalises. Real key events (``QApplication.sendEvent``) are unaffected, so the product is not. The
tests and the scanner benchmark type tens of thousands of keys; give ``None`` references that are
never released, which is exactly what the binding takes away.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40


def pin_none() -> None:
    if sys.version_info >= (3, 12):
        return  # None is immortal
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < _PINNED:
        refcnt.value += _PINNED
