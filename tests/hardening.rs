//! Inputs built to hurt, through the real binary: alias bombs, deep nesting, oversized
//! and malformed files are refused quickly, with exit code 2 and a clear message; nothing
//! sops would encrypt is left in the clear; files sops must read, it reads (with sops
//! itself); time and memory stay in proportion to the input.

mod common;

use std::fs::File;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::data::show;
use common::*;

/// sops's exit code for input it cannot read (sops-format.md §9.4), and ours for every
/// limit.
const UNREADABLE: i32 = 2;

/// A run of `secret` with its wall time and peak memory.
struct Measured {
    code: i32,
    stderr: String,
    took: Duration,
    /// The child's own peak resident set, in bytes.
    peak_rss: u64,
}

/// Runs `secret args…` in the sandbox (output to files, not pipes), and measures it.
// wait4 reaps the child: it gives the child's own peak memory, which Child::wait does not.
#[allow(clippy::zombie_processes)]
fn measured(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Measured {
    let mut command = sandbox.command(&secret());
    command.args(args).envs(env.iter().copied());
    let stdout = File::create(sandbox.path("measured.stdout")).expect("stdout file");
    let stderr = File::create(sandbox.path("measured.stderr")).expect("stderr file");
    command.stdin(Stdio::null()).stdout(stdout).stderr(stderr);
    let start = Instant::now();
    let child = command.spawn().expect("start secret");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals above.
    let waited = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let took = start.elapsed();
    assert_eq!(waited, child.id() as libc::pid_t, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Measured {
        code,
        stderr: String::from_utf8_lossy(&sandbox.read("measured.stderr")).into_owned(),
        took,
        // ru_maxrss is in kilobytes on Linux.
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

fn age_env(keys: &Keys) -> Vec<(&'static str, String)> {
    let key = keys.identity_file(K1).to_string_lossy().into_owned();
    vec![("SOPS_AGE_KEY_FILE", key)]
}

/// "Billion laughs": each level a list of aliases of the one before.
fn laughs(levels: usize, fanout: usize) -> String {
    let scalars = vec!["\"lol\""; fanout].join(",");
    let mut text = format!("a0: &a0 [{scalars}]\n");
    for level in 1..levels {
        let aliases = vec![format!("*a{}", level - 1); fanout].join(",");
        text.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    text
}

#[test]
fn alias_bombs_are_refused_at_once_in_little_memory_without_a_key() {
    let sandbox = Sandbox::new();
    for (levels, fanout) in [(9, 9), (5, 9)] {
        let name = format!("bomb{levels}.yaml");
        sandbox.write(&name, laughs(levels, fanout).as_bytes());
        for args in [
            vec!["encrypt", "--age", K1.recipient(), name.as_str()],
            // Decrypt parses before it looks for a key: no key is given here.
            vec!["decrypt", name.as_str()],
        ] {
            let run = measured(&sandbox, &args, &[]);
            assert_eq!(run.code, UNREADABLE, "{args:?}: {}", run.stderr);
            assert!(run.stderr.contains("excessive aliasing"), "{}", run.stderr);
            assert!(run.stderr.contains(&format!("{name}:")), "{}", run.stderr);
            assert!(
                run.took < Duration::from_millis(500),
                "{args:?} took {:?}",
                run.took
            );
            assert!(
                run.peak_rss < 100 << 20,
                "{args:?} used {} bytes",
                run.peak_rss
            );
        }
    }
}

#[test]
fn nesting_a_million_levels_deep_is_a_clean_error_in_every_store() {
    let sandbox = Sandbox::new();
    let million = 1_000_000;
    let cases = [
        ("flow.yaml", format!("a: {}", "[".repeat(million))),
        ("map.yaml", format!("a: {}", "{a: ".repeat(million))),
        ("dashes.yaml", format!("a:\n{}x\n", "- ".repeat(million))),
        ("deep.json", format!("{{\"a\": {}", "[".repeat(million))),
        ("deep-objects.json", "{\"a\": ".repeat(million)),
        (
            "deep.env",
            format!("A=1\nsops_a{}=x\n", "__map_a".repeat(million)),
        ),
        (
            "deep.ini",
            format!("[sops]\na{} = x\n", "__map_a".repeat(million)),
        ),
    ];
    for (name, text) in cases {
        sandbox.write(name, text.as_bytes());
        for args in [
            vec!["encrypt", "--age", K1.recipient(), name],
            vec!["decrypt", name],
        ] {
            let run = measured(&sandbox, &args, &[]);
            assert_eq!(run.code, UNREADABLE, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("nested more than 256 levels"),
                "{args:?}: {}",
                run.stderr
            );
            assert!(
                run.took < Duration::from_secs(5),
                "{args:?} took {:?}",
                run.took
            );
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_the_limit() {
    let sandbox = Sandbox::new();
    let limit = 64 << 20;
    sandbox.write("huge.yaml", &vec![b'#'; limit + 1]);
    let run = sandbox.secret(&["encrypt", "--age", K1.recipient(), "huge.yaml"], &[]);
    run.expect_code(UNREADABLE)
        .assert_stderr_contains("huge.yaml")
        .assert_stderr_contains("more than the limit of 67108864 bytes (64 MiB)");
    assert!(run.stdout.is_empty());
}

/// NUL bytes and invalid UTF-8: refused with the place, where sops refuses them too or
/// where the store needs text; binary files take any bytes.
#[test]
fn nul_bytes_and_invalid_utf8_are_clean_errors() {
    let sandbox = Sandbox::new();
    let refused: [(&str, &[u8], &str); 6] = [
        ("nul.yaml", b"a: x\0y\n", "1:5"),
        ("nul.json", b"{\"a\": \"x\0y\"}", "1:9"),
        ("bad.yaml", b"a: x\xffy\n", "1:5"),
        ("bad.json", b"{\"a\": \"x\xffy\"}", "1:9"),
        ("bad.env", b"A=x\xffy\n", "1:4"),
        ("bad.ini", b"[s]\na = x\xffy\n", "2:6"),
    ];
    for (name, bytes, place) in refused {
        sandbox.write(name, bytes);
        let run = sandbox.secret(&["encrypt", "--age", K1.recipient(), name], &[]);
        run.expect_code(UNREADABLE)
            .assert_stderr_contains(&format!("{name}: {place}"));
    }
    let Some(keys) = keys() else { return };
    for (name, bytes) in [
        ("nul.env", &b"A=x\0y\n"[..]),
        ("raw.bin", &b"\0\xff\xfe"[..]),
    ] {
        sandbox.write(name, bytes);
        let out = format!("enc-{name}");
        encrypt(&sandbox, &secret(), name, &[K1], &out);
        let run = decrypt(&sandbox, &secret(), &keys, &out, &[K1]).success();
        assert_eq!(run.stdout, bytes, "{name}");
    }
}

/// sops drops what follows the first JSON object; secret refuses it (it would stay in
/// the clear), naming the place.
#[test]
fn json_after_the_top_level_object_is_refused_where_it_starts() {
    let sandbox = Sandbox::new();
    sandbox.write("nd.json", b"{\"a\": \"s1\"}\n{\"b\": \"second secret\"}\n");
    let run = sandbox.secret(&["encrypt", "--age", K1.recipient(), "nd.json"], &[]);
    run.expect_code(UNREADABLE)
        .assert_stderr_contains("nd.json: 2:1")
        .assert_stderr_contains("after the top-level object");
    assert!(!run.stderr.contains("second secret"));
}

/// A comment after the last `...` is encrypted, as sops encrypts it, and sops reads it.
#[test]
fn a_comment_after_the_end_marker_is_encrypted_and_sops_reads_it() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    let text = b"a: s1\n...\n# the secret comment\n";
    sandbox.write("dots.yaml", text);
    encrypt(&sandbox, &t.secret, "dots.yaml", &[K1], "enc.yaml");
    let encrypted = sandbox.read("enc.yaml");
    assert!(
        !show(&encrypted).contains("secret comment"),
        "{}",
        show(&encrypted)
    );
    let run = decrypt(&sandbox, &t.sops, &t.keys, "enc.yaml", &[K1]).success();
    assert!(
        show(&run.stdout).contains("# the secret comment"),
        "{}",
        show(&run.stdout)
    );
    let run = decrypt(&sandbox, &t.secret, &t.keys, "enc.yaml", &[K1]).success();
    assert_eq!(run.stdout, text);
}

/// Explicit tags and `%YAML 1.2`: sops reads what secret writes, to what it reads from
/// its own encryption; secret gives the file back byte for byte.
#[test]
fn sops_reads_tagged_values_and_yaml_directives_secret_wrote() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    let tagged = "bin: !!binary aGVsbG8gd29ybGQ=\nraw: !!binary /w==\nint: !!int \"12\"\n\
                  float: !!float 1\nts: !!timestamp 2001-12-14\nbool: !!bool \"true\"\n\
                  str: !!str 123\nwhen: 2006-01-02T15:04:05+07:06\ncustom: !foo bar\n";
    let cases = [
        ("tagged.yaml", tagged.to_string()),
        ("directive.yaml", "%YAML 1.2\n---\na: s1\n".to_string()),
    ];
    for (name, text) in cases {
        sandbox.write(name, text.as_bytes());
        let out = format!("enc-{name}");
        encrypt(&sandbox, &t.secret, name, &[K1], &out);
        let by_sops = decrypt(&sandbox, &t.sops, &t.keys, &out, &[K1]).success();
        if name == "tagged.yaml" {
            // sops refuses %YAML 1.2 plaintext itself: compare with its own round trip
            // only where it has one.
            let expected = sops_reference(&t.sops, &t.keys, &sandbox.path(name));
            assert_eq!(show(&by_sops.stdout), show(&expected), "{name}");
            let encrypted = show(&sandbox.read(&out));
            for (key, kind) in [
                ("int", "int"),
                ("float", "float"),
                ("ts", "time"),
                ("bool", "bool"),
            ] {
                let line = encrypted
                    .lines()
                    .find(|l| l.starts_with(&format!("{key}:")))
                    .unwrap();
                assert!(line.ends_with(&format!("type:{kind}]")), "{line}");
            }
        } else {
            assert_eq!(show(&by_sops.stdout), "a: s1\n");
        }
        let by_secret = decrypt(&sandbox, &t.secret, &t.keys, &out, &[K1]).success();
        assert_eq!(show(&by_secret.stdout), text, "{name}");
    }
}

/// The time to encrypt `name` with secret: the best of two runs.
fn encrypt_time(sandbox: &Sandbox, name: &str) -> Duration {
    (0..2)
        .map(|_| {
            let run = measured(
                sandbox,
                &["encrypt", "--age", K1.recipient(), "-o", "out", name],
                &[],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
            run.took
        })
        .min()
        .unwrap()
}

/// A one-line JSON array of 20,000 items took 18 s (release) where one item per line
/// took 0.1 s: each value's column was found by scanning back to the line's start.
#[test]
fn one_line_collections_encrypt_about_as_fast_as_one_item_per_line() {
    let sandbox = Sandbox::new();
    let items: Vec<String> = (0..20_000).map(|i| format!("\"value{i}\"")).collect();
    sandbox.write(
        "line.json",
        format!("{{\"a\": [{}]}}\n", items.join(",")).as_bytes(),
    );
    sandbox.write(
        "lines.json",
        format!("{{\"a\": [\n{}\n]}}\n", items.join(",\n")).as_bytes(),
    );
    let (one_line, per_line) = (
        encrypt_time(&sandbox, "line.json"),
        encrypt_time(&sandbox, "lines.json"),
    );
    let ratio = one_line.as_secs_f64() / per_line.as_secs_f64();
    assert!(
        ratio < 4.0,
        "one line {one_line:?}, one per line {per_line:?}"
    );
}

/// Byte-exact round trips of two shapes that lost bytes.
#[test]
fn empty_json_objects_and_lone_carriage_returns_round_trip() {
    let Some(keys) = keys() else { return };
    let sandbox = Sandbox::new();
    for (name, text) in [
        ("empty.json", &b"{\n}"[..]),
        ("nested.json", b"{\"a\": {\n}}\n"),
        ("cr.yaml", b"a: x\r\n# c\r"),
        ("cr2.yaml", b"a: x\r\nb: y # c\r"),
    ] {
        sandbox.write(name, text);
        let out = format!("enc-{name}");
        encrypt(&sandbox, &secret(), name, &[K1], &out);
        let run = decrypt(&sandbox, &secret(), &keys, &out, &[K1]).success();
        assert_eq!(show(&run.stdout), show(text), "{name}");
    }
}

/// A binary file: encrypted about as large as sops makes it (no second copy of the
/// data), in memory a small multiple of its size, and sops reads it back exactly.
#[test]
fn binary_files_encrypt_in_proportion_to_their_size() {
    let sandbox = Sandbox::new();
    let size = 16 << 20;
    // Not UTF-8, no pattern to compress: a linear congruential sequence.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let data: Vec<u8> = (0..size)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    assert!(std::str::from_utf8(&data).is_err());
    sandbox.write("big.bin", &data);
    let run = measured(
        &sandbox,
        &[
            "encrypt",
            "--age",
            K1.recipient(),
            "-o",
            "big.enc",
            "big.bin",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let encrypted = sandbox.read("big.enc");
    assert!(
        encrypted.len() < size * 4 / 3 + 4096,
        "{} bytes",
        encrypted.len()
    );
    assert!(!show(&encrypted).contains("secret_layout"));
    // The input, the envelope and the output: about four times the input, beyond what the
    // program takes to start; the allocator (mimalloc) keeps freed pages for a while, so
    // the bound leaves it one more.
    let bound = 5 * size as u64 + (24 << 20);
    assert!(
        run.peak_rss < bound,
        "peak {} MiB for 16 MiB",
        run.peak_rss >> 20
    );
    let Some(t) = tools() else { return };
    let by_sops = decrypt(&sandbox, &t.sops, &t.keys, "big.enc", &[K1]).success();
    assert!(by_sops.stdout == data, "sops decrypted other bytes");
    let env = age_env(&t.keys);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let by_secret = measured(&sandbox, &["decrypt", "-o", "big.out", "big.enc"], &env);
    assert_eq!(by_secret.code, 0, "{}", by_secret.stderr);
    assert!(
        sandbox.read("big.out") == data,
        "secret decrypted other bytes"
    );
}

/// Found by cargo fuzz: a flow top level whose last value is empty put the metadata after
/// its braces, and nothing could decrypt the file. Now secret gives each back byte for
/// byte and sops reads it, with the same data as its own encryption of the file.
#[test]
fn flow_top_levels_ending_in_an_empty_value_open_everywhere() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    for (index, text) in [
        "{a, b} # x",
        "{a: 1, b}",
        "{a: 1, b: }  # c",
        "{a: 1, b: ,}",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("flow{index}.yaml");
        sandbox.write(&name, text.as_bytes());
        let out = format!("enc-{name}");
        encrypt(&sandbox, &t.secret, &name, &[K1], &out);
        let by_secret = decrypt(&sandbox, &t.secret, &t.keys, &out, &[K1]).success();
        assert_eq!(show(&by_secret.stdout), text);
        let by_sops = decrypt(&sandbox, &t.sops, &t.keys, &out, &[K1]).success();
        let expected = sops_reference(&t.sops, &t.keys, &sandbox.path(&name));
        assert_eq!(show(&by_sops.stdout), show(&expected), "{text}");
    }
}
