//! sops's tree paths for `--extract`, `set` and `unset`: `["key"]`, `['key']` and `[0]`
//! components (sops-format.md §9.3). Unlike secret's own `a.b[0]`, nothing else is taken.

use secret_core::path::Step;

/// The steps of `text`, or sops's reason it is not a path.
pub fn parse(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for component in text.split('[') {
        if component.is_empty() {
            continue;
        }
        let Some(inner) = component.strip_suffix(']') else {
            return Err(format!("component {component} doesn't end with ]"));
        };
        if inner.starts_with(['"', '\'']) {
            // sops drops the first and last character, whatever they are.
            let key = inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
            steps.push(Step::Key(key.to_string()));
        } else {
            let index = inner
                .parse::<usize>()
                .map_err(|_| format!("strconv.Atoi: parsing {inner:?}: invalid syntax"))?;
            steps.push(Step::Index(index));
        }
    }
    Ok(steps)
}

/// A step as sops names it in "not found" messages: `['key']` or `[0]`.
pub fn describe(step: &Step) -> String {
    match step {
        Step::Key(key) => format!("['{key}']"),
        Step::Index(i) => format!("[{i}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_as_sops_reads_them() {
        assert_eq!(
            parse(r#"["a"]['b'][2]"#).unwrap(),
            [Step::Key("a".into()), Step::Key("b".into()), Step::Index(2)]
        );
        assert_eq!(parse("").unwrap(), []);
        assert_eq!(parse("zz").unwrap_err(), "component zz doesn't end with ]");
        assert!(parse("[x]").is_err());
        assert!(parse("a.b").is_err());
    }
}
