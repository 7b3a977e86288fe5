"""complaintkit: a research and training kit on customer complaint handling.

Generate a synthetic company whose complaints carry known true effects, analyse it with the
functions complaint managers need, and teach with the workshop notebooks.

>>> import complaintkit as ck
>>> world = ck.generate("ecommerce", seed=7, n_complaints=500, locale="zh_CN")
>>> world.labelled("complaints").shape[0] == len(world.complaints)
True
"""

from . import exercises, flags, workshop
from ._version import __version__
from .analysis import (
    compare,
    complaint_counts,
    complaint_frame,
    decompose,
    drilldown,
    drivers,
    early_warning,
    forecast,
    iceberg,
    improvement_plan,
    in_period,
    kpis,
    loyalty,
    loyalty_frame,
    pareto,
    power,
    process,
    training_effect,
)
from .analysis.followup import callback_plan, followup
from .analysis.routing import route
from .analysis.staffing import sla, staffing
from .analysis.text import keywords, sentiment, topics
from .data import datasets, load_dataset
from .generator import generate
from .labelling import labelled
from .locale import labels, to_codes
from .readers import (
    MarketplaceFrames,
    ReadError,
    ReadReport,
    known_sources,
    load_cfpb,
    load_marketplace,
    load_source,
    parse_dates,
    read_complaints,
)
from .scenario import Scenario, ScenarioError, get_scenario, scenarios
from .schema import SchemaError
from .text.privacy import Redaction, pseudonymize, redact
from .text.replies import suggest_reply
from .text.roleplay import role_play_case
from .text.rubric import score_reply
from .validation import ValidationReport, validate
from .world import DamagedWorldError, Truth, World, read_world

__all__ = [
    "DamagedWorldError", "MarketplaceFrames", "ReadError", "ReadReport", "Scenario",
    "ScenarioError", "SchemaError", "Truth", "ValidationReport", "World",
    "__version__",
    "compare", "power", "process", "keywords", "sentiment", "topics",
    "complaint_counts", "complaint_frame", "datasets", "decompose", "drilldown", "drivers",
    "early_warning", "exercises", "flags", "forecast", "generate", "get_scenario", "iceberg",
    "improvement_plan", "in_period", "known_sources", "kpis", "labelled", "labels", "load_cfpb",
    "load_dataset", "load_marketplace", "load_source", "loyalty", "loyalty_frame", "pareto",
    "parse_dates", "read_complaints", "sla", "staffing", "followup", "callback_plan",
    "read_world", "route", "scenarios", "suggest_reply", "to_codes", "training_effect", "validate",
    "workshop", "Redaction", "pseudonymize", "redact", "role_play_case", "score_reply",
]
