//! Azure Key Vault keys, against a loopback server (127.0.0.1) standing in for Azure's
//! REST APIs, since no emulator of Key Vault runs here: Key Vault's `Get Key`,
//! `Encrypt` and `Decrypt` (api-version 7.4, RSA-OAEP-256, values in unpadded base64url,
//! `Authorization: Bearer`) and Microsoft Entra ID's token endpoint (the client
//! credentials grant, with a secret or a federated token). Every request is checked
//! against that documentation, and errors are answered in Azure's documented shape.
//! sops 3.11 cannot be pointed at such a server, so `secret` writes and reads the files;
//! sops reads the metadata (and writes it back byte for byte) through an age key.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::stub::{Request, Response, Stub};
use common::*;
use serde_json::json;

const VAULT: &str = "https://acme.vault.azure.net";
const LATEST: &str = "5b7c2b1f0a0e4c11a6f7e2d9c3b8a410";
const OLDER: &str = "0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "6a1c5f77-0e0b-4a8e-9a51-3c4a2b1d0e9f";
const SECRET: &str = "client-secret-value";
const FEDERATED: &str = "eyJfederated.token.from-kubernetes";
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.keyvault-token";

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

fn key_url(name: &str, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{VAULT}/keys/{name}/{version}"),
        None => format!("{VAULT}/keys/{name}"),
    }
}

/// The fake Key Vault and token endpoint.
fn azure() -> Stub {
    Stub::start(|request, problems| {
        if request.path.ends_with("/oauth2/v2.0/token") {
            return token_endpoint(request, problems);
        }
        if request.query_param("api-version").as_deref() != Some("7.4") {
            problems.push(format!(
                "api-version {:?}",
                request.query_param("api-version")
            ));
        }
        if request.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
            return Response::json(
                401,
                json!({"error": {"code": "Unauthorized", "message": "AKV10000: Request is missing a Bearer or PoP token."}}),
            );
        }
        let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
        match (request.method.as_str(), segments.as_slice()) {
            ("GET", ["keys", name]) => {
                if !["app", "other"].contains(name) {
                    return key_not_found(name);
                }
                Response::json(
                    200,
                    json!({"key": {"kid": key_url(name, Some(LATEST)), "kty": "RSA", "key_ops": ["encrypt", "decrypt", "wrapKey", "unwrapKey"], "n": "u1Yq", "e": "AQAB"}, "attributes": {"enabled": true, "created": 1700000000, "updated": 1700000000, "recoveryLevel": "Recoverable+Purgeable"}}),
                )
            }
            ("POST", ["keys", name, version, operation @ ("encrypt" | "decrypt")]) => {
                operation_answer(request, problems, name, version, operation)
            }
            _ => {
                problems.push("not a documented Key Vault operation".into());
                Response::json(
                    404,
                    json!({"error": {"code": "BadParameter", "message": "Unknown operation"}}),
                )
            }
        }
    })
}

fn key_not_found(name: &str) -> Response {
    Response::json(
        404,
        json!({"error": {"code": "KeyNotFound", "message": format!("A key with (name/id) {name} was not found in this key vault. If you recently deleted this key you may be able to recover it using the correct recovery command.")}}),
    )
}

