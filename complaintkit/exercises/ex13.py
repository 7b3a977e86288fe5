"""Checks for exercise 13: writing the reply (写回复), the role play.

Three tasks on complaints of the workshop world chosen by :func:`~complaintkit.role_play_case`:
a reply to a calm customer, a reply to an angry one, each scored with the reply rubric
(:func:`~complaintkit.score_reply`: acknowledge and thank, apologise, restate the problem and
the demand, explain, a concrete remedy within policy, a follow-up with a time; never blame the
customer or promise what the policy forbids), the feedback in the complaint's language; and a
colleague's draft to read: which elements does it lack, and which harmful one does it hold?
Typical wrong answers recognised: a reply in the other language, pasted from the complaint, or
empty; the template's reply sent as it is (right, but say so); for the draft, the missing
elements without the harmful one, a present element named as missing.

The rubric's own words (its verdict and the feedback of each element) are in the complaint's
language, which is the exercise's (``ctx.locale``) for the kit's datasets; where the two differ,
the feedback is rewritten from the rubric of the exercise's language (:func:`_lines`).
"""

from __future__ import annotations

import re
import string

import pandas as pd

from ..i18n import N_, fmt_list, is_english, tr
from . import task
from .answers import AnswerError, type_name
from .feedback import correct, not_yet

SEED = 13
LEVELS = {"13.1": "calm", "13.2": "angry"}
#: a colleague's draft to the angry customer (task 3), by locale
DRAFTS = {
    "en_US": "Thank you for your message. We are sorry for the inconvenience. You should have "
             "read the product page more carefully before ordering. We will get back to you "
             "soon.",
    "zh_CN": "感谢您的来信。给您带来不便，敬请谅解。这是您自己没有仔细看商品页面造成的。"
             "我们会尽快回复您。",
}
MESSAGES = {
    "reply": N_("give your reply as one text (a string), e.g. reply = \"\"\"Dear ...\"\"\"; "
                "not {kind}"),
    "found": N_("Right: the draft lacks {missing}, and does harm: {harmful}."),
    "template": N_("This is the template's reply (ck.suggest_reply) as it is: it has every "
                   "element. Now make it yours: the customer's own words, their name, one "
                   "sentence for what upset them most."),
    "elements": N_("give the elements as a list of their names, e.g. ['restate', 'blame'] (or "
                   "their labels); not {kind}"),
    "unknown": N_("{names} is not an element of the rubric; the elements are {choices}"),
    "unknowns": N_("{names} are not an element of the rubric; the elements are {choices}"),
    "harmful_left": N_("You found what the draft lacks ({n} elements). Read it again as the "
                       "customer: one sentence does harm."),
    "present": N_("The draft has {labels}: {evidence}"),
    "extra": N_("The draft does not do that: {labels}. Look again at what it does wrong."),
    "more": N_("The draft lacks more than that: {n} of the rubric's elements in all (missing or "
               "harmful). Read it sentence by sentence against the rubric's table."),
}


# --------------------------------------------------------------------------- the cases
def case(ctx, level: str):
    """The role-play case of the exercise at ``level`` (the same as the notebook's)."""
    from ..text.roleplay import role_play_case

    return ctx.cached(("case", level), lambda: role_play_case(ctx.world, level=level,
                                                              seed=SEED))


def draft(ctx) -> str:
    """Task 3's draft, in the world's language."""
    return DRAFTS[ctx.world.locale]


def _reply_text(answer) -> str:
    if hasattr(answer, "text") and hasattr(answer, "template"):
        return answer.text
    if isinstance(answer, pd.Series) and len(answer) == 1:
        answer = answer.iloc[0]
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(a, str) for a in answer):
        answer = "\n".join(answer)   # the reply written line by line
    if not isinstance(answer, str):
        raise AnswerError(MESSAGES["reply"], kind=type_name(answer))
    return answer


def _lang(ctx) -> str:
    """The exercise's language as a locale of the rubric (English: en_US)."""
    from ..locale import LOCALES

    loc = ctx.locale or "en_US"
    return loc if loc in LOCALES else "en_US"


def _lines(res, ctx) -> list[str]:
    """The rubric's feedback (``res.lines()``) in the exercise's language.

    The kit's datasets write their complaints in the exercise's language, and the rubric's
    own words are used as they are. Otherwise (feedback asked in another language than the
    complaint's) the lines are rewritten from the rubric of the exercise's language: its
    verdict, the feedback of each missing or harmful element with the complaint's details
    left out (…), and the labels of the elements present.
    """
    from ..text.rubric import _feedback, load_rubric

    lang = _lang(ctx)
    if lang == res.locale:
        return res.lines()
    other = load_rubric(locale=lang)
    if res.reason:
        return [_reason(res, other.messages)]
    key = "passed" if res.passed else "not_passed"
    out = [other.messages[key].format(points=res.points, max=res.max_points)]
    t = res.table
    for status in ("harmful", "missing"):
        out += [_feedback(other.elements[name], {})
                for name in t.loc[t["status"] == status, "element"]]
    present = [other.elements[name].label for name in t.loc[t["status"] == "present", "element"]]
    if present:
        out.append(other.messages["present"].format(labels=fmt_list(present, lang)))
    return out


