"""The six statutory gender pay gap measures in pandas, as an analyst would write them: the peer
that benches/workforce.sh times Due Regard against. It reads the same synthetic extract.

Quartile bands follow the guidance's band sizes, split by position after sorting by hourly rate;
it does not share ties across a boundary in proportion (Due Regard does), which only makes it
faster. Usage: python3 paygap_pandas.py FILE
"""
import sys
import time

import numpy as np
import pandas as pd
from pay_gap_columns import PAY_GAP_COLUMNS

start = time.perf_counter()
df = pd.read_csv(
    sys.argv[1],
    usecols=PAY_GAP_COLUMNS,
    dtype={"Sex": "category", "On leave with reduced pay": "category"},
)
read = time.perf_counter()

men = df["Sex"] == "M"
women = df["Sex"] == "F"
fpre = df["On leave with reduced pay"] != "Yes"
rate = df["Ordinary pay in pay period"] * 7 / df["Pay period days"] / df["Contracted weekly hours"]


def gap(a, b):
    return (a - b) / a * 100


measures = {}
measures["mean_hourly"] = gap(rate[fpre & men].mean(), rate[fpre & women].mean())
measures["median_hourly"] = gap(rate[fpre & men].median(), rate[fpre & women].median())
bonus = df["Bonus pay in 12 months"]
paid = bonus > 0
measures["mean_bonus"] = gap(bonus[paid & men].mean(), bonus[paid & women].mean())
measures["median_bonus"] = gap(bonus[paid & men].median(), bonus[paid & women].median())
measures["men_paid_bonus"] = (paid & men).sum() / men.sum() * 100
measures["women_paid_bonus"] = (paid & women).sum() / women.sum() * 100

ranked = pd.DataFrame({"rate": rate[fpre & (men | women)], "man": men[fpre & (men | women)]})
ranked = ranked.sort_values("rate", kind="mergesort")
n = len(ranked)
q, r = divmod(n, 4)
sizes = [q + (r >= 1), q + (r >= 3), q + (r >= 2), q]
edges = np.cumsum([0] + sizes)
man = ranked["man"].to_numpy()
for band, (lo, hi) in zip(["lower", "lower_middle", "upper_middle", "upper"], zip(edges, edges[1:])):
    share = man[lo:hi].mean() * 100
    measures[f"men_{band}"] = share
    measures[f"women_{band}"] = 100 - share
done = time.perf_counter()

for k, v in measures.items():
    print(f"{k}: {v:.1f}")
print(f"pandas read_seconds={read - start:.3f} total_seconds={done - start:.3f}")
