//! `secret render` and `secret exec --render`, black-box, with files encrypted by the real
//! sops: a template renders byte for byte (nested, dotenv and multi-line values), a bad
//! placeholder writes nothing, and the rendered file of `exec --render` is gone however
//! the program ends: by itself, killed by a signal, or `secret` sent SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::*;

const YAML: &str = "db:\n    host: db.internal\n    password: p@ss:w0rd\"'$x\ntls:\n    cert: |\n        -----BEGIN CERTIFICATE-----\n        MIIB\n        -----END CERTIFICATE-----\n";
/// Lists have no variable form, so `exec` refuses this file; `render` reaches the items.
const LISTS: &str = "hosts:\n    - first\n    - second\n";
const DOTENV: &str = "API_TOKEN=tok_123\nDB_PASSWORD=from-dotenv\n";

const TEMPLATE: &str = "# ${db.host} is the server\nurl: postgres://app:${db.password}@${ db.host }/app\ntoken=${API_TOKEN} ${db_host}\ncert: |\n${tls.cert}end\nliteral: $${not.a.placeholder} $HOME $$ $1\n";

const RENDERED: &str = "# db.internal is the server\nurl: postgres://app:p@ss:w0rd\"'$x@db.internal/app\ntoken=tok_123 db.internal\ncert: |\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nend\nliteral: ${not.a.placeholder} $HOME $$ $1\n";

/// A sandbox with app.enc.yaml and app.enc.env encrypted by sops for K1, its key file,
/// and the template.
fn setup() -> Option<(Sandbox, String)> {
    let tools = tools()?;
    let sandbox = Sandbox::new();
    sandbox.write("app.yaml", YAML.as_bytes());
    sandbox.write("app.env", DOTENV.as_bytes());
    sandbox.write("lists.yaml", LISTS.as_bytes());
    encrypt(&sandbox, &tools.sops, "lists.yaml", &[K1], "lists.enc.yaml");
    encrypt(&sandbox, &tools.sops, "app.yaml", &[K1], "app.enc.yaml");
    encrypt(&sandbox, &tools.sops, "app.env", &[K1], "app.enc.env");
    std::fs::remove_file(sandbox.path("app.yaml")).unwrap();
    std::fs::remove_file(sandbox.path("app.env")).unwrap();
    sandbox.write("app.tmpl", TEMPLATE.as_bytes());
    let key = tools.keys.key_file_for(&sandbox, &[K1]);
    Some((sandbox, key))
}

#[test]
fn a_template_renders_byte_for_byte() {
    let Some((sandbox, key)) = setup() else {
        return;
    };
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    let run = sandbox
        .secret(&["render", "app.tmpl", "app.enc.yaml", "app.enc.env"], &env)
        .success();
    assert_eq!(run.stdout_text(), RENDERED);

    // To a file: 0600, the same bytes; an existing file is replaced.
    sandbox.write("out.conf", b"old\n");
    sandbox
        .secret(
            &[
                "render",
                "app.tmpl",
                "app.enc.yaml",
                "app.enc.env",
                "-o",
                "out.conf",
            ],
            &env,
        )
        .success();
    assert_eq!(sandbox.read("out.conf"), RENDERED.as_bytes());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sandbox.path("out.conf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // The template from standard input; a later file wins for a path both hold.
    sandbox.write("override.yaml", b"db:\n    host: other\n");
    encrypt(
        &sandbox,
        &secret(),
        "override.yaml",
        &[K1],
        "override.enc.yaml",
    );
    let mut child = sandbox
        .command(&secret())
        .args([
            "render",
            "-",
            "app.enc.yaml",
            "lists.enc.yaml",
            "override.enc.yaml",
        ])
        .env("SOPS_AGE_KEY_FILE", &key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"${db.host} ${db.password} ${hosts[1]}")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "other p@ss:w0rd\"'$x second"
    );
}

#[test]
fn an_unknown_placeholder_fails_naming_it_and_writes_nothing() {
    let Some((sandbox, key)) = setup() else {
        return;
    };
    let env = [("SOPS_AGE_KEY_FILE", key.as_str())];
    sandbox.write("bad.tmpl", b"ok: ${db.host}\n  pw: ${db.pasword} ${db}\n");
    let run = sandbox.secret(
        &["render", "bad.tmpl", "app.enc.yaml", "-o", "out.conf"],
        &env,
    );
    run.expect_code(1);
    run.assert_stderr_contains("bad.tmpl:2:7: unknown placeholder `${db.pasword}`");
    run.assert_stderr_contains("bad.tmpl:2:21: `${db}` is a mapping");
    assert!(
        !run.stderr.contains("db.internal"),
        "a value leaked: {}",
        run.stderr
    );
    assert!(!sandbox.exists("out.conf"));
    // An existing output stays as it was.
    sandbox.write("out.conf", b"old\n");
    sandbox
        .secret(
            &["render", "bad.tmpl", "app.enc.yaml", "-o", "out.conf"],
            &env,
        )
        .expect_code(1);
    assert_eq!(sandbox.read("out.conf"), b"old\n");
    // exec --render runs nothing.
    let run = sandbox.secret(
        &[
            "exec",
            "--render",
            "bad.tmpl:x.conf",
            "app.enc.env",
            "app.enc.yaml",
            "--",
            "touch",
            "ran",
        ],
        &env,
    );
    run.expect_code(1);
    assert!(!sandbox.exists("ran"));
}

