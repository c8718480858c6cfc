"""CNRT host entry of a translated BANG kernel (see translate/host.py)."""
from ...translate.host import HostApi, with_wrapper

API = HostApi("cnrtRet_t", "cnrtSuccess", "cnrtErrorArgsInvalid", "cnrtQueue_t", "queue", "cnrtGetLastError()")
FUNC_TYPE_ENUM = {"block": "cnrtFuncTypeBlock", "union1": "cnrtFuncTypeUnion1", "union2": "cnrtFuncTypeUnion2",
                  "union4": "cnrtFuncTypeUnion4", "union8": "cnrtFuncTypeUnion8", "union16": "cnrtFuncTypeUnion16"}


def host_entry(emitted, guards: dict):
    x, y, z = emitted.launch.grid
    ftype = FUNC_TYPE_ENUM[str(emitted.launch.func_type or "union1").lower()]
    # xp_ names: the wrapper's locals must not shadow the kernel's parameters
    lines = lambda args, handle: [f"cnrtDim3_t xp_dim = {{{x}, {y}, {z}}};",
                                  f"{emitted.entry}<<<xp_dim, {ftype}, {handle}>>>({args});"]
    return with_wrapper(emitted, "bang", API, lines, guards)
