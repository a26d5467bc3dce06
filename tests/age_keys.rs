//! age plugins and passphrase-protected keys, against the real peers: the test plugin
//! `age-plugin-secrettest` (tests/age-plugin, built by cargo) on PATH for both tools, real
//! sops 3.11 in both directions, `age -p`-style identity files (made here with the age
//! crate) and `ssh-keygen -N` keys, their passphrases typed on a pseudo-terminal. The bad
//! cases (a missing or crashing plugin, a wrong passphrase, no terminal) are run bounded:
//! each must end with a clear error, never wait.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::plugin::{new_identity, path_with, plugin_dir};
use common::terminal::{on_terminal, without_terminal};
use common::*;

const PLAIN: &[u8] = b"db:\n    password: hunter2-value\n    port: 5432\n";
/// Long enough for sops and secret on a loaded machine; a hang is far longer.
const BOUND: u32 = 120;

/// The test plugin: PATH with its directory first, an identity file and its recipient.
struct Plugin {
    dir: PathBuf,
    path: String,
    identity: String,
    recipient: String,
}

fn plugin() -> Option<Plugin> {
    let dir = plugin_dir()?;
    let (identity, recipient) = new_identity(&dir);
    Some(Plugin {
        path: path_with(&dir),
        dir,
        identity,
        recipient,
    })
}

/// The text of a vector key's identity file.
fn identity_text(keys: &Keys, key: Key) -> String {
    std::fs::read_to_string(keys.identity_file(key)).expect("identity file")
}

/// `text` encrypted with `passphrase` as `age -p` does (armored as `age -p -a` with
/// `armored`), at a low scrypt work factor to keep the tests quick.
fn locked(text: &str, passphrase: &str, armored: bool) -> Vec<u8> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.to_string().into());
    recipient.set_work_factor(12);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let format = if armored {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let output = age::armor::ArmoredWriter::wrap_output(&mut out, format).unwrap();
    let mut writer = encryptor.wrap_output(output).unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    writer.finish().unwrap().finish().unwrap();
    out
}

