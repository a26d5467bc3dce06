//! Writes the seed corpus of every target into `corpus/<target>/` from the repository's
//! test files (tests/corpus, tests/vectors/sops-3.11, the `.sops.yaml` files), with the
//! format byte the multi-format targets read first, and each plaintext also encrypted
//! with the fuzz crate's `TestKey` so that `decrypt` starts from files it can open.
//!
//!     cargo +nightly run --example seeds   (from fuzz/)

use std::path::{Path, PathBuf};

use secret_core::store::Format;
use secret_fuzz::{format_byte, test_encrypt};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new("corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn prefixed(format: Format, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![format_byte(format)];
    out.extend_from_slice(bytes);
    out
}

/// Every `ENC[…]` in `text`.
fn envelopes(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("ENC[") {
        let end = rest[at..].find(']').map_or(rest.len(), |e| at + e + 1);
        found.push(&rest[at..end]);
        rest = &rest[end..];
    }
    found
}

fn main() {
    let root = Path::new("..");
    let mut paths = Vec::new();
    files_under(&root.join("tests/corpus"), &mut paths);
    files_under(&root.join("tests/vectors/sops-3.11"), &mut paths);
    let skip = ["/keys/", "README.md", "make_vectors.sh", "manifest.json"];
    paths.retain(|p| !skip.iter().any(|s| p.to_string_lossy().contains(s)));
    for path in [
        root.join("examples/demo/.sops.yaml"),
        root.join("tests/corpus/sops-config/.sops.yaml"),
        root.join("tests/vectors/sops-3.11/shamir/.sops.yaml"),
    ] {
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        write(
            "config",
            &format!("{name}.sops.yaml"),
            &std::fs::read(&path).unwrap(),
        );
    }
    let mut count = 0;
    for (index, path) in paths.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy();
        if file.starts_with('.') {
            continue;
        }
        let name = format!("{index:03}-{file}");
        let format = Format::from_path(path);
        let target = match format {
            Format::Yaml => Some("yaml"),
            Format::Json => Some("json"),
            Format::Dotenv => Some("dotenv"),
            Format::Ini => Some("ini"),
            Format::Binary => None,
        };
        if let Some(target) = target {
            write(target, &name, &bytes);
        }
        if format == Format::Yaml {
            write("yaml_fast", &name, &bytes);
        }
        let text = String::from_utf8_lossy(&bytes);
        for (i, envelope) in envelopes(&text).into_iter().enumerate().take(4) {
            write("envelope", &format!("{name}-{i}"), envelope.as_bytes());
        }
        let parsed = format.store().parse(&bytes);
        let encrypted = match &parsed {
            Ok(p) if p.metadata.is_some() => {
                write("metadata", &name, &prefixed(format, &bytes));
                let json = serde_json::to_vec(p.metadata.as_ref().unwrap()).unwrap();
                write(
                    "metadata",
                    &format!("{name}.json"),
                    &[&[5u8][..], &json].concat(),
                );
                write("decrypt", &name, &prefixed(format, &bytes));
                None
            }
            Ok(_) => {
                write("roundtrip", &name, &prefixed(format, &bytes));
                test_encrypt(format, &bytes).ok()
            }
            Err(_) => None,
        };
        if let Some(encrypted) = encrypted {
            let name = format!("{name}.testkey");
            write("decrypt", &name, &prefixed(format, &encrypted));
            write("metadata", &name, &prefixed(format, &encrypted));
        }
        count += 1;
    }
    println!("seeded from {count} files");
}