fn operation_answer(
    request: &Request,
    problems: &mut Vec<String>,
    name: &str,
    version: &str,
    operation: &str,
) -> Response {
    if !request
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json"))
    {
        problems.push("the body is not declared application/json".into());
    }
    if *name == *"denied" {
        return Response::json(
            403,
            json!({"error": {"code": "Forbidden", "message": format!("The user, group or application 'appid={CLIENT};oid=00000000;iss=https://sts.windows.net/{TENANT}/' does not have keys {operation} permission on key vault 'acme;location=westeurope'."), "innererror": {"code": "AccessDenied"}}}),
        );
    }
    if !["app", "other"].contains(&name) {
        return key_not_found(name);
    }
    if ![LATEST, OLDER].contains(&version) {
        problems.push(format!("unknown version {version}"));
    }
    let body = request.json();
    let mut fields: Vec<&String> = body
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    fields.sort();
    if fields != ["alg", "value"] || body["alg"] != "RSA-OAEP-256" {
        problems.push(format!(
            "body {body} instead of {{alg: RSA-OAEP-256, value}}"
        ));
    }
    let value = body["value"].as_str().unwrap_or_default();
    if value.contains(['=', '+', '/']) {
        problems.push(format!("value {value} is not unpadded base64url"));
    }
    let Ok(data) = URL_SAFE_NO_PAD.decode(value) else {
        problems.push("value is not base64url".into());
        return bad_parameter("Property value has invalid value");
    };
    let tag = format!("{name}/{version}\0").into_bytes();
    let result = if operation == "encrypt" {
        if !matches!(data.len(), 32 | 33) {
            problems.push(format!("a {}-byte plaintext", data.len()));
        }
        // As long as an RSA-2048 ciphertext.
        let mut ciphertext = tag;
        ciphertext.push(data.len() as u8);
        ciphertext.extend(data.iter().map(|b| b ^ 0xa5));
        ciphertext.resize(256, 0x42);
        ciphertext
    } else {
        match data.strip_prefix(tag.as_slice()) {
            Some([length, rest @ ..]) if usize::from(*length) <= rest.len() => rest
                [..usize::from(*length)]
                .iter()
                .map(|b| b ^ 0xa5)
                .collect(),
            _ => return bad_parameter("Error while decrypting: the ciphertext is invalid"),
        }
    };
    Response::json(
        200,
        json!({"kid": key_url(name, Some(version)), "value": URL_SAFE_NO_PAD.encode(result)}),
    )
}

fn bad_parameter(message: &str) -> Response {
    Response::json(
        400,
        json!({"error": {"code": "BadParameter", "message": message}}),
    )
}

/// Microsoft Entra ID's v2.0 token endpoint, client credentials grant.
fn token_endpoint(request: &Request, problems: &mut Vec<String>) -> Response {
    if request.method != "POST"
        || !request
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
    {
        problems.push("a token request must be a POST of a form".into());
    }
    if request.path != format!("/{TENANT}/oauth2/v2.0/token") {
        problems.push(format!("token path {}", request.path));
    }
    let field = |name: &str| request.form_field(name);
    if field("grant_type").as_deref() != Some("client_credentials")
        || field("scope").as_deref() != Some("https://vault.azure.net/.default")
        || field("client_id").as_deref() != Some(CLIENT)
    {
        problems.push(format!("token request {:?}", request.form()));
    }
    let by_secret = field("client_secret").as_deref() == Some(SECRET);
    let by_assertion = field("client_assertion_type").as_deref()
        == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        && field("client_assertion").as_deref() == Some(FEDERATED);
    if !(by_secret || by_assertion) {
        return Response::json(
            401,
            json!({"error": "invalid_client", "error_description": format!("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{CLIENT}'.\r\nTrace ID: 0\r\nCorrelation ID: 0"), "error_codes": [7000215]}),
        );
    }
    Response::json(
        200,
        json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": TOKEN}),
    )
}

/// The environment for `secret`: the endpoints, and these credentials.
fn env_with(stub: &Stub, credentials: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = vec![
        ("SECRET_AZURE_KEYVAULT_ENDPOINT".to_string(), stub.url()),
        ("AZURE_AUTHORITY_HOST".to_string(), stub.url()),
    ];
    env.extend(
        credentials
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    env
}

fn service_principal(stub: &Stub) -> Vec<(String, String)> {
    env_with(
        stub,
        &[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_SECRET", SECRET),
        ],
    )
}

fn run(sandbox: &Sandbox, tool: &Tool, args: &[&str], env: &[(String, String)]) -> Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    sandbox.run(tool, args, &env)
}

fn setup() -> Option<(Tools, Stub)> {
    assert_remote_companion();
    Some((tools()?, azure()))
}