/// A new SSH key `name` (`ed25519` or `rsa`) in the sandbox, with `passphrase` (empty:
/// none); returns its path and public key.
fn ssh_key(
    sandbox: &Sandbox,
    name: &str,
    kind: &str,
    passphrase: &str,
) -> Option<(PathBuf, String)> {
    let path = sandbox.path(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut command = std::process::Command::new("ssh-keygen");
    command.args(["-q", "-t", kind, "-N", passphrase, "-C", "test@secret"]);
    if kind == "rsa" {
        command.args(["-b", "2048"]);
    }
    command.arg("-f");
    let Ok(out) = command.arg(&path).output() else {
        return common::tools::unavailable("ssh-keygen not found (Debian: openssh-client)");
    };
    assert!(
        out.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(path.with_extension("pub")).expect("public key");
    Some((path, public.trim().to_string()))
}

/// An empty GnuPG home: sops asks gpg-agent for an identity file's passphrase before the
/// terminal, and there must be no agent to ask.
fn no_gpg_agent(sandbox: &Sandbox) -> String {
    let home = sandbox.path("gnupg-empty");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    home.to_string_lossy().into_owned()
}

fn assert_plain(context: &str, stdout: &[u8]) {
    assert_same_data(Format::Yaml, PLAIN, stdout, context);
}

/// Encrypts plain.yaml with `tool` for `recipient` into `out`.
fn encrypt_for(sandbox: &Sandbox, tool: &Tool, recipient: &str, out: &str, env: &[(&str, &str)]) {
    sandbox.write("plain.yaml", PLAIN);
    let run = sandbox
        .run(tool, &["encrypt", "--age", recipient, "plain.yaml"], env)
        .success();
    sandbox.write(out, &run.stdout);
}

// ---------------------------------------------------------------------------------------
// age plugins

#[test]
fn plugin_recipients_and_identities_both_directions_with_sops() {
    let (Some(sops), Some(p)) = (sops(), plugin()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let key_file = sandbox.write("plugin-keys.txt", p.identity.as_bytes());
    let key_file = key_file.to_str().unwrap();
    let env = [("PATH", p.path.as_str()), ("SOPS_AGE_KEY_FILE", key_file)];

    encrypt_for(&sandbox, &secret(), &p.recipient, "by-secret.yaml", &env);
    let stored = String::from_utf8(sandbox.read("by-secret.yaml")).unwrap();
    assert!(
        stored.contains(&format!("recipient: {}", p.recipient)),
        "{stored}"
    );
    let run = sandbox
        .run(&sops, &["decrypt", "by-secret.yaml"], &env)
        .success();
    assert_plain("sops decrypt of secret's plugin file", &run.stdout);

    encrypt_for(&sandbox, &sops, &p.recipient, "by-sops.yaml", &env);
    let run = sandbox.secret(&["decrypt", "by-sops.yaml"], &env).success();
    assert_plain("secret decrypt of sops's plugin file", &run.stdout);

    // The identity from every other place sops reads it.
    let path = [("PATH", p.path.as_str())];
    let in_env = [
        ("PATH", p.path.as_str()),
        ("SOPS_AGE_KEY", p.identity.as_str()),
    ];
    let command = format!("cat {key_file}");
    let by_command = [
        ("PATH", p.path.as_str()),
        ("SOPS_AGE_KEY_CMD", command.as_str()),
    ];
    let run = sandbox
        .secret(&["decrypt", "by-sops.yaml"], &in_env)
        .success();
    assert_plain("SOPS_AGE_KEY", &run.stdout);
    let run = sandbox
        .secret(&["decrypt", "by-sops.yaml"], &by_command)
        .success();
    assert_plain("SOPS_AGE_KEY_CMD", &run.stdout);
    sandbox.write("home/.config/sops/age/keys.txt", p.identity.as_bytes());
    let run = sandbox
        .secret(&["decrypt", "by-sops.yaml"], &path)
        .success();
    assert_plain("the default key file", &run.stdout);
}

#[test]
fn plugin_keys_work_in_every_command() {
    let (Some(t), Some(p)) = (tools(), plugin()) else {
        return;
    };
    let sandbox = Sandbox::new();
    sandbox.write("home/.config/sops/age/keys.txt", p.identity.as_bytes());
    let env = [("PATH", p.path.as_str())];
    sandbox.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", p.recipient).as_bytes(),
    );
    sandbox.write("f.yaml", PLAIN);
    sandbox.secret(&["encrypt", "-i", "f.yaml"], &env).success();

    sandbox
        .secret(&["set", "f.yaml", "db.password", "changed-value"], &env)
        .success();
    let run = sandbox
        .secret(&["get", "f.yaml", "db.password"], &env)
        .success();
    assert_eq!(run.stdout_text(), "changed-value");
    let run = sandbox
        .secret(&["exec", "f.yaml", "--", "printenv", "db_password"], &env)
        .success();
    assert_eq!(run.stdout_text().trim(), "changed-value");
    sandbox
        .secret(
            &["edit", "f.yaml"],
            &[("PATH", p.path.as_str()), ("EDITOR", "sed -i s/5432/5433/")],
        )
        .success();
    sandbox.secret(&["rotate", "f.yaml"], &env).success();
    let run = sandbox.secret(&["decrypt", "f.yaml"], &env).success();
    assert!(
        run.stdout_text().contains("port: 5433"),
        "{}",
        run.stdout_text()
    );

    // A recipient added to the rule: updatekeys wraps the data key for it as well.
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - age: {},{}\n",
            p.recipient,
            K1.recipient()
        )
        .as_bytes(),
    );
    sandbox
        .secret(&["updatekeys", "--yes", "f.yaml"], &env)
        .success();
    let run = decrypt(&sandbox, &t.sops, &t.keys, "f.yaml", &[K1]).success();
    assert!(run.stdout_text().contains("changed-value"));

    let run = sandbox.secret(&["recipients", "f.yaml"], &env).success();
    let listing = run.stdout_text();
    assert!(
        listing.contains(&format!("✓ {}", p.recipient))
            && listing.contains("age-plugin-secrettest identity"),
        "{listing}"
    );
    let run = sandbox.secret(&["doctor"], &env);
    let report = run.stdout_text();
    assert!(
        report.contains("age plugin identity in")
            && report.contains(&p.dir.join("age-plugin-secrettest").display().to_string()),
        "{report}"
    );
}

