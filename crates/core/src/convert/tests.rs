//! Conversions compared with what sops 3.11 printed for the same data (`sops decrypt
//! --output-type …` of files it encrypted).

use super::*;

fn converted(text: &str, from: Format, to: Format) -> String {
    String::from_utf8(convert(text.as_bytes(), from, to).unwrap().into_owned()).unwrap()
}

fn styled(text: &str, from: Format, to: Format, style: Style) -> String {
    String::from_utf8(
        convert_styled(text.as_bytes(), from, to, &style)
            .unwrap()
            .into_owned(),
    )
    .unwrap()
}

#[test]
fn yaml_becomes_tab_indented_json_in_file_order() {
    let json = converted("# c\nb: 1\na: [x, {y: true}]\n", Format::Yaml, Format::Json);
    assert_eq!(
        json,
        "{\n\t\"b\": 1,\n\t\"a\": [\n\t\t\"x\",\n\t\t{\n\t\t\t\"y\": true\n\t\t}\n\t]\n}\n"
    );
}

#[test]
fn json_strings_and_floats_are_spelled_as_go_spells_them() {
    let json = converted(
        "html: <a&b>\nml: |-\n  baz\n  bam\nsmall: 0.0000001\nbig: 1e21\nhalf: 1.5\nempty: {}\nnone: []\n",
        Format::Yaml,
        Format::Json,
    );
    assert_eq!(
        json,
        "{\n\t\"html\": \"\\u003ca\\u0026b\\u003e\",\n\t\"ml\": \"baz\\nbam\",\n\t\"small\": 1e-7,\n\t\
         \"big\": 1e+21,\n\t\"half\": 1.5,\n\t\"empty\": {},\n\t\"none\": []\n}\n"
    );
}

#[test]
fn json_becomes_yaml_as_go_yaml_writes_it() {
    let yaml = converted(
        r#"{"s": "x", "n": 2, "f": 1.5, "big": 1e21, "t": true, "nul": null, "e": "", "yes": "yes",
            "num": "123", "ml": "a\nb", "mlt": "a\nb\n", "html": "<a&b>",
            "list": [1, "two", {"k": "v", "k2": [1,2]}, [3,4]],
            "m": {"a": {"b": "c"}, "empty": {}, "el": []},
            "colon": "a: b", "hash": "a #b", "lead": " x", "dash": "- x", "star": "*x",
            "quote": "it's", "tab": "a\tb", "date": "2024-01-01", "tilde": "~",
            "keyed": {"a b": 1, "1": 2, "true": 3, "": 4}}"#,
        Format::Json,
        Format::Yaml,
    );
    assert_eq!(
        yaml,
        "s: x\n\"n\": 2\nf: 1.5\nbig: 1e+21\nt: true\nnul: null\ne: \"\"\n\"yes\": \"yes\"\n\
         num: \"123\"\nml: |-\n    a\n    b\nmlt: |\n    a\n    b\nhtml: <a&b>\n\
         list:\n    - 1\n    - two\n    - k: v\n      k2:\n        - 1\n        - 2\n    - - 3\n      - 4\n\
         m:\n    a:\n        b: c\n    empty: {}\n    el: []\n\
         colon: 'a: b'\nhash: 'a #b'\nlead: ' x'\ndash: '- x'\nstar: '*x'\nquote: it's\n\
         tab: \"a\\tb\"\ndate: \"2024-01-01\"\ntilde: \"~\"\n\
         keyed:\n    a b: 1\n    \"1\": 2\n    \"true\": 3\n    \"\": 4\n"
    );
}

#[test]
fn yaml_block_scalars_and_floats_follow_go_yaml() {
    let yaml = converted(
        r#"{"lead": "\nx", "lead2": " a\nb", "tr": "a\n\n", "sb": "a \nb", "b60": "1:20",
            "f": 100000.0, "f2": 1000000.0, "f4": 0.00001, "trsp": "a ", "qq": "'x'"}"#,
        Format::Json,
        Format::Yaml,
    );
    assert_eq!(
        yaml,
        "lead: |4-\n\n    x\nlead2: |4-\n     a\n    b\ntr: |+\n    a\n\nsb: \"a \\nb\"\n\
         b60: \"1:20\"\nf: 100000\nf2: 1e+06\nf4: 1e-05\ntrsp: 'a '\nqq: '''x'''\n"
    );
}

#[test]
fn indent_applies_to_yaml_and_json() {
    let style = Style {
        yaml_indent: 2,
        json_indent: Some(2),
    };
    assert_eq!(
        styled(
            r#"{"a": {"b": [1, {"c": 2}]}}"#,
            Format::Json,
            Format::Yaml,
            style
        ),
        "a:\n  b:\n    - 1\n    - c: 2\n"
    );
    assert_eq!(
        styled("a:\n  b: 1\n", Format::Yaml, Format::Json, style),
        "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n"
    );
}

#[test]
fn ini_aligns_keys_and_quotes_as_go_ini() {
    let ini = converted(
        "the_section:\n  int: 123\n  float: 1.23\n  bool: true\n  date: 2025-01-02\n  \
         timestamp: 2025-01-02 03:04:05\n  string: this is a string\n  hash: \"a # b\"\n  \
         ml: \"l1\\nl2\"\n  lead: \" x\"\n  e: \"\"\n  nul: null\n  f: 2.0\n  big: 1e21\ns2:\n  b: true\n",
        Format::Yaml,
        Format::Ini,
    );
    assert_eq!(
        ini,
        "[the_section]\nint       = 123\nfloat     = 1.23\nbool      = true\n\
         date      = 2025-01-02T00:00:00Z\ntimestamp = 2025-01-02T03:04:05Z\n\
         string    = this is a string\nhash      = `a # b`\nml        = \"\"\"l1\nl2\"\"\"\n\
         lead      = \" x\"\ne         = \nnul       = <nil>\nf         = 2.0\nbig       = 1E+21\n\
         \n[s2]\nb = true\n"
    );
}

#[test]
fn dotenv_takes_top_level_scalars_only() {
    assert_eq!(
        converted(
            "A: 1\nB: x y\nC: \"l1\\nl2\"\nD: 2.5\nF: null\n",
            Format::Yaml,
            Format::Dotenv
        ),
        "A=1\nB=x y\nC=l1\\nl2\nD=2.5\nF=<nil>\n"
    );
    let error = convert(b"a:\n  b: 1\n", Format::Yaml, Format::Dotenv).unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Emit);
}

#[test]
fn single_values_for_extract() {
    let parsed = Format::Yaml
        .store()
        .parse(b"l:\n  - 1\n  - x\nn: 5\n")
        .unwrap();
    let node = |key: &str| {
        crate::path::find(&parsed.docs[0], &[crate::path::Step::Key(key.to_string())])
            .unwrap()
            .clone()
    };
    let style = Style::default();
    let yaml = |k: &str| String::from_utf8(emit_value(&node(k), Format::Yaml, &style).unwrap());
    let json = |k: &str| String::from_utf8(emit_value(&node(k), Format::Json, &style).unwrap());
    assert_eq!(yaml("l").unwrap(), "- 1\n- x\n");
    assert_eq!(yaml("n").unwrap(), "5\n");
    assert_eq!(json("l").unwrap(), "[\n\t1,\n\t\"x\"\n]");
    assert_eq!(json("n").unwrap(), "5");
}
