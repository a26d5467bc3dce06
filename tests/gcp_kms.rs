//! GCP Cloud KMS keys, against a loopback server (127.0.0.1) standing in for Google's
//! REST APIs, since no emulator of Cloud KMS exists: the KMS `encrypt` and `decrypt`
//! methods (`POST /v1/{name}:encrypt`, JSON `plaintext`/`ciphertext` in standard base64,
//! `Authorization: Bearer`) and the OAuth 2.0 token endpoint (a service account's RS256
//! JWT, RFC 7523; a user's refresh token). Every request is checked against that
//! documentation, and errors are answered in Google's documented shape. sops 3.11 cannot
//! be pointed at such a server, so `secret` writes and reads the files; sops reads the
//! metadata (and writes it back byte for byte) through an age key of the same file.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::stub::{Request, Response, Stub};
use common::*;
use serde_json::{Value, json};

const KEY: &str = "projects/acme/locations/global/keyRings/sops/cryptoKeys/app";
const OTHER_KEY: &str = "projects/acme/locations/europe-west1/keyRings/sops/cryptoKeys/other";
const DENIED_KEY: &str = "projects/acme/locations/global/keyRings/sops/cryptoKeys/denied";
const EMAIL: &str = "sops@acme.iam.gserviceaccount.com";
const KEY_ID: &str = "0123456789abcdef";
/// A test-only RSA key, for the test service account.
const PRIVATE_KEY: &str = include_str!("common/gcp-test-key.pem");
const SA_TOKEN: &str = "ya29.service-account-token";
const USER_TOKEN: &str = "ya29.user-token";
const STATIC_TOKEN: &str = "ya29.static-token";

const PLAINTEXTS: [(&str, &str); 4] = [
    (
        "app.yaml",
        "db:\n    password: hunter2-pass\ntoken: abc123-token\n",
    ),
    (
        "app.json",
        "{\n\t\"db\": {\n\t\t\"password\": \"hunter2-pass\"\n\t},\n\t\"token\": \"abc123-token\"\n}\n",
    ),
    ("app.env", "DB_PASSWORD=hunter2-pass\nTOKEN=abc123-token\n"),
    ("app.ini", "[db]\npassword = hunter2-pass\n"),
];

