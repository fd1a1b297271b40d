"""Station settings: JSON values under string keys, with typed accessors for the ones checkout needs."""

from __future__ import annotations

from typing import Any

from pos_app.domain.barcodes import ScaleLayout
from pos_app.domain.errors import InvalidInput
from pos_app.domain.money import Rounding
from pos_app.store.settings import read_setting, write_setting
from pos_app.store.uow import Database


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        with self._db.uow() as uow:
            return read_setting(uow.session, key)

    def set(self, key: str, value: Any) -> None:
        if key == "rounding":
            try:
                Rounding(value)
            except ValueError as exc:
                raise InvalidInput(what=f"rounding {value!r} ({', '.join(r.value for r in Rounding)})") from exc
        if key == "scale_layouts":
            [ScaleLayout(p) for p in value]
        if key == "printer":
            width = value.get("width_mm", 80)
            if width not in (58, 80):
                raise InvalidInput(what=f"printer width {width} mm (58 or 80)")
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, key, value)
            uow.commit()

    def rounding(self) -> Rounding:
        return Rounding(self.get("rounding"))

    def scale_layouts(self) -> tuple[ScaleLayout, ...]:
        return tuple(ScaleLayout(p) for p in self.get("scale_layouts"))
