//! Copying the program's output to ours through one [`Masker`]: one thread, `poll(2)` over
//! the program's pipes, each chunk masked as soon as it is read and written at once.
//! See `Launch::run_masked` for what this guarantees across the two streams.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::fs::MetadataExt;

use secret_core::mask::{Masked, Masker, Stream};
use zeroize::Zeroizing;

pub const STDOUT: Stream = 0;
pub const STDERR: Stream = 1;

/// As much as a pipe holds (64 KiB on Linux): one read takes all a writer has written.
const CHUNK: usize = 64 * 1024;

/// Where the two streams go: this process's standard output and error, unbuffered.
pub struct Outputs {
    /// By stream; `None` once writing failed (or if there is nowhere to write).
    files: [Option<File>; 2],
    /// Both are the same file: a terminal, `2>&1`, or one file opened twice.
    pub shared: bool,
}

impl Outputs {
    pub fn of_this_process() -> Outputs {
        let stdout = std::io::stdout().as_fd().try_clone_to_owned().ok();
        let stderr = std::io::stderr().as_fd().try_clone_to_owned().ok();
        let files = [stdout.map(File::from), stderr.map(File::from)];
        let shared = match &files {
            [Some(out), Some(err)] => match (out.metadata(), err.metadata()) {
                (Ok(out), Ok(err)) => (out.dev(), out.ino()) == (err.dev(), err.ino()),
                _ => false,
            },
            _ => false,
        };
        Outputs { files, shared }
    }

    /// Writes `out` where each part goes; returns the streams whose writing just failed.
    fn write(&mut self, out: &mut Masked) -> Vec<Stream> {
        let mut failed = Vec::new();
        for (stream, bytes) in out.parts() {
            let Some(file) = &mut self.files[stream] else {
                continue;
            };
            if file.write_all(bytes).is_err() {
                self.files[stream] = None;
                failed.push(stream);
            }
        }
        out.clear();
        failed
    }
}

/// Copies every source (a pipe, and the stream its bytes belong to) to `outputs` through
/// `masker`, until each has ended. A stream whose output cannot be written any more stops
/// being read, and its pipe is closed: the program sees a closed pipe, as it would have
/// without us.
pub fn masked(mut sources: Vec<(File, Stream)>, mut outputs: Outputs, mut masker: Masker) {
    let mut buffer = Zeroizing::new(vec![0u8; CHUNK]);
    let mut out = Masked::default();
    while !sources.is_empty() {
        let mut polled: Vec<libc::pollfd> = sources
            .iter()
            .map(|(pipe, _)| libc::pollfd {
                fd: pipe.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            })
            .collect();
        // SAFETY: `polled` is a live array of `polled.len()` initialised pollfd values and
        // poll(2) writes only their `revents`; the descriptors stay open throughout.
        let ready = unsafe { libc::poll(polled.as_mut_ptr(), polled.len() as libc::nfds_t, -1) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == ErrorKind::Interrupted {
                continue;
            }
            break; // EINVAL or ENOMEM: not with two descriptors; give up copying
        }
        // Ready together, stdout is read first: that order is all anyone can know.
        let mut ended = Vec::new();
        for (index, polled) in polled.iter().enumerate() {
            if polled.revents == 0 {
                continue;
            }
            let (pipe, stream) = &mut sources[index];
            match pipe.read(&mut buffer) {
                Ok(0) => ended.push(index),
                Ok(read) => masker.feed(*stream, &buffer[..read], &mut out),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => ended.push(index),
            }
        }
        let failed = outputs.write(&mut out);
        let mut index = 0;
        sources.retain(|(_, stream)| {
            index += 1;
            !ended.contains(&(index - 1)) && !failed.contains(stream)
        });
    }
    masker.finish(&mut out);
    outputs.write(&mut out);
}
