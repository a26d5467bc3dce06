//! Unit tests of the JSON store.
use super::*;
use crate::store::Format;
use crate::store::path_edit::new_leaf;
use crate::store::testing::*;

fn parse(text: &str) -> Parsed {
    JsonStore.parse(text.as_bytes()).unwrap()
}

fn error(text: &str) -> StoreError {
    JsonStore.parse(text.as_bytes()).unwrap_err()
}

fn values(parsed: &Parsed) -> Vec<Scalar> {
    edit::leaves(parsed)
        .iter()
        .map(|l| l.value.clone())
        .collect()
}

#[test]
fn vectors_parse_as_sops_does() {
    for name in ["basic", "encrypted_regex"] {
        let parsed = JsonStore
            .parse(&vector(&format!("json/{name}.json")))
            .unwrap();
        assert_matches_manifest(&parsed, &format!("json/{name}.enc.json"));
    }
    let parsed = JsonStore.parse(&vector("shamir/2of3.json")).unwrap();
    assert_matches_manifest(&parsed, "shamir/2of3.enc.json");
}

#[test]
fn finds_the_metadata_of_encrypted_vectors() {
    let parsed = JsonStore
        .parse(&vector("json/encrypted_regex.enc.json"))
        .unwrap();
    let metadata = parsed.metadata.unwrap();
    assert_eq!(metadata["encrypted_regex"], "^data$");
    assert_eq!(metadata["version"], "3.11.0");
    assert_eq!(
        metadata["age"][0]["recipient"],
        "age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67"
    );
    let parsed = JsonStore.parse(&vector("shamir/2of3.enc.json")).unwrap();
    assert_eq!(parsed.metadata.unwrap()["shamir_threshold"], 2);
}

#[test]
fn round_trips_keep_every_byte() {
    let samples = [
        vector("json/basic.json"),
        vector("json/encrypted_regex.json"),
        b"{\r\n    \"a\": 1.0e3,\r\n    \"b\": [-0, \"\\u00e9\\/\"]\r\n}".to_vec(),
        b"{}".to_vec(),
        b"  {\"only\": \"x\"}\n".to_vec(),
        b"{\"a\": \"\", \"n\": null, \"big\": 123456789012345678901234567890}\n".to_vec(),
    ];
    for src in samples {
        assert_source_round_trip(&JsonStore, &src);
        assert_encrypt_round_trip(&JsonStore, &src);
    }
}

#[test]
fn writes_metadata_as_sops_lays_it_out() {
    let encrypted = assert_encrypt_round_trip(&JsonStore, &vector("json/encrypted_regex.json"));
    let text = String::from_utf8(encrypted).unwrap();
    assert!(
        text.starts_with(&format!("{{\"metadata\": {{\"name\": \"{ENVELOPE}\"")),
        "{text}"
    );
    assert!(text.ends_with("\"n\": \"ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\"},\n\t\"sops\": {\n\t\t\"age\": [\n\t\t\t{\n\t\t\t\t\"recipient\": \"age1xyz\",\n\t\t\t\t\"enc\": \"-----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n\"\n\t\t\t}\n\t\t],\n\t\t\"lastmodified\": \"2026-11-21T20:27:04Z\",\n\t\t\"mac\": \"ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\",\n\t\t\"unencrypted_suffix\": \"_unencrypted\",\n\t\t\"version\": \"3.11.0\"\n\t}}\n"), "{text}");
    let text = String::from_utf8(assert_encrypt_round_trip(
        &JsonStore,
        &vector("json/basic.json"),
    ))
    .unwrap();
    assert!(text.contains("\"password_unencrypted\": \"ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\",\n  \"sops\": {\n    \"age\": [\n      {\n"), "{text}");
}

#[test]
fn rewriting_the_metadata_of_a_sops_file_changes_nothing() {
    for name in [
        "json/basic.enc.json",
        "json/encrypted_regex.enc.json",
        "shamir/2of3.enc.json",
    ] {
        let src = vector(name);
        let parsed = JsonStore.parse(&src).unwrap();
        let changes = Changes {
            metadata: parsed.metadata.clone(),
            ..Changes::default()
        };
        assert_eq!(
            String::from_utf8(JsonStore.emit(&src, &parsed, &changes).unwrap()).unwrap(),
            String::from_utf8(src).unwrap()
        );
    }
}

