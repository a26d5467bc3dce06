//! PGP keys through gpg: `secret` and the real sops 3.11 open each other's files (YAML,
//! JSON, dotenv, INI), with the metadata laid out byte for byte as sops lays it out; PGP
//! next to age (either opens the file) and in Shamir key groups with age and KMS; rotate and
//! updatekeys keep and re-wrap PGP entries; `.sops.yaml`, `--pgp` and `SOPS_PGP_FP` name
//! the keys as sops reads them; failures (unknown key, no gpg, no secret key, passphrases,
//! no terminal) are explained, exit with sops's codes, write nothing and never hang;
//! `recipients` and `doctor` see the keys gpg holds.
//!
//! Every GnuPG home lives in a sandbox and its gpg-agent is stopped when the test ends.

mod common;

use std::time::{Duration, Instant};

use common::gpg::GnuPg;
use common::*;

/// Plaintexts with string values only, which both tools give back unchanged.
const PLAINTEXTS: [(&str, &str); 4] = [
    (
        "app.yaml",
        "db:\n    password: hunter2-pass\n    user: admin\ntoken: abc123-token\n",
    ),
    (
        "app.json",
        "{\n\t\"db\": {\n\t\t\"password\": \"hunter2-pass\",\n\t\t\"user\": \"admin\"\n\t},\n\t\"token\": \"abc123-token\"\n}\n",
    ),
    (
        "app.env",
        "DB_PASSWORD=hunter2-pass\nDB_USER=admin\nTOKEN=abc123-token\n",
    ),
    ("app.ini", "[db]\npassword = hunter2-pass\nuser = admin\n"),
];

/// A fingerprint no test creates.
const UNKNOWN_FP: &str = "0123456789ABCDEF0123456789ABCDEF01234567";

/// The peers, and a sandbox holding the GnuPG homes of a test.
struct Kit {
    t: Tools,
    /// Holds the homes; declared before them in users' code, so it outlives them.
    keyrings: Sandbox,
}

fn kit() -> Option<Kit> {
    common::gpg::gpg_program()?;
    Some(Kit {
        t: tools()?,
        keyrings: Sandbox::new(),
    })
}

impl Kit {
    /// A home holding one new key without passphrase, and that key's fingerprint.
    fn home_with_key(&self, name: &str) -> (GnuPg, String) {
        let home = GnuPg::create(&self.keyrings, name).expect("gpg was found before");
        let fp = home.generate(name);
        (home, fp)
    }

    /// An empty home: gpg holds no key at all.
    fn empty_home(&self, name: &str) -> GnuPg {
        GnuPg::create(&self.keyrings, name).expect("gpg was found before")
    }
}

/// Every (encrypter, decrypter) pair that crosses the two tools, and secret with itself.
fn tool_pairs(t: &Tools) -> [(&Tool, &Tool); 3] {
    [
        (&t.secret, &t.sops),
        (&t.sops, &t.secret),
        (&t.secret, &t.secret),
    ]
}

/// `tool encrypt FLAGS name` in `sandbox` with `env`, written to `out`; panics on failure.
fn encrypt_with(
    sandbox: &Sandbox,
    tool: &Tool,
    flags: &[&str],
    name: &str,
    out: &str,
    env: &[(&str, &str)],
) {
    let mut args = vec!["encrypt"];
    args.extend(flags);
    args.push(name);
    let run = sandbox.run(tool, &args, env).success();
    sandbox.write(out, &run.stdout);
}

/// Asserts that `tool` decrypts `name` to `plaintext` with `env`.
fn assert_opens(sandbox: &Sandbox, tool: &Tool, name: &str, plaintext: &str, env: &[(&str, &str)]) {
    let run = sandbox.run(tool, &["decrypt", name], env);
    let context = format!("{} decrypt {name} with {env:?}", tool.name);
    assert_eq!(run.code, 0, "{context} failed:\n{}", run.stderr);
    assert_same_data(
        Format::of(name),
        plaintext.as_bytes(),
        &run.stdout,
        &context,
    );
}

/// Asserts that `tool` refuses `name` with `env`: exit 128, nothing on stdout, no secret in
/// the message.
fn assert_refused(sandbox: &Sandbox, tool: &Tool, name: &str, env: &[(&str, &str)]) -> Run {
    let run = sandbox.run(tool, &["decrypt", name], env);
    run.expect_code(128);
    assert!(run.stdout.is_empty(), "{} printed data", run.what);
    assert_no_secret(&run);
    run
}

