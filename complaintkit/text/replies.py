"""Reply templates (回复模板) and :func:`suggest_reply`: a first reply to one complaint.

The templates are data files a trainer edits without code, one per locale
(``complaintkit/text/replies/<locale>.toml``). A reply follows the six steps of complaint
handling in the seed documents (001: acknowledge, confirm the content and demand, cause,
solution, implementation, follow-up 回访; 002 asks for reply templates for common problems):
greeting, apology or empathy in a tone set by priority or anger, the problem restated, the cause
when known, the remedy by resolution, what happens next and when, the follow-up promise and the
closing. Each part lists alternatives from the most to the least detailed; the first whose
slots are all known is used, so a missing detail drops a sentence, never leaves ``{order_id}``
in the text.

Examples
--------
>>> import complaintkit as ck
>>> complaint = {"category": "delivery", "sub_category": "delivery_delay", "order_id": "O00000040",
...              "delay_days": 3, "priority": "high", "resolution": "compensation",
...              "compensation_amount": 10}
>>> reply = ck.suggest_reply(complaint)
>>> reply.parts["restate"]
'You contacted us because your order O00000040 arrived 3 days late.'
>>> reply.parts["remedy"]
'As an apology, we have credited $10.00 to your account.'
>>> reply.template, reply.tone
('delivery/delivery_delay', 'urgent')
>>> "{" in reply.text, "received_date" in reply.missing
(False, True)
"""

from __future__ import annotations

import functools
import math
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import vocab
from ..locale import check_locale, code_of, labels, load_locale

__all__ = ["Reply", "TemplateError", "load_templates", "suggest_reply", "PARTS", "SLOTS",
           "TONES", "REMEDIES", "STATES"]

TEMPLATE_DIR = Path(__file__).parent / "replies"
#: The parts of a reply, in the order of the six steps of handling (seed 001).
PARTS = ("greeting", "apology", "restate", "cause", "remedy", "next_steps", "follow_up",
         "closing")
#: The tones of the apology, from calm to most urgent.
TONES = ("neutral", "empathetic", "urgent")
#: The remedies: one per resolution code, and "none" (not settled yet).
REMEDIES = (*vocab.RESOLUTIONS, "none")
#: What happens next: while the complaint is open, or once it has a resolution.
STATES = ("open", "resolved")
#: The slots a template may use.
SLOTS = ("customer_name", "complaint_id", "order_id", "product", "amount", "carrier",
         "days_late", "category", "sub_category", "root_cause", "department", "channel",
         "received_date", "resolution", "compensation", "repeat_contacts", "next_contact",
         "follow_up_date")
SETTINGS = ("locale", "sentence_join", "paragraph_join", "layout", "date_format", "days_late",
            "follow_up_days", "next_contact")
#: slot -> (the complaint's column that fills it, its label family)
LABELLED = {"category": "category", "sub_category": "sub_category", "root_cause": "root_cause",
            "department": "department", "channel": "channel", "resolution": "resolution",
            "product": "product_category", "carrier": "carrier"}
LOWERCASE = ("category", "sub_category", "root_cause", "department", "channel", "resolution",
             "product")
#: other names a complaint may give a field (after column labels are read as codes)
ALIASES = {"name": "customer_name", "product_category": "product", "delay_days": "days_late",
           "compensation_amount": "compensation"}
MAX_TEXT = 200  # a slot value longer than this is left out (a name, an id, never a narrative)
CJK = re.compile(r"[\u3400-\u9fff]")

