"""The codes of a complaint world: every vocabulary the scenario, the schema and the generator
share, defined once.

Codes are the same in every locale; the locale files (:mod:`complaintkit.locale`) map them to
labels. The order of each tuple is the order of the categorical levels in the tables.

>>> from complaintkit import vocab
>>> vocab.PRIORITIES
('low', 'medium', 'high')
>>> "delivery" in vocab.CATEGORIES
True
"""

from __future__ import annotations

__all__ = [
    "AGE_BANDS", "CATEGORIES", "DEPARTMENTS", "EVENTS", "INDEX_EVENTS", "PRIORITIES",
    "RATINGS", "RATING_LEVELS", "RESOLUTIONS", "SURVEY_METHODS", "TEAMS", "TIERS",
]

# customers
TIERS = ("new", "regular", "vip")
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")

# complaints
CATEGORIES = (
    "product_quality", "delivery", "after_sales", "false_advertising",
    "billing", "technical", "customer_service",
)
DEPARTMENTS = ("logistics", "warehouse", "purchasing", "customer_service", "tech", "finance")
PRIORITIES = ("low", "medium", "high")
RESOLUTIONS = ("refund", "replacement", "compensation", "explanation")  # + "none" in the tables

# the complaint's life cycle, in causal order; the deviations from the six steps come last
# (appended, so the older codes keep their positions): ``replied`` is a first response that
# did not confirm the customer's demand (it replaces ``acknowledged``), ``handed_off`` passes
# the complaint to another agent (转交), ``customer_contacted`` is the customer chasing it
EVENTS = ("received", "assigned", "acknowledged", "investigated", "escalated",
          "solution_proposed", "resolved", "reopened", "follow_up", "closed",
          "replied", "handed_off", "customer_contacted")

# agents
TEAMS = ("phone", "digital", "escalation")

# the follow-up survey (回访)
SURVEY_METHODS = ("call", "questionnaire")
RATINGS = ("response_speed", "staff_attitude", "fairness", "product_quality", "price")
RATING_LEVELS = (1, 2, 3, 4, 5)

# loyalty: what happened at the order that starts a customer's loyalty clock
INDEX_EVENTS = ("complaint", "silent_problem", "no_problem")