fn assert_no_secret(run: &Run) {
    for secret in ["hunter2", "abc123"] {
        assert!(
            !run.stderr.contains(secret),
            "`{}` put a secret in its message:\n{}",
            run.what,
            run.stderr
        );
    }
}

#[test]
fn pgp_files_open_in_both_directions() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    for (name, plaintext) in PLAINTEXTS {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            encrypt_with(
                &sandbox,
                encrypter,
                &["--pgp", &fp],
                name,
                &encrypted,
                &[home.env()],
            );
            assert_opens(&sandbox, decrypter, &encrypted, plaintext, &[home.env()]);
        }
    }
}

/// The file with what changes from one encryption to the next masked: value and MAC
/// envelopes, times, and the armored messages (their size can differ by a byte). The
/// INI `[sops]` section is in random order in sops, so INI lines are sorted; and sops
/// aligns INI `=` signs, which secret's INI store does not (not a PGP matter).
fn masked(name: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let rules = [
        (r"ENC\[AES256_GCM,[^\]]*\]", "ENC[…]"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME"),
        (
            r"(?s)-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----",
            "PGP-MESSAGE",
        ),
        (
            r"(?s)-----BEGIN AGE ENCRYPTED FILE-----.*?-----END AGE ENCRYPTED FILE-----",
            "AGE-FILE",
        ),
    ];
    let mut text = text.into_owned();
    for (pattern, replacement) in rules {
        text = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&text, replacement)
            .into_owned();
    }
    if Format::of(name) == Format::Ini {
        let text = regex::Regex::new(r"(?m)^(\S+) +=")
            .unwrap()
            .replace_all(&text, "$1 =");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort();
        return lines.join("\n");
    }
    text
}

#[test]
fn the_metadata_is_laid_out_as_sops_lays_it_out() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let age_and_pgp = ["--age", K1.recipient(), "--pgp", &fp];
    for flags in [&["--pgp", &fp][..], &age_and_pgp] {
        for (name, plaintext) in PLAINTEXTS {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            for tool in [&k.t.sops, &k.t.secret] {
                let out = encrypted_name(tool, name);
                encrypt_with(&sandbox, tool, flags, name, &out, &[home.env()]);
            }
            let by_sops = sandbox.read(&encrypted_name(&k.t.sops, name));
            let by_secret = sandbox.read(&encrypted_name(&k.t.secret, name));
            assert_eq!(
                masked(name, &by_secret),
                masked(name, &by_sops),
                "{name} with {flags:?}: secret's layout (left) differs from sops's (right)"
            );
            let text = String::from_utf8_lossy(&by_secret);
            match Format::of(name) {
                Format::Yaml => {
                    assert!(text.contains("        - created_at: \""), "{text}");
                    assert!(
                        text.contains(
                            "          enc: |-\n            -----BEGIN PGP MESSAGE-----\n\n"
                        ),
                        "{text}"
                    );
                    assert!(text.contains(&format!("          fp: {fp}\n")), "{text}");
                }
                Format::Dotenv => assert!(
                    text.contains(&format!("sops_pgp__list_0__map_fp={fp}\n")),
                    "{text}"
                ),
                _ => {}
            }
        }
    }
}

#[test]
fn pgp_and_age_in_one_file_each_open_it_alone() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let nobody = k.empty_home("nobody");
    for (name, plaintext) in &PLAINTEXTS[..2] {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            let flags = ["--age", K1.recipient(), "--pgp", &fp];
            encrypt_with(&sandbox, encrypter, &flags, name, &encrypted, &[home.env()]);
            let k1 = k.t.keys.key_file_for(&sandbox, &[K1]);
            let k2 = k.t.keys.key_file_for(&sandbox, &[K2]);
            let age_only = [nobody.env(), ("SOPS_AGE_KEY_FILE", &k1)];
            assert_opens(&sandbox, decrypter, &encrypted, plaintext, &age_only);
            assert_opens(&sandbox, decrypter, &encrypted, plaintext, &[home.env()]);
            let neither = [nobody.env(), ("SOPS_AGE_KEY_FILE", &k2)];
            assert_refused(&sandbox, decrypter, &encrypted, &neither);
        }
    }
}

