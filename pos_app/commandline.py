"""What pos-admin and pos-server share: one error exit, one way of placing ``--db``, argument types,
and how a refused import is told.

Exit codes: 0 done, 1 environment or unreachable database, 2 bad input (nothing changed); a
command may add its own (3: the check it ran found a problem).

(docs/architecture.md, "Errors and exit codes")
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import date

from pos_app.domain.errors import ImportFailed, PosError, StorageError

DONE, ENVIRONMENT, BAD_INPUT, FOUND_PROBLEMS = 0, 1, 2, 3


def iso_date(text: str) -> date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def db_option(top: argparse.ArgumentParser, commands: Iterable[argparse.ArgumentParser], help: str) -> None:
    """``--db`` before the command or after it, as users type either (after it wins)."""
    top.add_argument("--db", help=help)
    for cmd in commands:
        cmd.add_argument("--db", default=argparse.SUPPRESS, help=help)


# The language a command speaks: pos-admin says Chinese unless the station (or $POS_LANG) says en.
_speech = {"zh": False}


def speak(language: str | None) -> None:
    """Set the language of the messages that follow: ``zh_CN`` (or anything but ``en``) or ``en``."""
    _speech["zh"] = language != "en"


def chinese() -> bool:
    return _speech["zh"]


def say(en: str, zh: str) -> str:
    """A message in the language the command speaks."""
    return zh if _speech["zh"] else en


def words(exc: PosError) -> str:
    return exc.message_zh if _speech["zh"] else exc.message


def tell_import_failed(exc: ImportFailed) -> int:
    """Every bad row with its line number, on stderr; exit code 2 (bad input, nothing changed)."""
    print(("错误：" if chinese() else "error: ") + words(exc), file=sys.stderr)
    for row in exc.errors:
        print(f"  {row.zh() if chinese() and hasattr(row, 'zh') else row}", file=sys.stderr)
    return BAD_INPUT


def fail(message: str, code: int) -> int:
    print(("错误：" if chinese() else "error: ") + message, file=sys.stderr)
    return code


def guarded(
    run: Callable[[], int],
    *,
    refused: tuple[type[Exception], ...] = (),
    unreachable: tuple[type[Exception], ...] = (),
) -> int:
    """Run a command and turn what it raises on purpose into a message and an exit code.

    ``refused``: further error types that mean bad input (they carry a ``message``);
    ``unreachable``: error types that mean the database cannot be reached."""
    try:
        return run()
    except ImportFailed as exc:
        return tell_import_failed(exc)
    except StorageError as exc:
        return fail(words(exc), ENVIRONMENT)
    except PosError as exc:
        return fail(words(exc), BAD_INPUT)
    except refused as exc:
        return fail(str(getattr(exc, "message", exc)), BAD_INPUT)
    except unreachable as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return fail(f"the database is not reachable: {reason}", ENVIRONMENT)
