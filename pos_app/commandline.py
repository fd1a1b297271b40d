"""What pos-admin and pos-server share: argument types and how a refused import is told."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from pos_app.domain.errors import ImportFailed


def iso_date(text: str) -> date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def tell_import_failed(exc: ImportFailed) -> int:
    """Every bad row with its line number, on stderr; exit code 2 (bad input, nothing changed)."""
    print(f"error: {exc.message}", file=sys.stderr)
    for row in exc.errors:
        print(f"  {row}", file=sys.stderr)
    return 2
