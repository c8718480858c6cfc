"""Host entries and sizes of translations: a lifted CUDA / HIP / BANG output carries a host function
that launches it in the target's own runtime API (verification runs through it); the output is run
on the file's other sizes, and one that is only right at the verified size says so and refuses other
sizes in its host entry."""
from pathlib import Path

import numpy as np
import pytest

from xpiler.runner import run
from xpiler.source.loader import load_source
from xpiler.suite.lift_bench import case_arguments
from xpiler.suite.manifest import SuiteKernel, read_meta
from xpiler.translate.suite import translate_case

SUITE = Path(__file__).resolve().parent.parent / "suite" / "kernels"


def _kernel(rel: str, case: int) -> SuiteKernel:
    path = SUITE / rel
    return SuiteKernel(path, read_meta(path), case)


@pytest.mark.parametrize("rel, target, api", [("cuda/relu/relu.cu", "bang", "cnrtRet_t"),
                                              ("bang/add/add.mlu", "cuda", "cudaError_t"),
                                              ("c/sigmoid/sigmoid_0.c", "hip", "hipError_t")])
def test_host_entry_launches_the_verified_configuration(rel, target, api):
    tr = translate_case(_kernel(rel, 0), target, seeds=(1,))
    assert tr.ok, tr.error
    e = tr.emitted
    assert e.host_entry == f"{e.entry}_launch" and f'extern "C" {api} {e.host_entry}(' in e.text
    # the host entry, called like the kernel plus a null stream / queue, computes what the kernel does
    # under the launch the translation chose
    fn_params = read_meta(SUITE / rel)["args"]
    k = _kernel(rel, 0)
    params = [p.name for p in load_source(e.text, target).info.function(e.entry).params]
    args = case_arguments(k, 5, params)
    assert len(params) == len(fn_params)
    via_host = run(e.text, platform=target, entry=e.host_entry, args=[args[p] for p in params] + [None],
                   options={"device_args": True})
    direct = run(e.text, platform=target, entry=e.entry, args=[args[p] for p in params], launch=e.launch)
    assert via_host.ok and direct.ok, (via_host.error, direct.error)
    for name in direct.outputs:
        np.testing.assert_array_equal(via_host.outputs[name], direct.outputs[name])


def test_direct_translation_is_checked_at_every_size():
    tr = translate_case(_kernel("cuda/add/add.cu", 1), "hip", seeds=(1,), check_sizes=True)
    assert tr.ok and tr.path == "direct"
    assert tr.size_generic is True and len(tr.sizes_ok) == len(read_meta(SUITE / "cuda/add/add.cu")["cases"]) - 1
    assert "also verified on" in tr.header()


def _softmax_rows(x: np.ndarray, n: int) -> np.ndarray:
    r = x.reshape(-1, n).astype(np.float64)
    e = np.exp(r - r.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).reshape(-1)


# A HIP softmax launched with one block per row: the grid is the row count m, which is not a kernel
# parameter (only n is), so no launch rule can compute it and every lifted translation is specialised.
SPECIALISED = "hip/softmax/softmax.hip"


def test_specialised_translation_refuses_other_sizes():
    k = _kernel(SPECIALISED, 1)
    tr = translate_case(k, "bang", seeds=(1,), check_sizes=True)
    assert tr.ok, tr.error
    assert tr.size_generic is False and not tr.launch_rule
    n, m = k.shape["n"], k.shape["m"]
    assert tr.guards == {"n": n} and "SPECIALISED" in tr.header()
    e = tr.emitted
    assert f"if (n != {n}) return cnrtErrorArgsInvalid;" in e.text
    # called at another size, the host entry launches nothing: the output stays as it was
    n2 = 64
    x = np.ones(m * n2, np.float32)
    out = np.full(m * n2, 7.0, np.float32)
    r = run(e.text, platform="bang", entry=e.host_entry, args=[x, out, n2, None], options={"device_args": True})
    assert r.ok, r.error
    np.testing.assert_array_equal(r.outputs["y"], out)
    # at the verified size it computes the softmax of every row
    x = np.random.default_rng(4).normal(size=m * n).astype(np.float32)
    r = run(e.text, platform="bang", entry=e.host_entry, args=[x, np.zeros(m * n, np.float32), n, None],
            options={"device_args": True})
    assert r.ok, r.error
    np.testing.assert_allclose(r.outputs["y"], _softmax_rows(x, n), rtol=1e-4, atol=1e-6)


def test_specialised_c_translation_aborts_at_other_sizes():
    # C from the same kernel at m = 1 row: the grid (one block per row) is baked into the C loops
    k = _kernel(SPECIALISED, 0)
    tr = translate_case(k, "c", seeds=(1,), check_sizes=True)
    assert tr.ok, tr.error
    assert tr.size_generic is False
    n = k.shape["n"]
    assert tr.guards == {"n": n} and tr.emitted.host_entry is None
    m = 5000
    r = run(tr.emitted.text, platform="c", entry=tr.emitted.entry,
            args=[np.ones(m, np.float32), np.zeros(m, np.float32), m])
    assert not r.ok and "aborted" in str(r.error)
    x = np.linspace(-1, 1, n, dtype=np.float32)
    r = run(tr.emitted.text, platform="c", entry=tr.emitted.entry, args=[x, np.zeros(n, np.float32), n])
    assert r.ok, r.error
    np.testing.assert_allclose(r.outputs["y"], _softmax_rows(x, n), rtol=1e-5, atol=1e-7)


def test_grid_following_the_sizes_is_lifted_at_run_time():
    # the same kind of kernel, launched with ceil(n / 1024) blocks: lifted with a run-time grid,
    # the C translation is right at every size (more in test_translate_generic.py)
    tr = translate_case(_kernel("cuda/relu/relu.cu", 0), "c", seeds=(1,), check_sizes=True)
    assert tr.ok and tr.size_generic is True and not tr.guards
    assert "ceil(n/1024)" in tr.launch_rule and "also verified on" in tr.header()


@pytest.mark.parametrize("rel, target", [("hip/softmax/softmax.hip", "bang"), ("bang/add/add.mlu", "cuda")])
def test_saved_translation_is_a_suite_kernel_that_matches_numpy(rel, target, tmp_path):
    # `bench --translate --save`: the verified output as a one-case suite file of the target, with the
    # launch the translation chose; the suite's own check compares it with the operator's NumPy reference
    from xpiler.suite.bench import check_kernel
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import save_as_suite_file
    k = _kernel(rel, 1)
    tr = translate_case(k, target, seeds=(1,))
    assert tr.ok, tr.error
    dest = save_as_suite_file(k, tr, tmp_path)
    saved = discover(tmp_path)
    assert [s.path for s in saved] == [dest] and saved[0].model == target and saved[0].shape == k.shape
    outcome = check_kernel(saved[0], seeds=(4, 5))
    assert outcome.status == "pass", outcome.message
