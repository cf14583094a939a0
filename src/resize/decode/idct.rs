//! Inverse DCTs for JPEGs decoded at 2/8 and 4/8 of their size, for a libjpeg without SIMD.
//!
//! At those scales libjpeg turns each 8x8 block of coefficients into 2x2 or 4x4 pixels with the
//! reduced inverse DCTs of its jidctred.c. libjpeg-turbo's SIMD versions of them are in nasm
//! syntax only, so a build without nasm runs the C ones, which test each column and row for zeros
//! and take 243 and 574 instructions a block: 1.2 G of the 11.7 G instructions of a JPEG-to-JPEG
//! run over the photo corpus' JPEG folder (callgrind), the largest part of what that build costs
//! more than one with nasm. The same arithmetic in AVX2 takes 64 and 122 (the run: 10.4 G).
//!
//! The pixels are libjpeg's to the bit (the tests decode the same files both ways and compare).
//! libjpeg computes in 64 bits and these in 32, which cannot overflow for the coefficients of a
//! block of 8-bit samples: by Parseval their root sum of squares is at most 1024, dequantised at
//! most 2048 whatever the quantisers (rounding moves each by at most its own size), and by
//! Cauchy-Schwarz every sum here stays under 2^31 up to 7000. Both clamp a pixel to 0..=255
//! (libjpeg's range-limit table wraps only far outside). Damaged data cannot make them panic or
//! reach outside the block: they compute garbage from garbage, as libjpeg does.
//!
//! libjpeg keeps its choice of inverse DCT in a private struct; `src/resize/libjpeg_hooks.c`,
//! compiled against libjpeg's own headers (build.rs), swaps these in after
//! `jpeg_start_decompress`.

// Off x86_64 there is no AVX2 code to use the constants and helpers below (libjpeg keeps its own
// inverse DCTs there), and a build for ARM should not warn about them.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]

use std::os::raw::c_int;

use mozjpeg_sys::{jpeg_component_info, jpeg_decompress_struct};

use crate::resize::libjpeg::{simd_dcts_available, Replace};

/// libjpeg's `inverse_DCT_method_ptr`: one block of coefficients to pixels, written at `column`
/// of the rows `output` points to.
type InverseDct = unsafe extern "C" fn(
    cinfo: *mut jpeg_decompress_struct,
    component: *mut jpeg_component_info,
    coefficients: *const i16,
    output: *mut *mut u8,
    column: u32,
);

extern "C" {
    // src/resize/libjpeg_hooks.c
    fn thumbctl_replace_reduced_idcts(
        cinfo: *mut jpeg_decompress_struct,
        idct_2x2: InverseDct,
        idct_4x4: InverseDct,
        every: c_int,
    ) -> c_int;
}

/// Puts this module's inverse DCTs where `replace` says in `cinfo`, which `jpeg_start_decompress`
/// has started (and so chosen the inverse DCTs of its one output pass).
///
/// # Safety
/// `cinfo` is a started decompressor in its only output pass, not in buffered-image mode.
pub(super) unsafe fn replace_reduced_idcts(cinfo: &mut jpeg_decompress_struct, replace: Replace) {
    let every = match replace {
        Replace::PlainC => 0,
        #[cfg(test)]
        Replace::Every => 1,
        #[cfg(test)]
        Replace::None => return,
    };
    if !simd_dcts_available() {
        return;
    }
    // SAFETY: the caller's promise; the functions have the signature libjpeg calls them with,
    // and the CPU runs their instructions (`simd_dcts_available`).
    unsafe { thumbctl_replace_reduced_idcts(cinfo, idct_2x2, idct_4x4, every) };
}

const CONST_BITS: i32 = 13;
const PASS1_BITS: i32 = 2;

