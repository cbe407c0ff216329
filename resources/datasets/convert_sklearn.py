#!/usr/bin/env python3
"""Regenerates iris.csv, breast_cancer.csv and digits.csv from the copies that
ship with Debian's python3-sklearn (apt-get install python3-sklearn).

Values are copied as text, unchanged; only the header and the label column
are rewritten: a header row with the feature names and a final `label`
column with readable class names. Uses the standard library only.
"""
import csv
import gzip
import io
import pathlib

SRC = pathlib.Path("/usr/lib/python3/dist-packages/sklearn/datasets/data")
OUT = pathlib.Path(__file__).resolve().parent

IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
CANCER_FEATURES = [
    f"{stat} {name}" if stat != "error" else f"{name} error"
    for stat in ("mean", "error", "worst")
    for name in ("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                 "concavity", "concave points", "symmetry", "fractal dimension")
]
DIGITS_FEATURES = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]


def convert(rows, features, class_names, out_name, has_count_header):
    if has_count_header:   # sklearn's first line: n_samples, n_features, class names...
        rows = rows[1:]
    with open(OUT / out_name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(features + ["label"])
        for row in rows:
            if not row:
                continue
            assert len(row) == len(features) + 1, (out_name, row)
            w.writerow(row[:-1] + [class_names[int(row[-1])]])


def read(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as f:
        return list(csv.reader(io.StringIO(f.read())))


convert(read(SRC / "iris.csv"), IRIS_FEATURES, ["setosa", "versicolor", "virginica"], "iris.csv", True)
# sklearn codes malignant as 0, benign as 1; the names are what matters here
# (the loader orders classes benign = 0, malignant = 1: malignant is the positive class).
convert(read(SRC / "breast_cancer.csv"), CANCER_FEATURES, ["malignant", "benign"], "breast_cancer.csv", True)
convert(read(SRC / "digits.csv.gz"), DIGITS_FEATURES, [str(d) for d in range(10)], "digits.csv", False)
