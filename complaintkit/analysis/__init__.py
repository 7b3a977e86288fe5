"""Analyses: one function per question, on tables in the kit's canonical schema.

Analyses never import the generator, so they work the same on real data that passed
validation as on a synthetic world.
"""

from ._ledger import RowLedger
from ._result import Result
from .compare import CompareResult, compare
from .drivers import DriversResult, drivers, ipa_quadrants, lmg, relative_weights
from .followup import CallbackPlanResult, FollowupResult, callback_plan, followup
from .forecast import DecompositionResult, ForecastResult, decompose, forecast
from .frames import complaint_frame, hours_between
from .kpis import KPI_LABELS, KPIS, KpiResult, kpis
from .loyalty import LoyaltyResult, loyalty, loyalty_frame
from .pareto import (
    DrilldownResult,
    ImprovementPlan,
    ImprovementPlanResult,
    ParetoResult,
    drilldown,
    improvement_plan,
    in_period,
    pareto,
)
from .power import PowerResult, power
from .process import SIX_STEPS, STEPS, ProcessResult, process
from .staffing import SlaResult, StaffingResult, sla, staffing
from .training import TrainingEffect, TrainingResult, training_effect
from .volume import IcebergResult, complaint_counts, festival_calendar, iceberg
from .warning import WarningResult, early_warning, false_alarms
from .warning import score as warning_score
from .warning import tune as tune_warning

__all__ = [
    "Result", "RowLedger",
    "compare", "CompareResult", "power", "PowerResult",
    "process", "ProcessResult", "SIX_STEPS", "STEPS",
    "complaint_frame", "hours_between",
    "followup", "FollowupResult", "callback_plan", "CallbackPlanResult",
    "sla", "SlaResult", "staffing", "StaffingResult",
    "drivers", "DriversResult", "ipa_quadrants", "lmg", "relative_weights",
    "kpis", "KpiResult", "KPIS", "KPI_LABELS",
    "loyalty", "loyalty_frame", "LoyaltyResult",
    "training_effect", "TrainingResult", "TrainingEffect",
    "complaint_counts", "festival_calendar", "iceberg", "IcebergResult",
    "forecast", "ForecastResult", "decompose", "DecompositionResult",
    "early_warning", "WarningResult", "false_alarms", "warning_score", "tune_warning",
    "pareto", "drilldown", "improvement_plan", "in_period",
    "ParetoResult", "DrilldownResult", "ImprovementPlanResult", "ImprovementPlan",
]
