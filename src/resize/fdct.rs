//! The forward DCT and quantisation of JPEG thumbnails, for a libjpeg without SIMD.
//!
//! The encoder turns each 8x8 block of samples into quantised coefficients with jfdctint.c's
//! accurate integer DCT and jcdctmgr.c's `quantize`. libjpeg-turbo's SIMD versions of both are
//! in nasm syntax only, so a build without nasm runs the C ones: 1288 and 964 instructions a
//! block, 9% of its time on the photo corpus' JPEG folder (`perf record`: quantize 5.8%, the
//! DCT 3.4%; the nasm build's SIMD ones 0.5% together). The same arithmetic in AVX2 takes 349
//! instructions for both (callgrind, JPEG folder to JPEG: 10.43 G -> 9.69 G; nasm build 9.43 G).
//!
//! The coefficients are libjpeg's to the bit, so the files are too (the tests encode the same
//! pixels both ways and compare the bytes). The DCT is jfdctint.c's, two passes of 32-bit lanes
//! where libjpeg's C computes in 64 bits: its sums of 8-bit samples stay far below 2^31, as they
//! must for libjpeg-turbo's own SIMD code, which computes them in 32 bits too. Quantising is
//! rounding `|c| / q` to nearest, halves up, with the sign put back: libjpeg's C multiplies by a
//! reciprocal that gives exactly that for every coefficient a DCT of 8-bit samples can produce
//! (a test checks every one), and here it is a division of floats, which is exact below 2^24.
//!
//! `src/resize/libjpeg_hooks.c` puts this in libjpeg's private forward-DCT controller after
//! `jpeg_start_compress`.

use std::os::raw::c_int;

use mozjpeg_sys::{jpeg_component_info, jpeg_compress_struct};

use super::libjpeg::Replace;

/// libjpeg's `forward_DCT`: `count` blocks of a component's samples, from `start_column` of the
/// eight rows from `start_row` of `samples`, to quantised coefficients in `blocks` (and
/// unquantised ones in `unquantised`, unless it is null: mozjpeg's trellis search wants them).
type ForwardDct = unsafe extern "C" fn(
    cinfo: *mut jpeg_compress_struct,
    component: *mut jpeg_component_info,
    samples: *const *const u8,
    blocks: *mut [i16; 64],
    start_row: u32,
    start_column: u32,
    count: u32,
    unquantised: *mut [i16; 64],
);

extern "C" {
    // src/resize/libjpeg_hooks.c
    fn thumbctl_replace_forward_dct(
        cinfo: *mut jpeg_compress_struct,
        forward_dct: ForwardDct,
        every: c_int,
    ) -> c_int;
}

/// Puts this module's forward DCT where `replace` says in `cinfo`, which `jpeg_start_compress`
/// has started. Returns whether it did.
///
/// # Safety
/// `cinfo` is a started compressor that has not written a scanline yet.
pub(super) unsafe fn replace_forward_dct(
    cinfo: &mut jpeg_compress_struct,
    replace: Replace,
) -> bool {
    let every = match replace {
        Replace::PlainC => 0,
        #[cfg(test)]
        Replace::Every => 1,
        #[cfg(test)]
        Replace::None => return false,
    };
    if !super::libjpeg::simd_dcts_available() {
        return false;
    }
    // SAFETY: the caller's promise; the function has the signature libjpeg calls it with, and
    // the CPU runs its instructions.
    unsafe { thumbctl_replace_forward_dct(cinfo, forward_dct, every) != 0 }
}

