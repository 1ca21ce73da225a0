"""Weekly situation reports for every tenant of a region on chDB: JSON and HTML for all of them, PDF for a
few, timed in one run.

    python bench/reports.py [--incidents 10000000] [--pdfs 5]

The warehouse is filled as bench/warehouse.py fills it (290 tenants over three years), merged as
background merges would leave it, and the rollup rebuilt. Target: all 290 reports, JSON and HTML, in
under 60 s on this machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import scratch, table
from bench.warehouse import fill
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.aggregate.rollups import Rollups
from services.reporting.pages import render_pdf
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import weekly_report

WEEK = "2025-W10"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000_000)
    parser.add_argument("--pdfs", type=int, default=5)
    args = parser.parse_args()
    warehouse = Warehouse.connect(f"chdb://{scratch('reports')}", "bench")
    try:
        warehouse.migrate()
        made = fill(warehouse, args.incidents)
        warehouse.command("OPTIMIZE TABLE {db}.incidents FINAL")
        Rollups(warehouse).rebuild()
        tenants = [f"{n:04d}" for n in range(100, 390)]
        taxonomy = Taxonomy.load()
        started = time.perf_counter()
        reports = [weekly_report(warehouse, tenant, WEEK) for tenant in tenants]
        as_json = time.perf_counter() - started
        started = time.perf_counter()
        pages = [render_html(report, taxonomy, "sv") for report in reports]
        as_html = time.perf_counter() - started
        started = time.perf_counter()
        for page in pages[: args.pdfs]:
            render_pdf(page)
        as_pdf = (time.perf_counter() - started) / max(args.pdfs, 1)
        n = len(tenants)
        rows = [
            ("incidents", f"{args.incidents:,} made in {made:.0f} s, merged, rollup rebuilt"),
            (f"{n} weekly reports as JSON", f"{as_json:.1f} s ({1000 * as_json / n:.0f} ms each)"),
            (f"{n} weekly reports as HTML", f"{as_html:.1f} s more ({1000 * as_html / n:.0f} ms each)"),
            ("JSON and HTML, all tenants (target < 60 s)", f"{as_json + as_html:.1f} s"),
            (f"PDF by Chromium, mean of {args.pdfs}",
             f"{as_pdf:.1f} s each; {as_pdf * n / 60:.0f} min for all"),
        ]  # fmt: skip
        print(table(rows))
    finally:
        warehouse.close()


if __name__ == "__main__":
    main()
