"""Shipped datasets: the canonical workshop worlds and the real Joyo table.

The data live in the top-level ``datasets/`` folder of the kit, one folder per dataset with a
``datasheet.md``; ``datasets/datasets.csv`` is the catalogue. The generated worlds are rebuilt
by one command, ``make datasets`` (= ``complaintkit datasets build --out datasets``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._version import __version__
from .generator import generate
from .i18n import N_, fmt_list, is_english, tr, translated
from .locale import labels
from .schema import TABLES
from .world import World, check_target, read_world

__all__ = ["load_dataset", "datasets", "build_datasets", "data_dir"]


@dataclass(frozen=True)
class WorldSpec:
    """How a shipped world is generated."""

    name: str
    title: str
    scenario: str
    seed: int
    locale: str
    description: str


WORLDS = (
    WorldSpec("ecommerce_en", N_("E-commerce complaints, one year (English)"), "ecommerce", 2025,
              "en_US", "The workshop world: an online retailer's complaints over 2025 with "
              "Black Friday / Cyber Monday peaks, a courier disruption and a bad battery batch."),
    WorldSpec("ecommerce_zh", N_("电商投诉数据，一年（中文）/ E-commerce complaints (Chinese)"),
              "ecommerce", 2025, "zh_CN", "The same company in the zh_CN locale: Chinese names, "
              "cities, labels and narratives; 618 and 11.11 peaks."),
)
JOYO = "joyo_delivery_timeout"


def data_dir(*, locale: str | None = None) -> Path:
    """The folder of shipped datasets (``$COMPLAINTKIT_DATASETS`` overrides it); if it has no
    catalogue, the error is in ``locale``'s language (default English)."""
    env = os.environ.get("COMPLAINTKIT_DATASETS")
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "datasets"
    if not (path / "datasets.csv").exists():
        raise FileNotFoundError(tr(
            "no datasets catalogue at {path}; complaintkit's datasets ship in the repository's "
            "datasets/ folder: install the kit from a clone (pip install -e .) or set "
            "COMPLAINTKIT_DATASETS to that folder", locale, path=path / "datasets.csv"))
    return path


def datasets(*, locale: str | None = None) -> pd.DataFrame:
    """The catalogue of shipped datasets, its titles and uses (and errors) in ``locale``'s
    language (default English).

    Returns
    -------
    DataFrame
        ``name, title, kind, locale, rows, description, suits, source``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> "ecommerce_zh" in set(ck.datasets()["name"])
    True
    """
    table = pd.read_csv(data_dir(locale=locale) / "datasets.csv", encoding="utf-8")
    if not is_english(locale):  # the catalogued titles and uses (issue 13 item 4)
        for column in ("title", "suits"):
            table[column] = table[column].map(
                lambda text: translated(text, locale) if isinstance(text, str) else text)
    return table


def load_dataset(name: str, *, locale: str | None = None) -> World | pd.DataFrame:
    """Load a shipped dataset by name.

    Parameters
    ----------
    name : str
        A name from :func:`datasets`: ``"ecommerce_en"`` and ``"ecommerce_zh"`` give a
        :class:`~complaintkit.World`; ``"joyo_delivery_timeout"`` gives a DataFrame.
    locale : str, optional
        The language of the errors (default English).

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_en")
    >>> world.complaints["category"].value_counts().index[0]
    'product_quality'
    >>> int(ck.load_dataset("joyo_delivery_timeout")["count"].sum())
    1094
    """
    if not isinstance(name, str):
        raise TypeError(tr("name must be a dataset name (str), not {type}; see "
                           "complaintkit.datasets()", locale, type=type(name).__name__))
    names = list(datasets(locale=locale)["name"])
    if name not in names:
        raise ValueError(tr("name must be one of {names}, but {value} was passed", locale,
                            names=fmt_list(map(repr, names), locale), value=repr(name)))
    folder = data_dir(locale=locale) / name
    if name == JOYO:
        df = pd.read_csv(folder / "data.csv", encoding="utf-8")
        for col in ("sub_type", "responsible_party", "department"):
            df[col] = pd.Categorical(df[col], categories=list(dict.fromkeys(df[col])))
        return df
    return read_world(folder)


