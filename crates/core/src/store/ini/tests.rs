//! Unit tests of the INI store.
use super::*;
use crate::store::testing::*;

fn parse(text: &str) -> Parsed {
    IniStore.parse(text.as_bytes()).unwrap()
}

fn error(text: &str) -> StoreError {
    IniStore.parse(text.as_bytes()).unwrap_err()
}

fn placed_values(parsed: &Parsed) -> Vec<(String, bool, String)> {
    placed(parsed)
        .iter()
        .map(|p| match &p.leaf.value {
            Scalar::Str(s) => (p.aad.clone(), p.comment, s.clone()),
            other => panic!("not a string: {other:?}"),
        })
        .collect()
}

#[test]
fn vectors_parse_as_sops_does() {
    let parsed = IniStore.parse(&vector("ini/basic.ini")).unwrap();
    assert_matches_manifest(&parsed, "ini/basic.enc.ini");
    let parsed = IniStore.parse(&vector("shamir/2of3.ini")).unwrap();
    assert_matches_manifest(&parsed, "shamir/2of3.enc.ini");
}

#[test]
fn reads_the_metadata_of_encrypted_vectors_and_removes_it() {
    let src = vector("ini/basic.enc.ini");
    let parsed = IniStore.parse(&src).unwrap();
    assert_eq!(parsed.leaf_count, 9);
    let metadata = parsed.metadata.clone().unwrap();
    assert_eq!(metadata["version"], "3.11.0");
    assert_eq!(
        metadata["age"][0]["recipient"],
        "age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67"
    );
    assert!(
        metadata["age"][0]["enc"]
            .as_str()
            .unwrap()
            .ends_with("-----END AGE ENCRYPTED FILE-----\n")
    );
    let out =
        String::from_utf8(IniStore.emit(&src, &parsed, &Changes::default()).unwrap()).unwrap();
    assert!(
        out.ends_with("type:str]\n") && !out.contains("[sops]"),
        "{out}"
    );
    let shamir = IniStore
        .parse(&vector("shamir/2of3.enc.ini"))
        .unwrap()
        .metadata
        .unwrap();
    assert_eq!(shamir["shamir_threshold"], "2");
    assert!(shamir["key_groups"][1]["age"][0]["enc"].is_string());
}

#[test]
fn round_trips_keep_every_byte() {
    let samples: [&[u8]; 8] = [
        &vector("ini/basic.ini"),
        &vector("shamir/2of3.ini"),
        b"; top\r\n[a b]\r\nk = v\r\n# c\r\nk2: \"quoted  \" \r\n",
        b"top = level\n[s]\nx=1",
        b"",
        b"[s]\nmulti = \"\"\"line one\nline two\"\"\" ; after\ntick = `a;b`\nurl = http://h/#frag\nempty =\n",
        b"\xef\xbb\xbf[s]\nk = v\n",
        b"; header comment\n[s]\n; a\n\n  ; b\nk = 'single'\n[s]\nk = again\n",
    ];
    for src in samples {
        assert_source_round_trip(&IniStore, src);
        assert_encrypt_round_trip(&IniStore, src);
    }
}

#[test]
fn metadata_is_a_final_section_after_a_blank_line() {
    let text =
        String::from_utf8(assert_encrypt_round_trip(&IniStore, b"[s]\r\nk = v\r\n")).unwrap();
    let expected = format!(
        "[s]\r\nk = {ENVELOPE}\r\n\r\n[sops]\r\nage__list_0__map_enc = -----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n\r\nage__list_0__map_recipient = age1xyz\r\nlastmodified = 2026-11-21T20:27:04Z\r\nmac = ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\r\nunencrypted_suffix = _unencrypted\r\nversion = 3.11.0\r\n"
    );
    assert_eq!(text, expected);
    let text = String::from_utf8(assert_encrypt_round_trip(&IniStore, b"k = v")).unwrap();
    assert!(
        text.starts_with(&format!("k = {ENVELOPE}\n\n[sops]\n"))
            && text.ends_with("version = 3.11.0"),
        "{text}"
    );
}

