"""Writes CSV (samples,x1,…) as an AnnData file with its own cell names, rows shuffled, time as a categorical obs
column 'samples' and an unrelated string column 'batch' (usage: make_named_h5ad.py IN.csv OUT.h5ad)."""
import sys

import anndata as ad
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1])
order = np.random.default_rng(3).permutation(len(df))
df = df.iloc[order].reset_index(drop=True)
features = [c for c in df.columns if c != "samples"]
obs = pd.DataFrame(index=[f"zelle-{i:04d}-é" for i in order])
obs["batch"] = ["b%d" % (i % 3) for i in range(len(df))]
obs["samples"] = pd.Categorical(df["samples"].astype(int).astype(str))
a = ad.AnnData(X=df[features].to_numpy(dtype=np.float64), obs=obs, var=pd.DataFrame(index=features))
a.write_h5ad(sys.argv[2])
