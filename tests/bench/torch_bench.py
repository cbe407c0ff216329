"""PyTorch side of the engine benchmarks: one scenario of scenarios.json.

    OPENBLAS_NUM_THREADS=B python3 torch_bench.py SCENARIOS.json NAME TORCH_THREADS [foreach|loop]

Builds the network the Hyperscope config describes (same widths, activation,
initialization family, loss, optimizer, learning rate and batch size), trains
it on data of the same kind and size with an idiomatic eager training loop
(a fresh permutation gathered once per epoch, then contiguous batches;
zero_grad(set_to_none=True), forward, loss, backward, step, loss.item();
the optimizer's multi-tensor "foreach" kernels unless told "loop"), and
prints one JSON object: the median samples/second over timed blocks of whole
epochs after a warm-up, the peak RSS of the process and the BLAS it used.
Run it with Debian's /usr/bin/python3 and python3-torch; the thread counts
of OpenBLAS come from the environment, so each setup is its own process.
"""

import json
import math
import os
import resource
import statistics
import sys
import time

import torch
from torch import nn


def make_data(config, generator):
    data = config.get("data", {})
    n = int(data.get("samples", 1000))
    kind = data.get("dataset", "spiral")
    classes = int(data.get("classes", 2))
    labels = torch.arange(n) % classes
    if kind == "blobs":
        dims = int(data.get("dimensions", 2))
        centres = torch.rand(classes, dims, generator=generator) * 2 - 1
        x = centres[labels] + 0.1 * torch.randn(n, dims, generator=generator)
    elif kind == "spiral":
        t = torch.rand(n, generator=generator)
        angle = 1.75 * 2 * math.pi * t + 2 * math.pi * labels / classes
        x = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1)
        x += float(data.get("noise", 0.1)) * torch.randn(n, 2, generator=generator)
    elif kind == "circle":
        radius = torch.where(labels == 0, 0.5 * torch.rand(n, generator=generator),
                             0.7 + 0.3 * torch.rand(n, generator=generator))
        angle = 2 * math.pi * torch.rand(n, generator=generator)
        x = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
        x += float(data.get("noise", 0.1)) * torch.randn(n, 2, generator=generator)
    else:
        raise SystemExit(f"torch_bench: no generator for data set {kind!r}")
    x = (x - x.mean(0)) / x.std(0).clamp_min(1e-12)  # z-score, as the engine's default
    return x.contiguous(), labels, classes


def make_model(config, inputs, classes):
    model_config = config.get("model", {})
    hidden = model_config.get("hidden", [8, 8])
    activation = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}[model_config.get("activation", "tanh")]
    init = model_config.get("init", "xavier_uniform")
    outputs = 1 if classes <= 2 else classes
    layers, width = [], inputs
    for h in hidden:
        layers += [nn.Linear(width, h), activation()]
        width = h
    layers.append(nn.Linear(width, outputs))
    model = nn.Sequential(*layers)
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                if init == "xavier_uniform":
                    nn.init.xavier_uniform_(layer.weight)
                elif init == "he_uniform":  # bound sqrt(6 / fan_in), as the engine's he_uniform
                    nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
                else:
                    raise SystemExit(f"torch_bench: no initializer {init!r}")
                layer.bias.zero_()
    return model, outputs


def make_optimizer(config, parameters, foreach):
    spec = config.get("training", {}).get("optimizer", {})
    kind, lr = spec.get("type", "adam"), float(spec.get("lr", 0.01))
    if kind == "sgd":
        return torch.optim.SGD(parameters, lr=lr, foreach=foreach)
    if kind == "adam":
        return torch.optim.Adam(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-8, foreach=foreach)
    raise SystemExit(f"torch_bench: no optimizer {kind!r}")


def blas_name():
    try:
        with open(f"/proc/{os.getpid()}/maps") as maps:
            text = maps.read()
    except OSError:
        return "unknown"
    for name in ("openblas", "mkl", "blis", "atlas"):
        if name in text:
            return name
    return "reference" if "libblas" in text else "unknown"


def main():
    path, name, torch_threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # foreach=True (multi-tensor optimizer kernels) is PyTorch 1.13's faster
    # CPU optimizer path (up to 4x on the Adam step of mnist-like); its
    # default on CPU is the per-parameter loop. "loop" selects that one.
    foreach = len(sys.argv) <= 4 or sys.argv[4] != "loop"
    with open(path) as f:
        scenario = next(s for s in json.load(f)["scenarios"] if s["name"] == name)
    config = scenario["config"]
    torch.set_num_threads(torch_threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    generator = torch.Generator().manual_seed(1)

    x, labels, classes = make_data(config, generator)
    model, outputs = make_model(config, x.shape[1], classes)
    if outputs == 1:
        loss_fn = nn.BCEWithLogitsLoss()
        y = labels.to(torch.float32).unsqueeze(1)
    else:
        loss_fn = nn.CrossEntropyLoss()
        y = labels
    optimizer = make_optimizer(config, model.parameters(), foreach)
    batch = int(config.get("training", {}).get("batch_size", 32))
    n = x.shape[0]

    last_loss = float("nan")

    def epoch():
        nonlocal last_loss
        order = torch.randperm(n)
        xs, ys = x[order], y[order]
        total = 0.0
        for start in range(0, n, batch):
            xb, yb = xs[start:start + batch], ys[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.shape[0]
        last_loss = total / n

    elapsed = 0.0
    for _ in range(int(scenario.get("warmup_epochs", 1))):
        t0 = time.perf_counter()
        epoch()
        elapsed = time.perf_counter() - t0
    per_block = max(1, math.ceil(float(scenario.get("block_seconds", 0.0)) / max(elapsed, 1e-9)))
    rates, cpu_rates = [], []
    for _ in range(int(scenario.get("blocks", 5))):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(per_block):
            epoch()
        rates.append(n * per_block / (time.perf_counter() - t0))
        cpu_rates.append(n * per_block / (time.process_time() - c0))

    print(json.dumps({
        "framework": "pytorch",
        "scenario": name,
        "torch_threads": torch_threads,
        "optimizer_foreach": foreach,
        "openblas_threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0),
        "samples_per_second": statistics.median(rates),
        "block_rates": rates,
        "samples_per_cpu_second": statistics.median(cpu_rates),
        "epochs_per_block": per_block,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "final_train_loss": last_loss,
        "blas": blas_name(),
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    main()
