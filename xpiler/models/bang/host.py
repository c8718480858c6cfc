"""CNRT host entry of a translated BANG kernel (see translate/host.py)."""
from ...translate.host import HostApi, with_wrapper

API = HostApi("cnrtRet_t", "cnrtSuccess", "cnrtErrorArgsInvalid", "cnrtQueue_t", "queue", "cnrtGetLastError()")
FUNC_TYPE_ENUM = {"block": "cnrtFuncTypeBlock", "union1": "cnrtFuncTypeUnion1", "union2": "cnrtFuncTypeUnion2",
                  "union4": "cnrtFuncTypeUnion4", "union8": "cnrtFuncTypeUnion8", "union16": "cnrtFuncTypeUnion16"}


def host_entry(emitted, guards: dict):
    x, y, z = emitted.launch.grid
    ftype = FUNC_TYPE_ENUM[str(emitted.launch.func_type or "union1").lower()]
    lines = lambda args: [f"cnrtDim3_t dim = {{{x}, {y}, {z}}};",
                          f"{emitted.entry}<<<dim, {ftype}, {API.handle_name}>>>({args});"]
    return with_wrapper(emitted, "bang", API, lines, guards)
