"""The connections waiting for a process to take them are read from the kernel's accept queue of its
listening socket (Linux), and a socket it cannot read counts none."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from embrace.http.listen_queue import ListenQueue


@contextmanager
def listening() -> Iterator[socket.socket]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock


def test_connections_not_yet_taken_are_counted_and_taking_one_counts_it_off() -> None:
    queue = ListenQueue()
    with listening() as sock, ExitStack() as clients:
        queue.watch(sock)
        assert queue.depth() == 0
        for _ in range(5):
            clients.enter_context(socket.create_connection(sock.getsockname(), timeout=5))
        assert queue.depth() == 5
        taken, _ = sock.accept()
        taken.close()
        assert queue.depth() == 4


def test_a_queue_not_watching_a_tcp_socket_counts_none() -> None:
    queue = ListenQueue()
    assert queue.depth() == 0
    with socket.socket(socket.AF_UNIX) as unix:
        queue.watch(unix)
    assert queue.depth() == 0
