"""PyTorch's SummaryWriter writing scalar events, the baseline of ScalarWriteBenchmark.

The same event as the Java benchmark's: tag `training loss`, a float value, an increasing step and a
fractional wall time, written with add_scalar for about 10 s; the file is flushed and closed before the
clock stops. Prints `events/s <value>`, or `unavailable: <reason>` (exit 3) when torch or the Python
package tensorboard, which torch.utils.tensorboard needs, is missing.
"""
import shutil
import sys
import tempfile
import time

try:
    from torch.utils.tensorboard import SummaryWriter
except ImportError as missing:
    print(f"unavailable: needs the Python package tensorboard, which Debian does not package ({missing})")
    sys.exit(3)

START = 1.7e9
SECONDS = 10
BATCH = 1000


def main():
    logdir = tempfile.mkdtemp(prefix="summary-writer-bench-")
    writer = SummaryWriter(logdir)
    step = 0
    started = time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        for _ in range(BATCH):
            writer.add_scalar("training loss", step * 1e-3, step, walltime=START + step * 1e-3)
            step += 1
    writer.close()
    seconds = time.perf_counter() - started
    shutil.rmtree(logdir)
    print(f"events/s {step / seconds:.1f}")


if __name__ == "__main__":
    main()
