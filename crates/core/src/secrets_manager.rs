//! AWS Secrets Manager operations: an encrypted file mirrored to and from secrets (`push`,
//! `pull`, `diff` with `--secrets-manager`), and secrets as environment variables (`exec
//! --secrets-manager`), over the [`SecretsManager`] a front end passes in. Plans are the
//! Parameter Store's ([`Plan`]): names only, never values.
//!
//! Two layouts, the user's choice:
//!
//! * [`Layout::Json`]: one secret holds the whole file, as a JSON object of strings whose
//!   keys are the file's keys joined with `/` (`db: {host: x}` → `{"db/host": "x"}`; a
//!   dotenv file's keys as they are). The plan's names are those keys. One read and at
//!   most one write per push.
//! * [`Layout::PerKey`]: one secret per value, named `PREFIX/KEY` with the same keys
//!   (`PREFIX/db/host`). The plan's names are the secrets' names. Reads are a listing
//!   (100 per request) and batched reads (20 per request); each added or changed value is
//!   one write.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::aws::Progress;
pub use crate::aws::secrets_manager::{
    Existing, Fetched, Listed, MAX_VALUE, SecretNameError, SecretPut, SecretsManager, SmError,
    check_name, check_value,
};
use crate::env::{KeyedValue, Variables, is_valid_name};
use crate::secret::Secret;
use crate::ssm::pull::KeyNames;
pub use crate::ssm::{Plan, Values};

/// Where a file's values live in Secrets Manager.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One secret, named so, holding a JSON object of every value.
    Json(String),
    /// One secret per value, named `PREFIX/KEY`; the prefix without its final `/`.
    PerKey(String),
}

impl Layout {
    /// The layout of `name`: a secret's name, or with `per_key` the prefix of one secret
    /// per value (a final `/` is optional).
    pub fn parse(name: &str, per_key: bool) -> Result<Layout, SecretNameError> {
        if per_key {
            let prefix = name.trim_end_matches('/');
            check_name(prefix)?;
            Ok(Layout::PerKey(prefix.to_string()))
        } else {
            check_name(name)?;
            Ok(Layout::Json(name.to_string()))
        }
    }

    /// How the plan is headed: the secret's name, or `PREFIX/*`.
    pub fn label(&self) -> String {
        match self {
            Layout::Json(name) => name.clone(),
            Layout::PerKey(prefix) => format!("{prefix}/*"),
        }
    }

    /// The name of the value at `keys`: its JSON key, or its secret's name.
    pub fn name_of(&self, keys: &[String]) -> Result<String, SecretNameError> {
        if let Some(key) = keys.iter().find(|k| k.contains('/')) {
            return Err(SecretNameError::SlashInKey { key: key.clone() });
        }
        let joined = keys.join("/");
        Ok(match self {
            Layout::Json(_) => joined,
            Layout::PerKey(prefix) => format!("{prefix}/{joined}"),
        })
    }

    /// The names of a file's values (from `env::leaves`).
    pub fn values_of(&self, leaves: Vec<KeyedValue>) -> Result<Values, SecretNameError> {
        leaves
            .into_iter()
            .map(|(keys, value)| Ok((self.name_of(&keys)?, value)))
            .collect()
    }

    /// Checks what a push of `wanted` would store, before anything is sent: each secret's
    /// name and value, or the one secret's JSON.
    pub fn check(&self, wanted: &Values) -> Result<(), SecretNameError> {
        match self {
            Layout::Json(name) => check_value(name, &json_of(wanted)),
            Layout::PerKey(_) => wanted.iter().try_for_each(|(name, value)| {
                check_name(name)?;
                check_value(name, value)
            }),
        }
    }
}

impl KeyNames for Layout {
    fn keys_of(&self, name: &str) -> Option<Vec<String>> {
        let rest = match self {
            Layout::Json(_) => name,
            Layout::PerKey(prefix) => name.strip_prefix(prefix.as_str())?.strip_prefix('/')?,
        };
        if rest.is_empty() {
            return None;
        }
        Some(rest.split('/').map(String::from).collect())
    }

    fn describe(&self) -> String {
        self.label()
    }
}

