//! Link settings for the `secret` binary, which starts once per command, so its start-up
//! is most of a small decrypt:
//! - with glibc, a position-dependent executable: no relocations to apply at start-up;
//! - with musl on x86_64 (the static build, see scripts/build-release.sh), every call of
//!   `memcpy` goes to the library's faster one (src/musl/memcpy.rs).

fn main() {
    let target = |name: &str| std::env::var(format!("CARGO_CFG_TARGET_{name}")).unwrap_or_default();
    let linux = target("OS") == "linux";
    if linux && target("ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    if linux && target("ENV") == "musl" && target("ARCH") == "x86_64" {
        println!("cargo:rustc-link-arg-bin=secret=-Wl,--wrap=memcpy");
    }
}
