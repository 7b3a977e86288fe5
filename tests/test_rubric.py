"""The reply rubric (ck.score_reply) and the role play (ck.role_play_case), issue 12 item 5.

Replies are written by hand for these tests, in both languages, one sentence per element, so
that dropping one sentence removes exactly one element: each element's detection is checked
on its own. The kit's suggested reply (ck.suggest_reply) must score full marks on the role-play
cases of both shipped worlds and of a generated one. A trainer's edited rubric or policy file
changes the score without code; malformed files are refused naming file, element and key.
"""

import copy
import re
import tomllib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.text.roleplay import _cases, _within_policy
from complaintkit.text.rubric import RUBRIC_DIR, RubricError, load_policy, load_rubric

EN = {"complaint_id": "T0000042", "order_id": "O00012345", "category": "delivery",
      "sub_category": "delivery_delay", "product_category": "electronics", "amount": 120.0,
      "received_at": "2025-03-04 10:00", "priority": "high", "contacts": 2,
      "narrative": "My headphones from order O00012345 were promised for March 1 and still "
                   "have not arrived. I have called twice and nobody helps. I want them "
                   "delivered this week or my money back."}
ZH = {"complaint_id": "T0000043", "order_id": "O00054321", "category": "product_quality",
      "sub_category": "damaged", "product_category": "home", "amount": 300.0,
      "received_at": "2025-06-18 09:30", "priority": "medium", "contacts": 1,
      "narrative": "订单O00054321买的台灯收到时灯罩碎了，包装太简陋了。"
                   "我要求换一个新的，请尽快处理，不然我就去平台投诉。"}

# one sentence per element: dropping one removes that element only
PARTS_EN = {
    "acknowledge": "Thank you for telling us about this.",
    "apologise": "We are sorry for the trouble.",
    "restate": "I understand your order O00012345 was promised for March 1, has not arrived, "
               "and you want it this week.",
    "explain": "We checked with the courier and found the cause: the parcel was held at the "
               "depot.",
    "remedy": "We are sending it by express today at no cost, and we have credited $20.00 to "
              "your account.",
    "follow_up": "We will call you within 24 hours to confirm it has arrived.",
}
PARTS_ZH = {
    "acknowledge": "感谢您告诉我们这个情况。",
    "apologise": "给您带来的不便，我们深表歉意。",
    "restate": "您的订单O00054321中的台灯收到时灯罩破损，您希望换一个新的。",
    "explain": "经核实，原因是包装不够牢固，运输中受到挤压。",
    "remedy": "我们将免费为您换货，新台灯明天发出。",
    "follow_up": "我们将在2个工作日内致电回访，确认商品完好无损。",
}
REQUIRED = list(PARTS_EN)


def _reply(parts: dict, drop=(), add=()) -> str:
    sep = "" if any("\u4e00" <= ch <= "\u9fff" for ch in parts["apologise"]) else " "
    return sep.join([v for k, v in parts.items() if k not in drop] + list(add))