/// What is in Secrets Manager now.
#[derive(Debug, Default)]
pub struct Current {
    /// The values by plan name.
    pub values: Values,
    /// Each secret there (the one of a JSON layout, or each `PREFIX/…`), live or
    /// scheduled for deletion.
    pub secrets: BTreeMap<String, Existing>,
}

impl Current {
    /// Whether `name` (a secret's) is there, and how.
    pub fn existing(&self, name: &str) -> Existing {
        self.secrets.get(name).copied().unwrap_or(Existing::None)
    }

    /// The secrets scheduled for deletion that a push would restore.
    pub fn restored_by(&self, layout: &Layout, plan: &Plan) -> Vec<String> {
        let writes: Vec<&String> = match layout {
            Layout::Json(name) if !plan.is_empty() => vec![name],
            Layout::Json(_) => Vec::new(),
            Layout::PerKey(_) => plan.writes().collect(),
        };
        writes
            .into_iter()
            .filter(|name| self.existing(name) == Existing::Deleted)
            .cloned()
            .collect()
    }
}

/// What the layout's secrets hold now: one read for a JSON layout; for one secret per
/// value, a listing and batched reads.
pub fn fetch(sm: &dyn SecretsManager, layout: &Layout) -> Result<Current, SmError> {
    let mut current = Current::default();
    match layout {
        Layout::Json(name) => {
            for fetched in sm.get_all(vec![name.clone()])? {
                let Some(text) = fetched.value else {
                    current.secrets.insert(fetched.name, Existing::Deleted);
                    continue;
                };
                current.values = values_of_json(&fetched.name, &text)?;
                current.secrets.insert(fetched.name, Existing::Live);
            }
        }
        Layout::PerKey(prefix) => {
            let below = format!("{prefix}/");
            let mut live = Vec::new();
            for listed in sm.list(&below)? {
                if !listed.name.starts_with(&below) || listed.name.len() == below.len() {
                    continue;
                }
                if listed.deleted {
                    current.secrets.insert(listed.name, Existing::Deleted);
                } else {
                    live.push(listed.name);
                }
            }
            for fetched in sm.get_all(live)? {
                match fetched.value {
                    Some(value) => {
                        current.secrets.insert(fetched.name.clone(), Existing::Live);
                        current.values.insert(fetched.name, value);
                    }
                    None => {
                        current.secrets.insert(fetched.name, Existing::Deleted);
                    }
                }
            }
        }
    }
    Ok(current)
}

/// Applies `plan`: for a JSON layout, one new version of the secret holding the values
/// kept, added and changed; for one secret per value, a new version of each added or
/// changed secret, and the removed ones scheduled for deletion. Earlier versions stay
/// (the service moves `AWSCURRENT` to the new one and `AWSPREVIOUS` to the one before).
/// Running it again after an interruption converges, as the plan is made from what is
/// there.
pub fn apply(
    sm: &dyn SecretsManager,
    layout: &Layout,
    plan: &Plan,
    wanted: &Values,
    current: &Current,
    kms_key: Option<String>,
    progress: Progress,
) -> Result<(), SmError> {
    if plan.is_empty() {
        return Ok(());
    }
    match layout {
        Layout::Json(name) => {
            let mut values = current.values.clone();
            for removed in &plan.removed {
                values.remove(removed);
            }
            for written in plan.writes() {
                values.insert(written.clone(), wanted[written].clone());
            }
            let text = json_of(&values);
            check_value(name, &text)?;
            let put = SecretPut {
                name: name.clone(),
                value: Secret::new(text),
                existing: current.existing(name),
            };
            sm.put_all(vec![put], kms_key, progress)
        }
        Layout::PerKey(_) => {
            let puts = plan
                .writes()
                .map(|name| SecretPut {
                    name: name.clone(),
                    value: wanted[name].clone(),
                    existing: current.existing(name),
                })
                .collect();
            sm.put_all(puts, kms_key, progress)?;
            sm.delete_all(plan.removed.clone(), progress)
        }
    }
}

