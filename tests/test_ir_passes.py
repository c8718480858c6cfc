"""The pass interface: registry, preconditions, interchangeable implementations, and the verifier
that judges them all."""
import numpy as np
import pytest

from xpiler import ir
from xpiler.ir import passes
from xpiler.ir.transforms import IllegalTransformError, split_loop

n = ir.Var("n")
i, j = ir.Var("i"), ir.Var("j")
x = ir.Buffer("x", "float32", (n,))
y = ir.Buffer("y", "float32", (n,))


def _prog():
    return ir.kernel("scale", [(x, "in"), (y, "out"), n], ir.loop(i, n, ir.Store(y, (i,), ir.call("exp", x[i]) * 0.5)))


def _args(size=9):
    return {"x": np.linspace(-2, 2, size).astype(np.float32), "y": np.zeros(size, np.float32), "n": size}


def test_registry_lists_the_symbolic_passes():
    names = passes.registered_passes()
    for p in ("split_loop", "fuse_loops", "fuse_adjacent_loops", "reorder_loops", "unroll_loop", "simplify",
              "eliminate_dead_stores"):
        assert "symbolic" in names[p]
    p = ir.get_pass("split_loop", loop="i", factor=4)
    assert isinstance(p, ir.Pass)
    assert p.name == "split_loop" and p.implementation == "symbolic" and p.params == {"loop": "i", "factor": 4}
    assert repr(p) == "split_loop[symbolic](loop='i', factor=4)"
    with pytest.raises(ir.PassError, match="no pass named"):
        ir.get_pass("tile")
    with pytest.raises(ir.PassError, match="no implementation 'llm'"):
        ir.get_pass("split_loop", implementation="llm", loop="i", factor=4)


def test_apply_checks_preconditions_and_validates():
    p = ir.get_pass("split_loop", loop="q", factor=4)
    with pytest.raises(Exception, match="no loop over 'q'"):
        p.check(_prog())
    with pytest.raises(ir.PassError, match="positive int"):
        ir.get_pass("split_loop", loop="i", factor=-1).apply(_prog())
    A = ir.Buffer("A", "float32", (6, 6))
    wave = ir.kernel("wave", [(A, "inout")], ir.loop(i, 5, ir.loop(j, 5, ir.Store(A, (i + 1, j), A[i, j + 1]))))
    with pytest.raises(IllegalTransformError):
        ir.get_pass("reorder_loops", order=["j", "i"]).check(wave)
    out = passes.apply_passes(_prog(), [ir.get_pass("split_loop", loop="i", factor=4),
                                        ir.get_pass("unroll_loop", loop="i_i"), ir.get_pass("simplify")])
    assert ir.verify(_prog(), out, [_args(9), _args(4), _args(0)]).ok


def test_interchangeable_implementations_are_judged_by_the_same_verifier():
    # a stand-in for an LLM-driven implementation: any object with the Pass shape can be registered
    class RewriteSplit:
        name, implementation = "split_loop", "test-rewriter"

        def __init__(self, loop, factor, wrong=False):
            self.params = {"loop": loop, "factor": factor}
            self.wrong = wrong

        def check(self, program):
            ir.transforms.util.find_loop(program, self.params["loop"])

        def apply(self, program):
            out = split_loop(program, self.params["loop"], self.params["factor"])
            if self.wrong:        # forgets the tail guard, as a careless rewrite might
                class DropGuard(ir.Mutator):
                    def visit_If(self, node):
                        return node.then
                out = out.with_body(DropGuard().visit(out.body))
            return ir.validate(out)

    passes.register_factory("split_loop", "test-rewriter", RewriteSplit)
    try:
        good = ir.get_pass("split_loop", implementation="test-rewriter", loop="i", factor=4)
        bad = RewriteSplit("i", 4, wrong=True)
        assert isinstance(good, ir.Pass)
        symbolic = ir.get_pass("split_loop", loop="i", factor=4).apply(_prog())
        assert good.apply(_prog()) == symbolic
        assert ir.verify(_prog(), good.apply(_prog()), _args(9)).ok
        # out of bounds in the sandbox, or a wrong result: either way the verifier says no
        res = ir.verify(_prog(), bad.apply(_prog()), _args(9))
        assert not res.ok and "out_of_bounds" in str(res)
        assert ir.verify(_prog(), bad.apply(_prog()), _args(8)).ok          # exact multiple: no tail
        with pytest.raises(ir.PassError, match="already has an implementation"):
            passes.register_factory("split_loop", "test-rewriter", RewriteSplit)
    finally:
        passes._REGISTRY["split_loop"].pop("test-rewriter", None)


def test_verify_reports_mismatches_and_precision_classes():
    wrong = ir.kernel("scale", [(x, "in"), (y, "out"), n],
                      ir.loop(i, n, ir.Store(y, (i,), ir.call("exp", x[i]) * 0.25)))
    res = ir.verify(_prog(), wrong, _args(5))
    assert not res.ok and "y: 5 element(s) differ" in str(res)
    # exp.approx in the result: compared with a relative tolerance
    approx = ir.kernel("scale", [(x, "in"), (y, "out"), n],
                       ir.loop(i, n, ir.Store(y, (i,), ir.call("exp", x[i], precision="approx") * 0.5)))
    assert ir.verify(_prog(), approx, _args(5)).ok
    other_sig = ir.kernel("scale", [(x, "in"), (y, "inout"), n], ir.loop(i, n, ir.Store(y, (i,), x[i])))
    assert "parameters differ" in str(ir.verify(_prog(), other_sig, _args(5)))
