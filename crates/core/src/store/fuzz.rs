//! A seeded, deterministic property test of every store and of encrypt/decrypt, in
//! process: the corpus (tests/corpus) and the sops vectors (tests/vectors/sops-3.11),
//! plaintext and encrypted, mutated by byte flips, truncations, duplications, deletions
//! and insertions of YAML/JSON/dotenv/INI structure. For every mutated input:
//!
//! - parsing, encrypting and decrypting never panic, and each takes a bounded time;
//! - what secret encrypts, it decrypts again, to the same bytes;
//! - an encrypted file that fails to decrypt says nothing of the plaintext in its error.
//!
//! `SECRET_FUZZ_CASES=N` runs N mutations per seed instead of the default (more when
//! looking for bugs; the suite's default keeps it under a minute unoptimised).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Format;
use super::testing::{test_data, test_decrypt, test_encrypt};
use crate::tree::{Scalar, entries_for_each_leaf};

/// splitmix64: a tiny, well-mixed generator; the same seed gives the same run anywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which must not be 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Structure the stores give meaning to, inserted whole.
const STRUCTURE: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b", ",
    b"- ",
    b"#",
    b"\"",
    b"'",
    b"\\",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b" ",
    b"  ",
    b"&a ",
    b"*a",
    b"!!int ",
    b"!!binary ",
    b"!x ",
    b"|",
    b">-",
    b"|+\n",
    b"? ",
    b"---\n",
    b"...\n",
    b"%YAML 1.2\n",
    b"<<: ",
    b"=",
    b";",
    b"[s]\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"sops",
    b"sops_",
    b"__map_",
    b"__list_9",
    b"ENC[AES256_GCM,data:",
    b",type:int]",
    b"~",
    b"null",
    b"1e400",
    b"0x",
    b"2001-12-14",
    b"\"sops\": {}",
];

/// One to three random changes to `input`.
fn mutate(input: &[u8], rng: &mut SplitMix) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = bytes.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 if len > 0 => {
                let at = at.min(len - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = bytes[start..end].to_vec();
                let times = 1 + rng.below(4);
                let place = rng.below(len + 1);
                bytes.splice(place..place, chunk.repeat(times));
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                bytes.drain(at.min(end)..end);
            }
            4 => {
                let random: Vec<u8> = (0..1 + rng.below(4)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
            }
            _ => {
                let piece = *rng.pick(STRUCTURE);
                bytes.splice(at..at, piece.iter().copied());
            }
        }
    }
    bytes
}

/// A file to start from: its format, its bytes, and whether it is encrypted with the
/// test key (so that decrypting its mutants gets past the data key).
struct Seed {
    name: String,
    format: Format,
    bytes: Vec<u8>,
    /// For a file encrypted here: the pieces of its plaintext that it encrypted, which no
    /// error may show.
    secrets: Option<Vec<Vec<u8>>>,
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            out.push(path);
        }
    }
}

/// Every corpus and vector file (keys, scripts and docs aside), and each plaintext
/// encrypted with the test key.
fn seeds() -> Vec<Seed> {
    let mut paths = Vec::new();
    files_under(&test_data("corpus"), &mut paths);
    files_under(&test_data("vectors/sops-3.11"), &mut paths);
    let skip = ["keys", "README.md", "make_vectors.sh", "manifest.json"];
    // Judged below tests/ only: the checkout's own path may contain these words.
    let tests = test_data("");
    paths.retain(|p| {
        let below = p.strip_prefix(&tests).unwrap_or(p).to_string_lossy();
        !skip.iter().any(|s| below.contains(s))
    });
    assert!(paths.len() > 40, "the corpus and the vectors are missing");
    let mut seeds = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = Format::from_path(&path);
        let is_encrypted = format
            .store()
            .parse(&bytes)
            .is_ok_and(|p| p.metadata.is_some());
        if !is_encrypted && let Ok(encrypted) = test_encrypt(format, &bytes) {
            seeds.push(Seed {
                name: format!("{name} (encrypted here)"),
                format,
                secrets: Some(encrypted_pieces(format, &bytes, &encrypted)),
                bytes: encrypted,
            });
        }
        seeds.push(Seed {
            name,
            format,
            bytes,
            secrets: None,
        });
    }
    seeds
}

