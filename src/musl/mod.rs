//! What the static musl build of `secret` uses instead of musl's own allocator and
//! `memcpy`. musl starts a process in a fraction of glibc's time (no dynamic loader, no
//! probing of the CPU's caches), which is most of a small run; but its allocator and its
//! `memcpy` are written for size, and made a 10,000-value file 75 % slower than with
//! glibc. See BENCHMARKS.md and `scripts/build-release.sh`.

pub mod alloc;
#[cfg(target_arch = "x86_64")]
pub mod memcpy;
