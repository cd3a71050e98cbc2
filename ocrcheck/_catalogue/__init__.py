"""The message catalogue: (finding code, variant) → (English, Chinese) templates.

`(code, "")` is the code's own sentence; `(code, variant)` a detail shown after it. Templates
name the finding's `ctx` keys in `{braces}`; a list in ctx is shown joined by ", " (English) or
"、" (Chinese). A format spec names a vocabulary: `{sex:sex}` shows `M` as "male" or "男" (ctx
keeps `M`: the values stay language-independent); `{codes:or}` joins a list with "or" or "或";
any other spec formats a number (`{angle:g}`). The parts are split by stage so that each stays
readable; a variant is unique within its code (the catalogue test checks that, and that every
entry has every language).
"""

from __future__ import annotations

from . import _checks, _codes, _document, _markup, _rules

PARTS: tuple[dict[tuple[str, str], tuple[str, str]], ...] = (
    _codes.MESSAGES,
    _document.MESSAGES,
    _checks.MESSAGES,
    _rules.MESSAGES,
    _markup.MESSAGES,
)
CATALOGUE: dict[tuple[str, str], tuple[str, str]] = {key: text for part in PARTS for key, text in part.items()}

# Coded values (as ctx holds them) → their words per language, for `{key:vocabulary}`.
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    # Parts of a machine-readable zone, as `checks.mrz` names them (English keeps the names).
    "mrz_part": {
        "document_number": ("document_number", "证件号码"),
        "birth_date": ("birth_date", "出生日期"),
        "expiry_date": ("expiry_date", "有效期至"),
        "personal_number": ("personal_number", "个人号码"),
        "composite": ("composite", "复合校验位"),
    },
    # What a number is called in a check's message.
    "number_kind": {
        "invoice_code": ("invoice code", "发票代码"),
        "invoice_number": ("invoice number", "发票号码"),
        "check_code": ("check code", "校验码"),
        "digital_invoice_number": ("digital invoice number", "数电发票号码"),
        "engine_number": ("engine number", "发动机号码"),
        "registration_certificate_number": ("registration certificate number", "机动车登记证书编号"),
        "certificate_of_conformity_number": ("certificate of conformity number", "机动车整车出厂合格证编号"),
        "passport_number": ("passport number", "护照号码"),
        "hksar_passport_number": ("HKSAR passport number", "香港特别行政区护照号码"),
        "macao_sar_passport_number": ("Macao SAR passport number", "澳门特别行政区护照号码"),
        "exit_entry_permit_number": ("exit-entry permit number", "出入境通行证号码"),
        "home_return_permit_number": ("home return permit number", "港澳居民来往内地通行证号码"),
        "taiwan_travel_permit_number": ("Taiwan travel permit number", "台湾居民来往大陆通行证号码"),
    },
    # Passport number series of other countries (`checks.foreign_passport`), by country.
    "passport_series": {
        "in": ("an Indian passport number (letter + 7 digits)", "印度护照号码（1 个字母 + 7 位数字）"),
        "sg": (
            "a Singapore passport number (letter + 7 digits + letter)",
            "新加坡护照号码（1 个字母 + 7 位数字 + 1 个字母）",
        ),
        "th": ("a Thai passport number (1-2 letters + 6-7 digits)", "泰国护照号码（1-2 个字母 + 6-7 位数字）"),
        "us": (
            "a US passport number (9 digits, or letter + 8 digits)",
            "美国护照号码（9 位数字，或 1 个字母 + 8 位数字）",
        ),
        "au": (
            "an Australian passport number (1-2 letters + 7 digits)",
            "澳大利亚护照号码（1-2 个字母 + 7 位数字）",
        ),
        "ae": (
            "a UAE passport number in the common form (letter + 7 digits)",
            "常见格式的阿联酋护照号码（1 个字母 + 7 位数字）",
        ),
        "icao": ("a travel document number (1-9 letters and digits)", "旅行证件号码（1-9 个字母和数字）"),
    },
    "sex": {"M": ("male", "男"), "F": ("female", "女"), "X": ("unspecified", "未指明")},
    "age_source": {
        "birth_date": ("birth date", "出生日期"),
        "id_number": ("birth date in the ID number", "身份证号码中的出生日期"),
    },
    "region": {"Hong Kong": ("Hong Kong", "香港"), "Macao": ("Macao", "澳门"), "Taiwan": ("Taiwan", "台湾")},
}
