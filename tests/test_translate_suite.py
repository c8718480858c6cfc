"""Translation in all 12 directions on a representative subset of the suite (one file per model for
element-wise, reduction, softmax, normalisation, pooling, GEMM and convolution operators): every
translation verifies against the source kernel on the CPU engines (`xpiler bench --translate` runs
the full matrix)."""
import pytest

from xpiler.suite.lift_bench import representative
from xpiler.suite.manifest import discover
from xpiler.translate.driver import MODELS
from xpiler.translate.suite import _outcome, ci_subset

CASES = [(k, t) for k in ci_subset(representative(discover())) for t in MODELS if t != k.model]


def test_subset_covers_every_direction():
    assert {(k.model, t) for k, t in CASES} == {(s, t) for s in MODELS for t in MODELS if s != t}


@pytest.mark.parametrize("kernel, target", CASES, ids=lambda x: x if isinstance(x, str) else f"{x.model}-{x.operator}")
def test_translation_verifies(kernel, target):
    outcome = _outcome(kernel, target, seeds=(3,))
    assert outcome.status == "verified", outcome.message
    assert outcome.route in ("lifted", "direct")
