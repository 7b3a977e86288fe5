"""Reply templates and suggest_reply: every category in both locales, details filled, nothing
left in braces, labels not codes, template files validated, bad input handled."""

from __future__ import annotations

import re
import tomllib

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit import vocab
from complaintkit.locale import labels
from complaintkit.text.replies import (
    PARTS,
    SLOTS,
    TEMPLATE_DIR,
    TONES,
    TemplateError,
    load_templates,
    suggest_reply,
)

DATASETS = {"en_US": "ecommerce_en", "zh_CN": "ecommerce_zh"}
CODE_KINDS = ("category", "sub_category", "root_cause", "channel", "resolution", "department",
              "product_category", "carrier", "priority")


@pytest.fixture(scope="module", params=list(DATASETS))
def merged(request):
    """(locale, complaints with the order's and the customer's details, labelled version)."""
    world = ck.load_dataset(DATASETS[request.param])
    df = (world.complaints
          .merge(world.orders.drop(columns="customer_id"), on="order_id", how="left")
          .merge(world.customers[["customer_id", "name"]], on="customer_id", how="left"))
    return request.param, df, world.labelled("complaints")


def _codes_in(text: str) -> list[str]:
    """The kit's codes (latin, e.g. 'delivery_delay', 'refund') written in a text."""
    found = []
    for kind in CODE_KINDS:
        for code in labels("en_US", kind):
            if re.search(rf"(?<![A-Za-z_]){re.escape(str(code))}(?![A-Za-z_])", text):
                found.append(code)
    return found


def _one_per(df: pd.DataFrame, column: str) -> pd.DataFrame:
    return df.groupby(column, observed=True).head(1)


# --------------------------------------------------------------------------- rendering
def test_every_category_and_sub_category_renders(merged):
    locale, df, _ = merged
    rows = pd.concat([_one_per(df, "category"), _one_per(df, "sub_category")])
    assert set(rows["category"]) == set(vocab.CATEGORIES)
    for _, row in rows.iterrows():
        reply = suggest_reply(row)
        assert reply.locale == locale
        assert "{" not in reply.text and "}" not in reply.text
        assert reply.template.split("/")[0] == row["category"]
        for detail in (row["order_id"], row["complaint_id"], row["name"]):
            assert detail in reply.text
        assert labels(locale, "root_cause")[row["root_cause"]].lower() in reply.text.lower()
        # only the slots that do not apply (one contact, not late, no compensation)
        assert set(reply.missing) <= {"repeat_contacts", "days_late", "compensation"}
        if locale == "zh_CN":
            assert _codes_in(reply.text) == [], reply.text


def test_delivery_delay_states_days_and_remedy_amount(merged):
    locale, df, _ = merged
    row = df[(df["sub_category"] == "delivery_delay") & (df["delay_days"] >= 2)
             & (df["resolution"] == "refund")].iloc[0]
    reply = suggest_reply(row)
    days = int(row["delay_days"])
    assert (f"{days} days" if locale == "en_US" else f"{days}天") in reply.parts["restate"]
    currency = "$" if locale == "en_US" else "¥"
    assert f"{currency}{row['amount']:,.2f}" in reply.parts["remedy"]
    assert reply.template == "delivery/delivery_delay"


def test_follow_up_date_is_resolution_plus_the_files_days(merged):
    locale, df, _ = merged
    row = df[df["resolved_at"].notna()].iloc[3]
    days = tomllib.loads((TEMPLATE_DIR / f"{locale}.toml").read_text("utf-8"))["follow_up_days"]
    due = row["resolved_at"] + pd.Timedelta(days=days)
    want = (f"{due:%B} {due.day}, {due.year}" if locale == "en_US"
            else f"{due.year}年{due.month}月{due.day}日")
    assert want in suggest_reply(row).parts["follow_up"]


def test_labelled_row_gives_the_same_reply_as_the_coded_one(merged):
    locale, df, lab = merged
    for i in (0, 7, 42):
        coded = suggest_reply(df.drop(columns=["name", "product_category", "amount", "carrier",
                                               "delay_days"]).iloc[i])
        assert suggest_reply(lab.iloc[i]).text == coded.text
        assert suggest_reply(lab.iloc[i]).locale == locale


def test_locale_can_be_chosen_against_the_data(merged):
    locale, df, _ = merged
    other = "zh_CN" if locale == "en_US" else "en_US"
    reply = suggest_reply(df.iloc[0], locale=other)
    assert reply.locale == other
    if other == "zh_CN":
        assert _codes_in(reply.text) == []
    else:
        assert re.search(r"[\u4e00-\u9fff]", reply.text.replace(str(df.iloc[0]["name"]), "")) \
            is None


# --------------------------------------------------------------------------- missing details
@pytest.mark.parametrize("locale", list(DATASETS))
def test_missing_details_drop_sentences_not_braces(locale):
    for category in vocab.CATEGORIES:
        reply = suggest_reply({"category": category}, locale=locale)
        assert "{" not in reply.text and "}" not in reply.text
        assert {"complaint_id", "customer_name"} <= set(reply.missing)
        assert set(reply.filled) <= set(SLOTS)
        assert reply.parts["greeting"] in ("Dear customer,", "尊敬的客户：")


