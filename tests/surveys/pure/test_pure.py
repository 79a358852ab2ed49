"""The interchange core is pure Python: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_core_loads_no_django():
    code = (
        "import sys; import mentora.surveys.interchange as m; "
        "import mentora.surveys.interchange.qualtrics; "
        "assert 'django' not in sys.modules, sorted(k for k in sys.modules if 'django' in k); "
        "print(len(m.__all__))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20