/// The fake Cloud KMS and token endpoint.
fn google() -> Stub {
    Stub::start(|request, problems| {
        if request.path == "/token" {
            return token_endpoint(request, problems);
        }
        let Some(name) = request.path.strip_prefix("/v1/") else {
            problems.push("not a KMS v1 path".into());
            return not_found("unknown path");
        };
        if request.method != "POST" {
            problems.push(format!("{} instead of POST", request.method));
        }
        if !request
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json"))
        {
            problems.push("the body is not declared application/json".into());
        }
        match request.header("authorization") {
            Some(auth)
                if [SA_TOKEN, USER_TOKEN, STATIC_TOKEN]
                    .iter()
                    .any(|t| auth == format!("Bearer {t}")) => {}
            _ => {
                return Response::json(
                    401,
                    json!({"error": {"code": 401, "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "status": "UNAUTHENTICATED"}}),
                );
            }
        }
        if auth_token(request) == Some(USER_TOKEN)
            && request.header("x-goog-user-project") != Some("acme-billing")
        {
            problems.push("user credentials without their quota project".into());
        }
        let (key, method) = match name.rsplit_once(':') {
            Some((key, method @ ("encrypt" | "decrypt"))) => (key, method),
            _ => {
                problems.push(format!("unknown method in {name}"));
                return not_found("unknown method");
            }
        };
        if key == DENIED_KEY {
            return Response::json(
                403,
                json!({"error": {"code": 403, "message": format!("Permission 'cloudkms.cryptoKeyVersions.useTo{}' denied on resource '{key}' (or it may not exist).", if method == "encrypt" {"Encrypt"} else {"Decrypt"}), "status": "PERMISSION_DENIED"}}),
            );
        }
        if key != KEY && key != OTHER_KEY {
            return not_found(&format!("CryptoKey {key} not found."));
        }
        let body = request.json();
        let fields: Vec<&String> = body
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let field = if method == "encrypt" {
            "plaintext"
        } else {
            "ciphertext"
        };
        if fields != [field] {
            problems.push(format!("body fields {fields:?} instead of [{field:?}]"));
        }
        let Some(data) = body[field].as_str().and_then(standard_base64) else {
            problems.push(format!("`{field}` is not standard base64"));
            return invalid("Invalid value at 'plaintext' (TYPE_BYTES), Base64 decoding failed");
        };
        if method == "encrypt" {
            if !matches!(data.len(), 32 | 33) {
                problems.push(format!(
                    "a {}-byte plaintext, not a data key or share",
                    data.len()
                ));
            }
            let mut ciphertext = format!("{key}\0").into_bytes();
            ciphertext.extend(data.iter().map(|b| b ^ 0x5a));
            Response::json(
                200,
                json!({"name": format!("{key}/cryptoKeyVersions/1"), "ciphertext": STANDARD.encode(ciphertext), "ciphertextCrc32c": "0", "verifiedPlaintextCrc32c": false, "verifiedAdditionalAuthenticatedDataCrc32c": false, "protectionLevel": "SOFTWARE"}),
            )
        } else {
            match data.strip_prefix(format!("{key}\0").as_bytes()) {
                Some(masked) => {
                    let plaintext: Vec<u8> = masked.iter().map(|b| b ^ 0x5a).collect();
                    Response::json(
                        200,
                        json!({"plaintext": STANDARD.encode(plaintext), "plaintextCrc32c": "0", "usedPrimary": true, "protectionLevel": "SOFTWARE"}),
                    )
                }
                None => invalid("Decryption failed: the ciphertext is invalid."),
            }
        }
    })
}

fn auth_token(request: &Request) -> Option<&str> {
    request.header("authorization")?.strip_prefix("Bearer ")
}

fn not_found(message: &str) -> Response {
    Response::json(
        404,
        json!({"error": {"code": 404, "message": message, "status": "NOT_FOUND"}}),
    )
}

fn invalid(message: &str) -> Response {
    Response::json(
        400,
        json!({"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}),
    )
}

/// Standard, padded base64 only (not base64url, not unpadded).
fn standard_base64(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// OAuth 2.0: a service account's JWT (RFC 7523) or a user's refresh token.
fn token_endpoint(request: &Request, problems: &mut Vec<String>) -> Response {
    if request.method != "POST"
        || !request
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
    {
        problems.push("a token request must be a POST of a form".into());
    }
    let refused = |description: &str| {
        Response::json(
            400,
            json!({"error": "invalid_grant", "error_description": description}),
        )
    };
    let host = request.header("host").unwrap_or_default();
    match request.form_field("grant_type").as_deref() {
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer") => {
            let assertion = request.form_field("assertion").unwrap_or_default();
            if let Err(problem) = check_jwt(&assertion, &format!("http://{host}/token")) {
                problems.push(problem.clone());
                return refused(&problem);
            }
            Response::json(
                200,
                json!({"access_token": SA_TOKEN, "expires_in": 3599, "token_type": "Bearer"}),
            )
        }
        Some("refresh_token") => {
            let ok = request.form_field("client_id").as_deref()
                == Some("user-client.apps.googleusercontent.com")
                && request.form_field("client_secret").as_deref() == Some("user-secret")
                && request.form_field("refresh_token").as_deref() == Some("user-refresh");
            if !ok {
                return refused("Bad Request");
            }
            Response::json(
                200,
                json!({"access_token": USER_TOKEN, "expires_in": 3599, "token_type": "Bearer", "scope": "https://www.googleapis.com/auth/cloud-platform"}),
            )
        }
        other => {
            problems.push(format!("grant_type {other:?}"));
            refused("Invalid grant_type")
        }
    }
}

/// The service account's JWT: header, claims and RS256 signature.
fn check_jwt(jwt: &str, audience: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("the assertion is not a JWT".into());
    };
    let decode = |part: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| "a JWT part is not unpadded base64url".to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    };
    let header = decode(header)?;
    if header["alg"] != "RS256" || header["typ"] != "JWT" || header["kid"] != KEY_ID {
        return Err(format!("JWT header {header}"));
    }
    let claims_value = decode(claims)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (iat, exp) = (
        claims_value["iat"].as_i64().unwrap_or(0),
        claims_value["exp"].as_i64().unwrap_or(0),
    );
    let scopes = claims_value["scope"].as_str().unwrap_or_default();
    if claims_value["iss"] != EMAIL
        || claims_value["aud"] != audience
        || !scopes.split(' ').any(|s| {
            s == "https://www.googleapis.com/auth/cloudkms"
                || s == "https://www.googleapis.com/auth/cloud-platform"
        })
        || (iat - now).abs() > 300
        || exp - iat != 3600
    {
        return Err(format!("JWT claims {claims_value} (audience {audience})"));
    }
    let der = STANDARD
        .decode(
            PRIVATE_KEY
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let pair = ring::signature::RsaKeyPair::from_pkcs8(&der).unwrap();
    let public = ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        pair.public().as_ref(),
    );
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| "the signature is not base64url".to_string())?;
    public
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .map_err(|_| "the JWT signature does not verify with the service account's key".into())
}

/// A service-account key file whose token_uri is the fake's.
fn service_account(stub: &Stub) -> String {
    json!({
        "type": "service_account",
        "project_id": "acme",
        "private_key_id": KEY_ID,
        "private_key": PRIVATE_KEY,
        "client_email": EMAIL,
        "client_id": "1234567890",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": format!("{}/token", stub.url()),
    })
    .to_string()
}

/// gcloud's `application_default_credentials.json` for a user.
fn authorized_user(stub: &Stub) -> String {
    json!({
        "type": "authorized_user",
        "client_id": "user-client.apps.googleusercontent.com",
        "client_secret": "user-secret",
        "refresh_token": "user-refresh",
        "quota_project_id": "acme-billing",
        "token_uri": format!("{}/token", stub.url()),
    })
    .to_string()
}

/// The environment for `secret`: the KMS endpoint, and these credentials.
fn env_with(stub: &Stub, credentials: &[(&str, String)]) -> Vec<(String, String)> {
    let mut env = vec![("SOPS_GCP_KMS_ENDPOINT".to_string(), stub.url())];
    env.extend(credentials.iter().map(|(k, v)| (k.to_string(), v.clone())));
    env
}

fn run(sandbox: &Sandbox, tool: &Tool, args: &[&str], env: &[(String, String)]) -> Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    sandbox.run(tool, args, &env)
}

fn setup() -> Option<(Tools, Stub)> {
    assert_remote_companion();
    Some((tools()?, google()))
}

#[test]
fn gcp_kms_files_round_trip_in_every_format_with_a_service_account() {
    let Some((t, stub)) = setup() else { return };
    for (name, plaintext) in PLAINTEXTS {
        let sandbox = Sandbox::new();
        sandbox.write(name, plaintext.as_bytes());
        let sa = sandbox.write("sa.json", service_account(&stub).as_bytes());
        let env = env_with(
            &stub,
            &[("GOOGLE_APPLICATION_CREDENTIALS", sa.display().to_string())],
        );
        let keys = format!("{KEY},{OTHER_KEY}");
        let out = run(
            &sandbox,
            &t.secret,
            &["encrypt", "--gcp-kms", &keys, name],
            &env,
        )
        .success();
        let encrypted = format!("enc-{name}");
        sandbox.write(&encrypted, &out.stdout);
        let text = out.stdout_text();
        assert!(text.contains(KEY) && text.contains(OTHER_KEY), "{text}");
        let run_dec = run(&sandbox, &t.secret, &["decrypt", &encrypted], &env).success();
        assert_same_data(
            Format::of(name),
            plaintext.as_bytes(),
            &run_dec.stdout,
            name,
        );
        // And through the sops front end.
        let again = run(&sandbox, &t.secret, &["sops", "decrypt", &encrypted], &env).success();
        assert_same_data(Format::of(name), plaintext.as_bytes(), &again.stdout, name);
    }
    stub.assert_no_problems();
    let requests = stub.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert!(
        paths.contains(&format!("/v1/{KEY}:encrypt").as_str()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&format!("/v1/{OTHER_KEY}:decrypt").as_str())
            || paths.contains(&format!("/v1/{KEY}:decrypt").as_str())
    );
    // One token per process, however many keys it calls.
    let tokens = paths.iter().filter(|p| **p == "/token").count();
    assert_eq!(tokens, PLAINTEXTS.len() * 3, "{paths:?}");
}

#[test]
fn gcp_and_age_metadata_is_what_sops_writes_back() {
    let Some((t, stub)) = setup() else { return };
    for (name, plaintext) in PLAINTEXTS {
        let format = Format::of(name);
        let sandbox = Sandbox::new();
        sandbox.write(name, plaintext.as_bytes());
        let env = env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())]);
        let args = ["encrypt", "--gcp-kms", KEY, "--age", K1.recipient(), name];
        let out = run(&sandbox, &t.secret, &args, &env).success();
        sandbox.write("f", &out.stdout);
        let file = format!("f-{name}");
        sandbox.write(&file, &out.stdout);
        let written = metadata_lines(format, &out.stdout);
        if format == Format::Yaml {
            let entry: Vec<&String> = written
                .iter()
                .skip_while(|l| !l.contains("gcp_kms:"))
                .skip(1)
                .take(3)
                .collect();
            assert!(
                entry[0].trim_start().starts_with("- resource_id: "),
                "{written:?}"
            );
            assert!(
                entry[1].trim_start().starts_with("created_at: \""),
                "{written:?}"
            );
            let enc = entry[2].trim_start().strip_prefix("enc: ").unwrap();
            assert!(
                STANDARD.decode(enc).is_ok() && enc.ends_with('='),
                "enc {enc}"
            );
        }
        // sops opens it with the age key, and writes the metadata back as it read it.
        let key_file = t.keys.key_file_for(&sandbox, &[K1]);
        let age = [("SOPS_AGE_KEY_FILE".to_string(), key_file)];
        let decrypted = run(&sandbox, &t.sops, &["decrypt", &file], &age).success();
        assert_same_data(format, plaintext.as_bytes(), &decrypted.stdout, name);
        let path = match format {
            Format::Dotenv => r#"["TOKEN"]"#,
            Format::Ini => r#"["db"]["password"]"#,
            _ => r#"["token"]"#,
        };
        run(&sandbox, &t.sops, &["set", &file, path, r#""x""#], &age).success();
        assert_eq!(
            written,
            metadata_lines(format, &sandbox.read(&file)),
            "{name}"
        );
        // secret keeps reading what sops wrote.
        let env = env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())]);
        run(&sandbox, &t.secret, &["decrypt", &file], &env).success();
    }
    stub.assert_no_problems();
}

