"""Messages of the document as a whole and of its fields: the parser, the engine, the pipeline,
the command line, batch runs. (Checks, cross-field rules and markup have their own parts.)"""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    # -- parse: the service answer ---------------------------------------------------------
    ("unparseable", "too_deep"): ("the answer nests deeper than {limit} levels", "识别结果嵌套超过 {limit} 层"),
    ("unparseable", "not_object"): (
        "expected an object of fields, got a JSON {got}",
        "应为字段对象，实为 JSON {got}",
    ),
    ("unparseable", "service_error"): (
        "the service answered with an error ({error_code}), not a document",
        "服务返回了错误（{error_code}），而不是单证内容",
    ),
    ("unparseable", "malformed"): (
        "malformed answer: {part} is a JSON {got}, not what the service sends",
        "应答格式有误：{part} 为 JSON {got}，与服务的应答格式不符",
    ),
    ("unparseable", "empty"): ("the answer is empty", "识别结果为空"),
    ("unparseable", "looks_cut"): (
        "no object of fields in the answer: it looks cut off",
        "识别结果中没有字段对象：内容似乎被截断了",
    ),
    ("unparseable", "prose"): (
        "no object of fields in the answer: it is prose, not JSON",
        "识别结果中没有字段对象：内容是一段文字，而不是 JSON",
    ),
    ("truncated", "no_field_trusted"): (
        "finish_reason is length; no field is trusted",
        "finish_reason 为 length，所有字段均不可信",
    ),
    # -- values: normalising one raw value of its kind (ocrcheck.values) --------------------
    ("format", "too_long"): (
        "{length} characters, longer than any {kind} value ({bound} at most)",
        "共 {length} 个字符，超过 {kind} 类值的长度上限（最多 {bound} 个）",
    ),
    ("date", "not_calendar"): ("'{text}' is not a real calendar date", "“{text}”不是实际存在的日期"),
    ("date", "era_year_zero"): ("'{text}': an era year starts at 1 (元年)", "“{text}”：年号纪年从 1 年（元年）起算"),
    ("date", "before_era"): (
        "'{text}' is before the {era} era began ({start})",
        "“{text}”早于{era}年号的起始日（{start}）",
    ),
    ("date", "ambiguous_order"): (
        "'{text}': day and month order is ambiguous for this document",
        "“{text}”：此单证的日、月先后无法确定",
    ),
    ("date", "no_date_form"): (
        "'{text}' is not a date in any form this document prints",
        "“{text}”不符合此单证所用的任何日期写法",
    ),
    ("date", "impossible_time"): ("'{text}' has an impossible time of day", "“{text}”中的时刻不存在"),
    ("format", "not_time"): (
        "'{text}' is not a time of day (HH:MM or HH:MM:SS)",
        "“{text}”不是时刻（HH:MM 或 HH:MM:SS）",
    ),
    ("format", "not_amount"): ("'{text}' is not an amount of money", "“{text}”不是金额"),
    ("format", "not_number"): ("'{text}' is not a number", "“{text}”不是数字"),
    ("format", "not_tax_rate"): ("'{text}' is not a tax rate", "“{text}”不是税率"),
    ("format", "not_quantity"): (
        "'{text}' is not a quantity with a unit (8.6km, 89.56㎡)",
        "“{text}”不是带单位的数量（如 8.6km、89.56㎡）",
    ),
    ("format", "not_sex"): ("'{text}' is not a sex marker (男/女, M/F)", "“{text}”不是性别标识（男/女、M/F）"),
    ("range", "rate_100_percent"): (
        "'{text}' is 100% or more: not a tax rate",
        "“{text}”为 100% 或以上，不是税率",
    ),
    ("format", "not_year"): ("'{text}' is not a year (2024, 2024年)", "“{text}”不是年份（如 2024、2024年）"),
    ("date", "implausible_year"): ("'{text}' is not a plausible year", "“{text}”不是合理的年份"),
    ("format", "not_percent"): ("'{text}' is not a percentage (12.5%)", "“{text}”不是百分比（如 12.5%）"),
    # -- the engine: keys and values -------------------------------------------------------
    ("missing", "absent"): ("absent from the answer", "识别结果中没有此字段"),
    ("schema", "unknown_field"): ("unknown field, kept as given", "未知字段，已按原样保留"),
    ("mismatch", "alias_conflict"): (
        "'{first}' and '{label}' give different values; both are kept",
        "“{first}”与“{label}”的值不同，两者均已保留",
    ),
    ("mismatch", "repeated_key"): (
        "'{label}' is given {count} times with different values; the first is checked, all are kept",
        "“{label}”出现 {count} 次且值不同，检查第一个值，全部保留",
    ),
    ("schema", "list_not_value"): ("expected a single value, got a list", "应为单个值，实为列表"),
    ("schema", "object_not_value"): ("expected a single value, got an object", "应为单个值，实为对象"),
    ("schema", "too_deep"): ("nested deeper than {limit} levels; not kept", "嵌套超过 {limit} 层，未保留"),
    ("schema", "not_list"): ("expected a list of items", "应为明细条目的列表"),
    ("schema", "item_not_object"): ("expected an object", "每个明细条目应为对象"),
    ("date", "long_term"): (
        "长期 (no end date) is not a date this field can hold",
        "此字段不能填写“长期”（无截止日期）",
    ),
    ("format", "check_failed"): ("check '{name}' could not run ({error})", "检查“{name}”无法运行（{error}）"),
    ("mismatch", "rule_failed"): ("rule '{name}' could not run ({error})", "规则“{name}”无法运行（{error}）"),
    # JSON Schema keywords (jsonschema's `validator`), the keyword's value in ctx.
    ("schema", "type"): ("should be of JSON type {expected}", "应为 JSON {expected} 类型"),
    ("schema", "enum"): ("should be one of: {allowed}", "应为以下之一：{allowed}"),
    ("schema", "const"): ("should be {expected}", "应为 {expected}"),
    ("schema", "pattern"): ("does not match the pattern {pattern}", "不符合格式 {pattern}"),
    ("schema", "minLength"): ("shorter than {limit} characters", "少于 {limit} 个字符"),
    ("schema", "maxLength"): ("longer than {limit} characters", "超过 {limit} 个字符"),
    ("schema", "minimum"): ("less than {limit}", "小于 {limit}"),
    ("schema", "maximum"): ("greater than {limit}", "大于 {limit}"),
    ("schema", "exclusiveMinimum"): ("not greater than {limit}", "不大于 {limit}"),
    ("schema", "exclusiveMaximum"): ("not less than {limit}", "不小于 {limit}"),
    ("schema", "minItems"): ("fewer than {limit} items", "少于 {limit} 项"),
    ("schema", "maxItems"): ("more than {limit} items", "多于 {limit} 项"),
    ("schema", "format"): ("not a valid {format}", "不是有效的 {format}"),
    ("schema", "keyword"): ("fails the schema's '{keyword}': {detail}", "不符合 schema 的“{keyword}”要求：{detail}"),
    # -- the pipeline: detection -----------------------------------------------------------
    ("schema", "no_type_fits"): ("no document type fits", "没有相符的单证类型"),
    ("schema", "no_type_fits_guess"): (
        "no document type fits; best guess {guess} (score {score})",
        "没有相符的单证类型；最接近的是 {guess}（得分 {score}）",
    ),
    # -- commands, scans and batches: documents without a usable answer --------------------
    ("unparseable", "cannot_read"): ("cannot read: {error}", "无法读取：{error}"),
    ("unparseable", "not_sent"): ("not sent: {error}", "未发送：{error}"),
    ("unparseable", "no_answer"): ("no answer: {error}", "没有应答：{error}"),
    ("unparseable", "no_text"): ("the answer holds no text", "识别结果中没有文字"),
    ("unparseable", "inspection_refused"): (
        "the service's content inspection refused the image ({where}); a person must look at it",
        "服务的内容审核拒绝了该图片（{where}），需要人工查看",
    ),
    ("unparseable", "inspection_refused_bare"): (
        "the service's content inspection refused the image; a person must look at it",
        "服务的内容审核拒绝了该图片，需要人工查看",
    ),
    ("unparseable", "service_refused_bare"): (
        "the service answered {error_code}: {error}",
        "服务返回 {error_code}：{error}",
    ),
    ("unparseable", "service_refused"): (
        "the service answered {error_code} ({where}): {error}",
        "服务返回 {error_code}（{where}）：{error}",
    ),
    ("internal", "exception"): ("{error}", "{error}"),
    ("duplicate", "invoice"): (
        "the same invoice as {first} ({fields} agree)",
        "与 {first} 是同一张发票（{fields} 相同）",
    ),
    ("duplicate", "document"): (
        "the same document as {first} ({fields} agree)",
        "与 {first} 是同一份单证（{fields} 相同）",
    ),
}
