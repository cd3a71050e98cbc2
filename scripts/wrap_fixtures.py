"""Write every `fixtures/<type>/<case>.fields.json` in the service's three wire formats.

    python scripts/wrap_fixtures.py [fixtures/<type> ...]

Beside `<case>.fields.json` it writes `<case>.dashscope.json` (DashScope native, with the fields
in `ocr_result.kv_result` and as fenced JSON in `text`, as the service answers the
key_information_extraction task), `<case>.openai.json` (OpenAI-compatible chat completion, fenced
JSON in `content`) and `<case>.responses.json` (Responses API). The shapes follow the service
document's example answers; ids are derived from the case name so reruns change nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent / "fixtures"


def _ids(name: str) -> tuple[str, int]:
    digest = hashlib.sha256(name.encode()).digest()
    return str(uuid.UUID(bytes=digest[:16])), 1742528311 + digest[16]


def fenced(fields: Any) -> str:
    return "```json\n" + json.dumps(fields, ensure_ascii=False, indent=4) + "\n```"


def dashscope(fields: Any, name: str) -> dict[str, Any]:
    request_id, _ = _ids(name)
    text = fenced(fields)
    return {
        "output": {
            "choices": [
                {
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": [{"ocr_result": {"kv_result": fields}, "text": text}]},
                }
            ]
        },
        "usage": {
            "image_tokens": 310,
            "input_tokens": 521,
            "output_tokens": len(text) // 3,
            "total_tokens": 521 + len(text) // 3,
        },
        "request_id": request_id,
    }


def openai(fields: Any, name: str) -> dict[str, Any]:
    request_id, created = _ids(name)
    text = fenced(fields)
    return {
        "choices": [
            {"message": {"content": text, "role": "assistant"}, "finish_reason": "stop", "index": 0, "logprobs": None}
        ],
        "object": "chat.completion",
        "usage": {"prompt_tokens": 606, "completion_tokens": len(text) // 3, "total_tokens": 606 + len(text) // 3},
        "created": created,
        "system_fingerprint": None,
        "model": "qwen3.5-ocr",
        "id": f"chatcmpl-{request_id}",
    }


def responses(fields: Any, name: str) -> dict[str, Any]:
    request_id, created = _ids(name)
    text = fenced(fields)
    return {
        "id": f"resp_{request_id}",
        "object": "response",
        "created_at": created,
        "status": "completed",
        "model": "qwen3.5-ocr",
        "output": [
            {
                "type": "message",
                "id": f"msg_{request_id}",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }
        ],
        "usage": {"input_tokens": 606, "output_tokens": len(text) // 3, "total_tokens": 606 + len(text) // 3},
    }


WRAPPERS = {"dashscope": dashscope, "openai": openai, "responses": responses}


def wrap_dir(folder: Path) -> int:
    written = 0
    for source in sorted(folder.glob("*.fields.json")):
        case = source.name[: -len(".fields.json")]
        fields = json.loads(source.read_text(encoding="utf-8"))
        for wire, wrap in WRAPPERS.items():
            target = folder / f"{case}.{wire}.json"
            text = json.dumps(wrap(fields, f"{folder.name}/{case}"), ensure_ascii=False, indent=2) + "\n"
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                written += 1
    return written


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or sorted(p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith("_"))
    total = sum(wrap_dir(folder) for folder in folders)
    print(f"wrote {total} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
