"""pos-admin: headless commands for managers and automation.

One module per command group; each binds its handlers to its sub-parsers (``on_station`` for a
command on an opened station, ``on_file`` for one on the database file itself: init, restore).
Exit codes are pos-server's too (``pos_app.commandline``): 0 done, 1 environment, 2 bad input.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Sequence

from pos_app.cli import audit, catalog, deliveries, hardware, households, purchasing, reports, station, sync, users
from pos_app.cli.help_zh import HELP_ZH
from pos_app.commandline import Parser, db_option, guarded, say, speak
from pos_app.config import resolve_db

GROUPS = (station, catalog, purchasing, households, deliveries, reports, audit, users, sync, hardware)


class AdminParser(Parser):
    catalog = HELP_ZH


def build_parser() -> argparse.ArgumentParser:
    p = AdminParser(prog="pos-admin", description="扶贫 POS station administration")
    sub = p.add_subparsers(dest="command", required=True, metavar=say("command", "命令"), help="what to do")
    commands = [cmd for group in GROUPS for cmd in group.register(sub)]
    db_option(p, commands, "station database file (default: $POS_DB, or the data directory's station)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Help, usage errors and what comes before a station is opened: $POS_LANG, else Chinese.
    speak(os.environ.get("POS_LANG") or "zh_CN")
    args = build_parser().parse_args(argv)
    args.db_path = resolve_db(args.db, new=args.command == "init")
    return guarded(lambda: _dispatch(args))


def _dispatch(args: argparse.Namespace) -> int:
    from pos_app.bootstrap import open_station

    if hasattr(args, "on_file"):
        return int(args.on_file(args.db_path, args))
    services = open_station(args.db_path)
    speak(os.environ.get("POS_LANG") or services.settings.get("language"))  # the station's language
    try:
        return int(args.on_station(services, args))
    finally:
        services.close()
