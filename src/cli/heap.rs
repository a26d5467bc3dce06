//! Allocator hints for large inputs (Linux): a 10,000-value file allocates tens of
//! thousands of small blocks, and faulting their memory in 4 KiB at a time was about a
//! tenth of the run. Before such a file is parsed, the allocator's heap grows once to a
//! size that fits the work, that range is marked for transparent huge pages, and it
//! stays with the heap to be reused. This is advice only: where it is refused nothing
//! changes but speed.

/// Inputs below this size run as they always do.
const LARGE_INPUT: usize = 256 * 1024;

/// Heap to set aside per byte of input: a parse, the output (four times the input when
/// encrypting) and a read-back. 32 measured best against 8, 16 and 64.
const HEAP_PER_INPUT_BYTE: usize = 32;

/// glibc serves blocks above its mmap threshold (at most 32 MiB) with mmap: the reserve
/// stays below it, so that it comes from the heap. (The musl build keeps the same cap.)
const MAX_RESERVE: usize = 32 * 1024 * 1024 - 4096;

fn reserve_for(len: usize) -> usize {
    len.saturating_mul(HEAP_PER_INPUT_BYTE).min(MAX_RESERVE)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn prepare_for_input(len: usize) {
    if len < LARGE_INPUT {
        return;
    }
    let reserve = reserve_for(len);
    // SAFETY: mallopt, malloc and free are called as glibc documents them; the block is
    // not used other than to learn where the heap's free space lies.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAX_RESERVE as libc::c_int + 4096);
        libc::mallopt(libc::M_TRIM_THRESHOLD, (4 * MAX_RESERVE) as libc::c_int);
        let block = libc::malloc(reserve);
        if block.is_null() {
            return;
        }
        crate::hugepages::advise(block.cast(), reserve);
        libc::free(block);
    }
}

/// The static build's own allocator (src/musl/alloc.rs) takes the hint directly.
#[cfg(target_env = "musl")]
pub fn prepare_for_input(len: usize) {
    if len >= LARGE_INPUT {
        crate::musl::alloc::expect(reserve_for(len));
    }
}

#[cfg(not(any(all(target_os = "linux", target_env = "gnu"), target_env = "musl")))]
pub fn prepare_for_input(_len: usize) {}
