"""The engine is a pure package: importing it loads no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_engine_imports_without_django() -> None:
    """A fresh interpreter imports every engine module and Django stays unloaded."""
    code = (
        "import sys, pkgutil, importlib, mentora.matching.engine as e\n"
        "for m in pkgutil.iter_modules(e.__path__):\n"
        "    importlib.import_module('mentora.matching.engine.' + m.name)\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
