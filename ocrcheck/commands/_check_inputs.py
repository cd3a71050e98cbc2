"""What `ocrcheck check` reads and the line it ends with.

A FILE that is a folder is read recursively, the way `ocrcheck batch` reads folders (the same
walk: sorted, hidden names skipped, symbolic links to folders not followed), keeping the JSON
answers only: images and PDFs need the service (`ocrcheck scan` or `ocrcheck batch`), and are
counted in the summary instead. Every other FILE is read as given, one result line each.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._models import Result


class Tally:
    """Counts for the summary line: documents by status, review documents by error code."""

    def __init__(self) -> None:
        self.status: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.not_answers = 0  # files in folders that are not JSON answers

    def add(self, result: Result) -> None:
        self.status[result.status] += 1
        if result.status == "review":
            self.codes.update({f.code for f in result.findings if f.severity == "error"})

    def line(self) -> str:
        """e.g. `12 documents: 9 pass, 3 review (checksum 2, date 1)`."""
        total = sum(self.status.values())
        text = f"{total} document{'' if total == 1 else 's'}: {self.status['pass']} pass, "
        text += f"{self.status['review']} review"
        if self.codes:
            ranked = sorted(self.codes.items(), key=lambda item: (-item[1], item[0]))
            text += " (" + ", ".join(f"{code} {count}" for code, count in ranked) + ")"
        if self.not_answers:
            text += (f"; {self.not_answers} file{'' if self.not_answers == 1 else 's'} in folders not checked"
                     " (not JSON answers: send images and PDFs with ocrcheck scan or ocrcheck batch)")
        return text


def check_inputs(files: Iterable[str], tally: Tally) -> Iterator[str]:
    """The FILEs to check, in order: folders expanded to their JSON answers."""
    for name in files:
        if name == "-" or not os.path.isdir(name):
            yield name
            continue
        # The walk alone (check needs no client), imported for a folder: a FILE needs no walk.
        from ..batch._inputs import iter_documents

        for document in iter_documents([name]):
            if document.kind == "answer":
                yield document.path
            else:
                tally.not_answers += 1