#[test]
fn azure_files_round_trip_in_every_format_and_store_the_latest_version() {
    let Some((t, stub)) = setup() else { return };
    let env = service_principal(&stub);
    for (name, plaintext) in PLAINTEXTS {
        let sandbox = Sandbox::new();
        sandbox.write(name, plaintext.as_bytes());
        let keys = format!("{},{}", key_url("app", None), key_url("other", Some(OLDER)));
        let out = run(
            &sandbox,
            &t.secret,
            &["encrypt", "--azure-kv", &keys, name],
            &env,
        )
        .success();
        let text = out.stdout_text();
        assert!(text.contains(LATEST) && text.contains(OLDER), "{text}");
        let encrypted = format!("enc-{name}");
        sandbox.write(&encrypted, &out.stdout);
        let back = run(&sandbox, &t.secret, &["decrypt", &encrypted], &env).success();
        assert_same_data(Format::of(name), plaintext.as_bytes(), &back.stdout, name);
    }
    stub.assert_no_problems();
    // The first encryption: a token, the latest version of the versionless key, then
    // both keys' `encrypt` (the two keys are wrapped concurrently, in either order).
    let mut calls: Vec<String> = stub
        .requests()
        .iter()
        .take(4)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(calls[0], format!("POST /{TENANT}/oauth2/v2.0/token"));
    let get = calls.iter().position(|c| c == "GET /keys/app");
    let encrypt = calls
        .iter()
        .position(|c| *c == format!("POST /keys/app/{LATEST}/encrypt"));
    assert!(get < encrypt && get.is_some(), "{calls:?}");
    let mut expected = [
        "GET /keys/app".to_string(),
        format!("POST /keys/app/{LATEST}/encrypt"),
        format!("POST /keys/other/{OLDER}/encrypt"),
        format!("POST /{TENANT}/oauth2/v2.0/token"),
    ];
    calls.sort();
    expected.sort();
    assert_eq!(calls, expected);
}

#[test]
fn azure_and_age_metadata_is_what_sops_writes_back() {
    let Some((t, stub)) = setup() else { return };
    let env = service_principal(&stub);
    for (name, plaintext) in PLAINTEXTS {
        let format = Format::of(name);
        let sandbox = Sandbox::new();
        sandbox.write(name, plaintext.as_bytes());
        let key = key_url("app", Some(LATEST));
        let args = ["encrypt", "--azure-kv", &key, "--age", K1.recipient(), name];
        let out = run(&sandbox, &t.secret, &args, &env).success();
        let file = format!("f-{name}");
        sandbox.write(&file, &out.stdout);
        let written = metadata_lines(format, &out.stdout);
        if format == Format::Yaml {
            let entry: Vec<&str> = written
                .iter()
                .skip_while(|l| !l.contains("azure_kv:"))
                .skip(1)
                .take(5)
                .map(|l| l.trim_start())
                .collect();
            assert_eq!(entry[0], format!("- vault_url: {VAULT}"));
            assert_eq!(entry[1], "name: app");
            assert_eq!(entry[2], format!("version: {LATEST}"));
            assert!(entry[3].starts_with("created_at: \""), "{entry:?}");
            let enc = entry[4].strip_prefix("enc: ").unwrap();
            assert!(!enc.contains(['=', '+', '/']), "unpadded base64url: {enc}");
            assert_eq!(URL_SAFE_NO_PAD.decode(enc).unwrap().len(), 256);
        }
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
        run(&sandbox, &t.secret, &["decrypt", &file], &env).success();
    }
    stub.assert_no_problems();
}