/// The private directories in the sandbox's base for them (SECRET_EDIT_DIR).
fn private_dirs(sandbox: &Sandbox) -> Vec<String> {
    std::fs::read_dir(sandbox.path("ram"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn exec_render_env(sandbox: &Sandbox, key: &str) -> Vec<(String, String)> {
    std::fs::create_dir_all(sandbox.path("ram")).unwrap();
    vec![
        ("SOPS_AGE_KEY_FILE".into(), key.into()),
        (
            "SECRET_EDIT_DIR".into(),
            sandbox.path("ram").to_string_lossy().into_owned(),
        ),
    ]
}

#[test]
fn exec_render_gives_the_file_and_removes_it_when_the_program_ends() {
    let Some((sandbox, key)) = setup() else {
        return;
    };
    let env = exec_render_env(&sandbox, &key);
    let env: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    // The program reads the file by its path in its arguments and by SECRET_RENDER_DIR.
    let script = "cat \"$1\"; cmp -s \"$1\" \"$SECRET_RENDER_DIR/conf/app.conf\" && echo same; \
                  stat -c %a \"$1\" \"$SECRET_RENDER_DIR\"; exit 7";
    let run = sandbox.secret(
        &[
            "exec",
            "--render",
            "app.tmpl:conf/app.conf",
            "app.enc.yaml",
            "app.enc.env",
            "--",
            "sh",
            "-c",
            script,
            "sh",
            "{conf/app.conf}",
        ],
        &env,
    );
    run.expect_code(7);
    assert_eq!(run.stdout_text(), format!("{RENDERED}same\n600\n700\n"));
    assert!(
        private_dirs(&sandbox).is_empty(),
        "left: {:?}",
        private_dirs(&sandbox)
    );

    // Killed by a signal: secret reports it as a shell does, and cleans up.
    let run = sandbox.secret(
        &[
            "exec",
            "--render",
            "app.tmpl:app.conf",
            "app.enc.yaml",
            "app.enc.env",
            "--",
            "sh",
            "-c",
            "test -f \"$1\" && kill -KILL $$",
            "sh",
            "{}",
        ],
        &env,
    );
    run.expect_code(137);
    assert!(
        private_dirs(&sandbox).is_empty(),
        "left: {:?}",
        private_dirs(&sandbox)
    );

    // With --mask too.
    let run = sandbox.secret(
        &[
            "exec",
            "--mask",
            "--render",
            "app.tmpl:app.conf",
            "app.enc.yaml",
            "app.enc.env",
            "--",
            "sh",
            "-c",
            "grep token= {}",
        ],
        &env,
    );
    run.expect_code(0);
    assert_eq!(run.stdout_text(), "token=***** *****\n");
    assert!(private_dirs(&sandbox).is_empty());
}

#[test]
fn exec_render_cleans_up_when_secret_is_sent_sigterm() {
    let Some((sandbox, key)) = setup() else {
        return;
    };
    let env = exec_render_env(&sandbox, &key);
    let script = "trap 'echo got TERM; exit 5' TERM; echo \"ready $1\"; sleep 30 & wait";
    let mut command = sandbox.command(&secret());
    command
        .args([
            "exec",
            "--render",
            "app.tmpl:app.conf",
            "app.enc.yaml",
            "app.enc.env",
            "--",
            "sh",
            "-c",
            script,
            "sh",
            "{}",
        ])
        .stdout(Stdio::piped());
    for (name, value) in &env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("start secret exec --render");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let path = line
        .trim()
        .strip_prefix("ready ")
        .expect("ready line")
        .to_string();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), RENDERED);
    assert_eq!(private_dirs(&sandbox).len(), 1);
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    line.clear();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "got TERM\n");
    assert_eq!(child.wait().unwrap().code(), Some(5));
    assert!(!std::path::Path::new(&path).exists());
    assert!(
        private_dirs(&sandbox).is_empty(),
        "left: {:?}",
        private_dirs(&sandbox)
    );

    // A program that does not catch TERM dies of it; secret exits 143 after cleaning up.
    let mut command = sandbox.command(&secret());
    command
        .args([
            "exec",
            "--render",
            "app.tmpl:app.conf",
            "app.enc.yaml",
            "app.enc.env",
            "--",
            "sh",
            "-c",
            "echo ready; exec sleep 30",
        ])
        .stdout(Stdio::piped());
    for (name, value) in &env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    line.clear();
    stdout.read_line(&mut line).unwrap();
    // SAFETY: as above.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(143));
    assert!(
        private_dirs(&sandbox).is_empty(),
        "left: {:?}",
        private_dirs(&sandbox)
    );
}
