#!/usr/bin/python3
"""Hyperscope engine vs PyTorch on the scenarios of scenarios.json.

    cmake --workflow --preset bench            # builds bench_train, then runs this
    /usr/bin/python3 tests/bench/run_benchmarks.py --bench-train build/bench/bin/bench_train

For every scenario and thread count (1 and 2) it runs, each in its own
process, interleaved: the Hyperscope harness (bench_train, the real Trainer
with every per-layer statistic) and PyTorch in each of its setups for that
thread count (1 thread: torch 1 + OpenBLAS 1; 2 threads: torch 1 + OpenBLAS 2
and torch 2 + OpenBLAS 1; each with the optimizer's foreach kernels and with
its per-parameter loop), with the OpenBLAS kernel that is fastest on this CPU.
The ratio is taken against PyTorch's best setup. It prints one table
and can save every measurement as JSON (--json). Needs Debian's python3-torch
and libopenblas0-pthread (without OpenBLAS, torch runs on the reference BLAS).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

GEMM_PROBE = """
import time, torch
torch.set_num_threads(1)
w, x = torch.randn(256, 784), torch.randn(128, 784)
for _ in range(3): x @ w.t()
best = 1e9
for _ in range(5):
    t0 = time.perf_counter()
    for _ in range(10): x @ w.t()
    best = min(best, (time.perf_counter() - t0) / 10)
print(2 * 256 * 784 * 128 / best / 1e9)
"""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def run_json(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"run_benchmarks: {' '.join(command)} failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def torch_env(torch_threads, blas_threads, coretype):
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = str(blas_threads)
    env["OMP_NUM_THREADS"] = str(torch_threads)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    else:
        env.pop("OPENBLAS_CORETYPE", None)
    return env


def best_openblas_kernel():
    """The OpenBLAS kernel (OPENBLAS_CORETYPE) with the fastest sgemm here."""
    candidates = [os.environ.get("OPENBLAS_CORETYPE", "")]
    flags = cpu_flags()
    if "avx512f" in flags:
        candidates.append("SkylakeX")
    if "avx2" in flags:
        candidates.append("Haswell")
    results = {}
    for coretype in dict.fromkeys(candidates):
        out = subprocess.run([PYTHON, "-c", GEMM_PROBE], env=torch_env(1, 1, coretype),
                             capture_output=True, text=True)
        if out.returncode == 0:
            results[coretype] = float(out.stdout.strip().splitlines()[-1])
    if not results:
        raise SystemExit("run_benchmarks: torch does not run: apt-get install -y python3-torch libopenblas0-pthread")
    best = max(results, key=results.get)
    return best, results


def torch_setups(threads):
    """(torch threads, OpenBLAS threads, optimizer kernels) that use `threads` cores.
    Neither optimizer path wins everywhere (foreach is faster on playground
    and mnist-like, the per-parameter loop on medium), so both are tried."""
    pairs = [(1, 1)] if threads == 1 else [(1, threads), (threads, 1)]
    return [(t, b, kernels) for t, b in pairs for kernels in ("foreach", "loop")]


def fmt_ratio(ratio):
    """Two decimals below 10: the targets' 1.6x and 2x are not met by rounding up."""
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.1f}x"


