"""CPU milliseconds per request, in one process: steadier than wrk on a shared machine.

    DATABASE_URL=... KITH_PAGE_CACHE=0 .venv/bin/python bench/cpu.py PATH [-n 150]
    # the Wagtail peer, with its own interpreter and settings:
    cd ../shared/peer-wagtail && /tmp/peer/venv/bin/python /work/wt/perf/bench/cpu.py \\
        PATH --settings peersite.settings --project .

Requests go through Django's test client (the whole middleware stack, no network); prints
the status, bytes, the median CPU (``time.process_time``)
and wall time of N requests after 10 warm-up requests. Works for any Django project.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=150)
    parser.add_argument("--settings", default="kith.settings")
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="LINES",
        help="instead: cProfile N requests, print the top LINES by cumulative time",
    )
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.project))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(10):
        response = client.get(args.path)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(args.path) for _ in range(args.n)])
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        return
    cpu, wall = [], []
    for _ in range(args.n):
        c, w = time.process_time(), time.perf_counter()
        client.get(args.path)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    print(
        f"{args.path}: HTTP {response.status_code}, {len(response.content)} bytes, "
        f"median of {args.n}: CPU {statistics.median(cpu):.2f} ms, "
        f"wall {statistics.median(wall):.2f} ms (load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
