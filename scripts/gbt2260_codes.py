"""Write `ocrcheck/checks/gbt2260_codes.txt`: the GB/T 2260 county codes of the installed
python-stdnum's `cn/loc.dat`, with that file's SHA-256 (see `resident_id._county_table`).

    python scripts/gbt2260_codes.py

Run it when python-stdnum's table changes: until then a cold start reads the new table itself,
and tests/checks/test_resident_id.py says the shipped codes are of another table.
"""

from __future__ import annotations

from pathlib import Path

from ocrcheck.checks import resident_id


def main() -> None:
    text = resident_id.shipped_codes_text(resident_id._stdnum_table())
    Path(resident_id.CODES_FILE).write_text(text, encoding="ascii")
    print(f"{resident_id.CODES_FILE}: {len(text.split()) - 2} codes")


if __name__ == "__main__":
    main()
