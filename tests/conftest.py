import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture
def rng(request):
    # a different, reproducible stream per test
    seed = abs(hash(request.node.nodeid)) % (2**32)
    return np.random.default_rng(seed)
