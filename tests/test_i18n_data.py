"""The rest of the kit speaks Chinese (issue 13 item 4): the generator's and the scenario's
errors, the reader's report and errors, ck.validate's problems, flags and privacy errors.

Whose language:
- ``ck.generate(locale=...)``: its argument and scenario errors are in the world's language;
- ``ck.read_complaints``: ``locale=`` when given, else the file's own, decided by its header
  (Chinese column names: Chinese), else the mapping's column names; an error raised before the
  header is read (an empty file) is Chinese only with ``locale="zh_CN"``;
- ``ck.validate``: ``locale=``, else the table's (a kit world's mark, labels read as codes),
  else Chinese headers;
- flags and privacy: ``locale=``, else the data's (a kit world's mark, Chinese names/words).

Every check fails on the English texts (``english_words`` of tests/test_i18n.py); English
stays as it was (the modules' own tests check it word for word).
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from test_i18n import english_words

import complaintkit as ck
from complaintkit.readers import sources
from complaintkit.readers.read import ReadError
from complaintkit.scenario import ScenarioError

ZH = "zh_CN"
#: names that stay as they are in a Chinese text: file formats, encodings, date formats and
#: their placeholders, Python values, the kit's and its functions' names
NAMES = {"CSV", "gb18030", "utf", "UTF", "ISO", "ASCII", "yyyy", "mm", "dd", "hh", "nn", "YYYY",
         "MM", "DD", "ss", "Excel", "BOM", "True", "False", "None", "csv", "toml", "txt",
         "json", "dict", "complaintkit", "conform", "read_complaints", "df"}
#: the kit's codes (what a user types and the tables hold), e.g. in "电话 -> phone"
CODES = {str(code) for family in ck.labels("en_US").values() for code in family}
_PATH = re.compile(r"[A-Za-z0-9_.\-]*/[A-Za-z0-9_./\-]*")


def chinese(text, names=()) -> bool:
    """True when ``text`` holds Chinese and no English word beyond ``names`` (paths,
    formats and codes aside)."""
    shown = str(text).split("可识别的词")[0]   # the yes/no words a user may type, as typed
    words = english_words(_PATH.sub(" ", shown), columns=NAMES | CODES | set(names))
    assert not words, f"English in {text!r}: {words}"
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.fixture(scope="module")
def zh_world():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ck.generate(n_complaints=300, locale=ZH, seed=5)


# --------------------------------------------------------------------------- generate
@pytest.mark.parametrize("kwargs, error", [
    (dict(seed=-1), ValueError),                       # a bad argument
    (dict(check_memory="yes"), ValueError),
    (dict(n_complaints=-5), ScenarioError),            # a bad scenario value
    (dict(start="2025-13-01"), ScenarioError),
    (dict(scenario="ecomerce"), ScenarioError),        # an unknown scenario
])
def test_generate_errors_speak_the_world_language(kwargs, error):
    with pytest.raises(error) as zh:
        ck.generate(locale=ZH, **kwargs)
    assert chinese(str(zh.value), names=kwargs)
    with pytest.raises(error) as en:
        ck.generate(locale="en_US", **kwargs)
    assert english_words(str(en.value)), "English worlds keep their English errors"


def test_a_scenario_file_with_a_bad_value(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('base = "ecommerce"\n[voice]\nrate = 7\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as zh:
        ck.generate(path, locale=ZH)
    assert chinese(str(zh.value)) and "voice.rate" in str(zh.value)
    with pytest.raises(ScenarioError, match="is out of range"):
        ck.generate(path)


# --------------------------------------------------------------------------- read_complaints
ZH_HEADER = "工单号,创建时间,来源渠道,优先级,是否升级"
ZH_MAPPING = {"columns": {"工单号": "complaint_id", "创建时间": "received_at",
                          "来源渠道": "channel", "优先级": "priority", "是否升级": "escalated"},
              "dates": {"received_at": "auto"}, "flags": {"columns": ["escalated"]}}


def messy_zh_export(tmp_path):
    """A GBK export as a Chinese helpdesk writes it: title lines, mixed date formats, an
    exact duplicate, an impossible date, a ticket from 2099, an unknown flag word, a short
    line, a blank line."""
    lines = ["投诉工单导出 - 客服系统", "报表生成于 2025-04-01", ZH_HEADER,
             "T1,2025-03-02 10:00,电话,高,是",
             "T2,13/03/2025 11:00,电子邮件,中,否",
             "T2,13/03/2025 11:00,电子邮件,中,否",
             "T3,31/02/2025 09:00,在线客服,低,是",
             "T4,2099-03-05 09:00,电话,高,否",
             "T5,2025-03-06 09:00,电话,低,可能",
             "T6,2025-03-07 09:00,电话",
             "",
             "T7,05/03/2025 08:00,电话,中,是"]
    path = tmp_path / "工单导出.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


def test_a_messy_chinese_export_gets_a_chinese_report(tmp_path):
    df, r = ck.read_complaints(messy_zh_export(tmp_path), mapping=ZH_MAPPING)
    assert r.locale == ZH
    assert r.rows_read == 8 and r.accepted == 3 and len(r.rejected) == 5
    cols = list(ZH_MAPPING["columns"].values())
    lines = r.summary().splitlines()
    assert len(lines) > 8
    for line in lines:
        assert chinese(line, names=cols), line
    for reason in [*r.rejected["reason"], *r.by_reason()["reason"], *r.notes]:
        assert chinese(reason, names=cols), reason
    # codes stay codes, in every language
    assert df["priority"].tolist() == ["high", "medium", "medium"]


def test_the_language_is_the_header_s_or_locale(tmp_path):
    path = messy_zh_export(tmp_path)
    _, zh = ck.read_complaints(path, mapping=ZH_MAPPING)
    _, en = ck.read_complaints(path, mapping=ZH_MAPPING, locale="en_US")
    assert en.locale == "en_US" and en.summary().startswith("Read 8 rows from")
    assert zh.summary().startswith("从 ")
    english = tmp_path / "en.csv"
    english.write_text("complaint_id,received_at\n1,2025-02-30\n", encoding="utf-8")
    _, r = ck.read_complaints(english)
    assert r.locale is None and r.rejected["reason"][0].startswith("received_at: '2025-02-30'")
    _, r = ck.read_complaints(english, locale=ZH)
    assert chinese(r.rejected["reason"][0], names=["received_at"])
    assert chinese(r.summary().splitlines()[0])


def test_the_chinese_byod_export_reads_in_chinese():
    r = ck.read_complaints("datasets/byod/shop_export_zh.csv",
                           mapping="datasets/byod/shop_export_zh.toml")
    assert r.locale == ZH
    head = r.summary().splitlines()[:3]
    for line in head:
        assert chinese(line, names=["shop_export_zh"]), line
    assert all(chinese(str(p), names=list(r.dates)) for p in r.dates.values())


def test_read_errors_in_the_file_s_language(tmp_path):
    # a mapping's columns not in a Chinese header
    path = messy_zh_export(tmp_path)
    with pytest.raises(ReadError) as e:
        ck.read_complaints(path, mapping={"columns": {"投诉编号": "complaint_id",
                                                      "受理时间": "received_at"}})
    assert chinese(str(e.value))
    # an impossible date: rejected with a Chinese reason
    _, r = ck.read_complaints(path, mapping=ZH_MAPPING)
    reason = r.rejected.set_index("row").loc[7, "reason"]
    assert "31/02/2025" in reason and chinese(reason, names=["received_at"])
    # a header without rows
    only = tmp_path / "表头.csv"
    only.write_text(ZH_HEADER + "\n", encoding="utf-8")
    with pytest.raises(ReadError) as e:
        ck.read_complaints(only)
    assert chinese(str(e.value))
    # an empty file says nothing of its language: Chinese with locale=, English without
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    with pytest.raises(ReadError) as e:
        ck.read_complaints(empty, locale=ZH)
    assert chinese(str(e.value))
    with pytest.raises(ReadError, match="is empty: there is no header and no rows"):
        ck.read_complaints(empty)
    # a bad argument, in the language asked for
    with pytest.raises(TypeError) as e:
        ck.read_complaints(path, locale=ZH, sheets=1)
    assert chinese(str(e.value), names=["sheets", "delimiter", "header", "earliest", "latest"])
    with pytest.raises(ValueError) as e:
        ck.read_complaints(path, locale="fr_FR")


def test_mapping_and_source_errors_speak_locale(tmp_path):
    path = messy_zh_export(tmp_path)
    with pytest.raises(ValueError) as e:
        ck.read_complaints(path, mapping={"columns": {"工单号": "x", "订单号": "x"}}, locale=ZH)
    assert chinese(str(e.value))
    with pytest.raises(ValueError) as e:
        ck.read_complaints(path, source="cfbp", locale=ZH)
    assert chinese(str(e.value), names=["source", "cfbp", "TOML", *sources.names()])
    with pytest.raises(ValueError, match="one column per name"):
        ck.read_complaints(path, mapping={"columns": {"工单号": "x", "订单号": "x"}})


def test_parse_dates_speaks_its_locale():
    from complaintkit.readers.dates import parse_dates

    p = parse_dates(pd.Series(["03/04/2024", "2024年3月5日", "2024-02-30"]), "opened",
                    locale=ZH)
    assert all(chinese(r) for r in p.reasons)
    assert chinese(p.how, names=["opened"]) and all(chinese(n, ["opened"]) for n in p.notes)
    with pytest.raises(ValueError) as e:
        parse_dates(pd.Series(["2024-03-05"]), order="sideways", locale=ZH)
    assert chinese(str(e.value), names=["order", "iso", "auto", "None"])


# --------------------------------------------------------------------------- validate
def test_validate_a_chinese_table_gives_chinese_reasons(zh_world):
    bad = zh_world.complaints.astype({"priority": object, "contacts": object,
                                      "received_at": object, "escalated": object})
    bad.loc[bad.index[[3, 7]], "priority"] = "urgent"
    bad.loc[bad.index[5], "contacts"] = -1
    bad.loc[bad.index[6], "received_at"] = "03-04-25"
    bad.loc[bad.index[8], "escalated"] = "maybe"
    bad = bad.drop(columns="narrative").assign(extra_note="x")
    report = ck.validate(bad)
    assert report.locale == ZH and not report.ok
    cols = list(bad.columns) + ["complaint_id"]
    assert len(report.problems) >= 6
    for reason in report.problems["reason"]:
        assert chinese(reason, names=cols), reason
    for line in report.summary().splitlines():
        assert chinese(line, names=cols), line
    # the same table in English, when asked
    en = ck.validate(bad, locale="en_US")
    assert "'urgent' is not one of low, medium, high" in en.summary()


def test_validate_chinese_headers(zh_world):
    labelled = zh_world.labelled("complaints")
    labelled.attrs = {}
    report = ck.validate(labelled)
    assert report.locale == ZH
    assert all(chinese(r, names=list(zh_world.complaints.columns))
               for r in report.problems["reason"])


# --------------------------------------------------------------------------- flags, privacy
def test_flag_errors_in_chinese(zh_world):
    from complaintkit import flags

    with pytest.raises(ValueError) as e:
        flags.read_flags(pd.Series(["是", "可能"]), "是否升级")
    assert chinese(str(e.value).split("可识别的词为")[0])
    with pytest.raises(ValueError) as e:
        flags.read_flags(pd.Series(["yes", "maybe"]), "escalated", locale=ZH)
    assert "'maybe'" in str(e.value) and chinese(str(e.value).split("；")[0],
                                                 names=["escalated"])
    col = zh_world.complaints["escalated"].astype(object).astype(str)
    col.iloc[0] = "perhaps"
    with pytest.raises(ValueError, match="不是"):
        flags.as_bool(col, "escalated")
    with pytest.raises(ValueError, match="is not yes, no or N/A"):
        flags.read_flags(pd.Series(["yes", "maybe"]), "escalated")


def test_privacy_errors_in_chinese(zh_world):
    from complaintkit.text.privacy import pseudonymize, redact

    for call in (lambda: redact("手机13812345678", locale=ZH, kinds=["phone_number"]),
                 lambda: redact("手机13812345678", locale=ZH, kinds=[]),
                 lambda: redact(zh_world.complaints, locale=ZH),
                 lambda: redact(zh_world.complaints["narrative"], mask=3)):
        with pytest.raises((TypeError, ValueError)) as e:
            call()
        assert chinese(str(e.value), names=["kinds", "mask", "text", "str", "int", "None",
                                            "label", "KIND", "kind", "DataFrame", "Series"])
    with pytest.raises(KeyError) as e:
        pseudonymize(zh_world.complaints, "custmer_id", key="k")
    assert chinese(str(e.value), names=["df"])
    with pytest.raises(ValueError) as e:
        pseudonymize(zh_world.complaints, "customer_id", key="")
    assert chinese(str(e.value), names=["key"])
    with pytest.raises(ValueError, match="key is empty"):
        pseudonymize(pd.DataFrame({"a": [1]}), "a", key="")


# --------------------------------------------------------------------------- worlds on disk
def test_world_files_errors_in_the_world_language(zh_world, tmp_path):
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError) as e:
        zh_world.to_csv(tmp_path / "w")
    assert chinese(str(e.value).replace(str(tmp_path), ""), names=["notes", "txt"])
    with pytest.raises(FileNotFoundError) as e:
        ck.read_world(tmp_path / "nothing", locale=ZH)
    assert chinese(str(e.value).replace(str(tmp_path), ""), names=["json", "world"])


def test_a_caller_may_say_the_language(zh_world, tmp_path):
    """The command line speaks the terminal's language, whatever the world's: it says so with
    messages_in (scenario's for generate, world's for writing and reading worlds)."""
    from complaintkit import scenario, world

    with scenario.messages_in(None), pytest.raises(ValueError,
                                                   match="seed must be a non-negative"):
        ck.generate(locale=ZH, seed=-1)
    with scenario.messages_in(ZH), pytest.raises(ScenarioError) as e:
        ck.generate(n_complaints=-5)
    assert chinese(str(e.value))
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "notes.txt").write_text("mine", encoding="utf-8")
    with world.messages_in("en_US"), pytest.raises(FileExistsError,
                                                   match="not a complaintkit world"):
        zh_world.to_csv(tmp_path / "w")
