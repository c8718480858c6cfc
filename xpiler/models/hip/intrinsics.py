"""HIP device intrinsics the CPU engine implements, with their semantic class.

Semantics live in the engine headers (xpiler/simt_warp.h, gpu_common.h, gpu_half.h) and the HIP
model's own headers (include/xpiler_hip_prelude.h, xpiler_hip_amdgcn.h, xpiler_hip_runtime.h);
tests/test_hip_engine.py checks them against NumPy references. Names starting with
`__builtin_amdgcn_` that are not listed here are rejected when the source is loaded.
"""
WAVE = ["__shfl", "__shfl_up", "__shfl_down", "__shfl_xor", "__ballot", "__any", "__all", "__activemask",
        "__match_any", "__match_all", "__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync",
        "__ballot_sync", "__any_sync", "__all_sync", "__match_any_sync", "__match_all_sync", "__lane_id",
        "__lanemask_lt", "__lanemask_gt", "__lanemask_eq"]
BARRIER = ["__syncthreads", "__threadfence", "__threadfence_block", "__threadfence_system"]
ATOMIC = ["atomicAdd", "atomicSub", "atomicExch", "atomicMin", "atomicMax", "atomicInc", "atomicDec", "atomicCAS",
          "atomicAnd", "atomicOr", "atomicXor", "unsafeAtomicAdd", "safeAtomicAdd", "unsafeAtomicMax",
          "safeAtomicMax", "unsafeAtomicMin", "safeAtomicMin", "atomicAdd_system", "atomicCAS_system"]
FAST_MATH = ["__expf", "__exp10f", "__logf", "__log2f", "__log10f", "__sinf", "__cosf", "__tanf", "__powf",
             "__fdividef", "rsqrtf", "__saturatef", "__fmaf_rn", "__fadd_rn", "__fmul_rn", "__frcp_rn",
             "__fsqrt_rn", "__float2int_rn", "__float_as_int", "__int_as_float", "__float_as_uint",
             "__uint_as_float", "__popc", "__popcll", "__clz", "__clzll", "__ffs", "__ffsll", "__brev", "__brevll"]
HALF = ["__float2half", "__half2float", "__float2half_rn", "__hadd", "__hsub", "__hmul", "__hdiv", "__hfma",
        "__hmax", "__hmin", "hexp", "hsqrt", "hrsqrt", "hlog", "__float2bfloat16", "__bfloat162float", "__hadd2",
        "__hmul2", "__hfma2", "__floats2half2_rn", "__half22float2", "__low2float", "__high2float"]
AMDGCN = ["__builtin_amdgcn_mfma_f32_16x16x4f32", "__builtin_amdgcn_mfma_f32_16x16x16f16",
          "__builtin_amdgcn_mfma_f32_32x32x8f16", "__builtin_amdgcn_mfma_f32_16x16x16bf16_1k",
          "__builtin_amdgcn_mfma_f32_32x32x8bf16_1k"]
AMDGCN_LANE = ["__builtin_amdgcn_readfirstlane", "__builtin_amdgcn_readlane", "__builtin_amdgcn_ds_bpermute",
               "__builtin_amdgcn_mbcnt_lo", "__builtin_amdgcn_mbcnt_hi", "__builtin_amdgcn_s_barrier",
               "__builtin_amdgcn_workitem_id_x", "__builtin_amdgcn_workitem_id_y", "__builtin_amdgcn_workitem_id_z",
               "__builtin_amdgcn_workgroup_id_x", "__builtin_amdgcn_workgroup_id_y",
               "__builtin_amdgcn_workgroup_id_z", "__builtin_amdgcn_rcpf", "__builtin_amdgcn_rsqf",
               "__builtin_amdgcn_sqrtf", "__builtin_amdgcn_fmed3f"]
# scheduling hints: accepted, no effect on the CPU
AMDGCN_HINT = ["__builtin_amdgcn_wave_barrier", "__builtin_amdgcn_sched_barrier",
               "__builtin_amdgcn_sched_group_barrier", "__builtin_amdgcn_iglp_opt", "__builtin_amdgcn_s_waitcnt",
               "__builtin_amdgcn_s_sleep", "__builtin_amdgcn_s_setprio"]
RUNTIME = ["hipMalloc", "hipFree", "hipMemcpy", "hipMemcpyAsync", "hipMemset", "hipMemsetAsync",
           "hipDeviceSynchronize", "hipGetLastError", "hipPeekAtLastError", "hipGetDeviceProperties",
           "hipDeviceGetAttribute", "hipEventCreate", "hipEventRecord", "hipEventElapsedTime", "hipEventSynchronize",
           "hipEventDestroy", "hipStreamCreate", "hipStreamDestroy", "hipStreamSynchronize", "hipMallocManaged",
           "hipHostMalloc", "hipHostFree", "hipMemcpyToSymbol", "hipMemcpyFromSymbol", "hipLaunchKernelGGL",
           "hipGetErrorString"]

INTRINSICS = {name: cls for cls, names in [("wave", WAVE), ("barrier", BARRIER), ("atomic", ATOMIC),
                                            ("math", FAST_MATH), ("half", HALF), ("mfma", AMDGCN),
                                            ("amdgcn", AMDGCN_LANE), ("hint", AMDGCN_HINT),
                                            ("runtime", RUNTIME)] for name in names}
