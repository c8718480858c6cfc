"""CUDA device intrinsics the CPU engine implements, with their semantic class.

Semantics live in the engine headers (xpiler/simt_warp.h, wmma.h, gpu_common.h, gpu_half.h); the
feature tests check each against a NumPy reference.
"""
WARP = ["__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync", "__ballot_sync", "__any_sync",
        "__all_sync", "__activemask", "__syncwarp", "__match_any_sync", "__match_all_sync", "__reduce_add_sync",
        "__reduce_min_sync", "__reduce_max_sync", "__reduce_and_sync", "__reduce_or_sync", "__reduce_xor_sync"]
BARRIER = ["__syncthreads", "__syncthreads_count", "__syncthreads_and", "__syncthreads_or", "__threadfence",
           "__threadfence_block", "__threadfence_system"]
ATOMIC = ["atomicAdd", "atomicSub", "atomicExch", "atomicMin", "atomicMax", "atomicInc", "atomicDec", "atomicCAS",
          "atomicAnd", "atomicOr", "atomicXor"]
FAST_MATH = ["__expf", "__exp10f", "__logf", "__log2f", "__sinf", "__cosf", "__tanf", "__powf", "__fdividef",
             "rsqrtf", "__saturatef", "__fmaf_rn", "__fadd_rn", "__fmul_rn", "__frcp_rn", "__fsqrt_rn",
             "__float2int_rn", "__float_as_int", "__int_as_float", "__popc", "__clz", "__ffs", "__brev"]
HALF = ["__float2half", "__half2float", "__float2half_rn", "__hadd", "__hsub", "__hmul", "__hdiv", "__hfma",
        "__hmax", "__hmin", "hexp", "hsqrt", "hrsqrt", "__float2bfloat16", "__bfloat162float", "__hadd2",
        "__hmul2", "__floats2half2_rn", "__half22float2", "__low2float", "__high2float"]
WMMA = ["wmma::load_matrix_sync", "wmma::store_matrix_sync", "wmma::mma_sync", "wmma::fill_fragment",
        "nvcuda::wmma::load_matrix_sync", "nvcuda::wmma::store_matrix_sync", "nvcuda::wmma::mma_sync",
        "nvcuda::wmma::fill_fragment"]
RUNTIME = ["cudaMalloc", "cudaFree", "cudaMemcpy", "cudaMemset", "cudaDeviceSynchronize", "cudaGetLastError",
           "cudaEventCreate", "cudaEventRecord", "cudaEventElapsedTime", "cudaEventSynchronize", "cudaMallocManaged"]

INTRINSICS = {name: cls for cls, names in [("warp", WARP), ("barrier", BARRIER), ("atomic", ATOMIC),
                                            ("math", FAST_MATH), ("half", HALF), ("wmma", WMMA),
                                            ("runtime", RUNTIME)] for name in names}

# Families whose every member the engine implements: an unknown name with one of these prefixes is
# reported when the source is loaded (the mask-less pre-CUDA-9 warp functions, misspellings).
STRICT_PREFIXES = ("__shfl", "__ballot", "__any", "__all", "__match", "__reduce_", "__syncthreads", "__syncwarp",
                   "__activemask")
