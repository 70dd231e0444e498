"""Reads a ruot4j export with anndata, joins it onto the input AnnData the way the README and notebook 02 show,
and prints what the Java test checks as JSON (usage: read_export.py RESULT.h5ad INPUT.h5ad|- OUT.json)."""
import json
import sys

import anndata as ad
import numpy as np

r = ad.read_h5ad(sys.argv[1])
u = r.uns["ruot4j"]
out = {
    "n_obs": int(r.n_obs), "var_names": list(r.var_names), "obs_names": list(r.obs_names),
    "obs_columns": list(r.obs.columns), "obsm_keys": sorted(r.obsm.keys()),
    "time": r.obs["time"].tolist(), "growth": r.obs["ruot4j_growth"].tolist(),
    "fate": [str(f) for f in r.obs["ruot4j_fate"]],
    "fate_probability": np.column_stack([r.obs["ruot4j_fate_probability_%d" % (f + 1)]
                                         for f in range(len(u["fates"]["names"]))]).tolist(),
    "X": np.asarray(r.X).tolist(), "velocity": np.asarray(r.obsm["ruot4j_velocity"]).tolist(),
    "drift": np.asarray(r.obsm["ruot4j_drift"]).tolist(),
    "coordinates": np.asarray(r.obsm["ruot4j_coordinates"]).tolist(),
    "sigma": float(u["sigma"]), "config_sigma": str(u["config"]["sigma"]), "preset": str(u["preset"]),
    "fate_names": [str(f) for f in u["fates"]["names"]],
    "ode_w1": [None if np.isnan(v) else float(v) for v in u["metrics"]["ode"]["w1"]],
    "times": [float(t) for t in u["times"]],
}
if sys.argv[2] != "-":
    adata = ad.read_h5ad(sys.argv[2])
    # the join (README, notebook 02): ruot4j's per-cell results onto the user's own AnnData, in its cell order
    res = ad.read_h5ad(sys.argv[1])[adata.obs_names]
    adata.obs = adata.obs.join(res.obs.drop(columns="time")); adata.obsm.update(res.obsm)
    out["joined"] = {
        "obs_names": list(adata.obs_names), "samples": [float(s) for s in adata.obs["samples"]],
        "X": np.asarray(adata.X).tolist(), "growth": adata.obs["ruot4j_growth"].tolist(),
        "velocity": np.asarray(adata.obsm["ruot4j_velocity"]).tolist(), "batch": list(adata.obs["batch"]),
    }
with open(sys.argv[3], "w") as f:
    json.dump(out, f)
