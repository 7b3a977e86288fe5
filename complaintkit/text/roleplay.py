"""A complaint to reply to, for the role play (角色扮演) of writing the reply (role_play_case).

A case is one complaint of a world, chosen by how angry its customer is: the latent anger the
generator gave the narrative (``world.truth.text``'s ``anger``, standardised: 0 is average)
and the contacts so far. Only complaints with a remedy settled within the reply policy are
chosen (the trainee tells the customer what will be done; an open complaint has no remedy yet,
a compensation above the policy's limit is a team lead's decision).

Examples
--------
>>> import complaintkit as ck
>>> world = ck.load_dataset("ecommerce_en")
>>> case = ck.role_play_case(world, level="angry", seed=1)
>>> case.level, bool(case.anger >= 1 or case.complaint["contacts"] >= 3)
('angry', True)
>>> ck.score_reply(case.model_reply(), case.complaint).passed
True
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..locale import labels, load_locale
from .replies import Reply, suggest_reply
from .rubric import load_policy

__all__ = ["Case", "role_play_case", "LEVELS"]

#: the difficulty levels, from the calmest customer to the angriest
LEVELS = ("calm", "upset", "angry")
ANGRY_AT, UPSET_AT = 1.0, 0.0   # latent anger (standard deviations) of an angry, upset customer
ANGRY_CONTACTS = 3              # contacts so far that make any customer angry
MESSAGES = {
    "level": "level must be one of {choices}, but {level!r} was passed",
    "world": "world must be a world of the kit (ck.load_dataset or ck.generate), not {kind}",
    "none": "no complaint of this world is at level {level!r} with a remedy settled within "
            "the policy ({n:,} complaints looked at)",
}
_KEPT: dict = {}  # id(world) -> (weak reference, its complaints table, the joined frame)
SHOWN = {
    "en_US": {"level": "Customer", "complaint_id": "Case", "order_id": "Order",
              "product": "Product", "amount": "Order amount", "received": "Received",
              "channel": "Channel", "contacts": "Contacts so far", "cause": "Cause found",
              "remedy": "Remedy agreed",
              "calm": "calm", "upset": "upset", "angry": "angry"},
    "zh_CN": {"level": "客户情绪", "complaint_id": "投诉编号", "order_id": "订单号",
              "product": "商品", "amount": "订单金额", "received": "受理时间",
              "channel": "渠道", "contacts": "已联系次数", "cause": "查明的原因",
              "remedy": "已确定的解决方案",
              "calm": "平静", "upset": "不满", "angry": "愤怒"},
}


@dataclass
class Case:
    """One complaint to reply to: ``.complaint`` (a dict with the complaint's fields, the
    order's product, amount, carrier and delay, the customer's name and the latent anger),
    ``.narrative``, ``.level``, ``.anger``, ``.locale``; ``.details()`` is what the trainee
    sees beside the narrative, ``str(case)`` the whole brief, ``.model_reply()`` the kit's
    suggested reply (:func:`~complaintkit.suggest_reply`)."""

    complaint: dict
    narrative: str
    level: str
    anger: float
    locale: str

    def details(self) -> pd.Series:
        """The facts of the case the trainee may use, labelled in the complaint's language."""
        c, loc, shown = self.complaint, self.locale, SHOWN[self.locale]
        currency = load_locale(loc)["currency"]
        lab = labels(loc)
        remedy = str(lab["resolution"][c["resolution"]])
        if c["resolution"] in ("refund", "compensation") and c.get("compensation_amount"):
            remedy += f" {currency}{c['compensation_amount']:,.2f}"
        out = {shown["level"]: shown[self.level],
               shown["complaint_id"]: c.get("complaint_id"),
               shown["order_id"]: c.get("order_id"),
               shown["product"]: lab["product_category"].get(c.get("product_category"), ""),
               shown["amount"]: f"{currency}{c['amount']:,.2f}" if c.get("amount") else "",
               shown["received"]: f"{pd.Timestamp(c['received_at']):%Y-%m-%d %H:%M}",
               shown["channel"]: lab["channel"].get(c.get("channel"), ""),
               shown["contacts"]: int(c.get("contacts", 1)),
               shown["cause"]: lab["root_cause"].get(c.get("root_cause"), ""),
               shown["remedy"]: remedy}
        return pd.Series(out, name=c.get("complaint_id"), dtype=object)

    def model_reply(self) -> Reply:
        """The kit's suggested reply to this complaint (a model answer, not the only one)."""
        return suggest_reply(self.complaint, locale=self.locale)

    def __str__(self) -> str:
        facts = "\n".join(f"{k}: {v}" for k, v in self.details().items())
        return f"{facts}\n\n{self.narrative}"


