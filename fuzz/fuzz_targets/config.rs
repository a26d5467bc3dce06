//! `.sops.yaml`: `config::parse`, then what the commands ask of it (the rule and the
//! destination for a file, environments, namespaces, key groups, selectors), and the
//! edits `secret recipients` and `secret team` make to its text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use secret_core::config;
use secret_core::config_edit::{self, KeyId, KeyKind};
use secret_core::sops::rules::Selector;

const FILES: [&str; 4] = [
    "/fuzz/secrets/app.yaml",
    "/fuzz/dev.env",
    "/elsewhere/prod.json",
    "relative.ini",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = config::parse(secret_fuzz::config_path(), text) {
        for file in FILES {
            if let Ok(Some(rule)) = loaded.rule_for(Path::new(file)) {
                let _ = Selector::from_settings(rule.selector.pairs());
                for group in &rule.key_groups {
                    let _ = (
                        group.kms_keys(),
                        group.age_recipients(),
                        group.pgp_fingerprints(),
                    );
                }
            }
            let _ = loaded.destination_for(Path::new(file));
        }
        let _ = loaded.environment_files(None);
        let _ = loaded.environment_files(Some("dev"));
        let _ = loaded.namespace("app");
        let key = KeyId {
            kind: KeyKind::Age,
            text: secret_fuzz::TEST_RECIPIENT.into(),
        };
        let _ = config_edit::name_of(&loaded.config, &key);
        let _ = config_edit::key_named(&loaded.config, "alice");
        let rules: Vec<usize> = (0..loaded.config.creation_rules.len().min(4)).collect();
        for group in [None, Some(0), Some(1)] {
            let _ = config_edit::add_key(text, &rules, &key, group);
        }
        let _ = config_edit::remove_key(text, &rules, &key);
        let _ = config_edit::set_name(text, &key, "alice");
        let _ = config_edit::remove_name(text, &key);
    }
});
