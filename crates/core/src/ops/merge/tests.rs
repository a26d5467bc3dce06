//! Merges of real encrypted files (age keys made here), through `merge` as the driver
//! calls it: values, conflicts, rotations and recipient changes.

use std::io::Read;

use age::armor::ArmoredReader;
use zeroize::Zeroizing;

use super::*;
use crate::keys::age::AgeKey;
use crate::sops::datakey::{KeyError, MasterKey};
use crate::sops::encrypt::{EncryptOptions, encrypt};
use crate::sops::error::KeyFailure;
use crate::sops::metadata::StoredKey;

/// The identities a test user holds.
struct Holding(Vec<age::x25519::Identity>);

impl Unwrapper for Holding {
    fn unwrap(&mut self, key: &StoredKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let StoredKey::Age { enc, .. } = key else {
            return Err("not an age key".into());
        };
        let decryptor = age::Decryptor::new(ArmoredReader::new(enc.as_bytes()))?;
        let mut reader = decryptor.decrypt(self.0.iter().map(|i| i as &dyn age::Identity))?;
        let mut secret = Zeroizing::new(Vec::new());
        reader.read_to_end(&mut secret)?;
        Ok(secret)
    }

    fn rank(&self, _: &StoredKey) -> usize {
        0
    }

    fn searched(&self) -> Vec<String> {
        Vec::new()
    }

    fn passed_over(&mut self, _: Vec<KeyFailure>) {}
}

struct People {
    alice: age::x25519::Identity,
    bob: age::x25519::Identity,
    carol: age::x25519::Identity,
}

fn people() -> People {
    People {
        alice: age::x25519::Identity::generate(),
        bob: age::x25519::Identity::generate(),
        carol: age::x25519::Identity::generate(),
    }
}

fn holding(who: &age::x25519::Identity) -> Holding {
    Holding(vec![who.clone()])
}

fn recipients(who: &[&age::x25519::Identity]) -> Vec<Box<dyn MasterKey>> {
    who.iter()
        .map(|id| {
            Box::new(AgeKey::parse(&id.to_public().to_string()).unwrap()) as Box<dyn MasterKey>
        })
        .collect()
}

fn encrypted(format: Format, plaintext: &str, who: &[&age::x25519::Identity]) -> Vec<u8> {
    let options = EncryptOptions {
        key_groups: vec![recipients(who)],
        shamir_threshold: 0,
        selector: None,
        mac_only_encrypted: false,
        write_selector: true,
        keep_spellings: true,
    };
    encrypt(format.store().as_ref(), plaintext.as_bytes(), &options).unwrap()
}

fn decrypted(format: Format, file: &[u8], who: &age::x25519::Identity) -> String {
    let store = format.store();
    let plain = decrypt(
        store.as_ref(),
        file,
        &mut holding(who),
        DecryptOptions::default(),
    )
    .unwrap();
    String::from_utf8(plain.bytes.to_vec()).unwrap()
}

/// The file with its plaintext changed by `edit`, as `secret edit` would write it.
fn edited(
    format: Format,
    file: &[u8],
    who: &age::x25519::Identity,
    edit: impl Fn(&str) -> String,
) -> Vec<u8> {
    let store = format.store();
    let opened = open(
        store.as_ref(),
        file,
        &mut holding(who),
        DecryptOptions::default(),
    )
    .unwrap();
    let plain = String::from_utf8(opened.plaintext(store.as_ref(), file).unwrap()).unwrap();
    seal(
        store.as_ref(),
        edit(&plain).as_bytes(),
        opened.metadata,
        &opened.cipher,
    )
    .unwrap()
}

/// The file under a new data key, or for other recipients (same key), as `secret rotate` /
/// `updatekeys` would write it.
fn rekeyed(
    format: Format,
    file: &[u8],
    who: &age::x25519::Identity,
    new_key: bool,
    readers: &[&age::x25519::Identity],
) -> Vec<u8> {
    let store = format.store();
    let opened = open(
        store.as_ref(),
        file,
        &mut holding(who),
        DecryptOptions::default(),
    )
    .unwrap();
    let plain = opened.plaintext(store.as_ref(), file).unwrap();
    let key = if new_key {
        DataKey::generate()
    } else {
        opened.data_key.clone()
    };
    let mut metadata = opened.metadata.clone();
    metadata.key_groups = crate::sops::datakey::wrap(&key, &[recipients(readers)], 0).unwrap();
    let cipher = if new_key {
        Cipher::new(&key)
    } else {
        opened.cipher
    };
    seal(store.as_ref(), &plain, metadata, &cipher).unwrap()
}

