//! age plugins: recipients `age1NAME1…` and identities `AGE-PLUGIN-NAME-1…` are handed to
//! the program `age-plugin-NAME`, found on PATH as age and sops find it, through the age
//! plugin protocol (the `age` crate's `plugin` feature). The program is looked for only
//! when a key of its plugin is used; a missing one is an error naming it and the fix.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use super::asking::{AgeCallbacks, Noted, Notes};
use super::{AgeError, KeyProblem};
use crate::keys::prompt::Prompter;

/// sops's rule: an `age1…` recipient with more than one `1` belongs to a plugin (the
/// Bech32 data of an X25519 recipient has none).
pub fn is_plugin_recipient(text: &str) -> bool {
    text.starts_with("age1") && text.matches('1').count() > 1
}

/// A plugin recipient, if `text` is one.
pub(crate) fn parse_recipient(text: &str) -> Option<age::plugin::Recipient> {
    if is_plugin_recipient(text) {
        age::plugin::Recipient::from_str(text).ok()
    } else {
        None
    }
}

/// The plugin of a recipient (`age1yubikey1…` → `yubikey`), if it is a plugin recipient.
pub fn plugin_of(recipient: &str) -> Option<String> {
    parse_recipient(recipient.trim()).map(|r| r.plugin().to_string())
}

/// The program of a plugin: `age-plugin-NAME`.
pub fn program(plugin: &str) -> String {
    format!("age-plugin-{plugin}")
}

/// Where the plugin's program is on PATH, if it is.
pub fn find(plugin: &str) -> Option<PathBuf> {
    which::which(program(plugin)).ok()
}

/// A plugin's program is not on PATH.
pub(crate) fn missing(plugin: &str) -> KeyProblem {
    let program = program(plugin);
    KeyProblem {
        what: format!("the age plugin program `{program}` is not on PATH"),
        fix: format!("install {program}, or add the directory that holds it to PATH"),
    }
}

/// The plugin that wraps for `recipient`, or why it cannot.
pub(crate) fn recipient_plugin(
    recipient: &age::plugin::Recipient,
    prompter: Arc<dyn Prompter>,
) -> Result<age::plugin::RecipientPluginV1<AgeCallbacks>, AgeError> {
    let callbacks = AgeCallbacks {
        prompter,
        who: program(recipient.plugin()),
        notes: Notes::default(),
    };
    age::plugin::RecipientPluginV1::new(
        recipient.plugin(),
        std::slice::from_ref(recipient),
        &[],
        callbacks,
    )
    .map_err(|_| AgeError::Plugin(missing(recipient.plugin()).to_string()))
}

/// One identity per plugin for `identities` (a plugin gets all of its own at once), and a
/// problem for each plugin whose program is missing.
pub(crate) fn identities(
    identities: Vec<age::plugin::Identity>,
    prompter: &Arc<dyn Prompter>,
    notes: &Notes,
) -> (Vec<Box<dyn age::Identity + Send + Sync>>, Vec<KeyProblem>) {
    let mut by_plugin: BTreeMap<String, Vec<age::plugin::Identity>> = BTreeMap::new();
    for identity in identities {
        by_plugin
            .entry(identity.plugin().to_string())
            .or_default()
            .push(identity);
    }
    let mut found: Vec<Box<dyn age::Identity + Send + Sync>> = Vec::new();
    let mut problems = Vec::new();
    for (plugin, group) in by_plugin {
        let callbacks = AgeCallbacks {
            prompter: Arc::clone(prompter),
            who: program(&plugin),
            notes: notes.clone(),
        };
        match age::plugin::IdentityPluginV1::new(&plugin, &group, callbacks) {
            Ok(identity) => found.push(Box::new(Noted {
                identity,
                who: program(&plugin),
                notes: notes.clone(),
            })),
            Err(_) => problems.push(missing(&plugin)),
        }
    }
    (found, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_recipients_by_sops_rule() {
        let x25519 = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        assert!(!is_plugin_recipient(x25519));
        assert_eq!(plugin_of(x25519), None);
        let yubikey = "age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t";
        assert!(is_plugin_recipient(yubikey));
        assert_eq!(plugin_of(yubikey).as_deref(), Some("yubikey"));
        assert_eq!(program("yubikey"), "age-plugin-yubikey");
    }

    #[test]
    fn a_missing_program_names_itself_and_the_fix() {
        let problem = missing("nosuchplugin-for-tests");
        assert!(problem.what.contains("age-plugin-nosuchplugin-for-tests"));
        assert!(problem.fix.contains("PATH"));
    }
}
