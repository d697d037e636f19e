"""How long a fresh ``slakit deadline`` takes, against Python's own start.

Each command runs ``--runs`` times in a fresh interpreter; the median wall time is
printed, with its ratio to a bare ``python -c pass``. The goal (issue #10) is a
preset deadline under 200 ms on the development machine. ``--importtime`` adds the
slowest imports of one ``slakit deadline`` run, from ``python -X importtime``.

    python benchmarks/bench_startup.py [--runs 10] [--importtime]

Run from the repository root; ``src`` is put on ``PYTHONPATH`` for the children.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEADLINE = ["-m", "slakit", "deadline", "distate", "partner-operational", "2026-11-23T10:00+03:00"]
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import slakit'": ["-c", "import slakit"],
    "slakit deadline distate (RU calendar)": DEADLINE,
    "slakit deadline aggregion (24/7)": [*DEADLINE[:3], "aggregion", "standard", DEADLINE[-1]],
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def median_ms(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, env=_env())
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def slowest_imports(count: int = 15) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest imports of one deadline run."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *DEADLINE],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    )
    rows = []
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    baseline = None
    print(f"median wall time of {args.runs} fresh runs ({sys.executable})")
    for label, command in COMMANDS.items():
        ms = median_ms(command, args.runs)
        baseline = baseline or ms
        print(f"  {label:<40} {ms:7.1f} ms  {ms / baseline:5.1f}x python")
    if args.importtime:
        print("slowest imports of one `slakit deadline distate` (cumulative):")
        for us, module in slowest_imports():
            print(f"  {us / 1000:7.1f} ms {module}")


if __name__ == "__main__":
    main()
