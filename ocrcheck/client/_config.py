"""Where the client sends requests and with which key: from arguments, else the environment.

Environment: `DASHSCOPE_API_KEY` (the key), `OCRCHECK_REGION` (`beijing`, `singapore`,
`virginia`), `OCRCHECK_BASE_URL` (a workspace domain or any server speaking the same paths),
`OCRCHECK_COMPATIBLE_BASE_URL` (any OpenAI-compatible server, e.g. a self-hosted vision model),
`OCRCHECK_MODEL`. The key lives in a `Secret` whose `repr` and `str` never show it, so neither
a log line, a traceback nor a `repr` of the client can leak it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .._exceptions import InputError

# The service document names Beijing and the international (Singapore) endpoint; the US
# (Virginia) endpoint follows the same pattern. Aliases are the regions' cloud ids.
REGIONS: dict[str, str] = {
    "beijing": "https://dashscope.aliyuncs.com",
    "singapore": "https://dashscope-intl.aliyuncs.com",
    "virginia": "https://dashscope-us.aliyuncs.com",
}
_REGION_ALIASES = {
    "cn-beijing": "beijing",
    "cn": "beijing",
    "ap-southeast-1": "singapore",
    "intl": "singapore",
    "us-east-1": "virginia",
    "us": "virginia",
}

DEFAULT_MODEL = "qwen3.5-ocr"
NATIVE_PATH = "/api/v1/services/aigc/multimodal-generation/generation"
COMPATIBLE_PATH = "/compatible-mode/v1"


class Secret:
    """A string that is never printed: only `reveal()` gives it back (for the header)."""

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def scrub(text: str, secret: Secret | None) -> str:
    """`text` with the secret replaced, for messages the service may echo the key into. The one
    scrubber: every text that may hold the key passes here *before* it is cut to length, so a
    cut can never leave a readable piece of the key behind."""
    if secret and secret.reveal() in text:
        return text.replace(secret.reveal(), "****")
    return text


# A DashScope key is `sk-` and hex; other compatible servers use other alphabets, so only what
# cannot be sent in an HTTP header is refused: anything outside printable ASCII or a space.
# (A trailing newline from `echo key > file` was sent as-is before, failed five times and was
# then printed whole by httpcore's DEBUG log; a non-ASCII key raised UnicodeEncodeError whose
# repr held the header.)
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")


def check_api_key(key: str, origin: str) -> None:
    """Raise `InputError` for a key that cannot go into an `Authorization` header. The message
    says what is wrong and where, never the key or any part of it."""
    if _KEY_CHARACTERS.fullmatch(key):
        return
    position, char = next((i, c) for i, c in enumerate(key) if not _KEY_CHARACTERS.fullmatch(c))
    if char in "\r\n":
        kind = "a line break"
    elif char.isspace():
        kind = "whitespace"
    elif ord(char) < 0x20 or ord(char) == 0x7F:
        kind = "a control character"
    else:
        kind = "a non-ASCII character"
    raise InputError(
        f"the API key from {origin} contains {kind} at position {position + 1} of {len(key)}; "
        "an API key is printable ASCII without spaces (was it pasted with a newline?)"
    )


def region_url(region: str) -> str:
    name = _REGION_ALIASES.get(region.lower(), region.lower())
    if name not in REGIONS:
        known = ", ".join(sorted(REGIONS))
        raise InputError(f"unknown region {region!r}; known regions: {known} (or pass base_url)")
    return REGIONS[name]


@dataclass(frozen=True)
class ClientConfig:
    """Resolved endpoints, model and timeouts. `api_key` is a `Secret` (hidden in `repr`)."""

    api_key: Secret
    base_url: str
    compatible_base_url: str
    model: str
    timeout: float

    @property
    def native_url(self) -> str:
        return self.base_url + NATIVE_PATH

    @property
    def chat_url(self) -> str:
        return self.compatible_base_url + "/chat/completions"

    @property
    def responses_url(self) -> str:
        return self.compatible_base_url + "/responses"

    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.api_key.reveal()}",
            "Content-Type": "application/json",
            "User-Agent": "ocrcheck",
        }


def resolve_config(
    api_key: str | None = None,
    *,
    region: str | None = None,
    base_url: str | None = None,
    compatible_base_url: str | None = None,
    model: str | None = None,
    timeout: float = 120.0,
    environ: Mapping[str, str] | None = None,
) -> ClientConfig:
    """Arguments first, then the environment, then Beijing and `qwen3.5-ocr`. Precedence, each
    line first match wins: key `api_key` > `$DASHSCOPE_API_KEY`; base URL `base_url` > `region`
    > `$OCRCHECK_BASE_URL` > `$OCRCHECK_REGION` > Beijing; compatible URL
    `compatible_base_url` > derived from an explicit `base_url`/`region` >
    `$OCRCHECK_COMPATIBLE_BASE_URL` > derived from the base URL; model `model` >
    `$OCRCHECK_MODEL` > qwen3.5-ocr."""
    env = os.environ if environ is None else environ
    origin = "api_key=" if api_key is not None else "DASHSCOPE_API_KEY"
    key = api_key if api_key is not None else env.get("DASHSCOPE_API_KEY", "")
    if not key:
        raise InputError("no API key: pass api_key= or set DASHSCOPE_API_KEY")
    check_api_key(key, origin)
    # Arguments always win over the environment, option by option. An explicit region or base
    # URL also decides the compatible endpoint (derived from it) unless compatible_base_url is
    # given too: `--base-url X` must never send the image and the key to an environment's Y.
    explicit_endpoint = bool(base_url or region)
    base = base_url or (None if region else env.get("OCRCHECK_BASE_URL"))
    if not base:
        base = region_url(region or env.get("OCRCHECK_REGION") or "beijing")
    base = base.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise InputError(f"base_url must start with http:// or https://, got {base!r}")
    compatible = compatible_base_url or (None if explicit_endpoint else env.get("OCRCHECK_COMPATIBLE_BASE_URL"))
    compatible = compatible or base + COMPATIBLE_PATH
    if not compatible.startswith(("http://", "https://")):
        raise InputError(f"compatible_base_url must start with http:// or https://, got {compatible!r}")
    if timeout <= 0:
        raise InputError(f"timeout must be positive, got {timeout}")
    return ClientConfig(
        api_key=Secret(key),
        base_url=base,
        compatible_base_url=compatible.rstrip("/"),
        model=model or env.get("OCRCHECK_MODEL") or DEFAULT_MODEL,
        timeout=timeout,
    )
