"""Every suite file lifts to a canonical loop program that verifies against the source kernel on
its CPU engine (the smallest case of each file, one seed; `xpiler bench --lift` runs every case)."""
import pytest

from xpiler.suite.lift_bench import lift_and_verify, representative
from xpiler.suite.manifest import discover

KERNELS = representative(discover())


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: f"{k.model}-{k.path.stem}")
def test_suite_kernel_lifts_and_verifies(kernel):
    outcome = lift_and_verify(kernel, seeds=(5,))
    assert outcome.status == "verified", outcome.message
