//! Byte searches. On x86_64 they run memchr's SSE2 code directly: every x86_64 CPU has
//! SSE2, which memchr knows at compile time, while memchr's own entry points first ask
//! std which CPU features there are, and std's detection runs a dozen `cpuid`
//! instructions, each a trip out of a virtual machine, costing a small decrypt more than
//! all its searches. Elsewhere (and should SSE2 ever be missing) memchr's own entry points.

#[cfg(target_arch = "x86_64")]
mod imp {
    use memchr::arch::x86_64::sse2::memchr::{One, Two};

    pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
        match One::new(needle) {
            Some(one) => one.find(haystack),
            None => memchr::memchr(needle, haystack),
        }
    }

    pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
        match One::new(needle) {
            Some(one) => one.rfind(haystack),
            None => memchr::memrchr(needle, haystack),
        }
    }

    pub fn find2(first: u8, second: u8, haystack: &[u8]) -> Option<usize> {
        match Two::new(first, second) {
            Some(two) => two.find(haystack),
            None => memchr::memchr2(first, second, haystack),
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
        memchr::memchr(needle, haystack)
    }

    pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
        memchr::memrchr(needle, haystack)
    }

    pub fn find2(first: u8, second: u8, haystack: &[u8]) -> Option<usize> {
        memchr::memchr2(first, second, haystack)
    }
}

/// The first `needle` in `haystack`.
pub use imp::find;
/// The first `first` or `second` in `haystack`.
pub use imp::find2;
/// The last `needle` in `haystack`.
pub use imp::rfind;

/// The positions of `needle` in `haystack`, first to last.
pub fn positions(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    forward(haystack, move |rest| find(needle, rest))
}

/// The positions of `first` or `second` in `haystack`, first to last.
pub fn positions2(first: u8, second: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    forward(haystack, move |rest| find2(first, second, rest))
}

/// Every match of `find` in `haystack`, first to last, each search starting past the
/// last match.
fn forward<'h>(
    haystack: &'h [u8],
    find: impl Fn(&[u8]) -> Option<usize> + 'h,
) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find(haystack.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// The positions of `needle` in `haystack`, last to first.
pub fn rpositions(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut until = haystack.len();
    std::iter::from_fn(move || {
        let at = rfind(needle, &haystack[..until])?;
        until = at;
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against memchr's own entry points, on every needle over short and long haystacks.
    #[test]
    fn finds_what_memchr_finds() {
        let long: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 251) as u8).collect();
        for haystack in [&b""[..], b"a", b"a:b # c\r\n", b"::##", &long[..]] {
            for needle in [b'a', b':', b'#', b'\n', 0, 250] {
                let other = needle.wrapping_add(7);
                assert_eq!(find(needle, haystack), memchr::memchr(needle, haystack));
                assert_eq!(rfind(needle, haystack), memchr::memrchr(needle, haystack));
                assert_eq!(
                    find2(needle, other, haystack),
                    memchr::memchr2(needle, other, haystack)
                );
                assert!(positions(needle, haystack).eq(memchr::memchr_iter(needle, haystack)));
                assert!(
                    positions2(needle, other, haystack)
                        .eq(memchr::memchr2_iter(needle, other, haystack))
                );
                assert!(rpositions(needle, haystack).eq(memchr::memrchr_iter(needle, haystack)));
            }
        }
    }
}
