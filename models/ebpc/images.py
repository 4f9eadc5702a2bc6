"""Input photos: load a folder (or scikit-image's bundled photos), resize 256, centre-crop 224."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

RESIZE = 256
CROP = 224
IMAGE_SUFFIXES = (".jpeg", ".jpg", ".png")
# Colour photos shipped inside scikit-image's wheel (no download needed)
SKIMAGE_PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "stereo_motorcycle", "hubble_deep_field",
                  "immunohistochemistry", "retina")
WNID_INDEX_FILE = Path(__file__).with_name("nets") / "imagenet_wnid_index.tsv"
_WNID = re.compile(r"^(n\d{8})")


@dataclass(frozen=True)
class ImageSet:
    """Centre-cropped RGB photos (N, 224, 224, 3) uint8 with their names."""

    names: tuple[str, ...]
    pixels: np.ndarray

    def __len__(self) -> int:
        return len(self.names)

    @property
    def digest(self) -> str:
        """Short content hash, used in cache keys."""
        h = hashlib.sha1("\n".join(self.names).encode())
        h.update(np.ascontiguousarray(self.pixels).tobytes())
        return h.hexdigest()[:12]

    def tensor(self, index: slice | None = None) -> torch.Tensor:
        """Float NCHW batch in [0, 1]."""
        px = self.pixels if index is None else self.pixels[index]
        return torch.from_numpy(px).permute(0, 3, 1, 2).float().div_(255.0)

    def labels(self) -> np.ndarray:
        """ImageNet-1k class index per image from the WordNet id in its name, -1 where unknown."""
        table = wnid_index()
        out = []
        for name in self.names:
            m = _WNID.match(name)
            out.append(table.get(m.group(1), -1) if m else -1)
        return np.asarray(out, dtype=np.int64)


def wnid_index() -> dict[str, int]:
    """WordNet id -> ImageNet-1k index for the classes of the shared sample photos."""
    rows = (line.split("\t") for line in WNID_INDEX_FILE.read_text().splitlines() if line.strip())
    return {wnid: int(idx) for wnid, idx in rows}


def resize_crop(img: Image.Image, resize: int = RESIZE, crop: int = CROP) -> np.ndarray:
    """Shorter side to `resize` (bilinear, antialiased), then the central `crop` x `crop` square."""
    img = img.convert("RGB")
    w, h = img.size
    scale = resize / min(w, h)
    img = img.resize((max(crop, round(w * scale)), max(crop, round(h * scale))), Image.BILINEAR)
    w, h = img.size
    left, top = int(round((w - crop) / 2.0)), int(round((h - crop) / 2.0))
    return np.asarray(img.crop((left, top, left + crop, top + crop)), dtype=np.uint8)


def load_folder(folder: str | Path, limit: int | None = None) -> ImageSet:
    """All JPEG/PNG files of `folder` in sorted order (the first `limit` of them)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"image folder {folder} does not exist")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)[:limit]
    if not paths:
        raise FileNotFoundError(f"no JPEG/PNG images in {folder}")
    pixels = np.stack([resize_crop(Image.open(p)) for p in paths])
    return ImageSet(tuple(p.name for p in paths), pixels)


def bundled_photos(limit: int | None = None) -> ImageSet:
    """scikit-image's bundled colour photos (the default input)."""
    from skimage import data

    names = SKIMAGE_PHOTOS[:limit]
    photos = [getattr(data, n)() for n in names]
    # stereo_motorcycle gives (left, right, disparity): take the left view
    photos = [p[0] if isinstance(p, tuple) else p for p in photos]
    pixels = np.stack([resize_crop(Image.fromarray(p)) for p in photos])
    return ImageSet(tuple(names), pixels)


def load_images(folder: str | Path | None = None, limit: int | None = None) -> ImageSet:
    return bundled_photos(limit) if folder is None else load_folder(folder, limit)
