"""Messages of the field checks (`ocrcheck/checks/`): what a check's exception says, by variant."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    # stdnum's own exception classes, raised without words of their own.
    ("format", "length"): ("the number has an invalid length", "长度不正确"),
    ("format", "component"): ("a part of the number is not valid", "号码中有部分内容无效"),
    # A check from outside ocrcheck (an entry point) raising with its own words: kept as given.
    ("format", "detail"): ("{detail}", "{detail}"),
    ("checksum", "detail"): ("{detail}", "{detail}"),
    ("date", "detail"): ("{detail}", "{detail}"),
    ("range", "detail"): ("{detail}", "{detail}"),
    # A cross rule of one's own (a plugin's) states its disagreement in its own words.
    ("mismatch", "detail"): ("{detail}", "{detail}"),
    # ocrcheck's own checks, by the variant they raise with (`checks.invalid`).
    ("format", "nev_serial_letter"): (
        "a small new-energy plate's serial starts with D or F (GA 36-2018), not {letter}; some cities use other"
        " letters: compare with the image",
        "小型新能源汽车号牌的序号应以 D 或 F 开头（GA 36-2018），此处为 {letter}；个别城市使用其他字母：请对照图片核实",
    ),
    ("format", "legacy_tax_id"): (
        "A legacy {length}-character tax id: its format has no published checksum; compare it with the image.",
        "旧版 {length} 位纳税人识别号：其格式没有公开的校验规则，请对照图片核实",
    ),
    ("checksum", "embedded_resident_id"): (
        "The embedded resident ID number's check character is wrong.",
        "其中的居民身份证号码校验位错误",
    ),
    ("checksum", "jp_licence"): (
        "the 11th digit is not the check digit of digits 1-10",
        "第 11 位不是第 1-10 位的校验位",
    ),
    ("checksum", "luhn"): ("the Luhn check digit does not match", "Luhn 校验位不符"),
    ("checksum", "mrz_check_digits"): ("MRZ check digit wrong: {checks:mrz_part}", "MRZ 校验位错误：{checks:mrz_part}"),
    ("checksum", "organisation_code"): (
        "The embedded organisation code's check character is wrong.",
        "其中的组织机构代码校验位错误",
    ),
    ("checksum", "permanent_731"): (
        "The last digit is not the 7-3-1 check digit of the first 14.",
        "最后一位不是前 14 位按 7-3-1 加权计算的校验位",
    ),
    ("checksum", "unionpay_luhn"): (
        "The card number fails the Luhn check. Some UnionPay numbers legitimately fail Luhn, "
        "but a misread digit is far more likely: compare with the image.",
        "卡号未通过 Luhn 校验。少数银联卡号本身就不满足 Luhn，但更可能是某位数字识别错了：请对照图片核实",
    ),
    ("date", "bill_date"): ("digits 14-21 ({digits}) are not a real date", "第 14-21 位（{digits}）不是实际存在的日期"),
    ("date", "bill_date_range"): (
        "digits 14-21 ({digits}) are before ECDS began or in the future",
        "第 14-21 位（{digits}）早于电子商业汇票系统启用，或晚于今天",
    ),
    ("date", "birth_century"): ("The birth century is implausible.", "出生世纪不合常理"),
    ("date", "birth_date"): ("The birth date does not exist.", "出生日期不存在"),
    ("date", "birth_date_future"): ("The birth date is in the future.", "出生日期晚于今天"),
    ("date", "birth_date_in_number"): ("The birth date inside the number does not exist.", "号码中的出生日期不存在"),
    ("date", "birth_day"): ("The birth day does not exist.", "出生日不存在"),
    ("date", "birth_month"): ("The birth month does not exist.", "出生月份不存在"),
    ("date", "birth_year"): ("The birth year is implausible.", "出生年份不合常理"),
    ("date", "birth_year_early"): ("The birth year is before {year}.", "出生年份早于 {year} 年"),
    ("date", "cccd_birth_year"): (
        "the century digit and year give a birth year in the future",
        "世纪位与年份得出的出生年份晚于今年",
    ),
    ("date", "certificate_year"): (
        "The year in the certificate number ({year}) is implausible.",
        "证书号中的年份（{year}）不合常理",
    ),
    ("date", "code_year"): ("the code's year is 00 or in the future", "代码中的年份为 00 或晚于今年"),
    ("date", "digital_number_year"): (
        "the number's year is before 2021 or in the future",
        "号码中的年份早于 2021 年或晚于今年",
    ),
    ("date", "elector_birth_date"): (
        "the birth date in the clave de elector is not a real date",
        "选民证号（clave de elector）中的出生日期不存在",
    ),
    ("date", "expiry_month"): ("The expiry month is not between 01 and 12.", "有效期的月份不在 01 至 12 之间"),
    ("date", "implausible_month"): (
        "The month is implausible (before 1900 or in the future).",
        "年月不合常理（早于 1900 年或晚于今天）",
    ),
    ("date", "mrz_dates"): ("MRZ date impossible: {parts:mrz_part}", "MRZ 中的日期不存在：{parts:mrz_part}"),
    ("date", "nik_birth_date"): ("the birth date in the NIK is not a real date", "NIK 中的出生日期不存在"),
    ("date", "no_such_day"): ("The day does not exist.", "日期中的日不存在"),
    ("date", "no_such_month"): ("The month does not exist.", "月份不存在"),
    ("date", "number_year"): ("The year inside the number ({year}) is implausible.", "号码中的年份（{year}）不合常理"),
    ("format", "address_code"): (
        "The address code is not in the GB/T 2260 table.",
        "地址码不在 GB/T 2260 行政区划代码表中",
    ),
    ("format", "alphabet"): (
        "{what:number_kind} has a character outside its alphabet",
        "{what:number_kind}中有不允许的字符",
    ),
    ("format", "area_form"): ("An area is a number of square metres (㎡).", "面积应为平方米数（㎡）"),
    ("format", "bill_kind"): (
        "kind {kind} is not a bill kind (1, 5, 8 bank acceptance)",
        "{kind} 不是票据种类代码（银行承兑汇票为 1、5、8）",
    ),
    ("format", "brp_form"): (
        "a BRP number is 2 letters, a digit or X, then 6 digits",
        "BRP 号码为 2 个字母、1 位数字或 X，再加 6 位数字",
    ),
    ("format", "brp_length"): (
        "a BRP number has 9 characters, found {found}",
        "BRP 号码应有 9 个字符，实有 {found} 个",
    ),
    ("format", "business_form_digit"): ("the business form digit is not 0", "经营方式位不是 0"),
    ("format", "card_digits"): ("a card number holds digits only", "卡号只能由数字组成"),
    ("format", "card_length"): ("a card number has 13 to 19 digits", "卡号应为 13 至 19 位数字"),
    ("format", "cccd_province"): ("the first three digits are no province code", "前三位数字不是省份代码"),
    ("format", "certificate_form"): (
        "Expected 省(YYYY)市县不动产权第NNNNNNN号.",
        "应为“省(YYYY)市县不动产权第NNNNNNN号”",
    ),
    ("format", "certificate_number"): ("Not a real estate certificate number.", "不是不动产权证书号"),
    ("format", "characters_length"): (
        "{what:number_kind} has {length} characters",
        "{what:number_kind}有 {length} 个字符，长度不对",
    ),
    ("format", "check_code_alphabet"): ("a check code has letters and digits only", "校验码只能由字母和数字组成"),
    ("format", "check_code_length"): ("check code has {length} characters", "校验码有 {length} 个字符，长度不对"),
    ("format", "code12_start"): ("a 12-digit invoice code starts with 0 or 1", "12 位发票代码应以 0 或 1 开头"),
    ("format", "code_digit1"): ("digit 1 of an invoice code is 0, 1 or 2", "发票代码第 1 位应为 0、1 或 2"),
    ("format", "code_region"): ("the code's region is not a province code", "代码中的地区不是省级代码"),
    ("format", "commercial_bill"): (
        "kind {kind} is a commercial acceptance bill, not a bank acceptance bill",
        "票据种类 {kind} 是商业承兑汇票，不是银行承兑汇票",
    ),
    ("format", "credit_network"): (
        "the card number's prefix belongs to no credit card network",
        "卡号前缀不属于任何信用卡组织",
    ),
    ("format", "device_licence"): ("Not a medical-device business licence number.", "不是医疗器械经营许可证编号"),
    ("format", "device_licence_form"): (
        "Expected province [+ city] + 药监械经营许 + YYYY + NNNN + 号.",
        "应为省份简称［+ 市］+ 药监械经营许 + YYYY + NNNN + 号",
    ),
    ("format", "digital_number_region"): (
        "digits 3-4 ({digits}) are not a province code",
        "第 3-4 位（{digits}）不是省级代码",
    ),
    ("format", "digits_length"): (
        "{what:number_kind} has {length} digits",
        "{what:number_kind}有 {length} 位数字，位数不对",
    ),
    ("format", "digits_only"): ("{what:number_kind} must be digits", "{what:number_kind}只能由数字组成"),
    ("format", "drug_licence_form"): (
        "A drug business licence number is province + A-D + A/B + 9 digits.",
        "药品经营许可证编号应为省份简称 + A-D + A/B + 9 位数字",
    ),
    ("format", "elector_state"): ("the state code is not 01-32", "州代码不在 01-32 之间"),
    ("format", "expiry_form"): ("The expiry date is not of the form MM/YY.", "有效期不是 MM/YY 格式"),
    ("format", "food_category"): ("unknown food category", "食品类别未知"),
    ("format", "invoice_kind"): ("unknown invoice kind in the code", "代码中的发票种类未知"),
    ("format", "issuing_province"): ("The province code of the issuing office is unknown.", "签发机关的省级代码未知"),
    ("format", "jp_licence_digits"): ("a licence number has digits only", "驾照号码只能由数字组成"),
    ("format", "jp_licence_length"): (
        "a licence number has 12 digits, found {found}",
        "驾照号码应为 12 位数字，实有 {found} 位",
    ),
    ("format", "licence_form"): ("a licence number is {prefix} and 14 digits", "许可证编号应为 {prefix} 加 14 位数字"),
    ("format", "licence_length"): (
        "a {prefix} licence number has 16 characters, not {found}",
        "{prefix} 许可证编号应有 16 个字符，实有 {found} 个",
    ),
    ("format", "lto_form"): (
        "an LTO licence number is a letter, then 2 + 2 + 6 digits",
        "LTO 驾照号码为 1 个字母加 2 + 2 + 6 位数字",
    ),
    ("format", "lto_length"): (
        "an LTO licence number has 11 characters, found {found}",
        "LTO 驾照号码应有 11 个字符，实有 {found} 个",
    ),
    ("format", "macao_first_digit"): ("The first digit is 1, 5 or 7.", "第一位数字应为 1、5 或 7"),
    ("format", "macao_form"): (
        "Printed as 1234567(8) or 1/234567/8, digits only.",
        "应印作 1234567(8) 或 1/234567/8，且只含数字",
    ),
    ("format", "macao_length"): ("A Macao ID number has 8 digits.", "澳门身份证号码应为 8 位数字"),
    ("format", "mrz_alphabet"): (
        "MRZ line contains characters other than A-Z, 0-9 and <",
        "MRZ 行中有 A-Z、0-9 和 < 以外的字符",
    ),
    ("format", "mrz_character"): ("character '{char}' is not allowed in an MRZ", "MRZ 中不允许出现字符“{char}”"),
    ("format", "mrz_code_state"): (
        "MRZ document code and issuing state must be letters",
        "MRZ 中的证件类型代码和签发国应为字母",
    ),
    ("format", "mrz_date_form"): ("MRZ {part:mrz_part} must be YYMMDD", "MRZ 中的{part:mrz_part}应为 YYMMDD"),
    ("format", "mrz_document_number"): (
        "MRZ document number must be letters and digits padded with <",
        "MRZ 中的证件号码应由字母和数字组成，不足处以 < 填充",
    ),
    ("format", "mrz_eep"): (
        "EEP MRZ must start with C and a letter, with < at 13, 21 and 29",
        "往来港澳台通行证的 MRZ 应以 C 和一个字母开头，第 13、21、29 位为 <",
    ),
    ("format", "mrz_line_count"): (
        "MRZ must have {expected} lines, found {found}",
        "MRZ 应有 {expected} 行，实有 {found} 行",
    ),
    ("format", "mrz_line_length"): (
        "MRZ line must have {expected} characters, found {found}",
        "MRZ 每行应有 {expected} 个字符，实有 {found} 个",
    ),
    ("format", "mrz_name"): ("MRZ name field must be letters and <", "MRZ 中的姓名栏只能由字母和 < 组成"),
    ("format", "mrz_nationality"): ("MRZ nationality must be letters", "MRZ 中的国籍应为字母"),
    ("format", "mrz_passport_line1"): (
        "passport MRZ line 1 must start with P and hold letters and < only",
        "护照 MRZ 第 1 行应以 P 开头，且只含字母和 <",
    ),
    ("format", "mrz_sex"): ("MRZ sex must be M, F, X or <", "MRZ 中的性别应为 M、F、X 或 <"),
    ("format", "network_length"): ("{network} numbers do not have {length} digits", "{network} 卡号不会有 {length} 位"),
    ("format", "nik_province"): (
        "the first two digits are no Indonesian province",
        "前两位数字不是印度尼西亚的省份代码",
    ),
    ("format", "nik_regency"): (
        "the regency or city code (digits 1-4) is not in the table of areas",
        "县市代码（第 1-4 位）不在行政区划表中",
    ),
    ("format", "not_amount_of_money"): ("not an amount of money", "不是金额"),
    ("format", "not_mrz"): ("not an MRZ: expected 1, 2 or 3 lines", "不是 MRZ：应为 1、2 或 3 行"),
    ("format", "not_seat"): ("not a seat number", "不是座位号"),
    ("format", "not_train_number"): ("not a train number", "不是车次号"),
    ("format", "not_year_month"): ("Not a year and month (2019年5月, 2019-05).", "不是年月（如 2019年5月、2019-05）"),
    ("format", "owner_id_length"): (
        "An owner's identity number has 18 characters.",
        "所有人身份证明号码应有 18 个字符",
    ),
    ("format", "pass_number"): (
        "Not a Home Return Permit or Taiwan compatriot permit number.",
        "不是港澳居民来往内地通行证或台湾居民来往大陆通行证号码",
    ),
    ("format", "passport_series"): ("not {country:passport_series}", "不是{country:passport_series}"),
    ("format", "passport_series_length"): (
        "{length} characters: not {country:passport_series}",
        "共 {length} 个字符，不是{country:passport_series}",
    ),
    ("format", "permanent_2017"): ("A 2017 number is 3 letters + 12 digits.", "2017 版号码应为 3 个字母 + 12 位数字"),
    ("format", "permanent_2023"): (
        "A 2023 number is `9` + 16 digits + a check character.",
        "2023 版号码应为“9”+ 16 位数字 + 1 位校验码",
    ),
    ("format", "permanent_length"): (
        "The number has 18 characters (2023 card) or 15 (2017 card).",
        "号码应有 18 个字符（2023 版）或 15 个字符（2017 版）",
    ),
    ("format", "permit_prefix"): (
        "A residence permit number starts 810000, 820000 or 830000.",
        "居住证号码应以 810000、820000 或 830000 开头",
    ),
    ("format", "philsys_groups"): (
        "the card prints the number in four groups of four digits",
        "卡面号码应为四组、每组四位数字",
    ),
    ("format", "philsys_psn"): (
        "12 digits: that is the confidential PhilSys Number, not the card number",
        "12 位数字：这是保密的 PhilSys 号码（PSN），不是卡号",
    ),
    ("format", "plate_hk_macao"): ("港 and 澳 plates are issued as 粤Z only", "“港”“澳”号牌只以“粤Z”核发"),
    ("format", "plate_layout"): (
        "not a plate layout of GA 36-2018 (I and O are never used)",
        "不符合 GA 36-2018 规定的号牌格式（不使用 I 和 O）",
    ),
    ("format", "plate_length"): ("a plate number has 7 or 8 characters", "号牌号码应有 7 或 8 个字符"),
    ("format", "plate_length_found"): (
        "a plate number has 7 or 8 characters, not {found}",
        "号牌号码应有 7 或 8 个字符，实有 {found} 个",
    ),
    ("format", "plate_province"): ("a plate number starts with a province abbreviation", "号牌号码应以省份简称开头"),
    ("format", "province_abbreviation"): (
        "The first character is not a province abbreviation.",
        "第一个字不是省份简称",
    ),
    ("format", "province_code"): ("The province code is unknown.", "省级代码未知"),
    ("format", "quota_denomination"): (
        "{amount} is not a usual quota invoice denomination (1 2 5 10 20 50 100)",
        "{amount} 不是定额发票的常见面额（1、2、5、10、20、50、100）",
    ),
    ("format", "receipt_region"): (
        "digits 1-2 ({digits}) are neither 00 (central) nor a province code",
        "第 1-2 位（{digits}）既不是 00（中央），也不是省级代码",
    ),
    ("format", "region_digits"): (
        "The region code (characters 3-8) must be digits.",
        "登记管理机关行政区划码（第 3-8 位）应为数字",
    ),
    ("format", "region_province"): ("the region is not a province code", "地区代码不是省级代码"),
    ("format", "registration_authority"): ("The registration authority is unknown.", "登记管理部门代码未知"),
    ("format", "roll_code_end"): ("a roll invoice code ends in 06 or 07", "卷式发票代码应以 06 或 07 结尾"),
    ("format", "seat_e"): ("seat letter E does not exist on Chinese trains", "中国铁路列车没有 E 座"),
    ("format", "series"): (
        "{what:number_kind} does not match any known series",
        "{what:number_kind}不属于任何已知的号段",
    ),
    ("format", "ss_alphabet"): (
        "a social security card number holds letters and digits only",
        "社会保障卡卡号只能由字母和数字组成",
    ),
    ("format", "ss_form"): (
        "a social security card number is 9 digits or a letter and 8 digits",
        "社会保障卡卡号应为 9 位数字，或 1 个字母加 8 位数字",
    ),
    ("format", "ss_length"): ("a social security card number has 9 characters", "社会保障卡卡号应有 9 个字符"),
    ("format", "ss_length_found"): (
        "a social security card number has 9 characters, not {found}",
        "社会保障卡卡号应有 9 个字符，实有 {found} 个",
    ),
    ("format", "ticket_alphabet"): ("a ticket number holds letters and digits only", "票号只能由字母和数字组成"),
    ("format", "ticket_length"): (
        "a ticket number has 7 to 21 characters, not {found}",
        "票号应有 7 至 21 个字符，实有 {found} 个",
    ),
    ("format", "toll_class"): (
        "not a toll vehicle class (客1-客4, 货1-货6, 专1-专6)",
        "不是收费车型（客1-客4、货1-货6、专1-专6）",
    ),
    ("format", "unit_no_fixture"): (
        "With no fixture (W), the fixture unit number is 00000000.",
        "无定着物（W）时，定着物单元编号应为 00000000",
    ),
    ("format", "unit_number_form"): (
        "The unit number does not follow GB/T 37346 (feature codes at 13, 14, 20).",
        "不动产单元号不符合 GB/T 37346（第 13、14、20 位为特征码）",
    ),
    ("format", "unit_number_length"): ("A real estate unit number has 28 characters.", "不动产单元号应有 28 个字符"),
    ("format", "unit_province"): ("The administrative code's province is unknown.", "行政区划代码中的省份未知"),
    ("format", "unknown_network"): (
        "The card number's prefix belongs to no known network.",
        "卡号前缀不属于任何已知的卡组织",
    ),
    ("format", "us_shape"): ("no state issues numbers of this shape", "没有哪个州签发这种格式的号码"),
    ("format", "us_state"): ("not a US state (two-letter code or name)", "不是美国的州（两字母代码或州名）"),
    ("format", "us_state_shape"): ("{state} does not issue numbers of this shape", "{state} 不签发这种格式的号码"),
    ("format", "vehicle_class_at"): (
        "Position {position} starts no vehicle class code.",
        "第 {position} 位开始的不是准驾车型代号",
    ),
    ("format", "vehicle_class_repeated"): ("A vehicle class code is repeated.", "准驾车型代号重复"),
    ("format", "vehicle_code_digit8"): (
        "a motor vehicle invoice code has 2 as its 8th digit",
        "机动车销售统一发票代码第 8 位应为 2",
    ),
    ("format", "vehicle_code_start"): (
        "a motor vehicle invoice code does not start with 0",
        "机动车销售统一发票代码不以 0 开头",
    ),
    ("format", "vin_year_code"): ("Position 10 is not a model-year code.", "第 10 位不是车型年份代码"),
    ("format", "words_character"): ("character not allowed in an uppercase amount", "大写金额中有不允许的字符"),
    ("format", "words_digit_no_unit"): (
        "a digit without a unit is ambiguous here (零 missing)",
        "此处数字缺少单位，含义不明（缺少“零”）",
    ),
    ("format", "words_group_no_number"): ("{unit} without a number before it", "“{unit}”前面没有数目"),
    ("format", "words_jiao_fen"): ("元 missing, or 角 and 分 malformed", "缺少“元”，或“角”“分”写法有误"),
    ("format", "words_leading_zero"): ("an amount cannot start with 零", "金额不能以“零”开头"),
    ("format", "words_lowercase"): (
        "lowercase numeral {numeral} in an uppercase amount",
        "大写金额中出现了小写数字“{numeral}”",
    ),
    ("format", "words_not_amount"): ("not an uppercase amount", "不是大写金额"),
    ("format", "words_trailing_zero"): ("零 at the end of an amount", "金额以“零”结尾"),
    ("format", "words_unit_no_digit"): ("{unit} without a digit before it", "“{unit}”前面没有数字"),
    ("format", "words_unit_order"): ("units out of order", "单位顺序错乱"),
    ("format", "words_unit_twice"): ("{unit} appears twice", "“{unit}”出现了两次"),
    ("format", "words_yuan_no_number"): ("元 without a number before it", "“元”前面没有数目"),
    ("format", "words_yuan_twice"): ("元 appears twice", "“元”出现了两次"),
    ("format", "words_zero_rules"): (
        "the amount breaks the 零 rules for uppercase amounts",
        "金额不符合大写金额中“零”的写法规则",
    ),
    ("format", "words_zheng_after_fen"): ("整 is not written after 分", "“分”后面不写“整”"),
    ("format", "words_zheng_missing"): (
        "an amount ending at 元 needs 整 (or 正)",
        "以“元”结尾的金额后面应写“整”（或“正”）",
    ),
    ("range", "area_positive"): ("An area is greater than zero.", "面积应大于零"),
    ("range", "seat_zero"): ("car and seat numbers start at 1", "车厢号和座位号从 1 开始"),
    ("range", "toll_class_range"): ("{kind} classes run from 1 to {highest}", "{kind}类车型只分 1 至 {highest} 类"),
}
