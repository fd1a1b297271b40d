"""The station's networked label scales: which PLUs they should hold, sending them, and which scale
holds which version of the catalog.

A download is the station's whole set of scale PLUs (active products with a PLU, weighed or
counted) with the price, name, shelf life and the barcode flag of the station's scale layout, so
the labels a scale prints read back at the till as the product they were weighed as. Its digest is
the catalog version a scale holds; a scale whose last download's digest differs from today's is out
of date, and the till sends to it again (after every price change, within the minute; or on
demand). Which scales there are is the setting ``label_scales`` (an administrator's, audited); what
each was last sent is kept beside it (``label_scale_state``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from pos_app.domain.barcodes import ScaleLayout
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NotFound, PosError
from pos_app.domain.label_scale import TM_PORT, PluRecord, catalog_digest, encode_name
from pos_app.services.settings import SettingsService
from pos_app.services.users import UserView
from pos_app.store.models import Product, ShelfLife
from pos_app.store.settings import read_setting, write_setting
from pos_app.store.uow import Database

log = logging.getLogger("pos.hardware")


class ScaleLink(Protocol):
    """One scale's connection (``hardware/label_scale.DahuaTmClient``, wired in by bootstrap): sends
    the records or raises a PosError saying why not."""

    def send(self, records: Sequence[PluRecord]) -> None: ...


@dataclass(frozen=True)
class Skipped:
    name: str
    plu: int
    reason: str
    reason_zh: str


@dataclass(frozen=True)
class Download:
    """What every label scale of the station should hold now."""

    records: tuple[PluRecord, ...]
    digest: str
    layout: str
    skipped: tuple[Skipped, ...] = ()
    replaced: tuple[str, ...] = ()  # names with a character the scale's font lacks (printed as □)


@dataclass(frozen=True)
class LabelScaleView:
    name: str
    host: str
    port: int
    digest: str | None = None  # what it was last sent
    sent_at: datetime | None = None
    count: int = 0
    error: str | None = None  # the last try's failure, when it failed (English; error_zh in Chinese)
    error_zh: str | None = None
    up_to_date: bool = False


@dataclass
class _Cache:
    key: tuple[Any, ...] | None = None
    download: Download | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def layout_flag(layout: ScaleLayout) -> tuple[int, int]:
    """The layout's fixed leading digits (the label's flag) and how many digits its item code has."""
    p = layout.pattern
    lead = ""
    for ch in p:
        if not ch.isdigit():
            break
        lead += ch
    return int(lead or "0"), p.count("P")


class LabelScaleService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: SettingsService,
        link: Callable[[str, str, int], ScaleLink],
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._link = link
        self._cache = _Cache()

    # -- what the scales should hold ------------------------------------------------------------------
    def download(self) -> Download:
        """The PLUs every scale should hold now (worked out again only when the catalog or the layout
        changed: the till asks every half minute)."""
        layouts = self._settings.scale_layouts()
        if not layouts:
            raise InvalidInput(
                what="pick the scale's label format in the settings first (the till must read its labels)",
                what_zh="请先在设置里选定秤码格式：条码秤打出的秤签须能在收银台读出",
            )
        layout = layouts[0]
        key = (self._settings.get("catalog_version"), layout.pattern)
        with self._cache.lock:
            if self._cache.key == key and self._cache.download is not None:
                return self._cache.download
            download = self._work_out(layout)
            self._cache.key, self._cache.download = key, download
            return download

    def _work_out(self, layout: ScaleLayout) -> Download:
        flag, code_digits = layout_flag(layout)
        if flag > 99:
            raise InvalidInput(
                what=f"scale layout {layout.pattern}: a label scale's barcode flag holds two digits",
                what_zh=f"秤码格式 {layout.pattern}：条码秤的条码标志位只有两位，请选用 20、28 等两位标志的格式",
            )
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(Product.name, Product.plu, Product.price_fen, Product.sold_by_weight, ShelfLife.days)
                .outerjoin(ShelfLife, ShelfLife.product_id == Product.id)
                .where(Product.plu.is_not(None), Product.active)
                .order_by(Product.plu)
            ).all()
        records, skipped, replaced = [], [], []
        for name, plu_or_none, price, weighed, days in rows:
            assert plu_or_none is not None  # the query takes only products with a PLU
            plu = plu_or_none
            if plu > 9999 or plu >= 10**code_digits:
                limit = min(9999, 10**code_digits - 1)
                skipped.append(
                    Skipped(
                        name,
                        plu,
                        f"PLU above {limit}: the scale's keys and the label's item code stop there",
                        f"PLU 超过 {limit}：秤的键号和秤签货号放不下",
                    )
                )
                continue
            if price > 999_999:
                skipped.append(Skipped(name, plu, "price above ¥9,999.99", "单价超过 9999.99 元"))
                continue
            if encode_name(name)[1]:
                replaced.append(name)
            records.append(PluRecord(plu, plu, name, price, weighed, days or 0, flag))
        return Download(tuple(records), catalog_digest(records), layout.pattern, tuple(skipped), tuple(replaced))

    # -- the scales --------------------------------------------------------------------------------------
    def scales(self) -> list[LabelScaleView]:
        configured = self._settings.get("label_scales") or []
        state = self._settings.get("label_scale_state") or {}
        try:
            current: str | None = self.download().digest
        except PosError:
            current = None
        out = []
        for s in configured:
            st = state.get(s["name"], {})
            sent = st.get("at")
            out.append(
                LabelScaleView(
                    s["name"],
                    s["host"],
                    int(s.get("port", TM_PORT)),
                    st.get("digest"),
                    datetime.fromisoformat(sent) if sent else None,
                    int(st.get("count", 0)),
                    st.get("error"),
                    st.get("error_zh"),
                    current is not None and st.get("digest") == current and not st.get("error"),
                )
            )
        return out

    def add(self, name: str, host: str, port: int, by: UserView) -> None:
        """A scale joins the station's list (an administrator's change, audited); sent to at once by
        the till, or with ``send``."""
        name, host = name.strip(), host.strip()
        scales = list(self._settings.get("label_scales") or [])
        if any(s["name"] == name for s in scales):
            raise InvalidInput(what=f"a label scale is already called {name}", what_zh=f"已有名为「{name}」的条码秤")
        self._settings.change("label_scales", [*scales, {"name": name, "host": host, "port": port}], by)

    def remove(self, name: str, by: UserView) -> None:
        scales = list(self._settings.get("label_scales") or [])
        if not any(s["name"] == name for s in scales):
            raise NotFound(what="label scale", what_zh="条码秤", key=name)
        self._settings.change("label_scales", [s for s in scales if s["name"] != name], by)

    def send(self, names: Sequence[str] | None = None) -> list[tuple[str, PosError | None]]:
        """Send today's download to the named scales (all of them when none is named); each scale's
        outcome is kept and returned, one scale failing never stops the others."""
        download = self.download()
        wanted = self.scales()
        if names:
            unknown = set(names) - {s.name for s in wanted}
            if unknown:
                raise NotFound(what="label scale", what_zh="条码秤", key=", ".join(sorted(unknown)))
            wanted = [s for s in wanted if s.name in names]
        results: list[tuple[str, PosError | None]] = []
        for scale in wanted:
            error: PosError | None = None
            try:
                self._link(scale.name, scale.host, scale.port).send(download.records)
            except PosError as exc:
                error = exc
                log.warning("label scale %s: %s", scale.name, exc.message)
            self._remember(scale.name, download, error)
            results.append((scale.name, error))
        return results

    def send_out_of_date(self) -> list[tuple[str, PosError | None]]:
        """What the till runs every half minute: the scales that do not hold today's catalog."""
        try:
            stale = [s.name for s in self.scales() if not s.up_to_date]
        except PosError:
            return []
        return self.send(stale) if stale else []

    def _remember(self, name: str, download: Download, error: PosError | None) -> None:
        with self._db.uow(write=True) as uow:
            state = dict(read_setting(uow.session, "label_scale_state") or {})
            before = state.get(name, {})
            if error is None:
                state[name] = {
                    "digest": download.digest,
                    "at": self._clock.now().isoformat(),
                    "count": len(download.records),
                }
            else:  # it still holds what it held before
                state[name] = {**before, "error": error.message, "error_zh": error.message_zh}
            write_setting(uow.session, "label_scale_state", state)
            uow.commit()
