import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "mentora.evaluation.stats",
        "mentora.evaluation.stats.tables_export",
        "mentora.evaluation.bibliography",
    ],
)
def test_core_imports_no_django(module: str) -> None:
    """The statistics core and the bibliography parsers load without Django in a fresh process."""
    code = f"import {module}, sys; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
