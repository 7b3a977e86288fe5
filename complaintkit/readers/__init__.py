"""Readers: real exports (CSV, Excel, Parquet; any encoding) into the kit's canonical frames.

``read_complaints`` reads one file or frame with a report of every row read, accepted and
rejected; ``dates`` parses date columns without ever guessing day and month; ``sources`` holds
the built-in mappings of public exports (CFPB, ticket systems, marketplaces, 311 requests) as
TOML files a user can copy and edit.
"""

from .dates import DateParse, parse_dates
from .read import ReadError, ReadReport, read_complaints
from .sources import MarketplaceFrames, known_sources, load_cfpb, load_marketplace, load_source

__all__ = ["ReadReport", "ReadError", "read_complaints", "parse_dates", "DateParse",
           "known_sources", "load_cfpb", "load_source",
           "load_marketplace", "MarketplaceFrames"]