def test_empty_complaint_gets_the_general_reply():
    reply = suggest_reply({})
    assert reply.template == "general" and reply.locale == "en_US"
    assert "{" not in reply.text and reply.text.startswith("Dear customer,")
    assert set(reply.parts) == set(PARTS) - {"cause"}  # no cause without a root cause


def test_tone_follows_priority_anger_and_escalation():
    base = {"category": "billing"}
    assert suggest_reply({**base, "priority": "low"}).tone == "neutral"
    assert suggest_reply({**base, "priority": "medium"}).tone == "empathetic"
    assert suggest_reply({**base, "priority": "high"}).tone == "urgent"
    assert suggest_reply({**base, "priority": "low", "anger": 1.5}).tone == "urgent"
    assert suggest_reply({**base, "priority": "low", "anger": 0.3}).tone == "empathetic"
    assert suggest_reply({**base, "priority": "low", "escalated": True}).tone == "urgent"
    assert suggest_reply({**base, "priority": "high"}, tone="neutral").tone == "neutral"
    lib = load_templates()
    for tone in TONES:
        reply = suggest_reply(base, tone=tone)
        assert reply.parts["apology"] in lib.templates["general"]["apology"][tone]


def test_repeat_contacts_are_named_in_the_urgent_apology():
    reply = suggest_reply({"category": "delivery", "priority": "high", "contacts": 3})
    assert "3 times" in reply.parts["apology"]
    one = suggest_reply({"category": "delivery", "priority": "high", "contacts": 1})
    assert "repeat_contacts" in one.missing and "times" not in one.parts["apology"]


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad", [None, "T0000001", 5, ["delivery"], 3.5])
def test_not_a_complaint_is_refused(bad):
    with pytest.raises(TypeError, match="complaint must be one complaint"):
        suggest_reply(bad)


def test_a_frame_of_many_rows_is_refused_but_one_row_is_fine():
    df = pd.DataFrame({"category": ["delivery", "billing"], "order_id": ["O1", "O2"]})
    with pytest.raises(ValueError, match="2 rows .* df.iloc"):
        suggest_reply(df)
    assert "O2" in suggest_reply(df.iloc[[1]]).text


def test_bad_tone_locale_and_values():
    with pytest.raises(ValueError, match="tone must be one of 'neutral'"):
        suggest_reply({}, tone="angry")
    with pytest.raises(ValueError, match="locale must be one of"):
        suggest_reply({}, locale="fr_FR")
    reply = suggest_reply({"category": "delivery", "amount": "lots", "received_at": "yesterday",
                           "delay_days": float("nan"), "compensation_amount": -5,
                           "customer_name": "x" * 5000, "resolution": "refund"})
    assert "{" not in reply.text and "x" * 300 not in reply.text
    assert {"amount", "received_date", "customer_name"} <= set(reply.missing)
    assert any("5,000 characters" in n for n in reply.notes)
    assert any("'yesterday' is not a date" in n for n in reply.notes)


def test_unknown_category_is_written_as_given_with_a_note():
    reply = suggest_reply({"category": "Credit card", "sub_category": "Fraud"})
    assert reply.template == "general"
    assert any("'Credit card'" in n for n in reply.notes)


def test_emoji_and_mixed_scripts():
    reply = suggest_reply({"category": "delivery", "name": "李Lee 😀", "order_id": "O1"},
                          locale="en_US")
    assert reply.text.startswith("Dear 李Lee 😀,")
    zh = suggest_reply({"category": "物流配送", "name": "李Lee 😀"})
    assert zh.locale == "zh_CN" and zh.text.startswith("尊敬的李Lee 😀：")


VALUES = st.one_of(st.none(), st.text(max_size=30), st.integers(-10, 10**6),
                   st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                   st.sampled_from([*vocab.CATEGORIES, "delivery_delay", "高", "refund", "{x}",
                                    "}{", pd.NaT, pd.Timestamp("2025-03-01")]))
