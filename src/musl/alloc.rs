//! The global allocator: dlmalloc (the design glibc's malloc grew from), behind a spin
//! lock, getting its memory from anonymous mappings, with transparent huge pages for the
//! large ones. The lock is almost never contended (`secret` runs threads only to pump a
//! masked program's output), and releasing a spin lock is a plain store where std's
//! mutex needs a second atomic instruction: with the mutex, a 10,000-value encrypt took
//! 1.2 ms (6 %) longer. [`expect`] lets a run that is about to work on a large input take
//! its heap in one piece.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ptr;

use dlmalloc::Dlmalloc;
use spin::mutex::SpinMutex;
use spin::relax::Yield;

use crate::hugepages;

/// dlmalloc's own default: the size by which the heap grows when it must.
const DEFAULT_GROWTH: usize = 64 * 1024;

/// Waiting for the lock yields the processor, in case its holder was preempted.
static HEAP: SpinMutex<Dlmalloc<Pages>, Yield> =
    SpinMutex::new(Dlmalloc::new_with_allocator(Pages));

/// The process's allocator (`#[global_allocator]` in `main.rs`).
pub struct Allocator;

thread_local! {
    /// Whether this thread holds the heap's lock.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` on the heap, under its lock. dlmalloc checks its own invariants and
/// panics when one fails (a block freed with the wrong size, a corrupted heap). That
/// must end the process: an allocator may not unwind, and the panic message allocates,
/// which would wait forever for the lock this thread holds. So re-entry and unwinding
/// both abort.
fn with_heap<T>(work: impl FnOnce(&mut Dlmalloc<Pages>) -> T) -> T {
    if HOLDING.replace(true) {
        abort_broken_heap();
    }
    let abort_on_unwind = AbortOnDrop;
    let result = work(&mut HEAP.lock());
    std::mem::forget(abort_on_unwind);
    HOLDING.set(false);
    result
}

struct AbortOnDrop;

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        abort_broken_heap();
    }
}

/// Says so on standard error, without allocating, and aborts.
fn abort_broken_heap() -> ! {
    const MESSAGE: &[u8] = b"secret: the heap is corrupted; aborting\n";
    // SAFETY: writes a static buffer to standard error.
    unsafe { libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len()) };
    std::process::abort()
}

// SAFETY: every call passes its layout on to dlmalloc, which upholds GlobalAlloc's
// contract for the same arguments; the lock makes the calls one at a time.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        with_heap(|heap| unsafe { heap.malloc(layout.size(), layout.align()) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        with_heap(|heap| unsafe { heap.free(ptr, layout.size(), layout.align()) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        with_heap(|heap| unsafe { heap.calloc(layout.size(), layout.align()) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        with_heap(|heap| unsafe { heap.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}

/// Says that about `bytes` of heap are about to be used: from now on the heap grows by
/// mappings of at least that size (a power of two), on huge pages when they are large.
/// Growth never shrinks below dlmalloc's default.
pub fn expect(bytes: usize) {
    let growth = bytes.max(DEFAULT_GROWTH).next_power_of_two();
    let accepted = with_heap(|heap| heap.set_granularity(growth));
    debug_assert!(accepted, "a power of two of 64 KiB or more");
}

/// Memory for dlmalloc, straight from the kernel.
struct Pages;

// SAFETY: each method does what dlmalloc's Allocator documents, with mmap, mremap and
// munmap on the ranges dlmalloc hands back.
unsafe impl dlmalloc::Allocator for Pages {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        // SAFETY: a new anonymous private mapping touches no existing memory.
        let addr = unsafe {
            libc::mmap(
                ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if addr == libc::MAP_FAILED {
            return (ptr::null_mut(), 0, 0);
        }
        advise_huge_pages(addr.cast(), size);
        (addr.cast(), size, 0)
    }

    fn remap(&self, ptr: *mut u8, old_size: usize, new_size: usize, can_move: bool) -> *mut u8 {
        let flags = if can_move { libc::MREMAP_MAYMOVE } else { 0 };
        // SAFETY: `ptr` and `old_size` are a mapping this allocator made.
        let addr = unsafe { libc::mremap(ptr.cast(), old_size, new_size, flags) };
        if addr == libc::MAP_FAILED {
            return ptr::null_mut();
        }
        advise_huge_pages(addr.cast(), new_size);
        addr.cast()
    }

    fn free_part(&self, ptr: *mut u8, old_size: usize, new_size: usize) -> bool {
        // SAFETY: the tail `new_size..old_size` of a mapping this allocator made.
        unsafe { libc::munmap(ptr.add(new_size).cast(), old_size - new_size) == 0 }
    }

    fn free(&self, ptr: *mut u8, size: usize) -> bool {
        // SAFETY: a whole mapping this allocator made, which dlmalloc no longer uses.
        unsafe { libc::munmap(ptr.cast(), size) == 0 }
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        true
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        4096
    }
}

/// Huge pages for a mapping large enough to hold two of them; smaller ones are the
/// heap's ordinary growth, which a huge page would mostly leave unused.
fn advise_huge_pages(addr: *mut u8, size: usize) {
    if size >= 2 * hugepages::HUGE_PAGE {
        hugepages::advise(addr, size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocates, fills, grows, shrinks and frees blocks of many sizes and alignments
    /// through the allocator, checking every byte survives.
    #[test]
    fn blocks_keep_their_contents_through_realloc() {
        let sizes = [1, 7, 16, 100, 4095, 4096, 30_000, 70_000, 1 << 20];
        let mut blocks = Vec::new();
        for (i, size) in sizes.into_iter().enumerate() {
            for align in [1, 8, 16, 64, 4096, 8192] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; the block is freed below with its layout.
                let ptr = unsafe { Allocator.alloc(layout) };
                assert!(!ptr.is_null() && (ptr as usize).is_multiple_of(align));
                // SAFETY: `size` bytes were just allocated at `ptr`.
                unsafe { ptr.write_bytes(i as u8, size) };
                blocks.push((ptr, layout, i as u8));
            }
        }
        for (mut ptr, mut layout, fill) in blocks {
            let kept = layout.size();
            for new_size in [kept * 3, kept / 2 + 1] {
                // SAFETY: `ptr` came from this allocator with `layout`.
                ptr = unsafe { Allocator.realloc(ptr, layout, new_size) };
                assert!(!ptr.is_null() && (ptr as usize).is_multiple_of(layout.align()));
                layout = Layout::from_size_align(new_size, layout.align()).unwrap();
                // SAFETY: at least `new_size.min(kept)` bytes were kept by realloc.
                let bytes = unsafe { std::slice::from_raw_parts(ptr, new_size.min(kept)) };
                assert!(bytes.iter().all(|&b| b == fill));
            }
            // SAFETY: `ptr` came from this allocator with `layout`.
            unsafe { Allocator.dealloc(ptr, layout) };
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_and_a_large_heap_can_be_expected() {
        expect(8 << 20);
        let layout = Layout::from_size_align(3 << 20, 16).unwrap();
        // SAFETY: a non-zero size, freed below with the same layout.
        let ptr = unsafe { Allocator.alloc_zeroed(layout) };
        assert!(!ptr.is_null());
        // SAFETY: the block is `layout.size()` bytes long.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
        assert!(bytes.iter().all(|&b| b == 0));
        // SAFETY: as allocated above.
        unsafe { Allocator.dealloc(ptr, layout) };
        expect(0);
    }
}
