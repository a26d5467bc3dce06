//! Writing files safely: a temporary file in the same directory, synced, then renamed over
//! the target, so a crash leaves the old file or the new one, never a torn one. A write
//! goes through a symbolic link to its target, keeps the file's permissions, owner and
//! group, and a temporary file left by a killed write is removed by the next write.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The prefix of temporary files beside a target: `.secret-tmp-<name>-<random>`.
const TEMP_PREFIX: &str = ".secret-tmp-";

/// Replaces `path` with `bytes` atomically, keeping the permissions, owner and group of an
/// existing file (a new file gets the temporary file's private 0600).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomically(path, bytes, true)
}

/// Replaces `path` with `bytes` atomically; the file is private (0600) whatever it was.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomically(path, bytes, false)
}

/// Replaces `path` with `bytes` atomically, as [`write_atomic`] does, but a new file is
/// readable by all (0644): for files that hold no secret and are committed, `.sops.yaml`.
pub fn write_atomic_public(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let new = std::fs::metadata(path).is_err();
    write_atomic(path, bytes)?;
    #[cfg(unix)]
    if new {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

/// Appends `bytes` to `path`, creating it private (0600) if it does not exist.
pub fn append_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

fn replace_atomically(path: &Path, bytes: &[u8], keep_attributes: bool) -> std::io::Result<()> {
    let target = through_links(path)?;
    let existing = std::fs::metadata(&target).ok();
    if let Some(existing) = &existing
        && !existing.is_file()
    {
        return Err(not_a_regular_file(&target));
    }
    let dir = parent_dir(&target);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!("{TEMP_PREFIX}{name}-");
    remove_abandoned(dir, &prefix);
    let mut temp = tempfile::Builder::new().prefix(&prefix).tempfile_in(dir)?;
    // Held until the rename: a later write sees that this temporary file is in use.
    temp.as_file().lock()?;
    temp.write_all(bytes)?;
    if let Some(existing) = existing.filter(|_| keep_attributes) {
        temp.as_file().set_permissions(existing.permissions())?;
        keep_owner(temp.as_file(), &existing);
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The file a chain of symbolic links ends at (a link's own location when it dangles);
/// `path` itself when it is no link.
fn through_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many hops as the kernel allows before ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = parent_dir(&current).join(link);
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn not_a_regular_file(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{} is not a regular file", path.display()),
    )
}

/// Gives the new file the owner and group of the one it replaces, where this process may
/// (root may; an owner may keep a group it belongs to); otherwise it stays the writer's.
#[cfg(unix)]
fn keep_owner(file: &File, existing: &std::fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
        let _ = fchown(file, None, Some(existing.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _existing: &std::fs::Metadata) {}

/// Removes temporary files of earlier writes to the same target that were killed before
/// their rename: those no process holds locked any more.
fn remove_abandoned(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let path = entry.path();
        if let Ok(file) = File::open(&path)
            && file.try_lock().is_ok()
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The bytes of a regular file (a FIFO or a device is refused rather than read forever),
/// within the input size bound ([`crate::limits::max_input_bytes`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_a_regular_file(path));
    }
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    crate::limits::check_input_size(len)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::FileTooLarge, e))?;
    // A file growing while it is read is still cut at the bound.
    let limit = crate::limits::max_input_bytes();
    crate::limits::read_limited_expecting(File::open(path)?, limit, len)
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
pub(crate) fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
pub(crate) fn restrict(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// An exclusive lock on a file for a read-modify-write, released when dropped. Every
/// `secret` process writing the file waits its turn.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    pub fn acquire(path: &Path) -> std::io::Result<FileLock> {
        let path = through_links(path)?;
        if !std::fs::metadata(&path)?.is_file() {
            return Err(not_a_regular_file(&path));
        }
        loop {
            let file = File::open(&path)?;
            file.lock()?;
            // An atomic write replaces the file: a lock on the replaced one guards nothing.
            if same_file(&file, &path)? {
                return Ok(FileLock { _file: file });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (held, current) = (file.metadata()?, std::fs::metadata(path)?);
    Ok(held.dev() == current.dev() && held.ino() == current.ino())
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> std::io::Result<bool> {
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

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symbolic_link_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/f.yaml");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("f.yaml");
        std::os::unix::fs::symlink("real/f.yaml", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn an_abandoned_temporary_file_goes_with_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.yaml");
        let abandoned = dir.path().join(format!("{TEMP_PREFIX}f.yaml-abc123"));
        std::fs::write(&abandoned, "half").unwrap();
        let other = dir.path().join(format!("{TEMP_PREFIX}g.yaml-abc123"));
        std::fs::write(&other, "another file's").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert!(!abandoned.exists());
        assert!(other.exists(), "only the same target's are removed");
    }

    #[test]
    fn a_temporary_file_in_use_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.yaml");
        let busy = dir.path().join(format!("{TEMP_PREFIX}f.yaml-busy"));
        std::fs::write(&busy, "writing").unwrap();
        let held = File::open(&busy).unwrap();
        held.lock().unwrap();
        write_atomic(&path, b"new").unwrap();
        assert!(busy.exists());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_regular(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; crate::limits::max_input_bytes() + 1]).unwrap();
        let error = read_regular(&big).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::FileTooLarge);
    }
}
