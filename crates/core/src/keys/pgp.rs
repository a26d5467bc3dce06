//! PGP master keys (sops-format.md §3.4, §8.2): the data key is encrypted for a fingerprint
//! and decrypted by the `gpg` binary (see [`super::gpg`] for how it is run), with exactly
//! the arguments of sops 3.11's GnuPG fallback, so that the stored entry is what sops
//! writes: `{created_at, enc, fp}`, `enc` the armored message with surrounding whitespace
//! trimmed (sops's `bytes.TrimSpace`).
//!
//! sops first tries a built-in OpenPGP implementation on a `pubring.gpg`/`secring.gpg` in
//! `GNUPGHOME`; GnuPG 2.1 and later keep no such files, so sops ends up running gpg anyway.
//! Going to gpg directly gives the same entries and lets gpg-agent, pinentry and smartcards
//! do their work.

use super::gpg::{self, Finished, Gpg, LISTING_LIMIT, RunError};
use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::metadata::StoredKey;
use zeroize::Zeroizing;

/// The armor line an encrypted data key starts with.
const MESSAGE_HEADER: &str = "-----BEGIN PGP MESSAGE-----";

/// A PGP key, known by the fingerprint the user gave (sops also accepts key IDs and
/// anything else `gpg -r` takes).
#[derive(Clone, Debug)]
pub struct PgpKey {
    fingerprint: String,
}

/// Why a PGP key could not wrap or unwrap. Never holds data: gpg's stdout (the data key) is
/// not part of any message, only the line of its stderr that says what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum PgpError {
    #[error(
        "cannot run `{program}`: no such program{}; install GnuPG (the `gnupg` package), or set \
         SOPS_GPG_EXEC to the path of gpg",
        if *.from_env { " (named by SOPS_GPG_EXEC)" } else { " on PATH (SOPS_GPG_EXEC is not set)" }
    )]
    GpgNotFound { program: String, from_env: bool },
    #[error("cannot run `{program}` (gpg, or SOPS_GPG_EXEC): {source}")]
    CannotRun {
        program: String,
        source: std::io::Error,
    },
    #[error(
        "gpg did not finish within {} s for PGP key {fp}{}, and was stopped",
        .seconds,
        if *.unattended {
            " (a stuck gpg-agent? `gpgconf --kill gpg-agent` restarts it)"
        } else {
            " (waiting for a passphrase, a smartcard or gpg-agent?)"
        }
    )]
    TimedOut {
        fp: String,
        seconds: u64,
        unattended: bool,
    },
    #[error(
        "`{0}` is not a PGP fingerprint (it is empty, starts with `-` or holds control characters)"
    )]
    BadFingerprint(String),
    #[error(
        "no public key for PGP fingerprint {fp} in {keyring}; import it (`gpg --import KEY.asc`) \
         or fetch it (`gpg --recv-keys {fp}`)"
    )]
    NoPublicKey { fp: String, keyring: String },
    #[error("cannot encrypt for PGP key {fp}: {why}")]
    Unusable { fp: String, why: &'static str },
    #[error(
        "the secret key of PGP key {fp} is not in {keyring}; import it (`gpg --import SECRET-KEY.asc`), \
         or connect the smartcard that holds it"
    )]
    NoSecretKey { fp: String, keyring: String },
    #[error("wrong passphrase or PIN for PGP key {fp}")]
    BadPassphrase { fp: String },
    #[error(
        "gpg could not ask for the passphrase of PGP key {fp} ({reason}){}",
        if *.unattended {
            "; there is no terminal to ask on: unlock the key in gpg-agent first (e.g. `gpg -d` on any \
             message for it, in a terminal), or run this in a terminal"
        } else {
            "; in a terminal, `export GPG_TTY=$(tty)` lets pinentry ask there"
        }
    )]
    Pinentry {
        fp: String,
        reason: String,
        unattended: bool,
    },
    #[error("the wrapped key of PGP key {fp} is not an OpenPGP message: the metadata is damaged")]
    NotAMessage { fp: String },
    #[error(
        "gpg decrypted the wrapped key of PGP key {fp} to nothing (an older GnuPG reading what a newer \
         one encrypted?); upgrade GnuPG"
    )]
    Empty { fp: String },
    #[error("gpg's output for PGP key {fp} is not an armored OpenPGP message")]
    NotArmored { fp: String },
    #[error("gpg failed for PGP key {fp}: it exited with {exit}: {reason}")]
    Failed {
        fp: String,
        exit: String,
        reason: String,
    },
    #[error("listing the GnuPG secret keys failed: `{program}` exited with {exit}: {reason}")]
    Listing {
        program: String,
        exit: String,
        reason: String,
    },
}

