"""The outbox relay is told as soon as a request that changes something has been answered: one rule for
every route of the API and every form of the web app, so that no handler that saves has to remember it.

A handler commits its records with its outbox rows before it answers, so when the answer starts they
are there to relay. The relay also polls, so a wake that is missed only costs time."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CHANGES = {"POST", "PUT", "PATCH", "DELETE"}


class WakeRelay:
    def __init__(self, app: ASGIApp, wake: Callable[[], None]) -> None:
        self.app = app
        self.wake = wake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in CHANGES:
            await self.app(scope, receive, send)
            return

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                self.wake()
            await send(message)

        await self.app(scope, receive, answer)
