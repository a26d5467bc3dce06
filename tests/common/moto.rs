//! A private moto server (local AWS) per test, and the AWS environments the programs under
//! test can be given. Nothing here talks to anything but 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::common::sandbox::{Run, Sandbox};
use crate::common::tools::{Tool, moto_server, secret, unavailable};

/// moto's default account; its keys live in us-east-1, the region the tests use.
const REGION: &str = "us-east-1";

/// A running `moto_server` on a loopback port, killed on drop.
pub struct Moto {
    child: Child,
    port: u16,
}

/// `moto_server`, or `None` (outside CI) when it is not installed.
/// Also `None` when the AWS companion is not built beside `secret`: the tests would only
/// see "AWS support needs secret-aws".
pub fn moto() -> Option<Moto> {
    let companion = secret().path.with_file_name("secret-aws");
    if !companion.is_file() {
        return unavailable(&format!(
            "{} is not built (cargo build -p secret-aws)",
            companion.display()
        ));
    }
    Some(Moto::start(&moto_server()?))
}

impl Moto {
    /// Starts moto on a port the OS picks (`-p 0`) and learns it from moto's log line
    /// ` * Running on http://127.0.0.1:PORT`: a port chosen beforehand could be taken by a
    /// parallel test's moto in between.
    fn start(server: &Tool) -> Moto {
        let mut child = server
            .command()
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.path.display()));
        let log = child.stderr.take().expect("moto's stderr");
        // moto logs the line once it listens.
        Moto {
            child,
            port: announced_port(log),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates a KMS key and returns its ARN.
    pub fn create_key(&self) -> String {
        let response = self.kms_call("TrentService.CreateKey", "{}");
        response["KeyMetadata"]["Arn"]
            .as_str()
            .unwrap_or_else(|| panic!("CreateKey answered {response}"))
            .to_string()
    }

    /// One call to moto's KMS JSON API over plain HTTP.
    fn kms_call(&self, target: &str, body: &str) -> Value {
        self.call("kms", target, body)
    }

    /// One call to a JSON API of moto (`service` as in the credential scope, e.g. `kms`,
    /// `secretsmanager`) over plain HTTP. moto picks the service and region from the
    /// credential scope of `Authorization`, and does not check the signature.
    pub fn call(&self, service: &str, target: &str, body: &str) -> Value {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        write!(
            stream,
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Amz-Target: {target}\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/{REGION}/{service}/aws4_request, \
             SignedHeaders=host, Signature=0\r\n\
             Content-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .expect("send to moto");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("read moto's answer");
        let (head, body) = response
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("not an HTTP answer: {response}"));
        assert!(head.contains(" 200 "), "{target} failed: {response}");
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{target} answered {body}: {e}"))
    }
}

/// The port in moto's start-up log; the rest of the log is drained in the background, so
/// that moto never blocks on a full pipe.
fn announced_port(log: impl Read + Send + 'static) -> u16 {
    let (port_sender, port) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(log).lines().map_while(Result::ok) {
            if let Some(port) = line.split("Running on http://127.0.0.1:").nth(1) {
                let _ = port_sender.send(port.trim().parse::<u16>().ok());
            }
        }
    });
    port.recv_timeout(Duration::from_secs(30))
        .ok()
        .flatten()
        .expect("moto_server announces its port within 30 s")
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on (the OS's choice, released at once).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn with_test_credentials(command: &mut Command, endpoint: &str) {
    command
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", REGION)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

/// The variables through which the AWS SDKs find credentials, region and endpoints.
const AWS_VARIABLES: [&str; 5] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_EC2_METADATA_DISABLED",
];

/// What AWS looks like to a program under test. The sandbox's `HOME` is always empty of
/// AWS files.
pub enum Aws<'a> {
    /// Test credentials, and every AWS endpoint is this moto.
    Moto(&'a Moto),
    /// Test credentials, and every AWS endpoint is this URL (a proxy in front of moto).
    Endpoint(String),
    /// This moto as the endpoint, but no credentials anywhere and instance metadata off.
    NoCredentials(&'a Moto),
    /// No AWS variable at all, and the instance metadata endpoint a closed local port: a
    /// program that looks for AWS credentials here finds none.
    Unconfigured,
}

impl Aws<'_> {
    /// Runs `tool` in `sandbox` with `args`, `env` and this AWS.
    pub fn run(&self, sandbox: &Sandbox, tool: &Tool, args: &[&str], env: &[(&str, &str)]) -> Run {
        sandbox.run_adjusted(tool, args, env, |command| self.apply(command))
    }

    fn apply(&self, command: &mut Command) {
        for name in AWS_VARIABLES {
            command.env_remove(name);
        }
        match self {
            Aws::Moto(moto) => with_test_credentials(command, &moto.endpoint()),
            Aws::Endpoint(url) => with_test_credentials(command, url),
            Aws::NoCredentials(moto) => {
                command
                    .env("AWS_REGION", REGION)
                    .env("AWS_ENDPOINT_URL", moto.endpoint())
                    .env("AWS_EC2_METADATA_DISABLED", "true");
            }
            Aws::Unconfigured => {
                command.env(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                    format!("http://127.0.0.1:{}", free_port()),
                );
            }
        }
    }
}
