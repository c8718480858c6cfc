"""Running an engine executable in a child process with time and memory limits.

The child reports through an inherited file descriptor (JSON lines); whatever happens to it (crash,
timeout, memory exhaustion), the caller gets a structured outcome and never hangs.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    returncode: int | None
    events: list[dict] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    wall_seconds: float = 0.0

    def error_event(self) -> dict | None:
        return next((e for e in self.events if e.get("event") == "error"), None)

    def done_event(self) -> dict | None:
        return next((e for e in self.events if e.get("event") == "done"), None)


def _limited_argv(argv: list[str], memory_bytes: int, cpu_seconds: float) -> list[str]:
    """Apply the limits in the child with the shell's ulimit, not a Python preexec_fn: running Python
    code between fork and exec can deadlock when other threads of the caller (a thread pool, BLAS
    workers) hold locks."""
    cpu = int(cpu_seconds) + 2
    limits = [f"ulimit -c 0", f"ulimit -t {cpu}"]
    if memory_bytes:
        limits.append(f"ulimit -v {memory_bytes // 1024}")
    return ["/bin/sh", "-c", "; ".join(limits) + '; exec "$0" "$@"', *argv]


def run_limited(argv: list[str], timeout: float, memory_bytes: int, env: dict | None = None,
                cwd: str | None = None) -> Outcome:
    with tempfile.TemporaryFile() as report:
        child_env = dict(os.environ if env is None else env)
        child_env["XPILER_REPORT_FD"] = str(report.fileno())
        t0 = time.perf_counter()
        proc = subprocess.Popen(_limited_argv(argv, memory_bytes, timeout), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(report.fileno(),),
                                start_new_session=True, env=child_env, cwd=cwd)
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = proc.communicate()
        wall = time.perf_counter() - t0
        report.seek(0)
        events = []
        for line in report.read().decode("utf-8", "replace").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                events.append({"event": "garbled", "text": line})
    return Outcome(proc.returncode, events, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   timed_out, wall)


def describe_signal(returncode: int | None) -> str:
    if returncode is None or returncode >= 0:
        return f"exit code {returncode}"
    try:
        return f"signal {signal.Signals(-returncode).name}"
    except ValueError:
        return f"signal {-returncode}"


def addr2line(binary: Path, addresses: list[str]) -> list[tuple[str, str, int]]:
    """(function, file, line) for each address, innermost inline frame first."""
    if not addresses:
        return []
    try:
        proc = subprocess.run(["addr2line", "-e", str(binary), "-f", "-i", "-C", *addresses], capture_output=True,
                              text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return []
    lines = proc.stdout.splitlines()
    frames = []
    for fn, loc in zip(lines[0::2], lines[1::2]):
        path, _, rest = loc.rpartition(":")
        num = rest.split(" ")[0]
        frames.append((fn, path, int(num) if num.isdigit() else 0))
    return frames
