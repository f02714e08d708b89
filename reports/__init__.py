"""Presentation of an audit for people: the terminal table and progress line, the HTML report
and the findings CSV. The engine (`checker`) computes the summary and never imports this
package, so a renderer can change without touching the core; each one reads Summary.to_dict()
or (Record, result) pairs. (The web API returns the summary as JSON; its page draws it.)"""
from __future__ import annotations

from .findings_csv import CSV_HEADER, FindingsCsv, findings_rows
from .html_report import render_html
from .labels import CATEGORY_LABEL, KIND_LABEL, LIMIT_LABEL, VERDICT_LABEL
from .terminal import Progress, format_progress, render_table

__all__ = ["CATEGORY_LABEL", "CSV_HEADER", "KIND_LABEL", "LIMIT_LABEL", "VERDICT_LABEL", "FindingsCsv", "Progress",
           "findings_rows", "format_progress", "render_html", "render_table"]
