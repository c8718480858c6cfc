import os
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture
def rng(request):
    # a different, reproducible stream per test (crc32: str hash() changes with every process)
    seed = zlib.crc32(request.node.nodeid.encode())
    return np.random.default_rng(seed)
