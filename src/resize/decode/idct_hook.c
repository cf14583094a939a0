/*
 * The one thing thumbctl cannot do from Rust in libjpeg: choose the inverse DCT of a component.
 * libjpeg keeps that choice in its private IDCT controller (jpegint.h), whose layout only the C
 * compiler knows, given the headers libjpeg was built with (mozjpeg-sys exports them; see
 * build.rs). src/resize/decode/idct.rs says why and what it puts there.
 */
#define JPEG_INTERNALS
#include "jinclude.h"
#include "jpeglib.h"
#include "jdct.h"
#include "jpegcomp.h"

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