#[test]
fn age_is_tried_before_pgp_unless_told_otherwise() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let flags = ["--age", K1.recipient(), "--pgp", &fp];
    encrypt_with(
        &sandbox,
        &k.t.secret,
        &flags,
        name,
        "enc.yaml",
        &[home.env()],
    );
    let k1 = k.t.keys.key_file_for(&sandbox, &[K1]);
    // gpg cannot even be run: it must not matter while age opens the file.
    let env = [
        home.env(),
        ("SOPS_AGE_KEY_FILE", &k1),
        ("SOPS_GPG_EXEC", "/nonexistent"),
    ];
    let run = sandbox
        .secret(&["-v", "decrypt", "enc.yaml"], &env)
        .success();
    assert_eq!(run.stderr, "", "gpg was tried before age");
    let args = ["-v", "decrypt", "--decryption-order", "pgp,age", "enc.yaml"];
    let run = sandbox.secret(&args, &env).success();
    run.assert_stderr_contains(&fp)
        .assert_stderr_contains("SOPS_GPG_EXEC");
    assert_no_secret(&run);
}

#[cfg(feature = "aws")]
#[test]
fn two_of_three_groups_mixing_pgp_age_and_kms() {
    let Some(k) = kit() else { return };
    let Some(moto) = moto() else { return };
    let arn = moto.create_key();
    let (home, fp) = k.home_with_key("alice");
    let nobody = k.empty_home("nobody");
    let config = format!(
        "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - pgp:\n          - {fp}\n      \
         - age:\n          - {}\n      - kms:\n          - arn: {arn}\n",
        K1.recipient(),
    );
    let (kms, no_kms) = (Aws::Moto(&moto), Aws::NoCredentials(&moto));
    for (name, plaintext) in &PLAINTEXTS[..2] {
        for (encrypter, decrypter) in tool_pairs(&k.t) {
            let sandbox = Sandbox::new();
            sandbox.write(".sops.yaml", config.as_bytes());
            sandbox.write(name, plaintext.as_bytes());
            let encrypted = encrypted_name(encrypter, name);
            let run = kms.run(&sandbox, encrypter, &["encrypt", name], &[home.env()]);
            sandbox.write(&encrypted, &run.success().stdout);
            let k1 = k.t.keys.key_file_for(&sandbox, &[K1]);
            let pgp = home.env();
            let age = ("SOPS_AGE_KEY_FILE", k1.as_str());
            let enough: [(&Aws, Vec<(&str, &str)>); 3] = [
                (&no_kms, vec![pgp, age]),
                (&kms, vec![pgp]),
                (&kms, vec![nobody.env(), age]),
            ];
            for (aws, env) in &enough {
                let run = aws.run(&sandbox, decrypter, &["decrypt", &encrypted], env);
                let context = format!("{} decrypt {encrypted} with {env:?}", decrypter.name);
                assert_eq!(run.code, 0, "{context}:\n{}", run.stderr);
                assert_same_data(
                    Format::of(name),
                    plaintext.as_bytes(),
                    &run.stdout,
                    &context,
                );
            }
            let not_enough: [(&Aws, Vec<(&str, &str)>); 3] = [
                (&no_kms, vec![pgp]),
                (&no_kms, vec![nobody.env(), age]),
                (&kms, vec![nobody.env()]),
            ];
            for (aws, env) in &not_enough {
                let run = aws.run(&sandbox, decrypter, &["decrypt", &encrypted], env);
                run.expect_code(128);
                assert!(run.stdout.is_empty(), "{} printed data", run.what);
            }
        }
    }
}

/// The PGP fingerprints stored in a YAML file's metadata, flat or in key groups.
fn stored_fingerprints(encrypted: &[u8]) -> Vec<String> {
    regex::Regex::new(r"(?m)^\s+fp: (\S+)$")
        .unwrap()
        .captures_iter(&String::from_utf8_lossy(encrypted))
        .map(|c| c[1].to_string())
        .collect()
}

/// The armored PGP messages stored in a file's metadata.
fn stored_message(encrypted: &[u8]) -> Vec<String> {
    regex::Regex::new(r"(?s)-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----")
        .unwrap()
        .find_iter(&String::from_utf8_lossy(encrypted))
        .map(|m| m.as_str().to_string())
        .collect()
}

