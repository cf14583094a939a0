//! The AVX2 arithmetic both of thumbctl's DCTs use (src/resize/decode/idct.rs,
//! src/resize/fdct.rs): eight 32-bit lanes at a time.

use std::arch::x86_64::*;

/// Each lane times `constant`.
#[target_feature(enable = "avx2")]
#[inline]
pub(crate) fn times(lanes: __m256i, constant: i32) -> __m256i {
    _mm256_mullo_epi32(lanes, _mm256_set1_epi32(constant))
}

/// `(x + 2^(BITS-1)) >> BITS` in each lane: libjpeg's DESCALE.
#[target_feature(enable = "avx2")]
#[inline]
pub(crate) fn descaled<const BITS: i32>(lanes: __m256i) -> __m256i {
    _mm256_srai_epi32::<BITS>(_mm256_add_epi32(lanes, _mm256_set1_epi32(1 << (BITS - 1))))
}
