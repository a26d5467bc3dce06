//! Running a program as a child and waiting for it, or starting it and not waiting, or
//! becoming it, optionally as another user: what sops's `exec-env` and `exec-file` do
//! (their commands run through `/bin/sh -c`, built by the caller).

use std::process::Command;

use super::{ExecError, Launch, shell_exit_code};

/// A user to run the program as (`--user`): ids looked up by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
}

/// Why `--user` cannot be honoured.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("there is no user `{0}`")]
    Unknown(String),
    #[error("running a command as `{0}` needs root (run secret as root, or leave out --user)")]
    NotRoot(String),
    #[error("cannot look up user `{name}`: {source}")]
    Lookup {
        name: String,
        source: std::io::Error,
    },
    #[error("--user is not supported on this system")]
    Unsupported,
}

impl User {
    /// The user called `name` (or a numeric uid), refused unless this process is root or
    /// already that user.
    #[cfg(unix)]
    pub fn lookup(name: &str) -> Result<User, UserError> {
        let user = passwd_entry(name)?;
        let euid = rustix::process::geteuid().as_raw();
        if euid != 0 && euid != user.uid {
            return Err(UserError::NotRoot(name.to_string()));
        }
        Ok(user)
    }

    #[cfg(not(unix))]
    pub fn lookup(_name: &str) -> Result<User, UserError> {
        Err(UserError::Unsupported)
    }
}

#[cfg(unix)]
fn passwd_entry(name: &str) -> Result<User, UserError> {
    let unknown = || UserError::Unknown(name.to_string());
    let c_name = std::ffi::CString::new(name).map_err(|_| unknown())?;
    // SAFETY: an all-zero passwd (null pointers, zero ids) is a valid value for
    // getpwnam_r to overwrite.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call: the name is NUL-terminated, `entry`
    // and `found` are live locals, and the buffer's length is passed with it.
    let code = unsafe {
        libc::getpwnam_r(
            c_name.as_ptr(),
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut found,
        )
    };
    if code != 0 {
        return Err(UserError::Lookup {
            name: name.to_string(),
            source: std::io::Error::from_raw_os_error(code),
        });
    }
    if found.is_null() {
        // sops takes a numeric id too when no user has that name.
        return match name.parse::<u32>() {
            Ok(uid) => Ok(User { uid, gid: uid }),
            Err(_) => Err(unknown()),
        };
    }
    Ok(User {
        uid: entry.pw_uid,
        gid: entry.pw_gid,
    })
}

impl Launch {
    fn command_as(&self, user: Option<User>) -> Command {
        #[allow(unused_mut)]
        let mut command = self.command();
        #[cfg(unix)]
        if let Some(user) = user {
            use std::os::unix::process::CommandExt;
            command.gid(user.gid).uid(user.uid);
        }
        #[cfg(not(unix))]
        let _ = user;
        command
    }

    /// Runs the program to its end (as `user`, if given); its exit code as a shell
    /// reports it.
    pub fn run(&self, user: Option<User>) -> Result<i32, ExecError> {
        let status = self.command_as(user).status().map_err(|e| self.error(e))?;
        Ok(shell_exit_code(status))
    }

    /// Starts the program and returns without waiting for it (sops's `--background`).
    pub fn start(&self, user: Option<User>) -> Result<(), ExecError> {
        self.command_as(user)
            .spawn()
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Replaces this process with the program (as `user`); returns only if that failed.
    #[cfg(unix)]
    pub fn replace_as(&self, user: Option<User>) -> ExecError {
        use std::os::unix::process::CommandExt;
        let source = self.command_as(user).exec();
        self.error(source)
    }
}