#[test]
fn rules_groups_variables_and_workload_identity() {
    let Some((t, stub)) = setup() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let federated = sandbox.write("federated-token", FEDERATED.as_bytes());
    let federated = federated.display().to_string();
    let workload = env_with(
        &stub,
        &[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_FEDERATED_TOKEN_FILE", &federated),
        ],
    );
    sandbox.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: flat\n    azure_keyvault: {}\n  - shamir_threshold: 2\n    key_groups:\n      - azure_keyvault:\n          - vaultUrl: {VAULT}\n            key: app\n        age: [{}]\n      - age: [{}]\n",
            key_url("other", Some(OLDER)),
            K1.recipient(),
            K2.recipient()
        )
        .as_bytes(),
    );
    sandbox.write("flat.yaml", plaintext.as_bytes());
    let flat = run(
        &sandbox,
        &t.secret,
        &["sops", "encrypt", "flat.yaml"],
        &workload,
    )
    .success();
    assert!(flat.stdout_text().contains(&format!("version: {OLDER}")));
    let grouped = run(&sandbox, &t.secret, &["encrypt", name], &workload).success();
    let text = grouped.stdout_text();
    assert!(text.contains(&format!("version: {LATEST}")), "{text}");
    sandbox.write("grouped.yaml", &grouped.stdout);
    // Azure (group 0) and K2 (group 1) open it; Azure alone does not.
    let k2 = t.keys.key_file_for(&sandbox, &[K2]);
    let mut with_k2 = workload.clone();
    with_k2.push(("SOPS_AGE_KEY_FILE".into(), k2));
    run(&sandbox, &t.secret, &["decrypt", "grouped.yaml"], &with_k2).success();
    run(&sandbox, &t.secret, &["decrypt", "grouped.yaml"], &workload).expect_code(128);
    // A rule naming the key without its version does not ask for a re-keying.
    let again = run(
        &sandbox,
        &t.secret,
        &["updatekeys", "--yes", "grouped.yaml"],
        &with_k2,
    );
    again.success().assert_stderr_contains("already");
    // SOPS_AZURE_KEYVAULT_URLS, in both front ends.
    let mut by_variable = workload.clone();
    by_variable.push((
        "SOPS_AZURE_KEYVAULT_URLS".into(),
        key_url("other", Some(OLDER)),
    ));
    for args in [&["encrypt", name][..], &["sops", "encrypt", name][..]] {
        let out = run(&sandbox, &t.secret, args, &by_variable).success();
        assert!(out.stdout_text().contains("name: other"), "{args:?}");
    }
    stub.assert_no_problems();
}

#[test]
fn azure_failures_name_the_key_and_the_fix() {
    let Some((t, stub)) = setup() else { return };
    let (name, plaintext) = PLAINTEXTS[0];
    let sandbox = Sandbox::new();
    sandbox.write(name, plaintext.as_bytes());
    let key = key_url("app", Some(LATEST));
    let encrypt = |env: &[(String, String)], key: &str| {
        run(
            &sandbox,
            &t.secret,
            &["encrypt", "-o", "out.yaml", "--azure-kv", key, name],
            env,
        )
    };
    encrypt(&env_with(&stub, &[]), &key)
        .expect_code(1)
        .assert_stderr_contains(&key)
        .assert_stderr_contains("no Azure credentials")
        .assert_stderr_contains("AZURE_CLIENT_SECRET");
    let wrong = env_with(
        &stub,
        &[
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_CLIENT_SECRET", "nope"),
        ],
    );
    encrypt(&wrong, &key)
        .expect_code(1)
        .assert_stderr_contains("AADSTS7000215")
        .assert_stderr_contains("(401)");
    let env = service_principal(&stub);
    encrypt(&env, &key_url("denied", Some(LATEST)))
        .expect_code(1)
        .assert_stderr_contains("(403)")
        .assert_stderr_contains("Key Vault Crypto User");
    encrypt(&env, &key_url("missing", None))
        .expect_code(1)
        .assert_stderr_contains("KeyNotFound");
    encrypt(&env, "http://acme.vault.azure.net/keys/app")
        .expect_code(1)
        .assert_stderr_contains("not an Azure Key Vault key URL");
    let mut closed = env.clone();
    closed[0].1 = format!("http://127.0.0.1:{}", moto::free_port());
    encrypt(&closed, &key)
        .expect_code(1)
        .assert_stderr_contains("cannot reach");
    assert!(!sandbox.exists("out.yaml"), "nothing is written");

    let out = run(
        &sandbox,
        &t.secret,
        &["encrypt", "--azure-kv", &key, name],
        &env,
    )
    .success();
    sandbox.write("enc.yaml", &out.stdout);
    let none = run(
        &sandbox,
        &t.secret,
        &["decrypt", "enc.yaml"],
        &env_with(&stub, &[]),
    );
    none.expect_code(128).assert_stderr_contains(&key);
    assert!(none.stdout.is_empty());
    let tampered = String::from_utf8(sandbox.read("enc.yaml"))
        .unwrap()
        .replace(LATEST, OLDER);
    sandbox.write("older.yaml", tampered.as_bytes());
    run(&sandbox, &t.secret, &["decrypt", "older.yaml"], &env)
        .expect_code(128)
        .assert_stderr_contains("the ciphertext is invalid");
    stub.assert_no_problems();
}