// The constants of jidctred.c: FIX(x) = round(x * 2^CONST_BITS).
const FIX_0_211164243: i32 = 1730;
const FIX_0_509795579: i32 = 4176;
const FIX_0_601344887: i32 = 4926;
const FIX_0_720959822: i32 = 5906;
const FIX_0_765366865: i32 = 6270;
const FIX_0_850430095: i32 = 6967;
const FIX_0_899976223: i32 = 7373;
const FIX_1_061594337: i32 = 8697;
const FIX_1_272758580: i32 = 10426;
const FIX_1_451774981: i32 = 11893;
const FIX_1_847759065: i32 = 15137;
const FIX_2_172734803: i32 = 17799;
const FIX_2_562915447: i32 = 20995;
const FIX_3_624509785: i32 = 29692;

/// What a component's coefficients are multiplied by: its quantisation table, as libjpeg copies
/// it into the table its own inverse DCTs read; zeros while it has none (libjpeg's table is
/// zeroed then).
///
/// # Safety
/// `component` is one of a started decompressor's components.
unsafe fn quantisers<'a>(component: *const jpeg_component_info) -> &'a [u16; 64] {
    static NONE: [u16; 64] = [0; 64];
    // SAFETY: the caller's promise; libjpeg keeps the table for the whole decode.
    unsafe { (*component).quant_table.as_ref() }.map_or(&NONE, |table| &table.quantval)
}

/// # Safety
/// Called by libjpeg as an `inverse_DCT_method_ptr` for a component at 2/8 scale, on a CPU with
/// AVX2 (`simd_dcts_available`).
unsafe extern "C" fn idct_2x2(
    _cinfo: *mut jpeg_decompress_struct,
    component: *mut jpeg_component_info,
    coefficients: *const i16,
    output: *mut *mut u8,
    column: u32,
) {
    #[cfg(test)]
    tests::count_block();
    // SAFETY: libjpeg passes a block of 64 coefficients, a component of the decode, and two
    // rows with room for two pixels at `column`; `simd_dcts_available` said the CPU has AVX2.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        avx2::block_2x2(coefficients, quantisers(component), output, column)
    };
    #[cfg(not(target_arch = "x86_64"))]
    unreachable_without_avx2(coefficients, component, output, column);
}

/// # Safety
/// Called by libjpeg as an `inverse_DCT_method_ptr` for a component at 4/8 scale, on a CPU with
/// AVX2 (`simd_dcts_available`).
unsafe extern "C" fn idct_4x4(
    _cinfo: *mut jpeg_decompress_struct,
    component: *mut jpeg_component_info,
    coefficients: *const i16,
    output: *mut *mut u8,
    column: u32,
) {
    #[cfg(test)]
    tests::count_block();
    // SAFETY: as in idct_2x2, with four rows of room for four pixels.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        avx2::block_4x4(coefficients, quantisers(component), output, column)
    };
    #[cfg(not(target_arch = "x86_64"))]
    unreachable_without_avx2(coefficients, component, output, column);
}

/// Never called: `simd_dcts_available` is false where there is no AVX2 code.
#[cfg(not(target_arch = "x86_64"))]
fn unreachable_without_avx2<A, B, C>(_: A, _: B, _: C, _: u32) {}

