//! The fast tokenizer must agree with saphyr, token for token, on everything it accepts.

use super::tokenize;
use crate::store::testing::test_data;
use crate::store::yaml::events::saphyr_tokens;
use crate::store::yaml::lexical::Source;

/// Panics if the fast tokenizer accepts `text` and disagrees with saphyr; tells whether
/// it accepted.
fn agrees(text: &str) -> bool {
    let Some(fast) = tokenize(text) else {
        return false;
    };
    let source = Source::new(text);
    let slow = saphyr_tokens(&source)
        .unwrap_or_else(|e| panic!("fast accepted what saphyr refuses ({e}):\n{text:?}"));
    let show = |tokens: &[crate::store::yaml::events::Token]| {
        tokens
            .iter()
            .map(|t| format!("{:?} {:?} {:?}", t.event, t.raw, t.exact))
            .collect::<Vec<_>>()
    };
    let (fast, slow) = (show(&fast), show(&slow));
    if let Some(i) = (0..fast.len().max(slow.len())).find(|&i| fast.get(i) != slow.get(i)) {
        panic!(
            "token {i} differs: fast {:?}, saphyr {:?}, on {text:?}",
            fast.get(i),
            slow.get(i)
        );
    }
    true
}

const ACCEPTED: &[&str] = &[
    "a: 1\n",
    "# top\na: 1\nb:\n  c: x y   # cm\n  d: \"q\"\n  # trailing\ne: |\n  lit\n\nf:\n- 1\n- k: v\n  z: w\n\n",
    "a:\n  - x\n  - y\nb: 1\n",
    "a:\n  - k: v\n    j: w\n  - k: z\n",
    "a:\nb: \nc: # c\nd: 1\ne:",
    "'a b': 1\n\"c\": 2\n'it''s': 'x''y'\n",
    "a: |\n  x\n   y\n\n  z\n\nb: |-\n  q\nc: |+\n  r\n\n",
    "a:\n  -\n  - x\n# end\n",
    "x:\n-\n- 2\n",
    "x:\n- k: 1\n",
    "x:\n  -\n    k: v\n  - # c\n    j: 1\n",
    "x: # c\n  # d\n  k: v\n",
    "a: 1\r\nb:\r\n  c: x  \r\n  d: |\r\n    l1\r\n\r\n    l2\r\n",
    "a: |\n  x\nb: 1",
    "a: |\n  x",
    "a: |-\n  x",
    "k: \"ab\"\nü: ö\nkey with spaces : v\na:b: c\n-1: -2\nurl: http://x/y?q=1#f\n",
    "a: |\n    x\n  # c\nb: 1\n",
    "a: |\n  x\n\n# c\n\nb: 1\n",
    "sops:\n    age:\n        - recipient: age1x\n          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n            YWdl\n            -----END AGE ENCRYPTED FILE-----\n    lastmodified: \"2026-11-23T16:10:00Z\"\n    mac: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]\n    version: 3.11.0\n",
];

const REFUSED: &[&str] = &[
    "- a\n",
    "---\na: 1\n",
    "a: &x 1\nb: *x\n",
    "a: [1, 2]\n",
    "a: \"x\\ny\"\n",
    "a: >\n  folded\n",
    "a:\tb\n",
    "a: 'open\n  close'\n",
    "a: b\n  continued\n",
    "\u{feff}a: 1\n",
    "a: b: c\n",
    "  a: 1\n",
];

#[test]
fn accepts_the_usual_layouts_and_agrees_with_saphyr() {
    for text in ACCEPTED {
        assert!(agrees(text), "refused {text:?}");
        values_agree(text);
    }
}

#[test]
fn leaves_the_rest_to_saphyr() {
    for text in REFUSED {
        assert!(!agrees(text), "accepted {text:?}");
    }
}

#[test]
fn agrees_on_the_corpus_and_the_vectors() {
    let dirs = [test_data("corpus"), test_data("vectors/sops-3.11/yaml")];
    for dir in &dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if let Ok(text) = std::fs::read_to_string(&path)
                && path.to_string_lossy().contains(".y")
            {
                agrees(&text);
                values_agree(&text);
            }
        }
    }
}

