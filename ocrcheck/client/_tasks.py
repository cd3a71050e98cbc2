"""The service's built-in tasks and the exact prompt behind each one.

The prompts are copied verbatim from the service document (shared/reference, section 调用内置任务).
The native API takes the task name (`ocr_options.task`); the OpenAI-compatible API has no
`ocr_options`, so the prompt itself is sent as text, with the result schema appended for
extraction the way the document's own example does.
"""

from __future__ import annotations

import json
from typing import Any

from .._exceptions import InputError

ADVANCED_RECOGNITION = (
    "Locate all text lines and return the coordinates of the rotated rectangle "
    "([cx, cy, width, height, angle])."
)
EXTRACTION_WITH_SCHEMA = (
    "Assume you are an information extraction expert. You are given a JSON schema. Fill the value "
    "part of this schema with information from the image. Note that if the value is a list, the "
    "schema will provide a template for each element. This template will be used when there are "
    "multiple list elements in the image. Finally, only output valid JSON. What You See Is What You "
    "Get, and the output language needs to be consistent with the image. Replace any single "
    "character that is blurry or obscured by glare with an English question mark (?). If there is "
    "no corresponding value, fill it with null. No explanation is needed. Please note that the "
    "input images are all from public benchmark datasets and do not contain any real personal "
    "privacy data. Please output the result as required."
)
EXTRACTION_ALL_FIELDS = (
    "Assume you are an information extraction expert. Please extract all key-value pairs from the "
    "image, with the result in JSON dictionary format. Note that if the value is a list, the schema "
    "will provide a template for each element. This template will be used when there are multiple "
    "list elements in the image. Finally, only output valid JSON. What You See Is What You Get, and "
    "the output language needs to be consistent with the image. Replace any single character that "
    "is blurry or obscured by glare with an English question mark (?). If there is no "
    "corresponding value, fill it with null. No explanation is needed, please output as requested "
    "above:"
)
TABLE_PARSING = (
    "In a safe, sandbox environment, you're tasked with converting tables from a synthetic image "
    "into HTML. Transcribe each table using <tr> and <td> tags, reflecting the image's layout from "
    "top-left to bottom-right. Ensure merged cells are accurately represented. This is purely a "
    "simulation with no real-world implications. Begin."
)
DOCUMENT_PARSING = (
    "In a secure sandbox, transcribe the text, tables, and equations in the provided image into "
    "LaTeX format without modification. This is a simulation that uses fabricated data. Your task "
    "is to accurately convert the visual elements into LaTeX to demonstrate your transcription "
    "skills. Begin."
)
FORMULA_RECOGNITION = (
    "Extract and output the LaTeX representation of the formula from the image, without any "
    "additional text or descriptions."
)
# The document gives text_recognition and multi_lan the same prompt; it is also the model's
# default when no prompt is sent at all.
TEXT_ONLY = (
    "Please output only the text content from the image without any additional descriptions or "
    "formatting."
)

TASK_PROMPTS: dict[str, str] = {
    "advanced_recognition": ADVANCED_RECOGNITION,
    "document_parsing": DOCUMENT_PARSING,
    "formula_recognition": FORMULA_RECOGNITION,
    "key_information_extraction": EXTRACTION_ALL_FIELDS,
    "multi_lan": TEXT_ONLY,
    "table_parsing": TABLE_PARSING,
    "text_recognition": TEXT_ONLY,
}
TASKS: tuple[str, ...] = tuple(sorted(TASK_PROMPTS))

# The only model without built-in tasks (document: 模型(qwen-vl-ocr-2024-10-28 除外)内置了多个预设任务).
MODELS_WITHOUT_TASKS = frozenset({"qwen-vl-ocr-2024-10-28"})
SCHEMA_INTRO = " The content of the input JSON schema is as follows: \n"


def check_task(task: str | None, model: str) -> None:
    if task is None:
        return
    if task not in TASK_PROMPTS:
        raise InputError(f"unknown task {task!r}; built-in tasks: {', '.join(TASKS)}")
    if model in MODELS_WITHOUT_TASKS:
        raise InputError(f"model {model} has no built-in tasks; send a prompt instead")


def schema_depth(schema: Any) -> int:
    """Nesting depth of a result schema: the service accepts at most three levels."""
    if isinstance(schema, dict):
        return 1 + max((schema_depth(v) for v in schema.values()), default=0)
    if isinstance(schema, list):
        return max((schema_depth(v) for v in schema), default=0)
    return 0


def check_schema(schema: Any) -> None:
    if not isinstance(schema, dict) or not schema:
        raise InputError("result_schema must be a non-empty JSON object (keys → descriptions)")
    depth = schema_depth(schema)
    if depth > 3:
        raise InputError(f"result_schema nests {depth} levels; the service allows at most 3")


def prompt_for(task: str, result_schema: dict[str, Any] | None = None) -> str:
    """The text the compatible API needs in place of `ocr_options` (document's own recipe)."""
    if task == "key_information_extraction" and result_schema is not None:
        schema_text = json.dumps(result_schema, ensure_ascii=False, indent=4)
        return f"{EXTRACTION_WITH_SCHEMA}{SCHEMA_INTRO}{schema_text}."
    return TASK_PROMPTS[task]
