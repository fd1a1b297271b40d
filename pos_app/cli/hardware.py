"""Counter hardware from the command line: label scales (list, add, remove, send the PLUs) and a
reading of the counter scale, for the person who connects them."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from pos_app.cli.base import Commands, approver, credential
from pos_app.commandline import chinese, say
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import weight_figure
from pos_app.domain.permissions import Permission

if TYPE_CHECKING:
    from pos_app.bootstrap import Services


def register(sub: Commands) -> list[argparse.ArgumentParser]:
    ls = sub.add_parser("label-scale", help="the networked label scales: list, add, remove, send them the PLUs")
    ls.add_argument("action", choices=("list", "add", "remove", "send"), help="what to do with them")
    ls.add_argument("name", nargs="?", help="the scale's name (add, remove; send: only this one)")
    ls.add_argument("address", nargs="?", help="add: the scale's address[:port] (port 4001 when not given)")
    credential(ls, "the administrator adding or removing one")
    ls.set_defaults(on_station=label_scale)

    sc = sub.add_parser("scale-read", help="read the counter scale as the settings describe it, for a few seconds")
    sc.add_argument("--seconds", type=float, default=5.0, help="how long to read (default 5)")
    sc.set_defaults(on_station=scale_read)
    return [ls, sc]


def label_scale(services: Services, args: argparse.Namespace) -> int:
    scales = services.label_scales
    if args.action == "add":
        if not args.name or not args.address:
            raise InvalidInput(what="add NAME ADDRESS[:PORT]", what_zh="add 名称 地址[:端口]")
        host, _, port = args.address.partition(":")
        if port and not port.isdigit():
            raise InvalidInput(what=f"port {port!r}", what_zh=f"端口「{port}」须为数字")
        scales.add(args.name, host, int(port or 4001), approver(services, args, Permission.SETTINGS))
        print(say(f"added {args.name}", f"已添加 {args.name}"))
        return 0
    if args.action == "remove":
        if not args.name:
            raise InvalidInput(what="remove NAME", what_zh="remove 名称")
        scales.remove(args.name, approver(services, args, Permission.SETTINGS))
        print(say(f"removed {args.name}", f"已删除 {args.name}"))
        return 0
    if args.action == "send":
        results = scales.send([args.name] if args.name else None)
        failed = 0
        for name, error in results:
            if error is None:
                print(say(f"{name}: sent", f"{name}：已发送"))
            else:
                failed += 1
                print(error.message_zh if chinese() else error.message, file=sys.stderr)
        return 3 if failed else 0
    download = None
    try:
        download = scales.download()
    except PosError as exc:
        print(exc.message_zh if chinese() else exc.message, file=sys.stderr)
    for v in scales.scales():
        if v.error:
            state = say(f"failed: {v.error}", f"失败：{v.error_zh}")
        elif v.sent_at is None:
            state = say("never sent", "从未发送")
        else:
            when = format_local(v.sent_at, "%Y-%m-%d %H:%M")
            state = (
                say(f"up to date ({v.count} PLUs, {when})", f"已是最新（{v.count} 个商品，{when}）")
                if v.up_to_date
                else say(f"out of date (sent {when})", f"需要更新（上次 {when}）")
            )
        print(f"{v.name}\t{v.host}:{v.port}\t{state}")
    if download is not None:
        print(say(f"{len(download.records)} PLUs to send", f"待发送 {len(download.records)} 个商品"))
        for s in download.skipped:
            print(say(f"left out: {s.name} ({s.reason})", f"未发送：{s.name}（{s.reason_zh}）"))
    return 0


def scale_read(services: Services, args: argparse.Namespace) -> int:
    from pos_app.hardware.scale import open_scale, usable_grams

    scale = open_scale(services.settings.get("scale"))
    if scale is None:
        raise InvalidInput(what="no counter scale is set (setting scale)", what_zh="未设置电子秤（设置项 scale）")
    took = 0
    try:
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            time.sleep(0.5)
            reading = scale.latest()
            try:
                grams = usable_grams(reading)
                took += 1
                print(say(f"{weight_figure(grams, 'kg')} kg stable", f"{weight_figure(grams, 'kg')} kg 稳定"))
            except PosError as exc:
                print(exc.message_zh if chinese() else exc.message)
    finally:
        scale.close()
    return 0 if took else 3
