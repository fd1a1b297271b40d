"""The shapes every command group shares."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TypeAlias

from pos_app.commandline import chinese, say
from pos_app.domain.errors import InvalidInput

# The ``add_subparsers()`` object each group adds its commands to.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def skip_bad(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--skip-bad", action="store_true", help="import the good rows, list the bad ones")


def tell_skipped(rows: Iterable[object]) -> None:
    for row in rows:
        text = row.zh() if chinese() and hasattr(row, "zh") else str(row)
        print(say(f"skipped {text}", f"已跳过 {text}"), file=sys.stderr)


def require(value: object, what: str, what_zh: str) -> None:
    """An option the command needs in this case (argparse cannot say "needed when …")."""
    if not value:
        raise InvalidInput(what=what, what_zh=what_zh)
