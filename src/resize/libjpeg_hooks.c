/*
 * What thumbctl cannot do from Rust in libjpeg: choose its DCTs. libjpeg keeps those choices in
 * private structs (jpegint.h), whose layout only the C compiler knows, given the headers libjpeg
 * was built with (mozjpeg-sys exports them; see build.rs). src/resize/decode/idct.rs and
 * src/resize/fdct.rs say why and what they put there.
 */
#define JPEG_INTERNALS
#include "jinclude.h"
#include "jpeglib.h"
#include "jdct.h"
#include "jsimddct.h"
#include "jpegcomp.h"

/* libjpeg's forward_DCT: a row of blocks of samples to quantised coefficients. */
typedef void (*forward_DCT_ptr) (j_compress_ptr cinfo, jpeg_component_info *compptr,
                                 JSAMPARRAY sample_data, JBLOCKROW coef_blocks,
                                 JDIMENSION start_row, JDIMENSION start_col,
                                 JDIMENSION num_blocks, JBLOCKROW dst);

/*
 * After jpeg_start_decompress, when libjpeg has chosen the inverse DCTs of its only output pass:
 * where it chose its plain C code for the 2x2 or 4x4 output of a block (jidctred.c), or for every
 * component at those sizes if `every` is nonzero, use `idct_2x2` and `idct_4x4` instead.
 * Returns how many components it changed.
 */
int thumbctl_replace_reduced_idcts(j_decompress_ptr cinfo, inverse_DCT_method_ptr idct_2x2,
                                   inverse_DCT_method_ptr idct_4x4, int every)
{
  int ci, replaced = 0;
  jpeg_component_info *compptr = cinfo->comp_info;

  for (ci = 0; ci < cinfo->num_components && ci < MAX_COMPONENTS; ci++, compptr++) {
    inverse_DCT_method_ptr *method = &cinfo->idct->inverse_DCT[ci];

    if (compptr->_DCT_scaled_size == 2 && (every || *method == jpeg_idct_2x2)) {
      *method = idct_2x2;
      replaced++;
    } else if (compptr->_DCT_scaled_size == 4 && (every || *method == jpeg_idct_4x4)) {
      *method = idct_4x4;
      replaced++;
    }
  }
  return replaced;
}

/*
 * After jpeg_start_compress: where libjpeg would run its plain C forward DCT and quantisation
 * (jfdctint.c's jpeg_fdct_islow and jcdctmgr.c's quantize), or in any case if `every` is nonzero,
 * use `forward_dct` instead. Not when the DCT is another than the accurate integer one, or when
 * mozjpeg's overshoot deringing would preprocess the samples. Returns whether it did.
 */
int thumbctl_replace_forward_dct(j_compress_ptr cinfo, forward_DCT_ptr forward_dct, int every)
{
  if (cinfo->dct_method != JDCT_ISLOW || cinfo->master->overshoot_deringing)
    return 0;
  if (!every && (jsimd_can_fdct_islow() || jsimd_can_quantize()))
    return 0;
  cinfo->fdct->forward_DCT = forward_dct;
  return 1;
}