# hand-written replies: (reply, complaint, passed, missing, harmful, words in the feedback)
CASES = {
    "en model answer": (_reply(PARTS_EN), EN, True, [], [], ["Ready to send"]),
    "en missing apology": (_reply(PARTS_EN, ["apologise"]), EN, False, ["apologise"], [],
                           ["Apologise plainly"]),
    "en blames the customer": (_reply(PARTS_EN, add=["You should have chosen express."]), EN,
                               False, [], ["blame"], ["You should have chosen express.",
                                                      "puts the blame"]),
    "en forbidden compensation": (
        _reply(PARTS_EN, ["remedy"], ["We will give you a full refund plus $100.00 "
                                      "compensation."]), EN, False, [], ["forbidden_promise"],
        ["full refund plus", "$36.00"]),
    "en no follow-up time": (_reply(PARTS_EN, ["follow_up"], ["We will call you soon."]), EN,
                             False, ["follow_up"], [], ["within 24 hours"]),
    "en no restated details": (_reply(PARTS_EN, ["restate"], ["I understand it was annoying."]),
                               EN, False, ["restate"], [], ["O00012345"]),
    "zh model answer": (_reply(PARTS_ZH), ZH, True, [], [], ["可以发送"]),
    "zh missing apology": (_reply(PARTS_ZH, ["apologise"]), ZH, False, ["apologise"], [],
                           ["明确道歉"]),
    "zh blames the customer": (_reply(PARTS_ZH, add=["这是您自己没有仔细检查包装造成的。"]), ZH,
                               False, [], ["blame"], ["把责任推给了客户"]),
    "zh forbidden compensation": (
        _reply(PARTS_ZH, ["remedy"], ["我们保证以后再也不会发生这种情况，"
                                      "并为您全额退款并补偿500元。"]),
        ZH, False, [], ["forbidden_promise"], ["超出了您可以承诺的范围", "¥90.00"]),
    "zh no follow-up time": (_reply(PARTS_ZH, ["follow_up"], ["我们会尽快联系您。"]), ZH, False,
                             ["follow_up"], [], ["2个工作日内"]),
    "zh no restated details": (_reply(PARTS_ZH, ["restate"], ["您的心情我们理解。"]), ZH, False,
                               ["restate"], [], ["O00054321"]),
}
# replies that cannot be scored: (reply, complaint, words of the reason)
UNSCORED = {
    "en empty": ("", EN, "is empty"),
    "en blank": (" \n\t ", EN, "is empty"),
    "en None": (None, EN, "is empty"),
    "en NaN": (float("nan"), EN, "is empty"),
    "en number": (42, EN, "not int"),
    "en list": (["Sorry"], EN, "not list"),
    "en pasted complaint": (EN["narrative"], EN, "repeats the customer's own complaint"),
    "en complaint pasted into a reply": ("Dear customer, you wrote: " + EN["narrative"] + " "
                                         + PARTS_EN["apologise"], EN, "do not paste"),
    "en wrong language": (_reply(PARTS_ZH), EN, "reply in English"),
    "en huge": ("Sorry. " * 2000, EN, "characters long"),
    "en punctuation only": ("?!... ---", EN, "is empty"),
    "zh empty": ("", ZH, "回复是空的"),
    "zh None": (None, ZH, "回复是空的"),
    "zh bytes": ("抱歉".encode(), ZH, "bytes"),
    "zh pasted complaint": (ZH["narrative"], ZH, "投诉的原文"),
    "zh wrong language": (_reply(PARTS_EN), ZH, "请用中文回复"),
    "zh huge": ("抱歉。" * 1000, ZH, "个字符"),
}


def test_kinds_statuses_and_promises_have_chinese_labels():
    """A zh room shows the rubric's kinds, a score's statuses and the policy's kinds of
    promise as labels (issue 13 item 4); English shows the codes as ever."""
    from complaintkit.text.rubric import KINDS, STATUSES

    promises = set(load_policy().forbidden["zh_CN"]) | set(load_policy().forbidden["en_US"])
    for family, codes in (("kind", KINDS), ("status", STATUSES), ("promise", promises)):
        zh, en = ck.labels("zh_CN", family), ck.labels("en_US", family)
        assert set(codes) <= set(zh), family
        assert not any(re.search("[A-Za-z_]", zh[c]) for c in codes), family
        assert all(en[c] == c for c in codes), family
    w = ck.load_dataset("ecommerce_zh")
    score = ck.score_reply("您的消息已收到，我们正在处理，请耐心等待。", w.complaints.iloc[0])
    shown = ck.labelled(score.table[["kind", "status"]], w.locale)
    assert not shown.map(lambda v: bool(re.search("[A-Za-z]", v))).any().any()


# --------------------------------------------------------------------------- hand-written replies
@pytest.mark.parametrize("name", list(CASES))
def test_hand_written_replies(name):
    reply, complaint, passed, missing, harmful, words = CASES[name]
    res = ck.score_reply(reply, complaint)
    assert res.reason is None, res.reason
    assert (res.passed, res.missing, res.harmful) == (passed, missing, harmful), res.table
    text = res.feedback()
    for w in words:
        assert w in text, text
    assert res.locale == ("zh_CN" if complaint is ZH else "en_US")
    if passed:
        assert res.score == 1.0 and res.points == res.max_points == 10


