//! The decrypted file a program reads by path (sops's `exec-file`, secret's `exec-file`):
//! in a private directory (0700, RAM-backed where there is one), either a named pipe that
//! is written once when the program opens it, or with `regular` a 0600 file. Both, with
//! the directory, are removed when this is dropped.

use std::io::Write;
use std::path::{Path, PathBuf};

use secret_core::fsutil::write_private;
use secret_core::private_dir::PrivateDir;
use zeroize::Zeroizing;

/// The plaintext at a path; removed when dropped.
pub struct PlaintextFile {
    path: PathBuf,
    _dir: PrivateDir,
}

impl PlaintextFile {
    /// `contents` under the file name `name` (a plain name, no directory).
    pub fn create(
        name: &str,
        contents: Zeroizing<Vec<u8>>,
        regular: bool,
    ) -> std::io::Result<PlaintextFile> {
        if name.is_empty() || name.contains('/') || name == "." || name == ".." {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("`{name}` is not a file name (no directories)"),
            ));
        }
        let dir = PrivateDir::new().map_err(std::io::Error::other)?;
        let path = dir.path().join(name);
        if regular {
            write_private(&path, &contents)?;
        } else {
            make_fifo(&path)?;
            let pipe = path.clone();
            // Opening a pipe for writing waits for a reader; the program may never be one,
            // so the writer is a thread that dies with this process.
            std::thread::spawn(move || {
                if let Ok(mut writer) = std::fs::OpenOptions::new().write(true).open(&pipe) {
                    let _ = writer.write_all(&contents);
                }
            });
        }
        Ok(PlaintextFile { path, _dir: dir })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn make_fifo(path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: the path is NUL-terminated and lives across the call.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn make_fifo(_path: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "named pipes are not supported here; use --no-fifo",
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_gives_the_contents_once_and_everything_goes_when_dropped() {
        let file =
            PlaintextFile::create("x.json", Zeroizing::new(b"{}\n".to_vec()), false).expect("pipe");
        let path = file.path().to_path_buf();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
        let dir = path.parent().unwrap().to_path_buf();
        drop(file);
        assert!(!dir.exists());
    }

    #[test]
    fn a_regular_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let file = PlaintextFile::create("f", Zeroizing::new(b"x".to_vec()), true).unwrap();
        let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(PlaintextFile::create("../f", Zeroizing::new(Vec::new()), true).is_err());
    }
}