fn merged(
    format: Format,
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    who: &age::x25519::Identity,
) -> Result<Merged, MergeError> {
    let name = PathBuf::from(format!("app.enc.{}", format.name()));
    let input = MergeInput {
        base,
        ours,
        theirs,
        name: &name,
        format,
        marker: 7,
    };
    merge(&input, &mut holding(who))
}

fn data_key(format: Format, file: &[u8], who: &age::x25519::Identity) -> Vec<u8> {
    let store = format.store();
    let opened = open(
        store.as_ref(),
        file,
        &mut holding(who),
        DecryptOptions::default(),
    )
    .unwrap();
    opened.data_key.as_bytes().to_vec()
}

fn line_with<'a>(file: &'a [u8], needle: &str) -> &'a str {
    std::str::from_utf8(file)
        .unwrap()
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle}"))
}

const BASE: &str =
    "# settings\ndb:\n  user: app # the user\n  password: hunter22\napi: token-1\nport: 5432\n";

#[test]
fn changes_to_different_keys_merge_and_keep_ciphertexts_and_comments() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, BASE, &[&p.alice]);
    let ours = edited(y, &base, &p.alice, |t| t.replace("hunter22", "hunter33"));
    let theirs = edited(y, &base, &p.alice, |t| {
        t.replace("token-1", "token-2") + "new: value\n"
    });
    let result = merged(y, &base, &ours, &theirs, &p.alice).unwrap();
    assert!(result.conflicts.is_empty());
    assert_eq!(
        decrypted(y, &result.bytes, &p.alice),
        "# settings\ndb:\n  user: app # the user\n  password: hunter33\napi: token-2\nport: 5432\nnew: value\n"
    );
    for (needle, from) in [
        ("user:", &base),
        ("port:", &base),
        ("password:", &ours),
        ("api:", &theirs),
    ] {
        assert_eq!(
            line_with(&result.bytes, needle),
            line_with(from, needle),
            "{needle}"
        );
    }
}

#[test]
fn a_value_changed_on_both_sides_holds_both_between_markers() {
    let p = people();
    let j = Format::Json;
    let base = encrypted(j, "{\"a\": \"1\", \"b\": \"2\"}", &[&p.alice]);
    let ours = edited(j, &base, &p.alice, |t| t.replace("\"2\"", "\"mine\""));
    let theirs = edited(j, &base, &p.alice, |t| {
        t.replace("\"2\"", "\"yours\"").replace("\"1\"", "\"one\"")
    });
    let result = merged(j, &base, &ours, &theirs, &p.alice).unwrap();
    assert_eq!(result.conflicts, ["b"]);
    // JSON escapes `<` and `>` as sops (Go) does.
    let json: serde_json::Value =
        serde_json::from_str(&decrypted(j, &result.bytes, &p.alice)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"a": "one", "b": "<<<<<<< ours\nmine\n=======\nyours\n>>>>>>> theirs"})
    );
    let store = j.store();
    assert_eq!(
        unresolved_conflicts(store.as_ref(), &result.bytes, &mut holding(&p.alice)).unwrap(),
        ["b"]
    );
}

#[test]
fn a_rotation_on_one_side_wins_and_carries_the_other_sides_changes() {
    let p = people();
    let e = Format::Dotenv;
    let base = encrypted(e, "A=one\nB=two\n", &[&p.alice, &p.bob]);
    let ours = edited(e, &base, &p.alice, |t| t.replace("two", "zwei"));
    // Theirs removed Bob and rotated, so that his old key opens nothing new.
    let theirs = rekeyed(e, &base, &p.alice, true, &[&p.alice]);
    for (mine, yours) in [(&ours, &theirs), (&theirs, &ours)] {
        let result = merged(e, &base, mine, yours, &p.alice).unwrap();
        assert_eq!(decrypted(e, &result.bytes, &p.alice), "A=one\nB=zwei\n");
        assert_eq!(
            data_key(e, &result.bytes, &p.alice),
            data_key(e, &theirs, &p.alice)
        );
        let store = e.store();
        assert!(
            decrypt(
                store.as_ref(),
                &result.bytes,
                &mut holding(&p.bob),
                DecryptOptions::default()
            )
            .is_err()
        );
        assert!(result.rotated.is_some());
    }
}

