//! What every AWS client of the companion shares (KMS keys, SSM Parameter Store, Secrets
//! Manager): one async runtime and the standard configuration with bounded timeouts, both
//! made on first use only, and the explanation of failures that are not specific to a
//! service.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::Region;
use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_kms::config::SharedCredentialsProvider;
use aws_sdk_ssm::config::retry::{RetryConfig, RetryPartition, TokenBucket};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Runs `future` on the runtime for AWS calls. The runtime is single-threaded: concurrent
/// requests are tasks on it, which is all network-bound work needs.
pub fn run<T>(future: impl Future<Output = T>) -> T {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    });
    runtime.block_on(future)
}

/// The standard AWS configuration (environment, profiles, SSO, web identity, container and
/// instance metadata) with short timeouts, so a machine without metadata does not stall.
/// `region`: `None` takes it from the environment and profile, as the AWS CLI does.
pub async fn aws_config(region: Option<&str>, profile: &str, role: &str) -> aws_config::SdkConfig {
    let region = region.map(|r| Region::new(r.to_string()));
    let imds = aws_config::imds::Client::builder()
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(500))
        .max_attempts(1)
        .build();
    let mut chain = DefaultCredentialsChain::builder().imds_client(imds);
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(
        TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(3))
            .operation_timeout(Duration::from_secs(30))
            .build(),
    );
    if let Some(region) = region {
        chain = chain.region(region.clone());
        loader = loader.region(region);
    }
    if !profile.is_empty() {
        chain = chain.profile_name(profile);
        loader = loader.profile_name(profile);
    }
    let config = loader
        .credentials_provider(chain.build().await)
        .load()
        .await;
    if role.is_empty() {
        return config;
    }
    let assumed = AssumeRoleProvider::builder(role)
        .session_name(session_name())
        .configure(&config)
        .build()
        .await;
    config
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(assumed))
        .build()
}

/// `sops@<hostname>` with characters STS refuses removed, at most 64 characters.
fn session_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let allowed = |c: &char| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c);
    format!(
        "sops@{}",
        host.trim().chars().filter(allowed).collect::<String>()
    )
    .chars()
    .take(64)
    .collect()
}

/// Whether the SDK's (lower-cased) error text says no credentials were found.
pub fn lacks_credentials(lower: &str) -> bool {
    [
        "no credentials",
        "credentialsnotloaded",
        "failed to load credentials",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// Whether the SDK's (lower-cased) error text says the service was never reached.
pub fn is_network_failure(lower: &str) -> bool {
    ["dispatch failure", "timeout", "connect"]
        .iter()
        .any(|needle| lower.contains(needle))
}

/// Requests in flight at once in a bulk call (a push, a pull): enough to hide latency, few
/// enough not to cause throttling.
pub const CONCURRENCY: usize = 8;
/// Attempts per request of a bulk call, with exponential backoff and full jitter between.
const MAX_ATTEMPTS: u32 = 12;
/// Retry tokens for one run (a 5xx retry costs 14, a throttle 5). The SDK's default of
/// 500 suits single calls; a push is hundreds of them, and a service that answers a third
/// of them with errors still finishes it.
const RETRY_QUOTA: usize = 20_000;

/// What the bulk clients (Parameter Store, Secrets Manager) retry with, in their own
/// `partition` of retry tokens. Standard mode, not adaptive: with a third of the requests
/// failing (tests/ssm.rs), adaptive mode's client-side rate limiter made a push of 300 give
/// up; the bounded concurrency already keeps the request rate in check.
pub fn bulk_retries(partition: &'static str) -> (RetryConfig, RetryPartition) {
    let retry = RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(5));
    let quota = RetryPartition::custom(partition)
        .token_bucket(TokenBucket::new(RETRY_QUOTA))
        .build();
    (retry, quota)
}

/// Said when the SDK found no credentials anywhere it looks.
pub const NO_CREDENTIALS: &str = "no AWS credentials found (looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, \
     AWS_PROFILE and ~/.aws config and credentials files, SSO, web identity, container and \
     instance metadata); set AWS_PROFILE or export credentials";

/// Runs `jobs` with at most [`CONCURRENCY`] in flight, handing each result to `done` as
/// its job ends; the first failure cancels the rest.
pub async fn run_bounded<F, T, E>(
    jobs: impl Iterator<Item = F>,
    mut done: impl FnMut(T),
) -> Result<(), E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut running = JoinSet::new();
    for job in jobs {
        let permits = permits.clone();
        running.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("never closed");
            job.await
        });
    }
    while let Some(finished) = running.join_next().await {
        match finished.expect("a request task does not panic") {
            Ok(result) => done(result),
            Err(error) => {
                running.abort_all();
                return Err(error);
            }
        }
    }
    Ok(())
}
