#!/usr/bin/python3
"""Regenerates the expected values in tests/model/test_metrics_crosscheck.cpp.

Run with Debian's scikit-learn 1.2 (/usr/bin/python3, package python3-sklearn)
and paste the printed rows into the test. The data are not stored: both sides
draw them from the same SplitMix64 stream, so only the seeds and the sklearn
results appear in the test. `undefined` marks a value sklearn leaves
undefined (one class only), which Hyperscope reports as nullopt.
"""
import warnings

import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score,
                             precision_recall_fscore_support, roc_auc_score)

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, m):
        return self.next() % m


def binary_case(seed, n, levels, base):
    """Scores k / levels (many ties when levels << n); P(positive) grows with k."""
    rng = SplitMix64(seed)
    labels, scores = [], []
    for _ in range(n):
        k = rng.below(levels)
        scores.append(k / levels)
        labels.append(1 if rng.below(1000) < base + (600 * k) // levels else 0)
    return np.array(labels), np.array(scores)


def multiclass_case(seed, n, classes, levels):
    """Integer weights, the true class gets a bonus; columns normalised, float32."""
    rng = SplitMix64(seed)
    labels, columns = [], []
    for _ in range(n):
        label = rng.below(classes)
        weights = [1 + rng.below(levels) for _ in range(classes)]
        weights[label] += rng.below(levels)
        total = float(sum(weights))
        labels.append(label)
        columns.append([np.float32(w / total) for w in weights])
    return np.array(labels), np.array(columns, dtype=np.float32)


BINARY = [  # seed, n, levels, base
    (1, 1, 3, 300), (2, 2, 2, 500), (3, 3, 1, 500), (4, 5, 2, 300), (5, 8, 3, 200),
    (6, 13, 1, 400), (7, 21, 4, 100), (8, 34, 5, 300), (9, 55, 10, 250), (10, 89, 3, 50),
    (11, 144, 7, 350), (12, 233, 20, 200), (13, 377, 2, 150), (14, 610, 50, 300),
    (15, 987, 100, 100), (16, 1597, 1000, 250), (17, 2584, 6, 20), (18, 4181, 1 << 20, 200),
    (19, 10000, 30, 300), (20, 50000, 200, 150),
]
MULTICLASS = [  # seed, n, classes, levels
    (101, 12, 3, 3), (102, 200, 3, 5), (103, 40, 10, 4), (104, 3000, 10, 20),
]


def r(x):
    return "undefined" if np.isnan(x) else repr(float(x))


def main():
    warnings.simplefilter("ignore")
    print("// seed, n, levels, base, roc_auc_score, average_precision_score")
    for seed, n, levels, base in BINARY:
        y, s = binary_case(seed, n, levels, base)
        positives = int(y.sum())
        auc = roc_auc_score(y, s) if 0 < positives < n else float("nan")
        ap = average_precision_score(y, s) if positives > 0 else float("nan")
        print(f"{{{seed}, {n}, {levels}, {base}, {r(auc)}, {r(ap)}}},")
    print("// seed, n, classes, levels, accuracy, macro P, R, F1, weighted F1, macro AUC, macro AP")
    for seed, n, classes, levels in MULTICLASS:
        y, p = multiclass_case(seed, n, classes, levels)
        labels = list(range(classes))
        predicted = np.argmax(p, axis=1)
        macro = precision_recall_fscore_support(y, predicted, labels=labels, average="macro",
                                                zero_division=0)
        weighted = precision_recall_fscore_support(y, predicted, labels=labels,
                                                   average="weighted", zero_division=0)
        if len(np.unique(y)) == classes:  # sklearn's own one-vs-rest macro average
            auc = roc_auc_score(y, p.astype(np.float64), multi_class="ovr", labels=labels)
            ap = average_precision_score(np.eye(classes)[y], p, average="macro")
        else:  # sklearn raises: average the classes where it is defined
            auc = np.nanmean([roc_auc_score(y == k, p[:, k]) if (y == k).any() else np.nan
                              for k in labels])
            ap = np.nanmean([average_precision_score(y == k, p[:, k]) if (y == k).any() else np.nan
                             for k in labels])
        values = [accuracy_score(y, predicted), *macro[:3], weighted[2], auc, ap]
        print(f"{{{seed}, {n}, {classes}, {levels}, " + ", ".join(r(v) for v in values) + "},")


if __name__ == "__main__":
    main()
