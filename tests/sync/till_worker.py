"""One till's settlement in its own process (tests/sync/test_tills.py): open the station file as the
app does, wait for the go file, settle the household, print what happened as one JSON line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pos_app.bootstrap import open_station
from pos_app.domain.errors import PosError


def main(db: str, code: str, go: str) -> None:
    s = open_station(Path(db))
    manager = s.users.authorize("manager", "999999", "manager")
    while not Path(go).exists():
        time.sleep(0.005)
    try:
        done = s.settlement.settle(code, method="cash", paid_by=manager)
        print(json.dumps({"paid": done.amount_fen, "statement": done.statement_no}))
    except PosError as exc:
        print(json.dumps({"refused": exc.code, "message": exc.message_zh}))
    finally:
        s.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
