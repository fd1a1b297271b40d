"""Keeping a till's resident memory low on glibc (Linux). The search index at 500k products passes
~100 MB of strings through SQLite's and Python's heaps; by default glibc serves big blocks from the
heap after the first few (its mmap threshold rises as they are freed), and freed heap pages stay
with the process. Big blocks always get their own mapping here, handed back the moment they are freed.
Elsewhere (macOS, Windows, musl) these are no-ops."""

from __future__ import annotations

import contextlib
import ctypes
import sys

M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
BIG_BLOCK = 1 << 20


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def tune() -> None:
    """Once, at start: blocks of 1 MB and more are mapped on their own (and so returned when freed)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)


def give_back() -> None:
    """Return freed heap pages to the system (after a big transient allocation)."""
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(OSError):
            libc.malloc_trim(0)
