"""What pos-admin and pos-server share: one error exit, one way of placing ``--db``, argument types,
and how a refused import is told.

Exit codes: 0 done, 1 environment or unreachable database, 2 bad input (nothing changed); a
command may add its own (3: the check it ran found a problem).

(docs/architecture.md, "Errors and exit codes")
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NoReturn

from pos_app.domain.errors import ImportFailed, PosError, StorageError

DONE, ENVIRONMENT, BAD_INPUT, FOUND_PROBLEMS = 0, 1, 2, 3


def iso_date(text: str) -> date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            say(f"not a date (YYYY-MM-DD): {text}", f"不是日期（年-月-日）：{text}")
        ) from exc


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


# argparse's own words, as it says them in Python 3.11–3.13, and in Chinese; what is not here stays English.
_ARGPARSE_ZH = (
    (r"the following arguments are required: ", "缺少必需的参数："),
    (r"unrecognized arguments: ", "无法识别的参数："),
    (r"^argument ([^ :]+): ", r"参数 \1："),
    (r"invalid choice: (.*?) \(choose from (.*)\)$", r"无效的选择：\1（可选：\2）"),
    (r"invalid int value: ", "不是整数："),
    (r"invalid float value: ", "不是数字："),
    (r"invalid (\w+) value: ", r"无效的 \1 值："),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "最多需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected (\d+) arguments?", r"需要 \1 个值"),
    (r"ambiguous option: (\S+) could match (.*)$", r"选项 \1 有歧义，可以是：\2"),
    (r"not allowed with argument ", "不能与此参数同时使用："),
    (r"one of the arguments (.*) is required", r"必须给出以下参数之一：\1"),
    (r"ignored explicit argument ", "多余的参数值："),
)
_SECTIONS_ZH = {"positional arguments": "位置参数", "options": "选项", "optional arguments": "选项"}


def argparse_words(message: str) -> str:
    """One of argparse's error messages in the language the command speaks."""
    if not chinese():
        return message
    for pattern, zh in _ARGPARSE_ZH:
        message = re.sub(pattern, zh, message)
    return message


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its words in the command's language: help texts from the program's
    catalog (English source → Chinese), section titles and the usage line's prefix."""

    def __init__(self, prog: str, catalog: Mapping[str, str] = {}, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._catalog = catalog

    def _say(self, text: str) -> str:
        return self._catalog.get(text, text) if chinese() else text

    def start_section(self, heading: str | None) -> None:
        super().start_section(_SECTIONS_ZH.get(heading or "", heading) if chinese() else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(self._say(text) if text else text)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None and chinese() else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._say(action.help) if action.help else action.help


class Parser(argparse.ArgumentParser):
    """An argument parser that speaks the command's language (``speak``): its help from ``catalog``
    (each English help text → Chinese; subcommands share it), its usage line and argparse's own
    error messages. A usage error exits 2, like every bad input."""

    catalog: Mapping[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", self._formatter)
        super().__init__(*args, **kwargs)

    def _formatter(self, prog: str, **kwargs: Any) -> argparse.HelpFormatter:
        return _Formatter(prog, self.catalog, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: {say('error: ', '错误：')}{argparse_words(message)}\n")


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
        return fail(say(f"the database is not reachable: {reason}", f"无法连接数据库：{reason}"), ENVIRONMENT)
