"""Small text predicates shared by every parser."""

from __future__ import annotations


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0-9, at least one. ``str.isdigit()`` is also true for "²", "①" and
    digits of other scripts, which ``int()`` refuses or reads as something else."""
    return text.isascii() and text.isdigit()
