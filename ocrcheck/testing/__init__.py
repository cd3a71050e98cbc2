"""Test helpers for integrators: a loopback Qwen-OCR server (see docs/testing.md).

    FakeQwenServer   real HTTP on 127.0.0.1, the three endpoints, answers and faults
    Answer           what the model "wrote" (text, kv_result, words_info, finish_reason)
    Fault            429/5xx with Retry-After, delay, cut answer, prose, broken JSON, disconnect
    RecordedRequest  what the server received, readable in every wire format
    BatchPlan        how `server.batch_api` (the Files and Batches endpoints) moves batches along
"""

from __future__ import annotations

from ._batch_api import BatchPlan
from ._faults import Fault
from ._recorded import RecordedRequest
from ._server import FakeQwenServer, image_key
from ._wire import Answer

__all__ = ["Answer", "BatchPlan", "FakeQwenServer", "Fault", "RecordedRequest", "image_key"]
