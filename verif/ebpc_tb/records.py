"""Per-test figures and functional-coverage counts, one JSON file per test under build/sim/."""
from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np


def jsonable(obj: Any) -> Any:
    """Dataclasses, numpy scalars/arrays and nested containers -> plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def write_record(name: str, record: dict[str, Any]) -> Path | None:
    """Write build/sim/.../records/<name>.json; the folder comes from EBPC_RECORDS_DIR (set by the runner)."""
    folder = os.environ.get("EBPC_RECORDS_DIR")
    if not folder:
        return None
    path = Path(folder) / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(jsonable(record), indent=1, sort_keys=True))
    return path
