//! The allocator of `secret` and `secret-aws`, chosen in one place: each binary's
//! `main.rs` names [`Allocator`] as its `#[global_allocator]`.
//!
//! mimalloc, because musl's allocator (the static build's default) made a 10,000-value
//! file about twice as slow (many small mappings and page faults). Its version 2
//! (feature `v2`): version 3, the crate's default, zeroes a 2 MB huge page of its arena
//! on the first allocation, a quarter of a small run's time. Measured side by side in
//! BENCHMARKS.md: musl's allocator, mimalloc 3, its secure mode, mimalloc 3 without
//! huge pages, mimalloc 2 with and without them; the secure mode cost time and memory.
//!
//! Huge pages are for large work only: see [`choose_huge_pages`].
#![forbid(unsafe_code)]

pub use mimalloc::MiMalloc as Allocator;

/// A file from this size on is large work: the heap gets transparent huge pages.
const LARGE_INPUT: u64 = 256 * 1024;

/// Chooses, before the first allocation, whether the heap takes transparent huge pages
/// (Linux; elsewhere nothing): only when the command line names a file of
/// [`LARGE_INPUT`] bytes or more.
///
/// mimalloc advises its whole arena for huge pages, so a run's first allocation faulted in
/// a 2 MB page: zeroed, and after another program had freed its memory, often compacted
/// first; a small run, which touches a few hundred KB, was 0.1 ms slower for it. A large
/// file's parse faults in tens of MB, and huge pages make a 10,000-value file a tenth
/// faster. The choice has to come first: pages the heap touched while they were held off
/// stay small. It is the process's setting, which programs started from it inherit:
/// [`allow_huge_pages`] gives it back before running a program the user named (`exec`'s,
/// the editor). Helpers (git, gpg, age plugins, the companions) run with it as it is,
/// which changes nothing for them.
pub fn choose_huge_pages() {
    set_huge_pages(names_a_large_file());
}

/// Gives transparent huge pages back, before this process runs or becomes a program the
/// user named, which inherits the setting.
pub fn allow_huge_pages() {
    set_huge_pages(true);
}

/// Advice only: where the kernel refuses, nothing changes but speed.
fn set_huge_pages(allowed: bool) {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(!allowed);
    #[cfg(not(target_os = "linux"))]
    let _ = allowed;
}

/// Whether an argument of this process names a file of [`LARGE_INPUT`] bytes or more.
/// Read from /proc/self/cmdline into a buffer on the stack, and looked up with paths on
/// the stack (std's, for paths below 384 bytes): nothing is allocated. A command line
/// longer than the buffer is looked at as far as it goes.
#[cfg(target_os = "linux")]
fn names_a_large_file() -> bool {
    use std::io::Read;
    let mut line = [0u8; 4096];
    let Ok(mut file) = std::fs::File::open("/proc/self/cmdline") else {
        return false;
    };
    let mut len = 0;
    while let Ok(read @ 1..) = file.read(&mut line[len..]) {
        len += read;
    }
    line[..len]
        .split(|&byte| byte == 0)
        .skip(1)
        .any(is_large_file)
}

#[cfg(not(target_os = "linux"))]
fn names_a_large_file() -> bool {
    false
}

#[cfg(target_os = "linux")]
fn is_large_file(arg: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(arg));
    !arg.is_empty() && std::fs::metadata(path).is_ok_and(|meta| meta.len() >= LARGE_INPUT)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn large_files_are_told_from_small_ones_and_from_other_arguments() {
        let dir = std::env::temp_dir().join(format!("secret-alloc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (small, large) = (dir.join("small"), dir.join("large"));
        std::fs::write(&small, b"a: b\n").unwrap();
        std::fs::write(&large, vec![b'x'; LARGE_INPUT as usize]).unwrap();
        assert!(is_large_file(large.as_os_str().as_encoded_bytes()));
        assert!(!is_large_file(small.as_os_str().as_encoded_bytes()));
        assert!(!is_large_file(b"--verbose"));
        assert!(!is_large_file(b""));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