#[test]
fn rotate_and_updatekeys_keep_and_rewrap_pgp_entries() {
    let Some(k) = kit() else { return };
    let (alice, alice_fp) = k.home_with_key("alice");
    let (bob, bob_fp) = k.home_with_key("bob");
    // alice can encrypt for bob too.
    alice.import_public(&bob, &bob_fp);
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let secret = &k.t.secret;
    encrypt_with(
        &sandbox,
        secret,
        &["--pgp", &alice_fp, "--age", K1.recipient()],
        name,
        "enc.yaml",
        &[alice.env()],
    );
    let before = sandbox.read("enc.yaml");

    sandbox
        .secret(&["rotate", "enc.yaml"], &[alice.env()])
        .success();
    let rotated = sandbox.read("enc.yaml");
    assert_eq!(stored_fingerprints(&rotated), [alice_fp.as_str()]);
    let mac = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        text.lines()
            .find(|l| l.contains("mac:"))
            .map(str::to_string)
    };
    assert_ne!(mac(&rotated), mac(&before), "a new data key");
    for tool in [secret, &k.t.sops] {
        assert_opens(&sandbox, tool, "enc.yaml", plaintext, &[alice.env()]);
    }

    // The rule now names alice and bob: updatekeys wraps the same data key for both.
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - pgp: '{alice_fp}, {bob_fp}'\n    age: {}\n",
            K1.recipient()
        )
        .as_bytes(),
    );
    let run = sandbox
        .secret(&["updatekeys", "--yes", "enc.yaml"], &[alice.env()])
        .success();
    run.assert_stderr_contains(&bob_fp);
    let updated = sandbox.read("enc.yaml");
    assert_eq!(
        stored_fingerprints(&updated),
        [alice_fp.as_str(), bob_fp.as_str()]
    );
    assert_eq!(
        mac(&updated),
        mac(&rotated),
        "updatekeys keeps the data key and MAC"
    );
    assert_eq!(stored_message(&updated).len(), 2);
    for tool in [secret, &k.t.sops] {
        assert_opens(&sandbox, tool, "enc.yaml", plaintext, &[bob.env()]);
    }

    // The rule drops the PGP keys: updatekeys removes their entries.
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", K1.recipient()).as_bytes(),
    );
    sandbox
        .secret(&["updatekeys", "--yes", "enc.yaml"], &[alice.env()])
        .success();
    let age_only = sandbox.read("enc.yaml");
    assert!(stored_fingerprints(&age_only).is_empty());
    assert_refused(&sandbox, secret, "enc.yaml", &[alice.env()]);
}

#[test]
fn fingerprints_are_named_as_sops_reads_them() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    // Spaces and lower case, as people copy fingerprints from `gpg -k`.
    let spaced: String = fp
        .to_lowercase()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let stored = spaced.replace(' ', "");
    let (name, plaintext) = PLAINTEXTS[0];
    let configs = [
        ("flag", None, vec!["--pgp", spaced.as_str()], None),
        ("env", None, vec![], Some(spaced.as_str())),
        (
            "rule string",
            Some(format!("creation_rules:\n  - pgp: '{spaced}'\n")),
            vec![],
            None,
        ),
        (
            "rule list",
            Some(format!("creation_rules:\n  - pgp: ['{spaced}']\n")),
            vec![],
            None,
        ),
        (
            "key group",
            Some(format!(
                "creation_rules:\n  - key_groups:\n      - merge:\n          - pgp: ['{spaced}']\n"
            )),
            vec![],
            None,
        ),
    ];
    for (how, config, flags, env_fp) in &configs {
        for tool in [&k.t.sops, &k.t.secret] {
            let sandbox = Sandbox::new();
            sandbox.write(name, plaintext.as_bytes());
            if let Some(config) = config {
                sandbox.write(".sops.yaml", config.as_bytes());
            }
            let mut env = vec![home.env()];
            if let Some(fp) = env_fp {
                env.push(("SOPS_PGP_FP", fp));
            }
            encrypt_with(&sandbox, tool, flags, name, "enc.yaml", &env);
            let encrypted = sandbox.read("enc.yaml");
            assert_eq!(
                stored_fingerprints(&encrypted),
                [stored.as_str()],
                "{} with the key in the {how}",
                tool.name
            );
            assert_opens(&sandbox, &k.t.secret, "enc.yaml", plaintext, &[home.env()]);
        }
    }
}

