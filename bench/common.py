"""What every bench script shares: the machine, wrk runs and their parsing, and servers started on bench ports
(18200-18299) and always stopped. Stdlib only, so the Wagtail peer's venv and the project venv can both import it."""

import contextlib
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
NEWSDESK = str(VENV / "bin" / "newsdesk")
CACHE = ROOT / ".cache" / "bench"
LOGS = Path(os.environ.get("BENCH_LOGS", "/tmp/bench-logs"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def load_averages() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with contextlib.suppress(OSError):
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": (wrk.stdout + wrk.stderr).splitlines()[0] if (wrk.stdout + wrk.stderr) else "",
    }


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def fetch(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    """A process started in its own process group, stopped (TERM, then KILL) with its workers on exit."""

    def __init__(self, name: str, command: list[str], *, env: dict | None = None, cwd: Path | None = None):
        self.name, self.command = name, command
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log = open(LOGS / f"{self.name}.log", "ab")
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def pids(self) -> list[int]:
        """The server and its worker processes (the whole process group)."""
        if not self.process:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[2]) == self.process.pid:  # process group id
                        found.append(int(entry.name))
        return sorted(found)

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def database_files_open(pid: int) -> int:
    """Open SQLite database files of a process: one per connection (its -wal and -shm files are not counted)."""
    with contextlib.suppress(OSError):
        fds = Path(f"/proc/{pid}/fd")
        return sum(1 for fd in fds.iterdir() if _link(fd).endswith(".sqlite3"))
    return 0


def _link(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:  # closed since the listing
        return ""


def rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _UNITS[unit], 3)


# A Lua hook that prints every percentile the report needs (wrk --latency prints only 50/75/90/99).
PERCENTILES_LUA = """
done = function(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("P%d %d\\n", p, latency:percentile(p)))
  end
end
"""


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wrk(
    url: str, *, connections: int, seconds: int = 10, threads: int = 2, script: str | None = None
) -> dict:
    """wrk -tT -cC -dDs; req/s, p50/p95/p99 in ms, and every error (socket errors and non-2xx/3xx)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    lua = CACHE / "percentiles.lua"
    body = (Path(script).read_text() if script else "") + PERCENTILES_LUA
    lua.write_text(body)
    threads = min(threads, connections)
    # --timeout 10s: wrk's default (2 s) counts a slow uncached page under 200 connections as a socket error; a
    # response that takes longer than 10 s still does.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(lua),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 60)
    text = output.stdout + output.stderr
    result: dict = {"url": url, "connections": connections, "seconds": seconds, "command": " ".join(command)}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = round(float(match.group(1)))
    for percentile in (50, 95, 99):
        if match := re.search(rf"^P{percentile} (\d+)$", text, re.M):
            result[f"p{percentile}_ms"] = round(int(match.group(1)) / 1000, 2)
    errors = 0
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        errors += sum(int(value) for value in match.groups())
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        errors += int(match.group(1))
    result["errors"] = errors
    if match := re.search(r"(\d+) requests in", text):
        result["requests"] = int(match.group(1))
    if "rps" not in result:
        result["error_text"] = text[-500:]
    return result


def require(*tools: str) -> None:
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        sys.exit(f"Missing {', '.join(missing)}: on Debian, apt-get install -y {' '.join(missing)}")
