"""Faults the fake server injects on demand, one per request, in the order queued."""

from __future__ import annotations

from dataclasses import dataclass

from .. import wire
from ._wire import Answer

PROSE = "I'm sorry, but the image is too blurry for me to read the document reliably."


@dataclass(frozen=True)
class Fault:
    """One misbehaviour. Build with the class methods, e.g. `Fault.rate_limited(retry_after=1)`."""

    kind: str
    status: int = 0
    code: str | None = None
    message: str | None = None
    retry_after: float | str | None = None
    seconds: float = 0.0
    size: int = 0
    where: str = ""
    declare_length: bool = True

    @classmethod
    def http_error(cls, status: int, *, code: str | None = None, message: str | None = None,
                   retry_after: float | str | None = None) -> Fault:
        """An error answer with the service's error body for that endpoint."""
        return cls("status", status=status, code=code, message=message, retry_after=retry_after)

    @classmethod
    def rate_limited(cls, retry_after: float | str | None = 1, code: str = "Throttling.RateQuota") -> Fault:
        return cls.http_error(429, code=code, retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        return cls.http_error(status)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Answer normally, after `seconds` (for client timeouts)."""
        return cls("delay", seconds=seconds)

    @classmethod
    def truncated(cls) -> Fault:
        """A cut answer: half the text and `finish_reason: "length"`."""
        return cls("length")

    @classmethod
    def prose(cls) -> Fault:
        """Prose where JSON was asked for."""
        return cls("prose")

    @classmethod
    def broken_json(cls) -> Fault:
        """JSON with its closing brace missing and a trailing comma."""
        return cls("broken_json")

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without answering (the client sees a protocol error)."""
        return cls("disconnect")

    @classmethod
    def trickle(cls, seconds_per_byte: float = 0.08) -> Fault:
        """Answer normally, but send the body one byte every `seconds_per_byte` (a slow-loris
        server: no single read ever waits long, so only a whole-call deadline stops it)."""
        return cls("trickle", seconds=seconds_per_byte)

    @classmethod
    def huge_body(cls, size: int, *, declare_length: bool = True) -> Fault:
        """A 200 answer of `size` bytes of padding, streamed (never held in memory); without
        `declare_length` there is no Content-Length and the body ends when the connection does."""
        return cls("huge", size=size, declare_length=declare_length)

    @classmethod
    def echo_key(cls, where: str = "message", status: int = 400) -> Fault:
        """An error answer that repeats the server's API key: in the error `message`, `code` or
        `request_id`, or (`where="text"`) in a plain-text body, 183 characters in, where a cut at
        200 characters lands in the middle of the key; `where="header"` answers normally with
        the key in a response header (which httpcore logs at DEBUG)."""
        return cls("echo_key", status=status, where=where)

    @classmethod
    def body(cls, status: int, payload: bytes) -> Fault:
        """Exactly these bytes as the body, with this status (e.g. `{"choices": ["x"]}`)."""
        return cls("body", status=status, message=payload.decode("utf-8", "surrogateescape"))

    def apply(self, answer: Answer) -> Answer:
        if self.kind == "length":
            return answer.cut()
        if self.kind == "prose":
            return Answer(text=PROSE)
        if self.kind == "broken_json":
            text = wire.unfence(answer.text).body
            if text.endswith("}"):
                text = text[:-1].rstrip() + ","
            return Answer(text=wire.fence(text))
        return answer