impl PgpKey {
    /// A key for a fingerprint as given: spaces removed, case kept (as sops does).
    pub fn new(fingerprint: &str) -> PgpKey {
        PgpKey {
            fingerprint: fingerprint.replace(' ', ""),
        }
    }

    /// Parses a comma-separated list (`--pgp`, `SOPS_PGP_FP`, `.sops.yaml`), skipping
    /// empty items.
    pub fn parse_list(list: &str) -> Vec<PgpKey> {
        list.split(',')
            .map(PgpKey::new)
            .filter(|key| !key.fingerprint.is_empty())
            .collect()
    }

    /// The key of a stored entry, its fingerprint exactly as stored.
    pub fn stored(fp: &str) -> PgpKey {
        PgpKey {
            fingerprint: fp.to_string(),
        }
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The fingerprint, refused when it cannot safely be an argument of gpg.
    fn checked_fingerprint(&self) -> Result<&str, PgpError> {
        let fp = self.fingerprint.as_str();
        if fp.is_empty() || fp.starts_with('-') || fp.chars().any(char::is_control) {
            return Err(PgpError::BadFingerprint(fp.to_string()));
        }
        Ok(fp)
    }

    fn run(&self, gpg: &Gpg, args: &[&str], input: &[u8]) -> Result<Finished, PgpError> {
        gpg.run(args, Some(input), gpg.limit())
            .map_err(|error| match error {
                RunError::NotFound => PgpError::GpgNotFound {
                    program: gpg.name(),
                    from_env: gpg.from_env,
                },
                RunError::CannotStart(source) => PgpError::CannotRun {
                    program: gpg.name(),
                    source,
                },
                RunError::TimedOut(limit) => PgpError::TimedOut {
                    fp: self.fingerprint.clone(),
                    seconds: limit.as_secs(),
                    unattended: gpg.unattended(),
                },
            })
    }

    /// Encrypts as sops does: `gpg --no-default-recipient --yes --encrypt -a -r FP
    /// --trusted-key SHORT --no-encrypt-to`, the data key on stdin.
    fn encrypt(&self, secret: &[u8]) -> Result<String, PgpError> {
        let fp = self.checked_fingerprint()?;
        let gpg = Gpg::new();
        let mut args = gpg.crypto_options();
        args.extend([
            "--no-default-recipient",
            "--yes",
            "--encrypt",
            "-a",
            "-r",
            fp,
            "--trusted-key",
            short_id(fp),
            "--no-encrypt-to",
        ]);
        let done = self.run(&gpg, &args, secret)?;
        if done.code != Some(0) {
            return Err(self.encrypt_failure(&done));
        }
        let armored = String::from_utf8_lossy(&done.stdout).trim().to_string();
        if !armored.starts_with(MESSAGE_HEADER) {
            return Err(PgpError::NotArmored { fp: fp.to_string() });
        }
        Ok(armored)
    }

    /// Decrypts as sops does: `gpg -d`, the armored message on stdin.
    fn decrypt(&self, enc: &str) -> Result<Zeroizing<Vec<u8>>, PgpError> {
        let fp = || self.fingerprint.clone();
        if !enc.trim_start().starts_with(MESSAGE_HEADER) {
            return Err(PgpError::NotAMessage { fp: fp() });
        }
        let gpg = Gpg::new();
        let mut args = gpg.crypto_options();
        args.push("-d");
        let done = self.run(&gpg, &args, enc.as_bytes())?;
        match done.code {
            Some(0) if done.stdout.is_empty() => Err(PgpError::Empty { fp: fp() }),
            Some(0) => Ok(done.stdout),
            _ => Err(self.decrypt_failure(&done, gpg.unattended())),
        }
    }

    fn encrypt_failure(&self, done: &Finished) -> PgpError {
        let fp = self.fingerprint.clone();
        // INV_RECP <reason> <name>: reason codes of GnuPG's doc/DETAILS.
        let invalid = done
            .status_of("INV_RECP")
            .chain(done.status_of("INV_SGNR"))
            .find_map(|words| words.first().and_then(|r| r.parse::<u32>().ok()));
        let why = match invalid {
            Some(1) => None,
            Some(2) => Some("the name matches several keys; give the full fingerprint"),
            Some(3) => Some("it has no key for encryption"),
            Some(4) => Some("it is revoked"),
            Some(5) => Some("it has expired"),
            Some(10) => Some(
                "it is not trusted; give the fingerprint of the primary key, or trust it \
                 (`gpg --edit-key FINGERPRINT trust`)",
            ),
            Some(13) => Some("it is disabled"),
            _ if failure_code(done, "FAILURE") == Some(GPG_ERR_NO_PUBKEY) => None,
            _ => {
                return PgpError::Failed {
                    fp,
                    exit: done.exit(),
                    reason: done.reason(),
                };
            }
        };
        match why {
            None => PgpError::NoPublicKey {
                fp,
                keyring: keyring(),
            },
            Some(why) => PgpError::Unusable { fp, why },
        }
    }

    fn decrypt_failure(&self, done: &Finished, unattended: bool) -> PgpError {
        let fp = self.fingerprint.clone();
        let pinentry = |reason| PgpError::Pinentry {
            fp: fp.clone(),
            reason,
            unattended,
        };
        match failure_code(done, "ERROR") {
            Some(GPG_ERR_BAD_PASSPHRASE | GPG_ERR_BAD_PIN) => {
                return PgpError::BadPassphrase { fp };
            }
            Some(GPG_ERR_NO_PIN_ENTRY | GPG_ERR_PIN_ENTRY | GPG_ERR_CANCELED) => {
                return pinentry(done.reason());
            }
            // A pinentry that was started and failed (no terminal, no display, …).
            Some(_) if done.reported("PINENTRY_LAUNCHED") => return pinentry(done.reason()),
            _ => {}
        }
        if done.reported("NO_SECKEY") {
            PgpError::NoSecretKey {
                fp,
                keyring: keyring(),
            }
        } else if done.reported("NODATA") {
            PgpError::NotAMessage { fp }
        } else {
            PgpError::Failed {
                fp,
                exit: done.exit(),
                reason: done.reason(),
            }
        }
    }
}

// gpg-error codes (libgpg-error's err-codes.h) that status lines report.
const GPG_ERR_NO_PUBKEY: u32 = 9;
const GPG_ERR_BAD_PASSPHRASE: u32 = 11;
const GPG_ERR_NO_PIN_ENTRY: u32 = 85;
const GPG_ERR_PIN_ENTRY: u32 = 86;
const GPG_ERR_BAD_PIN: u32 = 87;
const GPG_ERR_CANCELED: u32 = 99;

/// The error code of the first `ERROR <where> <code>` / `FAILURE <where> <code>` line.
fn failure_code(done: &Finished, keyword: &str) -> Option<u32> {
    done.status_of(keyword)
        .find_map(|words| words.get(1).and_then(|code| gpg::error_code(code)))
}

impl MasterKey for PgpKey {
    fn describe(&self) -> String {
        self.fingerprint.clone()
    }

