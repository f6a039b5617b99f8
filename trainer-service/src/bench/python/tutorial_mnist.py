"""The PyTorch TensorBoard tutorial's MNIST training loop, as the baseline for TrainingBenchmark.

Same network (784 -> Linear(500) -> ReLU -> Linear(10)), cross-entropy, Adam lr 0.001, batch 100,
2 epochs, a shuffled DataLoader over torchvision's MNIST with ToTensor() per image, and the
tutorial's per-step bookkeeping (loss.item(), arg-max, correct count) with a log line every 100 steps.
It writes no event files: Debian packages no `tensorboard` Python module, and the tutorial's
SummaryWriter calls happen once per 100 steps, so leaving them out changes the time by little.

Usage: python3 tutorial_mnist.py DATA_DIR [THREADS]
DATA_DIR/mnist holds the four raw IDX files; THREADS sets torch's intra-op threads (default: torch's own).
Prints one line per epoch and a last line `images/s <value>` over the whole training.
"""
import os
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as transforms


class FeedForward(nn.Module):
    def __init__(self, inputs, hidden, classes):
        super().__init__()
        self.l1 = nn.Linear(inputs, hidden)
        self.relu = nn.ReLU()
        self.l2 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.l2(self.relu(self.l1(x)))


def mnist_root(data_dir):
    # torchvision looks for the raw files under <root>/MNIST/raw; link ours there instead of copying.
    root = tempfile.mkdtemp(prefix="tutorial-mnist-")
    os.makedirs(os.path.join(root, "MNIST"))
    os.symlink(os.path.abspath(os.path.join(data_dir, "mnist")), os.path.join(root, "MNIST", "raw"))
    return root


def main(data_dir, threads):
    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    root = mnist_root(data_dir)
    train = torchvision.datasets.MNIST(root=root, train=True, transform=transforms.ToTensor(), download=False)
    test = torchvision.datasets.MNIST(root=root, train=False, transform=transforms.ToTensor(), download=False)
    train_loader = torch.utils.data.DataLoader(train, batch_size=100, shuffle=True)
    test_loader = torch.utils.data.DataLoader(test, batch_size=100, shuffle=False)

    model = FeedForward(784, 500, 10)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    epochs = 2
    steps = len(train_loader)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)

    started = time.perf_counter()
    running_loss = 0.0
    running_correct = 0
    for epoch in range(epochs):
        epoch_started = time.perf_counter()
        for i, (images, labels) in enumerate(train_loader):
            images = images.reshape(-1, 28 * 28)
            outputs = model(images)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
            _, predicted = torch.max(outputs.data, 1)
            running_correct += (predicted == labels).sum().item()
            if (i + 1) % 100 == 0:
                step = epoch * steps + i
                print(f"step {step} loss {running_loss / 100:.4f} accuracy {running_correct / 100:.2f}", flush=True)
                running_loss = 0.0
                running_correct = 0
        print(f"epoch {epoch + 1} {time.perf_counter() - epoch_started:.2f} s", flush=True)
    seconds = time.perf_counter() - started

    correct = 0
    with torch.no_grad():
        for images, labels in test_loader:
            _, predicted = torch.max(model(images.reshape(-1, 28 * 28)), 1)
            correct += (predicted == labels).sum().item()
    print(f"test accuracy {correct / len(test):.4f}", flush=True)
    print(f"images/s {len(train) * epochs / seconds:.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
