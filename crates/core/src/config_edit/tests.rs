use super::*;

const A: &str = "age1m68qart7yefshnglnkahr2f5ljhkfan95c3v5hzrfe3wy9qrcalq59qp67";
const B: &str = "age1a5dmy0ne7x3v6d5damqjys58mexx2tm4pm3kg9zsdyrepawm4yfqh4lr2l";
const C: &str = "age19vs09xpvaq53dgv8t0re33a9fa568djsmljc9ln9mp52eu797aqsygqu5r";

fn key(text: &str) -> KeyId {
    KeyId::parse(text).unwrap()
}

fn with_keys(template: &str) -> String {
    template
        .replace("{A}", A)
        .replace("{B}", B)
        .replace("{C}", C)
}

/// Adds `C` to every rule of `before` and expects `after`; removing it again gives back
/// `before` byte for byte.
fn round_trip(before: &str, after: &str) {
    let (before, after) = (with_keys(before), with_keys(after));
    let config = read_back(&before).unwrap();
    let rules = select_rules(&config, &[]).unwrap();
    let added = add_key(&before, &rules, &key(C), None).unwrap();
    assert_eq!(added.text, after);
    let removed = remove_key(&added.text, &rules, &key(C)).unwrap();
    assert_eq!(removed.text, before);
}

#[test]
fn a_key_joins_a_comma_separated_string_in_its_quotes() {
    round_trip(
        "# team keys\ncreation_rules:\n  # production\n  - path_regex: ^prod/\n    age: '{A},{B}'   # ops\n  - age: \"{A}, {B}\"\n",
        "# team keys\ncreation_rules:\n  # production\n  - path_regex: ^prod/\n    age: '{A},{B},{C}'   # ops\n  - age: \"{A}, {B}, {C}\"\n",
    );
    round_trip(
        "creation_rules:\n  - age: {A}\n",
        "creation_rules:\n  - age: {A},{C}\n",
    );
}

#[test]
fn a_key_joins_a_yaml_list_as_one_more_item() {
    round_trip(
        "creation_rules:\n  - path_regex: x\n    age:\n      - {A}   # alice\n      - {B}\n    # next\n  - age: [{A}, {B}]\n",
        "creation_rules:\n  - path_regex: x\n    age:\n      - {A}   # alice\n      - {B}\n      - {C}\n    # next\n  - age: [{A}, {B}, {C}]\n",
    );
}

#[test]
fn a_key_joins_a_block_scalar_on_a_line_of_its_own() {
    round_trip(
        "creation_rules:\n  - age: >-\n      {A},\n      {B}\n    pgp: ''\n",
        "creation_rules:\n  - age: >-\n      {A},\n      {B},\n      {C}\n    pgp: ''\n",
    );
}

#[test]
fn a_rule_without_age_keys_gets_an_age_line() {
    round_trip(
        "creation_rules:\n  - path_regex: x\n    kms: arn:aws:kms:us-east-1:111122223333:key/k\n",
        "creation_rules:\n  - path_regex: x\n    kms: arn:aws:kms:us-east-1:111122223333:key/k\n    age: {C}\n",
    );
}

#[test]
fn key_groups_take_the_key_in_the_group_named() {
    round_trip(
        "creation_rules:\n  - key_groups:\n      - age:\n          - {A}\n",
        "creation_rules:\n  - key_groups:\n      - age:\n          - {A}\n          - {C}\n",
    );
    let text = with_keys(
        "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{A}]\n      - age: [{B}]\n",
    );
    assert!(matches!(
        add_key(&text, &[0], &key(C), None),
        Err(ConfigEditError::WhichGroup { rule: 0, groups: 2 })
    ));
    let added = add_key(&text, &[0], &key(C), Some(1)).unwrap();
    assert_eq!(
        added.text,
        with_keys(
            "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{A}]\n      - age: [{B}, {C}]\n"
        )
    );
}

#[test]
fn removing_a_key_keeps_the_rest_of_the_string() {
    let text = with_keys("creation_rules:\n  - age: '{A}, {B}, {C}'\n");
    let remove = |k: &str| remove_key(&text, &[0], &key(k)).unwrap().text;
    assert_eq!(
        remove(A),
        with_keys("creation_rules:\n  - age: '{B}, {C}'\n")
    );
    assert_eq!(
        remove(B),
        with_keys("creation_rules:\n  - age: '{A}, {C}'\n")
    );
    assert_eq!(
        remove(C),
        with_keys("creation_rules:\n  - age: '{A}, {B}'\n")
    );
    let block = with_keys("creation_rules:\n  - age: >-\n      {A},\n      {B},\n      {C}\n");
    assert_eq!(
        remove_key(&block, &[0], &key(A)).unwrap().text,
        with_keys("creation_rules:\n  - age: >-\n      {B},\n      {C}\n")
    );
}

