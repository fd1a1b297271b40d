"""Talking to the district server: enroll, push the outbox, pull the reference streams.

Every call is bounded by a timeout; any failure becomes a ``SyncError`` and leaves the local state as
it was (an op is acked only from the server's reply; a page applies with its cursor or not at all),
so the caller may simply try again later. Nothing here runs on the UI thread.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime
from typing import TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from pos_app.contract.protocol import (
    PROTOCOL_VERSION,
    STREAMS,
    AuditTip,
    CatalogPage,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    HouseholdLedgerPage,
    Meta,
    PullPage,
    PushRequest,
    PushResponse,
    RemoteSale,
    Reservation,
    ReserveRequest,
    StationState,
)
from pos_app.domain.errors import PosError, SyncError
from pos_app.domain.ids import new_id
from pos_app.domain.permissions import Permission, require
from pos_app.services.sync import SyncService
from pos_app.services.users import UserView

log = logging.getLogger("pos.sync")


@dataclass
class SyncReport:
    pushed: int = 0
    acked: int = 0
    problems: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    epoch_changed: bool = False
    warnings: list[str] = field(default_factory=list)


def _fail(what: str, what_zh: str) -> SyncError:
    return SyncError(what=what, what_zh=what_zh)


class _NoSuchThing(SyncError):
    """The district answered that it holds no such thing (404 not_found)."""


def _call(client: httpx.Client, method: str, url: str, **kw: object) -> httpx.Response:
    try:
        reply = client.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.TimeoutException as exc:
        raise _fail(f"the server did not answer in time ({type(exc).__name__})", "区级服务器响应超时") from exc
    except httpx.HTTPError as exc:
        raise _fail(f"cannot reach the server ({type(exc).__name__})", "无法连接区级服务器") from exc
    if reply.status_code >= 400:
        try:
            body = ErrorBody.model_validate_json(reply.content)
            if reply.status_code == 404 and body.code == "not_found":
                raise _NoSuchThing(what=body.message, what_zh=body.message_zh)
            raise _fail(f"{body.code}: {body.message}", body.message_zh)
        except ValidationError:
            raise _fail(f"HTTP {reply.status_code}", f"服务器返回错误 {reply.status_code}") from None
    return reply


M = TypeVar("M", bound=BaseModel)


def _parse(model: type[M], reply: httpx.Response) -> M:
    try:
        return model.model_validate_json(reply.content)
    except ValidationError as exc:
        raise _fail("the server's reply is damaged or not understood", "服务器返回的数据无法识别") from exc


def enroll(
    sync: SyncService,
    server_url: str,
    code: str,
    *,
    transport: httpx.BaseTransport | None = None,
    by: UserView | None = None,
) -> EnrollResponse:
    """Exchange a one-time enrollment code for this terminal's token, and keep it (``by``: the
    administrator who enrolled it on screen, for the audit log)."""
    if by is not None:
        require(by.display_name, by.roles, Permission.ENROLLMENT)
    station = sync.station
    req = EnrollRequest(code=code, station_code=station.station_code, terminal=station.terminal_no)
    headers = {"Content-Type": "application/json"}
    with httpx.Client(base_url=server_url.rstrip("/"), timeout=30, transport=transport, headers=headers) as client:
        reply = _parse(EnrollResponse, _call(client, "POST", "/v1/enroll", content=req.model_dump_json()))
    sync.save_enrollment(server_url, reply.token, reply.server_epoch, by_id=by.id if by else None)
    return reply


class SyncClient:
    def __init__(
        self,
        sync: SyncService,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        batch_size: int = 500,
        page_size: int = 1000,
    ) -> None:
        self._sync = sync
        self._transport = transport
        self._timeout = timeout
        self._batch = batch_size
        self._page_size = page_size

    def _client(self) -> httpx.Client:  # also DistrictClient's
        e = self._sync.require_enrollment()

        def stamp(request: httpx.Request) -> None:  # the district keeps how far this till's clock is from its own
            request.headers["Date"] = format_datetime(self._sync.now().astimezone(UTC), usegmt=True)

        return httpx.Client(
            base_url=e.server_url,
            headers={"Authorization": f"Bearer {e.token}", "Content-Type": "application/json"},
            timeout=self._timeout,
            transport=self._transport,
            event_hooks={"request": [stamp]},
        )

    def sync_once(self) -> SyncReport:
        """Handshake, push everything queued, pull every stream. Records the outcome for the status bar."""
        report = SyncReport()
        try:
            with self._client() as client:
                meta = _parse(Meta, _call(client, "GET", "/v1/meta"))
                if PROTOCOL_VERSION not in meta.protocol_versions or not meta.should_continue:
                    raise _fail(
                        f"the server speaks protocol {meta.protocol_versions}, this station {PROTOCOL_VERSION}: "
                        f"update the station software ({meta.message})",
                        "本站软件版本与区级服务器不兼容，请升级；销售照常进行，数据保留待传",
                    )
                skew = self._sync.record_server_time(meta.server_time)
                if skew is not None:
                    report.warnings.append(f"this computer's clock is {skew} s off the server's")
                report.epoch_changed = self._sync.check_epoch(meta.server_epoch)
                self._push(client, report)
                self._pull(client, report)
                self._sync.apply_state(_parse(StationState, _call(client, "GET", "/v1/state")))
        except PosError as exc:  # the network, or a page this station cannot take: the status bar says which
            self._sync.mark_failed(exc.message_zh)
            raise
        self._sync.mark_ok()
        return report

    def audit_tip(self) -> AuditTip:
        """Where this terminal's audit chain stands at the district."""
        with self._client() as client:
            return _parse(AuditTip, _call(client, "GET", "/v1/audit/tip"))

    def push(self) -> SyncReport:
        report = SyncReport()
        with self._client() as client:
            self._push(client, report)
        return report

    def _push(self, client: httpx.Client, report: SyncReport) -> None:
        while True:
            ops = self._sync.pending(self._batch)
            if not ops:
                return
            req = PushRequest(batch_id=new_id(), ops=ops)
            reply = _parse(PushResponse, _call(client, "POST", "/v1/push", content=req.model_dump_json()))
            if {r.seq for r in reply.results} != {op.seq for op in ops}:
                raise _fail("the server's reply does not match the batch sent", "服务器回执与所发数据不符")
            acked, problems = self._sync.record_push(reply.results)
            report.pushed += len(ops)
            report.acked += acked
            report.problems += problems
            if acked + problems == 0:
                return  # nothing moved (another process of this terminal got there first): next round

    def _pull(self, client: httpx.Client, report: SyncReport) -> None:
        """Every stream, page by page. The next page is fetched while this one is applied (its cursor
        is known once the page arrives); only an applied page moves the stored cursor."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pos-pull") as ahead:
            for stream in STREAMS:
                since = self._sync.cursor(stream)
                page = self._page(client, stream, since)
                while True:
                    following = ahead.submit(self._page, client, stream, page.next_cursor) if page.has_more else None
                    if page.rows:
                        done = self._sync.apply_page(page)
                        report.pulled[stream] = report.pulled.get(stream, 0) + done.applied
                    if following is None:
                        break
                    page = following.result()

    def _page(self, client: httpx.Client, stream: str, since: int) -> PullPage | CatalogPage:
        reply = _call(client, "GET", "/v1/pull", params={"stream": stream, "since": since, "limit": self._page_size})
        page = _parse(CatalogPage, reply) if stream == "catalog" else _parse(PullPage, reply)
        if page.stream != stream or page.next_cursor < since:
            raise _fail("the server's page does not match the request", "服务器返回的数据页与请求不符")
        return page


class DistrictClient:
    """The station services' port to the district (``services.district.DistrictLink``): short
    timeouts, since a cashier is waiting; every failure is a ``SyncError`` the screen can show."""

    def __init__(self, sync: SyncService, *, transport: httpx.BaseTransport | None = None, timeout: float = 10.0):
        self._sync = sync
        self._client = SyncClient(sync, transport=transport, timeout=timeout)

    def enrolled(self) -> bool:
        return self._sync.enrollment() is not None

    def push(self) -> None:
        self._client.push()

    def reserve(self, reservation_id: str, household_code: str) -> Reservation:
        req = ReserveRequest(id=reservation_id, household_code=household_code)
        with self._client._client() as client:
            return _parse(Reservation, _call(client, "POST", "/v1/settlements", content=req.model_dump_json()))

    def household_ledger(self, code: str, year: int) -> HouseholdLedgerPage:
        with self._client._client() as client:
            reply = _call(client, "GET", f"/v1/households/{quote(code, safe='')}/ledger", params={"year": year})
            return _parse(HouseholdLedgerPage, reply)

    def sale(self, receipt_no: str, *, timeout: float | None = None) -> RemoteSale | None:
        kw: dict[str, object] = {} if timeout is None else {"timeout": timeout}
        with self._client._client() as client:
            try:
                reply = _call(client, "GET", f"/v1/sales/{quote(receipt_no, safe='')}", **kw)
            except _NoSuchThing:
                return None
            return _parse(RemoteSale, reply)

    def state(self) -> StationState:
        with self._client._client() as client:
            return _parse(StationState, _call(client, "GET", "/v1/state"))
