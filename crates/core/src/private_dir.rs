//! The private directory for plaintext that must touch a filesystem (`edit`'s file): 0700,
//! on a RAM-backed filesystem, removed when dropped; and while it is in use a lock is held
//! on a file in it, so that one left behind by a killed `secret` is removed by the next.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::fsutil::restrict;

/// The prefix of the directories, in the RAM-backed base directory.
const PREFIX: &str = "secret-edit-";

/// The file whose lock says the directory is in use.
const LOCK: &str = ".in-use";

/// The variable naming the base directory explicitly (used as given).
pub const DIR_VARIABLE: &str = "SECRET_EDIT_DIR";

/// Why no private directory could be made.
#[derive(Debug, thiserror::Error)]
pub enum PrivateDirError {
    #[error(
        "no RAM-backed directory for the plaintext (XDG_RUNTIME_DIR and /dev/shm are missing or on disk); \
         set {DIR_VARIABLE} to a directory only you can read, on a filesystem you trust"
    )]
    NoRamDir,
    #[error("cannot make a private directory in {}: {source}", base.display())]
    Create {
        base: PathBuf,
        source: std::io::Error,
    },
}

/// A private directory, removed (with what is in it) when dropped.
pub struct PrivateDir {
    dir: tempfile::TempDir,
    _in_use: File,
}

impl PrivateDir {
    /// Makes one, after removing those abandoned by killed processes.
    pub fn new() -> Result<PrivateDir, PrivateDirError> {
        let base = base_dir()?;
        remove_abandoned(&base);
        // Another process's sweep may remove the directory before its lock file exists.
        PrivateDir::make(&base).or_else(|_| PrivateDir::make(&base))
    }

    fn make(base: &Path) -> Result<PrivateDir, PrivateDirError> {
        let create = |source| PrivateDirError::Create {
            base: base.to_path_buf(),
            source,
        };
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(base)
            .map_err(create)?;
        restrict(dir.path(), 0o700).map_err(create)?;
        let in_use = File::create(dir.path().join(LOCK)).map_err(create)?;
        in_use.lock().map_err(create)?;
        Ok(PrivateDir {
            dir,
            _in_use: in_use,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// `SECRET_EDIT_DIR` as given; else the first of `XDG_RUNTIME_DIR` and `/dev/shm` that is
/// a writable directory on a RAM-backed filesystem. Where that cannot be told (not Linux),
/// the system's temporary directory.
fn base_dir() -> Result<PathBuf, PrivateDirError> {
    if let Some(dir) = std::env::var_os(DIR_VARIABLE).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    if !cfg!(target_os = "linux") {
        return Ok(std::env::temp_dir());
    }
    let candidates = [
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
        Some(PathBuf::from("/dev/shm")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|dir| is_writable_dir(dir) && is_ram_backed(dir))
        .ok_or(PrivateDirError::NoRamDir)
}

fn is_writable_dir(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| m.is_dir() && !m.permissions().readonly())
}

/// Whether `dir` is on tmpfs or ramfs.
#[cfg(target_os = "linux")]
fn is_ram_backed(dir: &Path) -> bool {
    const TMPFS_MAGIC: u64 = 0x0102_1994;
    const RAMFS_MAGIC: u64 = 0x8584_58f6;
    rustix::fs::statfs(dir).is_ok_and(|fs| {
        let kind = fs.f_type as u64;
        kind == TMPFS_MAGIC || kind == RAMFS_MAGIC
    })
}

#[cfg(not(target_os = "linux"))]
fn is_ram_backed(_dir: &Path) -> bool {
    false
}

/// Removes the directories in `base` that no process holds in use: left by a `secret`
/// that was killed while its editor was open.
fn remove_abandoned(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let dir = entry.path();
        match File::open(dir.join(LOCK)) {
            Ok(lock) if lock.try_lock().is_ok() => {
                let _ = std::fs::remove_dir_all(&dir);
            }
            Ok(_) => {}
            // No lock file: emptied by a removal that was cut short (or being made this
            // instant, whose maker then tries again); only an empty one goes.
            Err(_) => {
                let _ = std::fs::remove_dir(&dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_directory_goes_and_one_in_use_stays() {
        let base = tempfile::tempdir().unwrap();
        let emptied = base.path().join(format!("{PREFIX}emptied"));
        std::fs::create_dir(&emptied).unwrap();
        remove_abandoned(base.path());
        assert!(!emptied.exists());
        let abandoned = base.path().join(format!("{PREFIX}dead"));
        std::fs::create_dir(&abandoned).unwrap();
        std::fs::write(abandoned.join(LOCK), "").unwrap();
        std::fs::write(abandoned.join("app.yaml"), "plaintext").unwrap();
        let busy = base.path().join(format!("{PREFIX}busy"));
        std::fs::create_dir(&busy).unwrap();
        let held = File::create(busy.join(LOCK)).unwrap();
        held.lock().unwrap();
        remove_abandoned(base.path());
        assert!(!abandoned.exists());
        assert!(busy.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn dev_shm_is_ram_backed_and_proc_is_not() {
        if Path::new("/dev/shm").is_dir() {
            assert!(is_ram_backed(Path::new("/dev/shm")));
        }
        assert!(!is_ram_backed(Path::new("/proc")));
    }
}