#[test]
fn encrypted_comments_keep_their_marker() {
    let src = b"# note\n[s]\nk = v ; inline\n";
    let parsed = IniStore.parse(src).unwrap();
    let envelope = Some(Replacement::Encrypted(ENVELOPE.into()));
    let changes = Changes {
        leaves: vec![envelope.clone(), None, envelope],
        ..Changes::default()
    };
    let out = String::from_utf8(IniStore.emit(src, &parsed, &changes).unwrap()).unwrap();
    assert_eq!(out, format!("# {ENVELOPE}\n[s]\nk = v ; {ENVELOPE}\n"));
    let reparsed = IniStore.parse(out.as_bytes()).unwrap();
    let plain = |text: &str| Some(Replacement::Plain(Scalar::Str(text.into())));
    let changes = Changes {
        leaves: vec![plain("note"), None, plain("see #3; ok")],
        ..Changes::default()
    };
    let out = IniStore.emit(out.as_bytes(), &reparsed, &changes).unwrap();
    assert_eq!(out, b"# note\n[s]\nk = v ; see #3; ok\n");
}

#[test]
fn reads_as_go_ini_does() {
    let parsed = parse(
        "k0 = top\n; section note\n[ spaced name ]\nb = x#y\n# one\n\n  ;; two\nq = \"x y\"\nsq = 'z'\nm: \"\"\"a\r\nb\"\"\" ; c\nt = `#raw `\n",
    );
    let s = " spaced name :";
    assert_eq!(
        placed_values(&parsed),
        vec![
            ("DEFAULT:k0:".into(), false, "top".into()),
            (s.into(), true, "section note".into()),
            (format!("{s}b:"), false, "x".into()),
            (s.into(), true, "y".into()),
            (format!("{s}q:"), false, "x y".into()),
            (s.into(), true, "one\n;; two".into()),
            (format!("{s}sq:"), false, "z".into()),
            (format!("{s}m:"), false, "a\r\nb".into()),
            (s.into(), true, "c".into()),
            (format!("{s}t:"), false, "#raw ".into()),
        ]
    );
}

#[test]
fn comment_lines_join_into_one_comment_after_their_key() {
    let parsed = parse("[s]\n; one\n\n  # two\nk = v\n");
    assert_eq!(
        placed_values(&parsed),
        vec![
            ("s:k:".into(), false, "v".into()),
            ("s:".into(), true, "one\n# two".into())
        ]
    );
    let comment = &edit::leaves(&parsed)[1];
    assert_eq!(comment.span, 6..18);
}

#[test]
fn plain_text_quotes_only_when_needed() {
    let leaf = new_leaf(0, false);
    let text = |v: &str| IniStore.plain_text(&leaf, &Scalar::Str(v.into())).unwrap();
    assert_eq!(text("plain value"), "plain value");
    assert_eq!(text(" lead"), "\" lead\"");
    assert_eq!(text("a#b"), "`a#b`");
    assert_eq!(text("a;b "), "`a;b `");
    assert_eq!(text("a\nb"), "\"\"\"a\nb\"\"\"");
    assert_eq!(text("\"q\""), "`\"q\"`");
    assert_eq!(text("'q'"), "\"'q'\"");
    assert_eq!(text("ends\\"), "`ends\\`");
    assert_eq!(text(""), "");
    assert_eq!(
        IniStore.plain_text(&leaf, &Scalar::Float(1.5)).unwrap(),
        "1.500000"
    );
    assert_eq!(
        IniStore.plain_text(&leaf, &Scalar::Null).unwrap_err().kind,
        StoreErrorKind::Emit
    );
    assert_eq!(IniStore.plain_comment(&leaf, "a # b").unwrap(), "a # b");
    for value in [
        "plain value",
        " lead",
        "a#b",
        "a;b ",
        "a\nb",
        "\"q\"",
        "'q'",
        "ends\\",
        "x`y",
    ] {
        let src = format!("[s]\nk = {}\n", text(value));
        assert_eq!(placed_values(&parse(&src))[0].2, value, "{src}");
    }
}

