"""Writes docs/performance.md from the results JSON in bench/results/ (the newest run-*.json unless --run names one,
the newest soak-*.json with the page cache off and on, and every explain-*.json) plus the hand-written analysis in
bench/notes.md:

    .venv/bin/python bench/report.py [--run bench/results/run-....json]
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def newest(pattern: str) -> Path | None:
    found = sorted(RESULTS.glob(pattern))
    return found[-1] if found else None


# A part's results in a run's JSON: a later run that measured only some parts keeps the others from older runs.
PART_KEYS = {
    "pages": "pages",
    "peer": "peer",
    "scale": "scale",
    "publish": "publish_visible",
    "spike": "spike",
    "lighthouse": "lighthouse",
}


def stamp(path: Path) -> str:
    """The UTC time in a results file's name (run-20261125T090639Z.json -> 20261125T090639Z)."""
    return path.stem.rsplit("-", 1)[-1]


def merged_run(paths: list[Path]) -> tuple[dict, dict[Path, list[str]]]:
    """The newest run, with each part it did not measure taken from the newest older run that did; and which run
    each part came from. Errors are summed over the runs used."""
    runs = [(path.resolve(), json.loads(path.read_text())) for path in paths]
    merged = dict(runs[-1][1])
    sources: dict[Path, list[str]] = {}
    for part, key in PART_KEYS.items():
        for path, data in reversed(runs):
            if key in data:
                merged[key] = data[key]
                sources.setdefault(path, []).append(part)
                break
    by_path = dict(runs)
    errors = [by_path[path].get("errors_total") for path in sources]
    merged["errors_total"] = None if None in errors else sum(errors)
    return merged, sources


def cell(row: dict | None) -> str:
    if not row or "rps" not in row:
        return "not measured"
    errors = f", **{row['errors']} errors**" if row.get("errors") else ""
    return f"{row['rps']:,} req/s, p50 {row.get('p50_ms')} ms, p99 {row.get('p99_ms')} ms{errors}"


def rps(row: dict | None) -> int | None:
    return row.get("rps") if row else None


def ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**PASS**" if ok else "**MISS**")