#[test]
fn the_sops_front_end_takes_plugin_recipients() {
    let (Some(t), Some(p)) = (tools(), plugin()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let key_file = sandbox.write("plugin-keys.txt", p.identity.as_bytes());
    let with_plugin = [
        ("PATH", p.path.as_str()),
        ("SOPS_AGE_KEY_FILE", key_file.to_str().unwrap()),
    ];
    sandbox.write("plain.yaml", PLAIN);
    let run = sandbox
        .secret(
            &["sops", "encrypt", "--age", &p.recipient, "plain.yaml"],
            &with_plugin,
        )
        .success();
    sandbox.write("front.yaml", &run.stdout);
    let run = sandbox
        .run(&t.sops, &["decrypt", "front.yaml"], &with_plugin)
        .success();
    assert_plain(
        "sops decrypt of `secret sops encrypt --age age1secrettest1…`",
        &run.stdout,
    );

    // A file for K1 gains the plugin recipient through `sops rotate --add-age`.
    encrypt(&sandbox, &t.secret, "plain.yaml", &[K1], "k1.yaml");
    let k1 = t.keys.key_file_for(&sandbox, &[K1]);
    sandbox
        .secret(
            &["sops", "rotate", "-i", "--add-age", &p.recipient, "k1.yaml"],
            &[
                ("PATH", p.path.as_str()),
                ("SOPS_AGE_KEY_FILE", k1.as_str()),
            ],
        )
        .success();
    let run = sandbox
        .run(&t.sops, &["decrypt", "k1.yaml"], &with_plugin)
        .success();
    assert_plain(
        "sops decrypt after `secret sops rotate --add-age`",
        &run.stdout,
    );
}

#[test]
fn a_missing_plugin_is_named_with_the_fix_and_nothing_is_written() {
    let (Some(sops), Some(p)) = (sops(), plugin()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let key_file = sandbox.write("plugin-keys.txt", p.identity.as_bytes());
    let key_file = key_file.to_str().unwrap();
    encrypt_for(
        &sandbox,
        &sops,
        &p.recipient,
        "f.yaml",
        &[("PATH", p.path.as_str())],
    );
    let before = sandbox.read("f.yaml");
    // PATH without the plugin.
    let no_plugin = [("SOPS_AGE_KEY_FILE", key_file)];

    let run = without_terminal(
        &sandbox,
        &secret(),
        &["decrypt", "f.yaml"],
        &no_plugin,
        BOUND,
    )
    .unwrap();
    run.expect_code(128);
    run.assert_stderr_contains("age-plugin-secrettest")
        .assert_stderr_contains("not on PATH")
        .assert_stderr_contains("install age-plugin-secrettest");
    assert!(run.stdout.is_empty());

    let run = without_terminal(
        &sandbox,
        &secret(),
        &["set", "f.yaml", "db.port", "1"],
        &no_plugin,
        BOUND,
    )
    .unwrap();
    run.expect_failure();
    assert_eq!(sandbox.read("f.yaml"), before, "set wrote without a key");

    sandbox.write("g.yaml", PLAIN);
    let run = without_terminal(
        &sandbox,
        &secret(),
        &["encrypt", "-i", "--age", &p.recipient, "g.yaml"],
        &no_plugin,
        BOUND,
    )
    .unwrap();
    run.expect_failure();
    run.assert_stderr_contains("age-plugin-secrettest")
        .assert_stderr_contains("PATH");
    assert_eq!(
        sandbox.read("g.yaml"),
        PLAIN,
        "encrypt -i wrote without the plugin"
    );

    let run = sandbox.secret(&["doctor"], &no_plugin);
    assert!(
        run.stdout_text()
            .contains("`age-plugin-secrettest` is not on PATH"),
        "{}",
        run.stdout_text()
    );
}

#[test]
fn a_crashing_plugin_is_a_clear_error_not_a_hang() {
    let Some(p) = plugin() else { return };
    let sandbox = Sandbox::new();
    let key_file = sandbox.write("plugin-keys.txt", p.identity.as_bytes());
    let key_file = key_file.to_str().unwrap();
    let env = [("PATH", p.path.as_str()), ("SOPS_AGE_KEY_FILE", key_file)];
    encrypt_for(&sandbox, &secret(), &p.recipient, "f.yaml", &env);
    let before = sandbox.read("f.yaml");
    let crashing = [
        ("PATH", p.path.as_str()),
        ("SOPS_AGE_KEY_FILE", key_file),
        ("SECRETTEST_CRASH", "1"),
    ];

    let run = without_terminal(
        &sandbox,
        &secret(),
        &["decrypt", "f.yaml"],
        &crashing,
        BOUND,
    )
    .unwrap();
    run.expect_code(128);
    run.assert_stderr_contains("age-plugin-secrettest crashed");
    let run =
        without_terminal(&sandbox, &secret(), &["rotate", "f.yaml"], &crashing, BOUND).unwrap();
    run.expect_failure();
    assert_eq!(sandbox.read("f.yaml"), before);

    let run = without_terminal(
        &sandbox,
        &secret(),
        &["encrypt", "--age", &p.recipient, "plain.yaml"],
        &crashing,
        BOUND,
    )
    .unwrap();
    run.expect_failure();
    run.assert_stderr_contains("age-plugin-secrettest crashed");
    assert!(run.stdout.is_empty());
}

#[test]
fn a_plugin_asks_on_the_terminal() {
    let (Some(sops), Some(p)) = (sops(), plugin()) else {
        return;
    };
    let sandbox = Sandbox::new();
    let key_file = sandbox.write("plugin-keys.txt", p.identity.as_bytes());
    let key_file = key_file.to_str().unwrap();
    let env = [
        ("PATH", p.path.as_str()),
        ("SOPS_AGE_KEY_FILE", key_file),
        ("SECRETTEST_PIN", "2468"),
    ];
    encrypt_for(&sandbox, &secret(), &p.recipient, "f.yaml", &env);
    let pin = [("secrettest PIN", "2468")];

    for tool in [secret(), sops.clone()] {
        let t = on_terminal(&sandbox, &tool, &["decrypt", "f.yaml"], &env, &pin, BOUND).unwrap();
        assert_eq!(
            t.run.code, 0,
            "{}: {}\n{}",
            t.run.what, t.run.stderr, t.screen
        );
        assert_plain(&t.run.what, &t.run.stdout);
        assert!(
            t.screen.contains("Enter the secrettest PIN"),
            "{}",
            t.screen
        );
        assert!(
            !t.screen.contains("2468"),
            "the PIN was echoed:\n{}",
            t.screen
        );
    }

    let t = on_terminal(
        &sandbox,
        &secret(),
        &["decrypt", "f.yaml"],
        &env,
        &[("secrettest PIN", "1111")],
        BOUND,
    )
    .unwrap();
    t.run.expect_code(128);
    t.run.assert_stderr_contains("wrong PIN");

    let run = without_terminal(&sandbox, &secret(), &["decrypt", "f.yaml"], &env, BOUND).unwrap();
    run.expect_code(128);
    run.assert_stderr_contains("age-plugin-secrettest asked")
        .assert_stderr_contains("no terminal");
}

// ---------------------------------------------------------------------------------------
// passphrase-protected age identity files

#[test]
fn a_passphrase_key_file_both_directions_with_sops() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    let passphrase = "correct horse battery";
    sandbox.write(
        "keys.age",
        &locked(&identity_text(&t.keys, K1), passphrase, true),
    );
    let gnupg = no_gpg_agent(&sandbox);
    let key_file = sandbox.path("keys.age");
    let env = [
        ("SOPS_AGE_KEY_FILE", key_file.to_str().unwrap()),
        ("GNUPGHOME", gnupg.as_str()),
    ];
    let answer = [("Enter passphrase", passphrase)];

    sandbox.write("plain.yaml", PLAIN);
    encrypt(&sandbox, &t.secret, "plain.yaml", &[K1], "by-secret.yaml");
    encrypt(&sandbox, &t.sops, "plain.yaml", &[K1], "by-sops.yaml");
    for (tool, file) in [
        (&t.secret, "by-secret.yaml"),
        (&t.secret, "by-sops.yaml"),
        (&t.sops, "by-secret.yaml"),
    ] {
        let run = on_terminal(&sandbox, tool, &["decrypt", file], &env, &answer, BOUND).unwrap();
        assert_eq!(
            run.run.code, 0,
            "{}: {}\n{}",
            run.run.what, run.run.stderr, run.screen
        );
        assert_plain(&run.run.what, &run.run.stdout);
        // sops names the variable (SOPS_AGE_KEY_FILE), secret the file.
        if tool.name == "secret" {
            assert!(
                run.screen.contains("keys.age"),
                "the prompt names the file:\n{}",
                run.screen
            );
        }
        assert!(
            !run.screen.contains(passphrase),
            "the passphrase was echoed"
        );
        assert!(!String::from_utf8_lossy(&run.run.stdout).contains("passphrase"));
    }

    // Binary (`age -p` without -a), as the default key file.
    sandbox.write(
        "home/.config/sops/age/keys.txt",
        &locked(&identity_text(&t.keys, K1), passphrase, false),
    );
    let run = on_terminal(
        &sandbox,
        &t.secret,
        &["decrypt", "by-sops.yaml"],
        &[],
        &answer,
        BOUND,
    )
    .unwrap();
    assert_eq!(run.run.code, 0, "{}\n{}", run.run.stderr, run.screen);
    assert_plain(
        "the default key file, passphrase-protected",
        &run.run.stdout,
    );

    // Printed by SOPS_AGE_KEY_CMD, as sops reads it too.
    let command = format!("cat {}", key_file.display());
    let by_command = [
        ("SOPS_AGE_KEY_CMD", command.as_str()),
        ("GNUPGHOME", gnupg.as_str()),
    ];
    sandbox.write("home/.config/sops/age/keys.txt", b"");
    for tool in [&t.secret, &t.sops] {
        let run = on_terminal(
            &sandbox,
            tool,
            &["decrypt", "by-secret.yaml"],
            &by_command,
            &answer,
            BOUND,
        )
        .unwrap();
        assert_eq!(run.run.code, 0, "{}\n{}", run.run.stderr, run.screen);
        assert_plain(
            &format!("{} with SOPS_AGE_KEY_CMD", tool.name),
            &run.run.stdout,
        );
    }
}

#[test]
fn a_passphrase_is_asked_once_and_only_when_needed() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("keys.age", &locked(&identity_text(&t.keys, K1), "pw", true));
    let key_file = sandbox.path("keys.age");
    sandbox.write("plain.yaml", PLAIN);
    encrypt(&sandbox, &t.secret, "plain.yaml", &[K1], "a.yaml");
    sandbox.write("b.yaml", b"other: value\n");
    encrypt(&sandbox, &t.secret, "b.yaml", &[K1], "b.enc.yaml");
    let env = [("SOPS_AGE_KEY_FILE", key_file.to_str().unwrap())];

    // Two files, one key: one question.
    let run = on_terminal(
        &sandbox,
        &t.secret,
        &["exec", "a.yaml", "b.enc.yaml", "--", "printenv", "other"],
        &env,
        &[("Enter passphrase", "pw")],
        BOUND,
    )
    .unwrap();
    assert_eq!(run.run.code, 0, "{}\n{}", run.run.stderr, run.screen);
    assert_eq!(String::from_utf8_lossy(&run.run.stdout).trim(), "value");
    assert_eq!(
        run.screen.matches("Enter passphrase").count(),
        1,
        "{}",
        run.screen
    );

    // A file also encrypted for a key held without a passphrase: nothing is asked, even
    // with the locked key's recipient first.
    encrypt(&sandbox, &t.secret, "plain.yaml", &[K1, K2], "both.yaml");
    let both = [
        ("SOPS_AGE_KEY_FILE", key_file.to_str().unwrap()),
        ("SOPS_AGE_KEY", &identity_text(&t.keys, K2)),
    ];
    let run =
        without_terminal(&sandbox, &t.secret, &["decrypt", "both.yaml"], &both, BOUND).unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_plain("decrypt with a plain key beside a locked one", &run.stdout);
}