FIELDS = st.sampled_from(["category", "sub_category", "root_cause", "order_id", "name",
                          "amount", "delay_days", "contacts", "priority", "received_at",
                          "resolved_at", "resolution", "compensation_amount", "channel",
                          "anger", "escalated", "订单编号", "类别"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(FIELDS, VALUES, max_size=8))
def test_any_values_give_a_reply_without_template_braces(complaint):
    reply = suggest_reply(complaint)
    given_braces = any("{" in str(v) or "}" in str(v) for v in complaint.values())
    if not given_braces:
        assert "{" not in reply.text and "}" not in reply.text
    assert reply.text and reply.tone in TONES
    for v in reply.filled.values():
        assert isinstance(v, str)


# --------------------------------------------------------------------------- template files
def _raw(locale="en_US") -> dict:
    return tomllib.loads((TEMPLATE_DIR / f"{locale}.toml").read_text("utf-8"))


@pytest.mark.parametrize("locale", list(DATASETS))
def test_shipped_templates_cover_every_category_part_tone_and_remedy(locale):
    lib = load_templates(locale=locale)
    assert lib.locale == locale
    assert set(vocab.CATEGORIES) <= set(lib.templates)
    general = lib.templates["general"]
    assert set(general) == set(PARTS)
    assert set(general["apology"]) == set(TONES)
    assert set(general["remedy"]) == {*vocab.RESOLUTIONS, "none"}
    assert set(general["next_steps"]) == {"open", "resolved"}


def test_next_steps_follow_the_resolution():
    lib = load_templates()
    steps = lib.templates["general"]["next_steps"]
    open_ = suggest_reply({"category": "billing", "resolution": "none", "priority": "low"})
    done = suggest_reply({"category": "billing", "resolution": "refund", "priority": "low"})
    phrase = lib.settings["next_contact"]["low"]
    assert open_.parts["next_steps"] == steps["open"][1].format(next_contact=phrase)
    assert done.parts["next_steps"] == steps["resolved"][1].format(next_contact=phrase)
    assert suggest_reply({"priority": "low"}).parts["next_steps"] == open_.parts["next_steps"]


def test_unknown_slot_is_refused_naming_file_template_part_and_slot(tmp_path):
    raw = _raw()
    raw["templates"]["billing"]["restate"] = "You wrote about {invoice_number}."
    path = tmp_path / "mine.toml"
    path.write_text(_dump(raw), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"mine\.toml: template 'billing', part 'restate': "
                                            r"unknown slot \{invoice_number\}"):
        suggest_reply({"category": "billing"}, templates=path)


def test_missing_category_unknown_template_part_key_and_bad_braces():
    raw = _raw()
    del raw["templates"]["technical"]
    with pytest.raises(TemplateError, match="no template for the category 'technical'"):
        load_templates(raw)
    cases = [
        ({"refunds": {"restate": "x"}}, "template 'refunds' is not 'general', a category"),
        ({"billing": {"salutation": "x"}}, "'salutation' is not a part of a reply"),
        ({"billing": {"apology": {"furious": "x"}}}, "'furious' is not one of neutral"),
        ({"billing": {"remedy": "x"}}, "part 'remedy': expected a table"),
        ({"billing": {"restate": "Order {order_id"}}, "part 'restate': .* in 'Order {order_id'"),
        ({"billing": {"restate": "{amount:.2f}"}}, "with a format"),
        ({"billing": {"restate": []}}, "expected a sentence or a list of sentences"),
    ]
    for change, message in cases:
        raw = _raw()
        for name, parts in change.items():
            raw["templates"].setdefault(name, {}).update(parts)
        with pytest.raises(TemplateError, match=message):
            load_templates(raw)
    raw = _raw()
    del raw["templates"]["general"]["follow_up"]
    with pytest.raises(TemplateError, match="'general' must set every part, but 'follow_up'"):
        load_templates(raw)


def test_bad_settings_and_unreadable_files(tmp_path):
    raw = _raw()
    del raw["next_contact"]
    with pytest.raises(TemplateError, match="'next_contact' is missing"):
        load_templates(raw)
    raw = _raw()
    raw["layout"] = [["greeting"]]
    with pytest.raises(TemplateError, match="'layout' must list every part once"):
        load_templates(raw)
    bad = tmp_path / "broken.toml"
    bad.write_text("locale = ", encoding="utf-8")
    with pytest.raises(TemplateError, match="broken.toml: cannot read"):
        load_templates(bad)
    with pytest.raises(TemplateError, match="cannot read"):
        load_templates(tmp_path / "absent.toml")
    with pytest.raises(TypeError, match="templates must be a path"):
        suggest_reply({}, templates=42)
    with pytest.raises(ValueError, match="templates are for en_US, but locale='zh_CN'"):
        suggest_reply({}, templates=_raw(), locale="zh_CN")


def test_a_trainers_own_wording_is_used(tmp_path):
    raw = _raw("zh_CN")
    raw["templates"]["delivery"]["restate"] = ["亲，您的订单{order_id}我们查到了。", "亲，收到。"]
    reply = suggest_reply({"category": "delivery", "order_id": "O9"}, templates=raw)
    assert reply.parts["restate"] == "亲，您的订单O9我们查到了。"
    assert reply.locale == "zh_CN"


def _dump(raw: dict) -> str:
    """A minimal TOML writer for the template files (strings, lists, tables)."""
    lines: list[str] = []

    def value(v):
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return "{" + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + "}"

    def table(prefix, d):
        simple = {k: v for k, v in d.items() if not isinstance(v, dict) or prefix == ""
                  and k in ("days_late",)}
        nested = {k: v for k, v in d.items() if k not in simple}
        if prefix:
            lines.append(f"[{prefix}]")
        lines.extend(f"{k} = {value(v)}" for k, v in simple.items())
        for k, v in nested.items():
            table(f"{prefix}.{k}" if prefix else k, v)

    table("", raw)
    return "\n".join(lines) + "\n"


def test_dump_round_trips():
    raw = _raw("zh_CN")
    assert tomllib.loads(_dump(raw)) == raw
