//! How this binary reaches Vault / OpenBao transit, GCP KMS and Azure Key Vault keys (and
//! Vault KV for `publish`): through the companion `secret-remote`, which [`install`]
//! makes the services of every such master key. Nothing starts until a key needs it, so
//! a run with age keys only never loads HTTP or TLS code (there is none in `secret`).

/// Makes the companion the remote key services; nothing starts until a key needs it.
pub fn install() {
    secret_core::remote::install(Box::new(secret_core::remote::companion::Companion::new()));
}
