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


register(
    "luhn", luhn.validate,
    description="a number whose last digit is its Luhn check digit",
    standard="ISO/IEC 7812-1 Annex B (Luhn)",
)
register(
    "th_pin", pin.validate,
    description="Thai personal identification number: 13 digits with a MOD 11 check digit",
    standard="Thai Ministry of Interior PIN (python-stdnum th.pin)",
)
register(
    "tr_tckimlik", tckimlik.validate,
    description="Turkish T.C. Kimlik No: 11 digits with its two check digits",
    standard="Nüfus ve Vatandaşlık İşleri T.C. Kimlik No (python-stdnum tr.tckimlik)",
)
register(
    "in_aadhaar", aadhaar.validate,
    description="12-digit Aadhaar number with its Verhoeff check digit",
    standard="UIDAI Aadhaar numbering; Verhoeff check digit (python-stdnum in_.aadhaar)",
)
register(
    "in_vid", vid.validate,
    description="16-digit Aadhaar Virtual ID with its Verhoeff check digit",
    standard="UIDAI Virtual ID; Verhoeff check digit (python-stdnum in_.vid)",
)  # Aadhaar Virtual ID: 16 digits, Verhoeff
register(
    "mx_curp", curp.validate,
    description="Mexican CURP: 18 characters, birth date, sex, state, check character",
    standard="RENAPO Instructivo normativo para la asignación de la CURP (python-stdnum mx.curp)",
)
register(
    "my_nric", nric.validate,
    description="Malaysian NRIC (MyKad) number: 12 digits, birth date, birth-place code",
    standard="Jabatan Pendaftaran Negara NRIC structure (python-stdnum my.nric)",
)
register(
    "pk_cnic", cnic.validate,
    description="Pakistani CNIC: 13 digits, region, sex parity in the last",
    standard="NADRA CNIC numbering (python-stdnum pk.cnic)",
)
register(
    "in_pan", pan.validate,
    description="Indian Permanent Account Number: 5 letters, 4 digits, a letter; holder type in the 4th",
    standard="Income Tax Department PAN structure (python-stdnum in_.pan)",
)
register(
    "old_business_registration", validate_old_business_registration,
    description="15-digit business registration number (工商注册号): region, sequence, MOD 11,10 check digit",
    standard="GS15-2006 工商行政管理市场主体注册号编制规则; ISO 7064 MOD 11,10",
)
