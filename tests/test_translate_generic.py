"""Size-generic translations of GPU kernels whose grid depends on the sizes: a launch rule inferred
from the suite metadata (lift/launch_rule.py) makes the grid a run-time function of the scalar
parameters, so the lifted program and its translations are right at every size, not only the
verified one."""
from pathlib import Path

import numpy as np
import pytest

from xpiler.ir.evaluate import evaluate
from xpiler.ir.native import run_many
from xpiler.lift.launch_rule import Extent, LaunchRule, infer_launch_rule
from xpiler.lift.pipeline import lift
from xpiler.models.base import Launch
from xpiler.runner import pick_entry, run
from xpiler.source.loader import load_source
from xpiler.suite.bench import launch_of
from xpiler.suite.lift_bench import case_arguments
from xpiler.suite.manifest import SuiteKernel, read_meta
from xpiler.translate.suite import translate_case

SUITE = Path(__file__).resolve().parent.parent / "suite" / "kernels"


def _kernel(rel: str, case: int = 0) -> SuiteKernel:
    path = SUITE / rel
    return SuiteKernel(path, read_meta(path), case)


def _cases(rel: str) -> list:
    """(scalar arguments, launch) of every case of a suite file."""
    k0 = _kernel(rel)
    fn, _ = pick_entry(load_source(str(k0.path), k0.model), k0.meta["entry"])
    params = [p.name for p in fn.params]
    out = []
    for c in range(len(k0.meta["cases"])):
        k = _kernel(rel, c)
        a = case_arguments(k, 1, params)
        out.append(({p.name: a[p.name] for p in fn.params if not p.is_pointer}, launch_of(k.launch)))
    return out


@pytest.mark.parametrize("rel, grid", [
    ("cuda/relu/relu.cu", "(ceil(n/1024), 1, 1)"),
    ("cuda/reduce_sum/reduce_sum.cu", "(m, 1, 1)"),
    ("cuda/transpose/transpose.cu", "(ceil(cols/32), ceil(rows/32), 1)"),
    ("cuda/scatter/scatter.cu", "(ceil(m*d/256), 1, 1)"),
    ("hip/add/add.hip", "(min(ceil(n/256), 512), 1, 1)"),
])
def test_rule_reproduces_every_case_of_the_suite_file(rel, grid):
    cases = _cases(rel)
    rule = infer_launch_rule(cases)
    assert rule is not None and rule.describe().startswith(f"grid={grid}")
    for scalars, launch in cases:
        assert rule.grid_for(scalars) == tuple(launch.grid)


@pytest.mark.parametrize("rel", [
    "cuda/layernorm/layernorm.cu",     # grid = rows, which is not a parameter (only n is)
    "hip/gemv/gemv.hip",               # dynamic shared memory grows with k
    "cuda/batched_gemm/batched_gemm.cu",   # grid.z = batch, not a parameter
])
def test_no_rule_when_the_grid_is_not_a_function_of_the_parameters(rel):
    assert infer_launch_rule(_cases(rel)) is None


def test_no_rule_from_coincidences():
    launch = lambda g: Launch(grid=(g, 1, 1), block=(256, 1, 1))
    # grids unrelated to n
    assert infer_launch_rule([({"n": 100}, launch(3)), ({"n": 200}, launch(1)), ({"n": 300}, launch(7))]) is None
    # two cases could be anything
    assert infer_launch_rule([({"n": 100}, launch(1)), ({"n": 1000}, launch(4))]) is None
    # m and n equal in every case: the cases cannot tell grid = m from grid = n
    assert infer_launch_rule([({"m": v, "n": v}, launch(v)) for v in (3, 17, 40)]) is None
    # a varying block means per-block storage varies: no rule
    assert infer_launch_rule([({"n": 256 * g}, Launch(grid=(g, 1, 1), block=(64 * g, 1, 1))) for g in (1, 2, 4)]) is None


def test_rule_expression_matches_its_evaluation():
    rng = np.random.default_rng(0)
    for e in (Extent(("n",), 1024), Extent(("m", "d"), 256), Extent(("n",), 256, 240), Extent(("m",), 1)):
        ex = e.expr({"n": "int32", "m": "int32", "d": "int32"})
        for _ in range(50):
            env = {"n": int(rng.integers(1, 2**31 - 1)), "m": int(rng.integers(1, 70000)),
                   "d": int(rng.integers(1, 30000))}
            assert evaluate(ex, env) == e.evaluate(env)


def test_lifted_program_with_a_run_time_grid_is_right_at_a_new_size():
    # lifted at n = 1 (one block), run at sizes the suite does not have
    k = _kernel("cuda/relu/relu.cu")
    src = load_source(str(k.path), "cuda")
    rule = infer_launch_rule(_cases("cuda/relu/relu.cu"))
    for m in (1025, 7777):
        lifted = lift(src, k.meta["entry"], args=case_arguments(k, 1, ["x", "y", "n"]), launch=launch_of(k.launch),
                      sizes={"x": m, "y": m}, launch_rule=rule)
        x = np.random.default_rng(m).normal(size=m).astype(np.float32)
        out = run_many([(lifted.kernel, {"x": x, "y": np.zeros(m, np.float32), "n": m})])[0]
        np.testing.assert_array_equal(out["y"], np.maximum(x, 0))


def test_lifting_refuses_a_rule_that_contradicts_the_launch():
    k = _kernel("cuda/relu/relu.cu", 3)
    wrong = LaunchRule((Extent(("n",), 256), Extent(), Extent()), (256, 1, 1))
    with pytest.raises(Exception, match="launch rule"):
        lift(str(k.path), k.meta["entry"], args=case_arguments(k, 1, ["x", "y", "n"]), launch=launch_of(k.launch),
             launch_rule=wrong)


@pytest.mark.parametrize("rel, check", [
    ("cuda/relu/relu.cu", lambda a: {"y": np.maximum(a["x"], 0)}),
    ("cuda/transpose/transpose.cu", None),
])
def test_gpu_kernel_translated_to_c_is_size_generic(rel, check):
    k = _kernel(rel)
    tr = translate_case(k, "c", seeds=(1,), check_sizes=True)
    assert tr.ok, tr.error
    n_cases = len(k.meta["cases"])
    assert tr.size_generic is True and len(tr.sizes_ok) == n_cases - 1 and not tr.guards
    assert tr.launch_rule and "grid computed at run time" in tr.header()
    if check is None:
        return
    # and at a size no suite case has: the emitted C against NumPy
    m = 5000
    x = np.random.default_rng(3).normal(size=m).astype(np.float32)
    r = run(tr.emitted.text, platform="c", entry=tr.emitted.entry, args=[x, np.zeros(m, np.float32), m])
    assert r.ok, r.error
    for name, want in check({"x": x}).items():
        np.testing.assert_array_equal(r.outputs[name], want)