    fn wrap(&self, secret: &[u8]) -> Result<StoredKey, KeyError> {
        let enc = self.encrypt(secret)?;
        Ok(StoredKey::Pgp {
            fp: self.fingerprint.clone(),
            created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            enc,
        })
    }

    fn unwrap(&self, stored: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::Pgp { enc, .. } = stored else {
            return Err(PgpError::NotAMessage {
                fp: self.fingerprint.clone(),
            }
            .into());
        };
        Ok(self.decrypt(enc)?)
    }
}

/// sops's `shortenFingerprint`: the last 16 characters (the long key ID) for
/// `--trusted-key`; with a trailing `!`, the 16 before it and the `!`.
fn short_id(fp: &str) -> &str {
    let keep = if fp.ends_with('!') { 17 } else { 16 };
    let start = fp.len().saturating_sub(keep);
    fp.get(start..).unwrap_or(fp)
}

/// The keyring gpg uses, for messages: `GNUPGHOME`, else `~/.gnupg`.
pub fn keyring() -> String {
    match std::env::var_os("GNUPGHOME").filter(|v| !v.is_empty()) {
        Some(home) => format!(
            "the GnuPG keyring in {} (GNUPGHOME)",
            home.to_string_lossy()
        ),
        None => "the GnuPG keyring in ~/.gnupg".into(),
    }
}

/// A key whose secret part gpg holds (in the keyring or on a smartcard).
#[derive(Clone, Debug, PartialEq)]
pub struct HeldPgpKey {
    /// The primary key's fingerprint, then its subkeys'.
    pub fingerprints: Vec<String>,
    /// Whether the secret is on a smartcard.
    pub on_card: bool,
}

impl HeldPgpKey {
    /// Whether `fp` (a fingerprint or key ID as sops stores it, any case, maybe `0x…` or
    /// `…!`) names this key or one of its subkeys.
    pub fn matches(&self, fp: &str) -> bool {
        let wanted = fp.trim().trim_end_matches('!').replace(' ', "");
        let wanted = wanted
            .strip_prefix("0x")
            .or_else(|| wanted.strip_prefix("0X"))
            .unwrap_or(&wanted)
            .to_ascii_uppercase();
        wanted.len() >= 8
            && wanted.bytes().all(|b| b.is_ascii_hexdigit())
            && self.fingerprints.iter().any(|own| own.ends_with(&wanted))
    }
}

/// The secret keys gpg holds: `gpg --list-secret-keys --with-colons`, which asks for no
/// passphrase.
pub fn held_keys() -> Result<Vec<HeldPgpKey>, PgpError> {
    let gpg = Gpg::new();
    let done = list(&gpg, &["--batch", "--with-colons", "--list-secret-keys"])?;
    Ok(parse_secret_keys(&String::from_utf8_lossy(&done.stdout)))
}

/// gpg's first `--version` line and the program run, e.g. `gpg (GnuPG) 2.4.4 (gpg)`.
pub fn version() -> Result<String, PgpError> {
    let gpg = Gpg::new();
    let done = list(&gpg, &["--version"])?;
    let text = String::from_utf8_lossy(&done.stdout);
    let first = text.lines().next().unwrap_or("gpg").trim().to_string();
    let from = if gpg.from_env {
        ", from SOPS_GPG_EXEC"
    } else {
        ""
    };
    let program = which::which(&gpg.program)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| gpg.name());
    Ok(format!("{first} ({program}{from})"))
}