/// # Safety
/// Called by libjpeg as its `forward_DCT`, on a CPU with AVX2.
unsafe extern "C" fn forward_dct(
    cinfo: *mut jpeg_compress_struct,
    component: *mut jpeg_component_info,
    samples: *const *const u8,
    blocks: *mut [i16; 64],
    start_row: u32,
    start_column: u32,
    count: u32,
    unquantised: *mut [i16; 64],
) {
    #[cfg(test)]
    tests::count_blocks(count as usize);
    // SAFETY: libjpeg passes its compressor, one of its components (whose quantisation table
    // it has checked is there), eight rows of samples from `start_row` with `count` blocks of
    // eight samples from `start_column`, and as many blocks to write.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        let table = (*cinfo).quant_tbl_ptrs[(*component).quant_tbl_no as usize];
        let divisors = avx2::Divisors::new(&(*table).quantval);
        let rows = samples.add(start_row as usize);
        for index in 0..count as usize {
            let column = start_column as usize + index * 8;
            let unquantised = (!unquantised.is_null()).then(|| unquantised.add(index));
            avx2::block(rows, column, &divisors, blocks.add(index), unquantised);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (
        cinfo,
        component,
        samples,
        blocks,
        start_row,
        start_column,
        count,
        unquantised,
    );
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use crate::resize::avx2::{descaled, times};

    const CONST_BITS: i32 = 13;
    const PASS1_BITS: i32 = 2;

    // The constants of jfdctint.c: FIX(x) = round(x * 2^CONST_BITS).
    const FIX_0_298631336: i32 = 2446;
    const FIX_0_390180644: i32 = 3196;
    const FIX_0_541196100: i32 = 4433;
    const FIX_0_765366865: i32 = 6270;
    const FIX_0_899976223: i32 = 7373;
    const FIX_1_175875602: i32 = 9633;
    const FIX_1_501321110: i32 = 12299;
    const FIX_1_847759065: i32 = 15137;
    const FIX_1_961570560: i32 = 16069;
    const FIX_2_053119869: i32 = 16819;
    const FIX_2_562915447: i32 = 20995;
    const FIX_3_072711026: i32 = 25172;

    /// A quantisation table as the DCT's output needs it: each quantiser times 8 (jfdctint.c's
    /// output is eight times the DCT), as floats, and half of that, for rounding.
    pub(super) struct Divisors {
        divisors: [__m256; 8],
        halves: [__m256i; 8],
    }

    impl Divisors {
        #[target_feature(enable = "avx2")]
        pub(super) fn new(quantisers: &[u16; 64]) -> Divisors {
            let row = |index: usize| {
                // SAFETY: index < 8, so the 16 bytes read are within the table.
                let row = unsafe { _mm_loadu_si128(quantisers.as_ptr().add(index * 8).cast()) };
                _mm256_slli_epi32::<3>(_mm256_cvtepu16_epi32(row))
            };
            let rows: [__m256i; 8] = std::array::from_fn(row);
            Divisors {
                divisors: rows.map(|row| _mm256_cvtepi32_ps(row)),
                halves: rows.map(|row| _mm256_srli_epi32::<1>(row)),
            }
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn add(a: __m256i, b: __m256i) -> __m256i {
        _mm256_add_epi32(a, b)
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn sub(a: __m256i, b: __m256i) -> __m256i {
        _mm256_sub_epi32(a, b)
    }

    /// Rows to columns: lane j of register i goes to lane i of register j.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn transposed(rows: [__m256i; 8]) -> [__m256i; 8] {
        let [r0, r1, r2, r3, r4, r5, r6, r7] = rows;
        let (a0, a1) = (_mm256_unpacklo_epi32(r0, r1), _mm256_unpackhi_epi32(r0, r1));
        let (a2, a3) = (_mm256_unpacklo_epi32(r2, r3), _mm256_unpackhi_epi32(r2, r3));
        let (a4, a5) = (_mm256_unpacklo_epi32(r4, r5), _mm256_unpackhi_epi32(r4, r5));
        let (a6, a7) = (_mm256_unpacklo_epi32(r6, r7), _mm256_unpackhi_epi32(r6, r7));
        let (b0, b1) = (_mm256_unpacklo_epi64(a0, a2), _mm256_unpackhi_epi64(a0, a2));
        let (b2, b3) = (_mm256_unpacklo_epi64(a1, a3), _mm256_unpackhi_epi64(a1, a3));
        let (b4, b5) = (_mm256_unpacklo_epi64(a4, a6), _mm256_unpackhi_epi64(a4, a6));
        let (b6, b7) = (_mm256_unpacklo_epi64(a5, a7), _mm256_unpackhi_epi64(a5, a7));
        [
            _mm256_permute2x128_si256::<0x20>(b0, b4),
            _mm256_permute2x128_si256::<0x20>(b1, b5),
            _mm256_permute2x128_si256::<0x20>(b2, b6),
            _mm256_permute2x128_si256::<0x20>(b3, b7),
            _mm256_permute2x128_si256::<0x31>(b0, b4),
            _mm256_permute2x128_si256::<0x31>(b1, b5),
            _mm256_permute2x128_si256::<0x31>(b2, b6),
            _mm256_permute2x128_si256::<0x31>(b3, b7),
        ]
    }

    /// One pass of jfdctint.c's DCT: the 1-D DCT of `data[0..8]`, lane by lane. The first pass
    /// (along the rows) scales its results up by 2^PASS1_BITS; the second (down the columns)
    /// takes that out again.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn dct_pass<const FIRST: bool>(data: [__m256i; 8]) -> [__m256i; 8] {
        let [d0, d1, d2, d3, d4, d5, d6, d7] = data;
        let (tmp0, tmp7) = (add(d0, d7), sub(d0, d7));
        let (tmp1, tmp6) = (add(d1, d6), sub(d1, d6));
        let (tmp2, tmp5) = (add(d2, d5), sub(d2, d5));
        let (tmp3, tmp4) = (add(d3, d4), sub(d3, d4));
        // Even part.
        let (tmp10, tmp13) = (add(tmp0, tmp3), sub(tmp0, tmp3));
        let (tmp11, tmp12) = (add(tmp1, tmp2), sub(tmp1, tmp2));
        let (out0, out4) = if FIRST {
            (
                _mm256_slli_epi32::<PASS1_BITS>(add(tmp10, tmp11)),
                _mm256_slli_epi32::<PASS1_BITS>(sub(tmp10, tmp11)),
            )
        } else {
            (
                descaled::<PASS1_BITS>(add(tmp10, tmp11)),
                descaled::<PASS1_BITS>(sub(tmp10, tmp11)),
            )
        };
        let z1 = times(add(tmp12, tmp13), FIX_0_541196100);
        let even_2 = add(z1, times(tmp13, FIX_0_765366865));
        let even_6 = add(z1, times(tmp12, -FIX_1_847759065));
        // Odd part.
        let (z1, z2) = (add(tmp4, tmp7), add(tmp5, tmp6));
        let (z3, z4) = (add(tmp4, tmp6), add(tmp5, tmp7));
        let z5 = times(add(z3, z4), FIX_1_175875602);
        let tmp4 = times(tmp4, FIX_0_298631336);
        let tmp5 = times(tmp5, FIX_2_053119869);
        let tmp6 = times(tmp6, FIX_3_072711026);
        let tmp7 = times(tmp7, FIX_1_501321110);
        let z1 = times(z1, -FIX_0_899976223);
        let z2 = times(z2, -FIX_2_562915447);
        let z3 = add(times(z3, -FIX_1_961570560), z5);
        let z4 = add(times(z4, -FIX_0_390180644), z5);
        let odd = [
            add(add(tmp7, z1), z4),
            add(add(tmp6, z2), z3),
            add(add(tmp5, z2), z4),
            add(add(tmp4, z1), z3),
        ];
        let scaled = |x| {
            if FIRST {
                descaled::<{ CONST_BITS - PASS1_BITS }>(x)
            } else {
                descaled::<{ CONST_BITS + PASS1_BITS }>(x)
            }
        };
        [
            out0,
            scaled(odd[0]),
            scaled(even_2),
            scaled(odd[1]),
            out4,
            scaled(odd[2]),
            scaled(even_6),
            scaled(odd[3]),
        ]
    }

    /// Two registers of 32-bit values as 16 coefficients, in order (libjpeg's C truncates to
    /// JCOEF; these values always fit).
    #[target_feature(enable = "avx2")]
    #[inline]
    fn packed(low: __m256i, high: __m256i) -> __m256i {
        _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_packs_epi32(low, high))
    }

    /// One block: samples to coefficients, quantised into `block`.
    ///
    /// # Safety
    /// `rows` points to eight rows with eight samples from `column` on.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn block(
        rows: *const *const u8,
        column: usize,
        divisors: &Divisors,
        block: *mut [i16; 64],
        unquantised: Option<*mut [i16; 64]>,
    ) {
        let centre = _mm256_set1_epi32(128);
        let samples: [__m256i; 8] = std::array::from_fn(|row| {
            // SAFETY: the caller's promise.
            let eight = unsafe { _mm_loadl_epi64((*rows.add(row)).add(column).cast()) };
            _mm256_sub_epi32(_mm256_cvtepu8_epi32(eight), centre)
        });
        // Along the rows first, as libjpeg does: so the rows' values become lanes.
        let along_rows = dct_pass::<true>(transposed(samples));
        let coefficients = dct_pass::<false>(transposed(along_rows));
        let store = |target: *mut [i16; 64], values: [__m256i; 8]| {
            for pair in 0..4 {
                let packed = packed(values[2 * pair], values[2 * pair + 1]);
                // SAFETY: a block holds 64 coefficients; this writes 16 of them.
                unsafe { _mm256_storeu_si256(target.cast::<__m256i>().add(pair), packed) };
            }
        };
        if let Some(target) = unquantised {
            store(target, coefficients);
        }
        let quantised: [__m256i; 8] = std::array::from_fn(|row| {
            let value = coefficients[row];
            let rounded = _mm256_add_epi32(_mm256_abs_epi32(value), divisors.halves[row]);
            let quotient = _mm256_div_ps(_mm256_cvtepi32_ps(rounded), divisors.divisors[row]);
            _mm256_sign_epi32(_mm256_cvttps_epi32(quotient), value)
        });
        store(block, quantised);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use image::{DynamicImage, RgbImage};

    use super::*;
    use crate::resize::libjpeg::{encode_with, simd_dcts_available, Markers, Pixels};

    thread_local! {
        static BLOCKS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count_blocks(count: usize) {
        BLOCKS.with(|blocks| blocks.set(blocks.get() + count));
    }

    /// libjpeg's C quantisation of a coefficient's magnitude `value` by `divisor` (jcdctmgr.c's
    /// `compute_reciprocal` and `quantize`, with the 32-bit DCTELEM of a build without SIMD).
    fn libjpeg_quantised(value: u64, divisor: u64) -> u64 {
        let b = 63 - divisor.leading_zeros() as u64;
        let mut r = 32 + b;
        let mut reciprocal = (1u64 << r) / divisor;
        let remainder = (1u64 << r) % divisor;
        let mut correction = divisor / 2;
        if remainder == 0 {
            reciprocal >>= 1;
            r -= 1;
        } else if remainder <= divisor / 2 {
            correction += 1;
        } else {
            reciprocal += 1;
        }
        ((value + correction) * reciprocal) >> r
    }

    #[test]
    fn libjpegs_reciprocals_round_to_nearest() {
        // Every magnitude a DCT of 8-bit samples can give (jfdctint.c's output is eight times
        // the DCT's, at most 8 x 1024 by Parseval; 2^16 to spare), every 8-bit quantiser and a
        // spread of larger ones (times 8, as libjpeg divides jfdctint.c's output). libjpeg
        // takes that product as 16 bits, so up to 8191: the tables thumbctl's qualities give
        // reach 121 x 50 = 6050 (quality 1).
        let quantisers = (1..=255).chain((256..=8191).step_by(13));
        for quantiser in quantisers {
            let divisor = quantiser * 8;
            for value in 0..1u64 << 16 {
                let rounded = (value + divisor / 2) / divisor;
                assert_eq!(
                    libjpeg_quantised(value, divisor),
                    rounded,
                    "{value} / {divisor}"
                );
            }
        }
    }

    fn noise(width: u32, height: u32, seed: u32) -> RgbImage {
        let mut state = seed | 1;
        RgbImage::from_fn(width, height, |_, _| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            image::Rgb(state.to_le_bytes()[..3].try_into().unwrap())
        })
    }

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let texture = ((x * 7 + y * 13) % 17) as u8 * 3;
            image::Rgb([
                (x * 255 / width) as u8 / 2 + texture,
                (y * 200 / height) as u8,
                40,
            ])
        })
    }

    /// The JPEG of `image`, and how many blocks went through this module.
    fn encoded(
        image: &DynamicImage,
        pixels: Pixels,
        quality: u8,
        replace: Replace,
    ) -> (Vec<u8>, usize) {
        let before = BLOCKS.with(Cell::get);
        let mut out = Vec::new();
        encode_with(
            image,
            pixels,
            quality,
            Markers::default(),
            replace,
            &mut out,
        )
        .unwrap();
        (out, BLOCKS.with(Cell::get) - before)
    }

    #[test]
    fn the_forward_dct_gives_libjpegs_files() {
        if !simd_dcts_available() {
            eprintln!("no AVX2 here: the forward DCT of fdct.rs is not used");
            return;
        }
        let images = [
            DynamicImage::ImageRgb8(noise(173, 91, 5)),
            DynamicImage::ImageRgb8(gradient(300, 211)),
            DynamicImage::ImageRgb8(RgbImage::from_pixel(17, 9, image::Rgb([255, 0, 255]))),
            DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(noise(64, 40, 9)).to_luma8()),
        ];
        let mut compared = 0;
        for (index, image) in images.iter().enumerate() {
            let spaces: &[Pixels] = match image {
                DynamicImage::ImageRgb8(_) => &[Pixels::AsTheyAre, Pixels::Ycbcr],
                _ => &[Pixels::AsTheyAre],
            };
            for &pixels in spaces {
                for quality in [1, 10, 50, 85, 95, 100] {
                    let case = format!("image {index}, {pixels:?}, quality {quality}");
                    let (libjpeg, none) = encoded(image, pixels, quality, Replace::None);
                    assert_eq!(none, 0, "{case}");
                    let (ours, blocks) = encoded(image, pixels, quality, Replace::Every);
                    assert!(blocks > 0, "{case}: no block went through fdct.rs");
                    assert!(libjpeg == ours, "{case}: the files differ");
                    compared += blocks;
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn the_forward_dct_replaces_only_libjpegs_plain_c_one() {
        let image = DynamicImage::ImageRgb8(gradient(64, 32));
        let (_, blocks) = encoded(&image, Pixels::AsTheyAre, 85, Replace::PlainC);
        // libjpeg has a SIMD one exactly when it converts colours in SIMD (both need nasm).
        if crate::resize::libjpeg::converts_colour_in_simd() || !simd_dcts_available() {
            assert_eq!(blocks, 0);
        } else {
            assert!(blocks > 0);
        }
    }
}
