"""Writes .h5ad files with real AnnData (and one in anndata 0.7's layout with h5py) from a samples,x1..xD CSV.

usage: write_h5ad.py DATA.csv OUTDIR
Writes dense.h5ad, csr.h5ad, csc.h5ad, obsm.h5ad, legacy07.h5ad and mismatch.h5ad into OUTDIR.
All matrices are float64 so that they hold exactly the numbers of the CSV.
"""
import sys
import warnings
from pathlib import Path

import anndata as ad
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

warnings.simplefilter("ignore")
csv, out = sys.argv[1], Path(sys.argv[2])
# round_trip: pandas' default fast parser is not correctly rounded for 17-digit numbers
df = pd.read_csv(csv, float_precision="round_trip")
names = [c for c in df.columns if c != "samples"]
X = df[names].to_numpy(dtype=np.float64)
t = df["samples"].to_numpy(dtype=np.float64)
index = [f"cell{i}" for i in range(len(df))]
stage = [str(float(v)) for v in t]
obs = pd.DataFrame({"samples": t, "stage": pd.Categorical(stage)}, index=index)
var = pd.DataFrame(index=names)


def make(matrix, **kw):
    try:  # anndata 0.8 converts X to float32 unless told otherwise
        return ad.AnnData(X=matrix, obs=obs, dtype=np.float64, **kw)
    except TypeError:  # newer anndata dropped the dtype argument and keeps the dtype
        return ad.AnnData(X=matrix, obs=obs, **kw)


make(X, var=var).write_h5ad(out / "dense.h5ad")
make(sp.csr_matrix(X), var=var).write_h5ad(out / "csr.h5ad")
make(sp.csc_matrix(X), var=var).write_h5ad(out / "csc.h5ad")
a = make(X[:, :1].copy(), var=pd.DataFrame(index=["only"]))
a.obsm["X_pca"] = X
a.write_h5ad(out / "obsm.h5ad")

# anndata 0.7 layout: categorical codes in obs/<col>, categories in obs/__categories/<col>
with h5py.File(out / "legacy07.h5ad", "w") as f:
    f["X"] = X
    o = f.create_group("obs")
    o.attrs["_index"] = "_index"
    o.attrs["encoding-type"] = "dataframe"
    o["_index"] = np.array(index, dtype=h5py.string_dtype())
    codes, cats = pd.factorize(pd.Series(stage), sort=True)
    o["stage"] = codes.astype(np.int8)
    g = o.create_group("__categories")
    g["stage"] = np.array(list(cats), dtype=h5py.string_dtype())
    o["stage"].attrs["categories"] = g["stage"].ref
    v = f.create_group("var")
    v.attrs["_index"] = "_index"
    v["_index"] = np.array(names, dtype=h5py.string_dtype())

# a real AnnData file whose obs column was then cut short by one cell
make(X, var=var).write_h5ad(out / "mismatch.h5ad")
with h5py.File(out / "mismatch.h5ad", "r+") as f:
    short = f["obs/samples"][:-1]
    del f["obs/samples"]
    f["obs/samples"] = short
print("ok", ad.__version__)
