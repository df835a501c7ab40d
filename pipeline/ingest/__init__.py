"""Read every unit's minutes into one table of individual recommendations.

``read_minutes(input_dir, cfg)`` walks ``input_dir`` recursively, in sorted order
of relative POSIX paths, and reads:

* Excel workbooks (.xlsx with python-calamine, or openpyxl where the two could
  differ, cached formula values; .xls with xlrd):
  a title block above the table, a header row found by scoring rows against
  known column names (diacritics optional, merged or two-row headers allowed),
  one sheet per unit or a summary sheet with a unit column. Total rows
  ("Tổng cộng") and group headings go to ``skipped``; rows with data but no
  content become ``rejects``. Hidden sheets are skipped and listed in
  ``rejects``; hidden rows are read (a clerk hides rows to print, not to drop
  them).
* Word minutes (.docx, paragraphs and table cells in document order) and plain
  text minutes (.txt, any of UTF-8/UTF-16/Windows-1258/TCVN3/VNI): split into
  recommendations by ``segment.segment_minutes``.

Files are never modified. One unreadable file never stops the others: it becomes
a row of ``rejects`` with a Vietnamese reason. Hidden files (".x") and Office
lock files ("~$x") are ignored silently; other unsupported files are rejected.

Hostile and broken input (issue #8):

* the reader is chosen by the file's bytes, not its extension (``content_format``):
  a .xlsx renamed .xls, an .xls renamed .xlsx, a .docx renamed .xlsx or .txt
  are read as what they are (``files[i]["format"]`` says what was read);
  password-protected Office files (an OLE container with "EncryptedPackage",
  or an Excel 97 workbook with a password) are rejected as such;
* Office zip packages are checked before parsing (``check_office_zip``): any
  DOCTYPE/ENTITY in a part (entity bombs, external entities) or a part that
  inflates suspiciously (zip bomb) rejects the file; damaged zips are rejected;
* rejected sheets (hidden, or without a recognizable header) keep their text
  in ``raw_text``; a sheet with headers only goes to ``skipped`` and a workbook
  with no row at all gets a reject; a formula saved without its value is a
  reject that shows the formula;
* relative paths are NFC; broken or looping file symlinks are rejected; any
  unexpected error while reading one file rejects that file only.

Tables returned in ``IngestResult`` (columns from ``schemas``):

* ``records``  RAW_COLUMNS: unit, source_file, source_ref ("Sheet!R12",
  "dòng 34.2", "đoạn 12", "bảng 1, hàng 3"), speaker ("name, address"),
  text_raw (as read, after decoding / legacy-font conversion only), answered,
  meeting_id, seq (1-based order inside the file);
* ``meetings`` MEETING_COLUMNS without n_items: one row per set of minutes,
  per sheet and unit for workbooks;
* ``skipped``  SKIPPED_COLUMNS: narrative text that is not a recommendation;
* ``rejects``  REJECT_COLUMNS: files, sheets and rows that could not be used;
* ``files``    one dict per file: path, sha256, format, encoding (the encoding
  converted, None for plain UTF-8), status ("ok"/"rejected"), n_records.
"""


from .core import _read_file, _read_files, read_minutes
from .files import FORMATS, is_clutter, list_input_files, unit_from_path
from .out import MEETING_BASE_COLUMNS, IngestResult, _Out
from .segment import MeetingFacts, canonical_unit, clean_point, extract_facts, fold, has_unit_kind, segment_minutes
from .sniff import OLE_MAGIC, check_office_zip, content_format, sniff_format
from .table import R_GROUP, R_REPEAT_HEADER, R_TABLE_HEADER, R_TOTAL, _cell_str, column_role, detect_header, parse_table
from .excel import _decode_control_escapes, _load_xls, _load_xlsx, _load_xlsx_calamine, _load_xlsx_openpyxl, _Sheet
