"""How long the quickest open CSV readers take to read the same extract, doing nothing else:
pyarrow (C++) and polars (Rust), both vectorised and using every core. They show what reading the
file alone costs on this machine, before any checking, pseudonymising or analysis.
Usage: python3 read_csv_peers.py FILE RUNS
"""
import sys
import time

import polars as pl
import pyarrow
import pyarrow.csv as pacsv
from pay_gap_columns import PAY_GAP_COLUMNS

path, runs = sys.argv[1], int(sys.argv[2])
readers = {
    "pyarrow_all_columns": lambda: pacsv.read_csv(path),
    "polars_all_columns": lambda: pl.read_csv(path),
    "polars_seven_columns": lambda: pl.read_csv(path, columns=PAY_GAP_COLUMNS),
}
best = {}
for _ in range(runs):
    for name, read in readers.items():
        start = time.perf_counter()
        table = read()
        took = time.perf_counter() - start
        assert table.shape[0] > 0
        best[name] = min(best.get(name, took), took)
print(f"pyarrow {pyarrow.__version__}, polars {pl.__version__}, best of {runs}")
print(" ".join(f"{name}_seconds={took:.3f}" for name, took in best.items()))