# --------------------------------------------------------------------------- building
def build_datasets(out: str | os.PathLike | None = None, *, progress: bool = False,
                   locale: str | None = None) -> list[Path]:
    """Regenerate the shipped worlds, their datasheets and the catalogue into ``out``.

    The Joyo table is real data and is not regenerated; its row in the catalogue is kept.
    ``locale`` is the language of the errors (default English); the datasheets are English.
    """
    out = Path(out) if out is not None else data_dir(locale=locale)
    for spec in WORLDS:  # refuse before rebuilding any, if a folder holds files not the kit's
        check_target(out / spec.name)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    rows = []
    for spec in WORLDS:
        world = generate(spec.scenario, seed=spec.seed, locale=spec.locale, progress=progress)
        # the datasheet is written with the world and listed in its manifest
        folder = world.to_parquet(out / spec.name,
                                  extra_files={"datasheet.md": datasheet(world, spec)})
        written.append(folder)
        rows.append({"name": spec.name, "title": spec.title, "kind": "world",
                     "locale": spec.locale, "rows": len(world.complaints),
                     "description": spec.description,
                     "suits": N_("all analyses; every notebook"),
                     "source": f"generated: complaintkit {__version__}, scenario "
                               f"{spec.scenario!r}, seed {spec.seed}"})
    joyo = out / JOYO / "data.csv"
    if joyo.exists():
        n = len(pd.read_csv(joyo))
        rows.append({"name": JOYO,
                     "title": N_("Joyo.com delivery-timeout drill-down (real counts)"),
                     "kind": "table", "locale": "zh_CN/en_US", "rows": n,
                     "description": "One month's 1094 'delivery timeout' complaints by sub-type "
                                    "and root cause, with the improvement plan (seed 004, "
                                    "Table 1).",
                     "suits": N_("pareto, drilldown, improvement_plan; notebook 01"),
                     "source": "Joyo.com customer-service director, 'How to get the full value "
                               "from customer complaints', Customer World, 2006"})
    pd.DataFrame(rows).to_csv(out / "datasets.csv", index=False, encoding="utf-8",
                              lineterminator="\n")
    return written


def datasheet(world: World, spec: WorldSpec) -> str:
    """A datasheet in Markdown: purpose, provenance, every column, the truth, limitations."""
    lab = labels(world.locale)
    lines = [
        f"# {spec.name}: {spec.title}", "",
        "## Purpose",
        f"{spec.description} Built for the complaintkit workshop notebooks and exercises, and "
        "for checking estimates against a known truth.", "",
        "## How it was generated",
        f"- Command: `make datasets` (= `complaintkit datasets build --out datasets`), which "
        f"calls `complaintkit.generate({spec.scenario!r}, seed={spec.seed}, "
        f"locale={spec.locale!r})`.",
        f"- complaintkit version {__version__}; scenario `{spec.scenario}` "
        f"(`complaintkit/scenarios/{spec.scenario}.toml`, where every number is cited).",
        f"- Period {world.meta['period'][0]} to {world.meta['period'][1]} (end exclusive); "
        f"locale `{world.locale}`.", "",
        "| table | rows | columns |", "|---|---|---|",
        *[f"| {r.table} | {r.rows:,} | {r.columns} |"
          for r in world.summary(locale="en_US").itertuples()],
        "",
        "## Columns",
        "Codes are the same in every locale; `world.labelled(table)` shows them with labels.",
    ]
    for table, cols in TABLES.items():
        df = world.tables[table]
        lines += ["", f"### {table} ({lab['table'].get(table, table)})", "",
                  "| column | type | unit | meaning | allowed values |", "|---|---|---|---|---|"]
        for c in cols:
            if isinstance(df[c.name].dtype, pd.CategoricalDtype):
                cats = list(df[c.name].cat.categories)
                allowed = ", ".join(map(str, cats[:14])) + (" …" if len(cats) > 14 else "")
                if df[c.name].cat.ordered:
                    allowed += " (ordered)"
            elif c.kind == "bool":
                allowed = "true, false"
            else:
                allowed = ""
            null = " May be empty." if c.nullable else ""
            lines.append(f"| {c.name} | {c.kind} | {c.unit} | {c.meaning}.{null} | {allowed} |")
    t = world.truth
    lines += ["", "## The truth (what an analysis should recover)",
              "Also in `world.truth` (tables) and `truth/` beside the data.", "",
              "### Complaint mix", "", t.categories.to_markdown(index=False, floatfmt=".3f"),
              "", "### The iceberg: dissatisfied customers behind the complaints", "",
              t.iceberg.to_markdown(index=False, floatfmt=".3f"), "",
              "### Incidents", "", t.incidents.to_markdown(index=False), "",
              "### Festivals", "", t.festivals.to_markdown(index=False), "",
              "### True effects", "", t.effects.to_markdown(index=False, floatfmt=".4g"), "",
              CALIBRATION, LIMITATIONS]
    return "\n".join(lines) + "\n"


