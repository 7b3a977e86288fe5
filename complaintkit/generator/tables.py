"""Stage ``tables``: the six tables of the canonical schema, from the stages' integer codes.

Identifiers are given here (``O00000001``, ``C0000042``, ``T0000001``, ``S0000001``), codes
become categoricals with the scenario's levels, and the complaints get their narratives and
the category they were first filed under (:mod:`.text`). The random streams used are ``names``
(customers' names and cities) and ``text`` (narratives, anger, messiness, filed category).

:func:`world_tables` also returns the narratives' truth under the keys ``truth_text`` and
``truth_pii`` (popped by the pipeline into :class:`~complaintkit.world.Truth`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..locale import load_locale
from ..scenario import Scenario
from ..schema import conform
from ..vocab import (
    DEPARTMENTS,
    INDEX_EVENTS,
    PRIORITIES,
    RATING_LEVELS,
    RESOLUTIONS,
    SURVEY_METHODS,
)
from . import text
from ._random import ids
from .people import Customers, customers_table

__all__ = ["Numbering", "world_tables"]


@dataclass(frozen=True)
class Numbering:
    """How a shard of a large world (:mod:`.shards`) numbers what it makes, so identifiers are
    unique in the world whatever builds the shards, and in what order.

    ``tag`` goes between an identifier's letter and its number (``"0003-"``: order
    ``O0003-00000042``, complaint ``T0003-0000042``, survey ``S0003-0000042``);
    ``customer_offset`` is the first row of the shard's slice of the company's customers
    (customer ``C`` + the row in the whole company). The default numbers a whole world.
    """

    tag: str = ""
    customer_offset: int = 0


def world_tables(sc: Scenario, locale: str, *, orders: pd.DataFrame, customers: Customers,
                 loyalty: pd.DataFrame, complaints: pd.DataFrame, events: pd.DataFrame,
                 surveys: pd.DataFrame, agents: pd.DataFrame, names_rng: np.random.Generator,
                 text_rng: np.random.Generator,
                 numbering: Numbering | None = None) -> dict[str, pd.DataFrame]:
    """The tables stage: ``customers, orders, complaints, events, surveys, agents``.

    Takes the outputs of the earlier stages (orders with customers and complaints, the
    customers stage, loyalty, handled complaints, the event log, the surveys and the agents)
    and returns each table cast to the schema (:func:`complaintkit.schema.conform`).
    """
    num = numbering or Numbering()
    order_ids = text_ids("O" + num.tag, np.arange(1, len(orders) + 1), 8)
    complaint_ids = text_ids("T" + num.tag, np.arange(1, len(complaints) + 1), 7)
    agent_ids = agents["agent_id"].to_numpy()[complaints["agent"].to_numpy()]
    complaint_customer_ids = text_ids(
        "C", complaints["customer"].to_numpy() + num.customer_offset, 7)
    told = _narratives(sc, locale, complaints, order_ids, complaint_ids, text_rng)
    tables = {
        "customers": _customers(sc, locale, orders, order_ids, customers, loyalty, names_rng,
                                num.customer_offset),
        "orders": _orders(sc, orders, order_ids, num.customer_offset),
        "complaints": _complaints(sc, complaints, order_ids, complaint_ids,
                                  complaint_customer_ids, agent_ids, told),
        "events": _events(events, complaint_ids, agents["agent_id"].to_numpy()),
        "surveys": _surveys(surveys, complaint_ids, complaint_customer_ids, num.tag),
        "agents": agents,
    }
    out = {k: conform(v.reset_index(drop=True), k,
                      categories={col: list(v[col].cat.categories) for col in v.columns
                                  if isinstance(v[col].dtype, pd.CategoricalDtype)})
           for k, v in tables.items()}
    return {**out, "truth_text": told.text, "truth_pii": told.pii}


def text_ids(prefix: str, numbers: np.ndarray, width: int) -> pd.api.extensions.ExtensionArray:
    """:func:`._random.ids` as the tables' own text column (pandas' ``str``, held by pyarrow),
    never as millions of Python strings: taking rows of it (an order's id for each complaint,
    a complaint's for each event) stays in pyarrow too.

    Ids of one length (every number below ``10 ** width``: all the generator makes) are
    written straight into an Arrow string buffer, four digits at a time from a table (about
    3x faster than pyarrow's cast and pad; ten million order ids, 1.5 s as Python strings);
    others are padded by pyarrow.

    >>> text_ids("O", np.array([7, 42]), 8).tolist()
    ['O00000007', 'O00000042']
    >>> text_ids("T", np.array([123456789, 5]), 7).tolist()   # wider kept
    ['T123456789', 'T0000005']
    """
    import pyarrow as pa

    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size == 0 or numbers.min() < 0:
        return pd.array(ids(prefix, numbers, width), dtype="str")
    if numbers.max() >= 10 ** width:
        import pyarrow.compute as pc

        digits = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=width, padding="0")
        return pd.array(pc.binary_join_element_wise(prefix, digits, ""), dtype="str")
    head = np.frombuffer(prefix.encode("utf-8"), dtype=np.uint8)
    size = len(head) + width
    rows = np.empty((len(numbers), size), dtype=np.uint8)   # each id's UTF-8 bytes
    rows[:, :len(head)] = head
    rows[:, len(head):] = _digits(numbers, width)
    offsets = np.arange(0, (len(numbers) + 1) * size, size, dtype=np.int64)
    arrow = pa.LargeStringArray.from_buffers(len(numbers), pa.py_buffer(offsets),
                                             pa.py_buffer(rows))
    return pd.array(arrow, dtype="str")   # pandas' str holds a large_string: no copy


# "0000" .. "9999" as four ASCII bytes each, one uint32 per number
_FOUR_DIGITS = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode("ascii"),
                             dtype=np.uint8).view(np.uint32)


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """The ASCII digits of non-negative ``numbers`` below ``10 ** width``, zero-padded to
    ``width``: an array of shape (n, width) of bytes."""
    quads = -(-width // 4)
    rest = numbers.astype(np.uint32 if numbers.max() < 2 ** 32 else np.uint64)
    out = np.empty((len(numbers), quads), dtype=np.uint32)
    for j in range(quads - 1, -1, -1):   # the last four digits first
        q = rest // 10_000
        out[:, j] = _FOUR_DIGITS[rest - q * 10_000]
        rest = q
    return out.view(np.uint8)[:, quads * 4 - width:]


def _customers(sc: Scenario, locale: str, o: pd.DataFrame, order_ids: np.ndarray,
               customers: Customers, loyalty: pd.DataFrame,
               rng: np.random.Generator, customer_offset: int = 0) -> pd.DataFrame:
    """The customers behind the kept orders, with their loyalty clock."""
    cust_ids, first_order = _first_orders(o["customer"].to_numpy(),
                                          o["ordered_at"].to_numpy().astype("datetime64[s]"))
    out = customers_table(sc, locale, customers.population, cust_ids, first_order,
                          customers.names, rng)
    if customer_offset:   # a shard's slice of the company: C + the row in the whole company
        out["customer_id"] = ids("C", cust_ids + customer_offset, 7)
    ly = loyalty.set_index("customer").loc[cust_ids]
    out["index_order_id"] = order_ids[ly["index_row"].to_numpy()]
    out["index_event"] = pd.Categorical.from_codes(ly["index_event"].to_numpy(),
                                                   list(INDEX_EVENTS))
    for col in ("index_at", "next_purchase_at", "days_to_next_purchase", "repurchased"):
        out[col] = ly[col].to_numpy()
    return out


def _first_orders(customer: np.ndarray, ordered_at: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The customers with an order (sorted) and when each first ordered: ``np.unique`` and a
    grouped minimum, by counting and ``np.minimum.at`` over the customers' row numbers (no
    sort of half a million orders). ``ordered_at``: datetime64[s] without NaT.

    >>> at = np.array(["2025-03-01", "2025-01-05", "2025-02-01"], dtype="datetime64[s]")
    >>> ids, first = _first_orders(np.array([4, 2, 4]), at)
    >>> ids.tolist(), first.astype(str).tolist()
    ([2, 4], ['2025-01-05T00:00:00', '2025-02-01T00:00:00'])
    """
    size = int(customer.max()) + 1 if len(customer) else 0
    ids = np.flatnonzero(np.bincount(customer, minlength=size))
    first = np.full(size, np.iinfo(np.int64).max)
    np.minimum.at(first, customer, ordered_at.view(np.int64))
    return ids, first[ids].view("datetime64[s]")


def _orders(sc: Scenario, o: pd.DataFrame, order_ids: np.ndarray,
            customer_offset: int = 0) -> pd.DataFrame:
    problems = list(sc.problems)
    return pd.DataFrame({
        "order_id": order_ids,
        "customer_id": text_ids("C", o["customer"].to_numpy() + customer_offset, 7),
        "ordered_at": o["ordered_at"].astype("datetime64[s]"),
        "product_category": pd.Categorical.from_codes(o["product"], list(sc.products)),
        "amount": o["amount"],
        "carrier": pd.Categorical.from_codes(o["carrier"], list(sc.carriers)),
        "promised_days": o["promised_days"].astype("int64"),
        "actual_days": (o["promised_days"] + o["delay_days"]).astype("int64"),
        "delay_days": o["delay_days"].astype("int64"),
        "problem": pd.Categorical.from_codes(
            np.where(o["problem"] >= 0, o["problem"], len(problems)), problems + ["none"]),
        "sample_weight": o["sample_weight"],
    })


def _narratives(sc: Scenario, locale: str, c: pd.DataFrame, order_ids: np.ndarray,
                complaint_ids: np.ndarray, rng: np.random.Generator) -> text.Narratives:
    """Narratives, filed categories and their truth (complaint ids in the truth tables)."""
    order_id = order_ids[c["order_row"].to_numpy()]
    told = text.narratives(locale, _narrative_values(sc, locale, c, order_id, rng),
                           list(sc.categories), rng,
                           category_of={k: p.category for k, p in sc.problems.items()})
    tt = told.text.copy()
    tt.insert(0, "complaint_id", complaint_ids)
    pii = told.pii
    pii = pd.DataFrame({"complaint_id": complaint_ids[pii["row"].to_numpy(dtype=np.int64)],
                        **{k: pii[k].to_numpy() for k in text.PII_COLUMNS[1:]}})
    return text.Narratives(narrative=told.narrative, filed_category=told.filed_category,
                           text=tt[list(text.TEXT_COLUMNS)], pii=pii)


def _complaints(sc: Scenario, c: pd.DataFrame, order_ids: np.ndarray,
                complaint_ids: np.ndarray, customer_ids: np.ndarray, agent_ids: np.ndarray,
                told: text.Narratives) -> pd.DataFrame:
    problems = list(sc.problems)
    # root causes of all problems in one flat list: problem k's j-th cause is offset[k] + j
    all_rc = [rc for p in sc.problems.values() for rc in p.root_causes]
    rc_dept = [r.department for p in sc.problems.values() for r in p.root_causes.values()]
    offset = np.cumsum([0] + [len(p.root_causes) for p in sc.problems.values()])[:-1]
    problem = c["problem"].to_numpy()
    flat = offset[problem] + c["root_cause"].to_numpy()
    order_id = order_ids[c["order_row"].to_numpy()]
    # categoricals from codes: each level's code looked up once, not each row's name
    category = _codes_of([p.category for p in sc.problems.values()], sc.categories)[problem]
    return pd.DataFrame({
        "complaint_id": complaint_ids,
        "customer_id": customer_ids,
        "order_id": order_id,
        "received_at": c["received_at"].to_numpy(),
        "channel": pd.Categorical.from_codes(c["channel"], list(sc.channels)),
        "category": pd.Categorical.from_codes(category, categories=sc.categories),
        "filed_category": pd.Categorical(told.filed_category, categories=sc.categories),
        "sub_category": pd.Categorical.from_codes(c["problem"], problems),
        "root_cause": pd.Categorical.from_codes(flat, categories=all_rc),
        "department": pd.Categorical.from_codes(_codes_of(rc_dept, DEPARTMENTS)[flat],
                                                categories=DEPARTMENTS),
        "priority": pd.Categorical.from_codes(c["priority"], PRIORITIES, ordered=True),
        "narrative": told.narrative,
        "agent_id": agent_ids,
        "first_response_at": c["first_response_at"].to_numpy(),
        "resolved_at": c["resolved_at"].to_numpy(),
        "closed_at": c["closed_at"].to_numpy(),
        "resolution": pd.Categorical.from_codes(c["resolution"], list(RESOLUTIONS) + ["none"]),
        "compensation_amount": c["compensation"].to_numpy(),
        "contacts": c["contacts"].to_numpy().astype("int64"),
        "first_contact_resolution": c["fcr"].to_numpy(),
        "escalated": c["escalated"].to_numpy(),
        "reopened": c["reopened"].to_numpy(),
        "sla_met": c["sla_met"].to_numpy(),
        "confirmed": c["confirmed"].to_numpy(bool),
        "followed_up": c["followed_up"].to_numpy(bool),
        "handoffs": c["handoffs"].to_numpy().astype("int64"),
    })


def _codes_of(values: list, levels) -> np.ndarray:
    """Each value's position in ``levels`` (-1 if absent: missing in a categorical)."""
    where = {v: i for i, v in enumerate(levels)}
    return np.array([where.get(v, -1) for v in values], dtype=np.int64)


def _narrative_values(sc: Scenario, locale: str, c: pd.DataFrame, order_id: np.ndarray,
                      rng: np.random.Generator) -> pd.DataFrame:
    """What a narrative is tied to: codes of the complaint, the latent anger (drawn here from
    the ``text`` stream, :func:`.text.anger`) and the values a template can quote, as the
    locale's labels."""
    labels = load_locale(locale)["labels"]
    problems = np.array(list(sc.problems), dtype=object)
    all_rc = np.array([rc for p in sc.problems.values() for rc in p.root_causes], dtype=object)
    offset = np.cumsum([0] + [len(p.root_causes) for p in sc.problems.values()])[:-1]
    flat = offset[c["problem"].to_numpy()] + c["root_cause"].to_numpy()
    product_labels = [labels["product_category"].get(p, p) for p in sc.products]
    return pd.DataFrame({
        "sub_category": _coded(problems, c["problem"]),
        "root_cause": _coded(all_rc, flat),
        "category": c["category"].to_numpy().astype(object),
        "channel": _coded(list(sc.channels), c["channel"]),
        "priority": c["priority"].to_numpy(),
        "contacts": c["contacts"].to_numpy(),
        "anger": text.anger(c, rng),
        "order_id": order_id,
        "product": _coded(product_labels, c["product"]),
        "days": np.maximum(c["delay_days"].to_numpy(), 1),
        "promised_days": c["promised_days"].to_numpy(),
        "amount": c["amount"].to_numpy(),
        "carrier": _coded([labels["carrier"].get(k, k) for k in sc.carriers], c["carrier"]),
        "product_code": _coded(list(sc.products), c["product"]),
        "carrier_code": _coded(list(sc.carriers), c["carrier"]),
        "ordered_at": c["ordered_at"].to_numpy(),
        "received_at": c["received_at"].to_numpy(),
    })


def _coded(names, codes) -> pd.Categorical | np.ndarray:
    """``names[codes]`` for the narratives: a categorical from the codes (no string per row;
    the narratives read a categorical as they read text), or text where names repeat (a
    root cause's name under two problems)."""
    names = list(names)
    codes = np.asarray(codes)
    if len(set(names)) == len(names):
        return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))
    return np.array(names, dtype=object)[codes]


