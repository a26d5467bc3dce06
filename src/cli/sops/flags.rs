//! sops's flags, parsed as sops parses them (Go's `flag` package under urfave/cli v1):
//! `-name` and `--name` alike, a value as `-name value` or `-name=value`, a boolean only
//! as `-name` or `-name=false`, no bundling of short flags, and parsing stops at the first
//! argument that is not a flag (so flags come before the file) or after `--`. A flag not
//! given takes its environment variable, if it has one. A table, not a clap tree: nothing
//! is built that the command line does not use.

use std::collections::HashMap;
use std::ffi::OsString;

/// What a flag holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// A boolean that is true unless set otherwise (urfave's `BoolTFlag`).
    BoolTrue,
    Str,
    Int,
    /// Repeatable; its variable is comma-separated.
    List,
}

/// One flag: its names (the first is the long one), kind, variable and help line.
#[derive(Debug)]
pub struct Flag {
    pub names: &'static [&'static str],
    pub kind: Kind,
    pub env: Option<&'static str>,
    pub help: &'static str,
}

impl Flag {
    pub const fn new(names: &'static [&'static str], kind: Kind, help: &'static str) -> Flag {
        Flag {
            names,
            kind,
            env: None,
            help,
        }
    }

    pub const fn env(mut self, variable: &'static str) -> Flag {
        self.env = Some(variable);
        self
    }

    pub fn name(&self) -> &'static str {
        self.names[0]
    }
}

#[derive(Clone, Debug)]
enum Value {
    Bool(bool),
    Str(String),
    Int(i64),
    List(Vec<String>),
}

/// The flags of one parse, by long name, and the arguments after them.
#[derive(Debug, Default)]
pub struct Parsed {
    values: HashMap<&'static str, Value>,
    pub args: Vec<OsString>,
}

/// A command line sops would refuse: the text is Go's.
#[derive(Debug)]
pub struct UsageError(pub String);

impl Parsed {
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(Value::Bool(true)))
    }

    /// A string flag; `None` when not given or empty (sops treats both alike).
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(Value::Str(s)) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.values.get(name) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    /// The first positional argument as text, if any.
    pub fn arg(&self, index: usize) -> Option<String> {
        self.args
            .get(index)
            .map(|a| a.to_string_lossy().into_owned())
    }
}

/// Parses `args` against the flag groups; flags stop at the first positional argument.
pub fn parse(groups: &[&'static [Flag]], args: &[OsString]) -> Result<Parsed, UsageError> {
    let find = |name: &str| {
        groups
            .iter()
            .flat_map(|g| g.iter())
            .find(|f| f.names.contains(&name))
    };
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if arg == "--" {
            i += 1;
            break;
        }
        if !arg.starts_with('-') || arg == "-" {
            break;
        }
        let body = arg
            .strip_prefix("--")
            .unwrap_or_else(|| &arg[1..])
            .to_string();
        if body.is_empty() || body.starts_with(['-', '=']) {
            return Err(UsageError(format!("bad flag syntax: {arg}")));
        }
        let (name, inline) = match body.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (body, None),
        };
        let Some(flag) = find(&name) else {
            return Err(UsageError(format!(
                "flag provided but not defined: -{name}"
            )));
        };
        let text = match (flag.kind, inline) {
            (Kind::Bool | Kind::BoolTrue, None) => "true".to_string(),
            (_, Some(value)) => value,
            (_, None) => {
                i += 1;
                match args.get(i) {
                    Some(value) => value.to_string_lossy().into_owned(),
                    None => {
                        return Err(UsageError(format!("flag needs an argument: -{name}")));
                    }
                }
            }
        };
        let value = typed(flag, &name, &text)?;
        set(&mut parsed, flag, value);
        i += 1;
    }
    parsed.args = args[i..].to_vec();
    for flag in groups.iter().flat_map(|g| g.iter()) {
        if parsed.values.contains_key(flag.name()) {
            continue;
        }
        let from_env = flag
            .env
            .and_then(|v| std::env::var(v).ok())
            .and_then(|text| typed(flag, flag.name(), &text).ok());
        match (from_env, flag.kind) {
            (Some(value), _) => set(&mut parsed, flag, value),
            (None, Kind::BoolTrue) => set(&mut parsed, flag, Value::Bool(true)),
            _ => {}
        }
    }
    Ok(parsed)
}

fn set(parsed: &mut Parsed, flag: &Flag, value: Value) {
    match (parsed.values.get_mut(flag.name()), value) {
        (Some(Value::List(items)), Value::List(more)) => items.extend(more),
        (_, value) => {
            parsed.values.insert(flag.name(), value);
        }
    }
}

fn typed(flag: &Flag, name: &str, text: &str) -> Result<Value, UsageError> {
    Ok(match flag.kind {
        Kind::Bool | Kind::BoolTrue => Value::Bool(parse_bool(text).ok_or_else(|| {
            UsageError(format!(
                "invalid boolean value {text:?} for -{name}: parse error"
            ))
        })?),
        Kind::Str => Value::Str(text.to_string()),
        Kind::Int => Value::Int(text.trim().parse().map_err(|_| {
            UsageError(format!(
                "invalid value {text:?} for flag -{name}: parse error"
            ))
        })?),
        Kind::List => Value::List(
            text.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
    })
}

/// Go's `strconv.ParseBool`.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[Flag] = &[
        Flag::new(&["in-place", "i"], Kind::Bool, ""),
        Flag::new(&["output"], Kind::Str, ""),
        Flag::new(&["indent"], Kind::Int, ""),
        Flag::new(&["keyservice"], Kind::List, ""),
        Flag::new(&["enable-local-keyservice"], Kind::BoolTrue, ""),
    ];

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn go_flag_spellings() {
        let parsed = parse(
            &[FLAGS],
            &args(&[
                "-i",
                "--output=o",
                "-indent",
                "2",
                "--keyservice",
                "a",
                "-keyservice=b",
                "f",
                "-x",
            ]),
        )
        .unwrap();
        assert!(parsed.bool("in-place"));
        assert_eq!(parsed.str("output"), Some("o"));
        assert_eq!(parsed.int("indent"), Some(2));
        assert_eq!(parsed.list("keyservice"), ["a", "b"]);
        assert!(parsed.bool("enable-local-keyservice"));
        assert_eq!(parsed.args, args(&["f", "-x"]));
        let parsed = parse(&[FLAGS], &args(&["--in-place=false", "--", "-i"])).unwrap();
        assert!(!parsed.bool("in-place"));
        assert_eq!(parsed.args, args(&["-i"]));
    }

    #[test]
    fn mistakes_are_named_as_go_names_them() {
        let error = |list: &[&str]| parse(&[FLAGS], &args(list)).unwrap_err().0;
        assert_eq!(error(&["--foo"]), "flag provided but not defined: -foo");
        assert_eq!(error(&["-ie"]), "flag provided but not defined: -ie");
        assert_eq!(error(&["--output"]), "flag needs an argument: -output");
        assert_eq!(
            error(&["--indent", "x"]),
            "invalid value \"x\" for flag -indent: parse error"
        );
        assert_eq!(error(&["---x"]), "bad flag syntax: ---x");
    }
}
