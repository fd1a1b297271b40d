"""500 terminals pushing at once for 60 s into a real ``pos-server`` on PostgreSQL.

    python -m tests.benchmarks.bench_load [--terminals 500] [--seconds 60] [--workers 2] [--pg URL]

Each simulated terminal (its own enrolled token) pushes a batch of 1–3 new sales, then waits 5–15 s
(``--think``) as a busy till would (500 tills: about 50 pushes a second); one push in ten
re-sends its previous batch as a client does after a timeout.
Afterwards the server must hold every distinct sale exactly once. Reported: errors, duplicates,
latency p50/p99 of all pushes, and the load offered. Baseline, same run: ``GET /v1/meta`` latency
under the same load (the cost of an HTTP round trip that does no database work). Bar:
0 errors, 0 duplicates, p99 ≤ 500 ms. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tests.benchmarks.bench_push import drop_database, fresh_database, make_station, start_server
from tests.benchmarks.common import add_pg_argument, emit, pct


def sale_templates(tmp: Path) -> list[tuple[dict[str, Any], int]]:
    from tests.facts import EGGS, sell

    s = make_station(tmp)
    codes = [p.codes[0] for p in s.catalog.page(0, 200) if p.codes][:40]
    for i in range(40):
        sell(s, [codes[i], codes[(i * 7) % 40]] + [EGGS] * (i % 2))
    with s.db.read() as conn:
        rows = conn.exec_driver_sql("select payload_json, schema_ver from outbox where entity_type='sale'").all()
    s.close()
    return [(json.loads(r[0]), int(r[1])) for r in rows]


def clone(template: dict[str, Any], seq: int, station: str, number: int) -> tuple[str, str]:
    from pos_app.domain.ids import receipt_number

    p = json.loads(json.dumps(template))
    sale_id = str(uuid.uuid4())
    p["sale"].update(id=sale_id, doc_seq=seq, receipt_no=receipt_number(station, number, seq))
    lines = {}
    for li in p["lines"]:
        lines[li["id"]] = str(uuid.uuid4())
        li.update(id=lines[li["id"]], sale_id=sale_id)
    for st in p["stock"]:
        st.update(id=str(uuid.uuid4()), ref_id=sale_id)
    for le in p["ledger"]:
        le.update(id=str(uuid.uuid4()), sale_id=sale_id, sale_line_id=lines[le["sale_line_id"]])
    return sale_id, json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def enroll_terminals(db_url: str, data: Path, n: int) -> list[tuple[str, str, int]]:
    """(token, station code, terminal number) of ``n`` terminals; the district knows the households."""
    from pos_app.server import auth
    from pos_app.server.runtime import open_server
    from tests.facts import register_households

    os.environ["POS_SERVER_KEY_FILE"] = str(data / "server.key")
    engine, cipher = open_server(db_url)
    now = datetime.now(UTC)
    tokens = []
    with engine.begin() as conn:
        register_households(conn, cipher, now)
        for i in range(n):  # 99 terminals a station at most
            station, number = f"LOAD{i // 99}", i % 99 + 1
            if number == 1:
                auth.add_station(conn, station, "压力测试站", now)
            code = auth.enrollment_code(conn, station, number, now)
            tokens.append((auth.enroll(conn, code, station, number, now)[0], station, number))
    engine.dispose()
    return tokens


def prepare(
    templates: list[tuple[dict[str, Any], int]], pushes: int, rng: random.Random, station: str, number: int
) -> list[tuple[list[str], str]]:
    """A terminal's pushes, built before the clock starts: (sale ids, body)."""
    from pos_app.contract.protocol import payload_hash

    out = []
    seq = 0
    for _ in range(pushes):
        ops, ids = [], []
        for _ in range(rng.randint(1, 3)):
            seq += 1
            template, schema_ver = rng.choice(templates)
            sale_id, payload = clone(template, seq, station, number)
            ids.append(sale_id)
            ops.append(
                {
                    "seq": seq,
                    "entity_type": "sale",
                    "entity_id": sale_id,
                    "payload_json": payload,
                    "payload_hash": payload_hash(payload),
                    "schema_ver": schema_ver,
                }
            )
        out.append((ids, json.dumps({"batch_id": str(uuid.uuid4()), "ops": ops})))
    return out