#[test]
fn every_credential_source_sops_reads() {
    let Some((t, stub)) = setup() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let sa_file = sandbox.write("sa.json", service_account(&stub).as_bytes());
    let user = authorized_user(&stub);
    let user_file = sandbox.write("user.json", user.as_bytes());
    let sources: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "GOOGLE_CREDENTIALS as JSON",
            vec![("GOOGLE_CREDENTIALS", service_account(&stub))],
        ),
        (
            "GOOGLE_CREDENTIALS as a path",
            vec![("GOOGLE_CREDENTIALS", user_file.display().to_string())],
        ),
        (
            "GOOGLE_OAUTH_ACCESS_TOKEN",
            vec![("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())],
        ),
        (
            "GOOGLE_APPLICATION_CREDENTIALS",
            vec![(
                "GOOGLE_APPLICATION_CREDENTIALS",
                sa_file.display().to_string(),
            )],
        ),
        // GOOGLE_CREDENTIALS wins over the others, as in sops.
        (
            "GOOGLE_CREDENTIALS first",
            vec![
                ("GOOGLE_CREDENTIALS", user.clone()),
                ("GOOGLE_OAUTH_ACCESS_TOKEN", "wrong".into()),
            ],
        ),
    ];
    for (what, credentials) in &sources {
        let env = env_with(&stub, credentials);
        let out = run(
            &sandbox,
            &t.secret,
            &["encrypt", "--gcp-kms", KEY, name],
            &env,
        );
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        sandbox.write("enc.yaml", &out.stdout);
        let back = run(&sandbox, &t.secret, &["decrypt", "enc.yaml"], &env);
        assert_eq!(back.code, 0, "{what}: {}", back.stderr);
    }
    // gcloud's application default credentials file, in the (sandbox's) home.
    sandbox.write(
        "home/.config/gcloud/application_default_credentials.json",
        user.as_bytes(),
    );
    let env = env_with(&stub, &[]);
    run(&sandbox, &t.secret, &["decrypt", "enc.yaml"], &env).success();
    stub.assert_no_problems();
    let used: Vec<Option<String>> = stub
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(":encrypt"))
        .map(|r| auth_token(r).map(str::to_string))
        .collect();
    assert_eq!(
        used,
        [SA_TOKEN, USER_TOKEN, STATIC_TOKEN, SA_TOKEN, USER_TOKEN].map(|t| Some(t.to_string()))
    );
}

