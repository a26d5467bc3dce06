//! chamber's layout (`/SERVICE/KEY`, keys lower-cased on write) without its case defects:
//! a service is used as typed, and a key is looked up as typed before lower-cased, so
//! parameters written by other tools with upper-case letters stay readable and deletable.

use super::{NameError, Namespace, SsmError};
use crate::aws::ParameterStore;
use crate::env::Variables;

/// A chamber service: `app` or `team/app/prod`, stored below `/app`.
pub fn service(text: &str) -> Result<Namespace, NameError> {
    if text.starts_with('/') || text.ends_with('/') {
        return Err(NameError::NotAService(text.to_string()));
    }
    Namespace::parse(&format!("/{text}"))
}

/// The names to try for `key` of `service`: as typed, then lower-cased as chamber writes.
pub fn candidates(service: &Namespace, key: &str) -> Result<Vec<String>, NameError> {
    let typed = service.name_of(&[key.to_string()])?;
    let lower = service.name_of(&[key.to_lowercase()])?;
    Ok(if typed == lower {
        vec![typed]
    } else {
        vec![typed, lower]
    })
}

/// The name `write` stores `key` under: lower-cased, as chamber does.
pub fn written_name(service: &Namespace, key: &str) -> Result<String, NameError> {
    service.name_of(&[key.to_lowercase()])
}

/// The environment variable of a parameter's key, as chamber's `env` spells it
/// (`db-host.primary` → `DB_HOST_PRIMARY`); an error when no valid name results.
pub fn env_name(key: &str) -> Result<String, NameError> {
    let name: String = key
        .trim()
        .chars()
        .map(|c| {
            if c == '-' || c == '.' || c.is_whitespace() {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    if crate::env::is_valid_name(&name) {
        Ok(name)
    } else {
        Err(NameError::NotAVariable(key.to_string()))
    }
}

/// The variables of the direct parameters of `services`, named as [`env_name`] names
/// them, later services winning; and each (service, variable) where a later service
/// replaced a value.
pub fn service_variables(
    store: &dyn ParameterStore,
    services: &[String],
) -> Result<(Variables, Vec<(String, String)>), SsmError> {
    let mut vars = Variables::new();
    let mut replaced = Vec::new();
    for name in services {
        for parameter in store.list(&service(name)?, false)? {
            let variable = env_name(last_level(&parameter.name))?;
            if vars.insert(variable.clone(), parameter.value).is_some() {
                replaced.push((name.clone(), variable));
            }
        }
    }
    Ok((vars, replaced))
}

/// The key of a parameter: the last level of its name.
pub fn last_level(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_keys_and_variables_follow_chamber() {
        let app = service("team/app").unwrap();
        assert_eq!(app.as_str(), "/team/app");
        assert!(service("/app").is_err());
        assert_eq!(
            candidates(&app, "DB_Host").unwrap(),
            ["/team/app/DB_Host", "/team/app/db_host"]
        );
        assert_eq!(candidates(&app, "db").unwrap(), ["/team/app/db"]);
        assert_eq!(written_name(&app, "Token").unwrap(), "/team/app/token");
        assert_eq!(env_name("db-host.primary").unwrap(), "DB_HOST_PRIMARY");
        assert!(env_name("9lives").is_err());
    }
}
