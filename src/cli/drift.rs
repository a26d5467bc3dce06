//! How a file's recipients lag its rule, as the commands that report it say it: keys
//! named as `secret: names:` in `.sops.yaml` names them.

use secret_core::config::Config;
use secret_core::config_edit::KeyId;
use secret_core::ops::rewrite::Drift;

/// `+ key (name)` and `- key` for each change, and the threshold when it changes.
pub fn describe_drift(lag: &Drift, config: Option<&Config>) -> String {
    let mut parts = Vec::new();
    for change in &lag.changes {
        parts.extend(
            change
                .added
                .iter()
                .map(|k| format!("+ {}", named(k, config))),
        );
        parts.extend(
            change
                .removed
                .iter()
                .map(|k| format!("- {}", named(k, config))),
        );
    }
    if let Some((now, wanted)) = lag.threshold {
        parts.push(format!("{now} → {wanted} key groups needed"));
    }
    if parts.is_empty() {
        parts.push("other key groups".into());
    }
    parts.join(", ")
}

/// A key as described in metadata, with its name from `secret: names:` when it has one.
pub fn named(described: &str, config: Option<&Config>) -> String {
    let bare = described.trim_end_matches(" (AWS KMS)");
    let name = config.and_then(|c| {
        KeyId::parse(bare)
            .ok()
            .and_then(|k| secret_core::config_edit::name_of(c, &k))
    });
    match name {
        Some(name) => format!("{described} ({name})"),
        None => described.to_string(),
    }
}