#[test]
fn replaces_existing_metadata_in_place() {
    let src = b"{\"sops\": {\"version\": \"1\"}, \"a\": 1}";
    let parsed = JsonStore.parse(src).unwrap();
    let changes = Changes {
        metadata: Some(serde_json::json!({"version": "2"})),
        ..Changes::default()
    };
    let out = JsonStore.emit(src, &parsed, &changes).unwrap();
    assert_eq!(out, b"{\"sops\": {\n\t\t\"version\": \"2\"\n\t}, \"a\": 1}");
    let removed = JsonStore.emit(src, &parsed, &Changes::default()).unwrap();
    assert_eq!(removed, b"{\"a\": 1}");
}

#[test]
fn numbers_are_floats_and_strings_are_decoded() {
    let parsed =
        parse(r#"{"a": [42, 1.0e3, -0, 12345678901234567890, "\u00e9\/\"", true, null, {}, []]}"#);
    assert_eq!(
        values(&parsed),
        vec![
            Scalar::Float(42.0),
            Scalar::Float(1000.0),
            Scalar::Float(-0.0),
            Scalar::Float(12345678901234567000.0),
            Scalar::Str("é/\"".into()),
            Scalar::Bool(true),
            Scalar::Null,
        ]
    );
    assert_eq!(parsed.leaf_count, 7);
}

#[test]
fn duplicate_keys_are_kept() {
    let parsed = parse("{\"a\": 1, \"a\": 2}\n");
    assert_eq!(parsed.docs[0].entries.len(), 2);
}

/// sops drops what follows the top-level object; kept, it would stay in the clear.
#[test]
fn text_after_the_top_level_object_is_a_syntax_error_at_its_place() {
    for (text, line, column) in [
        ("{\"a\": 1} garbage [", 1, 10),
        ("{\"a\": \"s1\"}\n{\"b\": \"s2\"}\n", 2, 1),
        ("{}\r\n\t x", 2, 3),
    ] {
        let e = error(text);
        assert_eq!(e.kind, StoreErrorKind::Syntax, "{text:?}");
        assert_eq!((e.line, e.column), (line, column), "{text:?}");
        assert!(e.message.contains("after the top-level object"), "{e}");
        assert!(!e.message.contains("s2"), "no value in the message: {e}");
    }
    assert_eq!(parse("{\"a\": 1} \r\n\t\n").leaf_count, 1);
}

#[test]
fn control_characters_in_strings_are_refused_as_go_does() {
    for text in [
        "{\"a\": \"x\u{0}y\"}",
        "{\"a\": \"x\ty\"}",
        "{\"a\u{1}\": 1}",
    ] {
        let e = error(text);
        assert_eq!(e.kind, StoreErrorKind::Syntax, "{text:?}");
        assert!(e.message.contains("control character"), "{e}");
    }
    assert_eq!(parse("{\"a\": \"x\\ty\\u0000\"}").leaf_count, 1);
}

#[test]
fn an_object_with_only_blanks_inside_round_trips() {
    for text in ["{\n}", "{}", "{\n}\n", "{ \r\n}", "{\"a\": {\n}}\n"] {
        assert_encrypt_round_trip(&JsonStore, text.as_bytes());
        assert_sealed_round_trip(Format::Json, text.as_bytes());
    }
}

#[test]
fn nesting_is_bounded_before_the_parser_recurses() {
    let nested = |depth: usize| {
        format!(
            "{}{}",
            "{\"a\": ".repeat(depth),
            "1}".to_string() + &"}".repeat(depth - 1)
        )
    };
    assert_eq!(parse(&nested(crate::limits::MAX_DEPTH)).leaf_count, 1);
    let e = error(&nested(crate::limits::MAX_DEPTH + 1));
    assert_eq!(e.kind, StoreErrorKind::TooDeep);
    let arrays = format!("{{\"a\": {}", "[".repeat(1_000_000));
    assert_eq!(error(&arrays).kind, StoreErrorKind::TooDeep);
}

/// The column of each value is found without scanning back to its line's start: a
/// one-line array costs about what the same items one per line cost.
#[test]
fn one_line_collections_parse_in_linear_time() {
    let items: Vec<String> = (0..20_000).map(|i| format!("\"value{i}\"")).collect();
    let one_line = format!("{{\"a\": [{}]}}", items.join(","));
    let per_line = format!("{{\"a\": [\n{}\n]}}", items.join(",\n"));
    let ratio = crate::store::testing::time_ratio(
        || JsonStore.parse(one_line.as_bytes()).unwrap(),
        || JsonStore.parse(per_line.as_bytes()).unwrap(),
    );
    assert!(ratio < 4.0, "one line took {ratio:.1} times as long");
}

#[test]
fn plain_text_follows_go_encoding_json() {
    let leaf = new_leaf(0, false);
    let text = |v: Scalar| JsonStore.plain_text(&leaf, &v);
    assert_eq!(
        text(Scalar::Str("<a&b>\n\"\\\u{2028}\u{1}é".into())).unwrap(),
        r#""\u003ca\u0026b\u003e\n\"\\\u2028\u0001é""#
    );
    assert_eq!(text(Scalar::Float(8080.0)).unwrap(), "8080");
    assert_eq!(text(Scalar::Float(0.75)).unwrap(), "0.75");
    assert_eq!(text(Scalar::Float(1.5e21)).unwrap(), "1.5e+21");
    assert_eq!(text(Scalar::Float(1e21)).unwrap(), "1e+21");
    assert_eq!(text(Scalar::Float(1e20)).unwrap(), "100000000000000000000");
    assert_eq!(text(Scalar::Float(1.5e-7)).unwrap(), "1.5e-7");
    assert_eq!(text(Scalar::Float(1e-10)).unwrap(), "1e-10");
    assert_eq!(text(Scalar::Float(0.000001)).unwrap(), "0.000001");
    assert_eq!(text(Scalar::Float(-0.0)).unwrap(), "-0");
    assert_eq!(text(Scalar::Int(-7)).unwrap(), "-7");
    assert_eq!(text(Scalar::Bool(false)).unwrap(), "false");
    assert_eq!(
        text(Scalar::Float(f64::NAN)).unwrap_err().kind,
        StoreErrorKind::Emit
    );
    assert_eq!(
        text(Scalar::Float(f64::INFINITY)).unwrap_err().kind,
        StoreErrorKind::Emit
    );
}

#[test]
fn bad_input_is_a_syntax_error_with_its_place() {
    let e = error("[1, 2]");
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 1, 1));
    let e = error("\n  \"str\"");
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 2, 3));
    let e = error("{\n  \"a\": 1,\n}");
    assert_eq!((e.kind, e.line), (StoreErrorKind::Syntax, 2));
    assert_eq!(error("{\"a\": ").kind, StoreErrorKind::Syntax);
    assert_eq!(error("").kind, StoreErrorKind::Syntax);
    assert_eq!(error("{\"a\": 1e999}").kind, StoreErrorKind::Syntax);
    assert_eq!(error("{'a': 1}").kind, StoreErrorKind::Syntax);
    assert_eq!(error("{\"a\": 1 // c\n}").kind, StoreErrorKind::Syntax);
    let e = JsonStore.parse(b"{\"a\": \"\xff\"}").unwrap_err();
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 1, 8));
    assert_eq!(
        error("{\"sops\": {}, \"sops\": {}}").kind,
        StoreErrorKind::NotExact
    );
}

