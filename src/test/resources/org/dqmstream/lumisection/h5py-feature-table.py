"""Writes h5py-feature-table.h5: a lumisection feature table as an analyst's h5py script would, with
numpy's own types (int64, float64, variable-length strings) and chunked, gzip-compressed datasets.
LumisectionHdf5Test reads it. Rerun with: python3 h5py-feature-table.py (h5py 3.7, numpy 1.24)."""
import h5py
import numpy as np

names = ["minibias_muons_eta_q1_p1", "minibias_muons_eta_q1_p25", "minibias_muons_phi_q2_mean",
         "muons_calo_pt_q5_p99", "photons_PF_mass_q3_std", "minibias_nEvents"]
rows = 5
with h5py.File("h5py-feature-table.h5", "w") as f:
    f["run"] = np.full(rows, 146274, dtype=np.int64)
    f["lumisection"] = np.arange(1, rows + 1, dtype=np.int64)
    f["timestamp"] = 1285891200000 + 23310 * np.arange(rows, dtype=np.int64)
    f["feature_names"] = np.array(names, dtype=h5py.string_dtype())
    values = np.arange(rows)[:, None] + np.arange(len(names))[None, :] / 10.0
    f.create_dataset("features", data=values, chunks=(2, len(names)), compression="gzip")
    f["streams"] = np.array(["minibias", "muons"], dtype=h5py.string_dtype())
    f["luminosity"] = np.array([[1.5 + i, 0.5] for i in range(rows)])
    f["events"] = np.array([[1000 * (i + 1), 20] for i in range(rows)], dtype=np.int64)
    f["bad_subsystems"] = np.array(["", "Muon", "", "Ecal;Hcal", ""], dtype=h5py.string_dtype())
