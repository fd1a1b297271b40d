"""The district office's web pages: nothing without signing in, a terminal's token refused, the form
token enforced on every POST, the lock-out after wrong passwords, sign-out; the stations page.
On SQLite and on the real PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op, payload_hash
from pos_app.domain.clock import FixedClock
from pos_app.domain.ids import new_id
from pos_app.server import auth
from pos_app.server.app import create_app
from pos_app.server.district import gaps
from pos_app.server.models import DistrictTerminal
from pos_app.server.web.accounts import IDLE, LOCK_FOR, MAX_FAILURES
from tests.facts import outbox_ops, sell
from tests.server.conftest import ADMIN, NOW, enroll
from tests.server.test_shift_reconciliation import MILLET, push


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]*)"', html)
    assert m, html
    return m.group(1)


def sign_in(api: TestClient, user: str = ADMIN[0], password: str = ADMIN[1]):  # type: ignore[no-untyped-def]
    form = api.get("/district/login")
    assert form.status_code == 200 and "区级管理员登录" in form.text
    return api.post(
        "/district/login",
        data={"username": user, "password": password, "csrf": _csrf(form.text)},
        follow_redirects=False,
    )


def test_no_page_without_signing_in_and_no_terminal_token(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    page = api.get("/district/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/district/login"
    engine, _ = district
    token = enroll(api, engine)
    assert api.get("/v1/pull?stream=catalog", headers=token).status_code == 200  # a good token…
    with_token = api.get("/district/", headers=token, follow_redirects=False)
    assert with_token.status_code == 303  # …means nothing to the district's pages
    basic = api.get("/district/", auth=ADMIN, follow_redirects=False)
    assert basic.status_code == 303  # nor does the API's HTTP Basic: the pages have their own sign-in


def test_sign_in_see_the_stations_and_sign_out(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    engine, _ = district
    token = enroll(api, engine)
    bogus = Op(
        seq=1, entity_type="bonus", entity_id=new_id(), payload_json="{}", payload_hash=payload_hash("{}"), schema_ver=1
    )
    pushed = api.post("/v1/push", json={"batch_id": new_id(), "ops": [bogus.model_dump()]}, headers=token)
    assert pushed.status_code == 200 and pushed.json()["results"][0]["status"] == "rejected"
    done = sign_in(api)
    assert done.status_code == 303 and done.headers["location"] == "/district/"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/district" in cookie
    page = api.get("/district/")
    assert page.status_code == 200
    assert "TZ01 通州社区扶贫超市" in page.text and "SC01 双城扶贫超市" in page.text
    assert "尚无终端登记" in page.text  # SC01 has no till yet
    row = re.search(r"<td>01.*?</tr>", page.text, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[1].strip() == "2026-11-20 10:00"  # last seen, Beijing time
    assert [c.strip() for c in cells[2:6]] == ["1", "1", "0", "0"]  # received today, refused, held, missing
    assert 'class="num warn"' in row.group(0)  # the refused fact stands out
    station = api.get("/district/stations/TZ01").text
    assert "待处理的问题" in station and "被拒" in station and "unknown_entity_type" in station
    assert "退出登录" in page.text
    out = api.post("/district/logout", data={"csrf": _csrf(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert api.get("/district/", follow_redirects=False).status_code == 303  # the session is gone


def test_every_post_needs_its_form_token(api: TestClient) -> None:
    # the sign-in form: without the token it was handed (a form posted from another site)
    forged = api.post(
        "/district/login", data={"username": ADMIN[0], "password": ADMIN[1], "csrf": "x"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert sign_in(api).status_code == 303
    # signing out: the session's own token, not any other
    assert api.post("/district/logout", data={"csrf": "guess"}, follow_redirects=False).status_code == 403
    assert api.post("/district/logout", follow_redirects=False).status_code == 403
    assert api.get("/district/").status_code == 200  # still signed in


def test_wrong_passwords_lock_the_account_even_against_the_right_one(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    for _ in range(MAX_FAILURES - 1):
        wrong = sign_in(api, password="not-the-password")
        assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    assert sign_in(api, password="still-not-it").status_code == 401
    locked = sign_in(api)  # the right password, while locked
    assert locked.status_code == 401 and "已锁定" in locked.text
    engine, cipher = district
    later = TestClient(create_app(engine, cipher, clock=lambda: NOW + LOCK_FOR + timedelta(seconds=1)))
    assert sign_in(later).status_code == 303  # the lock runs out


def test_a_good_sign_in_resets_the_count_and_an_unknown_user_is_refused_alike(api: TestClient) -> None:
    for _ in range(MAX_FAILURES - 1):
        sign_in(api, password="nope-nope-nope")
    assert sign_in(api).status_code == 303
    assert sign_in(api, password="nope-nope-nope").status_code == 401
    assert sign_in(api).status_code == 303  # one wrong after a good one does not lock
    nobody = sign_in(api, user="nobody")
    assert nobody.status_code == 401 and "用户名或密码错误" in nobody.text


def test_an_idle_session_ends(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    done = sign_in(api)
    engine, cipher = district
    later = TestClient(create_app(engine, cipher, clock=lambda: NOW + IDLE + timedelta(minutes=1)))
    later.cookies.update(api.cookies)
    assert later.get("/district/", follow_redirects=False).status_code == 303
    assert done.status_code == 303


def test_names_are_escaped(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    engine: Engine = district[0]
    with engine.begin() as conn:
        auth.add_station(conn, "EVIL", "<script>alert(1)</script>", NOW)
    sign_in(api)
    page = api.get("/district/").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_disabled_admin_is_signed_out(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from pos_app.server.models import AdminUser

    sign_in(api)
    engine: Engine = district[0]
    with engine.begin() as conn:
        conn.execute(update(AdminUser).values(active=False))
    assert api.get("/district/", follow_redirects=False).status_code == 303


PAGES = (
    "/district/",
    "/district/?format=csv",
    "/district/stations/TZ01",
    "/district/stations/TZ01?format=csv",
    "/district/stations/TZ01?table=problems&format=xlsx",
    "/district/households",
    "/district/households?format=xlsx",
    "/district/households/SC-001",
    "/district/households/SC-001?format=pdf",
    "/district/report",
    "/district/report?format=pdf",
    "/district/report?table=demand&format=csv",
    "/district/report?table=suppliers&format=xlsx",
)


def test_no_page_or_download_answers_without_signing_in(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    engine, _ = district
    token = enroll(api, engine)
    for path in PAGES:
        for headers in ({}, token, {"Authorization": "Basic ZGlzdHJpY3Q6ZGlzdHJpY3QtcGFzcy0x"}):
            reply = api.get(path, headers=headers, follow_redirects=False)
            assert reply.status_code == 303 and reply.headers["location"] == "/district/login", (path, headers)
    sign_in(api)
    for path in PAGES:
        assert api.get(path).status_code == 200, path


def test_a_refused_form_hands_out_a_fresh_token_that_works(api: TestClient) -> None:
    stale = api.post("/district/login", data={"username": "district", "password": "x", "csrf": "old"})
    assert stale.status_code == 403 and "重新登录" in stale.text
    token = _csrf(stale.text)
    again = api.post(
        "/district/login",
        data={"username": "district", "password": "district-pass-1", "csrf": token},
        follow_redirects=False,
    )
    assert again.status_code == 303


def _terminal_row(page: str) -> list[str]:
    row = re.search(r"<td>01.*?</tr>", page, re.S)
    assert row is not None, page
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]


def test_the_stations_page_counts_receipt_numbers_missing_until_they_arrive(  # type: ignore[no-untyped-def]
    api: TestClient, district, stocked: Services
) -> None:
    engine, _ = district
    token = enroll(api, engine)
    for _ in range(3):
        sell(stocked, [MILLET])
    ops = outbox_ops(stocked)
    second = [o for o in ops if o.entity_type == "sale"][1]
    push(api, token, [o for o in ops if o is not second])
    assert sign_in(api).status_code == 303
    assert _terminal_row(api.get("/district/").text)[5] == "1"  # receipt 2 used at the till, not received
    with engine.connect() as conn:  # the same as the district's own list of the numbers
        assert [len(g.missing) for g in gaps(conn) if g.station_code == "TZ01"] == [1]
    push(api, token, [second])
    assert _terminal_row(api.get("/district/").text)[5] == "0"


def test_the_stations_page_shows_how_far_each_tills_clock_is_off(api: TestClient, district) -> None:  # type: ignore[no-untyped-def]
    engine, _ = district
    token = enroll(api, engine)
    assert sign_in(api).status_code == 303
    assert _terminal_row(api.get("/district/").text)[6] == "—"  # not heard from yet

    def sync_round(till_clock: datetime | None, date_header: str | None = None) -> None:
        headers = dict(token)
        if till_clock is not None:
            headers["Date"] = format_datetime(till_clock, usegmt=True)
        if date_header is not None:
            headers["Date"] = date_header
        assert api.get("/v1/state", headers=headers).status_code == 200  # asked every round, even with nothing to push

    sync_round(NOW + timedelta(minutes=7, seconds=20))
    page = api.get("/district/").text
    assert _terminal_row(page)[6] == "快 7 分钟" and '<td class="warn">快 7 分钟</td>' in page
    csv = api.get("/district/?format=csv").content.decode("utf-8-sig")
    assert "时钟偏差（秒）" in csv and ",440" in csv
    sync_round(NOW - timedelta(hours=2, minutes=5))
    assert _terminal_row(api.get("/district/").text)[6] == "慢 2 小时"
    sync_round(NOW - timedelta(seconds=20))
    page = api.get("/district/").text
    assert _terminal_row(page)[6] == "准（差不到 1 分钟）" and '<td class="warn">准' not in page
    sync_round(None, "not a date")  # an unreadable clock is not a refusal, and what was known stays
    assert _terminal_row(api.get("/district/").text)[6] == "准（差不到 1 分钟）"


def test_a_tills_sync_tells_the_district_its_clock(  # type: ignore[no-untyped-def]
    api: TestClient, district, stocked: Services, clock: FixedClock
) -> None:
    """The station's sync stamps each request with its own clock (HTTP Date); the district keeps how
    far off it is, whether the round pushed anything or not."""
    from pos_app.sync.client import SyncClient

    engine, _ = district
    seen: list[str] = []

    def through_the_test_client(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Date", ""))
        reply = api.request(request.method, str(request.url), headers=request.headers, content=request.content)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    token = enroll(api, engine)["Authorization"].split()[1]
    stocked.sync.save_enrollment("http://testserver", token, "epoch")
    wire = httpx.MockTransport(through_the_test_client)
    clock.set(NOW + timedelta(minutes=12, seconds=3, microseconds=400))  # the till's clock runs 12 minutes fast
    SyncClient(stocked.sync, transport=wire).sync_once()  # pushes the open shift, pulls, asks for the state
    assert seen and all(parsedate_to_datetime(d) == NOW + timedelta(minutes=12, seconds=3) for d in seen)
    with engine.connect() as conn:
        assert conn.execute(select(DistrictTerminal.clock_skew_s)).scalar_one() == 723
    clock.set(NOW + timedelta(seconds=30))  # set right; the next round has nothing to push
    SyncClient(stocked.sync, transport=wire).sync_once()
    with engine.connect() as conn:
        assert conn.execute(select(DistrictTerminal.clock_skew_s)).scalar_one() == 30