def _events(log: pd.DataFrame, complaint_ids: np.ndarray, agent_ids: np.ndarray
            ) -> pd.DataFrame:
    """The event log with ids; ``agent_ids`` are the agents table's, by row (each event's
    agent follows the hand-offs; empty for the customer's events)."""
    import pyarrow as pa

    row = log["complaint"].to_numpy()
    agent = log["agent"].to_numpy()
    # taken in pyarrow (a missing row for the customer's events): no Python string per event
    who = pa.array(np.maximum(agent, 0), mask=agent < 0)
    return pd.DataFrame({
        "complaint_id": complaint_ids[row],
        "seq": log["seq"].to_numpy(),
        "event": log["event"],
        "at": log["at"].to_numpy(),
        "agent_id": pd.array(pa.array(agent_ids, pa.large_string()).take(who), dtype="str"),
    })


def _surveys(s: pd.DataFrame, complaint_ids: np.ndarray,
             customer_ids: np.ndarray, tag: str = "") -> pd.DataFrame:
    resp = s["responded"].to_numpy()

    def rating(col):
        v = np.where(resp, s[col].to_numpy(), -1)
        return pd.Categorical.from_codes(np.where(resp, v - 1, -1), RATING_LEVELS, ordered=True)

    return pd.DataFrame({
        "survey_id": text_ids("S" + tag, np.arange(1, len(s) + 1), 7),
        "complaint_id": complaint_ids,
        "customer_id": customer_ids,
        "sent_at": s["sent_at"].to_numpy(),
        "method": pd.Categorical.from_codes(s["method"], list(SURVEY_METHODS)),
        "responded": resp,
        "csat": rating("csat"),
        "nps": pd.array(np.where(resp, s["nps"].to_numpy(), np.nan), dtype="Int64"),
        **{k: rating(k) for k in s.columns if k.startswith("rating_")},
    })
