//! Transparent huge pages for large heap ranges (Linux): one page fault then maps 2 MiB
//! instead of 4 KiB. Advice only; where it is refused, nothing changes but speed.

/// The size of a transparent huge page on x86_64 and (with 4 KiB pages) aarch64.
pub const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// Asks for huge pages on the whole huge pages inside `len` bytes at `addr`.
pub fn advise(addr: *mut u8, len: usize) {
    let start = (addr as usize).next_multiple_of(HUGE_PAGE);
    let end = (addr as usize + len) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: the range lies inside the caller's mapping; advice changes no content.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}