MESSAGES = {
    "read": "{file}: cannot read the reply templates: {error}",
    "setting": "{file}: the setting {key!r} is missing (every template file sets {keys})",
    "bad_setting": "{file}: the setting {key!r} {problem}",
    "no_templates": "{file}: no [templates.*] tables",
    "unknown_template": "{file}: template {name!r} is not 'general', a category or a "
                        "sub-category of the kit (the categories are {choices})",
    "missing_category": "{file}: no template for the category {name!r}: every category needs "
                        "one ([templates.{name}])",
    "unknown_part": "{file}: template {name!r}: {part!r} is not a part of a reply (the parts "
                    "are {choices})",
    "missing_part": "{file}: template 'general' must set every part, but {part!r} is missing",
    "part_type": "{file}: template {name!r}, part {part!r}: expected a sentence or a list of "
                 "sentences, not {kind}",
    "keyed_part": "{file}: template {name!r}, part {part!r}: expected a table with the keys "
                  "{choices}, not {kind}",
    "unknown_key": "{file}: template {name!r}, part {part!r}: {key!r} is not one of {choices}",
    "missing_key": "{file}: template 'general', part {part!r}: {key!r} is missing",
    "unknown_slot": "{file}: template {name!r}, part {part!r}: unknown slot {{{slot}}} in "
                    "{text!r}; the slots are {choices}",
    "bad_slot": "{file}: template {name!r}, part {part!r}: {problem} in {text!r} (write a slot "
                "as {{order_id}}, a brace as {{{{ or }}}})",
    "locale_mismatch": "the templates are for {theirs}, but locale={ours!r} was passed",
    "complaint_type": "complaint must be one complaint: a row of the complaints table (a "
                      "Series, e.g. df.iloc[0]) or a dict, not {kind}",
    "complaint_rows": "complaint must be one complaint, but a DataFrame with {n:,} rows was "
                      "passed: pick one row, e.g. df.iloc[0]",
    "tone": "tone must be one of {choices} or None (set by priority and anger), but {tone!r} "
            "was passed",
    "templates_type": "templates must be a path to a .toml file, a dict of templates or None, "
                      "not {kind}",
    "too_long": "{slot} is {n:,} characters long: left out",
    "not_date": "{column} {value!r} is not a date: left out",
    "not_amount": "{column} {value!r} is not an amount of money: left out",
    "not_count": "{column} {value!r} is not a whole number: left out",
    "unknown_code": "{column} {value!r} is not a code or label of the kit: written as given",
}


class TemplateError(ValueError):
    """A reply-template file that cannot be used (names the file, template, part and slot)."""


# --------------------------------------------------------------------------- the library
@dataclass(frozen=True)
class Library:
    """Validated reply templates of one locale (see :func:`load_templates`)."""

    source: str
    locale: str
    settings: dict
    templates: dict


