"""python-stdnum validators registered as checks, for the wider catalogue of documents.

A stdnum module's `validate` already has the check contract (returns the canonical value or
raises a stdnum exception), so these register with no adapter. The one exception is the old
15-digit business registration number: `stdnum.iso7064.mod_11_10` checks a check digit of any
length, so a wrapper adds the length and digit checks of GS15-2006.

More information:

* https://arthurdejong.org/python-stdnum/ (module documentation)
* domain.md §1.2 (GS15-2006), §9, §11, §12
* The Indonesian NIK is checked by `nik.py`, not by stdnum's `id.nik` (see there why).

>>> validate_old_business_registration('110108000000016')
'110108000000016'
>>> validate_old_business_registration('11010800000001')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate_old_business_registration('11010800000001A')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_old_business_registration('110108000000017')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import luhn
from stdnum.exceptions import InvalidFormat, InvalidLength
from stdnum.in_ import aadhaar, pan, vid
from stdnum.iso7064 import mod_11_10
from stdnum.mx import curp
from stdnum.my import nric
from stdnum.pk import cnic
from stdnum.th import pin
from stdnum.tr import tckimlik

from ._registry import register


def validate_old_business_registration(number: str) -> str:
    """Check a 15-digit 工商注册号 (GS15-2006): 6-digit region, 8-digit sequence, MOD 11,10."""
    number = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number))
    if len(number) != 15:
        raise InvalidLength()
    if not re.fullmatch(r"[0-9]{15}", number):
        raise InvalidFormat()
    return mod_11_10.validate(number)


register("luhn", luhn.validate)
register("th_pin", pin.validate)
register("tr_tckimlik", tckimlik.validate)
register("in_aadhaar", aadhaar.validate)
register("in_vid", vid.validate)  # Aadhaar Virtual ID: 16 digits, Verhoeff
register("mx_curp", curp.validate)
register("my_nric", nric.validate)
register("pk_cnic", cnic.validate)
register("in_pan", pan.validate)
register("old_business_registration", validate_old_business_registration)
