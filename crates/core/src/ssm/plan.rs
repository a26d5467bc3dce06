//! What a push or pull changes: names only, never values, so a plan can be printed, logged
//! and reviewed anywhere.

use std::fmt;

pub use crate::aws::ssm::Values;

/// The difference between what is wanted and what is there.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// There but not wanted, and to be deleted.
    pub removed: Vec<String>,
    /// There but not wanted, and left alone (no `--prune`).
    pub kept: Vec<String>,
    pub unchanged: usize,
}

impl Plan {
    /// The plan that turns `current` into `wanted`; names only in `current` are removed
    /// with `prune`, else kept.
    pub fn between(wanted: &Values, current: &Values, prune: bool) -> Plan {
        let mut plan = Plan::default();
        for (name, value) in wanted {
            match current.get(name) {
                None => plan.added.push(name.clone()),
                Some(old) if old != value => plan.changed.push(name.clone()),
                Some(_) => plan.unchanged += 1,
            }
        }
        let extra = current
            .keys()
            .filter(|name| !wanted.contains_key(*name))
            .cloned();
        if prune {
            plan.removed.extend(extra);
        } else {
            plan.kept.extend(extra);
        }
        plan
    }

    /// Whether applying the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// The names to write: added, then changed.
    pub fn writes(&self) -> impl Iterator<Item = &String> {
        self.added.iter().chain(&self.changed)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} to add, {} to change, {} to remove, {} unchanged",
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged
        )?;
        let marked = [
            ("+", &self.added),
            ("~", &self.changed),
            ("-", &self.removed),
        ];
        for (mark, names) in marked {
            for name in names {
                writeln!(f, "  {mark} {name}")?;
            }
        }
        for name in &self.kept {
            writeln!(
                f,
                "  ? {name} (not in the source; kept, --prune removes it)"
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Secret::new(v.to_string())))
            .collect()
    }

    #[test]
    fn plan_lists_names_by_change_and_never_values() {
        let wanted = values(&[("/a", "1"), ("/b", "new"), ("/c", "3")]);
        let current = values(&[("/b", "old"), ("/c", "3"), ("/d", "secret-d")]);
        let plan = Plan::between(&wanted, &current, true);
        assert_eq!(
            (plan.added, plan.changed, plan.removed),
            (vec!["/a".into()], vec!["/b".into()], vec!["/d".into()])
        );
        let kept = Plan::between(&wanted, &current, false);
        assert_eq!(kept.kept, ["/d"]);
        let text = kept.to_string();
        assert!(text.contains("+ /a") && !text.contains("secret-d") && !text.contains("new"));
        assert!(Plan::between(&current, &current, true).is_empty());
    }
}