#[test]
fn bad_input_is_an_error_with_its_place() {
    let e = error("[s]\n[unclosed\n");
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 2, 1));
    let e = error("[s]\ngarbage line\n");
    assert_eq!((e.kind, e.line), (StoreErrorKind::Syntax, 2));
    assert_eq!(error("= v\n").kind, StoreErrorKind::Syntax);
    assert_eq!(error("[]\n").kind, StoreErrorKind::Syntax);
    assert_eq!(
        error("k = \"\"\"open\nnever closed\n").kind,
        StoreErrorKind::Syntax
    );
    let e = error("[s]\nk = 1\nk = 2\n");
    assert_eq!((e.kind, e.line), (StoreErrorKind::NotExact, 3));
    assert_eq!(
        error("; above\nk = v ; inline\n").kind,
        StoreErrorKind::NotExact
    );
    let e = error("[s] ; inline\n");
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::NotExact, 1, 5));
    assert_eq!(error("k = a \\\n  b\n").kind, StoreErrorKind::NotExact);
    assert_eq!(error("\"k\" = v\n").kind, StoreErrorKind::NotExact);
    assert_eq!(
        error("[sops]\na = 1\n[sops]\nb = 2\n").kind,
        StoreErrorKind::NotExact
    );
    // Found by cargo fuzz: text after a closing backtick stayed in clear when encrypted.
    let e = error("[s]\nk = `v` # note\nj = w\n");
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::NotExact, 2, 8));
    // Found by cargo fuzz: a comment no key follows stayed in clear when encrypted.
    let e = error("[s]\nk = v\n; trailing\n");
    assert_eq!((e.kind, e.line), (StoreErrorKind::NotExact, 3));
    assert_eq!(error("; only a comment").kind, StoreErrorKind::NotExact);
    let e = IniStore.parse(b"[s]\nk = \xff\n").unwrap_err();
    assert_eq!((e.kind, e.line, e.column), (StoreErrorKind::Syntax, 2, 5));
}

mod set_tests {
    use serde_json::json;

    use super::IniStore;
    use crate::store::testing::assert_edit;

    const SRC: &str = "[db]\nuser=app\npass=x\n\n[web]\nport = 80\n";

    #[test]
    fn sets_inserts_and_removes_lines() {
        assert_edit(
            &IniStore,
            SRC,
            "db.pass",
            Some(json!("y z")),
            &SRC.replace("pass=x", "pass=y z"),
        );
        assert_edit(
            &IniStore,
            SRC,
            "db.host",
            Some(json!("h")),
            &SRC.replace("pass=x\n", "pass=x\nhost=h\n"),
        );
        assert_edit(
            &IniStore,
            SRC,
            "web.tls",
            Some(json!(true)),
            &format!("{SRC}tls = true\n"),
        );
        assert_edit(
            &IniStore,
            SRC,
            "new.k",
            Some(json!("v")),
            &format!("{SRC}\n[new]\nk = v\n"),
        );
        assert_edit(
            &IniStore,
            SRC,
            "db.user",
            None,
            &SRC.replace("user=app\n", ""),
        );
        assert_edit(&IniStore, SRC, "web", None, "[db]\nuser=app\npass=x\n\n");
    }
}

/// Metadata keys nest by name (`a__map_b`): deep ones are a clean error, and many list
/// slots are not allocated.
#[test]
fn metadata_keys_are_bounded() {
    let deep = format!("[sops]\na{} = x\n", "__map_a".repeat(1_000_000));
    assert_eq!(error(&deep).kind, StoreErrorKind::TooDeep);
    let wide: String = (0..100)
        .map(|i| format!("k{i}__list_60000 = x\n"))
        .collect();
    let e = error(&format!("[sops]\n{wide}"));
    assert_eq!((e.kind, e.line), (StoreErrorKind::Syntax, 1), "{e}");
}

/// A file of one line ending in a lone CR (found by the fuzz test): the metadata added
/// after it is removed again with exactly the line break it was written with.
#[test]
fn a_final_lone_carriage_return_round_trips() {
    for text in ["\r", "a = 1\r", "[s]\r"] {
        assert_sealed_round_trip(crate::store::Format::Ini, text.as_bytes());
    }
}

/// Repeated keys were looked for by comparing every key with every other: four times the
/// keys in a section must cost about four times the time, not sixteen.
#[test]
fn many_keys_in_a_section_parse_in_linear_time() {
    let section = |n: usize| {
        let keys: String = (0..n).map(|i| format!("key{i} = value{i}\n")).collect();
        format!("[s]\n{keys}")
    };
    let (small, large) = (section(5_000), section(20_000));
    let ratio = time_ratio(
        || IniStore.parse(large.as_bytes()).unwrap(),
        || IniStore.parse(small.as_bytes()).unwrap(),
    );
    assert!(
        ratio < 8.0,
        "four times the keys took {ratio:.1} times as long"
    );
}