#[test]
fn rules_groups_variables_and_the_sops_front_end_name_gcp_keys() {
    let Some((t, stub)) = setup() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let env = env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())]);
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: flat\n    gcp_kms: '{KEY}, {OTHER_KEY}'\n  - shamir_threshold: 2\n    key_groups:\n      - gcp_kms:\n          - resource_id: {KEY}\n      - age: [{}]\n      - age: [{}]\n",
            K1.recipient(),
            K2.recipient()
        )
        .as_bytes(),
    );
    sandbox.write("flat.yaml", plaintext.as_bytes());
    let flat = run(&sandbox, &t.secret, &["encrypt", "flat.yaml"], &env).success();
    assert_eq!(flat.stdout_text().matches("resource_id:").count(), 2);
    let grouped = run(&sandbox, &t.secret, &["sops", "encrypt", name], &env).success();
    sandbox.write("grouped.yaml", &grouped.stdout);
    // 2 of 3: GCP and one age key, or both age keys; GCP alone is not enough.
    let k1 = t.keys.key_file_for(&sandbox, &[K1]);
    let k12 = t.keys.key_file_for(&sandbox, &[K1, K2]);
    let mut with_k1 = env.clone();
    with_k1.push(("SOPS_AGE_KEY_FILE".into(), k1.clone()));
    run(&sandbox, &t.secret, &["decrypt", "grouped.yaml"], &with_k1).success();
    let ages = [("SOPS_AGE_KEY_FILE".to_string(), k12)];
    run(&sandbox, &t.sops, &["decrypt", "grouped.yaml"], &ages).success();
    run(&sandbox, &t.secret, &["decrypt", "grouped.yaml"], &env).expect_code(128);
    // The variable sops reads, in both front ends.
    let mut by_variable = env.clone();
    by_variable.push(("SOPS_GCP_KMS_IDS".into(), OTHER_KEY.into()));
    for args in [
        &["encrypt", "flat.yaml"][..],
        &[
            "sops",
            "encrypt",
            "--filename-override",
            "x.yaml",
            "flat.yaml",
        ][..],
    ] {
        let out = run(&sandbox, &t.secret, args, &by_variable).success();
        let text = out.stdout_text();
        assert!(
            text.contains(OTHER_KEY) && !text.contains(KEY),
            "{args:?}: {text}"
        );
    }
    // rotate --add-gcp-kms / --rm-gcp-kms.
    let mut with_age = env.clone();
    with_age.push(("SOPS_AGE_KEY_FILE".into(), k1));
    let age_only = run(
        &sandbox,
        &t.secret,
        &["sops", "encrypt", "--age", K1.recipient(), name],
        &env,
    )
    .success();
    sandbox.write("rot.yaml", &age_only.stdout);
    run(
        &sandbox,
        &t.secret,
        &["sops", "rotate", "-i", "--add-gcp-kms", KEY, "rot.yaml"],
        &with_age,
    )
    .success();
    run(&sandbox, &t.secret, &["decrypt", "rot.yaml"], &env).success();
    run(
        &sandbox,
        &t.secret,
        &["sops", "rotate", "-i", "--rm-gcp-kms", KEY, "rot.yaml"],
        &with_age,
    )
    .success();
    run(&sandbox, &t.secret, &["decrypt", "rot.yaml"], &env).expect_code(128);
    stub.assert_no_problems();
}