/// Asserts that a failed run took less than `limit`: it did not wait for anything.
fn assert_quick(run: &Run, started: Instant, limit: Duration) {
    let took = started.elapsed();
    assert!(
        took < limit,
        "`{}` took {took:?}:\n{}",
        run.what,
        run.stderr
    );
}

#[test]
fn an_unknown_fingerprint_is_refused_naming_it_and_the_fix() {
    let Some(k) = kit() else { return };
    let (home, _) = k.home_with_key("alice");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    for tool in [&k.t.sops, &k.t.secret] {
        let run = sandbox.run(
            tool,
            &["encrypt", "--pgp", UNKNOWN_FP, "--output", "out.yaml", name],
            &[home.env()],
        );
        run.expect_code(1).assert_stderr_contains(UNKNOWN_FP);
        assert!(!sandbox.exists("out.yaml"), "{} wrote output", tool.name);
    }
    let run = sandbox.secret(&["encrypt", "-i", "--pgp", UNKNOWN_FP, name], &[home.env()]);
    run.expect_code(1)
        .assert_stderr_contains(UNKNOWN_FP)
        .assert_stderr_contains("no public key")
        .assert_stderr_contains(&format!("gpg --recv-keys {UNKNOWN_FP}"))
        .assert_stderr_contains("gpg --import");
    assert_eq!(
        sandbox.read(name),
        plaintext.as_bytes(),
        "-i changed the file"
    );
}

#[test]
fn a_missing_gpg_is_named_with_the_fix() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    encrypt_with(
        &sandbox,
        &k.t.secret,
        &["--pgp", &fp],
        name,
        "enc.yaml",
        &[home.env()],
    );
    let no_gpg = [home.env(), ("SOPS_GPG_EXEC", "/nonexistent")];

    let run = sandbox.secret(&["encrypt", "--pgp", &fp, "-o", "out.yaml", name], &no_gpg);
    run.expect_code(1)
        .assert_stderr_contains("/nonexistent")
        .assert_stderr_contains("SOPS_GPG_EXEC")
        .assert_stderr_contains("install GnuPG");
    assert!(!sandbox.exists("out.yaml"));

    for tool in [&k.t.sops, &k.t.secret] {
        assert_refused(&sandbox, tool, "enc.yaml", &no_gpg);
    }
    let run = assert_refused(&sandbox, &k.t.secret, "enc.yaml", &no_gpg);
    run.assert_stderr_contains(&fp)
        .assert_stderr_contains("SOPS_GPG_EXEC")
        .assert_stderr_contains("install GnuPG");
}

#[test]
fn no_secret_key_exits_128_naming_the_key() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    // bob has alice's public key only.
    let bob = k.empty_home("bob");
    bob.import_public(&home, &fp);
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    encrypt_with(
        &sandbox,
        &k.t.secret,
        &["--pgp", &fp],
        name,
        "enc.yaml",
        &[home.env()],
    );
    for tool in [&k.t.sops, &k.t.secret] {
        assert_refused(&sandbox, tool, "enc.yaml", &[bob.env()]);
    }
    let started = Instant::now();
    let run = assert_refused(&sandbox, &k.t.secret, "enc.yaml", &[bob.env()]);
    assert_quick(&run, started, Duration::from_secs(10));
    run.assert_stderr_contains(&fp)
        .assert_stderr_contains("secret key")
        .assert_stderr_contains(bob.home().to_str().unwrap())
        .assert_stderr_contains("gpg --import");
    // `-i` writes nothing either.
    let before = sandbox.read("enc.yaml");
    sandbox
        .secret(&["decrypt", "-i", "enc.yaml"], &[bob.env()])
        .expect_code(128);
    assert_eq!(sandbox.read("enc.yaml"), before);
}

