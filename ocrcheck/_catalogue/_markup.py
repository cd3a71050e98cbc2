"""Messages of the markup normalisers (`ocrcheck/normalise/`): tables (HTML and LaTeX tabular),
LaTeX formulas and documents, located text boxes. Braces that are LaTeX, not ctx, are doubled."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    # -- a cut or empty answer -------------------------------------------------------------
    ("truncated", "length"): ("finish_reason is length", "finish_reason 为 length"),
    ("truncated", "fence_open"): ("the Markdown fence is never closed", "Markdown 代码块没有结束标记"),
    ("truncated", "delimiter_open"): ("the opening {delimiter} is never closed", "开头的 {delimiter} 没有对应的结束符"),
    ("truncated", "no_table_close"): ("no </table> after the last <table>", "最后一个 <table> 之后没有 </table>"),
    ("truncated", "ends_in_tag"): ("the text ends inside a tag", "文本在标签中间结束"),
    ("truncated", "document_open"): (
        "\\begin{{document}} without \\end{{document}}",
        "有 \\begin{{document}} 但没有 \\end{{document}}",
    ),
    ("unparseable", "no_table"): ("no <table> in the answer", "识别结果中没有 <table>"),
    ("unparseable", "no_formula"): ("no formula in the answer", "识别结果中没有公式"),
    ("unparseable", "no_latex"): ("no LaTeX in the answer", "识别结果中没有 LaTeX"),
    ("unparseable", "no_words"): ("no words_info in the answer", "识别结果中没有 words_info"),
    # -- tables ----------------------------------------------------------------------------
    ("table", "text_in_table"): (
        "text directly inside <table>, outside any cell",
        "<table> 中有不属于任何单元格的文字",
    ),
    ("table", "unexpected_tag"): (
        "unexpected <{tag}> inside <{where}>; looked through",
        "<{where}> 中出现了意外的 <{tag}>，已略过该标签、保留其内容",
    ),
    ("table", "text_in_tr"): ("text directly inside <tr>", "<tr> 中有不属于单元格的文字"),
    ("table", "cells_outside_tr"): (
        "cells outside any <tr>; read as one row",
        "有单元格不在任何 <tr> 中，已作为一行读取",
    ),
    ("table", "active_markup"): ("active markup removed: {found}", "已移除可执行的标记：{found}"),
    ("table", "span_not_number"): (
        "cell at column {column}: span {span} is not a number; read as 1",
        "第 {column} 列的单元格：跨度 {span} 不是数字，按 1 处理",
    ),
    ("table", "span_capped"): (
        "cell at column {column}: span {span} capped at {limit}",
        "第 {column} 列的单元格：跨度 {span} 超出上限，按 {limit} 处理",
    ),
    ("table", "span_read_as"): (
        "cell at column {column}: span {span} read as {number}",
        "第 {column} 列的单元格：跨度 {span} 按 {number} 处理",
    ),
    ("table", "rowspan_past_end"): (
        "cell at column {column}: rowspan {rowspan} runs past the last row; cut there",
        "第 {column} 列的单元格：rowspan {rowspan} 超出最后一行，已在末行截断",
    ),
    ("table", "too_large"): (
        "table larger than {limit} slots; not expanded further",
        "表格超过 {limit} 个格位，不再继续展开",
    ),
    ("table", "overlap"): (
        "cell at column {column} overlaps an earlier cell; shrunk from {rowspan}×{colspan} to {rows}×{cols}",
        "第 {column} 列的单元格与前面的单元格重叠，已从 {rowspan}×{colspan} 缩小为 {rows}×{cols}",
    ),
    ("table", "ragged_row"): (
        "ragged row: {holes} of {slots} slots have no cell",
        "行不整齐：{slots} 个格位中有 {holes} 个没有单元格",
    ),
    ("table", "no_cell_starts_row"): ("no cell starts in this row", "没有单元格从这一行开始"),
    ("table", "no_cell_starts_column"): ("no cell starts in this column", "没有单元格从这一列开始"),
    ("table", "empty_no_rows"): ("empty table: no rows", "空表格：没有任何行"),
    ("table", "empty_blank"): ("empty table: every cell is blank", "空表格：所有单元格都为空"),
    ("table", "nested"): (
        "{count} table(s) nested inside cells, listed separately",
        "有 {count} 个表格嵌套在单元格中，已单独列出",
    ),
    ("table", "total_mismatch"): (
        "'{label}' says {text} in column {column}; the {count} values above sum to {found}",
        "“{label}”在第 {column} 列为 {text}，但上方 {count} 个数值之和为 {found}",
    ),
    ("table", "repeated_rows"): (
        "rows {first}–{last} are {count} identical rows; a decoding loop?",
        "第 {first}–{last} 行是 {count} 行完全相同的内容，可能是模型陷入了重复输出",
    ),
    ("table", "tables_in_answer"): ("{count} tables in one answer", "一个识别结果中有 {count} 个表格"),
    ("table", "tag_count"): (
        "{opened} <{tag}> but {closed} </{tag}>",
        "<{tag}> 有 {opened} 个，</{tag}> 却有 {closed} 个",
    ),
    ("table", "multicolumn_arguments"): ("\\multicolumn without its three arguments", "\\multicolumn 缺少它的三个参数"),
    ("table", "multirow_upward"): (
        "\\multirow{{{rowspan}}} spans upward; read as downward",
        "\\multirow{{{rowspan}}} 向上跨行，按向下跨行处理",
    ),
    ("table", "multirow_arguments"): ("\\multirow without its three arguments", "\\multirow 缺少它的三个参数"),
    ("table", "under_multirow"): (
        "row {row}: text '{text}' under a \\multirow; dropped",
        "第 {row} 行：“{text}”位于 \\multirow 覆盖的位置，已丢弃",
    ),
    # -- LaTeX -----------------------------------------------------------------------------
    ("latex", "unknown_environment"): ("unknown environment '{name}'", "未知的环境“{name}”"),
    ("latex", "too_deep"): (
        "nesting deeper than {limit} levels; not parsed further",
        "嵌套超过 {limit} 层，不再继续解析",
    ),
    ("latex", "closes"): ("{closer} closes {opened}", "{closer} 关闭的却是 {opened}"),
    ("latex", "closes_nothing"): ("{closer} closes nothing", "{closer} 之前没有可关闭的内容"),
    ("latex", "never_closed"): ("{opened} is never closed", "{opened} 始终没有关闭"),
    ("latex", "no_argument"): ("{token} without an argument", "{token} 缺少参数"),
    ("latex", "does_not_parse"): ("LaTeX does not parse: {error}", "LaTeX 无法解析：{error}"),
    ("latex", "parse_too_deep"): ("LaTeX nested too deeply to parse", "LaTeX 嵌套过深，无法解析"),
    ("latex", "parser_failed"): ("LaTeX parser failed: {error}", "LaTeX 解析器出错：{error}"),
    ("latex", "formula_too_long"): (
        "formula longer than {limit} characters; not parsed",
        "公式超过 {limit} 个字符，未解析",
    ),
    ("latex", "document_too_long"): (
        "document longer than {limit} characters; not parsed",
        "文档超过 {limit} 个字符，未解析",
    ),
    ("latex", "document_close"): (
        "\\end{{document}} without \\begin{{document}}",
        "有 \\end{{document}} 但没有 \\begin{{document}}",
    ),
    ("latex", "fragment"): (
        "no \\documentclass: a fragment, not a whole document",
        "没有 \\documentclass：这是片段，不是完整的文档",
    ),
    ("latex", "write18"): (
        "\\write18 runs a shell command; reported, not followed",
        "\\write18 会执行 shell 命令；仅报告，不执行",
    ),
    ("latex", "redefines"): (
        "{macro} redefines LaTeX; reported, not followed",
        "{macro} 会重新定义 LaTeX；仅报告，不执行",
    ),
    ("latex", "files_or_code"): (
        "{macro} reads or writes files or runs code; reported, not followed",
        "{macro} 会读写文件或执行代码；仅报告，不执行",
    ),
    ("latex", "risky_url"): (
        "{macro} to a {scheme}: URL; a renderer that follows links would run or open it",
        "{macro} 指向 {scheme}: 链接；会跟随链接的渲染器将执行或打开它",
    ),
    ("latex", "includegraphics"): (
        "\\includegraphics names a file; a compiler or renderer would read it",
        "\\includegraphics 指定了一个文件；编译器或渲染器会读取它",
    ),
    ("latex", "includegraphics_file"): (
        "\\includegraphics names the file '{file}'; a compiler or renderer would read it",
        "\\includegraphics 指定了文件“{file}”；编译器或渲染器会读取它",
    ),
    ("latex", "preamble_in_formula"): (
        "{macro} in a formula: a preamble command, not mathematics",
        "公式中出现 {macro}：这是导言区命令，不是数学内容",
    ),
    ("latex", "risky_packages"): (
        "{macro} loads {packages}, which needs shell escape or runs code",
        "{macro} 加载了 {packages}，需要 shell escape 或会执行代码",
    ),
    ("latex", "packages"): ("{macro} loads {packages}", "{macro} 加载了 {packages}"),
    ("latex", "no_packages"): ("{macro} loads nothing", "{macro} 没有加载任何宏包"),
    # -- located text boxes (advanced_recognition) ----------------------------------------
    ("geometry", "not_object"): ("entry is not an object", "该条目不是对象"),
    ("geometry", "bad_location"): (
        "location is not 8 finite numbers within ±{limit:,} px",
        "location 不是 8 个绝对值不超过 {limit:,} 像素的有限数",
    ),
    ("geometry", "bad_rotate_rect"): (
        "rotate_rect is not 5 finite numbers within ±{limit:,}",
        "rotate_rect 不是 5 个绝对值不超过 {limit:,} 的有限数",
    ),
    ("geometry", "outside"): (
        "corner(s) {corners} outside the {width}×{height} image",
        "角点 {corners} 超出了 {width}×{height} 的图像范围",
    ),
    ("geometry", "no_area"): ("the box has no area", "文字框的面积为零"),
    ("geometry", "not_convex"): (
        "the box is not convex (corners out of order or crossed)",
        "文字框不是凸四边形（角点顺序错乱或交叉）",
    ),
    ("geometry", "anticlockwise"): (
        "corners run anticlockwise; the service gives them clockwise from top-left",
        "角点按逆时针排列；服务给出的应是从左上角开始的顺时针顺序",
    ),
    ("geometry", "not_top_left"): (
        "corners do not start at the top-left of the line",
        "角点不是从这行文字的左上角开始",
    ),
    ("geometry", "angle_range"): (
        "rotate_rect angle {angle:g} outside [-90, 90]",
        "rotate_rect 的角度 {angle:g} 超出 [-90, 90]",
    ),
    ("geometry", "centre"): (
        "rotate_rect centre ({cx:g}, {cy:g}) is not the box's ({x:.0f}, {y:.0f})",
        "rotate_rect 的中心（{cx:g}, {cy:g}）与文字框的中心（{x:.0f}, {y:.0f}）不符",
    ),
    ("geometry", "rect_disagrees"): (
        "rotate_rect {rw:g}×{rh:g} at {ra:g}° disagrees with the box ({width:.0f}×{height:.0f} at {angle:.1f}°)",
        "rotate_rect（{rw:g}×{rh:g}，{ra:g}°）与文字框（{width:.0f}×{height:.0f}，{angle:.1f}°）不符",
    ),
}
