"""The district office's pages: sign-in and sign-out; the stations at a glance and a station's
shifts reconciled and problems; the households against their targets and one household's every
line (PDF statement); the district report for a span (PDF); each table as CSV or XLSX.

Every page but the sign-in needs a signed-in district admin (a session cookie: HttpOnly,
SameSite=Strict, Secure over HTTPS, path /district); every POST carries the session's form token
(the sign-in form a token of its own, double-submitted in a cookie). An ``Authorization`` header,
a terminal's bearer token included, means nothing here.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import Connection, select

from pos_app.contract.protocol import CLOCK_SKEW_WARNING_S
from pos_app.domain.clock import format_local
from pos_app.domain.money import format_fen, sold_text
from pos_app.domain.money_rules import POLICY_SHARE_PERCENT
from pos_app.domain.tenders import DEFAULT_TENDERS
from pos_app.importing.tabular import table_bytes
from pos_app.reports.district import demand_table, district_pdf, household_statement_pdf
from pos_app.server.district import (
    LOCAL_TZ,
    household_lines,
    households_at_a_glance,
    sales_by_day,
    station_named,
    station_problems,
    stations_at_a_glance,
)
from pos_app.server.district import (
    figures as district_figures,
)
from pos_app.server.models import RefTender
from pos_app.server.reconcile import INCOMPLETE, NO_TOTALS, RECONCILED, Difference, recent_shifts
from pos_app.server.routes.deps import State
from pos_app.server.web import accounts
from pos_app.server.web.charts import Chart, bars, progress_distribution

COOKIE = "fp_district"
LOGIN_COOKIE = "fp_login"
STALE_AFTER = timedelta(days=1)  # a till not heard from for this long is marked on the stations page

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.filters["yuan"] = format_fen
templates.env.filters["sold"] = sold_text
STATE_ZH = {RECONCILED: "已对平", INCOMPLETE: "不完整", NO_TOTALS: "无交班合计（旧版收银台）"}
FIGURE_ZH = {
    "sales_count": "销售笔数",
    "sales_fen": "销售额",
    "refunds_count": "退货笔数",
    "refunds_fen": "退货额",
    "credited_fen": "农户入账",
}
router = APIRouter(prefix="/district", include_in_schema=False)


def _local(t: datetime | None) -> str:
    return "" if t is None else format_local(t, "%Y-%m-%d %H:%M")


def _cookie(response: Response, request: Request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/district",
    )


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def _signed_in(request: Request, state: State) -> accounts.WebUser | None:
    with state.engine.begin() as conn:
        return accounts.session(conn, request.cookies.get(COOKIE), state.clock())


DOWNLOADS = {
    "csv": ".csv",
    "xlsx": ".xlsx",
}
_MEDIA = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(fmt: str, name: str, headers: list[str], rows: list[list[Any]]) -> Response:
    """A table as the page shows it, as a CSV (UTF-8 with BOM) or XLSX download; no cell is ever a
    formula (``importing/tabular.table_bytes``: the station's export rules)."""
    suffix = DOWNLOADS[fmt]
    return Response(
        table_bytes(suffix, headers, rows),
        media_type=_MEDIA[suffix],
        headers={"Content-Disposition": f'attachment; filename="{_file_name(name)}{suffix}"'},
    )


def _file_name(name: str) -> str:
    """A download's name as plain letters, digits, dots and dashes (never a quote in the header)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)


def _shown(chart: Chart) -> Chart:
    """The chart's SVG marked safe for the template: every text in it was escaped when it was drawn."""
    return replace(chart, svg=Markup(chart.svg))


def _yuan(fen: int) -> str:
    return format_fen(fen, symbol=False)


def _to_sign_in() -> RedirectResponse:
    return RedirectResponse("/district/login", status_code=303)


def _login_page(request: Request, status: int = 200, error: str | None = None, username: str = "") -> HTMLResponse:
    """The sign-in form with a fresh form token (double-submitted in a cookie)."""
    token = secrets.token_urlsafe(24)
    page = _page(request, "login.html", status, csrf=token, username=username[:32], error=error, user=None)
    _cookie(page, request, LOGIN_COOKIE, token)
    return page


def _forbidden(request: Request) -> HTMLResponse:
    return _login_page(request, 403, "表单已过期或来自别处，请重新登录")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    state: State,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    if not accounts.same_token(request.cookies.get(LOGIN_COOKIE), csrf):
        return _forbidden(request)
    with state.engine.begin() as conn:  # a wrong password's count is committed with its refusal
        outcome = accounts.sign_in(conn, username, password, state.clock())
    if isinstance(outcome, accounts.SignInRefused):
        return _login_page(request, 401, outcome.message_zh, username)
    token, _ = outcome
    response = RedirectResponse("/district/", status_code=303)
    _cookie(response, request, COOKIE, token)
    response.delete_cookie(LOGIN_COOKIE, path="/district")
    return response


@router.post("/logout")
def logout(request: Request, state: State, csrf: Annotated[str, Form()] = "") -> Response:
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    if not accounts.same_token(csrf, user.csrf):
        return _forbidden(request)
    with state.engine.begin() as conn:
        accounts.sign_out(conn, request.cookies.get(COOKIE))
    response = _to_sign_in()
    response.delete_cookie(COOKIE, path="/district")
    return response


@router.get("/", response_class=HTMLResponse)
def stations(request: Request, state: State, format: str = "") -> Response:
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    now = state.clock()
    with state.engine.connect() as conn:
        rows = stations_at_a_glance(conn, now)
    if format in DOWNLOADS:
        return _download(
            format,
            f"stations-{now.astimezone(LOCAL_TZ):%Y%m%d-%H%M}",
            [
                "站点编码",
                "站点",
                "终端",
                "最后同步",
                "今日接收",
                "今日被拒",
                "待处理（隔离）",
                "缺失小票号",
                "时钟偏差（秒）",
            ],
            [
                [
                    t.station_code,
                    t.station_name,
                    t.terminal or "",
                    _local(t.last_seen_at),
                    t.facts_today,
                    t.refused_today,
                    t.quarantined,
                    t.missing_receipts,
                    "" if t.clock_skew_s is None else t.clock_skew_s,
                ]
                for t in rows
            ],
        )
    shown = [
        {
            **vars(t),
            "seen": _local(t.last_seen_at),
            "stale": t.enrolled and (t.last_seen_at is None or now - t.last_seen_at > STALE_AFTER),
            "skew": _skew(t.clock_skew_s),
            "skew_warn": t.clock_skew_s is not None and abs(t.clock_skew_s) > CLOCK_SKEW_WARNING_S,
        }
        for t in rows
    ]
    return _page(request, "stations.html", user=user, terminals=shown, now=_local(now))


def _skew(seconds: int | None) -> str:
    """How far a till's clock is from the server's, in words: "快 7 分钟", "慢 2 小时", "准"."""
    if seconds is None:
        return "—"
    n = abs(seconds)
    if n < 60:
        return "准（差不到 1 分钟）"
    amount = f"{n // 86400} 天" if n >= 86400 else f"{n // 3600} 小时" if n >= 3600 else f"{n // 60} 分钟"
    return ("快 " if seconds > 0 else "慢 ") + amount


def _tender_names(conn: Connection) -> dict[str, str]:
    """Tender codes in words: the standard ones, and those the district added or renamed."""
    names = {t.code: t.name for t in DEFAULT_TENDERS}
    for code, body in conn.execute(select(RefTender.id, RefTender.body_json)):
        names[code] = str(json.loads(body).get("name") or code)
    return names


def _difference(d: Difference, tenders: dict[str, str]) -> str:
    """A difference as the district clerk reads it: what, the till's figure, the district's."""
    if d.what.startswith("tender:"):
        _, code, side = d.what.split(":")
        label = f"{tenders.get(code, code)}{'收款' if side == 'sales' else '退款'}"
    else:
        label = FIGURE_ZH.get(d.what, d.what)
    shown = (format_fen(d.till), format_fen(d.received)) if d.in_fen else (str(d.till), str(d.received))
    return f"{label}：收银台 {shown[0]}，区里收到 {shown[1]}"


@router.get("/stations/{code}", response_class=HTMLResponse)
def station(request: Request, state: State, code: str, table: str = "shifts", format: str = "") -> Response:
    """A station's recent shifts, each reconciled against the till's own Z totals, and what waits for
    a person; each table also as CSV/XLSX."""
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    with state.engine.connect() as conn:
        named = station_named(conn, code)
        shifts = recent_shifts(conn, code) if named else []
        tenders = _tender_names(conn)
        problems = station_problems(conn, code) if named else []
    if named is None:
        return _page(request, "notfound.html", 404, user=user, what="站点", key=code, back="/district/")
    shown = [
        {
            "terminal": s.terminal,
            "opened": _local(s.opened_at),
            "closed": _local(s.closed_at),
            "state": s.state,
            "state_zh": STATE_ZH[s.state],
            "received": s.received,
            "differences": [_difference(d, tenders) for d in s.differences],
            "missing": s.missing_receipts,
        }
        for s in shifts
    ]
    waiting = [
        {
            "terminal": p.terminal,
            "kind_zh": "被拒" if p.kind == "refused" else "隔离",
            "entity_type": p.entity_type,
            "entity_id": p.entity_id,
            "reason": p.reason,
            "at": _local(p.at),
        }
        for p in problems
    ]
    if format in DOWNLOADS and table == "problems":
        return _download(
            format,
            f"station-{named[0]}-problems",
            ["终端", "时间（北京时间）", "类型", "记录类型", "记录编号", "原因"],
            [[w["terminal"], w["at"], w["kind_zh"], w["entity_type"], w["entity_id"], w["reason"]] for w in waiting],
        )
    if format in DOWNLOADS:
        return _download(
            format,
            f"station-{named[0]}-shifts",
            [
                *("终端", "开班", "结班", "状态", "销售笔数", "销售额（元）", "退货额（元）", "农户入账（元）"),
                *("差异", "缺失小票"),
            ],
            [
                [
                    x.terminal,
                    _local(x.opened_at),
                    _local(x.closed_at),
                    STATE_ZH[x.state],
                    x.received.sales_count,
                    _yuan(x.received.sales_fen),
                    _yuan(x.received.refunds_fen),
                    _yuan(x.received.credited_fen),
                    "；".join(_difference(d, tenders) for d in x.differences),
                    "、".join(x.missing_receipts),
                ]
                for x in shifts
            ],
        )
    return _page(
        request,
        "station.html",
        user=user,
        code=named[0],
        name=named[1],
        shifts=shown,
        problems=waiting,
    )


KIND_ZH = {"credit": "销售入账", "debit": "退货扣回", "payout": "结算支付"}


@router.get("/households", response_class=HTMLResponse)
def households(
    request: Request,
    state: State,
    q: str = "",
    village: str = "",
    category: str = "",
    below: str = "",
    unsold: str = "",
    format: str = "",
) -> Response:
    """Every household's income this year against its target, filtered as the clerk asks: by name or
    code, village, category, below the target, or with no buyer this year (no income from any sale)."""
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    year = state.clock().astimezone(LOCAL_TZ).year
    with state.engine.connect() as conn:
        everyone = households_at_a_glance(conn, year)
    needle = q.strip().lower()
    rows = [
        h
        for h in everyone
        if (not village or h.village == village)
        and (not category or h.category == category)
        and (not below or h.percent < 100)
        and (not unsold or h.year_income_fen <= 0)
        and (not needle or needle in h.code.lower() or needle in h.head_name.lower())
    ]
    if format in DOWNLOADS:
        return _download(
            format,
            f"households-{year}",
            [
                "户编码",
                "户主",
                "村",
                "类别",
                "今年收入（元）",
                "目标（元）",
                "进度（%）",
                "账户余额（元）",
                "累计已结算（元）",
            ],
            [
                [
                    h.code,
                    h.head_name,
                    h.village,
                    h.category,
                    _yuan(h.year_income_fen),
                    _yuan(h.target_fen),
                    h.percent,
                    _yuan(h.balance_fen),
                    _yuan(h.paid_out_fen),
                ]
                for h in rows
            ],
        )
    return _page(
        request,
        "households.html",
        user=user,
        year=year,
        rows=rows,
        q=q,
        village=village,
        category=category,
        below=bool(below),
        unsold=bool(unsold),
        query=urlencode({"q": q, "village": village, "category": category, "below": below, "unsold": unsold}),
        chart=_shown(
            bars("帮扶农户收入进度分布（户数）", progress_distribution([h.percent for h in rows]), money=False)
        ),
        villages=sorted({h.village for h in everyone if h.village}),
        categories=sorted({h.category for h in everyone if h.category}),
    )


@router.get("/households/{code}", response_class=HTMLResponse)
def household(request: Request, state: State, code: str, format: str = "") -> Response:
    """One household: its year against the target, its balance, and every line from every station."""
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    year = state.clock().astimezone(LOCAL_TZ).year
    with state.engine.connect() as conn:
        found = households_at_a_glance(conn, year, only=code)
        lines = household_lines(conn, code) if found else []
    if not found:
        return _page(request, "notfound.html", 404, user=user, what="农户", key=code, back="/district/households")
    # each line as the page, the PDF statement and the downloads say it: when, station, kind, receipt, goods, fen
    shown = [
        (
            _local(li.at),
            li.station_code or "区里",
            KIND_ZH.get(li.kind, li.kind),
            li.receipt_no,
            li.product,
            li.amount_fen,
        )
        for li in lines
    ]
    h = found[0]
    if format == "pdf":
        pdf = household_statement_pdf(
            (h.code, h.head_name, h.village, h.category),
            year,
            (h.year_income_fen, h.target_fen, h.percent, h.balance_fen, h.paid_out_fen),
            shown,
            state.clock(),
        )
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{_file_name(f"household-{code}")}.pdf"'},
        )
    if format in DOWNLOADS:
        return _download(
            format,
            f"household-{code}",
            ["时间（北京时间）", "站点", "类型", "小票号", "商品", "金额（元）"],
            [[*line[:5], _yuan(line[5])] for line in shown],
        )
    return _page(request, "household.html", user=user, year=year, h=h, lines=shown)