@pytest.mark.parametrize("name", list(UNSCORED))
def test_replies_that_cannot_be_scored_get_a_reason(name):
    reply, complaint, words = UNSCORED[name]
    res = ck.score_reply(reply, complaint)
    assert not res.passed and res.score == 0 and res.reason, res.table
    assert words in res.feedback() and res.feedback() == res.reason
    assert set(res.table["status"]) == {"not scored"}
    zh = complaint is ZH
    assert any("\u4e00" <= ch <= "\u9fff" for ch in res.reason) == zh


@pytest.mark.parametrize("parts,complaint", [(PARTS_EN, EN), (PARTS_ZH, ZH)],
                         ids=["en", "zh"])
@pytest.mark.parametrize("element", REQUIRED)
def test_each_element_is_detected_on_its_own(parts, complaint, element):
    alone = ck.score_reply(parts[element], complaint)
    assert alone.table.set_index("element").loc[element, "status"] == "present"
    assert parts[element] in alone.table.set_index("element").loc[element, "evidence"]
    without = ck.score_reply(_reply(parts, [element]), complaint)
    assert without.missing == [element] and not without.harmful
    weight = load_rubric(locale=without.locale).elements[element].weight
    assert without.points == 10 - weight
    assert without.passed == (weight <= 1)  # pass mark 0.9: only a 1-point element may miss


def test_the_details_and_times_must_be_the_complaints_own():
    other = {**EN, "order_id": "O99999999", "product_category": "books",
             "received_at": "2025-09-09", "category": "billing", "sub_category": "billing_error"}
    res = ck.score_reply(_reply(PARTS_EN), other)
    assert res.missing == ["restate"]  # order O00012345 is not this complaint's order
    res = ck.score_reply("We are sorry. I understand your electronics order was a problem.", EN)
    assert "restate" not in res.missing  # the product is a detail too
    res = ck.score_reply("We are sorry. I understand it was late on March 4.", EN)
    assert "restate" not in res.missing  # the category's words and the date
    res = ck.score_reply("We will call you on March 7.", EN)
    assert "follow_up" not in res.missing


def test_a_remedy_is_an_action_not_the_customers_demand_said_back():
    for said_back in ["We understand you would like a refund.", "We know you want a refund.",
                      "You asked for a replacement.", "您要求全额退款。", "您希望换货。"]:
        res = ck.score_reply(said_back, ZH if "您" in said_back else EN)
        assert "remedy" in res.missing, said_back
    for action in ["We apologise and will refund the order.", "I'll send a new one today.",
                   "We have issued a full refund.", "我们已为您办理退款。", "我们将为您换货。"]:
        res = ck.score_reply(action, ZH if "们" in action else EN)
        assert "remedy" not in res.missing, action


def test_a_non_apology_blames():
    res = ck.score_reply(_reply(PARTS_EN, add=["We are sorry you feel that way."]), EN)
    assert res.harmful == ["blame"] and not res.passed


def test_harmful_promises_one_by_one():
    base = _reply(PARTS_EN, ["remedy"])
    for promise in ["We guarantee this will never happen again.",
                    "We accept full liability for your losses.",
                    "As an apology, we have credited $50.00 to your account.",  # > 30% of $120
                    "We have refunded $500.00 to your card."]:  # more than the order
        res = ck.score_reply(f"{base} {promise}", EN)
        assert res.harmful == ["forbidden_promise"], (promise, res.table)
        assert promise in res.table.set_index("element").loc["forbidden_promise", "evidence"]
    for fine in ["We cannot guarantee it will never happen again, but we changed couriers.",
                 "As an apology, we have credited $30.00 to your account.",
                 "We have refunded $120.00 to your card."]:
        res = ck.score_reply(f"{base} {fine}", EN)
        assert not res.harmful, (fine, res.table)
    # no order amount: the policy's absolute cap is the limit
    no_amount = {k: v for k, v in EN.items() if k != "amount"}
    assert not ck.score_reply("We have credited $150.00 to your account.", no_amount).harmful
    assert ck.score_reply("We have credited $250.00 to your account.", no_amount).harmful


def test_a_suggested_reply_object_is_read_as_its_text():
    reply = ck.suggest_reply(EN)
    assert ck.score_reply(reply, EN).table.equals(ck.score_reply(reply.text, EN).table)


