//! A loopback HTTP proxy in front of moto that counts requests by `X-Amz-Target` and can
//! answer every third one with a fault, as a throttled or failing AWS would: HTTP 400
//! `ThrottlingException` and HTTP 500 in turn. One request per connection, so no
//! keep-alive bookkeeping: every answer says `Connection: close`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::moto::Moto;

const THROTTLED: (&str, &str) = (
    "400 Bad Request",
    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
);
const FAILED: (&str, &str) = (
    "500 Internal Server Error",
    r#"{"__type":"InternalServerError","message":"injected by a test"}"#,
);

/// An SSM JSON error answer.
fn fault((status, body): (&str, &str)) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The proxy; it lives as long as the test process (its thread only waits on accept).
pub struct FaultProxy {
    port: u16,
    shared: Arc<Shared>,
}

struct Shared {
    upstream: u16,
    faults: AtomicBool,
    seen: AtomicUsize,
    counts: Mutex<HashMap<String, usize>>,
}

impl FaultProxy {
    /// A proxy to `moto`, passing everything through until `set_faults(true)`.
    pub fn start(moto: &Moto) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let upstream = moto.endpoint().rsplit(':').next().unwrap().parse().unwrap();
        let shared = Arc::new(Shared {
            upstream,
            faults: AtomicBool::new(false),
            seen: AtomicUsize::new(0),
            counts: Mutex::default(),
        });
        let serving = Arc::clone(&shared);
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let serving = Arc::clone(&serving);
                std::thread::spawn(move || serving.answer(client));
            }
        });
        FaultProxy { port, shared }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn set_faults(&self, on: bool) {
        self.shared.faults.store(on, Ordering::SeqCst);
    }

    /// Requests with `X-Amz-Target: AmazonSSM.<operation>` since the last reset.
    pub fn count(&self, operation: &str) -> usize {
        let counts = self.shared.counts.lock().unwrap();
        counts
            .get(&format!("AmazonSSM.{operation}"))
            .copied()
            .unwrap_or(0)
    }

    /// Every request since the last reset, by target.
    pub fn counts(&self) -> HashMap<String, usize> {
        self.shared.counts.lock().unwrap().clone()
    }

    pub fn reset_counts(&self) {
        self.shared.counts.lock().unwrap().clear();
    }
}

impl Shared {
    fn answer(&self, mut client: TcpStream) {
        let Some((head, body, target)) = read_request(&mut client) else {
            return;
        };
        *self.counts.lock().unwrap().entry(target).or_default() += 1;
        let number = self.seen.fetch_add(1, Ordering::SeqCst);
        let response = if self.faults.load(Ordering::SeqCst) && number.is_multiple_of(3) {
            fault(if number.is_multiple_of(2) {
                THROTTLED
            } else {
                FAILED
            })
        } else {
            self.forward(&head, &body)
        };
        let _ = client.write_all(&response);
    }

    /// Sends the request to moto with `Connection: close`, and gives its whole answer.
    fn forward(&self, head: &str, body: &[u8]) -> Vec<u8> {
        let mut upstream = TcpStream::connect(("127.0.0.1", self.upstream)).expect("moto listens");
        let kept: Vec<&str> = head
            .lines()
            .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
            .collect();
        let request = format!("{}\r\nConnection: close\r\n\r\n", kept.join("\r\n"));
        upstream.write_all(request.as_bytes()).unwrap();
        upstream.write_all(body).unwrap();
        let mut response = Vec::new();
        upstream.read_to_end(&mut response).unwrap();
        response
    }
}

/// (head without the blank line, body, X-Amz-Target) of one request.
fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>, String)> {
    let mut reader = BufReader::new(client);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            })
            .map(|(_, v)| v.trim().to_string())
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let target = header("x-amz-target").unwrap_or_default();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((head.trim_end().to_string(), body, target))
}
