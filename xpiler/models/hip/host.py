"""HIP runtime host entry of a translated kernel (see translate/host.py)."""
from ...translate.host import HostApi
from ..cuda.host import host_entry as _gpu_host_entry

API = HostApi("hipError_t", "hipSuccess", "hipErrorInvalidValue", "hipStream_t", "stream", "hipGetLastError()")


def host_entry(emitted, guards: dict):
    # HIP accepts the same triple-chevron launch syntax as CUDA
    return _gpu_host_entry(emitted, guards, model="hip", api=API)