#[test]
fn gcp_failures_name_the_key_and_the_fix() {
    let Some((t, stub)) = setup() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let encrypt = |env: &[(String, String)], key: &str| {
        run(
            &sandbox,
            &t.secret,
            &["encrypt", "-o", "out.yaml", "--gcp-kms", key, name],
            env,
        )
    };

    // No credentials at all.
    let none = encrypt(&env_with(&stub, &[]), KEY);
    none.expect_code(1)
        .assert_stderr_contains(KEY)
        .assert_stderr_contains("no Google Cloud credentials")
        .assert_stderr_contains("gcloud auth application-default login");
    // A token Google refuses.
    let refused = encrypt(
        &env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", "expired".into())]),
        KEY,
    );
    refused
        .expect_code(1)
        .assert_stderr_contains("(401)")
        .assert_stderr_contains("UNAUTHENTICATED");
    // A key these credentials may not use.
    let denied = encrypt(
        &env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())]),
        DENIED_KEY,
    );
    denied
        .expect_code(1)
        .assert_stderr_contains("PERMISSION_DENIED")
        .assert_stderr_contains("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    // Credentials that are not usable.
    let broken = encrypt(
        &env_with(&stub, &[("GOOGLE_CREDENTIALS", "{not json".into())]),
        KEY,
    );
    broken.expect_code(1).assert_stderr_contains("not JSON");
    let external = json!({"type": "external_account", "audience": "x"}).to_string();
    let unsupported = encrypt(&env_with(&stub, &[("GOOGLE_CREDENTIALS", external)]), KEY);
    unsupported
        .expect_code(1)
        .assert_stderr_contains("external_account");
    let mut wrong_key = serde_json::from_str::<Value>(&service_account(&stub)).unwrap();
    wrong_key["private_key"] =
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".into();
    let bad_key = encrypt(
        &env_with(&stub, &[("GOOGLE_CREDENTIALS", wrong_key.to_string())]),
        KEY,
    );
    bad_key.expect_code(1).assert_stderr_contains("private_key");
    // A malformed resource ID.
    let malformed = encrypt(&env_with(&stub, &[]), "projects/acme/keyRings/sops");
    malformed
        .expect_code(1)
        .assert_stderr_contains("not a GCP KMS key resource ID");
    // Nobody listening.
    let closed = vec![
        (
            "SOPS_GCP_KMS_ENDPOINT".to_string(),
            format!("http://127.0.0.1:{}", moto::free_port()),
        ),
        (
            "GOOGLE_OAUTH_ACCESS_TOKEN".to_string(),
            STATIC_TOKEN.to_string(),
        ),
    ];
    encrypt(&closed, KEY)
        .expect_code(1)
        .assert_stderr_contains("cannot reach");
    assert!(!sandbox.exists("out.yaml"), "nothing is written");

    // Decrypting without the key's permission or a token: 128, as sops.
    let ok = env_with(&stub, &[("GOOGLE_OAUTH_ACCESS_TOKEN", STATIC_TOKEN.into())]);
    let out = run(
        &sandbox,
        &t.secret,
        &["encrypt", "--gcp-kms", KEY, name],
        &ok,
    )
    .success();
    sandbox.write("enc.yaml", &out.stdout);
    let run_none = run(
        &sandbox,
        &t.secret,
        &["decrypt", "enc.yaml"],
        &env_with(&stub, &[]),
    );
    run_none.expect_code(128).assert_stderr_contains(KEY);
    assert!(run_none.stdout.is_empty());
    let tampered = String::from_utf8(sandbox.read("enc.yaml"))
        .unwrap()
        .replace(KEY, OTHER_KEY);
    sandbox.write("other.yaml", tampered.as_bytes());
    run(&sandbox, &t.secret, &["decrypt", "other.yaml"], &ok)
        .expect_code(128)
        .assert_stderr_contains("the ciphertext is invalid");
    stub.assert_no_problems();
}