# --------------------------------------------------------------------------- trainers' files
def _raw(locale="en_US") -> dict:
    return tomllib.loads((RUBRIC_DIR / f"{locale}.toml").read_text(encoding="utf-8"))


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edited_rubric_file_changes_the_score_without_code(tmp_path):
    text = (RUBRIC_DIR / "en_US.toml").read_text(encoding="utf-8")
    reply = _reply(PARTS_EN, ["explain"])
    assert ck.score_reply(reply, EN).passed  # the explanation weighs 1 of 10
    heavier = text.replace('label = "Explain what happened"\nweight = 1',
                           'label = "Explain what happened"\nweight = 4')
    assert heavier != text
    res = ck.score_reply(reply, EN, rubric=_write(tmp_path / "heavier.toml", heavier))
    assert not res.passed and (res.points, res.max_points) == (9, 13)
    named = text + ('\n[elements.use_name]\nkind = "required"\nlabel = "Use the name"\n'
                    'weight = 1\nphrases = ["ms lee", "mr lee"]\n'
                    'feedback = "Use the customer\'s name, e.g. “Dear Ms Lee,”"\n')
    res = ck.score_reply(_reply(PARTS_EN), EN, rubric=_write(tmp_path / "named.toml", named))
    assert res.missing == ["use_name"] and "Dear Ms Lee" in res.feedback()
    assert ck.score_reply("Dear Ms Lee, " + _reply(PARTS_EN), EN,
                          rubric=tmp_path / "named.toml").passed


def test_an_edited_policy_file_changes_what_is_forbidden(tmp_path):
    text = (RUBRIC_DIR / "policy.toml").read_text(encoding="utf-8")
    strict = text.replace("max_compensation_share = 0.3", "max_compensation_share = 0.1")
    assert strict != text
    reply = _reply(PARTS_EN)  # credits $20 on a $120 order
    assert ck.score_reply(reply, EN).passed
    res = ck.score_reply(reply, EN, policy=_write(tmp_path / "policy.toml", strict))
    assert res.harmful == ["forbidden_promise"] and "$12.00" in res.feedback()


@pytest.mark.parametrize("edit,words", [
    (lambda r: r["elements"]["apologise"].pop("weight"), "element 'apologise', key 'weight': "
                                                         "is missing"),
    (lambda r: r["elements"]["apologise"].update(wieght=2), "element 'apologise', key "
                                                            "'wieght': is not a key"),
    (lambda r: r["elements"]["remedy"].update(patterns=["(unclosed"]),
     "element 'remedy', key 'patterns': '(unclosed' is not a regular expression"),
    (lambda r: r["elements"]["restate"].update(feedback="e.g. {order_number}"),
     "element 'restate', key 'feedback': unknown slot {order_number}"),
    (lambda r: r["elements"]["blame"].update(kind="must"), "element 'blame', key 'kind'"),
    (lambda r: r["elements"]["blame"].update(weight=-3), "element 'blame', key 'weight'"),
    (lambda r: r["elements"]["follow_up"].update(needs=["date"]), "key 'needs'"),
    (lambda r: r["elements"]["apologise"].update(policy=True), "key 'policy'"),
    (lambda r: r["elements"]["apologise"].update(phrases="sorry"), "key 'phrases'"),
    (lambda r: r.update(pass_mark=90), "the key 'pass_mark' must be a share"),
    (lambda r: r["messages"].pop("pasted"), "the key 'messages.pasted' is missing"),
    (lambda r: r["category_words"].update(shipping=["late"]), "'category_words.shipping'"),
    (lambda r: r.update(locale="fr_FR"), "the key 'locale'"),
    (lambda r: r.update(elements={"x": {"kind": "harmful", "label": "x", "weight": 1,
                                        "phrases": ["x"], "feedback": "x"}}),
     "at least one required element"),
])
def test_malformed_rubric_files_are_refused_naming_file_element_and_key(tmp_path, edit, words):
    raw = _raw()
    edit(raw)
    with pytest.raises(RubricError, match="<dict>") as e:
        ck.score_reply("Sorry.", EN, rubric=raw)
    assert words in str(e.value), str(e.value)