/// The values read from the tokens are those a walk of the parsed tree visits.
fn values_agree(text: &str) {
    use crate::sops::rules::Selector;
    use crate::sops::walk::{Place, Visitor, walk};
    use crate::store::Store;
    use crate::tree::Leaf;

    struct Values(Vec<String>);
    impl Visitor for Values {
        type Error = std::convert::Infallible;
        fn comment_text(&mut self, _: &Leaf, _: &Place) -> Result<String, Self::Error> {
            Ok(String::new())
        }
        fn comment(&mut self, _: &Leaf, _: &Place, _: String, _: bool) -> Result<(), Self::Error> {
            Ok(())
        }
        fn value(&mut self, leaf: &Leaf, place: &Place, _: bool) -> Result<(), Self::Error> {
            self.0.push(format!("{} = {:?}", place.aad, leaf.value));
            Ok(())
        }
        fn uses_stable_ids(&self) -> bool {
            false
        }
    }
    let mut from_tokens = Vec::new();
    let read = crate::store::yaml::values::for_each_value(text, &mut |path, value| {
        let value = match value {
            crate::tree::ValueRef::Str(text) => crate::tree::Scalar::Str(text.to_string()),
            crate::tree::ValueRef::Other(value) => value,
        };
        from_tokens.push(format!("{}: = {value:?}", path.join(":")));
    });
    let Ok(parsed) = crate::store::YamlStore.parse(text.as_bytes()) else {
        return;
    };
    let mut walked = Values(Vec::new());
    walk(&parsed.docs, &Selector::default(), &mut walked).unwrap();
    if read.is_some() {
        assert_eq!(from_tokens, walked.0, "on {text:?}");
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "a", "key", "k y", "'q k'", "\"dq\"", "a:b", "-1", "ü", "a ", "x#y", "on", "1", "'it''s'",
];
const VALUES: &[&str] = &[
    "1",
    "x y",
    "\"s\"",
    "'t'",
    "''",
    "\"\"",
    "-x",
    "http://a:1/b",
    "~",
    "null",
    "ENC[AES256_GCM,data:a=,iv:b=,tag:c=,type:str]",
    "a #c",
    "v   ",
    "x: y",
    "a:",
    "'a''b' # c",
    "# only",
    "0x1F",
    "1.5e3",
    "-",
    "- x",
    "[1]",
    "&a x",
    "'open",
    "|",
    "|-",
    "|+",
    "| # c",
    ">",
    "|2",
    "a\tb",
];

/// A random document: mostly valid block YAML with random layout, plus noise.
fn random_document(random: &mut Random) -> String {
    let break_ = if random.below(4) == 0 { "\r\n" } else { "\n" };
    let mut lines = Vec::new();
    let mut indent = 0usize;
    for _ in 0..random.below(12) + 1 {
        indent = match random.below(4) {
            0 => indent + 2,
            1 => indent.saturating_sub(2),
            2 => random.below(3) * 2,
            _ => indent,
        };
        let pad = " ".repeat(indent + usize::from(random.below(12) == 0));
        let line = match random.below(10) {
            0 => format!("{pad}# comment"),
            1 => String::new(),
            2 => format!("{pad}- {}", random.pick(VALUES)),
            3 => format!("{pad}- {}: {}", random.pick(KEYS), random.pick(VALUES)),
            4 => format!("{pad}-"),
            5 => format!("{pad}{}:", random.pick(KEYS)),
            6 => format!("{pad}  content line"),
            7 => " ".repeat(random.below(6)),
            _ => format!("{pad}{}: {}", random.pick(KEYS), random.pick(VALUES)),
        };
        lines.push(line);
    }
    let mut text = lines.join(break_);
    if random.below(3) != 0 {
        text.push_str(break_);
    }
    text
}

#[test]
fn agrees_with_saphyr_on_random_documents() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..200_000 {
        let text = random_document(&mut random);
        if agrees(&text) {
            accepted += 1;
            values_agree(&text);
        }
    }
    assert!(accepted > 5_000, "only {accepted} documents were accepted");
}

#[test]
fn agrees_on_unusual_characters() {
    for text in [
        "a: x\u{2028}y\n",
        "a: x\u{2029}y\nb: 1\n",
        "k\u{a0}ey: v\u{a0}\n",
        "a: x \u{3000}# c\n",
        "a: \"\u{85}\"\n",
        "a: '\u{feff}'\n",
        "a: x\u{7f}\n",
    ] {
        agrees(text);
        values_agree(text);
    }
}