#[test]
fn a_wrong_passphrase_or_no_terminal_is_a_clear_error() {
    let Some(t) = tools() else { return };
    let sandbox = Sandbox::new();
    sandbox.write(
        "keys.age",
        &locked(&identity_text(&t.keys, K1), "right", true),
    );
    let key_file = sandbox.path("keys.age");
    let key_file = key_file.to_str().unwrap();
    sandbox.write("plain.yaml", PLAIN);
    encrypt(&sandbox, &t.secret, "plain.yaml", &[K1], "f.yaml");
    let before = sandbox.read("f.yaml");
    let env = [("SOPS_AGE_KEY_FILE", key_file)];

    let wrong = on_terminal(
        &sandbox,
        &t.secret,
        &["decrypt", "-i", "f.yaml"],
        &env,
        &[("Enter passphrase", "wrong")],
        BOUND,
    )
    .unwrap();
    wrong.run.expect_code(128);
    wrong
        .run
        .assert_stderr_contains(key_file)
        .assert_stderr_contains("wrong passphrase");
    assert_eq!(sandbox.read("f.yaml"), before, "decrypt -i wrote");

    let run = without_terminal(&sandbox, &t.secret, &["decrypt", "f.yaml"], &env, BOUND).unwrap();
    run.expect_code(128);
    run.assert_stderr_contains(key_file)
        .assert_stderr_contains("no terminal");
    assert!(run.stdout.is_empty());
    let run = without_terminal(
        &sandbox,
        &t.secret,
        &["set", "f.yaml", "db.port", "1"],
        &env,
        BOUND,
    )
    .unwrap();
    run.expect_code(128);
    assert_eq!(sandbox.read("f.yaml"), before, "set wrote");
}