/// A pinentry that answers GETPIN with `answer` (`None`: waits 30 s, as a graphical
/// pinentry on a display nobody watches would wait forever).
fn fake_pinentry(sandbox: &Sandbox, answer: Option<&str>) -> std::path::PathBuf {
    let getpin = match answer {
        Some(passphrase) => format!("echo 'D {passphrase}'; echo OK"),
        None => "sleep 30; exit 1".into(),
    };
    let script = format!(
        "#!/bin/sh\necho 'OK ready'\nwhile read -r command rest; do\n  case \"$command\" in\n    \
         GETPIN) {getpin};;\n    BYE) echo OK; exit 0;;\n    *) echo OK;;\n  esac\ndone\n"
    );
    let name = format!("pinentry-{}", answer.unwrap_or("waiting"));
    let path = sandbox.write(&name, script.as_bytes());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn passphrases_without_a_terminal_fail_at_once_and_with_one_go_through_pinentry() {
    let Some(k) = kit() else { return };
    let home = k.empty_home("carol");
    let fp = home.generate_protected("carol", "correct horse");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    encrypt_with(
        &sandbox,
        &k.t.secret,
        &["--pgp", &fp],
        name,
        "enc.yaml",
        &[home.env()],
    );

    // No terminal, no display: gpg must not start a pinentry that would wait forever.
    home.use_pinentry(&fake_pinentry(&k.keyrings, None));
    let started = Instant::now();
    let run = assert_refused(&sandbox, &k.t.secret, "enc.yaml", &[home.env()]);
    assert_quick(&run, started, Duration::from_secs(10));
    run.assert_stderr_contains(&fp)
        .assert_stderr_contains("could not ask for the passphrase")
        .assert_stderr_contains("no terminal");

    // A display: pinentry asks. A wrong answer is named as such, the right one opens it.
    let display = [home.env(), ("DISPLAY", ":0")];
    home.use_pinentry(&fake_pinentry(&k.keyrings, Some("wrong")));
    let run = assert_refused(&sandbox, &k.t.secret, "enc.yaml", &display);
    run.assert_stderr_contains(&fp)
        .assert_stderr_contains("wrong passphrase");
    assert!(!run.stderr.contains("correct horse"));
    home.use_pinentry(&fake_pinentry(&k.keyrings, Some("correct horse")));
    assert_opens(&sandbox, &k.t.secret, "enc.yaml", plaintext, &display);
}

#[test]
fn recipients_marks_the_pgp_keys_gpg_holds() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let nobody = k.empty_home("nobody");
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    encrypt_with(
        &sandbox,
        &k.t.secret,
        &["--pgp", &fp],
        name,
        "enc.yaml",
        &[home.env()],
    );

    let run = sandbox
        .secret(&["recipients", "enc.yaml"], &[home.env()])
        .success();
    let out = run.stdout_text();
    assert!(out.contains(&format!("✓ {fp} (PGP)")), "{out}");
    assert!(out.contains("✓ you hold the keys"), "{out}");

    let run = sandbox
        .secret(&["recipients", "enc.yaml"], &[nobody.env()])
        .success();
    let out = run.stdout_text();
    assert!(
        out.contains(&format!("    {fp} (PGP)")) && !out.contains('✓'),
        "{out}"
    );
}

#[test]
fn doctor_reports_gpg_when_the_rules_use_pgp() {
    let Some(k) = kit() else { return };
    let (home, fp) = k.home_with_key("alice");
    let sandbox = Sandbox::new();
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - pgp: {fp}\n").as_bytes(),
    );
    sandbox.write("app.yaml", b"a: 1\n");
    let editor = [home.env(), ("EDITOR", "true")];
    let run = sandbox.secret(&["doctor", "app.yaml"], &editor);
    let out = run.stdout_text();
    assert_eq!(run.code, 0, "{out}{}", run.stderr);
    assert!(
        out.contains("✓ gpg for the PGP keys of .sops.yaml: gpg (GnuPG)"),
        "{out}"
    );
    assert!(out.contains(&format!("✓ PGP secret key for {fp}")), "{out}");

    let no_gpg = [
        home.env(),
        ("EDITOR", "true"),
        ("SOPS_GPG_EXEC", "/nonexistent"),
    ];
    let run = sandbox.secret(&["doctor", "app.yaml"], &no_gpg);
    let out = run.stdout_text();
    assert_eq!(run.code, 1, "{out}");
    assert!(
        out.contains("✗ the project uses PGP keys") && out.contains("SOPS_GPG_EXEC"),
        "{out}"
    );
}
