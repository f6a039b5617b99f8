"""The REST side of ./trainboard: submits jobs and sweeps to the gateway, shows live progress, prints summaries.

Standard library only, so it runs on any machine with python3. ./trainboard sets TRAINBOARD_GATEWAY.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

GATEWAY = os.environ.get("TRAINBOARD_GATEWAY", "http://127.0.0.1:8080")
TOKEN = os.environ.get("TRAINBOARD_TOKEN", "dev-submitter-token")
TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}

# The tutorial's learning-rate comparison: two runs that differ in the learning rate alone.
DEMO_SWEEP = "tutorial-lr"
DEMO_RUNS = {"mnist1": 0.001, "mnist2": 0.01}
# With this key a second demo gets the jobs of the first back instead of a 409 for the taken run names.
DEMO_IDEMPOTENCY_KEY = "trainboard-demo-" + DEMO_SWEEP


class ApiError(Exception):
    pass


def call(method, path, body=None, idempotency_key=None):
    """One request to the gateway; answers the parsed JSON body, raises ApiError with the problem detail."""
    headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json", "Accept": "application/json"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    request = urllib.request.Request(GATEWAY + path, method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise ApiError(f"{method} {path} answered {error.code}: {error.read().decode(errors='replace')}") from None
    except urllib.error.URLError as error:
        raise ApiError(f"cannot reach the gateway at {GATEWAY} ({error.reason}); is it up? ./trainboard status") from None


def job_request(args):
    """The body of POST /api/jobs from the flags; what a flag leaves out, the gateway takes from the tutorial."""
    fields = {
        "dataset": args.dataset, "epochs": args.epochs, "batchSize": args.batch_size, "hiddenSize": args.hidden_size,
        "optimizer": args.optimizer, "seed": args.seed, "device": args.device, "logEverySteps": args.log_every,
        "trainLimit": args.train_limit, "testLimit": args.test_limit,
    }
    return {key: value for key, value in fields.items() if value is not None}


def submit_sweep(body, idempotency_key=None):
    """POST /api/sweeps; answers the jobs the gateway created, in grid order."""
    return call("POST", "/api/sweeps", body, idempotency_key)["jobs"]


# --- showing progress ---------------------------------------------------------------------------------

def duration(seconds):
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def progress_line(job):
    progress = job.get("progress")
    name = job["runName"].ljust(10)
    if not progress:
        return f"{name} {job['status']}"
    done = progress["step"] / progress["totalSteps"] if progress["totalSteps"] else 0
    if job["status"] == "SUCCEEDED":
        done = 1
    width = 24
    bar = "#" * int(done * width) + "-" * (width - int(done * width))
    loss = "-" if progress.get("loss") is None else f"{progress['loss']:.4f}"
    eta = "" if job["status"] in TERMINAL else f"  ETA {duration(progress['etaSeconds'])}"
    return (f"{name} [{bar}] {done:4.0%}  epoch {progress['epoch'] + 1}/{progress['epochs']}"
            f"  step {progress['step'] + 1}/{progress['totalSteps']}  loss {loss}"
            f"  {progress['imagesPerSecond']:.0f} img/s{eta}  {job['status']}")


def watch(job_ids):
    """Polls the jobs until every one is terminal, redrawing one line per job; answers the final views."""
    live = sys.stdout.isatty()
    drawn = 0
    last_printed = {}
    while True:
        jobs = [call("GET", f"/api/jobs/{job_id}") for job_id in job_ids]
        lines = [progress_line(job) for job in jobs]
        if live:
            if drawn:
                sys.stdout.write(f"\x1b[{drawn}F")
            for line in lines:
                sys.stdout.write("\x1b[2K" + line + "\n")
            drawn = len(lines)
        else:
            # In a log (CI, a pipe): a line at every status change, and every 15 seconds while a job runs.
            for job, line in zip(jobs, lines):
                previous = last_printed.get(job["id"])
                changed = previous is None or previous[0] != job["status"]
                if changed or (job["status"] == "RUNNING" and time.monotonic() - previous[1] >= 15):
                    print(line)
                    last_printed[job["id"]] = (job["status"], time.monotonic())
        sys.stdout.flush()
        if all(job["status"] in TERMINAL for job in jobs):
            return jobs
        time.sleep(1)


def seconds_between(start, end):
    if not start or not end:
        return None
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def summary(jobs):
    rows = [("run", "status", "test accuracy", "time", "images/s", "device")]
    for job in sorted(jobs, key=lambda j: j["runName"]):
        accuracy = (job.get("finalMetrics") or {}).get("test accuracy")
        took = seconds_between(job.get("startedAt"), job.get("finishedAt"))
        speed = (job.get("progress") or {}).get("imagesPerSecond")
        rows.append((job["runName"], job["status"],
                     "-" if accuracy is None else f"{accuracy:.2%}",
                     "-" if took is None else duration(took),
                     "-" if speed is None else f"{speed:.0f}",
                     job.get("device") or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    for job in jobs:
        if job.get("error"):
            print(f"{job['runName']} failed: {job['error']}")


# --- commands -----------------------------------------------------------------------------------------

def demo(args):
    print(f"Submitting the sweep '{DEMO_SWEEP}': "
          + ", ".join(f"{name} (lr {lr})" for name, lr in DEMO_RUNS.items())
          + f"; {args.dataset}, {args.epochs} epochs, batch {args.batch_size}, logged every {args.log_every} steps")
    jobs = submit_sweep({"name": DEMO_SWEEP, "base": job_request(args),
                         "grid": {"learningRate": list(DEMO_RUNS.values())}, "runNames": list(DEMO_RUNS)},
                        DEMO_IDEMPOTENCY_KEY)
    if any(job["status"] != "QUEUED" for job in jobs):
        print("This sweep was submitted before; following it (./trainboard reset starts afresh).")
    final = watch([job["id"] for job in jobs])
    print()
    summary(final)
    return 0 if all(job["status"] == "SUCCEEDED" for job in final) else 1


def submit(args):
    if args.file:
        with open(args.file) as file:
            body = json.load(file)
        jobs = submit_sweep(body) if "grid" in body else [call("POST", "/api/jobs", body)]
    elif args.sweep:
        rates = [float(rate) for rate in args.lr.split(",")]
        jobs = submit_sweep({"name": args.sweep, "base": job_request(args), "grid": {"learningRate": rates}})
    else:
        body = job_request(args) | {"learningRate": float(args.lr)}
        if args.run_name:
            body["runName"] = args.run_name
        jobs = [call("POST", "/api/jobs", body)]
    for job in jobs:
        print(f"{job['id']}  {job['runName']}  {job['status']}")
    if args.wait:
        final = watch([job["id"] for job in jobs])
        print()
        summary(final)
        return 0 if all(job["status"] == "SUCCEEDED" for job in final) else 1
    return 0


def demo_models(args):
    """The demo's closing lines: where the sweep's models are and a curl line that tries one."""
    from demo_models import print_models
    jobs = call("GET", "/api/jobs?" + urllib.parse.urlencode({"sweep": DEMO_SWEEP, "size": 100}))["items"]
    print_models(jobs, GATEWAY, TOKEN, os.environ.get("TRAINBOARD_ARTIFACTS", "artifacts"),
                 os.environ.get("TRAINBOARD_DATA_DIR", "data"), os.environ.get("TRAINBOARD_STATE_DIR", ".trainboard"))
    return 0


def list_jobs(args):
    jobs = call("GET", "/api/jobs?" + urllib.parse.urlencode({"size": 100}))["items"]
    if not jobs:
        print("no jobs yet")
        return 0
    summary(jobs)
    return 0


def add_spec_flags(parser):
    """Flags for the JobSpec fields; the defaults are the tutorial's (the gateway's defaults too)."""
    parser.add_argument("--dataset", default="mnist", choices=["mnist", "fashion-mnist"])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--hidden-size", type=int, default=500)
    parser.add_argument("--optimizer", default="adam", choices=["adam", "sgd"])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "gpu"])
    parser.add_argument("--log-every", type=int, default=100, help="steps per logged loss/accuracy point")
    parser.add_argument("--train-limit", type=int, help="use only the first N training images")
    parser.add_argument("--test-limit", type=int, help="evaluate only the first N test images")


def main():
    parser = argparse.ArgumentParser(prog="./trainboard")
    commands = parser.add_subparsers(dest="command", required=True)

    demo_parser = commands.add_parser("demo")
    add_spec_flags(demo_parser)
    demo_parser.set_defaults(run=demo)

    submit_parser = commands.add_parser(
        "submit", help="submit a job, or a sweep over learning rates",
        description="Submit a JSON file (the body of POST /api/jobs, or of POST /api/sweeps when it has a 'grid') "
                    "or build a job from flags. With --sweep NAME, --lr takes a comma-separated list and the "
                    "gateway names the runs NAME-lr<value>.")
    submit_parser.add_argument("file", nargs="?", help="JSON file with a job or a sweep")
    submit_parser.add_argument("--run-name", help="run directory name; the gateway picks one when absent")
    submit_parser.add_argument("--lr", default="0.001", help="learning rate (a comma-separated list with --sweep)")
    submit_parser.add_argument("--sweep", help="submit one job per learning rate as a sweep of this name")
    submit_parser.add_argument("--wait", action="store_true", help="show progress until the jobs finish")
    add_spec_flags(submit_parser)
    submit_parser.set_defaults(run=submit)

    models_parser = commands.add_parser("demo-models", help="where the demo's models are, and a curl line")
    models_parser.set_defaults(run=demo_models)

    jobs_parser = commands.add_parser("jobs")
    jobs_parser.set_defaults(run=list_jobs)

    args = parser.parse_args()
    try:
        sys.exit(args.run(args))
    except ApiError as error:
        print(f"trainboard: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nstopped watching; the jobs go on (./trainboard jobs)")
        sys.exit(130)


if __name__ == "__main__":
    main()