#[test]
fn recipients_added_on_each_side_can_all_read_the_merge() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, "a: 1\nb: 2\n", &[&p.alice]);
    let ours = rekeyed(y, &base, &p.alice, false, &[&p.alice, &p.bob]);
    let theirs = edited(
        y,
        &rekeyed(y, &base, &p.alice, false, &[&p.alice, &p.carol]),
        &p.alice,
        |t| t.replace("b: 2", "b: 3"),
    );
    let result = merged(y, &base, &ours, &theirs, &p.alice).unwrap();
    for who in [&p.alice, &p.bob, &p.carol] {
        assert_eq!(decrypted(y, &result.bytes, who), "a: 1\nb: 3\n");
    }
    // The same data key: each recipient's wrapped key was taken from its side as it was.
    let bob = |file: &[u8]| line_with(file, &p.bob.to_public().to_string()).to_string();
    assert_eq!(bob(&result.bytes), bob(&ours));
}

#[test]
fn a_rotation_and_a_new_recipient_wrap_the_new_key_for_everyone() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, "a: 1\n", &[&p.alice]);
    let ours = rekeyed(y, &base, &p.alice, false, &[&p.alice, &p.bob]);
    let theirs = rekeyed(y, &base, &p.alice, true, &[&p.alice]);
    let result = merged(y, &base, &ours, &theirs, &p.alice).unwrap();
    assert_eq!(
        data_key(y, &result.bytes, &p.bob),
        data_key(y, &theirs, &p.alice)
    );
    assert_eq!(decrypted(y, &result.bytes, &p.bob), "a: 1\n");
}

#[test]
fn without_a_key_nothing_is_merged() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, "a: 1\n", &[&p.alice]);
    let ours = edited(y, &base, &p.alice, |t| t.replace('1', "2"));
    let error = merged(y, &base, &ours, &base, &p.bob).err().unwrap();
    assert!(
        matches!(
            error,
            MergeError::Open {
                side: Side::Ours,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(error.exit_code(), 128);
}

#[test]
fn a_binary_file_is_one_value() {
    let p = people();
    let b = Format::Binary;
    let base = encrypted(b, "one\n", &[&p.alice]);
    let ours = edited(b, &base, &p.alice, |_| "two\n".into());
    let theirs = edited(b, &base, &p.alice, |_| "three\n".into());
    let clean = merged(b, &base, &ours, &base, &p.alice).unwrap();
    assert_eq!(decrypted(b, &clean.bytes, &p.alice), "two\n");
    let conflict = merged(b, &base, &ours, &theirs, &p.alice).unwrap();
    assert_eq!(
        decrypted(b, &conflict.bytes, &p.alice),
        "<<<<<<< ours\ntwo\n=======\nthree\n>>>>>>> theirs\n"
    );
}

#[test]
fn no_common_ancestor_merges_what_agrees() {
    let p = people();
    let y = Format::Yaml;
    let ours = encrypted(y, "a: 1\nb: 2\n", &[&p.alice]);
    let theirs = encrypted(y, "a: 1\nc: 3\n", &[&p.alice]);
    let result = merged(y, b"", &ours, &theirs, &p.alice).unwrap();
    assert!(result.conflicts.is_empty());
    // Theirs's key goes where theirs put it: after `a`.
    assert_eq!(decrypted(y, &result.bytes, &p.alice), "a: 1\nc: 3\nb: 2\n");
}

#[test]
fn when_theirs_changed_nothing_ours_is_kept_byte_for_byte() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, "a: 1\nb: 2\n", &[&p.alice]);
    let ours = edited(y, &base, &p.alice, |t| t.replace("b: 2", "b: 3"));
    let result = merged(y, &base, &ours, &base, &p.alice).unwrap();
    assert_eq!(result.bytes, ours);
    let result = merged(y, &base, &base, &ours, &p.alice).unwrap();
    assert_eq!(result.bytes, ours, "theirs as it is");
}

#[test]
fn an_ancestor_no_key_opens_makes_every_difference_a_conflict() {
    let p = people();
    let y = Format::Yaml;
    let base = encrypted(y, "a: 1\nb: 2\n", &[&p.bob]);
    let ours = encrypted(y, "a: 1\nb: 3\n", &[&p.alice]);
    let theirs = encrypted(y, "a: 1\nb: 2\n", &[&p.alice]);
    let result = merged(y, &base, &ours, &theirs, &p.alice).unwrap();
    assert!(result.base_unreadable);
    assert_eq!(result.conflicts, ["b"]);
}
