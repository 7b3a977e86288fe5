"""Study: recall and precision of ``ck.redact`` per kind of personal data and locale.

Source of the texts, in order of preference:

* ``world``: generated narratives whose personal data the truth records (``world.truth.pii``:
  complaint_id, kind, start, end, value);
* ``synthetic``: sentences built here from the PII makers (``complaintkit.text.pii``) around
  distractors (dates, amounts, quantities, tracking numbers, 16-digit numbers failing Luhn,
  18-digit numbers failing the ID check), used while the worlds carried no PII truth.

A true span counts as *found* when predicted spans of the same kind cover every character of
it (so no part of it is left readable); a predicted span is *right* when it overlaps a true
span of the same kind. ``leak`` is the share of true spans with a character left unmasked by
any kind. Tune on seeds 1-4, report on others:

    .venv/bin/python studies/privacy_scores.py --seeds 101-105 --n 2000 --out docs/privacy_table.md
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.text.pii import KINDS, make_values

CUES = {
    "en_US": {
        "name": ["My name is {v}.", "This is {v} writing.", "I spoke with {v} in support.",
                 "Regards, {v}", "{v} from your team promised a call.", "Mr. {v} said",
                 "The package was signed for by {v} who is not me."],
        "phone": ["Call me at {v}.", "my number is {v}", "I called {v} twice.",
                  "phone: {v}", "reach me on {v} after 5pm", "({v})"],
        "email": ["Email me at {v}.", "I wrote to {v} on Monday", "contact: {v}"],
        "id_number": ["My Chinese ID number is {v}.", "ID {v} was on the form",
                      "they asked for my resident ID ({v})"],
        "card": ["I paid with card {v}.", "charged to {v} twice", "card number {v}, expiry 09/27"],
        "address": ["Ship to {v}.", "I live at {v} and nobody came.", "delivered to {v} instead",
                    "my address is {v}"],
        "order_number": ["Order {v} never arrived.", "order number {v}", "about {v}:",
                         "refund for {v} is pending"],
    },
    "zh_CN": {
        "name": ["我是{v}，", "本人{v}，", "联系人：{v}", "客服{v}说会回电。", "{v}先生答应退款。",
                 "收件人{v}", "我叫{v}。", "{v}女士接的电话"],
        "phone": ["我的手机是{v}。", "电话{v}", "请拨打{v}联系我", "联系电话：{v}，",
                  "打了{v}好几次"],
        "email": ["邮箱{v}", "请发邮件到{v}。", "我的邮箱是 {v} ，"],
        "id_number": ["身份证号{v}", "我的身份证号码是{v}。", "实名认证用的是{v}"],
        "card": ["银行卡{v}被扣了两次", "卡号：{v}", "用尾号不对的卡{v}支付"],
        "address": ["收货地址：{v}", "寄到{v}，", "我住在{v}。", "地址是{v}"],
        "order_number": ["订单号{v}", "订单{v}一直没到", "关于{v}的退款", "订单编号：{v}"],
    },
}
FILLER = {
    "en_US": ["The parcel was due on 2024-03-05 and arrived 12 days late.",
              "I ordered 3 items for $1,299.00 and got 2.",
              "Tracking number 1234567890 shows nothing.",
              "It cost $45.50 plus $7.99 shipping on 03/14/2024.",
              "I have been a customer since 2015 and called 4 times.",
              "Reference 4111111111111112 does not match.", "Your app says 10:30 am to 2:00 pm.",
              "Case 20240305-0012 is still open after 30 days.", "Model X200 size 42, qty 5.",
              "The invoice total was 1,234.56 and the tax 98.76.",
              "I was told on XX/XX/2019 that XXXX would call back.",
              "Serial 110105194912310021 was printed on the box."],
    "zh_CN": ["包裹本应在2024年3月5日送到，结果晚了12天。", "我买了3件，花了¥1299.00，只收到2件。",
              "运单号SF1234567890一直没有更新。", "快递费12.50元，2024-03-14下的单。",
              "我已经打了4次客服电话，等了30天。", "编号4111111111111112对不上。",
              "说好上午10:30到下午2:00送达。", "商品型号X200，尺码42，数量5。",
              "发票金额1234.56元，税额98.76元。", "工单20240305001还没处理。",
              "下周明天都没人联系我。", "包装上印着110105194912310021。"],
}


def faker_values(locale: str, seed: int, n: int) -> dict[str, list[str]]:
    """Values written by Faker's own providers (not the kit's makers): other formats.

    en: Faker's phone formats (``001-...``, extensions ``x123``), US social security numbers as
    the ID, Faker's card numbers (13-19 digits, several brands, unformatted), street
    addresses with USPS suffixes. zh: Faker's mobiles, resident IDs and cards. Faker's zh
    addresses have no house number (``广州街j座``), so zh addresses and all order numbers
    come from the kit's makers.
    """
    from faker import Faker
    fake = Faker(locale)
    fake.seed_instance(seed)
    rng = np.random.default_rng(seed)
    vals = {
        "name": [fake.name() for _ in range(n)],
        "phone": [fake.phone_number() for _ in range(n)],
        "email": [fake.email() for _ in range(n)],
        "id_number": [fake.ssn() for _ in range(n)],
        "card": [fake.credit_card_number() for _ in range(n)],
        "order_number": list(make_values("order_number", locale, rng, n)),
    }
    if locale == "en_US":
        vals["address"] = [fake.street_address() + (
            f", {fake.city()}, {fake.state_abbr()} {fake.zipcode()}" if rng.random() < 0.5
            else "") for _ in range(n)]
    else:
        vals["address"] = list(make_values("address", locale, rng, n))
    return vals


def synthetic(locale: str, seed: int, n: int, source: str = "makers"
              ) -> tuple[list[str], pd.DataFrame]:
    """``n`` texts of 2-4 filler sentences and 1-3 personal data values, with their spans.

    ``source`` is ``makers`` (the kit's PII makers) or ``faker`` (:func:`faker_values`).
    """
    rng = np.random.default_rng(seed)
    if source == "faker":
        pools = faker_values(locale, seed, 4 * n)
    else:
        pools = {k: list(make_values(k, locale, rng, 4 * n)) for k in KINDS}
    sep = " " if locale == "en_US" else ""
    texts, rows = [], []
    for i in range(n):
        parts = list(rng.choice(FILLER[locale], size=rng.integers(2, 5), replace=False))
        pii = []
        for kind in rng.choice(KINDS, size=rng.integers(1, 4)):
            cue = CUES[locale][kind][rng.integers(len(CUES[locale][kind]))]
            pii.append((kind, pools[kind].pop(), cue))
            parts.insert(int(rng.integers(0, len(parts) + 1)), None)
        text, k = "", 0
        for p in parts:
            if text:
                text += sep
            if p is None:
                kind, value, cue = pii[k]
                k += 1
                start = len(text) + cue.index("{v}")
                text += cue.format(v=value)
                rows.append((i, kind, start, start + len(value), value))
            else:
                text += p
        texts.append(text)
    return texts, pd.DataFrame(rows, columns=["complaint_id", "kind", "start", "end", "value"])


def from_world(locale: str, seed: int, n: int) -> tuple[list[str], pd.DataFrame] | None:
    """Generated narratives and their PII truth, or None when the world records none."""
    w = ck.generate(seed=seed, n_complaints=n, locale=locale)
    pii = getattr(w.truth, "pii", None)
    if pii is None:
        return None
    c = w.complaints
    pos = pd.Series(np.arange(len(c)), index=c["complaint_id"].to_numpy())
    truth = pii.assign(complaint_id=pos.reindex(pii["complaint_id"]).to_numpy())
    return c["narrative"].tolist(), truth


def score(texts: list[str], truth: pd.DataFrame, locale: str) -> pd.DataFrame:
    """Per kind: true and predicted spans, recall, precision and leak share."""
    r = ck.redact(pd.Series(texts, dtype=object), locale=locale)
    pred = r.spans[r.spans["masked"]]
    cover: dict[tuple[int, str], np.ndarray] = {}
    anyk: dict[int, np.ndarray] = {}
    for row, kind, s, e in pred[["row", "kind", "start", "end"]].itertuples(index=False):
        t = texts[row]
        cover.setdefault((row, kind), np.zeros(len(t) + 1, bool))[s:e] = True
        anyk.setdefault(row, np.zeros(len(t) + 1, bool))[s:e] = True
    true_by: dict[tuple[int, str], list] = {}
    for row, kind, s, e in truth[["complaint_id", "kind", "start", "end"]].itertuples(index=False):
        true_by.setdefault((row, kind), []).append((s, e))
    out = []
    for kind in KINDS:
        t = truth[truth["kind"] == kind]
        found = leak = 0
        for row, s, e in t[["complaint_id", "start", "end"]].itertuples(index=False):
            c = cover.get((row, kind))
            found += bool(c is not None and c[s:e].all())
            a = anyk.get(row)
            leak += not (a is not None and a[s:e].all())
        p = pred[pred["kind"] == kind]
        right = sum(any(s < te and ts < e for ts, te in true_by.get((row, kind), []))
                    for row, s, e in p[["row", "start", "end"]].itertuples(index=False))
        out.append({"kind": kind, "n_true": len(t), "n_pred": len(p),
                    "recall": found / len(t) if len(t) else np.nan,
                    "precision": right / len(p) if len(p) else np.nan,
                    "leak": leak / len(t) if len(t) else np.nan})
    return pd.DataFrame(out)


def misses(texts, truth, locale, kind, k=10):
    """Examples of true spans not found, and predicted spans that are wrong (for tuning)."""
    r = ck.redact(pd.Series(texts, dtype=object), locale=locale)
    pred = r.spans[(r.spans["kind"] == kind) & r.spans["masked"]]
    t = truth[truth["kind"] == kind]
    keys_t = set(zip(t["complaint_id"], t["start"], t["end"], strict=True))
    keys_p = set(zip(pred["row"], pred["start"], pred["end"], strict=True))
    fn = [(texts[i][max(0, s - 15):e + 15], texts[i][s:e]) for i, s, e in keys_t - keys_p][:k]
    fp = [(texts[i][max(0, s - 15):e + 15], texts[i][s:e]) for i, s, e in keys_p - keys_t][:k]
    return fn, fp


def run(seeds: list[int], n: int, source: str) -> tuple[pd.DataFrame, str]:
    rows, used = [], set()
    for locale in ("en_US", "zh_CN"):
        for seed in seeds:
            data = None if source in ("synthetic", "faker") else from_world(locale, seed, n)
            if data is None:
                if source == "world":
                    raise SystemExit("the world records no PII truth (world.truth.pii)")
                data = synthetic(locale, seed, n, "faker" if source == "faker" else "makers")
                used.add("faker" if source == "faker" else "synthetic")
            else:
                used.add("world")
            s = score(*data, locale)
            rows.append(s.assign(locale=locale, seed=seed))
    return pd.concat(rows, ignore_index=True), "+".join(sorted(used))


def table(res: pd.DataFrame) -> str:
    g = res.groupby(["locale", "kind"], sort=False)
    out = g.agg(n_true=("n_true", "sum"), n_pred=("n_pred", "sum"),
                recall=("recall", "mean"), recall_min=("recall", "min"),
                precision=("precision", "mean"), precision_min=("precision", "min"),
                leak=("leak", "mean")).reset_index()
    lines = ["| locale | kind | true spans | predicted | recall mean (min) "
             "| precision mean (min) | leak |", "|---|---|---:|---:|---:|---:|---:|"]
    for r in out.itertuples(index=False):
        lines.append(f"| {r.locale} | {r.kind} | {r.n_true} | {r.n_pred} | "
                     f"{r.recall:.4f} ({r.recall_min:.4f}) | "
                     f"{r.precision:.4f} ({r.precision_min:.4f}) | {r.leak:.4f} |")
    return "\n".join(lines)


def _seeds(text: str) -> list[int]:
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",")]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="101-105", help="e.g. 101-105 or 1,2,3")
    ap.add_argument("--n", type=int, default=2000, help="complaints (or texts) per world")
    ap.add_argument("--source", choices=["auto", "world", "synthetic", "faker"],
                    default="auto")
    ap.add_argument("--out", help="write the markdown table here")
    args = ap.parse_args(argv)
    res, used = run(_seeds(args.seeds), args.n, args.source)
    md = (f"Source: {used}; seeds {args.seeds}; {args.n} texts per locale and seed; "
          f"mean over seeds (min).\n\n" + table(res) + "\n")
    print(md)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(md)


if __name__ == "__main__":
    sys.exit(main())
