"""`make soak` (reliability row 18): a bounded loopback load run against `newsdesk serve` (granian, 2 workers) with
the battery's mix (80 % article/home/section, 10 % search, 5 % feeds/sitemap, 5 % API) at a fixed rate, reporting
errors (socket errors and any non-2xx/3xx), p95/p99 and the resident memory of every server process after warm-up
and at the end. Bounded: --seconds (default 60, the CI smoke; the battery's nightly is --seconds 600 --rate 200).

    .venv/bin/python bench/soak.py --seconds 60 --rate 50

wrk2 is not in Debian, so the rate is held by wrk's Lua hook: each connection waits its share of the interval after
each answer, so slow answers lower the achieved rate below the target (both are reported).

The page cache is off by default (Django renders every request: the CI smoke). The battery's nightly runs the
production configuration, page cache on, pages asked for as a browser does (Accept-Encoding: br, gzip):

    .venv/bin/python bench/soak.py --seconds 600 --rate 200 --connections 40 --cached

With the cache on, pages live --max-age seconds (default 60, so a 10-minute run expires and renders every page
again ten times, the path where a leak would show) and the warm-up lasts one lifetime and 10 s: the baseline is
taken after every page has been rendered, expired and rendered again once, as a long-running server would be.
The memory series is kept, with the growth over the run's second half.

API requests carry one of two tokens in turn (600 a minute each, so 10 a second from one address stays within the
limits the API sets for one client; anonymous reads have 300 a minute per address).
"""

import argparse
import json
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, ROOT, database_files_open, load_averages, log, machine, rss_kb, uptime, wrk
from run import NEWSDESK, PORTS, dataset_env, ensure_data, newsdesk, run_project

MIX_LUA = """
local paths = {}
local function add(path, weight) for _ = 1, weight do table.insert(paths, path) end end
add("{article}", 40) add("/", 24) add("{section}", 16)
add("/search/?q=pipeline+border", 5) add("/search/?q=energy", 5)
add("/feeds/rss/", 3) add("/sitemap.xml", 2)
add("/api/v1/articles", 5)
local counter = 0
local delay_ms = {delay}
local tokens = {"{token1}", "{token2}"}
local page_headers = {accept}
function delay() return delay_ms end
request = function()
  counter = counter + 1
  local path = paths[(counter * 7919) % #paths + 1]
  if string.sub(path, 1, 5) == "/api/" then
    return wrk.format("GET", path, {["Authorization"] = "Bearer " .. tokens[counter % 2 + 1]})
  end
  return wrk.format("GET", path, page_headers)
end
"""

TOKENS_CODE = """
from django.contrib.auth import get_user_model
from newsdesk.api.models import ApiToken
user, _ = get_user_model().objects.get_or_create(username="bench-soak", defaults={"email": "soak@example.invalid"})
ApiToken.objects.filter(owner=user).delete()
for n in (1, 2):
    token = ApiToken(name=f"soak {n}", owner=user)
    key = token.set_new_key()
    token.save()
    print(key)
"""


def connections_flat(series: list[dict[int, int]], pids: list[int]) -> bool:
    """No worker holds more connections in the run's second half than it did at any point of the first: single
    readings would judge a connection that a thread was just reopening (they live DATABASE_CONN_MAX_AGE s)."""
    if len(series) < 2:
        return True
    middle = len(series) // 2
    return all(
        max(row[pid] for row in series[middle:]) <= max(row[pid] for row in series[:middle]) for pid in pids
    )


