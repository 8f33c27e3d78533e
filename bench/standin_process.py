"""The hand-made stand-in (bench/standin.py) served from a child process.

Throughput figures measure the client. A stand-in in the client's own process
answers its requests on the same interpreter lock and its share of the CPU
would be counted as the client's; a real provider is elsewhere, and so is this.

    with StandInProcess(latency=0.3, faults=Faults(rate_429=0.1), seed=1) as server:
        server.base_url, server.requests, server.in_flight_max, server.by_outcome
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import httpx

from bench.standin import HOST, NO_FAULTS, ChatCounters, Faults

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 30.0
SHUTDOWN_TIMEOUT_S = 10.0


def _first_line(stream: IO[str], timeout: float) -> str:
    """The child's first line, or an error if it says nothing in time."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not lines or not lines[0]:
        raise RuntimeError("the stand-in process did not report its port")
    return lines[0]


class StandInProcess(ChatCounters):
    def __init__(self, latency: float = 0.0, faults: Faults = NO_FAULTS, seed: int = 0) -> None:
        self._command = [
            sys.executable,
            "-m",
            "bench.standin",
            f"--latency={latency}",
            f"--rate-429={faults.rate_429}",
            f"--rate-500={faults.rate_500}",
            f"--rate-drop={faults.rate_drop}",
            f"--seed={seed}",
        ]
        self._process: subprocess.Popen[str] | None = None
        self._final: dict[str, Any] | None = None
        self.port: int | None = None

    def __enter__(self) -> StandInProcess:
        self._process = subprocess.Popen(
            self._command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert self._process.stdout is not None
            self.port = int(_first_line(self._process.stdout, STARTUP_TIMEOUT_S).split()[1])
        except BaseException:
            self._process.kill()
            self._process.wait(SHUTDOWN_TIMEOUT_S)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            self._final = self._fetch_counters()
        except httpx.HTTPError:
            self._final = None
        assert process.stdin is not None
        process.stdin.close()  # the child serves until its standard input closes
        try:
            process.wait(SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(SHUTDOWN_TIMEOUT_S)

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the stand-in process is not running")
        return f"http://{HOST}:{self.port}/v1"

    def counters(self) -> dict[str, Any]:
        """Live while the stand-in runs, as it last was once it has stopped."""
        if self._process is None and self._final is not None:
            return self._final
        return self._fetch_counters()

    def _fetch_counters(self) -> dict[str, Any]:
        response = httpx.get(f"http://{HOST}:{self.port}/stand-in/counters", timeout=10)
        response.raise_for_status()
        return response.json()
