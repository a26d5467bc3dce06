//! The hand-over to the AWS companion `secret-aws`: a companion of another protocol
//! version is refused by name and version before anything is sent, and a `secret-aws`
//! found only on `PATH` is never run.
#![cfg(all(feature = "aws", unix))]

mod common;

use common::companions::CompanionUnderTest;

const AWS: CompanionUnderTest = CompanionUnderTest {
    binary: "secret-aws",
    variable: "SECRET_AWS_COMPANION",
    key_flags: &[
        "--kms",
        "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
    ],
    env: &[],
};

#[test]
fn a_companion_of_another_protocol_version_is_refused_with_both_versions() {
    AWS.assert_another_protocol_is_refused();
}

#[test]
fn a_secret_aws_only_on_path_is_not_used() {
    AWS.assert_one_only_on_path_is_not_used();
}
