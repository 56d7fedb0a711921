"""The web app's protections: the security headers on every response and the Host headers it answers (against
DNS rebinding)."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
}
"""Headers on every response (pages, downloads, JSON, images): no inline script runs even if some text slipped
through unescaped, no content sniffing."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host headers always accepted (this machine); any other must be the configured ``--host`` (DNS rebinding)."""
ALL_INTERFACES = ("0.0.0.0", "::", "")
"""Hosts that listen on every interface: the app is then reachable under any name, so no Host header is refused."""
LOOPBACK_PREFIX = "127."
"""The start of every IPv4 loopback address."""
HEADER_ENCODING = "latin-1"


def reachable_from_others(host: str) -> bool:
    """Whether serving on ``host`` lets other machines reach the app (not a loopback name or address)."""
    return host.strip().lower() not in LOCAL_HOSTS and not host.startswith(LOOPBACK_PREFIX)


def allowed_hosts(host: str | None) -> list[str]:
    """The Host headers the app answers: this machine's names and the host it serves on (every one when it
    listens on all interfaces)."""
    if host is not None and host.strip() in ALL_INTERFACES:
        return ["*"]
    return list(dict.fromkeys([*LOCAL_HOSTS, *([host.strip()] if host else [])]))


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode(HEADER_ENCODING).lower() for k, _ in headers}
                headers += [(k.lower().encode(HEADER_ENCODING), v.encode(HEADER_ENCODING))
                            for k, v in SECURITY_HEADERS.items() if k.lower() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