def second_half_growth(samples: list[dict[int, int]], end: dict[int, int]) -> dict[str, float | None]:
    if len(samples) < 2:
        return {}
    middle = samples[len(samples) // 2]
    return {
        str(pid): round((end[pid] - middle[pid]) * 100 / middle[pid], 1) if middle.get(pid) else None
        for pid in end
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=int, default=50, help="target requests per second (whole run)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--cached", action="store_true", help="page cache on (production); off by default")
    parser.add_argument(
        "--max-age", type=int, default=60, help="page cache lifetime in seconds (with --cached)"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    warm_up = args.max_age + 10 if args.cached else 10
    results: dict = {"args": vars(args) | {"out": None}, "machine": machine(), "uptime_start": uptime()}
    # Without --cached the page cache stays off (as in every bench part but the cached rows): Django renders every
    # request, the harder case for latency and memory.
    results["load_start"] = load_averages()
    pages = ensure_data("sqlite", args.size, results)
    env = dataset_env("sqlite", args.size) | {
        "PAGECACHE_ENABLED": "1" if args.cached else "0",
        "PAGECACHE_MAX_AGE": str(args.max_age),
    }
    results["page_cache"] = args.cached
    token1, token2 = run_project([NEWSDESK, "shell", "-v0", "-c", TOKENS_CODE], env).split()
    accept = '{["Accept-Encoding"] = "br, gzip"}' if args.cached else "{}"
    delay = max(1, int(args.connections * 1000 / args.rate))
    CACHE.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no .cache yet
    lua = CACHE / "soak.lua"
    lua.write_text(
        MIX_LUA.replace("{article}", pages["article"])
        .replace("{section}", pages["section"])
        .replace("{delay}", str(delay))
        .replace("{token1}", token1)
        .replace("{token2}", token2)
        .replace("{accept}", accept)
    )
    base = f"http://127.0.0.1:{PORTS['newsdesk']}"
    with newsdesk(env, worker=True, name="soak-server") as server:
        log(f"warm-up: {warm_up} s at the same rate")
        wrk(base + "/", connections=args.connections, seconds=warm_up, script=str(lua))
        pids = [pid for pid in server.pids() if pid != server.process.pid] or server.pids()
        warm = {pid: rss_kb(pid) for pid in pids}
        connections_warm = {pid: database_files_open(pid) for pid in pids}
        samples: list[dict[int, int]] = []
        connection_samples: list[dict[int, int]] = []
        stop = threading.Event()

        def sample():
            while not stop.wait(5):
                samples.append({pid: rss_kb(pid) for pid in pids})
                connection_samples.append({pid: database_files_open(pid) for pid in pids})

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        log(f"soak: {args.seconds} s at ~{args.rate} req/s, {args.connections} connections")
        run = wrk(base + "/", connections=args.connections, seconds=args.seconds, script=str(lua))
        stop.set()
        end = {pid: rss_kb(pid) for pid in pids}
        connections_end = {pid: database_files_open(pid) for pid in pids}
    growth = {
        str(pid): round((end[pid] - warm[pid]) * 100 / warm[pid], 1) if warm[pid] else None for pid in pids
    }
    results.update(
        {
            "run": run,
            "achieved_rps": round(run.get("requests", 0) / args.seconds, 1),
            "rss_warm_kb": {str(k): v for k, v in warm.items()},
            "rss_end_kb": {str(k): v for k, v in end.items()},
            "rss_growth_percent": growth,
            # Growth over the second half of the run: a leak keeps growing there, a cache filling up has stopped.
            "rss_growth_second_half_percent": second_half_growth(samples, end),
            "rss_series_kb": [{str(pid): kb for pid, kb in sample.items()} for sample in samples],
            "rss_samples": len(samples),
            "warm_up_seconds": warm_up,
            "database_connections_warm": {str(k): v for k, v in connections_warm.items()},
            "database_connections_end": {str(k): v for k, v in connections_end.items()},
            "database_connections_series": [
                {str(pid): n for pid, n in row.items()} for row in connection_samples
            ],
            "uptime_end": uptime(),
            "load_end": load_averages(),
        }
    )
    limits = {"errors": 0, "p95_ms": 250, "p99_ms": 500, "rss_growth_percent": 10}
    results["verdict"] = {
        "errors": run.get("errors", 1) == 0,
        "p95": run.get("p95_ms", 1e9) < limits["p95_ms"],
        "p99": run.get("p99_ms", 1e9) < limits["p99_ms"],
        "rss": all(value is not None and value < limits["rss_growth_percent"] for value in growth.values()),
        "connections_flat": connections_flat(connection_samples, pids),
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or ROOT / "bench" / "results" / f"soak-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    log(
        f"soak: {run.get('requests')} requests, {run.get('errors')} errors, p95 {run.get('p95_ms')} ms,"
        f" p99 {run.get('p99_ms')} ms, RSS growth {growth}, database connections"
        f" {list(connections_warm.values())} -> {list(connections_end.values())} -> {out}"
    )
    sys.exit(0 if all(results["verdict"].values()) else 1)


if __name__ == "__main__":
    main()
