"""Every kernel of the native suite passes on its CPU engine against the operator's NumPy reference
(fresh random inputs, two seeds)."""
import pytest

from xpiler.suite.bench import check_kernel
from xpiler.suite.manifest import discover

KERNELS = discover()


def test_suite_is_present():
    assert KERNELS, "suite/kernels is empty: run python -m xpiler.suite.generate"


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: f"{k.model}-{k.path.stem}")
def test_suite_kernel_matches_reference(kernel):
    outcome = check_kernel(kernel, seeds=(11, 12))
    assert outcome.status == "pass", outcome.message
