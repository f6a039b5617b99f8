"""The checks of ./trainboard compose-test (platform/compose/compose-test.sh) against the gateway.

A run's scalar points are compared as the tfevents reader reads them from the runs volume (the output of
`tfevents dump RUN_DIR`, one file per run) and as the API serves them (GET /api/jobs/{id}/scalars.csv).
Standard library only; the REST calls are trainboard_client's.
"""
import argparse
import csv
import io
import os
import re
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import trainboard_client as client  # noqa: E402

# One value of a summary in a dump line: "tag=<tag> [plugin=<name>] simple_value=<v>"; tags may hold spaces.
SCALAR_VALUE = re.compile(r"tag=(.+?)(?: plugin=\S+)? simple_value=\S+$")
STEP = re.compile(r"^wall_time=\S+ step=(\d+) summary: ")


def file_points(dump_path):
    """{tag: [step, ...]} of the scalar values in a run's dump, in file order (repeats kept)."""
    points = defaultdict(list)
    with open(dump_path) as dump:
        for line in dump:
            match = STEP.match(line)
            if not match:
                continue
            for value in line[match.end():].rstrip("\n").split("; "):
                scalar = SCALAR_VALUE.match(value)
                if scalar:
                    points[scalar.group(1)].append(int(match.group(1)))
    return points


def job_of(run_name):
    page = 0
    while True:
        listing = client.call("GET", "/api/jobs?" + urllib.parse.urlencode({"size": 100, "page": page}))
        for job in listing["items"]:
            if job["runName"] == run_name:
                return job
        if not listing["items"]:
            raise client.ApiError(f"no job has the run name {run_name}")
        page += 1


def api_points(job_id):
    """{tag: [step, ...]} of the job's scalar points as the API exports them."""
    request = urllib.request.Request(f"{client.GATEWAY}/api/jobs/{job_id}/scalars.csv",
                                     headers={"Authorization": "Bearer " + client.TOKEN})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = csv.DictReader(io.StringIO(response.read().decode()))
        points = defaultdict(list)
        for row in rows:
            points[row["tag"]].append(int(row["step"]))
    return points


def files_match_api(args):
    """Every scalar tag of each run: the same steps in the event files as in the API, each once."""
    failures = []
    for run in args.runs:
        files = file_points(os.path.join(args.dumps, run + ".dump"))
        api = api_points(job_of(run)["id"])
        if not files:
            failures.append(f"{run}: no scalar point in its event files")
        print(f"  {run}: {'tag':<24} {'files':>6} {'API':>6}")
        for tag in sorted(set(files) | set(api)):
            print(f"  {' ' * len(run)}  {tag:<24} {len(files.get(tag, [])):>6} {len(api.get(tag, [])):>6}")
            if sorted(files.get(tag, [])) != sorted(api.get(tag, [])):
                failures.append(f"{run}, tag {tag}: steps differ between the event files and the API")
            if len(set(files.get(tag, []))) != len(files.get(tag, [])):
                failures.append(f"{run}, tag {tag}: a step appears twice in the event files")
    return report(failures)


def same_counts(args):
    """Each run of the killed sweep holds as many points per tag as the undisturbed run with the same spec."""
    failures = []
    for reference, run in zip(args.references, args.runs):
        expected = {tag: len(steps) for tag, steps in file_points(os.path.join(args.dumps, reference + ".dump")).items()}
        actual = {tag: len(steps) for tag, steps in file_points(os.path.join(args.dumps, run + ".dump")).items()}
        print(f"  {run}: points per tag equal to {reference}'s: {actual == expected} ({sum(actual.values())} points)")
        if actual != expected:
            failures.append(f"{run} has {actual}, the undisturbed {reference} {expected}")
    return report(failures)


def report(failures):
    for failure in failures:
        print("  MISMATCH " + failure, file=sys.stderr)
    return 1 if failures else 0


def submit_copy(args):
    """The tutorial's sweep again, as the demo submits it, with each run name prefixed; prints the job ids."""
    spec = argparse.ArgumentParser()
    client.add_spec_flags(spec)
    jobs = client.submit_sweep({"name": args.sweep, "base": client.job_request(spec.parse_args([])),
                                "grid": {"learningRate": list(client.DEMO_RUNS.values())},
                                "runNames": [f"{args.sweep}-{name}" for name in client.DEMO_RUNS]})
    print(" ".join(job["id"] for job in jobs))
    return 0


def await_progress(args):
    """Waits until a job of the sweep has done the given fraction of its steps."""
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        for job in (client.call("GET", f"/api/jobs/{job_id}") for job_id in args.ids):
            progress = job.get("progress") or {}
            if job["status"] in client.TERMINAL:
                raise client.ApiError(f"{job['runName']} ended ({job['status']}) before the kill")
            if job["status"] == "RUNNING" and progress.get("totalSteps") \
                    and progress["step"] / progress["totalSteps"] >= args.fraction:
                print(f"  {job['runName']} at step {progress['step']} of {progress['totalSteps']}")
                return 0
        # A run trains in a few seconds on a quiet machine: look often enough to land inside it.
        time.sleep(0.2)
    raise client.ApiError(f"no job reached {args.fraction:.0%} of its steps within {args.timeout}s")


def await_terminal(args):
    final = client.watch(args.ids)
    client.summary(final)
    return 0 if all(job["status"] == "SUCCEEDED" for job in final) else 1


def main():
    parser = argparse.ArgumentParser(prog="runs_check.py")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("files-match-api")
    command.add_argument("--dumps", required=True, help="directory of RUN.dump files")
    command.add_argument("runs", nargs="+")
    command.set_defaults(run=files_match_api)
    command = commands.add_parser("same-counts")
    command.add_argument("--dumps", required=True)
    command.add_argument("--as", dest="references", nargs="+", required=True)
    command.add_argument("--runs", nargs="+", required=True)
    command.set_defaults(run=same_counts)
    command = commands.add_parser("submit-copy")
    command.add_argument("--sweep", required=True)
    command.set_defaults(run=submit_copy)
    command = commands.add_parser("await-progress")
    command.add_argument("--fraction", type=float, required=True)
    command.add_argument("--timeout", type=int, default=1800)
    command.add_argument("ids", nargs="+")
    command.set_defaults(run=await_progress)
    command = commands.add_parser("await-terminal")
    command.add_argument("ids", nargs="+")
    command.set_defaults(run=await_terminal)
    args = parser.parse_args()
    try:
        sys.exit(args.run(args))
    except client.ApiError as error:
        print(f"compose-test: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
