//! glibc's malloc, set up for a run of large decodes (Linux with glibc only; a no-op elsewhere).
//!
//! libjpeg-turbo mallocs the whole coefficient array of a progressive photo (up to 72 MB) and
//! frees it when the image is done. By default glibc serves each such block with a fresh mmap,
//! so every 4 KB page of it is faulted in and zeroed by the kernel, image after image: on the
//! photo corpus that was 92,000 page faults and a fifth of the run's CPU time in the kernel.
//! Before the workers start, `tune_for_decodes`:
//! - serves blocks up to `HEAP_BLOCKS_UP_TO` from the heap and keeps freed memory there, so the
//!   next image reuses pages that are already mapped (`M_MMAP_THRESHOLD`, `M_TRIM_THRESHOLD`);
//! - uses one arena for every worker (`M_ARENA_MAX`), so what one worker frees another reuses
//!   and the heap stays as large as the decodes that run at once, which the decode-memory
//!   budget bounds;
//! - asks for transparent huge pages on the first `reserve` bytes of the heap, so each fault
//!   maps 2 MB instead of 4 KB. Nothing is touched here: memory counts once an image uses it.

/// Blocks up to this size come from the heap (above it, glibc still maps them one by one).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_BLOCKS_UP_TO: usize = 256 << 20;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_for_decodes(reserve: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    // SAFETY (each mallopt): it only changes malloc's settings, and runs before any worker
    // thread allocates.
    let tuned = unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) } == 1
        && unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO as libc::c_int) } == 1
        && unsafe {
            libc::mallopt(
                libc::M_TRIM_THRESHOLD,
                (2 * HEAP_BLOCKS_UP_TO) as libc::c_int,
            )
        } == 1;
    if !tuned || reserve == 0 || reserve >= HEAP_BLOCKS_UP_TO {
        tracing::debug!(tuned, "malloc left as it is");
        return;
    }
    // Grow the heap by `reserve` (untouched, so not resident), advise huge pages on it, and give
    // it back to malloc, which keeps it at the top of the heap for the images.
    // SAFETY: malloc with any size is sound; the block is freed below and never read.
    let block = unsafe { libc::malloc(reserve) };
    if block.is_null() {
        return;
    }
    let start = (block as usize).next_multiple_of(HUGE_PAGE);
    let end = (block as usize + reserve) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: [start, end) lies inside the block malloc just returned, which this function
        // owns; the advice changes how its pages are backed, not their contents.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
    // SAFETY: `block` came from malloc above and is freed once.
    unsafe { libc::free(block) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_for_decodes(_reserve: usize) {}
