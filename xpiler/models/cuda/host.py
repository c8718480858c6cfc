"""CUDA runtime host entry of a translated kernel (see translate/host.py)."""
from ...translate.host import HostApi, with_wrapper

API = HostApi("cudaError_t", "cudaSuccess", "cudaErrorInvalidValue", "cudaStream_t", "stream", "cudaGetLastError()")


def launch_lines(kernel: str, launch):
    g, b = launch.grid, launch.block
    return lambda args, stream: [f"{kernel}<<<dim3({g[0]}, {g[1]}, {g[2]}), dim3({b[0]}, {b[1]}, {b[2]}), "
                                 f"{launch.shared_bytes}, {stream}>>>({args});"]


def host_entry(emitted, guards: dict, model: str = "cuda", api: HostApi = API):
    return with_wrapper(emitted, model, api, launch_lines(emitted.entry, emitted.launch), guards)
