"""A request as the fake server received it, with accessors that read every wire format."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..client._tasks import EXTRACTION_WITH_SCHEMA, SCHEMA_INTRO, TASK_PROMPTS


def schema_of(prompt: str) -> dict[str, Any] | None:
    """The result schema appended to a compatible-mode extraction prompt, if there is one."""
    marker = SCHEMA_INTRO.strip()
    at = prompt.find(marker)
    if at < 0:
        return None
    rest = prompt[at + len(marker):].lstrip()
    try:
        schema, _ = json.JSONDecoder().raw_decode(rest)
    except ValueError:
        return None
    return schema if isinstance(schema, dict) else None


@dataclass(frozen=True)
class RecordedRequest:
    """`headers` leave out Authorization; `authorized` says whether the bearer key matched."""

    api: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes
    time: float
    authorized: bool

    def _get(self, *keys: str) -> Any:
        node = self.body
        for key in keys:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    @property
    def model(self) -> str | None:
        return self._get("model")

    @property
    def messages(self) -> list[Any]:
        found = self._get("input", "messages") if self.api == "native" else self._get(
            "messages" if self.api == "chat" else "input")
        return found if isinstance(found, list) else []

    @property
    def content(self) -> list[dict[str, Any]]:
        """Content items of the last message."""
        if not self.messages or not isinstance(self.messages[-1], dict):
            return []
        items = self.messages[-1].get("content")
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    @property
    def image_urls(self) -> list[str]:
        urls = []
        for item in self.content:
            url = item.get("image") or item.get("file_url")
            if isinstance(item.get("image_url"), dict):
                url = item["image_url"].get("url")
            if isinstance(url, str):
                urls.append(url)
        return urls

    @property
    def prompt_text(self) -> str:
        return "\n".join(str(i["text"]) for i in self.content if "text" in i)

    @property
    def ocr_options(self) -> dict[str, Any] | None:
        found = self._get("parameters", "ocr_options") if self.api == "native" else self._get("ocr_options")
        if found is None and self.api == "native":
            found = self._get("ocr_options")  # some SDK versions send it at the top level
        return found if isinstance(found, dict) else None

    @property
    def task(self) -> str | None:
        """The built-in task: from `ocr_options`, or recognised from the prompt (compatible mode)."""
        if self.ocr_options is not None:
            return self.ocr_options.get("task")
        text = self.prompt_text
        if text.startswith(EXTRACTION_WITH_SCHEMA):
            return "key_information_extraction"
        for task in sorted(TASK_PROMPTS, reverse=True):  # text_recognition before multi_lan
            if text.startswith(TASK_PROMPTS[task]):
                return task
        return None

    @property
    def result_schema(self) -> dict[str, Any] | None:
        if self.ocr_options is not None:
            config = self.ocr_options.get("task_config")
            schema = config.get("result_schema") if isinstance(config, dict) else None
            return schema if isinstance(schema, dict) else None
        return schema_of(self.prompt_text) if self.api == "chat" else None

    @property
    def stream(self) -> bool:
        return bool(self._get("stream") or self._get("parameters", "incremental_output")
                    or self.headers.get("X-DashScope-SSE", "").lower() == "enable")

    def problem(self) -> str | None:
        """Why the real service would answer 400, as far as the fake server checks."""
        if not isinstance(self.body, dict):
            return "The request body is not a JSON object."
        if not isinstance(self.model, str) or not self.model:
            return "Model not specified."
        if not self.content:
            return "Input messages must not be empty."
        if self.stream and self.task is not None:
            return "FakeQwenServer: built-in tasks must not stream (ocr_result would be empty)."
        return None
