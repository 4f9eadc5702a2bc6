"""pytest setup for `pytest verif`: import paths for the tb library and the golden model."""
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
for _p in (_ROOT, _ROOT.parent / "models"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

collect_ignore_glob = ["tests/*", "hdl/*", "waves/*"]
