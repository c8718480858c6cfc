"""The suite harness can fail: one deliberately wrong kernel per operator category is reported as
failing, while the same harness passes correct kernels."""
from pathlib import Path

import pytest

from xpiler.suite.bench import check_kernel
from xpiler.suite.manifest import SuiteKernel, read_meta
from xpiler.suite.operators import BY_NAME

WRONG = sorted((Path(__file__).parent / "kernels" / "wrong").glob("*.cu"))


def test_every_category_has_a_wrong_kernel():
    categories = {BY_NAME[read_meta(p)["operator"]].category for p in WRONG}
    assert categories == {o.category for o in BY_NAME.values()}


@pytest.mark.parametrize("path", WRONG, ids=lambda p: p.stem)
def test_wrong_kernel_is_reported_as_failing(path):
    outcome = check_kernel(SuiteKernel(path, read_meta(path)), seeds=(5,))
    assert outcome.status == "fail", (outcome.status, outcome.message)
    assert outcome.worst_ratio > 1.0


def test_compare_rule_for_exact_and_float_outputs():
    import numpy as np

    from xpiler.suite.tolerance import compare
    ints = np.array([-9713.0, 5.0, 0.0])
    assert compare(ints, ints, 0, 0)[0] == 0.0                      # exact integer results pass
    worst, err, at = compare(ints + [0, 1, 0], ints, 0, 0)
    assert worst == np.inf and err == 1.0 and at == 1               # an off-by-one never does
    assert compare([1.0, np.nan], [1.0, 2.0], 1e-3, 1e-3)[0] == np.inf   # nor an unwritten (NaN) element
    assert compare([1.0005], [1.0], 1e-3, 0)[0] < 1.0 < compare([1.002], [1.0], 1e-3, 0)[0]
