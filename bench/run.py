"""`make bench`: Newsdesk measured side by side, in one run, against the physical limit (nginx serving the same
article bytes as a static file), the framework floor (a plain Django view returning those bytes under the same
server) and a peer (a default Wagtail 8 site with the same articles), plus the scale curve, publish->visible (alone
and under a breaking-news load) and Lighthouse. Writes bench/results/<stamp>.json; bench/report.py turns it into
docs/performance.md.

    .venv/bin/python bench/run.py                      # everything (generates missing data first)
    .venv/bin/python bench/run.py --only pages,peer   # some parts; --seconds 5 for a quicker pass
    .venv/bin/python bench/run.py --only scale --datasets sqlite:10000,pg:1000000

Data lives in /tmp/bench-<backend>-<size> (SQLite) and PostgreSQL databases bench_<size> (created with createdb on
BENCH_PG, default postgres://postgres@127.0.0.1:5432). Servers use ports 18200-18299 on 127.0.0.1 only.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    CACHE,
    LOGS,
    NEWSDESK,
    ROOT,
    VENV,
    Server,
    fetch,
    load_averages,
    log,
    machine,
    port_taken,
    require,
    uptime,
    wait_for,
    wrk,
)

PYTHON = str(VENV / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PAGES = ["home", "section", "article", "topic", "search", "feed"]
PORTS = {
    "newsdesk": 18201,
    "nginx": 18210,
    "floor": 18211,
    "bare": 18212,
    "gunicorn": 18220,
    "granian": 18221,
    "lh": 18230,
}
WAGTAIL_VENV = ROOT / ".cache" / "wagtail-venv"
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"

# How the page cache is switched on and off (docs/operations.md, "Page cache and CDN"). The other parts run
# uncached (the scale curve and the peer comparison measure what Django does, not the cache), except Lighthouse,
# which loads pages as readers get them.
CACHE_SWITCH: dict[str, dict[str, str]] = {
    "uncached": {"PAGECACHE_ENABLED": "0"},
    "cached": {"PAGECACHE_ENABLED": "1"},
}


def granian_command(venv: Path, port: int, target: str) -> list[str]:
    """The production server's command line (granian WSGI, 2 workers) for any WSGI target in that venv."""
    return [
        str(venv / "bin" / "granian"),
        *("--interface", "wsgi", "--workers", "2", "--no-log", "--host", "127.0.0.1", "--port", str(port)),
        target,
    ]


def dataset_env(backend: str, size: int) -> dict[str, str]:
    label = f"{backend}-{size // 1000}k" if size < 1_000_000 else f"{backend}-{size // 1_000_000}m"
    env = {
        "SECRET_KEY": "bench-only-not-secret",
        "NEWSDESK_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSDESK_DATA_DIR": f"/tmp/bench-{label}",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "PAGECACHE_ENABLED": "0",
    }
    if backend == "pg":
        env["DATABASE_URL"] = f"{PG}/bench_{label.split('-')[1]}"
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/5")
        env["CACHE_KEY_PREFIX"] = f"bench-{label}"
    return env


def run_project(script: list[str], env: dict[str, str], **kwargs) -> str:
    merged = {**os.environ, **env}
    output = subprocess.run(
        script, env=merged, check=True, capture_output=True, text=True, cwd=ROOT, **kwargs
    )
    return output.stdout


