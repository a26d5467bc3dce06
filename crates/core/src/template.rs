//! Filling a configuration file template with secret values (`secret render`,
//! `secret exec --render`).
//!
//! The syntax, the one shells, Docker Compose and envsubst use:
//! * `${db.password}`: the value at a path of the decrypted documents, written as `get`
//!   takes it (`a.b[0].c`, `a."b.c"`, `["a"]["b"]`); `${DB_PASSWORD}`: a dotenv key, or
//!   a variable as `exec` names it (`db: {host: x}` is also `${db_host}`);
//! * spaces inside the braces are ignored: `${ db.password }`;
//! * `$${` writes `${`; any other `$` is written as it is (`$HOME`, `$$`, `$1` stay);
//! * a placeholder ends at the first `}` on its line.
//!
//! Values are inserted verbatim, line breaks and all: no quoting, no escaping. Every
//! placeholder that names nothing, names a mapping or a list, or is left open is an
//! error with its line and column (all of them are reported, not only the first), and
//! then nothing is rendered.

use std::fmt;
use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::secret::Secret;

/// What a placeholder's name finds.
pub enum Found {
    Value(Secret<String>),
    /// A mapping or list (`what` says which): only scalars can be inserted.
    NotScalar(&'static str),
    Missing,
}

/// One problem of a template, at a 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Why a template cannot be rendered: every problem found, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub template: PathBuf,
    pub problems: Vec<Problem>,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                self.template.display(),
                problem.line,
                problem.column,
                problem.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {}

/// At most this many problems are listed; a template full of them says so once.
const MAX_PROBLEMS: usize = 20;

/// `template` (read from the file `name`) with every placeholder replaced by what
/// `lookup` finds for its name. The result is wiped when dropped.
pub fn render(
    name: impl Into<PathBuf>,
    template: &[u8],
    lookup: impl Fn(&str) -> Found,
) -> Result<Zeroizing<Vec<u8>>, TemplateError> {
    let mut out = Zeroizing::new(Vec::with_capacity(template.len()));
    let mut problems = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'$', &template[at..]) {
        let dollar = at + offset;
        out.extend_from_slice(&template[at..dollar]);
        let rest = &template[dollar + 1..];
        if rest.starts_with(b"${") {
            out.extend_from_slice(b"${");
            at = dollar + 3;
            continue;
        }
        if !rest.starts_with(b"{") {
            out.push(b'$');
            at = dollar + 1;
            continue;
        }
        let open = dollar + 2;
        let line_end =
            memchr::memchr(b'\n', &template[open..]).map_or(template.len(), |p| open + p);
        let Some(close) = memchr::memchr(b'}', &template[open..line_end]).map(|p| open + p) else {
            problems.push(problem(
                template,
                dollar,
                "`${` is not closed on its line (write `$${` for a literal `${`)".into(),
            ));
            at = line_end;
            continue;
        };
        at = close + 1;
        let text = String::from_utf8_lossy(&template[open..close]);
        let wanted = text.trim();
        if wanted.is_empty() {
            problems.push(problem(template, dollar, "empty placeholder `${}`".into()));
            continue;
        }
        match lookup(wanted) {
            Found::Value(value) => out.extend_from_slice(value.as_bytes()),
            Found::NotScalar(what) => problems.push(problem(
                template,
                dollar,
                format!("`${{{wanted}}}` is a {what}; only a single value can be inserted"),
            )),
            Found::Missing => problems.push(problem(
                template,
                dollar,
                format!("unknown placeholder `${{{wanted}}}`: no value at this path or name"),
            )),
        }
    }
    out.extend_from_slice(&template[at..]);
    if problems.is_empty() {
        return Ok(out);
    }
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        let last = problems[MAX_PROBLEMS - 1].clone();
        problems.push(Problem {
            message: format!("and {more} more problems"),
            ..last
        });
    }
    Err(TemplateError {
        template: name.into(),
        problems,
    })
}

/// The problem at byte `offset` of `template`.
fn problem(template: &[u8], offset: usize, message: String) -> Problem {
    let before = &template[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    Problem {
        line: memchr::memchr_iter(b'\n', before).count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Found {
        match name {
            "db.password" => Found::Value("p@ss".into()),
            "CERT" => Found::Value("-----BEGIN-----\nabc\n-----END-----\n".into()),
            "db" => Found::NotScalar("mapping"),
            _ => Found::Missing,
        }
    }

    fn rendered(template: &str) -> Result<String, TemplateError> {
        render("t.conf", template.as_bytes(), lookup)
            .map(|out| String::from_utf8(out.to_vec()).unwrap())
    }

    #[test]
    fn placeholders_are_replaced_and_everything_else_stays() {
        assert_eq!(
            rendered("pw=${db.password} ${ CERT }end $HOME $$ $1 $${x} $").unwrap(),
            "pw=p@ss -----BEGIN-----\nabc\n-----END-----\nend $HOME $$ $1 ${x} $"
        );
        assert_eq!(rendered("").unwrap(), "");
        // The escape is the leftmost `$${`: a `$` before it stays.
        assert_eq!(rendered("$$${db.password}").unwrap(), "$${db.password}");
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_column() {
        let error = rendered("a\n  é ${nope} ${db}\n${\n${}").unwrap_err();
        let at: Vec<(usize, usize)> = error.problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(2, 5), (2, 13), (3, 1), (4, 1)]);
        let text = error.to_string();
        assert!(
            text.starts_with("t.conf:2:5: unknown placeholder `${nope}`"),
            "{text}"
        );
        assert!(text.contains("t.conf:2:13: `${db}` is a mapping"), "{text}");
        assert!(text.contains("not closed"), "{text}");
    }

    #[test]
    fn a_value_never_appears_in_an_error() {
        let error = rendered("${db.password} ${missing}").unwrap_err();
        assert!(!error.to_string().contains("p@ss"));
    }
}
