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