/// The JSON object of `values`, keys sorted: the same values always give the same text.
pub fn json_of(values: &Values) -> String {
    let object: Map<String, Value> = values
        .iter()
        .map(|(key, value)| (key.clone(), Value::String(value.to_string())))
        .collect();
    serde_json::to_string(&object).expect("strings always serialize")
}

/// The values of a JSON secret: strings as they are, numbers and booleans as JSON writes
/// them, null as the empty string, nested objects by their keys joined with `/`; lists
/// are refused.
pub fn values_of_json(name: &str, text: &str) -> Result<Values, SmError> {
    let not_an_object = |reason: String| SmError::NotAnObject {
        name: name.to_string(),
        reason,
    };
    let parsed: Secret<String> = Secret::new(text.to_string());
    let value: Value = serde_json::from_str(&parsed).map_err(|e| {
        // serde's message may quote the text: keep only where it failed.
        not_an_object(format!(
            "not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(object) = value else {
        return Err(not_an_object("the value is not a JSON object".into()));
    };
    let mut values = Values::new();
    flatten(&mut values, "", object).map_err(not_an_object)?;
    Ok(values)
}

fn flatten(values: &mut Values, prefix: &str, object: Map<String, Value>) -> Result<(), String> {
    for (key, value) in object {
        let name = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}/{key}")
        };
        let text = match value {
            Value::String(text) => text,
            Value::Null => String::new(),
            Value::Bool(_) | Value::Number(_) => value.to_string(),
            Value::Object(inner) => {
                flatten(values, &name, inner)?;
                continue;
            }
            Value::Array(_) => return Err(format!("`{name}` is a list")),
        };
        values.insert(name, Secret::new(text));
    }
    Ok(())
}

/// The environment variables of `secrets` (their names already checked by
/// [`Layout::parse`]), in order, later ones winning: each key's levels joined with `_`,
/// as `exec` names a file's nested keys. Also each (secret, variable) where a later
/// secret replaced a value.
pub fn variables(
    sm: &dyn SecretsManager,
    secrets: &[Layout],
) -> Result<(Variables, Vec<(String, String)>), SmError> {
    let mut vars = Variables::new();
    let mut replaced = Vec::new();
    for layout in secrets {
        for (key, value) in existing_values(sm, layout)? {
            let variable = layout.keys_of(&key).unwrap_or_default().join("_");
            if !is_valid_name(&variable) {
                return Err(SmError::NotAVariable {
                    secret: layout.label(),
                    key,
                });
            }
            if vars.insert(variable.clone(), value).is_some() {
                replaced.push((layout.label(), variable));
            }
        }
    }
    Ok((vars, replaced))
}

/// The values there, or why there are none: a missing or deleted JSON secret, or no
/// secret under a prefix, is an error.
pub fn existing_values(sm: &dyn SecretsManager, layout: &Layout) -> Result<Values, SmError> {
    let current = fetch(sm, layout)?;
    match layout {
        Layout::Json(name) => match current.existing(name) {
            Existing::Deleted => Err(SmError::Deleted(name.clone())),
            Existing::None => Err(SmError::NotFound(name.clone())),
            Existing::Live => Ok(current.values),
        },
        Layout::PerKey(prefix) if current.values.is_empty() => {
            Err(SmError::NoneUnder(format!("{prefix}/")))
        }
        Layout::PerKey(_) => Ok(current.values),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Secret::new(v.to_string())))
            .collect()
    }

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn layouts_name_values_and_map_names_back_to_keys() {
        let json = Layout::parse("app/prod", false).unwrap();
        let per_key = Layout::parse("app/prod/", true).unwrap();
        assert_eq!(per_key, Layout::PerKey("app/prod".into()));
        assert_eq!(json.name_of(&keys(&["db", "host"])).unwrap(), "db/host");
        assert_eq!(
            per_key.name_of(&keys(&["db", "host"])).unwrap(),
            "app/prod/db/host"
        );
        assert_eq!(
            per_key.keys_of("app/prod/db/host"),
            Some(keys(&["db", "host"]))
        );
        assert_eq!(per_key.keys_of("app/production/x"), None);
        assert_eq!(json.keys_of("DB_HOST"), Some(keys(&["DB_HOST"])));
        assert!(matches!(
            json.name_of(&keys(&["a/b"])),
            Err(SecretNameError::SlashInKey { .. })
        ));
        assert!(Layout::parse("has space", false).is_err());
        assert!(Layout::parse("/", true).is_err());
    }

    #[test]
    fn checks_cover_names_values_and_the_json_size() {
        let per_key = Layout::PerKey("p".into());
        assert!(per_key.check(&values(&[("p/a", "1")])).is_ok());
        assert!(matches!(
            per_key.check(&values(&[("p/a b", "1")])),
            Err(SecretNameError::Character { .. })
        ));
        assert!(matches!(
            per_key.check(&values(&[("p/a", "")])),
            Err(SecretNameError::EmptyValue(_))
        ));
        let json = Layout::Json("j".into());
        assert!(json.check(&values(&[("a", "")])).is_ok());
        let big = "x".repeat(MAX_VALUE - 5);
        assert!(matches!(
            json.check(&values(&[("a", big.as_str())])),
            Err(SecretNameError::TooLarge { .. })
        ));
    }

    #[test]
    fn json_secrets_are_objects_of_strings_and_read_back() {
        let v = values(&[("b", "2"), ("a/x", "line\n\"q\"")]);
        let text = json_of(&v);
        assert_eq!(text, r#"{"a/x":"line\n\"q\"","b":"2"}"#);
        assert_eq!(values_of_json("s", &text).unwrap(), v);
        let foreign = r#"{"port": 5432, "ssl": true, "none": null, "db": {"host": "h"}}"#;
        assert_eq!(
            values_of_json("s", foreign).unwrap(),
            values(&[
                ("port", "5432"),
                ("ssl", "true"),
                ("none", ""),
                ("db/host", "h")
            ])
        );
        let err = values_of_json("s", "not json hunter2").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(values_of_json("s", "[1]").is_err());
        assert!(values_of_json("s", r#"{"l": [1]}"#).is_err());
    }

    /// A Secrets Manager in memory, recording the calls.
    #[derive(Default)]
    struct Memory {
        secrets: RefCell<BTreeMap<String, (Option<String>, bool)>>,
        calls: RefCell<Vec<String>>,
    }

    impl SecretsManager for Memory {
        fn region(&self) -> &str {
            "us-east-1"
        }

        fn list(&self, prefix: &str) -> Result<Vec<Listed>, SmError> {
            self.calls.borrow_mut().push(format!("list {prefix}"));
            Ok(self
                .secrets
                .borrow()
                .iter()
                .filter(|(name, _)| name.starts_with(prefix))
                .map(|(name, (_, deleted))| Listed {
                    name: name.clone(),
                    deleted: *deleted,
                })
                .collect())
        }

        fn get_all(&self, names: Vec<String>) -> Result<Vec<Fetched>, SmError> {
            self.calls.borrow_mut().push(format!("get {}", names.len()));
            let secrets = self.secrets.borrow();
            Ok(names
                .into_iter()
                .filter_map(|name| {
                    let (value, deleted) = secrets.get(&name)?;
                    let value = if *deleted { None } else { value.clone() };
                    Some(Fetched {
                        name,
                        value: value.map(Secret::new),
                    })
                })
                .collect())
        }

        fn put_all(
            &self,
            puts: Vec<SecretPut>,
            _kms_key: Option<String>,
            progress: Progress,
        ) -> Result<(), SmError> {
            for put in puts {
                self.calls
                    .borrow_mut()
                    .push(format!("put {} {:?}", put.name, put.existing));
                self.secrets
                    .borrow_mut()
                    .insert(put.name, (Some(put.value.to_string()), false));
                progress(1);
            }
            Ok(())
        }

        fn delete_all(&self, names: Vec<String>, progress: Progress) -> Result<(), SmError> {
            for name in names {
                self.calls.borrow_mut().push(format!("delete {name}"));
                if let Some(secret) = self.secrets.borrow_mut().get_mut(&name) {
                    secret.1 = true;
                }
                progress(1);
            }
            Ok(())
        }
    }

    fn push(sm: &Memory, layout: &Layout, wanted: &Values, prune: bool) -> Plan {
        let current = fetch(sm, layout).unwrap();
        let plan = Plan::between(wanted, &current.values, prune);
        apply(sm, layout, &plan, wanted, &current, None, &|_| {}).unwrap();
        plan
    }

    #[test]
    fn a_json_push_keeps_other_keys_unless_pruned_and_writes_once() {
        let sm = Memory::default();
        let layout = Layout::Json("app".into());
        sm.secrets
            .borrow_mut()
            .insert("app".into(), (Some(r#"{"old":"o","b":"1"}"#.into()), false));
        let wanted = values(&[("a", "new"), ("b", "2")]);
        let plan = push(&sm, &layout, &wanted, false);
        assert_eq!((plan.added.len(), plan.changed.len()), (1, 1));
        assert_eq!(plan.kept, ["old"]);
        let stored = sm.secrets.borrow()["app"].0.clone().unwrap();
        assert_eq!(stored, r#"{"a":"new","b":"2","old":"o"}"#);
        assert_eq!(*sm.calls.borrow(), ["get 1", "put app Live"]);

        sm.calls.borrow_mut().clear();
        let again = push(&sm, &layout, &wanted, true);
        assert_eq!(again.removed, ["old"]);
        assert_eq!(
            sm.secrets.borrow()["app"].0.as_deref(),
            Some(r#"{"a":"new","b":"2"}"#)
        );
        sm.calls.borrow_mut().clear();
        assert!(push(&sm, &layout, &wanted, true).is_empty());
        assert_eq!(*sm.calls.borrow(), ["get 1"], "nothing written");
    }

    #[test]
    fn a_per_key_push_writes_changes_deletes_with_prune_and_restores() {
        let sm = Memory::default();
        let layout = Layout::PerKey("p".into());
        {
            let mut secrets = sm.secrets.borrow_mut();
            secrets.insert("p/same".into(), (Some("s".into()), false));
            secrets.insert("p/changed".into(), (Some("old".into()), false));
            secrets.insert("p/extra".into(), (Some("x".into()), false));
            secrets.insert("p/back".into(), (Some("gone".into()), true));
            secrets.insert("prefixed/other".into(), (Some("o".into()), false));
        }
        let wanted = values(&[
            ("p/same", "s"),
            ("p/changed", "new"),
            ("p/back", "b"),
            ("p/new", "n"),
        ]);
        let current = fetch(&sm, &layout).unwrap();
        let plan = Plan::between(&wanted, &current.values, true);
        assert_eq!(current.restored_by(&layout, &plan), ["p/back"]);
        apply(&sm, &layout, &plan, &wanted, &current, None, &|_| {}).unwrap();
        let calls = sm.calls.borrow().clone();
        assert_eq!(
            calls,
            [
                "list p/",
                "get 3",
                "put p/back Deleted",
                "put p/new None",
                "put p/changed Live",
                "delete p/extra"
            ]
        );
        let (vars, _) = variables(&sm, &[layout]).unwrap();
        let names: Vec<&String> = vars.keys().collect();
        assert_eq!(names, ["back", "changed", "new", "same"]);
    }

    #[test]
    fn variables_join_levels_and_refuse_bad_names() {
        let sm = Memory::default();
        sm.secrets.borrow_mut().insert(
            "a".into(),
            (Some(r#"{"db/host":"h","TOKEN":"t"}"#.into()), false),
        );
        sm.secrets.borrow_mut().insert(
            "b".into(),
            (Some(r#"{"TOKEN":"u","x-y":"1"}"#.into()), false),
        );
        let json = |name: &str| Layout::Json(name.into());
        let (vars, replaced) = variables(&sm, &[json("a")]).unwrap();
        assert_eq!(vars["db_host"].as_str(), "h");
        assert!(replaced.is_empty());
        assert!(matches!(
            variables(&sm, &[json("a"), json("b")]),
            Err(SmError::NotAVariable { .. })
        ));
        assert!(matches!(
            variables(&sm, &[json("missing")]),
            Err(SmError::NotFound(_))
        ));
    }
}