// ---------------------------------------------------------------------------------------
// passphrase-protected SSH keys

#[test]
fn passphrase_ssh_keys_both_directions_with_sops() {
    let Some(sops) = sops() else { return };
    let sandbox = Sandbox::new();
    for kind in ["ed25519", "rsa"] {
        let Some((key, public)) = ssh_key(&sandbox, &format!("id_{kind}"), kind, "ssh pass") else {
            return;
        };
        let env = [("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.to_str().unwrap())];
        let answer = [("Enter passphrase", "ssh pass")];
        encrypt_for(&sandbox, &secret(), &public, "by-secret.yaml", &[]);
        encrypt_for(&sandbox, &sops, &public, "by-sops.yaml", &[]);
        for (tool, file) in [
            (secret(), "by-secret.yaml"),
            (secret(), "by-sops.yaml"),
            (sops.clone(), "by-secret.yaml"),
        ] {
            let t = on_terminal(&sandbox, &tool, &["decrypt", file], &env, &answer, BOUND).unwrap();
            assert_eq!(
                t.run.code, 0,
                "{kind}: {}: {}\n{}",
                t.run.what, t.run.stderr, t.screen
            );
            assert_plain(&t.run.what, &t.run.stdout);
            assert!(
                t.screen.contains(&key.display().to_string()),
                "{}",
                t.screen
            );
            assert!(!t.screen.contains("ssh pass"), "the passphrase was echoed");
        }
    }
    // The default place, ~/.ssh/id_ed25519.
    let (key, public) = ssh_key(&sandbox, "home/.ssh/id_ed25519", "ed25519", "home pass").unwrap();
    encrypt_for(&sandbox, &sops, &public, "home.yaml", &[]);
    let t = on_terminal(
        &sandbox,
        &secret(),
        &["decrypt", "home.yaml"],
        &[],
        &[("Enter passphrase", "home pass")],
        BOUND,
    )
    .unwrap();
    assert_eq!(t.run.code, 0, "{}\n{}", t.run.stderr, t.screen);
    assert!(
        t.screen.contains(&key.display().to_string()),
        "{}",
        t.screen
    );
}

#[test]
fn a_wrong_ssh_passphrase_or_no_terminal_is_a_clear_error() {
    let sandbox = Sandbox::new();
    let Some((key, public)) = ssh_key(&sandbox, "id_ed25519", "ed25519", "right") else {
        return;
    };
    let key_name = key.display().to_string();
    encrypt_for(&sandbox, &secret(), &public, "f.yaml", &[]);
    let before = sandbox.read("f.yaml");
    let env = [("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key_name.as_str())];

    let t = on_terminal(
        &sandbox,
        &secret(),
        &["rotate", "f.yaml"],
        &env,
        &[("Enter passphrase", "nope")],
        BOUND,
    )
    .unwrap();
    t.run.expect_code(128);
    t.run
        .assert_stderr_contains(&key_name)
        .assert_stderr_contains("wrong passphrase");
    assert_eq!(sandbox.read("f.yaml"), before, "rotate wrote");

    let run = without_terminal(&sandbox, &secret(), &["decrypt", "f.yaml"], &env, BOUND).unwrap();
    run.expect_code(128);
    run.assert_stderr_contains(&key_name)
        .assert_stderr_contains("no terminal")
        .assert_stderr_contains("SOPS_AGE_SSH_PRIVATE_KEY_CMD");
}

#[test]
fn an_ssh_key_from_sops_age_ssh_private_key_cmd() {
    let sandbox = Sandbox::new();
    let Some((key, public)) = ssh_key(&sandbox, "id_plain", "ed25519", "") else {
        return;
    };
    let (locked_key, locked_public) =
        ssh_key(&sandbox, "id_locked", "ed25519", "cmd pass").unwrap();
    encrypt_for(&sandbox, &secret(), &public, "f.yaml", &[]);
    // The command sees the recipient being decrypted (sops 3.12).
    let command = format!(
        "sh -c 'printf %s \"$SOPS_AGE_RECIPIENT\" > seen-recipient; cat {}'",
        key.display()
    );
    let run = sandbox
        .secret(
            &["decrypt", "f.yaml"],
            &[("SOPS_AGE_SSH_PRIVATE_KEY_CMD", &command)],
        )
        .success();
    assert_plain("SOPS_AGE_SSH_PRIVATE_KEY_CMD", &run.stdout);
    assert_eq!(
        String::from_utf8(sandbox.read("seen-recipient")).unwrap(),
        public
    );

    // A passphrase-protected key printed by the command is asked for like a file.
    encrypt_for(&sandbox, &secret(), &locked_public, "g.yaml", &[]);
    let command = format!("cat {}", locked_key.display());
    let t = on_terminal(
        &sandbox,
        &secret(),
        &["decrypt", "g.yaml"],
        &[("SOPS_AGE_SSH_PRIVATE_KEY_CMD", &command)],
        &[("Enter passphrase", "cmd pass")],
        BOUND,
    )
    .unwrap();
    assert_eq!(t.run.code, 0, "{}\n{}", t.run.stderr, t.screen);
    assert!(
        t.screen.contains("SOPS_AGE_SSH_PRIVATE_KEY_CMD"),
        "{}",
        t.screen
    );
}

#[test]
fn doctor_and_recipients_show_passphrase_protected_keys() {
    let Some(keys) = keys() else { return };
    let sandbox = Sandbox::new();
    sandbox.write("keys.age", &locked(&identity_text(&keys, K1), "pw", true));
    let Some((key, public)) = ssh_key(&sandbox, "id_ed25519", "ed25519", "pw") else {
        return;
    };
    let key_file = sandbox.path("keys.age");
    let env = [
        ("SOPS_AGE_KEY_FILE", key_file.to_str().unwrap()),
        ("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.to_str().unwrap()),
    ];
    let run = sandbox.secret(&["doctor"], &env);
    let report = run.stdout_text();
    assert!(
        report.contains(&format!(
            "passphrase-protected age key file {}",
            key_file.display()
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!("passphrase-protected SSH key {}", key.display()))
            && report.contains(public.split_whitespace().nth(1).unwrap()),
        "{report}"
    );
    // Listing recipients asks nothing: the SSH key is known by its public key.
    encrypt_for(&sandbox, &secret(), &public, "f.yaml", &[]);
    let run =
        without_terminal(&sandbox, &secret(), &["recipients", "f.yaml"], &env, BOUND).unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout_text().contains("✓ ssh-ed25519"),
        "{}",
        run.stdout_text()
    );
}