def _fields(text: str, where: dict) -> list[str]:
    """The slot names in ``text``; refuses malformed braces, formats and unknown slots."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as e:
        raise TemplateError(MESSAGES["bad_slot"].format(problem=e, text=text, **where)) from None
    out = []
    for _, name, spec, conv in parsed:
        if name is None:
            continue
        if spec or conv or name not in SLOTS:
            if name in SLOTS:
                raise TemplateError(MESSAGES["bad_slot"].format(
                    problem=f"{{{name}}} with a format", text=text, **where))
            raise TemplateError(MESSAGES["unknown_slot"].format(
                slot=name, text=text, choices=", ".join(SLOTS), **where))
        out.append(name)
    return out


def _sentences(value, where: dict) -> tuple[str, ...]:
    alts = [value] if isinstance(value, str) else value
    if not isinstance(alts, list) or not alts or not all(isinstance(a, str) for a in alts):
        raise TemplateError(MESSAGES["part_type"].format(kind=_kind(value), **where))
    for a in alts:
        _fields(a, where)
    return tuple(alts)


def _keyed(value, keys: tuple, where: dict) -> dict:
    if not isinstance(value, Mapping):
        raise TemplateError(MESSAGES["keyed_part"].format(
            choices=", ".join(keys), kind=_kind(value), **where))
    for key in value:
        if key not in keys:
            raise TemplateError(MESSAGES["unknown_key"].format(
                key=key, choices=", ".join(keys), **where))
    if where["name"] == "general":
        for key in keys:
            if key not in value:
                raise TemplateError(MESSAGES["missing_key"].format(key=key, **where))
    return {k: _sentences(v, {**where, "part": f"{where['part']}.{k}"})
            for k, v in value.items()}


def _template(name: str, parts, file: str) -> dict:
    if not isinstance(parts, Mapping):
        raise TemplateError(MESSAGES["part_type"].format(
            file=file, name=name, part="*", kind=_kind(parts)))
    out = {}
    for part, value in parts.items():
        where = {"file": file, "name": name, "part": part}
        if part not in PARTS:
            raise TemplateError(MESSAGES["unknown_part"].format(choices=", ".join(PARTS),
                                                                **where))
        keys = {"apology": TONES, "remedy": REMEDIES, "next_steps": STATES}.get(part)
        out[part] = _keyed(value, keys, where) if keys else _sentences(value, where)
    if name == "general":
        for part in PARTS:
            if part not in out:
                raise TemplateError(MESSAGES["missing_part"].format(file=file, part=part))
    return out


def _check_settings(raw: dict, file: str) -> dict:
    for key in SETTINGS:
        if key not in raw:
            raise TemplateError(MESSAGES["setting"].format(file=file, key=key,
                                                           keys=", ".join(SETTINGS)))

    def bad(key, problem):
        return TemplateError(MESSAGES["bad_setting"].format(file=file, key=key, problem=problem))

    layout = raw["layout"]
    if (not isinstance(layout, list) or not all(isinstance(p, list) for p in layout)
            or sorted(x for p in layout for x in p) != sorted(PARTS)):
        raise bad("layout", f"must list every part once, in paragraphs: {list(PARTS)}")
    nc = raw["next_contact"]
    if not isinstance(nc, Mapping) or any(not isinstance(nc.get(k), str)
                                          for k in (*vocab.PRIORITIES, "unknown")):
        raise bad("next_contact", "must give a phrase for high, medium, low and unknown")
    dl = raw["days_late"]
    if not isinstance(dl, Mapping) or "{n}" not in str(dl.get("other", "")) or "one" not in dl:
        raise bad("days_late", "must give 'one' and 'other' (with {n})")
    fields = {f for _, f, _, _ in string.Formatter().parse(str(raw["date_format"])) if f}
    if not fields <= {"year", "month", "day", "month_name"}:
        raise bad("date_format", "may use only {year}, {month}, {day} and {month_name}")
    if "month_name" in fields and len(raw.get("month_names", ())) != 12:
        raise bad("month_names", "must list 12 months when date_format uses {month_name}")
    days = raw["follow_up_days"]
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
        raise bad("follow_up_days", "must be a whole number of days from 0 to 365")
    check_locale(raw["locale"])
    return {k: v for k, v in raw.items() if k != "templates"}


def _validate(raw: dict, file: str) -> Library:
    settings = _check_settings(raw, file)
    templates = raw.get("templates")
    if not isinstance(templates, Mapping) or not templates:
        raise TemplateError(MESSAGES["no_templates"].format(file=file))
    known = {"general", *vocab.CATEGORIES, *labels(settings["locale"], "sub_category")}
    for name in templates:
        if name not in known:
            raise TemplateError(MESSAGES["unknown_template"].format(
                file=file, name=name, choices=", ".join(vocab.CATEGORIES)))
    checked = {name: _template(name, parts, file) for name, parts in templates.items()}
    for name in ("general", *vocab.CATEGORIES):
        if name not in templates:
            raise TemplateError(MESSAGES["missing_category"].format(file=file, name=name))
    return Library(file, settings["locale"], settings, checked)


@functools.cache
def _packaged(locale: str) -> Library:
    path = TEMPLATE_DIR / f"{locale}.toml"
    return _validate(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def load_templates(source=None, *, locale: str = "en_US") -> Library:
    """Read and validate a reply-template library.

    Parameters
    ----------
    source : None, str, Path or dict
        A ``.toml`` file written like ``complaintkit/text/replies/en_US.toml``, the same
        content already parsed, or None for the kit's own templates of ``locale``.
    locale : {"en_US", "zh_CN"}
        The kit's templates to read when ``source`` is None.

    Returns
    -------
    Library
        ``.source``, ``.locale``, ``.settings`` and ``.templates`` (template name -> part ->
        alternatives).

    Raises
    ------
    TemplateError
        A file that cannot be read, a missing category, an unknown part or slot: the message
        names the file, the template, the part and the slot.

    Examples
    --------
    >>> from complaintkit.text.replies import load_templates
    >>> lib = load_templates(locale="zh_CN")
    >>> lib.templates["general"]["greeting"]
    ('尊敬的{customer_name}：', '尊敬的客户：')
    >>> bad = {**lib.settings, "templates": {"general": {"greeting": "Hi {nickname}"}}}
    >>> load_templates(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintkit.text.replies.TemplateError: <dict>: template 'general', part 'greeting': ...
    """
    if source is None:
        return _packaged(check_locale(locale))
    if isinstance(source, Library):
        return source
    if isinstance(source, Mapping):
        return _validate(dict(source), "<dict>")
    if not isinstance(source, (str, Path)):
        raise TypeError(MESSAGES["templates_type"].format(kind=_kind(source)))
    path = Path(source)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise TemplateError(MESSAGES["read"].format(file=path, error=e)) from None
    return _validate(raw, str(path))


# --------------------------------------------------------------------------- the complaint
def _kind(value) -> str:
    return "None" if value is None else type(value).__name__


def _missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _record(complaint) -> dict[str, Any]:
    """One complaint as {code column: value}, labels of columns read back as codes."""
    if isinstance(complaint, pd.DataFrame):
        if len(complaint) != 1:
            raise ValueError(MESSAGES["complaint_rows"].format(n=len(complaint)))
        complaint = complaint.iloc[0]
    if isinstance(complaint, pd.Series):
        complaint = complaint.to_dict()
    if not isinstance(complaint, Mapping):
        raise TypeError(MESSAGES["complaint_type"].format(kind=_kind(complaint)))
    out = {}
    for key, value in complaint.items():
        key = str(key).strip()
        code = key if key in SLOTS or key == "anger" else (code_of(key, "column") or key)
        code = ALIASES.get(code, code)
        if not _missing(value):
            out.setdefault(code, value)
    return out


def _guess_locale(record: dict, keys) -> str:
    texts = [*map(str, keys), *(v for v in record.values() if isinstance(v, str))]
    return "zh_CN" if any(CJK.search(t) for t in texts) else "en_US"


# --------------------------------------------------------------------------- slot values
def _label(value, kind: str, locale: str, lower: bool, notes: list) -> tuple[str | None, str]:
    """(code or None, label in ``locale``); an unknown value is written as given."""
    code = code_of(value, kind) if not isinstance(value, (bool, np.bool_)) else None
    if code is None:
        notes.append(MESSAGES["unknown_code"].format(column=kind, value=value))
        return None, str(value).strip()
    text = str(labels(locale, kind)[code])
    if lower and len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return code, text


def _date(value, column: str, notes: list):
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        ts = pd.NaT
    if ts is pd.NaT:
        notes.append(MESSAGES["not_date"].format(column=column, value=value))
        return None
    return ts


def _number(value, column: str, notes: list, key: str = "not_amount") -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    negative = x < 0 and key != "not_count"  # a negative delay is early, not an error
    if isinstance(value, (bool, np.bool_)) or not math.isfinite(x) or negative:
        notes.append(MESSAGES[key].format(column=column, value=value))
        return None
    return x


def _write_date(ts, settings: dict) -> str:
    names = settings.get("month_names") or [""] * 12
    return settings["date_format"].format(year=ts.year, month=ts.month, day=ts.day,
                                          month_name=names[ts.month - 1])


def _money(x: float, currency: str) -> str:
    return f"{currency}{x:,.2f}"


def _plain_values(rec: dict, notes: list) -> dict:
    out = {}
    for slot in ("customer_name", "complaint_id", "order_id"):
        if slot in rec:
            text = str(rec[slot]).strip()
            if len(text) > MAX_TEXT:
                notes.append(MESSAGES["too_long"].format(slot=slot, n=len(text)))
            else:
                out[slot] = text
    return out


def _label_values(rec: dict, lib: Library, notes: list) -> tuple[dict, dict]:
    """(slot -> label, slot -> code) for the labelled slots present."""
    lower = bool(lib.settings.get("lowercase_labels"))
    values, codes = {}, {}
    for slot, kind in LABELLED.items():
        if slot in rec:
            codes[slot], values[slot] = _label(rec[slot], kind, lib.locale,
                                               lower and slot in LOWERCASE, notes)
    return values, codes


def _number_values(rec: dict, lib: Library, notes: list) -> dict:
    currency = load_locale(lib.locale)["currency"]
    out = {}
    for slot in ("amount", "compensation"):
        x = _number(rec[slot], slot, notes) if slot in rec else None
        if x is not None and x > 0:
            out[slot] = _money(x, currency)
    n = _number(rec["days_late"], "delay_days", notes, "not_count") if "days_late" in rec else None
    if n is not None and n >= 1 and n == int(n):
        forms = lib.settings["days_late"]
        out["days_late"] = forms["one"] if n == 1 else forms["other"].format(n=int(n))
    c = _number(rec["contacts"], "contacts", notes, "not_count") if "contacts" in rec else None
    if c is not None and c >= 2 and c == int(c):
        out["repeat_contacts"] = str(int(c))
    return out


def _date_values(rec: dict, lib: Library, notes: list) -> dict:
    out = {}
    received = _date(rec["received_at"], "received_at", notes) if "received_at" in rec else None
    if received is not None:
        out["received_date"] = _write_date(received, lib.settings)
    resolved = _date(rec["resolved_at"], "resolved_at", notes) if "resolved_at" in rec else None
    start = resolved if resolved is not None else received
    if start is not None:
        due = start + pd.Timedelta(days=lib.settings["follow_up_days"])
        out["follow_up_date"] = _write_date(due, lib.settings)
    return out


# --------------------------------------------------------------------------- tone and template
def _tone(tone, rec: dict, codes: dict) -> str:
    if tone is not None:
        if tone not in TONES:
            raise ValueError(MESSAGES["tone"].format(choices=", ".join(map(repr, TONES)),
                                                     tone=tone))
        return tone
    level = {"low": 0, "medium": 1, "high": 2}.get(code_of(rec.get("priority", ""), "priority"), 1)
    anger = _anger(rec.get("anger"))
    if anger is not None:
        level = max(level, 2 if anger > 1 else 1 if anger > 0 else 0)
    if any(_flag(rec.get(f)) for f in ("escalated", "reopened")):
        level = 2
    return TONES[level]


def _anger(value) -> float | None:
    """A finite anger score (standardised: 0 is average), or None."""
    if isinstance(value, (bool, np.bool_)):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _flag(value) -> bool:
    return isinstance(value, (bool, np.bool_)) and bool(value)


def _merged(lib: Library, category: str | None, sub_category: str | None) -> tuple[str, dict]:
    names = ["general"]
    if category in lib.templates and category != "general":
        names.append(category)
    if sub_category in lib.templates and sub_category not in names:
        names.append(sub_category)
    parts: dict = {}
    for name in names:
        for part, value in lib.templates[name].items():
            parts[part] = {**parts.get(part, {}), **value} if isinstance(value, dict) else value
    return "/".join(names[1:]) or "general", parts


def _fill(alternatives: tuple, values: dict) -> tuple[str | None, list[str]]:
    """The first alternative whose slots are all known, filled; and the slots it mentions."""
    mentioned: list[str] = []
    for alt in alternatives:
        fields = [f for _, f, _, _ in string.Formatter().parse(alt) if f]
        mentioned += [f for f in fields if f not in mentioned]
        if all(f in values for f in fields):
            return alt.format_map(values), mentioned
    return None, mentioned


# --------------------------------------------------------------------------- the reply
@dataclass
class Reply:
    """A suggested reply: ``.text``, the ``.template`` used, the ``.slots`` (slot -> value,
    None when the complaint did not give it or it does not apply: one contact so far, not
    late, no compensation), the ``.parts`` written, the ``.tone`` and
    ``.locale``, and ``.notes`` on values left out. ``str(reply)`` is the text."""

    text: str
    template: str
    slots: dict
    parts: dict
    tone: str
    locale: str
    notes: list = field(default_factory=list)

    @property
    def filled(self) -> dict:
        """The slots filled, with their values."""
        return {k: v for k, v in self.slots.items() if v is not None}

    @property
    def missing(self) -> tuple:
        """The slots the template asks for that the complaint did not give (or that do not
        apply to it)."""
        return tuple(k for k, v in self.slots.items() if v is None)

    def __str__(self) -> str:
        return self.text


def _resolve_library(templates, locale):
    if locale is not None:
        check_locale(locale)
    if templates is None:
        return None
    lib = load_templates(templates)
    if locale is not None and locale != lib.locale:
        raise ValueError(MESSAGES["locale_mismatch"].format(theirs=lib.locale, ours=locale))
    return lib


def suggest_reply(complaint, *, locale: str | None = None, tone: str | None = None,
                  templates=None) -> Reply:
    """A first reply to one complaint, filled from a reply template (回复模板).

    The template is chosen by the complaint's category (and sub-category when the library has
    one for it); the apology's tone by ``tone`` or, when None, by priority (low: neutral,
    medium: empathetic, high: urgent), raised by ``anger`` when the complaint carries one on a
    standardised scale (0 average, 1 one standard deviation above: ``world.truth.text``'s
    anger, or a ``ck.sentiment`` score standardised; above 0 empathetic, above 1 urgent) and by
    an escalated or reopened complaint; the remedy by the resolution code. A detail the
    complaint does not give drops the sentence that needs it (the part's next alternative is
    used); it is listed in ``.missing``.

    Parameters
    ----------
    complaint : pandas.Series, dict or one-row DataFrame
        One complaint: a row of the complaints table, coded (``world.complaints``) or labelled
        (``world.labelled("complaints")``, in either language). Fields used when present:
        ``complaint_id``, ``order_id``, ``category``, ``sub_category``, ``root_cause``,
        ``department``, ``channel``, ``priority``, ``received_at``, ``resolved_at``,
        ``resolution``, ``compensation_amount``, ``contacts``, ``escalated``, ``reopened``;
        merged from other tables: ``name`` (or ``customer_name``), ``product_category``,
        ``amount``, ``carrier``, ``delay_days``; and ``anger``.
    locale : {None, "en_US", "zh_CN"}
        The reply's language; None: the templates' locale, else zh_CN when the complaint holds
        Chinese text, else en_US.
    tone : {None, "neutral", "empathetic", "urgent"}
        The apology's tone; None sets it from the complaint.
    templates : None, str, Path or dict
        A template file of one's own (see :func:`load_templates`); None for the kit's.

    Returns
    -------
    Reply
        ``.text``, ``.template`` (e.g. ``"delivery/delivery_delay"``), ``.slots``,
        ``.missing``, ``.parts``, ``.tone``, ``.locale``, ``.notes``.

    Raises
    ------
    TypeError, ValueError
        Not one complaint; an unknown tone or locale; templates for another locale.
    TemplateError
        A template file that cannot be used (names file, template, part and slot).

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_zh")
    >>> row = world.labelled("complaints").iloc[0]
    >>> reply = ck.suggest_reply(row)
    >>> reply.locale, reply.template
    ('zh_CN', 'billing')
    >>> print(reply.text.splitlines()[0])
    尊敬的客户：
    >>> "customer_name" in reply.missing
    True
    """
    lib = _resolve_library(templates, locale)
    rec = _record(complaint)
    if lib is None:
        lib = load_templates(locale=locale or _guess_locale(rec, rec.keys()))
    notes: list[str] = []
    label_values, codes = _label_values(rec, lib, notes)
    values = {**_plain_values(rec, notes), **label_values, **_number_values(rec, lib, notes),
              **_date_values(rec, lib, notes)}
    priority = code_of(rec.get("priority", ""), "priority") or "unknown"
    values["next_contact"] = lib.settings["next_contact"][priority]
    mood = _tone(tone, rec, codes)
    name, parts = _merged(lib, codes.get("category"), codes.get("sub_category"))
    remedy = codes.get("resolution") or "none"
    keyed = {"apology": mood, "remedy": remedy,
             "next_steps": "open" if remedy == "none" else "resolved"}
    written, slots = {}, {}
    for part in PARTS:
        alts = parts[part][keyed[part]] if part in keyed else parts[part]
        text, mentioned = _fill(alts, values)
        slots.update({s: values.get(s) for s in mentioned})
        if text is not None:
            written[part] = text
    s = lib.settings
    paragraphs = [s["sentence_join"].join(written[p] for p in para if p in written)
                  for para in s["layout"]]
    text = s["paragraph_join"].join(p for p in paragraphs if p)
    return Reply(text, name, slots, written, mood, lib.locale, notes)

