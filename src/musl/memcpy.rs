//! `memcpy` for the static musl build on x86_64. musl's copies the odd bytes one
//! `movsb` at a time, and Rust code mostly copies a few dozen bytes at once (a key, a
//! value, a token), so it was a sixth of a 10,000-value run. The linker sends every call
//! of `memcpy` here (`--wrap=memcpy`, set by build.rs for the musl `secret`).
//!
//! Up to 64 bytes: a few unaligned loads and stores that may overlap, the way glibc does
//! it. Beyond: `rep movsb`, which CPUs since 2012 run at full speed (ERMS).

/// Copies `n` bytes from `src` to `dest`, which must not overlap; returns `dest`.
///
/// # Safety
/// As C's `memcpy`: `src` readable and `dest` writable for `n` bytes, not overlapping.
#[cfg_attr(target_env = "musl", unsafe(export_name = "__wrap_memcpy"))]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: every access below stays within `src[..n]` and `dest[..n]`.
    unsafe {
        match n {
            0 => {}
            1 => *dest = *src,
            2..=3 => copy_ends::<u16>(dest, src, n),
            4..=7 => copy_ends::<u32>(dest, src, n),
            8..=15 => copy_ends::<u64>(dest, src, n),
            16..=32 => copy_ends::<u128>(dest, src, n),
            33..=64 => {
                copy_ends::<u128>(dest, src, 32);
                copy_ends::<u128>(dest.add(n - 32), src.add(n - 32), 32);
            }
            _ => std::arch::asm!(
                "rep movsb",
                inout("rcx") n => _,
                inout("rdi") dest => _,
                inout("rsi") src => _,
                options(nostack, preserves_flags)
            ),
        }
    }
    dest
}

/// Copies `n` bytes, `size_of::<T>() <= n <= 2 * size_of::<T>()`, as two `T`s: the
/// first and the last, overlapping in the middle when `n` is smaller than two.
///
/// # Safety
/// As [`memcpy`], with `n` in that range.
#[inline(always)]
unsafe fn copy_ends<T: Copy>(dest: *mut u8, src: *const u8, n: usize) {
    let last = n - size_of::<T>();
    // SAFETY: both `T`s lie within the first `n` bytes of `src` and `dest`.
    unsafe {
        let head = src.cast::<T>().read_unaligned();
        let tail = src.add(last).cast::<T>().read_unaligned();
        dest.cast::<T>().write_unaligned(head);
        dest.add(last).cast::<T>().write_unaligned(tail);
    }
}

#[cfg(test)]
mod tests {
    /// Every length up to 300 at every alignment of source and destination: the bytes
    /// are copied, and nothing around them is touched.
    #[test]
    fn copies_exactly_n_bytes() {
        let source: Vec<u8> = (0..400u32).map(|i| (i * 7 + 3) as u8).collect();
        for n in 0..300 {
            for src_offset in 0..8 {
                for dest_offset in 0..8 {
                    let mut dest = vec![0xAAu8; 320];
                    let src = &source[src_offset..src_offset + n];
                    // SAFETY: both ranges are in bounds and in different buffers.
                    let returned = unsafe {
                        super::memcpy(dest.as_mut_ptr().add(dest_offset), src.as_ptr(), n)
                    };
                    assert_eq!(returned, dest[dest_offset..].as_mut_ptr());
                    assert_eq!(&dest[dest_offset..dest_offset + n], src, "n={n}");
                    assert!(dest[..dest_offset].iter().all(|&b| b == 0xAA));
                    assert!(dest[dest_offset + n..].iter().all(|&b| b == 0xAA));
                }
            }
        }
    }
}
