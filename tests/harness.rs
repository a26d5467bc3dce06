//! Checks of the test helpers themselves (they pass without a working `secret`): the
//! "same data" parsers, the tamper edits, and the corpus on disk.

mod common;

use common::data::{Data, parse};
use common::tamper::{change_lastmodified, change_unencrypted_value, flip_mac, flip_value_data};
use common::*;

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn yaml_comparison_ignores_layout_and_comments_but_not_values() {
    let original = b"# head\na: 1 # inline\nb: [x, y]\n";
    let reformatted = b"a: 1\nb:\n    - x\n    - y\n";
    assert_same_data(Format::Yaml, original, reformatted, "reformatted");
    assert!(
        parse(Format::Yaml, original).unwrap()
            != parse(Format::Yaml, b"a: 2\nb: [x, y]\n").unwrap()
    );
}

#[test]
fn yaml_merge_key_equals_sops_expanded_form() {
    let source = b"base: &b {h: x}\nd:\n  <<: *b\n  p: 1\n";
    let sops_output = b"base:\n    h: x\nd:\n    !!merge <<:\n        h: x\n    p: 1\n";
    assert_same_data(Format::Yaml, source, sops_output, "merge key");
}

#[test]
fn yaml_documents_are_compared_one_by_one() {
    let Data::Yaml(docs) = parse(Format::Yaml, b"a: 1\n---\nb: 2\n").unwrap() else {
        panic!()
    };
    assert_eq!(docs.len(), 2);
}

#[test]
fn dotenv_data_is_the_ordered_pairs_of_non_comment_lines() {
    let data = parse(Format::Dotenv, b"# c\nA=1=2\n\nB=#x\n").unwrap();
    assert_eq!(data, Data::Dotenv(pairs(&[("A", "1=2"), ("B", "#x")])));
}

#[test]
fn ini_values_are_trimmed_unquoted_and_lose_inline_comments() {
    let data = parse(
        Format::Ini,
        b"; c\n[s 1]\na =  \"q\" \nb = v ; note\nc: w\n",
    )
    .unwrap();
    let expected = vec![(
        "s 1".to_string(),
        pairs(&[("a", "q"), ("b", "v"), ("c", "w")]),
    )];
    assert_eq!(data, Data::Ini(expected));
}

#[test]
fn secret_fragments_skip_unencrypted_and_short_values() {
    let fragments = secret_fragments(
        Format::Yaml,
        b"a: long-secret-1\nb: short\nc_unencrypted: long-clear-1\n",
    );
    assert_eq!(fragments, vec![b"long-secret-1".to_vec()]);
}

#[test]
fn tamper_edits_change_the_intended_part_of_each_vector() {
    let Some(root) = vectors_dir() else { return };
    for subject in [
        "yaml/basic.enc.yaml",
        "json/basic.enc.json",
        "dotenv/basic.enc.env",
        "ini/basic.enc.ini",
    ] {
        let text = std::fs::read_to_string(root.join(subject)).unwrap();
        let changed_line = |edit: fn(&str) -> String| {
            let edited = edit(&text);
            let diff: Vec<_> = text
                .lines()
                .zip(edited.lines())
                .filter(|(a, b)| a != b)
                .collect();
            assert_eq!(diff.len(), 1, "{subject}: one line should change");
            diff[0].1.to_string()
        };
        assert!(
            !changed_line(flip_value_data).contains("type:comment"),
            "{subject}"
        );
        assert!(changed_line(flip_mac).contains("mac"), "{subject}");
        assert!(
            changed_line(change_lastmodified).contains("lastmodified"),
            "{subject}"
        );
        assert!(
            changed_line(change_unencrypted_value).contains("_unencrypted"),
            "{subject}"
        );
    }
}

#[test]
fn corpus_keeps_its_crlf_and_binary_bytes() {
    let dir = common::corpus::corpus_dir();
    let crlf = std::fs::read(dir.join("crlf.yaml")).unwrap();
    assert!(
        crlf.windows(2).all(|w| w[1] != b'\n' || w[0] == b'\r'),
        "crlf.yaml lost its CRLFs"
    );
    assert!(
        std::fs::read(dir.join("blob.bin")).unwrap().contains(&0),
        "blob.bin has no NUL"
    );
}

#[test]
fn corpus_covers_every_format() {
    let formats: Vec<Format> = corpus_files().iter().map(Format::of).collect();
    for format in [
        Format::Yaml,
        Format::Json,
        Format::Dotenv,
        Format::Ini,
        Format::Binary,
    ] {
        assert!(
            formats.contains(&format),
            "no {format:?} file in the corpus"
        );
    }
}

#[test]
fn shape_and_metadata_views_of_a_vector() {
    use common::shape::{encrypted_shape, metadata_settings};
    let Some(root) = vectors_dir() else { return };
    let encrypted = std::fs::read(root.join("yaml/basic.enc.yaml")).unwrap();
    let shape = encrypted_shape(Format::Yaml, &encrypted);
    assert_eq!(shape[0]["app"]["name"], "ENC");
    assert_eq!(shape[0]["password_unencrypted"], "clear");
    assert_eq!(
        shape[0]["list"].as_array().unwrap().len(),
        5,
        "the list comment is dropped"
    );
    let settings = metadata_settings(Format::Yaml, &encrypted);
    assert_eq!(settings["unencrypted_suffix"], "_unencrypted");
    assert_eq!(settings["age"][0]["recipient"], K1.recipient());
    assert!(settings.get("mac").is_none() && settings["age"][0].get("enc").is_none());
}