def test_a_malformed_file_is_refused_with_its_path(tmp_path):
    text = (RUBRIC_DIR / "zh_CN.toml").read_text(encoding="utf-8")
    typo = text.replace('label = "道歉"\nweight = 2', 'label = "道歉"\nwieght = 2')
    assert typo != text
    path = _write(tmp_path / "mine.toml", typo)
    with pytest.raises(RubricError, match=r"mine.toml: element 'apologise', key 'wieght'"):
        ck.score_reply("抱歉。", ZH, rubric=path)


def test_unreadable_files_are_refused_with_the_file_named(tmp_path):
    bad = _write(tmp_path / "broken.toml", 'locale = "en_US"\npass_mark = \n')
    with pytest.raises(RubricError, match="broken.toml: cannot read"):
        load_rubric(bad)
    with pytest.raises(RubricError, match="cannot read"):
        load_rubric(tmp_path / "nowhere.toml")
    with pytest.raises(TypeError, match="rubric must be a path"):
        load_rubric(42)
    policy = tomllib.loads((RUBRIC_DIR / "policy.toml").read_text(encoding="utf-8"))
    policy["amounts"]["en_US"] = [r"\$(\d+)"]
    with pytest.raises(RubricError, match=r"amounts.en_US.*\(\?P<n>"):
        load_policy(policy)
    with pytest.raises(ValueError, match="the rubric is for zh_CN"):
        ck.score_reply("Sorry.", EN, rubric=RUBRIC_DIR / "zh_CN.toml", locale="en_US")


# --------------------------------------------------------------------------- never a crash
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=st.one_of(st.text(max_size=400), st.none(), st.integers(), st.floats(),
                       st.binary(max_size=20), st.lists(st.text(max_size=5), max_size=3),
                       st.text(alphabet="抱歉感谢您的订单O0123456789.。 $¥元", max_size=200)),
       zh=st.booleans())
def test_score_reply_never_crashes(reply, zh):
    res = ck.score_reply(reply, ZH if zh else EN)
    assert 0 <= res.score <= 1 and isinstance(res.feedback(), str) and res.feedback()
    assert res.passed == (res.reason is None and not res.harmful
                          and res.score >= load_rubric(locale=res.locale).pass_mark)


FIELD = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(), st.booleans(),
                  st.sampled_from(["delivery", "物流配送", "high", "2025-02-30", "NaT", "-5"]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.dictionaries(st.sampled_from(["order_id", "category", "sub_category",
                                               "product_category", "amount", "received_at",
                                               "priority", "narrative", "root_cause"]),
                              FIELD, max_size=9),
       reply=st.sampled_from([_reply(PARTS_EN), _reply(PARTS_ZH), "", "Sorry."]))
@example(fields={"received_at": "/1"}, reply=_reply(PARTS_EN))  # read as the year 0
def test_score_reply_never_crashes_on_odd_complaints(fields, reply):
    res = ck.score_reply(reply, fields, locale="en_US")
    assert 0 <= res.score <= 1 and res.feedback()


def test_quoting_the_customer_is_not_pasting():
    quote = "You told us: “I want them delivered this week or my money back.” "
    res = ck.score_reply(quote + _reply(PARTS_EN), EN)
    assert res.reason is None and res.passed, res.feedback()


# --------------------------------------------------------------------------- role play
@pytest.fixture(scope="module")
def worlds():
    return {"en": ck.load_dataset("ecommerce_en"), "zh": ck.load_dataset("ecommerce_zh"),
            "generated": ck.generate(n_complaints=2000, seed=1312),
            "generated_zh": ck.generate(n_complaints=2000, seed=1313, locale="zh_CN")}


@pytest.mark.parametrize("name", ["en", "zh", "generated", "generated_zh"])
def test_the_suggested_reply_scores_full_marks_on_role_play_cases(worlds, name):
    world = worlds[name]
    for level in ("calm", "upset", "angry"):
        for seed in range(25):
            case = ck.role_play_case(world, level=level, seed=seed)
            res = ck.score_reply(case.model_reply(), case.complaint)
            assert res.passed and res.score == 1, (case.complaint, case.model_reply().text,
                                                   res.feedback())
            assert res.locale == world.locale