CALIBRATION = """## Calibration and sources
- Product quality is the largest complaint category, about 40% (seed 002: an e-commerce
  service team's complaint report).
- Delivery timeouts break down by the ten root causes of the Joyo.com table (seed 004), with
  its counts as weights (postal causes only for the postal carrier; staffing shortages grow at
  festival peaks); complaints about customer-service staff are about 2% (seed 004).
- About 1 in 10 dissatisfied customers complains to the company (seed 004: "90% of
  dissatisfied customers never complain"); the silent ones are in the truth.
- First-contact resolution about 0.70, the figure commonly quoted as an industry benchmark
  for contact centres (e.g. SQM Group's FCR benchmarks, around 70%).
- Observed CSAT is J-shaped because survey response is not random (extreme experiences answer
  more often), a pattern documented for online ratings (Hu, Pavlou & Zhang, "Overcoming the
  J-shaped distribution of product reviews", Communications of the ACM 52(10), 2009).
- Repurchase falls with slower response and lower satisfaction with the handling (seed 001;
  the service-recovery literature, e.g. Smith, Bolton & Wagner, Journal of Marketing
  Research 36(3), 1999); the ecommerce preset has no recovery paradox
  (loyalty.recovery_log_hr < 0)."""

LIMITATIONS = """
## Known limitations
- Synthetic: the mechanisms are simple parametric models chosen for teaching and for known
  truth, not estimated from a real company.
- Only problem orders are complete; untroubled orders are a weighted sample
  (`orders.sample_weight`); use the weights for baselines and rates per order. This holds at
  every size: the untroubled rows are capped by `size.baseline_orders` however large the
  world, while every problem order stays a row (about 1 / `voice.rate` of them per complaint,
  10 at the default 0.1), because the iceberg, the root causes and loyalty need each one.
- Worlds of more than 50,000 complaints are built from independent shards (slices of the
  company's customers, each with all its customers' orders and complaints, the world's
  calendar, incidents and agents), so the same world comes out in memory or streamed to disk
  part by part (`ck.generate(..., path=, chunk_size=)`). Their identifiers carry the shard
  (`T0003-0000042`); each shard calibrates its own intercepts, and the truth gives the
  world's realised rates and the shards' mean intercept.
- One loyalty outcome per customer, from the index event (first complaint, else first problem,
  else first sampled order); a customer's next purchase is not itself an order row.
- Complaints received after the period end are not in the table (counted in
  `truth.population`); handling of complaints received near the end may run past it.
- Narratives come from a few templates per sub-category and are not free text.
"""