/// The two inverse DCTs in AVX2: a register holds one row of a block, its eight columns as
/// 32-bit lanes, so the first pass (down the columns) is the C code's with each line done for
/// eight columns at once. The second pass (along the rows) turns the rows into columns first.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use crate::resize::avx2::{descaled, times};

    use super::*;

    /// Row `row` of the block, dequantised.
    ///
    /// # Safety
    /// `coefficients` points to 64 of them.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn dequantised(coefficients: *const i16, quantisers: &[u16; 64], row: usize) -> __m256i {
        // SAFETY: row < 8, so both loads stay within their 64 values.
        let (coefficients, quantisers) = unsafe {
            (
                _mm_loadu_si128(coefficients.add(row * 8).cast()),
                _mm_loadu_si128(quantisers.as_ptr().add(row * 8).cast()),
            )
        };
        _mm256_mullo_epi32(
            _mm256_cvtepi16_epi32(coefficients),
            _mm256_cvtepu16_epi32(quantisers),
        )
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn sum(terms: [__m256i; 4]) -> __m256i {
        let [a, b, c, d] = terms;
        _mm256_add_epi32(_mm256_add_epi32(a, b), _mm256_add_epi32(c, d))
    }

    /// Pixels from second-pass values: descaled by `BITS`, centred on 128.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn pixels<const BITS: i32>(x: __m128i) -> __m128i {
        let offset = (128 << BITS) + (1 << (BITS - 1));
        _mm_srai_epi32::<BITS>(_mm_add_epi32(x, _mm_set1_epi32(offset)))
    }

    /// jidctred.c's `jpeg_idct_2x2`.
    ///
    /// # Safety
    /// `coefficients` points to 64 of them and `output` to two rows with room for two pixels
    /// from `column` on.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn block_2x2(
        coefficients: *const i16,
        quantisers: &[u16; 64],
        output: *mut *mut u8,
        column: u32,
    ) {
        // SAFETY: the caller's promise on `coefficients`.
        let row = |index| unsafe { dequantised(coefficients, quantisers, index) };
        // Pass 1, down the columns (rows 2, 4 and 6 do not reach a 2x2 output).
        let even = _mm256_slli_epi32::<{ CONST_BITS + 2 }>(row(0));
        let odd = sum([
            times(row(7), -FIX_0_720959822),
            times(row(5), FIX_0_850430095),
            times(row(3), -FIX_1_272758580),
            times(row(1), FIX_3_624509785),
        ]);
        const PASS1: i32 = CONST_BITS - PASS1_BITS + 2;
        let top = descaled::<PASS1>(_mm256_add_epi32(even, odd));
        let bottom = descaled::<PASS1>(_mm256_sub_epi32(even, odd));
        // Pass 2, along the two rows: the odd part is a dot product with columns 1, 3, 5, 7.
        let weights = _mm256_setr_epi32(
            0,
            FIX_3_624509785,
            0,
            -FIX_1_272758580,
            0,
            FIX_0_850430095,
            0,
            -FIX_0_720959822,
        );
        let pairs = _mm256_hadd_epi32(
            _mm256_mullo_epi32(top, weights),
            _mm256_mullo_epi32(bottom, weights),
        );
        let quads = _mm_add_epi32(
            _mm256_castsi256_si128(pairs),
            _mm256_extracti128_si256::<1>(pairs),
        );
        // [top, bottom, top, bottom] -> [top, top, bottom, bottom], then + - + -.
        let odd = _mm_shuffle_epi32::<0b01_01_00_00>(_mm_hadd_epi32(quads, quads));
        let odd = _mm_sign_epi32(odd, _mm_setr_epi32(1, -1, 1, -1));
        let dc = _mm_unpacklo_epi32(_mm256_castsi256_si128(top), _mm256_castsi256_si128(bottom));
        let even = _mm_slli_epi32::<{ CONST_BITS + 2 }>(_mm_shuffle_epi32::<0b01_01_00_00>(dc));
        let values = pixels::<{ CONST_BITS + PASS1_BITS + 3 + 2 }>(_mm_add_epi32(even, odd));
        // Saturating packs clamp to 0..=255: the four pixels, row by row.
        let packed = _mm_packus_epi16(_mm_packs_epi32(values, values), values);
        let [a, b, c, d] = (_mm_cvtsi128_si32(packed) as u32).to_le_bytes();
        // SAFETY: the caller's promise on `output`.
        unsafe {
            let at = |index: usize| (*output.add(index)).add(column as usize);
            at(0).cast::<[u8; 2]>().write_unaligned([a, b]);
            at(1).cast::<[u8; 2]>().write_unaligned([c, d]);
        }
    }

    /// jidctred.c's `jpeg_idct_4x4`.
    ///
    /// # Safety
    /// `coefficients` points to 64 of them and `output` to four rows with room for four pixels
    /// from `column` on.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn block_4x4(
        coefficients: *const i16,
        quantisers: &[u16; 64],
        output: *mut *mut u8,
        column: u32,
    ) {
        // SAFETY: the caller's promise on `coefficients`.
        let row = |index| unsafe { dequantised(coefficients, quantisers, index) };
        // Pass 1, down the columns (row 4 does not reach a 4x4 output).
        let dc = _mm256_slli_epi32::<{ CONST_BITS + 1 }>(row(0));
        let even = _mm256_add_epi32(
            times(row(2), FIX_1_847759065),
            times(row(6), -FIX_0_765366865),
        );
        let (even_0, even_1) = (_mm256_add_epi32(dc, even), _mm256_sub_epi32(dc, even));
        let (r1, r3, r5, r7) = (row(1), row(3), row(5), row(7));
        let odd_a = sum([
            times(r7, -FIX_0_211164243),
            times(r5, FIX_1_451774981),
            times(r3, -FIX_2_172734803),
            times(r1, FIX_1_061594337),
        ]);
        let odd_b = sum([
            times(r7, -FIX_0_509795579),
            times(r5, -FIX_0_601344887),
            times(r3, FIX_0_899976223),
            times(r1, FIX_2_562915447),
        ]);
        const PASS1: i32 = CONST_BITS - PASS1_BITS + 1;
        let work_0 = descaled::<PASS1>(_mm256_add_epi32(even_0, odd_b));
        let work_3 = descaled::<PASS1>(_mm256_sub_epi32(even_0, odd_b));
        let work_1 = descaled::<PASS1>(_mm256_add_epi32(even_1, odd_a));
        let work_2 = descaled::<PASS1>(_mm256_sub_epi32(even_1, odd_a));
        // Rows to columns, in each 128-bit half: column k of the four rows, beside column k + 4.
        let low_01 = _mm256_unpacklo_epi32(work_0, work_1);
        let low_23 = _mm256_unpacklo_epi32(work_2, work_3);
        let high_01 = _mm256_unpackhi_epi32(work_0, work_1);
        let high_23 = _mm256_unpackhi_epi32(work_2, work_3);
        let columns_0_4 = _mm256_unpacklo_epi64(low_01, low_23);
        let columns_1_5 = _mm256_unpackhi_epi64(low_01, low_23);
        let columns_2_6 = _mm256_unpacklo_epi64(high_01, high_23);
        let columns_3_7 = _mm256_unpackhi_epi64(high_01, high_23);
        // Pass 2, along the rows, four rows at once: a sum over columns k and k + 4 is a
        // product with weights per half, then the sum of the halves.
        let halves = |both: __m256i| {
            _mm_add_epi32(
                _mm256_castsi256_si128(both),
                _mm256_extracti128_si256::<1>(both),
            )
        };
        let weighted = |columns: __m256i, low: i32, high: i32| {
            let weights = _mm256_setr_epi32(low, low, low, low, high, high, high, high);
            _mm256_mullo_epi32(columns, weights)
        };
        let dc = _mm_slli_epi32::<{ CONST_BITS + 1 }>(_mm256_castsi256_si128(columns_0_4));
        let even = halves(weighted(columns_2_6, FIX_1_847759065, -FIX_0_765366865));
        let (even_0, even_1) = (_mm_add_epi32(dc, even), _mm_sub_epi32(dc, even));
        let odd_a = halves(_mm256_add_epi32(
            weighted(columns_1_5, FIX_1_061594337, FIX_1_451774981),
            weighted(columns_3_7, -FIX_2_172734803, -FIX_0_211164243),
        ));
        let odd_b = halves(_mm256_add_epi32(
            weighted(columns_1_5, FIX_2_562915447, -FIX_0_601344887),
            weighted(columns_3_7, FIX_0_899976223, -FIX_0_509795579),
        ));
        const PASS2: i32 = CONST_BITS + PASS1_BITS + 3 + 1;
        let column_0 = pixels::<PASS2>(_mm_add_epi32(even_0, odd_b));
        let column_1 = pixels::<PASS2>(_mm_add_epi32(even_1, odd_a));
        let column_2 = pixels::<PASS2>(_mm_sub_epi32(even_1, odd_a));
        let column_3 = pixels::<PASS2>(_mm_sub_epi32(even_0, odd_b));
        // Saturating packs clamp to 0..=255; the bytes come column by column, and a shuffle
        // puts them row by row.
        let packed = _mm_packus_epi16(
            _mm_packs_epi32(column_0, column_1),
            _mm_packs_epi32(column_2, column_3),
        );
        let by_rows = _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        let mut rows = [0u8; 16];
        // SAFETY: `rows` has 16 bytes.
        unsafe { _mm_storeu_si128(rows.as_mut_ptr().cast(), _mm_shuffle_epi8(packed, by_rows)) };
        for (index, pixels) in rows.chunks_exact(4).enumerate() {
            // SAFETY: the caller's promise on `output`.
            unsafe {
                let at = (*output.add(index)).add(column as usize);
                std::ptr::copy_nonoverlapping(pixels.as_ptr(), at, 4);
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static BLOCKS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count_block() {
        BLOCKS.with(|blocks| blocks.set(blocks.get() + 1));
    }

    /// How many blocks this thread has put through this module's inverse DCTs.
    pub(in crate::resize::decode) fn blocks_done() -> usize {
        BLOCKS.with(Cell::get)
    }

    /// The N x N pixels of one block, or `None` without AVX2.
    fn pixels<const N: usize>(
        coefficients: &[i16; 64],
        quantisers: &[u16; 64],
    ) -> Option<[[u8; N]; N]> {
        if !simd_dcts_available() {
            eprintln!("no AVX2 here: the inverse DCTs of idct.rs are not used");
            return None;
        }
        let mut pixels = [[0u8; N]; N];
        let mut rows = pixels.each_mut().map(|row| row.as_mut_ptr());
        // SAFETY: 64 coefficients, N rows of N bytes, and AVX2.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            let block = if N == 2 {
                avx2::block_2x2
            } else {
                avx2::block_4x4
            };
            block(coefficients.as_ptr(), quantisers, rows.as_mut_ptr(), 0);
        }
        Some(pixels)
    }

    #[test]
    fn a_flat_block_is_its_dc_value_everywhere_and_clamps() {
        // DC 80 at quantiser 2 is a mean of 128 + 160 / 8 = 148 over the block.
        let mut coefficients = [0i16; 64];
        coefficients[0] = 80;
        let quantisers = [2u16; 64];
        let Some(two) = pixels::<2>(&coefficients, &quantisers) else {
            return;
        };
        assert_eq!(two, [[148; 2]; 2]);
        assert_eq!(pixels::<4>(&coefficients, &quantisers), Some([[148; 4]; 4]));
        // Far out of range it clamps, as libjpeg's range limit does.
        coefficients[0] = 2000;
        assert_eq!(pixels::<2>(&coefficients, &quantisers), Some([[255; 2]; 2]));
        coefficients[0] = -2000;
        assert_eq!(pixels::<4>(&coefficients, &quantisers), Some([[0; 4]; 4]));
    }

    #[test]
    fn one_cosine_gives_its_wave() {
        // The first horizontal AC coefficient alone: brighter on the left, darker on the right,
        // by the same amount, and the same in every row.
        let mut coefficients = [0i16; 64];
        coefficients[1] = 100;
        let quantisers = [1u16; 64];
        let Some([[left, right], second]) = pixels::<2>(&coefficients, &quantisers) else {
            return;
        };
        assert!(
            left > 128 + 5 && i32::from(left) + i32::from(right) - 256 <= 1,
            "{left} {right}"
        );
        assert_eq!(second, [left, right]);
        let four = pixels::<4>(&coefficients, &quantisers).unwrap();
        assert!(four[0][0] > four[0][1] && four[0][1] > four[0][2] && four[0][2] > four[0][3]);
        assert!(four.iter().all(|row| *row == four[0]));
    }
}
