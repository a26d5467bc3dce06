//! Writing files safely: a temporary file in the same directory, synced, then renamed over
//! the target, so a crash leaves the old file or the new one, never a torn one.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `bytes` atomically, keeping the permissions of an existing file
/// (a new file gets the temporary file's private 0600).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomically(path, bytes, true)
}

/// Replaces `path` with `bytes` atomically; the file is private (0600) whatever it was.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomically(path, bytes, false)
}

/// Appends `bytes` to `path`, creating it private (0600) if it does not exist.
pub fn append_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

fn replace_atomically(path: &Path, bytes: &[u8], keep_permissions: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".secret-")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Some(existing) = keep_permissions
        .then(|| std::fs::metadata(path).ok())
        .flatten()
    {
        temp.as_file().set_permissions(existing.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A private directory (0700) for plaintext that must touch the disk (`edit`'s temporary
/// file): on a RAM-backed filesystem where there is one, removed when dropped.
pub fn private_temp_dir() -> std::io::Result<tempfile::TempDir> {
    let ram_backed = [
        std::env::var_os("XDG_RUNTIME_DIR").map(std::path::PathBuf::from),
        Some("/dev/shm".into()),
    ];
    let base = ram_backed
        .into_iter()
        .flatten()
        .find(|dir| is_writable_dir(dir));
    let dir = match base {
        Some(base) => tempfile::Builder::new()
            .prefix("secret-")
            .tempdir_in(base)?,
        None => tempfile::Builder::new().prefix("secret-").tempdir()?,
    };
    restrict(dir.path(), 0o700)?;
    Ok(dir)
}

fn is_writable_dir(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| m.is_dir() && !m.permissions().readonly())
}

/// Creates `path` holding `bytes`, readable by the owner only (0600).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates `dir` and its missing parents, readable by the owner only (0700) where they
/// are new: a key directory must not be listable by others.
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// An exclusive lock on a file for a read-modify-write, released when dropped. Every
/// `secret` process writing the file waits its turn.
pub struct FileLock {
    _file: std::fs::File,
}

impl FileLock {
    pub fn acquire(path: &Path) -> std::io::Result<FileLock> {
        loop {
            let file = std::fs::File::open(path)?;
            file.lock()?;
            // An atomic write replaces the file: a lock on the replaced one guards nothing.
            if same_file(&file, path)? {
                return Ok(FileLock { _file: file });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (held, current) = (file.metadata()?, std::fs::metadata(path)?);
    Ok(held.dev() == current.dev() && held.ino() == current.ino())
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, _path: &Path) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replaces_content_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