mod set_tests {
    use serde_json::json;

    use super::JsonStore;
    use crate::store::testing::assert_edit;

    const SRC: &str = "{\n  \"a\": 1,\n  \"m\": {\n    \"x\": \"y\"\n  },\n  \"l\": [1, 2]\n}\n";

    fn check(path: &str, value: Option<serde_json::Value>, want: &str) {
        assert_edit(&JsonStore, SRC, path, value, want);
    }

    #[test]
    fn replaces_and_inserts_in_the_files_layout() {
        check(
            "a",
            Some(json!("s")),
            &SRC.replace("\"a\": 1", "\"a\": \"s\""),
        );
        check(
            "a",
            Some(json!({"k": 1})),
            &SRC.replace("\"a\": 1", "\"a\": {\n    \"k\": 1\n  }"),
        );
        check(
            "z",
            Some(json!(true)),
            &SRC.replace("[1, 2]\n", "[1, 2],\n  \"z\": true\n"),
        );
        check(
            "m.z",
            Some(json!(2)),
            &SRC.replace("\"y\"\n", "\"y\",\n    \"z\": 2\n"),
        );
        check(
            "m.p.q",
            Some(json!("v")),
            &SRC.replace(
                "\"y\"\n",
                "\"y\",\n    \"p\": {\n      \"q\": \"v\"\n    }\n",
            ),
        );
        check("l[2]", Some(json!(3)), &SRC.replace("[1, 2]", "[1, 2, 3]"));
    }

    #[test]
    fn removes_members_with_their_comma() {
        check("a", None, &SRC.replace("\"a\": 1,\n  ", ""));
        check("l", None, &SRC.replace(",\n  \"l\": [1, 2]", ""));
        check(
            "m",
            None,
            &SRC.replace("\"m\": {\n    \"x\": \"y\"\n  },\n  ", ""),
        );
        check("m.x", None, &SRC.replace("\n    \"x\": \"y\"\n  ", ""));
        check("l[1]", None, &SRC.replace("[1, 2]", "[1]"));
    }
}
