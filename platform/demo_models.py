"""The demo's closing lines: where the sweep's trained models are, and a curl line that asks one about a digit.

The digit is the MNIST test set's first image (a 7), written as an 8-bit grayscale PNG, white ink on black,
as the predict endpoint takes it.
"""

import gzip
import os
import struct
import zlib

MODEL_FILES = ("mnist-0000.params", "model.json")


def model_directory(artifacts, job_id):
    """The final model's directory per the artifact store's layout; it exists once COMPLETE is written in it."""
    return os.path.join(artifacts, job_id, "model")


def read_idx(path):
    """An IDX file of unsigned bytes (raw or gzip): its dimensions and its values."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as file:
        data = file.read()
    dimensions = data[3]
    sizes = struct.unpack(">" + "I" * dimensions, data[4:4 + 4 * dimensions])
    return sizes, data[4 + 4 * dimensions:]


def first_test_digit(mnist_dir):
    """The first test image, as (label, 28 rows of 28 grey values)."""
    def find(name):
        return next(path for path in (os.path.join(mnist_dir, name), os.path.join(mnist_dir, name + ".gz"))
                    if os.path.isfile(path))
    (_, rows, columns), pixels = read_idx(find("t10k-images-idx3-ubyte"))
    _, labels = read_idx(find("t10k-labels-idx1-ubyte"))
    return labels[0], [pixels[row * columns:(row + 1) * columns] for row in range(rows)]


def write_grey_png(path, rows):
    """An 8-bit grayscale PNG: signature, IHDR, one IDAT of unfiltered rows, IEND."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
                   + chunk(b"IEND", b""))


def print_models(jobs, gateway, token, artifacts, data_dir, state_dir):
    """Prints each run's model directory and a curl line that sends a test digit to the first written model."""
    if not jobs:
        return
    print("The trained models (DJL parameters and model.json; GET /api/jobs/ID/model downloads one as a zip):")
    width = max(len(job["runName"]) for job in jobs)
    written = []
    for job in sorted(jobs, key=lambda j: j["runName"]):
        directory = model_directory(artifacts, job["id"])
        complete = os.path.isfile(os.path.join(directory, "COMPLETE"))
        if complete:
            written.append(job)
        print(f"  {job['runName'].ljust(width)}  {directory}{'' if complete else '  (not written)'}")
    if not written:
        # A sweep found finished in the database was trained from another checkout, whose artifact store has them.
        print("No model of this sweep is in this checkout's artifact store: ./trainboard reset, then ./trainboard demo,"
              " trains the sweep here.")
        return
    os.makedirs(state_dir, exist_ok=True)
    label, rows = first_test_digit(os.path.join(data_dir, "mnist"))
    png = os.path.join(state_dir, f"digit-{label}.png")
    write_grey_png(png, rows)
    first = written[0]
    reader = "dev-reader-token" if token == "dev-submitter-token" else "$TRAINBOARD_TOKEN"
    print(f"Ask {first['runName']}'s model about a test digit (a {label}, in {png}):")
    print(f"  curl -s -X POST {gateway}/api/jobs/{first['id']}/predict -H 'Authorization: Bearer {reader}' "
          f"-H 'Content-Type: image/png' --data-binary @{png}")