# a part of the template's reply dropped -> the elements that must go missing (and may)
DROPPED = {("apology",): ({"apologise"}, set()),
           ("restate",): ({"restate"}, {"acknowledge"}),  # "You contacted us" acknowledges
           ("cause",): ({"explain"}, set()),
           ("remedy",): ({"remedy"}, set()),
           ("next_steps", "follow_up"): ({"follow_up"}, set())}


@pytest.mark.parametrize("name", ["en", "zh", "generated_zh"])
def test_each_part_of_the_template_dropped_is_found_missing(worlds, name):
    """On many complaints (categories, tones, remedies), not on hand-picked sentences."""
    world = worlds[name]
    layout = ck.text.replies.load_templates(locale=world.locale).settings
    for level in ("calm", "upset", "angry"):
        for seed in range(8):
            case = ck.role_play_case(world, level=level, seed=seed)
            parts = case.model_reply().parts
            for drop, (must, may) in DROPPED.items():
                if drop == ("apology",) and case.complaint["resolution"] == "compensation":
                    continue  # "As an apology, we have credited ...": the remedy apologises
                paras = [layout["sentence_join"].join(parts[p] for p in para
                                                      if p in parts and p not in drop)
                         for para in layout["layout"]]
                res = ck.score_reply(layout["paragraph_join"].join(paras), case.complaint)
                got = set(res.missing) | set(res.harmful)
                assert must <= got <= must | may, (drop, got, parts)


def test_what_the_suggested_reply_lacks_outside_the_role_play(worlds):
    """Open complaints have no concrete remedy yet, and a compensation above the policy is
    flagged: the rubric names both, which is why the role play leaves them out."""
    c = _cases(worlds["en"])
    row = c[c["resolution"].astype(str) == "none"].iloc[0]
    rec = row.drop("level").dropna().to_dict()
    assert ck.score_reply(ck.suggest_reply(rec), rec).missing == ["remedy"]
    over = c[~_within_policy(c, "en_US").to_numpy()]
    assert len(over) > 0 and (over["resolution"].astype(str) == "compensation").all()
    rec = over.iloc[0].drop("level").dropna().to_dict()
    assert ck.score_reply(ck.suggest_reply(rec), rec).harmful == ["forbidden_promise"]


def test_role_play_levels_follow_anger_and_contacts(worlds):
    world = worlds["en"]
    truth = world.truth.text.set_index("complaint_id")["anger"]
    contacts = world.complaints.set_index("complaint_id")["contacts"]
    seen = {}
    for level in ("calm", "upset", "angry"):
        for seed in range(30):
            case = ck.role_play_case(world, level=level, seed=seed)
            cid = case.complaint["complaint_id"]
            anger, n = truth[cid], contacts[cid]
            assert case.anger == pytest.approx(anger)
            angry = anger >= 1 or n >= 3
            assert angry == (level == "angry")
            if level == "calm":
                assert anger < 0 and n == 1
            assert case.complaint["resolution"] != "none"
            seen.setdefault(level, []).append(anger)
    assert np.mean(seen["calm"]) < np.mean(seen["upset"]) < np.mean(seen["angry"])
    a = ck.role_play_case(world, level="angry", seed=5)
    assert a.complaint == ck.role_play_case(world, level="angry", seed=5).complaint
    assert a.narrative in str(a) and a.details()["Customer"] == "angry"
    zh = ck.role_play_case(worlds["zh"], level="angry", seed=5)
    assert zh.details()["客户情绪"] == "愤怒" and zh.locale == "zh_CN"


def test_without_the_truth_the_contacts_decide(worlds):
    world = worlds["generated"]
    bare = copy.copy(world)
    bare.truth = None
    for level, contacts in [("calm", {1}), ("upset", {2}), ("angry", {3, 4, 5, 6, 7, 8})]:
        case = ck.role_play_case(bare, level=level, seed=2)
        assert case.complaint["contacts"] in contacts and np.isnan(case.anger)


def test_role_play_bad_arguments(worlds):
    world = worlds["en"]
    with pytest.raises(ValueError, match="level must be one of 'calm', 'upset', 'angry'"):
        ck.role_play_case(world, level="furious")
    with pytest.raises(TypeError, match="world must be a world of the kit"):
        ck.role_play_case(pd.DataFrame(), level="calm")
