"""Where the client sends requests and with which key: from arguments, else the environment.

Environment: `DASHSCOPE_API_KEY` (the key), `OCRCHECK_REGION` (`beijing`, `singapore`,
`virginia`), `OCRCHECK_BASE_URL` (a workspace domain or any server speaking the same paths),
`OCRCHECK_COMPATIBLE_BASE_URL` (any OpenAI-compatible server, e.g. a self-hosted vision model),
`OCRCHECK_MODEL`. The key lives in a `Secret` whose `repr` and `str` never show it, so neither
a log line, a traceback nor a `repr` of the client can leak it.
"""

from __future__ import annotations

import os
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

    __slots__ = ("_value",)

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
    """`text` with the secret replaced, for messages the service may echo the key into."""
    if secret and secret.reveal() in text:
        return text.replace(secret.reveal(), "****")
    return text


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
    """Arguments first, then the environment, then Beijing and `qwen3.5-ocr`."""
    env = os.environ if environ is None else environ
    key = api_key if api_key is not None else env.get("DASHSCOPE_API_KEY", "")
    if not key:
        raise InputError("no API key: pass api_key= or set DASHSCOPE_API_KEY")
    # An explicit region argument beats a base URL from the environment: arguments win.
    base = base_url or (None if region else env.get("OCRCHECK_BASE_URL"))
    if not base:
        base = region_url(region or env.get("OCRCHECK_REGION") or "beijing")
    base = base.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise InputError(f"base_url must start with http:// or https://, got {base!r}")
    compatible = compatible_base_url or env.get("OCRCHECK_COMPATIBLE_BASE_URL") or base + COMPATIBLE_PATH
    if timeout <= 0:
        raise InputError(f"timeout must be positive, got {timeout}")
    return ClientConfig(
        api_key=Secret(key),
        base_url=base,
        compatible_base_url=compatible.rstrip("/"),
        model=model or env.get("OCRCHECK_MODEL") or DEFAULT_MODEL,
        timeout=timeout,
    )