def targets(run: dict, soaks: list[dict]) -> list[tuple[str, str, str, str]]:
    rows = []
    pages, peer = run.get("pages", {}), run.get("peer", {})
    nginx = rps(pages.get("nginx_static", {}).get("50"))
    cached = rps(pages.get("cached", {}).get("article", {}).get("50")) if pages.get("cached") else None
    turns = pages.get("cached_vs_nginx")
    if turns:
        # The verdict: both sides measured alternately in the same minutes (bench/run.py, taking_turns).
        for connections in ("50", "200"):
            row = turns[connections]
            ours, limit = row["median_rps"]["cached"], row["median_rps"]["nginx"]
            rows.append(
                (
                    f"Cached article ≥ 50 % of nginx static ({connections} conn., taking turns, medians"
                    f" of {len(row['runs']['cached'])})",
                    f"{round(ours)} / {round(limit)} req/s (rounds: {', '.join(map(str, row['round_ratios']))})",
                    ratio(ours, limit),
                    verdict(ours / limit >= 0.5 if ours and limit else None),
                )
            )
    rows.append(
        (
            "Cached article ≥ 50 % of nginx static (50 conn.)"
            + (", measured minutes apart (context)" if turns else ""),
            f"{cached or 'n/a'} / {nginx or 'n/a'} req/s",
            ratio(cached, nginx),
            "context" if turns else verdict(None if not (cached and nginx) else cached / nginx >= 0.5),
        )
    )
    ours = rps(peer.get("newsdesk_uncached", {}).get("50"))
    for server in ("gunicorn", "granian"):
        theirs = rps(peer.get(f"wagtail_{server}", {}).get("50"))
        rows.append(
            (
                f"Uncached article ≥ 3× Wagtail article ({server}, 50 conn.)",
                f"{ours or 'n/a'} / {theirs or 'n/a'} req/s",
                ratio(ours, theirs),
                verdict(None if not (ours and theirs) else ours / theirs >= 3),
            )
        )
    scale = run.get("scale", [])
    for backend in sorted({row["backend"] for row in scale}):
        by_size = {row["size"]: row for row in scale if row["backend"] == backend}
        small, large = by_size.get(min(by_size)), by_size.get(max(by_size))
        if not small or small is large:
            continue
        for page in ("article", "home"):
            a, b = small[page].get("p50_ms"), large[page].get("p50_ms")
            rows.append(
                (
                    f"{page.title()} latency at {large['size']:,} ≤ 1.5× at {small['size']:,}"
                    f" ({backend}, p50, 1 conn.)",
                    f"{b} / {a} ms",
                    ratio(b, a),
                    verdict(None if not (a and b) else b / a <= 1.5),
                )
            )
    for backend in ("sqlite", "pg"):
        if not any(row["backend"] == backend and row["size"] >= 1_000_000 for row in scale):
            rows.append(
                (
                    f"Article and home latency at 1M ≤ 1.5× at 10k ({backend})",
                    "not measured",
                    "n/a",
                    verdict(None),
                )
            )
    pg_large = [row for row in scale if row["backend"] == "pg" and row["size"] >= 1_000_000]
    if pg_large:
        p95 = pg_large[-1]["search"].get("p95_ms")
        rows.append(
            (
                "Search p95 < 50 ms at 1M on PostgreSQL (1 conn.)",
                f"{p95} ms",
                f"{p95 / 50:.2f} of the limit" if p95 else "n/a",
                verdict(None if p95 is None else p95 < 50),
            )
        )
    else:
        rows.append(("Search p95 < 50 ms at 1M on PostgreSQL", "not measured", "n/a", verdict(None)))
    spike = run.get("spike")
    if spike:
        seen = [trial for trial in spike["publish_visible_ms"] if trial is not None]
        worst = max(seen, default=None)
        rows.append(
            (
                "Publish visible within 1 s under a breaking-news load, at cache speed (the issue's context)",
                f"worst {worst} ms of {len(spike['publish_visible_ms'])}, never seen {spike['missed']};"
                f" {rps(spike['publishing'])} req/s while publishing",
                f"{spike['rps_ratio']} of steady",
                verdict(worst is not None and worst <= 1000 and not spike["missed"]),
            )
        )
    lighthouse = run.get("lighthouse", {})
    for page in ("home", "article"):
        scores = lighthouse.get(page, {}).get("scores")
        if scores:
            low = min(scores.values())
            text = ", ".join(f"{key} {value}" for key, value in scores.items())
            rows.append((f"Lighthouse ≥ 95 in all four ({page})", text, f"lowest {low}", verdict(low >= 95)))
        else:
            rows.append((f"Lighthouse ≥ 95 in all four ({page})", "not measured", "n/a", verdict(None)))
    errors = run.get("errors_total")
    soak_errors = [soak.get("run", {}).get("errors") for soak in soaks]
    total = None if errors is None else errors + sum(value or 0 for value in soak_errors)
    rows.append(
        (
            "0 errors in every run",
            f"bench {errors}, soak {', '.join(str(value) for value in soak_errors) or 'not run'}",
            str(total),
            verdict(None if total is None else total == 0),
        )
    )
    return rows


def table(headers: list[str], rows: list) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in rows]
    return lines