async def terminal(
    client: httpx.AsyncClient,
    token: str,
    pushes: list[tuple[list[str], str]],
    deadline: float,
    think: tuple[float, float],
    rng: random.Random,
    out: dict[str, Any],
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    previous: str | None = None
    await asyncio.sleep(rng.uniform(0, think[1]))  # terminals do not all start in the same millisecond
    for ids, fresh in pushes:
        if time.monotonic() >= deadline:
            return
        if previous is not None and rng.random() < 0.1:
            body = previous  # a resend after a timeout
            out["resends"] += 1
        else:
            body = previous = fresh
            out["sent"].update(ids)
        t0 = time.perf_counter()
        try:
            reply = await client.post("/v1/push", content=body, headers=headers)
            ok = reply.status_code == 200 and all(
                r["status"] in ("applied", "duplicate") for r in reply.json()["results"]
            )
        except httpx.HTTPError:
            ok = False
        out["latency"].append((time.perf_counter() - t0) * 1000)
        out["at"].append(time.monotonic() - (deadline - out["seconds"]))
        if not ok:
            out["errors"] += 1
        await asyncio.sleep(rng.uniform(*think))


async def meta_probe(client: httpx.AsyncClient, deadline: float, out: list[float]) -> None:
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        await client.get("/v1/meta")
        out.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(0.2)


async def run(
    url: str, tokens: list[str], plans: list[list[tuple[list[str], str]]], seconds: float, think: tuple[float, float]
) -> dict[str, Any]:
    out: dict[str, Any] = {"sent": set(), "latency": [], "at": [], "errors": 0, "resends": 0, "seconds": seconds}
    meta: list[float] = []
    deadline = time.monotonic() + seconds
    rng = random.Random(5)
    # One shared client (one pool of up to 500 connections): 500 clients would each build an SSL
    # context at start, seconds of CPU that the machine under test needs.
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        tasks = [
            terminal(client, tok, plan, deadline, think, random.Random(rng.random()), out)
            for tok, plan in zip(tokens, plans, strict=True)
        ]
        await asyncio.gather(*tasks, meta_probe(client, deadline, meta))
    out["meta"] = meta
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--terminals", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), help="seconds between a till's pushes")
    add_pg_argument(ap)
    args = ap.parse_args()
    from tests.sync.conftest import free_port

    tmp = Path(tempfile.mkdtemp(prefix="pos-bench-load-"))
    templates = sale_templates(tmp)
    name = f"fupin_bench_load_{os.getpid()}"
    db_url = fresh_database(args.pg, name)
    tokens = enroll_terminals(db_url, tmp, args.terminals)
    rng = random.Random(11)
    per_terminal = int(args.seconds / args.think[0]) + 2
    plans = [prepare(templates, per_terminal, rng, station, number) for _, station, number in tokens]
    port = free_port()
    proc = start_server(db_url, port, args.workers, tmp)
    try:
        t0 = time.perf_counter()
        out = asyncio.run(
            run(f"http://127.0.0.1:{port}", [t for t, _, _ in tokens], plans, args.seconds, tuple(args.think))
        )
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(20)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored, distinct = conn.execute(text("select count(*), count(distinct id) from sale")).one()
    engine.dispose()
    drop_database(args.pg, name)
    lat, meta = out["latency"], out["meta"]
    emit(
        "500 terminals pushing at once",
        {
            "terminals": args.terminals,
            "think_s": list(args.think),
            "seconds": round(elapsed, 1),
            "server_workers": args.workers,
            "pushes": len(lat),
            "pushes_per_s": round(len(lat) / elapsed, 1),
            "sales_sent": len(out["sent"]),
            "sales_per_s": round(len(out["sent"]) / elapsed, 1),
            "resends": out["resends"],
            "errors": out["errors"],
            "stored_sales": stored,
            "duplicates": stored - len(out["sent"]) + (stored - distinct),
            "missing": len(out["sent"]) - distinct,
            "push_p50_ms": round(pct(lat, 50), 1),
            "push_p99_ms": round(pct(lat, 99), 1),
            "push_max_ms": round(max(lat), 1),
            "push_p99_ms_by_15s": [
                round(pct(part, 99), 1)
                for w in range(0, int(args.seconds) + 15, 15)
                if (part := [x for x, a in zip(lat, out["at"], strict=True) if w <= a < w + 15])
            ],
            "baseline_meta_p50_ms": round(pct(meta, 50), 1),
            "baseline_meta_p99_ms": round(pct(meta, 99), 1),
            "bar": "0 errors, 0 duplicates, p99 ≤ 500 ms",
        },
    )


if __name__ == "__main__":
    main()
