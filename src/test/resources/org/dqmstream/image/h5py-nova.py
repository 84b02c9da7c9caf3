"""Writes h5py-nova.h5: three NOvA CVN events as h5py writes them, cvnmap chunked two events at a time
and gzip-compressed, so the last chunk is partial (NovaFileTest reads it; jhdf 0.9.4 read such an edge
chunk of a slice as zeros). Event i has every pixel i + 1. Rerun with: python3 h5py-nova.py (h5py 3.7)."""
import h5py
import numpy as np

events = 3
with h5py.File("h5py-nova.h5", "w") as f:
    images = np.repeat(np.arange(1, events + 1, dtype=np.uint8)[:, None], 2 * 100 * 80, axis=1)
    f.create_dataset("cvnmap", data=images, chunks=(2, 2 * 100 * 80), compression="gzip")
    truth = f.create_group("neutrino")
    truth["interaction"] = np.array([0, 1, 13], dtype=np.int32)
    truth["finalstate"] = np.zeros(events, dtype=np.int32)
    truth["nuenergy"] = np.array([1.5, 2.0, 2.5], dtype=np.float32)
    truth["lepenergy"] = np.array([1.0, 1.2, 0.0], dtype=np.float32)
