"""The sentence of every finding code (design.md's stable codes), in English and Chinese."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("missing", ""): ("required field is empty or absent", "必填字段为空或缺失"),
    ("illegible", ""): (
        "the service could not read every character (it wrote '?')",
        "有字符未能识别（识别结果中写作“?”）",
    ),
    ("masked", ""): (
        "the value is masked ('*') where the full value is needed",
        "此处需要完整的值，但该值已被遮盖（含“*”）",
    ),
    ("format", ""): ("the value does not have the required format", "格式不符合要求"),
    ("checksum", ""): ("the check character does not match", "校验位不符"),
    ("date", ""): ("not a valid date", "日期无效"),
    ("range", ""): ("the value is out of range", "数值超出允许范围"),
    ("mismatch", ""): ("fields disagree", "字段之间不一致"),
    ("schema", ""): ("the value does not match the document type's schema", "值不符合该单证类型的字段规范"),
    ("truncated", ""): ("the answer was cut at the token limit", "识别结果因达到输出长度上限而被截断"),
    ("unparseable", ""): ("the answer holds no usable data", "识别结果中没有可用的数据"),
    ("table", ""): ("the table is malformed", "表格结构有误"),
    ("latex", ""): ("the LaTeX is malformed", "LaTeX 有误"),
    ("geometry", ""): ("a text box is malformed", "文字框的位置信息有误"),
    ("internal", ""): (
        "ocrcheck failed on this document (a bug in ocrcheck, not in the document)",
        "ocrcheck 处理此单证时出错（这是 ocrcheck 的缺陷，不是单证的问题）",
    ),
    ("duplicate", ""): ("the same document was seen before", "此前已出现过同一份单证"),
    ("expired", ""): (
        "the document's validity ended before the day it is judged on",
        "证件在核验日之前已过有效期",
    ),
}