#[test]
fn the_last_key_of_a_rule_is_not_removed() {
    let text = with_keys(
        "creation_rules:\n  - age: [{A}]\n  - age: '{A}'\n    pgp: 0123456789ABCDEF0123456789ABCDEF01234567\n",
    );
    assert!(matches!(
        remove_key(&text, &[0, 1], &key(A)),
        Err(ConfigEditError::WouldLeaveNoKey { rule: 0, .. })
    ));
    assert_eq!(
        remove_key(&text, &[1], &key(A)).unwrap().text,
        "creation_rules:\n  - age: [".to_string()
            + A
            + "]\n  - pgp: 0123456789ABCDEF0123456789ABCDEF01234567\n"
    );
}

#[test]
fn only_the_rules_chosen_change() {
    let text = with_keys(
        "creation_rules:\n  - path_regex: ^prod/\n    age: {A}\n  - path_regex: ^dev/\n    age: {A}\n",
    );
    let config = read_back(&text).unwrap();
    assert_eq!(select_rules(&config, &["^dev/".into()]).unwrap(), [1]);
    assert_eq!(select_rules(&config, &["0".into()]).unwrap(), [0]);
    assert!(matches!(
        select_rules(&config, &["^qa/".into()]),
        Err(ConfigEditError::NoSuchRule(_))
    ));
    let added = add_key(&text, &[1], &key(B), None).unwrap();
    assert_eq!(added.rules, [1]);
    assert_eq!(
        added.text,
        with_keys(
            "creation_rules:\n  - path_regex: ^prod/\n    age: {A}\n  - path_regex: ^dev/\n    age: {A},{B}\n"
        )
    );
    // Already there: nothing to change.
    let again = add_key(&added.text, &[1], &key(B), None).unwrap();
    assert!(again.rules.is_empty());
    assert_eq!(again.text, added.text);
}

#[test]
fn names_live_in_the_secret_section() {
    let text = with_keys("creation_rules:\n  - age: {A}\nsecret:\n  default_environment: dev\n");
    let named = set_name(&text, &key(A), "alice").unwrap();
    assert_eq!(
        named,
        with_keys(
            "creation_rules:\n  - age: {A}\nsecret:\n  default_environment: dev\n  names:\n    {A}: alice\n"
        )
    );
    let config = read_back(&named).unwrap();
    assert_eq!(name_of(&config, &key(A)), Some("alice"));
    assert_eq!(key_named(&config, "alice"), Some(A));
    assert!(matches!(
        set_name(&named, &key(B), "alice"),
        Err(ConfigEditError::NameTaken { .. })
    ));
    let two = set_name(&named, &key(B), "bob").unwrap();
    assert_eq!(
        remove_name(&two, &key(A)).unwrap(),
        with_keys(
            "creation_rules:\n  - age: {A}\nsecret:\n  default_environment: dev\n  names:\n    {B}: bob\n"
        )
    );
    assert_eq!(remove_name(&named, &key(A)).unwrap(), text);
    // A file without the section gets one, and loses it whole.
    let bare = with_keys("creation_rules:\n  - age: {A}\n");
    let named = set_name(&bare, &key(A), "alice").unwrap();
    assert_eq!(
        named,
        with_keys("creation_rules:\n  - age: {A}\nsecret:\n  names:\n    {A}: alice\n")
    );
    assert_eq!(remove_name(&named, &key(A)).unwrap(), bare);
}

#[test]
fn keys_are_recognised_by_their_spelling() {
    assert_eq!(key(A).kind, KeyKind::Age);
    let pgp = key("0123 4567 89AB CDEF 0123  4567 89AB CDEF 0123 4567");
    assert_eq!(pgp.kind, KeyKind::Pgp);
    assert_eq!(pgp.text, "0123456789ABCDEF0123456789ABCDEF01234567");
    assert!(pgp.matches("0123456789abcdef0123456789abcdef01234567"));
    let kms = key("arn:aws:kms:us-east-1:111122223333:key/k");
    assert_eq!(kms.kind, KeyKind::Kms);
    assert!(kms.matches("arn:aws:kms:us-east-1:111122223333:key/k+arn:aws:iam::1:role/r"));
    assert!(matches!(
        KeyId::parse("age1nope"),
        Err(ConfigEditError::BadKey(_))
    ));
}