/// The plaintext of the values `encrypted` hides: each of at least 6 bytes that does not
/// appear in the encrypted file in the clear (as a key, a comment or another value).
fn encrypted_pieces(format: Format, plaintext: &[u8], encrypted: &[u8]) -> Vec<Vec<u8>> {
    let parsed = format.store().parse(plaintext).unwrap();
    let mut pieces = Vec::new();
    for doc in &parsed.docs {
        entries_for_each_leaf(&doc.entries, &mut |leaf| {
            let bytes = crate::sops::scalar::canonical_bytes(&leaf.value);
            if leaf.value != Scalar::Null && bytes.len() >= 6 {
                pieces.push(bytes.into_owned());
            }
        });
    }
    pieces.retain(|piece| !contains(encrypted, piece));
    pieces
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The longest any one step may take, unoptimised, on these small files.
const STEP_BOUND: Duration = Duration::from_secs(2);

/// What went wrong with one input.
struct Failure {
    seed: String,
    input: Vec<u8>,
    what: String,
}

/// Runs `step`, catching a panic and timing it.
fn guarded<T>(step: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{step} panicked: {message}")
    })?;
    let took = start.elapsed();
    if took > STEP_BOUND {
        return Err(format!("{step} took {took:?}"));
    }
    Ok(result)
}

/// Every property for one input.
fn check(seed: &Seed, input: &[u8]) -> Result<(), String> {
    let store = seed.format.store();
    guarded("parse", || store.parse(input).map(drop))?.ok();
    if let Some(secrets) = &seed.secrets {
        if let Err(e) = guarded("decrypt", || test_decrypt(seed.format, input))? {
            let text = format!("{e}\n{e:?}");
            if let Some(piece) = secrets.iter().find(|p| contains(text.as_bytes(), p)) {
                let piece = String::from_utf8_lossy(piece);
                return Err(format!("the error shows plaintext {piece:?}: {text}"));
            }
        }
        return Ok(());
    }
    let Ok(encrypted) = guarded("encrypt", || test_encrypt(seed.format, input))? else {
        return Ok(());
    };
    match guarded("decrypt", || test_decrypt(seed.format, &encrypted))? {
        Ok(decrypted) if decrypted == input => Ok(()),
        Ok(_) => Err("decrypting what was encrypted gave other bytes".into()),
        Err(e) => Err(format!("what was encrypted does not decrypt: {e}")),
    }
}

/// The run's seed: each file's mutations follow from it and the file's place in the list.
const SEED: u64 = 0x5ec2_e75e_ed00_0001;

/// Mutations per seed unless `SECRET_FUZZ_CASES` says otherwise: with about 90 seeds,
/// over 20,000 inputs in all.
const CASES_PER_SEED: usize = 240;

#[test]
fn mutated_files_never_panic_leak_or_fail_to_round_trip() {
    let cases: usize = std::env::var("SECRET_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES_PER_SEED);
    let seeds = seeds();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let start = Instant::now();
    let failures: Vec<Failure> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let seeds = &seeds;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (index, seed) in seeds.iter().enumerate().skip(worker).step_by(threads) {
                        let mut rng = SplitMix(SEED ^ ((index as u64) << 20));
                        for _ in 0..cases {
                            let input = mutate(&seed.bytes, &mut rng);
                            if let Err(what) = check(seed, &input) {
                                failures.push(Failure {
                                    seed: seed.name.clone(),
                                    input,
                                    what,
                                });
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let total = seeds.len() * cases;
    eprintln!(
        "{total} mutated inputs from {} seeds in {:?}",
        seeds.len(),
        start.elapsed()
    );
    if cases >= CASES_PER_SEED {
        assert!(total >= 20_000, "only {total} inputs");
    }
    let shown: Vec<String> = failures
        .iter()
        .take(5)
        .map(|f| {
            format!(
                "{}: {}\n  input: {:?}",
                f.seed,
                f.what,
                String::from_utf8_lossy(&f.input)
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {total} inputs failed; the first:\n{}",
        failures.len(),
        shown.join("\n")
    );
}