def render(
    run: dict, soaks: list[tuple[Path, dict]], explains: list[dict], sources: dict[Path, list[str]]
) -> str:
    out = [
        "# Performance",
        "",
        "Generated by `bench/report.py` from "
        + ", ".join(f"`{path.relative_to(ROOT)}` ({', '.join(parts)})" for path, parts in sources.items())
        + "".join(f" and `{path.relative_to(ROOT)}`" for path, _ in soaks)
        + " (do not edit by hand; the analysis comes from `bench/notes.md`). Rerun with `make bench` and `make soak`."
        " Each part comes from the newest run that measured it; every ratio compares numbers from one part of one"
        " run, measured side by side in the same minute.",
        "",
        "## Machine and load",
    ]
    for path, parts in sources.items():
        data = json.loads(path.read_text())
        machine = data["machine"]
        out += [
            f"- {', '.join(parts)}: {machine['nproc']} CPUs ({machine['cpu']}), {machine['ram_gb']} GB RAM, kernel"
            f" {machine['kernel']}, {machine.get('wrk', 'wrk')}; commit `{data.get('commit')}`, started"
            f" {data.get('started')}; load at start `{data.get('uptime_start')}`, at end `{data.get('uptime_end')}`;"
            f" command `{data.get('command')}`.",
        ]
    out += [
        "- Load averages above 2 on these 2 cores mean other work shared the machine: absolute numbers are then low"
        " and noisy (±30 % or worse), which is why the targets are ratios measured side by side in the same minute.",
        "",
        "## Targets",
        "",
    ]
    out += table(
        ["Target (issue 6)", "Measured", "Ratio", "Result"], targets(run, [soak for _, soak in soaks])
    )
    pages = run.get("pages")
    if pages:
        out += [
            "",
            f"## Pages ({pages.get('dataset')}, wrk -t2 -d10s, loopback, `newsdesk serve` = granian WSGI, 2 workers)",
            "",
        ]
        rows = []
        for variant in ("uncached", "cached"):
            for page in ("home", "section", "article", "topic", "search", "feed"):
                data = pages.get(variant, {}).get(page)
                if variant == "cached" and not pages.get("cached"):
                    rows.append((page, variant, "not measured (no page cache on this branch)", ""))
                    continue
                rows.append((page, variant, cell(data and data.get("50")), cell(data and data.get("200"))))
        out += table(["Page", "Cache", "50 connections", "200 connections"], rows)
        out += [
            "",
            "Same bytes (the uncached reference article page, "
            f"{pages.get('uncached', {}).get('article_bytes', '?')} bytes), same run:",
            "",
        ]
        out += table(
            ["Server", "50 connections", "200 connections"],
            [
                (
                    "nginx static file (physical limit)",
                    cell(pages.get("nginx_static", {}).get("50")),
                    cell(pages.get("nginx_static", {}).get("200")),
                ),
                (
                    "bare WSGI callable under granian, 2 workers, bytes from memory (the server's ceiling)",
                    cell(pages.get("bare_wsgi", {}).get("50")) if pages.get("bare_wsgi") else "not measured",
                    cell(pages.get("bare_wsgi", {}).get("200")) if pages.get("bare_wsgi") else "not measured",
                ),
                (
                    "plain Django view under granian, 2 workers (framework floor)",
                    cell(pages.get("django_floor", {}).get("50")),
                    cell(pages.get("django_floor", {}).get("200")),
                ),
                (
                    "Newsdesk article, uncached",
                    cell(pages.get("uncached", {}).get("article", {}).get("50")),
                    cell(pages.get("uncached", {}).get("article", {}).get("200")),
                ),
                (
                    "Newsdesk article, cached",
                    cell(pages.get("cached", {}).get("article", {}).get("50"))
                    if pages.get("cached")
                    else "not measured",
                    cell(pages.get("cached", {}).get("article", {}).get("200"))
                    if pages.get("cached")
                    else "not measured",
                ),
            ],
        )
    turns = (run.get("pages") or {}).get("cached_vs_nginx")
    if turns:
        out += [
            "",
            "Cached article and nginx taking turns, both servers running throughout (each wrk run"
            f" {turns['50']['runs']['cached'][0].get('seconds')} s; the verdict above uses the medians):",
            "",
        ]
        out += table(
            [
                "Connections",
                "Newsdesk cached, req/s by round",
                "nginx static, req/s by round",
                "Ratio of medians",
            ],
            [
                (
                    connections,
                    ", ".join(str(run.get("rps")) for run in row["runs"]["cached"]),
                    ", ".join(str(run.get("rps")) for run in row["runs"]["nginx"]),
                    f"{row['ratio']}",
                )
                for connections, row in turns.items()
            ],
        )
    peer = run.get("peer")
    if peer:
        out += [
            "",
            f"## Peer: Wagtail {peer.get('wagtail')} (same {peer.get('articles')} articles,"
            " `wagtail start` defaults, SQLite)",
            "",
        ]
        out += table(
            ["Article page", "50 connections", "200 connections"],
            [
                (
                    f"Wagtail, gunicorn 2 workers ({peer.get('wagtail_article_bytes')} bytes)",
                    cell(peer.get("wagtail_gunicorn", {}).get("50")),
                    cell(peer.get("wagtail_gunicorn", {}).get("200")),
                ),
                (
                    "Wagtail, granian 2 workers",
                    cell(peer.get("wagtail_granian", {}).get("50")),
                    cell(peer.get("wagtail_granian", {}).get("200")),
                ),
                (
                    f"Newsdesk uncached, granian 2 workers ({peer.get('newsdesk_article_bytes')} bytes)",
                    cell(peer.get("newsdesk_uncached", {}).get("50")),
                    cell(peer.get("newsdesk_uncached", {}).get("200")),
                ),
            ],
        )
    scale = run.get("scale")
    if scale:
        durations = sorted(
            {
                part.split()[0]
                for row in scale
                for page in ("article", "home", "search")
                for part in row.get(page, {}).get("command", "").split(" -d")[1:]
            }
        )
        out += [
            "",
            f"## Scale curve (uncached; wrk -t1 -c1 -d{'/'.join(durations) or '?'}: one connection, so the page's"
            " own latency, no queueing)",
            "",
        ]
        rows = []
        for row in scale:
            rows.append(
                (
                    row["backend"],
                    f"{row['articles']:,}",
                    f"{row['article'].get('p50_ms')} / {row['article'].get('p95_ms')}",
                    f"{row['home'].get('p50_ms')} / {row['home'].get('p95_ms')}",
                    f"{row['search'].get('p50_ms')} / {row['search'].get('p95_ms')}",
                )
            )
        out += table(
            [
                "DB",
                "Articles",
                "Article p50/p95 ms",
                "Home p50/p95 ms",
                "Search p50/p95 ms",
            ],
            rows,
        )
    publish = run.get("publish_visible")
    if publish:
        out += ["", "## Publish → visible (two server workers, polling the home page)", ""]
        out += table(
            ["Cache", "Visible after (ms)", "Worst", "Never seen in 30 s", "Purge logged after (ms)"],
            [
                (k, v["trials_ms"], v["max_ms"], v["missed"], v.get("purged_ms", "not recorded"))
                for k, v in publish.items()
            ],
        )
    spike = run.get("spike")
    if spike:
        out += [
            "",
            "## A breaking story under load (page cache on, two server workers and the task worker)",
            "",
            "Readers at 200 connections on the front page, the reference article, its section and topic (4:3:2:1),"
            f" {spike['steady'].get('seconds')} s each: steady, then while bench/publish.py publishes a story every"
            f' {spike["interval_s"]} s and polls the front page through the load until it shows it. "Purged" is when'
            " the task worker's purge of the story's pages was logged; the rest is rendering the front page again"
            " under the load, and the poll's own wait for CPU.",
            "",
        ]
        out += table(
            ["Run", "Throughput and latency", "Publish → visible on the front page (ms)"],
            [
                ("steady", cell(spike["steady"]), "no publishes"),
                (
                    "publishing",
                    cell(spike["publishing"]),
                    f"{spike['publish_visible_ms']} (purged after {spike.get('purged_ms', 'not recorded')}),"
                    f" never seen: {spike['missed']}",
                ),
            ],
        )
        out += ["", f"Throughput while publishing: {spike['rps_ratio']} of steady."]
    lighthouse = run.get("lighthouse")
    if lighthouse:
        out += [
            "",
            f"## Lighthouse {lighthouse.get('version', '')} (mobile profile, Debian Chromium, headless)",
            "",
        ]
        rows = []
        for page in ("home", "article"):
            data = lighthouse.get(page, {})
            scores = data.get("scores", {})
            failing = ", ".join(f"{f['id']} ({f['score']})" for f in data.get("findings", [])[:12]) or "none"
            rows.append(
                (
                    page,
                    *(scores.get(k, "?") for k in ("performance", "accessibility", "best-practices", "seo")),
                    failing,
                )
            )
        out += table(
            ["Page", "Performance", "Accessibility", "Best practices", "SEO", "Audits below 1"], rows
        )
    for _, soak in soaks:
        s = soak["run"]
        cached = soak.get("page_cache", False)
        title = "nightly, page cache on" if cached else "page cache off"
        out += ["", f"## Soak (`make soak`, reliability row 18): {title}", ""]
        out += [
            f"- `{s.get('command')}` after a {soak.get('warm_up_seconds', 10)} s warm-up"
            + (
                f" (pages live {soak['args']['max_age']} s, so the warm-up renders each one, lets it expire and"
                " renders it again)"
                if cached and soak["args"].get("max_age")
                else ""
            )
            + "; mix 80 % article/home/section, 10 % search,"
            " 5 % feed/sitemap, 5 % API (two tokens in turn); "
            + (
                "page cache on, pages asked for with `Accept-Encoding: br, gzip` as browsers do"
                if cached
                else "page cache off (Django renders every request)"
            )
            + f"; {soak['args']['seconds']} s with {soak['args']['connections']} connections at a target of"
            f" {soak['args']['rate']} req/s (achieved {soak.get('achieved_rps')} req/s).",
            f"- Requests {s.get('requests')}, errors {s.get('errors')}, p50 {s.get('p50_ms')} ms,"
            f" p95 {s.get('p95_ms')} ms, p99 {s.get('p99_ms')} ms.",
            f"- RSS after warm-up (kB): {soak.get('rss_warm_kb')}; at the end: {soak.get('rss_end_kb')};"
            f" growth %: {soak.get('rss_growth_percent')}"
            f" (second half of the run: {soak.get('rss_growth_second_half_percent', 'not recorded')}).",
            "- Open database connections per worker after warm-up:"
            f" {soak.get('database_connections_warm', 'not recorded')};"
            f" at the end: {soak.get('database_connections_end', 'not recorded')}.",
            "- Verdict against the battery (0 errors, p95 < 250 ms, p99 < 500 ms, RSS growth < 10 %, database"
            " connections flat):"
            f" {soak.get('verdict')}.",
            f"- Load: `{soak.get('uptime_start')}` → `{soak.get('uptime_end')}`.",
        ]
    if run.get("generate"):
        out += ["", "## Data generation (`newsdesk generate`)", ""]
        out += table(
            ["DB", "Target size", "Articles added", "Seconds"],
            [(g["backend"], f"{g['size']:,}", f"{g['articles']:,}", g["seconds"]) for g in run["generate"]],
        )
    if explains:
        out += ["", "## Query plans (bench/explain.py)", ""]
        for data in explains:
            out += [f"### {data['label']} ({data['vendor']}, {data['articles']:,} public articles)", ""]
            rows = []
            for name, page in data["pages"].items():
                top = page["article_queries"][0] if page["article_queries"] else None
                plan = "; ".join(line.strip() for line in top["plan"][:3]) if top else ""
                exec_ms = top.get("execution_ms") if top else None
                rows.append(
                    (
                        name,
                        page["queries"],
                        page["page_ms"],
                        exec_ms if exec_ms is not None else (top["ms"] if top else ""),
                        plan[:220].replace("|", "/"),
                    )
                )
            out += table(
                ["Page", "Queries", "Page ms", "Slowest article query ms", "Its plan (first lines)"], rows
            )
            out.append("")
    if run.get("failures"):
        out += ["", "## Parts that failed in this run", ""] + [
            f"- {k}: {v}" for k, v in run["failures"].items()
        ]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        out += ["", notes.read_text().strip()]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--run", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    options = parser.parse_args()
    run_paths = [options.run] if options.run else sorted(RESULTS.glob("run-*.json"))
    if not run_paths:
        raise SystemExit("No bench/results/run-*.json yet: run `make bench` first.")
    run, sources = merged_run(run_paths)
    # A scale curve measured on its own later (`run.py --only scale --out bench/results/scale-....json`) replaces the
    # main run's rows for its backends, so each ratio still compares sizes measured in one run; an older one does not.
    scale_run = next((path for path, parts in sources.items() if "scale" in parts), None)
    for path in sorted(RESULTS.glob("scale-*.json")):
        if scale_run is not None and stamp(path) < stamp(scale_run):
            continue
        extra = json.loads(path.read_text()).get("scale", [])
        backends = {row["backend"] for row in extra}
        run["scale"] = [row for row in run.get("scale", []) if row["backend"] not in backends] + extra
    # The newest soak of each kind: the CI smoke (page cache off) and the nightly (page cache on).
    soaks_by_kind: dict[bool, tuple[Path, dict]] = {}
    for path in sorted(RESULTS.glob("soak-*.json")):
        data = json.loads(path.read_text())
        soaks_by_kind[bool(data.get("page_cache"))] = (path.resolve(), data)
    soaks = [soaks_by_kind[kind] for kind in (False, True) if kind in soaks_by_kind]
    explains = [json.loads(path.read_text()) for path in sorted(RESULTS.glob("explain-*.json"))]
    options.out.write_text(render(run, soaks, explains, sources))
    print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