fn list(gpg: &Gpg, args: &[&str]) -> Result<Finished, PgpError> {
    let program = gpg.name();
    let done = gpg
        .run(args, None, LISTING_LIMIT)
        .map_err(|error| match error {
            RunError::NotFound => PgpError::GpgNotFound {
                program: program.clone(),
                from_env: gpg.from_env,
            },
            RunError::CannotStart(source) => PgpError::CannotRun {
                program: program.clone(),
                source,
            },
            RunError::TimedOut(limit) => PgpError::Listing {
                program: program.clone(),
                exit: format!("no answer within {} s", limit.as_secs()),
                reason: "stopped".into(),
            },
        })?;
    if done.code != Some(0) {
        return Err(PgpError::Listing {
            program,
            exit: done.exit(),
            reason: done.reason(),
        });
    }
    Ok(done)
}

/// Keys of `--with-colons` output (GnuPG's doc/DETAILS): a `sec` record starts a key, `ssb`
/// records are its subkeys, each followed by its `fpr`. Field 15 of `sec`/`ssb` is `#` when
/// the secret part is missing (an offline primary key), `+` when it is present, or a card's
/// serial number.
fn parse_secret_keys(colons: &str) -> Vec<HeldPgpKey> {
    let mut keys: Vec<(HeldPgpKey, bool)> = Vec::new();
    for line in colons.lines() {
        let fields: Vec<&str> = line.split(':').collect();
        let token = fields.get(14).copied().unwrap_or_default();
        match fields.first().copied() {
            Some("sec") => keys.push((
                HeldPgpKey {
                    fingerprints: Vec::new(),
                    on_card: false,
                },
                false,
            )),
            Some("ssb") => {}
            Some("fpr") => {
                if let (Some((key, _)), Some(fp)) = (keys.last_mut(), fields.get(9)) {
                    key.fingerprints.push(fp.to_ascii_uppercase());
                }
                continue;
            }
            _ => continue,
        }
        if let Some((key, usable)) = keys.last_mut()
            && token != "#"
        {
            *usable = true;
            key.on_card |= !token.is_empty() && token != "+";
        }
    }
    keys.into_iter()
        .filter(|(_, usable)| *usable)
        .map(|(key, _)| key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_lose_spaces_and_keep_their_case() {
        let keys =
            PgpKey::parse_list("7d25 EA97 82139648B9A404962D7ED83D184114FD, ,ABCDEF0123456789");
        let fps: Vec<&str> = keys.iter().map(PgpKey::fingerprint).collect();
        assert_eq!(
            fps,
            [
                "7d25EA9782139648B9A404962D7ED83D184114FD",
                "ABCDEF0123456789"
            ]
        );
    }

    #[test]
    fn short_ids_are_those_of_sops() {
        assert_eq!(
            short_id("7D25EA9782139648B9A404962D7ED83D184114FD"),
            "2D7ED83D184114FD"
        );
        assert_eq!(
            short_id("7D25EA9782139648B9A404962D7ED83D184114FD!"),
            "2D7ED83D184114FD!"
        );
        assert_eq!(short_id("ABCD"), "ABCD");
    }

    #[test]
    fn fingerprints_that_could_be_options_are_refused() {
        for bad in ["", "-rfoo", "AB\nCD"] {
            assert!(matches!(
                PgpKey::stored(bad).checked_fingerprint(),
                Err(PgpError::BadFingerprint(_))
            ));
        }
    }

    #[test]
    fn secret_keys_are_read_from_colons() {
        let colons = "\
sec:u:3072:1:2D7ED83D184114FD:1796664896:::u:::scESC:::+:::23::0:
fpr:::::::::7D25EA9782139648B9A404962D7ED83D184114FD:
grp:::::::::94CD09B38D07922A319F550531BAF4FE171AE7B6:
uid:u::::1796664896::7AD0::Test One <one@example.com>::::::::::0:
ssb:u:3072:1:4D227A823EC83061:1796664896::::::e:::+:::23:
fpr:::::::::94C27E1BDD133C42FBA5D0374D227A823EC83061:
sec:u:255:22:1111111111111111:1::::::sc:::#:::
fpr:::::::::AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111:
ssb:u:255:18:2222222222222222:1::::::e:::D2760001240100000006:::
fpr:::::::::BBBBBBBBBBBBBBBBBBBBBBBB2222222222222222:
sec:u:255:22:3333333333333333:1::::::sc:::#:::
fpr:::::::::CCCCCCCCCCCCCCCCCCCCCCCC3333333333333333:
";
        let keys = parse_secret_keys(colons);
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert!(!keys[0].on_card && keys[1].on_card);
        assert!(keys[0].matches("7d25ea9782139648b9a404962d7ed83d184114fd"));
        assert!(keys[0].matches("0x2D7ED83D184114FD"));
        assert!(keys[0].matches("94C27E1BDD133C42FBA5D0374D227A823EC83061!"));
        assert!(keys[1].matches("AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111"));
        assert!(!keys[0].matches("CCCCCCCCCCCCCCCCCCCCCCCC3333333333333333"));
        assert!(!keys[0].matches("one@example.com"));
    }
}
