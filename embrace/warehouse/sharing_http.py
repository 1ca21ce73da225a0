"""The HTTP side of a shared embedded store: requests read as ClickHouse reads them, answers sent as it
sends them (``X-ClickHouse-*`` headers, errors with their code)."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable

import lz4.frame
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from embrace.warehouse.sharing import Query, QueryFailed, SharedStore

# What the HTTP interface reads itself rather than passing to the engine as a setting.
TRANSPORT = frozenset({
    "query", "database", "default_format", "query_id", "session_id", "session_timeout", "session_check",
    "compress", "decompress", "enable_http_compression", "wait_end_of_query", "buffer_size",
    "send_progress_in_http_headers", "http_headers_progress_interval_ms", "client_protocol_version",
    "user", "password", "quota_key", "role",
})  # fmt: skip
_INSERT = re.compile(r"^\s*INSERT\b", re.IGNORECASE)
_INSERT_HEAD = re.compile(rb"^\s*INSERT\b.*?\bFORMAT\s+\w+[ \t]*\r?\n", re.IGNORECASE | re.DOTALL)


def _lz4_frames(body: bytes) -> bytes:
    """clickhouse-connect compresses an insert block by block, each an LZ4 frame of its own; LZ4's
    ``decompress`` would stop after the first, and the other blocks' rows would be lost."""
    rows = bytearray()
    while body:
        frame = lz4.frame.LZ4FrameDecompressor()
        rows += frame.decompress(body)
        if not frame.eof:
            raise ValueError("the body ends inside an LZ4 frame")
        body = frame.unused_data
    return bytes(rows)


_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.decompress, "deflate": zlib.decompress, "lz4": _lz4_frames,
}  # fmt: skip


def sharing_app(store: SharedStore) -> Starlette:
    async def ping(_: Request) -> Response:
        return PlainTextResponse("Ok.\n")

    async def query(request: Request) -> Response:
        try:
            answer = await run_in_threadpool(store.run, await _parse(request))
        except QueryFailed as exc:
            return _failure(str(exc), exc.code, 500)
        except ValueError as exc:
            return _failure(f"Code: 27. DB::Exception: {exc}. (CANNOT_PARSE_INPUT)", 27, 400)
        headers = {"X-ClickHouse-Format": answer.fmt, "X-ClickHouse-Timezone": store.timezone,
                   "X-ClickHouse-Summary": json.dumps(answer.summary),
                   "X-ClickHouse-Query-Id": request.query_params.get("query_id", "")}  # fmt: skip
        return Response(answer.body, headers=headers, media_type="application/octet-stream")

    return Starlette(routes=[Route("/ping", ping), Route("/", query, methods=["GET", "POST"])])


async def _parse(request: Request) -> Query:
    """The query, its parameters and settings, and an insert's rows, as ClickHouse reads a request: the
    query in the URL, the body, or both (joined); an insert's rows after it, in the body."""
    given = dict(request.query_params)
    params = {name[6:]: value for name, value in given.items() if name.startswith("param_")}
    settings = {n: v for n, v in given.items() if n not in TRANSPORT and not n.startswith("param_")}
    body = await _body(request)
    sql = given.get("query", "")
    if sql and _INSERT.match(sql):
        return Query(sql, params, settings, body or None)
    head = _INSERT_HEAD.match(body)
    if head:
        return Query(sql + head.group(0).decode(), params, settings, body[head.end() :])
    sql = f"{sql}\n{body.decode()}" if sql and body else sql or body.decode()
    if not sql.strip():
        raise ValueError("no query: pass it as the query parameter or the body")
    return Query(sql, params, settings, None)


async def _body(request: Request) -> bytes:
    body = await request.body()
    encoding = request.headers.get("content-encoding", "identity")
    if not body or encoding == "identity":
        return body
    if encoding not in _DECODERS:
        raise ValueError(f"content encoding {encoding!r} is not supported here; send it uncompressed")
    return _DECODERS[encoding](body)


def _failure(message: str, code: int, status: int) -> Response:
    return PlainTextResponse(message + "\n", status, headers={"X-ClickHouse-Exception-Code": str(code)})
