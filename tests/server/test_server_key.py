"""The district server's key is never silently replaced: a restart without its key file, or with
another key, is refused with the reason; status names the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from pos_app.crypto import FieldCipher
from pos_app.domain.errors import KeyMismatch, KeyMissing
from pos_app.server.cli import main as server_main
from pos_app.server.runtime import open_server


def test_a_lost_server_key_stops_the_server_instead_of_a_new_one(
    district: tuple[Engine, FieldCipher], server_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "keys" / "server.key"
    assert key.exists()  # the fixture's households are sealed with it
    kept = key.read_bytes()
    capsys.readouterr()
    assert server_main(["--db", server_url, "status"]) == 0
    assert f"key {key}: this database's" in capsys.readouterr().out
    key.unlink()
    with pytest.raises(KeyMissing):
        open_server(server_url)
    assert not key.exists()  # no new key was made over the sealed households
    assert server_main(["--db", server_url, "status"]) == 1
    assert "no new key is made" in capsys.readouterr().err
    key.parent.mkdir(exist_ok=True)
    key.write_bytes(bytes(64))  # another key
    with pytest.raises(KeyMismatch):
        open_server(server_url)
    key.write_bytes(kept)  # the right one back: it opens
    engine, cipher = open_server(server_url)
    engine.dispose()
    assert cipher.check_value() == FieldCipher(kept).check_value()


def test_the_district_sends_no_scale_layouts_a_station_would_refuse(
    district: tuple[Engine, FieldCipher], server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad in ('["26PPPPPAAAAAWWWWWC"]', '["28PPPPPWWWWWC", "2PPPPPPAAAAAC"]'):
        assert server_main(["--db", server_url, "setting", "scale_layouts", bad]) == 2
    assert "scale layout" in capsys.readouterr().err
    assert server_main(["--db", server_url, "setting", "scale_layouts", '["28PPPPPWWWWWC"]']) == 0
