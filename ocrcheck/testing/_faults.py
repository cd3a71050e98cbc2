"""Faults the fake server injects on demand, one per request, in the order queued."""

from __future__ import annotations

from dataclasses import dataclass

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

    def apply(self, answer: Answer) -> Answer:
        if self.kind == "length":
            return answer.cut()
        if self.kind == "prose":
            return Answer(text=PROSE)
        if self.kind == "broken_json":
            text = answer.text.replace("```json\n", "").replace("\n```", "").rstrip()
            if text.endswith("}"):
                text = text[:-1].rstrip() + ","
            return Answer(text="```json\n" + text + "\n```")
        return answer
