"""Loads a dataset written by Orrery's `export(data, "name")` in one line:

    from orrery_dataset import load
    d = load("out/balls")     # d.frames[i]: uint8 (T, H, W, 3); d.states[i]: float (T, B, 7)

Format (docs/external-protocol.md#datasets): `dataset.json` (scenes, true states, split)
and one `rollout_NNN.npy` of frames per rollout. Needs numpy only.
"""
import json
import os
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Dataset:
    path: str
    meta: dict
    frames: list = field(default_factory=list)   # per rollout: uint8 (T, H, W, 3)
    states: list = field(default_factory=list)   # per rollout: float64 (T, B, len(state_fields)); NaN where absent
    bodies: list = field(default_factory=list)   # per rollout: body names, the order of states' axis 1
    split: list = field(default_factory=list)    # per rollout: "train" or "held_out"

    @property
    def train(self):
        """Indices of the training rollouts."""
        return [i for i, s in enumerate(self.split) if s == "train"]

    @property
    def held_out(self):
        """Indices of the held-out rollouts."""
        return [i for i, s in enumerate(self.split) if s == "held_out"]

    def __len__(self):
        return len(self.frames)


def load(path, frames=True):
    """The export at `path` (a folder with dataset.json); `frames=False` skips the .npy files."""
    with open(os.path.join(path, "dataset.json")) as f:
        meta = json.load(f)
    if meta.get("format") != "orrery-dataset/1":
        raise ValueError(f"{path}: not an Orrery dataset export (format {meta.get('format')!r})")
    d = Dataset(path=path, meta=meta)
    width = len(meta["state_fields"])
    for r in meta["rollouts"]:
        if frames:
            d.frames.append(np.load(os.path.join(path, r["frames"])))
        d.states.append(np.array([[b if b is not None else [np.nan] * width for b in step] for step in r["states"]],
                                 dtype=np.float64).reshape(len(r["states"]), len(r["bodies"]), width))
        d.bodies.append(list(r["bodies"]))
        d.split.append(r["split"])
    return d
