//! The decrypted documents of several files, as one source of values for templates and
//! Kubernetes manifests: a path is looked up in the last file that has it, and a flat
//! name (a dotenv key, or a nested key joined with `_` as `exec` names variables) in the
//! merged flat view, later files winning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{EncryptedFile, OpError};
use crate::env::scalar_text;
use crate::keys::KeyRing;
use crate::path::{self, Step};
use crate::secret::Secret;
use crate::template::{self, Found, TemplateError};
use crate::tree::{Document, Entry, Node};

/// The documents of each file, in the order given.
pub struct Values {
    files: Vec<(PathBuf, Vec<Document>)>,
    flat: BTreeMap<String, Secret<String>>,
}

impl Values {
    /// Decrypts every file (MAC checked) and keeps its documents.
    pub fn of_files(files: &[impl AsRef<Path>]) -> Result<Values, OpError> {
        let mut keys = KeyRing::default();
        let mut documents = Vec::new();
        for file in files {
            let file = file.as_ref();
            documents.push((file.to_path_buf(), decrypted_docs(file, &mut keys)?));
        }
        Ok(Values::from_documents(documents))
    }

    /// Values of documents already decrypted and parsed (`(file, documents)`, in order).
    pub fn from_documents(files: Vec<(PathBuf, Vec<Document>)>) -> Values {
        let mut flat = BTreeMap::new();
        for (_, docs) in &files {
            for doc in docs {
                flatten(&doc.entries, &mut Vec::new(), &mut flat);
            }
        }
        Values { files, flat }
    }

    /// What a template placeholder's name finds: a path first, then a flat name.
    pub fn find(&self, name: &str) -> Found {
        if let Ok(steps) = path::parse(name) {
            for (_, docs) in self.files.iter().rev() {
                for doc in docs.iter().rev() {
                    if let Some(found) = node_value(doc, &steps) {
                        return found;
                    }
                }
            }
        }
        match self.flat.get(name) {
            Some(value) => Found::Value(value.clone()),
            None => Found::Missing,
        }
    }

    /// The files' documents, in order.
    pub fn documents(&self) -> impl Iterator<Item = (&Path, &[Document])> {
        self.files.iter().map(|(p, d)| (p.as_path(), d.as_slice()))
    }

    /// `template` (the contents of the file `name`) rendered with these values.
    pub fn render(
        &self,
        name: &Path,
        template: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, TemplateError> {
        template::render(name, template, |wanted| self.find(wanted))
    }
}

fn node_value(doc: &Document, steps: &[Step]) -> Option<Found> {
    Some(match path::find(doc, steps)? {
        Node::Scalar(leaf) => match scalar_text(leaf) {
            Ok(text) => Found::Value(text.into()),
            Err(_) => return None,
        },
        Node::Map { .. } => Found::NotScalar("mapping"),
        Node::List { .. } => Found::NotScalar("list"),
        Node::Comment(_) | Node::Alias { .. } => return None,
    })
}

/// Every scalar below `entries` by its keys joined with `_`; lists are left out (they have
/// no flat name; their items are reached by path).
fn flatten(
    entries: &[Entry],
    prefix: &mut Vec<String>,
    flat: &mut BTreeMap<String, Secret<String>>,
) {
    for entry in entries {
        let Entry::Pair { key, value, .. } = entry else {
            continue;
        };
        prefix.push(key.clone());
        flatten_node(value, prefix, flat);
        prefix.pop();
    }
}

fn flatten_node(
    node: &Node,
    prefix: &mut Vec<String>,
    flat: &mut BTreeMap<String, Secret<String>>,
) {
    match node {
        Node::Map { entries, .. } => flatten(entries, prefix, flat),
        Node::Scalar(leaf) => {
            if let Ok(text) = scalar_text(leaf) {
                flat.insert(prefix.join("_"), text.into());
            }
        }
        Node::Alias { target, .. } => flatten_node(target, prefix, flat),
        Node::List { .. } | Node::Comment(_) => {}
    }
}

/// The documents of an encrypted file, decrypted with `keys`.
pub fn decrypted_docs(file: &Path, keys: &mut KeyRing) -> Result<Vec<Document>, OpError> {
    let encrypted = EncryptedFile::new(file, None);
    let plaintext = encrypted.decrypt(keys)?.bytes;
    let parsed = encrypted
        .store()
        .parse(&plaintext)
        .map_err(|e| OpError::sops(file)(e.into()))?;
    Ok(parsed.docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Format;

    fn values(files: &[(Format, &str)]) -> Values {
        Values::from_documents(
            files
                .iter()
                .enumerate()
                .map(|(i, (format, text))| {
                    let docs = format.store().parse(text.as_bytes()).unwrap().docs;
                    (PathBuf::from(format!("f{i}")), docs)
                })
                .collect(),
        )
    }

    fn text(found: Found) -> String {
        match found {
            Found::Value(v) => v.as_str().to_string(),
            Found::NotScalar(what) => format!("<{what}>"),
            Found::Missing => "<missing>".into(),
        }
    }

    #[test]
    fn paths_then_flat_names_later_files_winning() {
        let v = values(&[
            (Format::Yaml, "db:\n  host: a\n  port: 5432\nlist: [x, y]\n"),
            (Format::Dotenv, "DB_PASSWORD=s3cret\n"),
            (Format::Yaml, "db:\n  host: b\n"),
        ]);
        assert_eq!(text(v.find("db.host")), "b");
        assert_eq!(text(v.find("db.port")), "5432");
        assert_eq!(text(v.find("db_port")), "5432");
        assert_eq!(text(v.find("list[1]")), "y");
        assert_eq!(text(v.find("DB_PASSWORD")), "s3cret");
        assert_eq!(text(v.find("db")), "<mapping>");
        assert_eq!(text(v.find("list")), "<list>");
        assert_eq!(text(v.find("db.user")), "<missing>");
    }
}
