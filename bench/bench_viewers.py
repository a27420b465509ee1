"""ERP viewers: first-page server time of each viewer at ``erp_demo --scale 10``, and a 100,000-row Excel export
(time and peak memory of the process).

    .venv/bin/python bench/bench_viewers.py                 # pages at scale 10, export at scale 16
    .venv/bin/python bench/bench_viewers.py --scale 1       # quick look

Targets (issue "ERP viewers"): each first page < 300 ms; 100,000-row export < 15 s with peak memory < 300 MB.
The export runs in a child process so its peak RSS is its own. BOM lines are the largest list: scale 10 has about
65,000, so the export uses a demo at scale 16 (about 104,000 lines) to reach 100,000 rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import client_for, configure, time_get  # noqa: E402

TARGET_PAGE_MS = 300
TARGET_EXPORT_S = 15
TARGET_EXPORT_MB = 300


def pages(scale: float) -> None:
    configure(scale)
    from erp.models import BomHeader, Job

    client = client_for()
    bom = BomHeader.objects.filter(active=True).order_by("pk").first()
    job = Job.objects.open().order_by("pk").first()
    urls = [
        "/erp/bom/", "/erp/bom/?q=bottle", "/erp/bom/?sort=-extended_cost", f"/erp/bom/{bom.pk}/",
        f"/erp/bom/{bom.pk}/exploded/", f"/erp/bom/where-used/?component={bom.lines.first().component_id}",
        "/erp/po/", "/erp/po/?late=true&sort=-open_value", "/erp/jobs/", "/erp/jobs/?q=lotion",
        f"/erp/jobs/{job.job_number}/transactions/", "/api/erp/boms/", "/api/erp/po-lines/", "/api/erp/jobs/",
    ]
    print(f"\nFirst pages at scale {scale:g} (server time, median of 5 after a warm-up; target < {TARGET_PAGE_MS} ms)")
    for url in urls:
        median, best, status = time_get(client, url)
        flag = "ok " if median < TARGET_PAGE_MS else "SLOW"
        print(f"  {flag} {median:7.1f} ms (best {best:6.1f})  {status}  {url}")


def export_child(scale: float) -> None:
    configure(scale)
    client = client_for()
    started = time.perf_counter()
    response = client.get("/erp/bom/?export=xlsx")
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    from erp.views.bom import costed_bom_lines

    rows = costed_bom_lines().count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": elapsed, "peak_mb": peak_mb, "bytes": size}))


def export(scale: float) -> None:
    child = subprocess.run([sys.executable, __file__, "--export-child", "--scale", str(scale)],
                           capture_output=True, text=True, check=True)
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"\nExcel export of the BOM list at scale {scale:g}: {result['rows']:,} rows, {result['bytes'] / 1e6:.1f} MB "
          f"file in {result['seconds']:.1f} s (target < {TARGET_EXPORT_S} s); peak RSS of the process "
          f"{result['peak_mb']:.0f} MB (target < {TARGET_EXPORT_MB} MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--export-scale", type=float, default=16)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    if args.export_child:
        export_child(args.scale)
    else:
        if not args.skip_export:
            export(args.export_scale)
        pages(args.scale)
