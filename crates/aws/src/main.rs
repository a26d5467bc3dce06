//! `secret-aws`: the AWS SDK behind `secret`. Started as `secret-aws serve` by `secret`,
//! it answers the requests of the companion protocol (secret_core::aws::protocol) on its
//! standard input, one JSON line each, until the input closes. It has no command line of
//! its own: `secret` runs every command.

mod config;
mod kms;
mod secrets_manager;
mod ssm;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use secret_core::aws::protocol::{Answer, Failure, PROTOCOL, Reply, Request, SERVE};
use secret_core::aws::{KmsError, Namespace, SsmError};
use secret_core::companion;
use secret_core::secret::Secret;
use zeroize::Zeroizing;

#[global_allocator]
static ALLOCATOR: secret_alloc::Allocator = secret_alloc::Allocator;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn main() {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some(SERVE), None) => {
            let mut server = Server::default();
            let code = companion::serve(
                PROTOCOL,
                VERSION,
                |request| server.answer(request),
                Failure::Protocol,
            );
            std::process::exit(code)
        }
        (Some("--version" | "-V"), None) => println!("secret-aws {VERSION} (protocol {PROTOCOL})"),
        _ => {
            eprintln!(
                "secret-aws {VERSION}: the AWS companion of secret, started by it; run `secret` instead"
            );
            std::process::exit(2);
        }
    }
}

/// The state between requests: the Parameter Store and Secrets Manager clients, once
/// connected.
#[derive(Default)]
struct Server {
    ssm: Option<ssm::Ssm>,
    sm: Option<secrets_manager::SecretsManager>,
}

impl Server {
    fn answer(&mut self, request: Request) -> Reply {
        let outcome = match request {
            Request::KmsEncrypt { key, data } => kms_encrypt(&key, &data).map_err(Failure::Kms),
            Request::KmsDecrypt { key, data } => kms_decrypt(&key, &data).map_err(Failure::Kms),
            Request::SsmConnect { profile } => self.connect(&profile),
            Request::SsmList {
                namespace,
                recursive,
            } => self.ssm().and_then(|ssm| {
                let namespace = Namespace::parse(&namespace).map_err(SsmError::from)?;
                Ok(Answer::Parameters(config::run(
                    ssm.list(&namespace, recursive),
                )?))
            }),
            Request::SsmGet { name } => self
                .ssm()
                .and_then(|ssm| Ok(Answer::Parameter(config::run(ssm.get(&name))?))),
            Request::SsmPutAll { puts, kms_key } => self.ssm().and_then(|ssm| {
                config::run(ssm.put_all(puts, kms_key, &mut progress))?;
                Ok(Answer::Nothing)
            }),
            Request::SsmDeleteAll { names } => self.ssm().and_then(|ssm| {
                config::run(ssm.delete_all(names, &mut progress))?;
                Ok(Answer::Nothing)
            }),
            Request::SsmDelete { name } => self.ssm().and_then(|ssm| {
                config::run(ssm.delete(&name))?;
                Ok(Answer::Nothing)
            }),
            Request::SsmHistory { name } => self
                .ssm()
                .and_then(|ssm| Ok(Answer::History(config::run(ssm.history(&name))?))),
            Request::SecretsManagerConnect { profile } => self.connect_secrets_manager(&profile),
            Request::SecretsManagerList { prefix } => self
                .sm()
                .and_then(|sm| Ok(Answer::SecretsListed(config::run(sm.list(&prefix))?))),
            Request::SecretsManagerGetAll { names } => self
                .sm()
                .and_then(|sm| Ok(Answer::SecretsFetched(config::run(sm.get_all(names))?))),
            Request::SecretsManagerPutAll { puts, kms_key } => self.sm().and_then(|sm| {
                config::run(sm.put_all(puts, kms_key, &mut progress))?;
                Ok(Answer::Nothing)
            }),
            Request::SecretsManagerDeleteAll { names } => self.sm().and_then(|sm| {
                config::run(sm.delete_all(names, &mut progress))?;
                Ok(Answer::Nothing)
            }),
        };
        match outcome {
            Ok(answer) => Reply::Done(answer),
            Err(failure) => Reply::Failed(failure),
        }
    }

    fn connect(&mut self, profile: &str) -> Result<Answer, Failure> {
        let ssm = config::run(ssm::Ssm::connect(profile)).map_err(Failure::Ssm)?;
        let region = ssm.region().to_string();
        self.ssm = Some(ssm);
        Ok(Answer::Region(region))
    }

    fn connect_secrets_manager(&mut self, profile: &str) -> Result<Answer, Failure> {
        let sm = config::run(secrets_manager::SecretsManager::connect(profile))
            .map_err(Failure::SecretsManager)?;
        let region = sm.region().to_string();
        self.sm = Some(sm);
        Ok(Answer::Region(region))
    }

    /// The Secrets Manager client of the session, once `secrets_manager_connect` made it.
    fn sm(&self) -> Result<&secrets_manager::SecretsManager, Failure> {
        self.sm.as_ref().ok_or_else(|| {
            Failure::Protocol("a Secrets Manager request before secrets_manager_connect".into())
        })
    }

    /// The Parameter Store client of the session, once `ssm_connect` made it.
    fn ssm(&self) -> Result<&ssm::Ssm, Failure> {
        self.ssm
            .as_ref()
            .ok_or_else(|| Failure::Protocol("a Parameter Store request before ssm_connect".into()))
    }
}

/// Reports one more parameter done to `secret`, for its progress bar.
fn progress(count: u64) {
    let _ = companion::send(&Reply::Progress(count));
}

fn kms_encrypt(key: &secret_core::aws::KmsKey, data: &str) -> Result<Answer, KmsError> {
    let plaintext = Zeroizing::new(BASE64.decode(data).map_err(|_| KmsError::NotBase64)?);
    let blob = config::run(kms::encrypt(key, &plaintext))?;
    Ok(Answer::Blob(BASE64.encode(blob)))
}

fn kms_decrypt(key: &secret_core::aws::KmsKey, data: &str) -> Result<Answer, KmsError> {
    let blob = BASE64.decode(data).map_err(|_| KmsError::NotBase64)?;
    let plaintext = config::run(kms::decrypt(key, &blob))?;
    Ok(Answer::Secret(Secret::new(BASE64.encode(&plaintext))))
}
