"""The load generator: wrk, and reading its report.

wrk is a small C program, so at 32 connections it leaves most of the two cores to gunicorn;
a Python client on the same machine would spend as much CPU making requests as the server
spends answering them, and the ratio to bare Flask would measure the client.
"""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

CONNECTIONS = 32
THREADS = 2
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    """What one run of wrk measured."""

    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    #: for the Send script: how many answers said 303 (the thank-you page)
    acknowledged: int | None = None
    #: the errors by kind, those that happened: connect, read, write, timeout, and "status" (not 2xx/3xx)
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Responses other than 2xx/3xx, plus connect/read/write errors and timeouts."""
        return sum(self.error_kinds.values())

    def error_kinds_text(self) -> str:
        """The kinds of error that happened, for a report: "read 1, status 2", or ""."""
        return ", ".join(f"{kind} {count}" for kind, count in self.error_kinds.items())

    def errors_text(self) -> str:
        """The errors for a report: "0", or the count and its kinds ("1: read 1")."""
        return f"{self.errors}: {self.error_kinds_text()}" if self.error_kinds else str(self.errors)

    def as_dict(self) -> dict:
        return asdict(self) | {"errors": self.errors}


def wrk_path() -> str | None:
    """Where wrk is, if it is installed."""
    return shutil.which("wrk")


def run_wrk(url: str, seconds: int, script: Path | None = None, script_args: tuple[str, ...] = (),
            cookie: str | None = None, connections: int = CONNECTIONS) -> Load:
    """Load `url` with wrk at `connections` connections for `seconds`, with a session if given."""
    command = [wrk_path() or "wrk", f"-t{min(THREADS, connections)}", f"-c{connections}", f"-d{seconds}s",
               "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> Load:
    """The figures in wrk's printed report (run with --latency)."""
    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE).groups()
        return round(float(value) * _UNITS[unit], 2)

    kinds = {}
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        kinds.update(zip(("connect", "read", "write", "timeout"), map(int, socket_errors.groups()), strict=True))
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad_status:
        kinds["status"] = int(bad_status.group(1))
    kinds = {kind: count for kind, count in kinds.items() if count}
    acknowledged = re.search(r"^acknowledged: (\d+)$", output, re.MULTILINE)
    return Load(requests=int(re.search(r"(\d+) requests in", output).group(1)),
                requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
                p50_ms=latency("50"), p99_ms=latency("99"),
                acknowledged=int(acknowledged.group(1)) if acknowledged else None, error_kinds=kinds)