def _reason(res, messages: dict) -> str:
    """Why the reply could not be scored, in the words of ``messages`` (another rubric's)."""
    for key in ("empty", "wrong_language", "too_long", "pasted", "not_text"):
        template = res.messages.get(key)
        if not template or key not in messages:
            continue
        pattern = "".join(re.escape(lit) + (f"(?P<{name}>.*?)" if name else "")
                          for lit, name, _, _ in string.Formatter().parse(template))
        found = re.fullmatch(pattern, res.reason, re.S)
        if found:
            plain = re.sub(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}", r"{\1}", messages[key])
            return plain.format(**found.groupdict())
    return res.reason


def _scored(task_id: str, answer, ctx):
    from ..text.rubric import score_reply

    c = case(ctx, LEVELS[task_id])
    reply = _reply_text(answer)
    res = score_reply(reply, c.complaint, locale=ctx.world.locale)
    lines = _lines(res, ctx)
    if not res.passed:
        return not_yet(task_id, *lines)
    notes = ([tr(MESSAGES["template"], ctx.locale)]
             if reply.strip() == c.model_reply().text.strip() else [])
    return correct(task_id, *lines, *notes)


@task("13.1", "A reply to a calm customer, scored with the rubric")
def calm_reply(answer, ctx):
    return _scored("13.1", answer, ctx)


@task("13.2", "A reply to an angry customer, scored with the rubric")
def angry_reply(answer, ctx):
    return _scored("13.2", answer, ctx)


# --------------------------------------------------------------------------- task 3
def _names(answer, ctx) -> set[str]:
    from ..locale import LOCALES
    from ..text.rubric import load_rubric

    if hasattr(answer, "missing") and hasattr(answer, "harmful") and hasattr(answer, "table"):
        answer = [*answer.missing, *answer.harmful]   # the draft scored with ck.score_reply
    if isinstance(answer, pd.DataFrame) and "element" in answer.columns:
        answer = answer["element"]
    if isinstance(answer, str):
        answer = [a for a in re.split(r"[,，、;；\n]", answer)]
    if isinstance(answer, (pd.Series, pd.Index)):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set)):
        raise AnswerError(MESSAGES["elements"], kind=type_name(answer))
    by_label = {}
    for loc in LOCALES:
        for name, el in load_rubric(locale=loc).elements.items():
            by_label[el.label.lower()] = name
            by_label[name] = name
    names = [str(a).strip().lower() for a in answer if str(a).strip()]
    unknown = [n for n in names if n not in by_label]
    if unknown:
        rubric = load_rubric(locale=_lang(ctx))
        choices = (fmt_list(rubric.elements, _lang(ctx)) if is_english(ctx.locale) else
                   fmt_list([el.label for el in rubric.elements.values()], _lang(ctx)))
        raise AnswerError(MESSAGES["unknown"] if len(unknown) == 1 else MESSAGES["unknowns"],
                          names=", ".join(map(repr, unknown)), choices=choices)
    return {by_label[n] for n in names}


def _labels(names, ctx) -> str:
    """Elements by their labels in the exercise's language."""
    from ..text.rubric import load_rubric

    elements = load_rubric(locale=_lang(ctx)).elements
    return fmt_list([elements[n].label for n in names], _lang(ctx))


def _evidence(texts, ctx) -> str:
    """The draft's sentences as the rubric found them: as they are when the draft is in the
    exercise's language, quoted as code in another one."""
    texts = list(dict.fromkeys(texts))
    if _lang(ctx) == ctx.world.locale or is_english(ctx.locale):
        return " / ".join(texts)
    return " / ".join(repr(t) for t in texts)


@task("13.3", "A colleague's draft: the elements it lacks and the harmful one it holds")
def draft_elements(answer, ctx):
    from ..text.rubric import score_reply

    loc = ctx.locale
    res = score_reply(draft(ctx), case(ctx, "angry").complaint, locale=ctx.world.locale)
    want = set(res.missing) | set(res.harmful)
    got = _names(answer, ctx)
    if got == want:
        return correct("13.3", tr(MESSAGES["found"], loc, missing=_labels(res.missing, ctx),
                                  harmful=_labels(res.harmful, ctx)), *_lines(res, ctx)[1:])
    t = res.table.set_index("element")
    present = sorted(got & set(t.index[t["status"] == "present"]))
    if present:
        return not_yet("13.3", tr(MESSAGES["present"], loc, labels=_labels(present, ctx),
                                  evidence=_evidence(t.loc[present, "evidence"], ctx)))
    extra = sorted(got - want)
    if extra:
        return not_yet("13.3", tr(MESSAGES["extra"], loc, labels=_labels(extra, ctx)))
    if got == set(res.missing):
        return not_yet("13.3", tr(MESSAGES["harmful_left"], loc, n=len(res.missing)))
    return not_yet("13.3", tr(MESSAGES["more"], loc, n=len(want)))