def fmt_rate(value):
    if value >= 1e6:
        return f"{value / 1e6:.2f}M"
    if value >= 1e3:
        return f"{value / 1e3:.1f}k"
    return f"{value:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-train", default=os.path.join(HERE, "..", "..", "build", "bench", "bin", "bench_train"))
    parser.add_argument("--scenarios", default=os.path.join(HERE, "scenarios.json"))
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setup; the median run counts")
    parser.add_argument("--json", help="also write every measurement to this file")
    args = parser.parse_args()

    bench = os.path.abspath(args.bench_train)
    if not os.path.exists(bench):
        raise SystemExit(f"run_benchmarks: {bench} not found: build it with `cmake --workflow --preset bench`")
    with open(args.scenarios) as f:
        scenarios = [s for s in json.load(f)["scenarios"] if not args.only or s["name"] in args.only]
    thread_counts = [int(t) for t in args.threads.split(",")]

    load_before = load_average()
    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical cores; load average {load_before:.2f}", flush=True)
    if load_before > 0.7:
        print("warning: the machine is busy; numbers will be noisy (run again when `uptime` shows a low load)",
              flush=True)
    peak = run_json([bench, "peak"])
    coretype, probes = best_openblas_kernel()
    probe_text = ", ".join(f"{k or 'autodetect'} {v:.0f} GFLOP/s" for k, v in probes.items())
    print(f"FMA peak (8-wide, 12 chains): {peak['fma8_gflops_1']:.0f} GFLOP/s on 1 core, "
          f"{peak['fma8_gflops_all']:.0f} on {peak['cores']}"
          + (f"; 16-wide: {peak['fma16_gflops_1']:.0f} / {peak['fma16_gflops_all']:.0f}" if "fma16_gflops_1" in peak else ""),
          flush=True)
    print(f"PyTorch OpenBLAS kernel: {coretype or 'autodetect'} (sgemm 128x784x256, 1 thread: {probe_text})", flush=True)

    records = []
    rows = []
    for scenario in scenarios:
        name = scenario["name"]
        for threads in thread_counts:
            ours, theirs = [], {}
            for _ in range(args.repeat):
                # Interleaved: ours, then each PyTorch setup, then ours again on the next repeat.
                ours.append(run_json([bench, "run", args.scenarios, name, str(threads)]))
                for torch_threads, blas_threads, kernels in torch_setups(threads):
                    result = run_json([PYTHON, os.path.join(HERE, "torch_bench.py"), args.scenarios, name,
                                       str(torch_threads), kernels],
                                      env=torch_env(torch_threads, blas_threads, coretype))
                    theirs.setdefault((torch_threads, blas_threads, kernels), []).append(result)
            records += ours + [r for runs in theirs.values() for r in runs]

            def median_run(runs):
                return sorted(runs, key=lambda r: r["samples_per_second"])[len(runs) // 2]

            hs = median_run(ours)
            best_setup, best = max(((k, median_run(v)) for k, v in theirs.items()),
                                   key=lambda kv: kv[1]["samples_per_second"])
            peak8 = peak["fma8_gflops_1"] if threads == 1 else peak["fma8_gflops_all"]
            peak16 = peak.get("fma16_gflops_1" if threads == 1 else "fma16_gflops_all")
            gflops = hs["gflops"]
            rows.append({
                "scenario": name, "threads": threads,
                "hyperscope": hs["samples_per_second"], "pytorch": best["samples_per_second"],
                "pytorch_setup": f"t{best_setup[0]}/ob{best_setup[1]}/{best_setup[2]}",
                "ratio": hs["samples_per_second"] / best["samples_per_second"],
                "cpu_ratio": hs["samples_per_cpu_second"] / best["samples_per_cpu_second"],
                "gflops": gflops, "peak8": 100 * gflops / peak8,
                "peak16": 100 * gflops / peak16 if peak16 else None,
                "rss": hs["peak_rss_mib"], "torch_rss": best["peak_rss_mib"],
                "allocs": hs["allocations_per_step"], "allocs_end": hs["allocations_per_epoch_end"],
                "torch_blas": best["blas"],
            })
            r = rows[-1]
            print(f"  {name} x{threads}: {fmt_rate(r['hyperscope'])}/s vs PyTorch {fmt_rate(r['pytorch'])}/s "
                  f"({r['pytorch_setup']}) = {fmt_ratio(r['ratio'])}", flush=True)

    load_after = load_average()
    print()
    header = ("| scenario | threads | Hyperscope samples/s | PyTorch best samples/s (setup) | ratio "
              "| ratio per CPU-second | GEMM GFLOP/s (% of 8-wide FMA peak; of 16-wide) "
              "| peak RSS MiB (ours / PyTorch) | allocations per step (per epoch end) |")
    print(header)
    print("|" + "---|" * 9)
    for r in rows:
        flops = "" if r["scenario"] != "mnist-like" else (
            f"{r['gflops']:.0f} ({r['peak8']:.0f}%" + (f"; {r['peak16']:.0f}%" if r["peak16"] else "") + ")")
        print(f"| {r['scenario']} | {r['threads']} | {fmt_rate(r['hyperscope'])} | {fmt_rate(r['pytorch'])} "
              f"({r['pytorch_setup']}) | {fmt_ratio(r['ratio'])} | {fmt_ratio(r['cpu_ratio'])} | {flops} "
              f"| {r['rss']:.0f} / {r['torch_rss']:.0f} "
              f"| {r['allocs']:.2f} ({r['allocs_end']:.0f}) |")
    print()
    print("ratio per CPU-second: samples per second of process CPU time (all threads), ours over PyTorch's; "
          "on a busy machine it is the steadier number.")
    print(f"PyTorch setups: tA/obB/K = torch.set_num_threads(A), OPENBLAS_NUM_THREADS=B, optimizer "
          f"foreach=True (foreach) or the per-parameter loop (loop); OpenBLAS kernel "
          f"{coretype or 'autodetect'}, BLAS {rows[0]['torch_blas'] if rows else '?'}. "
          f"Load average {load_before:.2f} before, {load_after:.2f} after; {time.strftime('%Y-%m-%d %H:%M')}.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"peak": peak, "openblas_probe": probes, "rows": rows, "runs": records,
                       "cpu": cpu_model(), "load": [load_before, load_after]}, f, indent=1)


if __name__ == "__main__":
    main()
