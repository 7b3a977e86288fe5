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
"""

from __future__ import annotations

import pandas as pd

from . import task
from .answers import AnswerError
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
    "reply": "give your reply as one text (a string), e.g. reply = \"\"\"Dear ...\"\"\"; "
             "not {kind}",
    "found": "Right: the draft lacks {missing}, and does harm: {harmful}.",
    "template": "This is the template's reply (ck.suggest_reply) as it is: it has every element. "
                "Now make it yours: the customer's own words, their name, one sentence for what "
                "upset them most.",
    "elements": "give the elements as a list of their names, e.g. ['restate', 'blame'] (or "
                "their labels); not {kind}",
    "unknown": "{names} {verb} not an element of the rubric; the elements are {choices}",
    "harmful_left": "You found what the draft lacks ({n} elements). Read it again as the "
                    "customer: one sentence does harm.",
    "present": "The draft has {labels}: {evidence}",
    "extra": "The draft does not do that: {labels}. Look again at what it does wrong.",
    "more": "The draft lacks more than that: {n} of the rubric's elements in all (missing or "
            "harmful). Read it sentence by sentence against the rubric's table.",
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
    if not isinstance(answer, str):
        raise AnswerError(MESSAGES["reply"].format(kind=type(answer).__name__))
    return answer


def _scored(task_id: str, answer, ctx):
    from ..text.rubric import score_reply

    c = case(ctx, LEVELS[task_id])
    reply = _reply_text(answer)
    res = score_reply(reply, c.complaint, locale=ctx.world.locale)
    if not res.passed:
        return not_yet(task_id, *res.lines())
    notes = [MESSAGES["template"]] if reply.strip() == c.model_reply().text.strip() else []
    return correct(task_id, *res.lines(), *notes)


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

    if isinstance(answer, str):
        answer = [a for a in answer.replace("，", ",").split(",")]
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set)):
        raise AnswerError(MESSAGES["elements"].format(kind=type(answer).__name__))
    by_label = {}
    for loc in LOCALES:
        for name, el in load_rubric(locale=loc).elements.items():
            by_label[el.label.lower()] = name
            by_label[name] = name
    names = [str(a).strip().lower() for a in answer if str(a).strip()]
    unknown = [n for n in names if n not in by_label]
    if unknown:
        choices = ", ".join(load_rubric(locale=ctx.world.locale).elements)
        raise AnswerError(MESSAGES["unknown"].format(
            names=", ".join(map(repr, unknown)), verb="is" if len(unknown) == 1 else "are",
            choices=choices))
    return {by_label[n] for n in names}


@task("13.3", "A colleague's draft: the elements it lacks and the harmful one it holds")
def draft_elements(answer, ctx):
    from ..text.rubric import score_reply

    res = score_reply(draft(ctx), case(ctx, "angry").complaint, locale=ctx.world.locale)
    want = set(res.missing) | set(res.harmful)
    got = _names(answer, ctx)
    if got == want:
        t = res.table.set_index("element")
        return correct("13.3", MESSAGES["found"].format(
            missing=", ".join(t.loc[res.missing, "label"]),
            harmful=", ".join(t.loc[res.harmful, "label"])), *res.lines()[1:])
    t = res.table.set_index("element")
    present = sorted(got & set(t.index[t["status"] == "present"]))
    if present:
        return not_yet("13.3", MESSAGES["present"].format(
            labels=", ".join(t.loc[present, "label"]),
            evidence=" / ".join(dict.fromkeys(t.loc[present, "evidence"]))))
    extra = sorted(got - want)
    if extra:
        return not_yet("13.3", MESSAGES["extra"].format(labels=", ".join(t.loc[extra, "label"])))
    if got == set(res.missing):
        return not_yet("13.3", MESSAGES["harmful_left"].format(n=len(res.missing)))
    return not_yet("13.3", MESSAGES["more"].format(n=len(want)))