def _levels(c: pd.DataFrame, anger: pd.Series) -> pd.Series:
    contacts = c["contacts"].fillna(1)
    angry = (anger >= ANGRY_AT) | (contacts >= ANGRY_CONTACTS)
    upset = ~angry & ((anger >= UPSET_AT) | (contacts == 2))
    return pd.Series(np.select([angry, upset], ["angry", "upset"], "calm"), index=c.index)


def _cases(world) -> pd.DataFrame:
    """Every complaint with its order, customer and anger joined, and its level (kept for the
    next case of the same world while its complaints table stays the same object)."""
    kept = _KEPT.get(id(world))
    if kept is None or kept[0]() is not world or kept[1] is not world.complaints:
        try:
            ref = weakref.ref(world)
        except TypeError:  # not weakly referable: joined every time
            return _joined(world)
        kept = (ref, world.complaints, _joined(world))
        _KEPT.clear()  # one world at a time is enough for a session
        _KEPT[id(world)] = kept
    return kept[2]


def _joined(world) -> pd.DataFrame:
    c = world.complaints.copy()
    orders = world.orders.drop_duplicates("order_id").set_index("order_id")
    for col in ("product_category", "amount", "carrier", "delay_days"):
        if col in orders.columns:
            c[col] = c["order_id"].map(orders[col])
    names = world.customers.drop_duplicates("customer_id").set_index("customer_id")["name"]
    c["name"] = c["customer_id"].map(names)
    text = getattr(getattr(world, "truth", None), "text", None)
    if isinstance(text, pd.DataFrame) and "anger" in text.columns:
        c["anger"] = c["complaint_id"].map(text.drop_duplicates("complaint_id")
                                           .set_index("complaint_id")["anger"])
    else:
        c["anger"] = np.nan
    c["level"] = _levels(c, c["anger"])  # no anger known: the contacts alone decide
    return c


def _within_policy(c: pd.DataFrame, locale: str) -> pd.Series:
    policy = load_policy()
    cap = policy.max_compensation.get(locale, np.inf)
    amount = pd.to_numeric(c["amount"], errors="coerce").to_numpy(dtype=float)
    limit = np.where(np.isnan(amount), cap, np.minimum(cap, amount * policy.max_compensation_share))
    comp = (c["resolution"].astype(str) == "compensation").to_numpy()
    return pd.Series(~comp | (c["compensation_amount"].fillna(0).to_numpy() <= limit),
                     index=c.index)


def role_play_case(world, level: str = "calm", *, seed: int | None = None) -> Case:
    """A complaint of ``world`` to reply to, at a difficulty level (角色扮演).

    Levels: ``"angry"``, latent anger of one standard deviation or more above the average, or
    three contacts or more so far; ``"upset"``, otherwise anger above average or a second
    contact; ``"calm"``, the rest. Among the complaints of that level with a narrative and a
    remedy settled within the policy (not open, compensation within the limit), one is drawn
    at random. A world without the truth of its texts (real data) is leveled by the contacts
    alone: one is calm, two upset, three or more angry.

    Parameters
    ----------
    world : World
        A world of the kit (``ck.load_dataset``, ``ck.generate``), in either language.
    level : {"calm", "upset", "angry"}
    seed : int, optional
        The draw; the same seed gives the same case.

    Returns
    -------
    Case
        ``.complaint``, ``.narrative``, ``.details()``, ``.level``, ``.anger``, ``.locale``,
        ``.model_reply()``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> case = ck.role_play_case(ck.load_dataset("ecommerce_zh"), level="calm", seed=3)
    >>> case.locale, case.level, case.details().index[0]
    ('zh_CN', 'calm', '客户情绪')
    """
    if level not in LEVELS:
        raise ValueError(MESSAGES["level"].format(choices=", ".join(map(repr, LEVELS)),
                                                  level=level))
    if not all(hasattr(world, t) for t in ("complaints", "orders", "customers", "locale")):
        raise TypeError(MESSAGES["world"].format(kind=type(world).__name__))
    c = _cases(world)
    ok = ((c["level"] == level) & c["narrative"].notna()
          & (c["resolution"].astype(str) != "none") & _within_policy(c, world.locale))
    pool = c[ok.to_numpy()]
    if pool.empty:
        raise ValueError(MESSAGES["none"].format(level=level, n=len(c)))
    row = pool.iloc[int(np.random.default_rng(seed).integers(len(pool)))]
    complaint = {k: v for k, v in row.drop("level").items()
                 if not (np.ndim(v) == 0 and pd.isna(v))}
    for k in ("category", "sub_category", "resolution", "channel", "priority",
              "product_category", "root_cause", "department", "carrier"):
        if k in complaint:
            complaint[k] = str(complaint[k])
    anger = float(row["anger"]) if pd.notna(row["anger"]) else float("nan")
    return Case(complaint, str(row["narrative"]), level, anger, world.locale)