@router.get("/report", response_class=HTMLResponse)
def report(
    request: Request,
    state: State,
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    table: str = "stations",
    format: str = "",
) -> Response:
    """The district report for a span: each station, the certified goods sold, the institutional
    buyers against the policy share; as a page, a PDF, or each table as CSV/XLSX."""
    user = _signed_in(request, state)
    if user is None:
        return _to_sign_in()
    try:
        d_from = date.fromisoformat(date_from) if date_from else None
        d_to = date.fromisoformat(date_to) if date_to else None
        if d_from and d_to and d_from > d_to:
            raise ValueError("from after to")
        error = None
    except ValueError:
        d_from = d_to = None
        error = "日期无效（起始日期须不晚于结束日期），显示的是全部日期"
    page = format not in ("pdf", *DOWNLOADS) or error is not None
    with state.engine.connect() as conn:
        f = district_figures(conn, d_from, d_to, state.clock(), households=format == "pdf")
        days = sales_by_day(conn, d_from, d_to) if page else []  # the page's chart only
    span = f"{d_from or 'start'}_{d_to or 'now'}"
    if format == "pdf" and error is None:
        return Response(
            district_pdf(f),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{_file_name(f"district-{span}")}.pdf"'},
        )
    if format in DOWNLOADS and error is None:
        body: list[list[Any]]
        if table == "certified":
            head = ["证书号", "产品", "供应商", "件数", "重量（克）", "销售额（元）"]
            body = [
                [c.cert_no, c.product_name, c.supplier_name, c.qty, c.weight_g, _yuan(c.sales_fen)] for c in f.certified
            ]
        elif table == "suppliers":
            head = ["供应商", "证书数", "销售额（元）"]
            body = [[x.supplier_name, x.certificates, _yuan(x.sales_fen)] for x in f.suppliers]
        elif table == "demand":
            head = ["周（周一）", "品种", "来源", "件数", "重量（克）", "销售额（元）"]
            body = [
                [
                    d.week.isoformat(),
                    d.variety,
                    "农户代销" if d.households else "认定产品",
                    d.qty,
                    d.weight_g,
                    _yuan(d.sales_fen),
                ]
                for d in f.demand
            ]
        elif table == "buyers":
            head = ["采购方", "采购额（元）", "其中扶贫产品（元）", "占比（%）", "是否达标"]
            body = [
                [b.name, _yuan(b.total_fen), _yuan(b.poverty_fen), b.percent, "达标" if b.meets_policy else "未达标"]
                for b in f.buyers
            ]
        else:
            head = [
                "站点编码",
                "站点",
                "销售笔数",
                "销售额（元）",
                "退货额（元）",
                "净额（元）",
                "认定产品（元）",
                "农户入账（元）",
                "帮扶户数",
            ]
            body = [
                [
                    s.code,
                    s.name,
                    s.sales_count,
                    _yuan(s.sales_fen),
                    _yuan(s.refunds_fen),
                    _yuan(s.net_fen),
                    _yuan(s.certified_fen),
                    _yuan(s.credited_fen),
                    s.households_helped,
                ]
                for s in f.stations
            ]
        return _download(format, f"district-{table}-{span}", head, body)
    return _page(
        request,
        "report.html",
        user=user,
        f=f,
        error=error,
        date_from=d_from.isoformat() if d_from else "",
        date_to=d_to.isoformat() if d_to else "",
        query=urlencode({"from": d_from.isoformat() if d_from else "", "to": d_to.isoformat() if d_to else ""}),
        policy=POLICY_SHARE_PERCENT,
        chart=_shown(bars("每日净销售额", [(day, net) for day, net, _ in days], money=True)),
        demand=demand_table(f.demand_weeks, f.demand),
    )
