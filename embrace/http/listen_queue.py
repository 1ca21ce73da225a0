"""The connections waiting for a process to take them: its listening socket's accept queue, in the kernel.

A process bound by its CPU falls behind in taking connections, not only in answering what it has
taken. At twice ingest's capacity on SQLite, its requests in flight mostly stayed under their bound
while this queue grew to the socket's backlog (2,048). Each new request then waited there, for up to
3.1 s, before the process saw it (docs/benchmarks.md). Shedding counts these connections too.

Linux reports a listening socket's queue in ``TCP_INFO``: the ``tcpi_unacked`` field holds the queue's
length and ``tcpi_sacked`` its bound. Elsewhere, and on a socket that is not TCP, the depth reads 0,
and only the bound on requests in flight holds.
"""

from __future__ import annotations

import socket
import struct

_TCP_INFO = getattr(socket, "TCP_INFO", None)  # Linux only
_QUEUED = struct.Struct("=I")
_QUEUED_OFFSET = 24  # tcpi_unacked follows 8 bytes of small fields and 4 four-byte ones
_INFO_BYTES = _QUEUED_OFFSET + _QUEUED.size


class ListenQueue:
    """Watches the listening sockets a server is given (``watch``); until then, and on a system that does
    not tell, its depth is 0."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []

    def watch(self, sock: socket.socket) -> None:
        if _TCP_INFO is None:
            return
        try:
            sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, _INFO_BYTES)
        except OSError:  # not a TCP socket: nothing to read
            return
        self._sockets.append(sock)

    def depth(self) -> int:
        """Connections made to the sockets and not yet taken by the process. One call costs about a
        microsecond, so every request may ask."""
        total = 0
        for sock in self._sockets:
            try:
                info = sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, _INFO_BYTES)  # type: ignore[arg-type]
            except OSError:  # closed while the server stops
                continue
            total += _QUEUED.unpack_from(info, _QUEUED_OFFSET)[0]
        return total
