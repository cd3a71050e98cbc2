"""Messages of the cross-field rules (`ocrcheck/crossfield/`). A finding names the field it is
on; the message names the other fields and the values that disagree."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    # -- general ---------------------------------------------------------------------------
    ("date", "before"): (
        "{later} ({later_value}) is before {earlier} ({earlier_value})",
        "{later}（{later_value}）早于 {earlier}（{earlier_value}）",
    ),
    ("date", "not_after"): (
        "{later} ({later_value}) is not after {earlier} ({earlier_value})",
        "{later}（{later_value}）不晚于 {earlier}（{earlier_value}）",
    ),
    ("date", "in_future"): ("{day} is in the future", "{day} 是未来的日期"),
    ("mismatch", "same_as"): ("{b} is the same as {a}", "{b} 与 {a} 相同"),
    ("mismatch", "differs_from"): ("{b} differs from {a}", "{b} 与 {a} 不一致"),
    ("date", "time_before"): (
        "{later} ({later_value}) is before {earlier} ({earlier_value})",
        "{later}（{later_value}）早于 {earlier}（{earlier_value}）",
    ),
    ("date", "time_before_next_day"): (
        "{later} ({later_value}) is before {earlier} ({earlier_value}), and not the next day within {hours} h",
        "{later}（{later_value}）早于 {earlier}（{earlier_value}），且不是 {hours} 小时内的次日",
    ),
    ("date", "before_start"): ("{end} is before the start {start}", "{end} 早于起始日期 {start}"),
    # -- identity documents ----------------------------------------------------------------
    ("mismatch", "id_birth_date"): (
        "printed as {printed}, but the birth date in the ID number is {in_number}",
        "印刷的出生日期为 {printed}，但身份证号码中的出生日期为 {in_number}",
    ),
    ("mismatch", "id_sex"): (
        "printed as {printed:sex}, but the ID number's 17th digit says {in_number:sex}",
        "印刷的性别为{printed:sex}，但身份证号码第 17 位表示{in_number:sex}",
    ),
    ("date", "period_inverted"): (
        "validity ends {end}, not after it starts ({start})",
        "有效期截止日 {end} 不晚于起始日 {start}",
    ),
    ("mismatch", "id_validity_no_end"): (
        "validity ends {end}; expected 长期: the holder was {age} on {start}, the start of validity"
        " (from the {age_from:age_source})",
        "有效期至 {end}，应为长期：持证人在有效期起始日 {start} 时 {age} 岁（依据{age_from:age_source}）",
    ),
    ("mismatch", "id_validity_years"): (
        "validity ends {end}; expected {expected} ({years} years): the holder was {age} on {start}, the start"
        " of validity (from the {age_from:age_source})",
        "有效期至 {end}，应为 {expected}（{years} 年）：持证人在有效期起始日 {start} 时 {age} 岁"
        "（依据{age_from:age_source}）",
    ),
    ("mismatch", "ccc_digits"): (
        "{digits} digits, not a whole number of 4-digit codes; {name_cn} has {characters} Chinese characters",
        "共 {digits} 位数字，不是整数个 4 位电码；{name_cn} 有 {characters} 个汉字",
    ),
    ("mismatch", "ccc_count"): (
        "{codes} codes; {name_cn} has {characters} Chinese characters",
        "共 {codes} 个电码，但 {name_cn} 有 {characters} 个汉字",
    ),
    ("mismatch", "card_network"): (
        "the card's mark says {printed:or}, but the card number's prefix belongs to {from_prefix:or}",
        "卡面标识为 {printed:or}，但卡号前缀属于 {from_prefix:or}",
    ),
    ("mismatch", "embedded_birth_date"): (
        "printed as {printed}, but the {number_field} says {in_number}",
        "印刷的出生日期为 {printed}，但 {number_field} 中为 {in_number}",
    ),
    ("mismatch", "embedded_sex"): (
        "printed as {printed:sex}, but the {number_field} says {in_number:sex}",
        "印刷的性别为{printed:sex}，但 {number_field} 表示{in_number:sex}",
    ),
    ("mismatch", "elector_birth"): (
        "disagrees with the CURP: its birth date is {key_birth}, the CURP's {curp_birth}",
        "与 CURP 不一致：其中的出生日期为 {key_birth}，CURP 中为 {curp_birth}",
    ),
    ("mismatch", "elector_sex"): (
        "disagrees with the CURP: it says {key_sex:sex}, the CURP {curp_sex:sex}",
        "与 CURP 不一致：其中的性别为{key_sex:sex}，CURP 中为{curp_sex:sex}",
    ),
    ("mismatch", "elector_both"): (
        "disagrees with the CURP: its birth date is {key_birth}, the CURP's {curp_birth}; it says {key_sex:sex},"
        " the CURP {curp_sex:sex}",
        "与 CURP 不一致：其中的出生日期为 {key_birth}，CURP 中为 {curp_birth}；其中的性别为{key_sex:sex}，"
        "CURP 中为{curp_sex:sex}",
    ),
    ("date", "before_birth_in_id"): (
        "{date_value} is before the birth date in {id_field}",
        "{date_value} 早于 {id_field} 中的出生日期",
    ),
    # -- machine-readable zones (ICAO 9303) -------------------------------------------------
    ("mismatch", "mrz_number"): (
        "differs from the document number in the MRZ (first at character {position})",
        "与 MRZ 中的证件号码不一致（从第 {position} 个字符起不同）",
    ),
    ("mismatch", "mrz_number_length"): (
        "differs from the document number in the MRZ ({printed_length} vs {mrz_length} characters)",
        "与 MRZ 中的证件号码不一致（长度分别为 {printed_length} 和 {mrz_length} 个字符）",
    ),
    ("mismatch", "mrz_birth_date"): (
        "printed as {printed} (YYMMDD {printed_mrz}), but the MRZ birth date is {in_mrz}",
        "印刷的日期为 {printed}（YYMMDD 为 {printed_mrz}），但 MRZ 中的出生日期为 {in_mrz}",
    ),
    ("mismatch", "mrz_expiry_date"): (
        "printed as {printed} (YYMMDD {printed_mrz}), but the MRZ expiry date is {in_mrz}",
        "印刷的日期为 {printed}（YYMMDD 为 {printed_mrz}），但 MRZ 中的有效期至为 {in_mrz}",
    ),
    ("mismatch", "mrz_sex"): (
        "printed as {printed:sex}, but the MRZ says {in_mrz}",
        "印刷的性别为{printed:sex}，但 MRZ 中为 {in_mrz}",
    ),
    ("mismatch", "mrz_surname"): (
        "'{printed}' differs from the surname in the MRZ ('{in_mrz}')",
        "“{printed}”与 MRZ 中的姓（“{in_mrz}”）不一致",
    ),
    ("mismatch", "mrz_nationality_printed"): (
        "'{printed}' means {nationality}, but the MRZ nationality is {in_mrz}",
        "“{printed}”对应 {nationality}，但 MRZ 中的国籍为 {in_mrz}",
    ),
    ("mismatch", "nationality_not_expected"): (
        "'{printed}' is not {expected}; the MRZ nationality is {in_mrz}",
        "“{printed}”不是 {expected}；MRZ 中的国籍为 {in_mrz}",
    ),
    ("mismatch", "mrz_nationality_expected"): (
        "the MRZ nationality is {in_mrz}; this document is issued to {expected:or}",
        "MRZ 中的国籍为 {in_mrz}，但此证件持有人的国籍应为 {expected:or}",
    ),
    ("mismatch", "mrz_country_code"): (
        "printed as {printed}, but the MRZ issuing state is {in_mrz}",
        "印刷为 {printed}，但 MRZ 中的签发国为 {in_mrz}",
    ),
    ("mismatch", "mrz_issuing_state"): (
        "the MRZ issuing state is {in_mrz}; this document is issued by {expected:or}",
        "MRZ 中的签发国为 {in_mrz}，而此证件的签发国应为 {expected:or}",
    ),
    ("checksum", "mrz_composite"): (
        "the composite check digit (line 2, position 30) does not match lines 1 and 2",
        "复合校验位（第 2 行第 30 位）与第 1、2 行不符",
    ),
    # -- validity periods ------------------------------------------------------------------
    ("mismatch", "validity_years"): (
        "{end}; expected {expected:or} ({years:or} years − 1 day)",
        "有效期至 {end}，应为 {expected:or}（{years:or} 年减 1 天）",
    ),
    ("mismatch", "validity_years_age"): (
        "{end}; expected {expected:or} ({years:or} years − 1 day) for a holder aged {age} on {start}",
        "有效期至 {end}；持证人在 {start} 时 {age} 岁，应为 {expected:or}（{years:or} 年减 1 天）",
    ),
    ("mismatch", "validity_no_end"): ("{end}; expected no end date", "有效期至 {end}，应为长期（无截止日期）"),
    ("mismatch", "validity_no_end_age"): (
        "{end}; expected no end date for a holder aged {age} on {start}",
        "有效期至 {end}；持证人在 {start} 时 {age} 岁，应为长期（无截止日期）",
    ),
    ("expired", "ended"): (
        "validity ended {end}, before {on} (the day judged on)",
        "有效期至 {end}，早于核验日 {on}",
    ),
    ("date", "not_yet_valid"): (
        "valid only from {start}, after {on} (the day judged on)",
        "自 {start} 起才生效，晚于核验日 {on}",
    ),
    ("range", "min_age"): (
        "the holder is {age} on {on}; the policy requires {years}",
        "持证人在 {on} 时 {age} 岁，而策略要求至少 {years} 岁",
    ),
    ("date", "not_birthday"): (
        "{expiry} is not the holder's birthday ({birthday})",
        "{expiry} 不是持证人的生日（{birthday}）",
    ),
    ("mismatch", "jp_first_licence_year"): (
        "digits 3-4 ({digits}) should be the year of the first licence, between {earliest} (age {age}) and"
        " {latest} (issue)",
        "第 3-4 位（{digits}）应为初次领取驾照的年份，介于 {earliest} 年（{age} 岁）与 {latest} 年（签发）之间",
    ),
    # -- permits and licences --------------------------------------------------------------
    ("mismatch", "pass_taiwan"): (
        "not an 8-digit Taiwan compatriot permit number, as the permit number's {prefix} requires",
        "居住证号码以 {prefix} 开头，应持台湾居民来往大陆通行证（8 位数字），但此号码不是该证号码",
    ),
    ("mismatch", "pass_home_return"): (
        "not a {region:region} Home Return Permit number, as the permit number's {prefix} requires",
        "居住证号码以 {prefix} 开头，应持{region:region}居民来往内地通行证，但此号码不是该证号码",
    ),
    ("mismatch", "replacement_count"): (
        "the count is {count}, but the permit number ends in {ends}",
        "换证次数为 {count}，但通行证号码末两位为 {ends}",
    ),
    ("date", "number_year_after_issue"): (
        "the year in the number is {year}, after {issue_field} ({issued})",
        "号码中的年份 {year} 晚于 {issue_field}（{issued}）",
    ),
    ("mismatch", "area_missing"): (
        "{unit_field} codes a building (F) but no building area is given",
        "{unit_field} 的定着物代码为 F（房屋），却没有建筑面积",
    ),
    ("mismatch", "area_unexpected"): (
        "{unit_field} codes no fixture (W) but a building area is given",
        "{unit_field} 的定着物代码为 W（无定着物），却给出了建筑面积",
    ),
    ("mismatch", "vin_no_year_code"): (
        "position 10 ('{char}') is not a model-year code",
        "第 10 位（“{char}”）不是车型年份代码",
    ),
    ("mismatch", "vin_model_year"): (
        "position 10 ('{char}') codes model year {model_year}, the vehicle was made in {year}"
        " (expected {year} or {next_year})",
        "第 10 位（“{char}”）表示车型年份 {model_year}，但车辆制造于 {year} 年（应为 {year} 或 {next_year}）",
    ),
    # -- companies and bills ---------------------------------------------------------------
    ("mismatch", "entity_prefix"): (
        "a {company_type} has a code starting {expected:or}, found {found}",
        "“{company_type}”的代码应以 {expected:or} 开头，实为 {found}",
    ),
    ("mismatch", "term_start"): (
        "the term starts {start}, {established_field} is {established}",
        "营业期限起始于 {start}，但 {established_field} 为 {established}",
    ),
    ("date", "term_end"): (
        "the term ends {end}, not after its start {start}",
        "营业期限截止于 {end}，不晚于起始日 {start}",
    ),
    ("mismatch", "bill_registered"): (
        "the number was registered on {registered}, the bill says issued {issued}",
        "票据号码的登记日期为 {registered}，但票面出票日期为 {issued}",
    ),
    ("mismatch", "bill_bank"): (
        "the bill number names bank {in_number}, the drawer's bank is {bank}",
        "票据号码中的银行代码为 {in_number}，但出票人开户行为 {bank}",
    ),
    ("date", "due_not_after_issue"): (
        "the bill falls due on {due}, not after its issue on {issued}",
        "到期日 {due} 不晚于出票日 {issued}",
    ),
    ("range", "bill_term"): (
        "{due} is after {latest}: the term of a bill issued {issued} is at most {months} months",
        "{due} 晚于 {latest}：{issued} 出票的票据，付款期限最长 {months} 个月",
    ),
    # -- invoices and receipts -------------------------------------------------------------
    ("mismatch", "code_year"): (
        "the code is of {year}, the document was issued in {issue_year}",
        "代码中的年份为 {year}，但开具于 {issue_year} 年",
    ),
    ("mismatch", "number_year"): (
        "the number is of {year}, the invoice was issued in {issue_year}",
        "号码中的年份为 {year}，但发票开具于 {issue_year} 年",
    ),
    ("mismatch", "item_amount"): (
        "quantity {quantity} × unit price {unit_price} = {product}, found {amount} (tolerance {tolerance})",
        "数量 {quantity} × 单价 {unit_price} = {product}，实为 {amount}（允许误差 {tolerance}）",
    ),
    ("mismatch", "exempt_tax"): (
        "the line is {rate}: its tax must be 0 or ***, found {tax}",
        "该行为“{rate}”，税额应为 0 或 ***，实为 {tax}",
    ),
    ("mismatch", "tax_stars"): (
        "rate {rate} on {amount} needs a tax of {expected}, found ***",
        "金额 {amount} 按税率 {rate} 应有税额 {expected}，实为 ***",
    ),
    ("mismatch", "item_tax"): (
        "{amount} × {rate} = {expected} (± 0.01), found {tax}",
        "{amount} × {rate} = {expected}（± 0.01），实为 {tax}",
    ),
    ("mismatch", "sum_amounts"): (
        "the lines' amounts add up to {found}, {total_field} is {total} (difference {difference})",
        "各行金额合计为 {found}，但 {total_field} 为 {total}（相差 {difference}）",
    ),
    ("mismatch", "sum_tax"): (
        "the lines' tax amounts add up to {found}, {total_field} is {total} (difference {difference})",
        "各行税额合计为 {found}，但 {total_field} 为 {total}（相差 {difference}）",
    ),
    ("mismatch", "total_sum"): (
        "{excl_field} {excl} + {tax_field} {tax} = {expected}, found {total}",
        "{excl_field} {excl} + {tax_field} {tax} = {expected}，实为 {total}",
    ),
    ("mismatch", "words_amount"): (
        "the words say {said}, {amount_field} is {amount}",
        "大写金额为 {said}，但 {amount_field} 为 {amount}",
    ),
    ("mismatch", "not_a_rate"): ("{rate} is not a VAT or levy rate", "{rate} 不是增值税税率或征收率"),
    ("mismatch", "rate_not_in_force"): ("{rate} was not in force on {issued}", "{rate} 在 {issued} 时并未施行"),
}