def ensure_data(backend: str, size: int, results: dict) -> dict:
    """Migrates, loads the demo and generates articles up to `size` public ones; returns the page URLs."""
    env = dataset_env(backend, size)
    if backend == "pg":
        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        host = PG.split("@")[1].split(":")[0]
        subprocess.run(
            ["createdb", "-h", host, "-U", "postgres", database], capture_output=True, check=False
        )  # already there: fine
    Path(env["NEWSDESK_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    run_project([NEWSDESK, "migrate", "--no-input", "-v0"], env)
    pages = json.loads(run_project([PYTHON, "bench/pages.py"], env)) if _has_demo(env) else None
    if pages is None:
        run_project([NEWSDESK, "demo"], env)
        pages = json.loads(run_project([PYTHON, "bench/pages.py"], env))
    missing = size - pages["articles"]
    if missing > 0:
        log(f"generating {missing} articles for {backend} {size}")
        start = time.monotonic()
        run_project([NEWSDESK, "generate", "--articles", str(missing), "-v0"], env)
        seconds = round(time.monotonic() - start, 1)
        results.setdefault("generate", []).append(
            {"backend": backend, "size": size, "articles": missing, "seconds": seconds}
        )
        log(f"generated {missing} in {seconds} s")
        pages = json.loads(run_project([PYTHON, "bench/pages.py"], env))
    # Every time: the manifest must name the code's current static files, or pages that link a new one answer 500
    # (found: a data dir collected before reader.js existed made every HTML page an error; only feeds were served).
    run_project([NEWSDESK, "collectstatic", "--no-input", "-v0"], env)
    return pages


def _has_demo(env: dict[str, str]) -> bool:
    code = "from newsdesk.news.models import Article; print(Article.objects.filter(is_demo=True).exists())"
    return run_project([NEWSDESK, "shell", "-c", code], env).strip().endswith("True")


@contextlib.contextmanager
def newsdesk(
    env: dict[str, str], *, port: int = PORTS["newsdesk"], worker: bool = False, name: str = "newsdesk"
):
    """`newsdesk serve` (granian WSGI, 2 workers) and, when asked, `newsdesk worker` beside it."""
    if port_taken(port):
        # A server left running would answer in ours' place, and its numbers be reported as ours.
        sys.exit(
            f"port {port} is taken: stop whatever listens there (a server left running?) and start again."
        )
    serve = Server(name, [NEWSDESK, "serve", "--port", str(port), "--workers", "2"], env=env, cwd=ROOT)
    with contextlib.ExitStack() as stack:
        stack.enter_context(serve)
        if worker:
            stack.enter_context(Server(f"{name}-worker", [NEWSDESK, "worker"], env=env, cwd=ROOT))
        wait_for(f"http://127.0.0.1:{port}/robots.txt")
        yield serve


def measure_pages(base: str, pages: dict, seconds: int) -> dict:
    rows = {}
    for page in PAGES:
        url = base + pages[page]
        fetch(url)  # warm
        rows[page] = {str(c): wrk(url, connections=c, seconds=seconds) for c in (50, 200)}
        log(f"  {page}: {rows[page]['50'].get('rps')} req/s at 50, {rows[page]['200'].get('rps')} at 200")
    return rows


def taking_turns(urls: dict[str, str], *, rounds: int, seconds: int) -> dict:
    """Each URL measured in turn, `rounds` times at each connection count, both servers running throughout: the
    two sides of a ratio share whatever the machine does in those minutes. On these VMs a Python server's rate
    moves by a third from one quarter-hour to the next while nginx's does not (bench/notes.md, tenth and eleventh
    sessions), so one measurement of each, minutes apart, reads the ratio of two different machines."""
    cached, limit = list(urls)  # the first is the ratio's numerator
    out = {}
    for connections in (50, 200):
        runs = {name: [] for name in urls}
        for _ in range(rounds):
            for name, url in urls.items():
                runs[name].append(wrk(url, connections=connections, seconds=seconds))
        medians = {name: statistics.median(run.get("rps") or 0 for run in runs[name]) for name in urls}
        out[str(connections)] = {
            "runs": runs,
            "median_rps": medians,
            "ratio": round(medians[cached] / medians[limit], 3) if medians[limit] else None,
            "round_ratios": [
                round((a.get("rps") or 0) / b["rps"], 3) if b.get("rps") else None
                for a, b in zip(runs[cached], runs[limit], strict=True)
            ],
            "errors": sum(run.get("errors", 0) for name in urls for run in runs[name]),
        }
    return out


def part_pages(args, results: dict) -> None:
    """The six pages at 50 and 200 connections, uncached (and cached when the page cache exists), beside nginx,
    the plain Django floor, all on the same bytes (the reference article page)."""
    env = dataset_env("sqlite", args.main_size)
    pages = ensure_data("sqlite", args.main_size, results)
    base = f"http://127.0.0.1:{PORTS['newsdesk']}"
    out = results.setdefault("pages", {"dataset": f"sqlite {args.main_size}", "urls": pages})
    for variant, switch in CACHE_SWITCH.items():
        log(f"pages, {variant}")
        with newsdesk({**env, **switch}, worker=True):
            _status, headers, body = fetch(base + pages["article"])
            out[variant] = measure_pages(base, pages, args.seconds)
            out[variant]["article_bytes"] = len(body)
            out[variant]["article_headers"] = {
                k: v
                for k, v in headers.items()
                if k.lower() in ("cache-control", "etag", "surrogate-key", "x-page-cache")
            }
    # The same bytes (the uncached article page as served) for nginx and the floor.
    with newsdesk(env):
        body = fetch(base + pages["article"])[2]
    root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    root.chmod(0o755)  # nginx's workers run as www-data
    (root / "article.html").write_bytes(body)
    static_url = f"http://127.0.0.1:{PORTS['nginx']}/article.html"
    log("nginx static file")
    with nginx(root):
        wait_for(static_url)
        out["nginx_static"] = {
            str(c): wrk(static_url, connections=c, seconds=args.seconds) for c in (50, 200)
        }
    log("cached article and nginx, taking turns")
    with nginx(root), newsdesk({**env, **CACHE_SWITCH["cached"]}, worker=True):
        wait_for(static_url)
        fetch(base + pages["article"])  # warm
        out["cached_vs_nginx"] = taking_turns(
            {"cached": base + pages["article"], "nginx": static_url}, rounds=args.rounds, seconds=args.seconds
        )
        for connections, row in out["cached_vs_nginx"].items():
            log(f"  {connections} connections: ratio of medians {row['ratio']}, rounds {row['round_ratios']}")
    for key, name, what in [
        ("bare_wsgi", "bare", "bare WSGI callable (the server's ceiling)"),
        ("django_floor", "floor", "plain Django view (the floor)"),
    ]:
        log(what)
        server = Server(
            name,
            granian_command(VENV, PORTS[name], f"{name}:application"),
            env={"BENCH_FLOOR_FILE": str(root / "article.html")},
            cwd=ROOT / "bench",
        )
        with server:
            url = f"http://127.0.0.1:{PORTS[name]}/"
            wait_for(url)
            out[key] = {str(c): wrk(url, connections=c, seconds=args.seconds) for c in (50, 200)}
    shutil.rmtree(root, ignore_errors=True)


NGINX_CONF = """
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


@contextlib.contextmanager
def nginx(root: Path):
    """nginx on a bench port with its own config, pid and logs under `root` (never the system service)."""
    (root / "tmp").mkdir(exist_ok=True)
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=PORTS["nginx"]))
    with Server("nginx", ["nginx", "-c", str(conf), "-p", str(root), "-g", "daemon off;"]):
        yield


def part_peer(args, results: dict) -> None:
    """Wagtail 8 (`wagtail start` defaults + an ArticlePage, the same articles) under gunicorn and granian, 2 workers
    each, beside Newsdesk's uncached article page measured again in the same minute."""
    if not (WAGTAIL_VENV / "bin" / "wagtail").exists():
        log("building the Wagtail venv")
        uv = ROOT / ".tools" / "bin" / "uv"
        subprocess.run([str(uv), "venv", "-q", str(WAGTAIL_VENV), "-p", sys.executable], check=True)
        subprocess.run(
            [
                str(uv),
                "pip",
                "install",
                "-q",
                "--python",
                str(WAGTAIL_VENV / "bin" / "python"),
                "wagtail==8.*",
                "gunicorn",
                "granian==2.8.*",
            ],
            check=True,
        )
    env = dataset_env("sqlite", args.main_size)
    pages = ensure_data("sqlite", args.main_size, results)
    exported = CACHE / "peer-articles.json"
    CACHE.mkdir(parents=True, exist_ok=True)
    run_project(
        [PYTHON, "bench/export_articles.py", "--count", str(args.peer_articles), "--out", str(exported)], env
    )
    site = Path("/tmp/bench-wagtail")
    peer_python = str(WAGTAIL_VENV / "bin" / "python")
    built = subprocess.run(
        [
            peer_python,
            str(ROOT / "bench" / "wagtail_peer.py"),
            "--dir",
            str(site),
            "--articles",
            str(exported),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    path = json.loads(built.stdout.strip().splitlines()[-1])["article_path"]
    version = subprocess.run(
        [peer_python, "-c", "import wagtail; print(wagtail.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out = results.setdefault("peer", {"wagtail": version, "articles": args.peer_articles, "path": path})
    peer_env = {"DJANGO_SETTINGS_MODULE": "peer.settings.production"}
    servers = {
        "gunicorn": [
            str(WAGTAIL_VENV / "bin" / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORTS['gunicorn']}",
            "--log-level",
            "warning",
            "peer.wsgi:application",
        ],
        "granian": granian_command(WAGTAIL_VENV, PORTS["granian"], "peer.wsgi:application"),
    }
    for name, command in servers.items():
        log(f"wagtail under {name}")
        with Server(f"wagtail-{name}", command, env=peer_env, cwd=site):
            url = f"http://127.0.0.1:{PORTS[name]}{path}"
            wait_for(url)
            out[f"wagtail_{name}"] = {
                str(c): wrk(url, connections=c, seconds=args.seconds) for c in (50, 200)
            }
    log("newsdesk article, same minute")
    with newsdesk(env):
        url = f"http://127.0.0.1:{PORTS['newsdesk']}{pages['article']}"
        fetch(url)
        out["newsdesk_uncached"] = {str(c): wrk(url, connections=c, seconds=args.seconds) for c in (50, 200)}
    out["newsdesk_article_bytes"] = len(fetch_once(env, pages["article"]))
    out["wagtail_article_bytes"] = len(fetch_peer(site, path, peer_env))


def fetch_once(env: dict[str, str], path: str) -> bytes:
    with newsdesk(env):
        return fetch(f"http://127.0.0.1:{PORTS['newsdesk']}{path}")[2]


def fetch_peer(site: Path, path: str, env: dict[str, str]) -> bytes:
    command = [str(WAGTAIL_VENV / "bin" / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{PORTS['gunicorn']}"]
    with Server("wagtail-size", [*command, "peer.wsgi:application"], env=env, cwd=site):
        url = f"http://127.0.0.1:{PORTS['gunicorn']}{path}"
        wait_for(url)
        return fetch(url)[2]


# Two random words per search request, so the scale curve does not time one lucky query.
SEARCH_LUA = """
local words = {"ministry","government","region","energy","pipeline","talks","border","agreement","market","growth",
  "drills","parliament","river","port","railway","harvest","festival","league","summit","delegation","exports","gas",
  "oil","reform","budget","election","court","city"}
math.randomseed(os.time())
request = function()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", "/search/?q=" .. q)
end
"""


def part_scale(args, results: dict) -> None:
    """Latency of one connection (no queueing: the page's own time) on the article, home and search pages at each
    archive size, uncached."""
    lua = CACHE / "search.lua"
    CACHE.mkdir(parents=True, exist_ok=True)
    lua.write_text(SEARCH_LUA)
    rows = results.setdefault("scale", [])
    for backend, size in args.datasets:
        pages = ensure_data(backend, size, results)
        env = dataset_env(backend, size)
        log(f"scale {backend} {size} ({pages['articles']} public articles)")
        with newsdesk(env):
            base = f"http://127.0.0.1:{PORTS['newsdesk']}"
            row = {"backend": backend, "size": size, "articles": pages["articles"]}
            for page in ("article", "home"):
                url = base + pages[page]
                fetch(url)
                row[page] = wrk(url, connections=1, threads=1, seconds=args.scale_seconds)
            row["search"] = wrk(
                base + "/search/", connections=1, threads=1, seconds=args.scale_seconds, script=str(lua)
            )
            rows.append(row)
            log(
                f"  article p50 {row['article'].get('p50_ms')} ms, home p50 {row['home'].get('p50_ms')} ms,"
                f" search p95 {row['search'].get('p95_ms')} ms"
            )


def part_publish(args, results: dict) -> None:
    """Publish in one process, then poll the home page and the section page through both server workers: the time
    until every poll shows the new headline (a stale worker would fail some polls)."""
    env = dataset_env("sqlite", args.main_size)
    ensure_data("sqlite", args.main_size, results)
    out = results.setdefault("publish_visible", {})
    for variant, switch in CACHE_SWITCH.items():
        trials, purges = [], []
        with newsdesk({**env, **switch}, worker=True):
            base = f"http://127.0.0.1:{PORTS['newsdesk']}"
            for _ in range(args.publish_trials):
                for _ in range(20):  # both workers have the pages in hand before the publish
                    fetch(base + "/")
                    fetch(base + "/section/politics/")
                visible, purged = publish_and_wait(base + "/", {**env, **switch})
                trials.append(visible)
                purges.append(purged)
        out[variant] = {
            "trials_ms": trials,
            "purged_ms": purges,
            "max_ms": max((t for t in trials if t is not None), default=None),
            "missed": trials.count(None),
        }
        log(f"publish->visible {variant}: {trials} (purged after {purges})")


def publish_and_wait(url: str, env: dict[str, str]) -> tuple[float | None, float | None]:
    """Publishes a story (bench/publish.py) and polls `url` every 10 ms until ten answers in a row show it. Returns
    ms from the commit to the sending of the first of them (None: never shown within 30 s), and ms from the commit
    to the task worker's purge (None: no purge logged, as with the page cache off)."""
    with subprocess.Popen(
        [PYTHON, "bench/publish.py"], env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as publishing:
        # The first line comes right after the commit; the process then waits for the purge and exits.
        published = json.loads(publishing.stdout.readline())
        visible_ms = _poll_until_shown(url, published)
        purged = json.loads(publishing.stdout.readline() or "{}").get("purged")
    if publishing.returncode:
        raise RuntimeError(f"bench/publish.py exited with {publishing.returncode}")
    purged_ms = round((purged - published["committed"]) * 1000, 1) if purged else None
    return visible_ms, purged_ms


def _poll_until_shown(url: str, published: dict) -> float | None:
    headline = published["headline"].encode()
    seen_in_a_row, first_seen, deadline = 0, None, time.time() + 30
    while time.time() < deadline and seen_in_a_row < 10:
        asked = time.time()  # visible from the moment a request that shows it was sent
        if headline in fetch(url)[2]:
            seen_in_a_row += 1
            first_seen = first_seen or asked
        else:
            seen_in_a_row, first_seen = 0, None
        time.sleep(0.01)
    return round((first_seen - published["committed"]) * 1000, 1) if first_seen else None


def spike_lua(pages: dict) -> str:
    """Readers of a breaking story: mostly the front page and the story, some its section and topic."""
    mix = [pages["home"]] * 4 + [pages["article"]] * 3 + [pages["section"]] * 2 + [pages["topic"]]
    paths = ",".join(f'"{path}"' for path in mix)
    return f"""
local paths = {{{paths}}}
local turn = 0
request = function()
  turn = turn + 1
  return wrk.format("GET", paths[(turn % #paths) + 1])
end
"""


def part_spike(args, results: dict) -> None:
    """A breaking story under load, through the page cache: readers at 200 connections on the front page, the
    story, its section and topic, measured twice side by side: steady, and while the newsroom publishes a story
    every few seconds (each publish purges the front page and the lists it joins, which are rendered again under
    the load). Reports both runs' throughput and tail latency, and how long each publish took to reach the front
    page through the load."""
    env = {**dataset_env("sqlite", args.main_size), **CACHE_SWITCH["cached"]}
    pages = ensure_data("sqlite", args.main_size, results)
    lua = CACHE / "spike.lua"
    CACHE.mkdir(parents=True, exist_ok=True)
    lua.write_text(spike_lua(pages))
    out = results.setdefault("spike", {"interval_s": args.spike_interval})
    with newsdesk(env, worker=True):
        base = f"http://127.0.0.1:{PORTS['newsdesk']}"
        for _ in range(10):
            for page in ("home", "article", "section", "topic"):
                fetch(base + pages[page])
        load = {"url": base + "/", "connections": 200, "seconds": args.spike_seconds, "script": str(lua)}
        out["steady"] = wrk(**load)
        log(f"spike steady: {out['steady'].get('rps')} req/s, p99 {out['steady'].get('p99_ms')} ms")
        trials, purges = [], []
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.monotonic()
            running = pool.submit(wrk, **load)
            time.sleep(2)  # wrk's connections are open and busy
            # Stop publishing in time for the last one to be seen while the load is still on.
            while time.monotonic() - started < args.spike_seconds - 5:
                visible, purged = publish_and_wait(base + "/", env)
                trials.append(visible)
                purges.append(purged)
                time.sleep(args.spike_interval)
            out["publishing"] = running.result()
    out["publish_visible_ms"] = trials
    out["purged_ms"] = purges
    out["missed"] = trials.count(None)
    steady, publishing = out["steady"].get("rps"), out["publishing"].get("rps")
    out["rps_ratio"] = round(publishing / steady, 2) if steady and publishing else None
    log(
        f"spike publishing: {publishing} req/s ({out['rps_ratio']} of steady),"
        f" p99 {out['publishing'].get('p99_ms')} ms, visible after {trials} ms, purged after {purges} ms"
    )


def part_lighthouse(args, results: dict) -> None:
    """Lighthouse 12 (npm), mobile profile, on the home page and the reference article, Debian's Chromium."""
    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "i",
                "-E",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(LIGHTHOUSE.parents[2]),
                "lighthouse@12.2.3",
            ],
            check=True,
        )
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    # As readers are served: page cache on (Lighthouse's first load is a miss Django renders; the layer answers it
    # compressed, as it does every page a browser asks for with Accept-Encoding).
    env = {**dataset_env("sqlite", args.main_size), **CACHE_SWITCH["cached"]}
    pages = ensure_data("sqlite", args.main_size, results)
    out = results.setdefault("lighthouse", {})
    port = PORTS["lh"]
    with newsdesk(env, port=port, name="newsdesk-lighthouse"):
        for page in ("home", "article"):
            report = CACHE / f"lighthouse-{page}.json"
            command = [str(LIGHTHOUSE), f"http://127.0.0.1:{port}{pages[page]}", "--quiet", "--output=json"]
            command += [f"--output-path={report}", "--form-factor=mobile", "--screenEmulation.mobile"]
            command += [
                "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"
            ]
            for _attempt in range(3):  # headless Chromium sometimes loses the trace (NO_NAVSTART): try again
                report.unlink(missing_ok=True)
                subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, check=False, timeout=300)
                data = json.loads(report.read_text()) if report.exists() else {}
                if data and not data.get("runtimeError"):
                    break
            if not data:
                out[page] = {"error": "lighthouse wrote no report"}
                continue
            scores = {key: round((cat["score"] or 0) * 100) for key, cat in data["categories"].items()}
            findings = [
                {"id": audit_id, "title": audit["title"], "score": audit["score"]}
                for audit_id, audit in data["audits"].items()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") in ("binary", "metricSavings", "numeric")
            ]
            metrics = {
                key: data["audits"][key].get("displayValue")
                for key in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                    "speed-index",
                )
                if key in data["audits"]
            }
            out[page] = {
                "scores": scores,
                "findings": findings,
                "metrics": metrics,
                "version": data["lighthouseVersion"],
            }
            log(f"lighthouse {page}: {scores}")


PARTS = {
    "pages": part_pages,
    "peer": part_peer,
    "scale": part_scale,
    "publish": part_publish,
    "spike": part_spike,
    "lighthouse": part_lighthouse,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per measurement")
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns each side takes where two are measured alternately"
    )
    parser.add_argument("--scale-seconds", type=int, default=5)
    parser.add_argument(
        "--main-size", type=int, default=10_000, help="articles for the pages/peer/publish parts"
    )
    parser.add_argument(
        "--datasets",
        default="sqlite:10000,sqlite:100000,sqlite:1000000,pg:10000,pg:100000,pg:1000000",
        help="backend:size pairs for the scale curve",
    )
    parser.add_argument("--peer-articles", type=int, default=300)
    parser.add_argument("--publish-trials", type=int, default=5)
    parser.add_argument("--spike-seconds", type=int, default=30, help="each of the spike part's two wrk runs")
    parser.add_argument(
        "--spike-interval", type=float, default=3.0, help="seconds between the spike's publishes"
    )
    parser.add_argument("--out", type=Path, help="results JSON (default bench/results/<UTC stamp>.json)")
    args = parser.parse_args()
    args.datasets = [(item.split(":")[0], int(item.split(":")[1])) for item in args.datasets.split(",")]
    require("wrk", "nginx")
    LOGS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or ROOT / "bench" / "results" / f"run-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    results: dict = {
        "started": stamp,
        "commit": commit.stdout.strip(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "uptime_start": uptime(),
        "load_start": load_averages(),
        "cache_switch": CACHE_SWITCH,
        "parts": args.only.split(","),
    }
    for part in args.only.split(","):
        started = time.monotonic()
        try:
            PARTS[part](args, results)
        except Exception as error:  # one part failing must not lose the others' numbers
            results.setdefault("failures", {})[part] = f"{type(error).__name__}: {error}"
            log(f"{part} FAILED: {error}")
        results.setdefault("part_seconds", {})[part] = round(time.monotonic() - started)
        out.write_text(json.dumps(results, indent=1))
    results["uptime_end"] = uptime()
    results["load_end"] = load_averages()
    results["errors_total"] = sum(_errors(results))
    out.write_text(json.dumps(results, indent=1))
    log(f"results in {out}")


def _errors(node) -> list[int]:
    if isinstance(node, dict):
        found = [node["errors"]] if isinstance(node.get("errors"), int) else []
        for value in node.values():
            found += _errors(value)
        return found
    if isinstance(node, list):
        return [e for item in node for e in _errors(item)]
    return []


if __name__ == "__main__":
    main()
