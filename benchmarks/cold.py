"""Where a cold build spends its time, in CPU: python benchmarks/cold.py [--runs N] [ROOT ...] [-- BUILD OPTIONS]

Takes project folders (default: this one; give main's worktree and yours to compare them, run in turn
in every round so that the machine's load falls on all alike) and the build's options (default
``--lang en``); builds each --runs times (default 5) into an empty folder and prints the medians of:
the main process's CPU until it forks the workers ("serial"), the busier worker's CPU and all the
workers' ("workers"), the main process's CPU after the fork ("writing"), the whole build's CPU, and
the wall time these give on a quiet machine with two cores: serial + the larger of the busier worker
and half of what runs after the fork. CPU time is process_time() of each process (a forked worker's
starts at 0 when it is forked), so that a busy machine changes the figures little, where wall time
measured there would mostly be the other processes'. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As installed software runs: with Python's bytecode cache, which some sandboxes turn off.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measured_build(root: str, options: list[str]) -> None:
    """Run the build of ``root`` in this process, then print the CPU times as one JSON line."""
    import concurrent.futures.process

    sys.path.insert(0, root)
    from leaflet_builder import cli
    from leaflet_builder.build import pipeline

    main, marks, (reading, writing) = os.getpid(), {}, os.pipe()
    start_pool = concurrent.futures.process.ProcessPoolExecutor.__init__

    def forking(pool, *args, **kwargs):
        marks["fork"] = time.process_time()
        start_pool(pool, *args, **kwargs)

    make = pipeline.Maker.make

    def timed_make(maker, job):
        made = make(maker, job)
        if os.getpid() != main:  # a worker: its CPU since it was forked, when this job is done
            os.write(writing, (json.dumps([os.getpid(), time.process_time()]) + "\n").encode())
        return made

    concurrent.futures.process.ProcessPoolExecutor.__init__ = forking
    pipeline.Maker.make = timed_make
    cli.main(options, root=Path(root))
    marks["end"] = time.process_time()
    os.close(writing)
    workers: dict[int, float] = {}
    for line in os.fdopen(reading).read().splitlines():
        pid, cpu = json.loads(line)
        workers[pid] = max(workers.get(pid, 0.0), cpu)
    serial = marks.get("fork", marks["end"])
    busier, together, after = max(workers.values(), default=0.0), sum(workers.values()), marks["end"] - serial
    print(json.dumps({"serial": serial, "busier worker": busier, "workers": together, "writing": after,
                      "CPU": serial + together + after, "quiet wall": serial + max(busier, (together + after) / 2)}))


def main() -> None:
    arguments, options = sys.argv[1:], ["--lang", "en"]
    if "--" in arguments:
        arguments, options = arguments[:arguments.index("--")], arguments[arguments.index("--") + 1:]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("roots", nargs="*", default=[str(ROOT)])
    args = parser.parse_args(arguments)
    figures: dict[str, list[dict]] = {root: [] for root in args.roots}
    for _ in range(args.runs):
        for root in args.roots:
            with tempfile.TemporaryDirectory() as out:
                done = subprocess.run([sys.executable, __file__, "--measure", root, *options, "--out", out, "-q"],
                                      env=ENV, capture_output=True, text=True, check=True)
                figures[root].append(json.loads(done.stdout.splitlines()[-1]))
    print(f"{args.runs} runs each of build.py {' '.join(options)}, medians in CPU seconds; load average "
          + " ".join(f"{load:.2f}" for load in os.getloadavg()))
    for root, runs in figures.items():
        print(f"{root}: " + ", ".join(f"{name} {statistics.median(run[name] for run in runs):.3f}" for name in runs[0]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measured_build(sys.argv[2], sys.argv[3:])
    else:
        main()
