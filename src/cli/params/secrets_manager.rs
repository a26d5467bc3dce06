//! `secret push`, `pull` and `diff` with `--secrets-manager NAME`: an encrypted file
//! mirrored to and from AWS Secrets Manager, one JSON secret per file or (`--per-key`) one
//! secret per value, with the plan, `--dry-run` and `--yes` of the Parameter Store
//! commands.

use super::super::aws::secrets_manager;
use super::super::{Cli, CliError};
use super::{DiffArgs, PullArgs, PushArgs, confirm, progress_bar, write_pulled};
use secret_core::ops::variables::leaves_of;
use secret_core::secrets_manager::{Current, Layout, Plan, apply, existing_values, fetch};

pub fn push(args: &PushArgs, name: &str) -> Result<(), CliError> {
    let layout = Layout::parse(name, args.sm.per_key)?;
    let wanted = layout.values_of(leaves_of(&args.file)?)?;
    // Every name and size is checked before the first request.
    layout.check(&wanted)?;
    let sm = secrets_manager(args.aws_profile.as_deref())?;
    let current = fetch(sm.as_ref(), &layout)?;
    let plan = Plan::between(&wanted, &current.values, args.prune);
    print_plan(&layout, &plan, &current);
    if args.dry_run || plan.is_empty() {
        return Ok(());
    }
    confirm(args.yes, "secrets")?;
    let total = match layout {
        Layout::Json(_) => 1,
        Layout::PerKey(_) => (plan.added.len() + plan.changed.len() + plan.removed.len()) as u64,
    };
    let bar = progress_bar(total);
    let result = apply(
        sm.as_ref(),
        &layout,
        &plan,
        &wanted,
        &current,
        args.kms_key.clone(),
        &|count| bar.inc(count),
    );
    bar.finish_and_clear();
    result.map_err(CliError::SecretsManagerInterrupted)
}

pub fn pull(cli: &Cli, args: &PullArgs, name: &str) -> Result<(), CliError> {
    let layout = Layout::parse(name, args.sm.per_key)?;
    let sm = secrets_manager(args.keys.aws_profile.as_deref())?;
    let remote = existing_values(sm.as_ref(), &layout)?;
    write_pulled(cli, args, &layout, &remote, &|leaves| {
        Ok(layout.values_of(leaves)?)
    })
}

pub fn diff(args: &DiffArgs, name: &str) -> Result<(), CliError> {
    let layout = Layout::parse(name, args.sm.per_key)?;
    let wanted = layout.values_of(leaves_of(&args.file)?)?;
    let sm = secrets_manager(args.aws_profile.as_deref())?;
    let current = fetch(sm.as_ref(), &layout)?;
    print_plan(
        &layout,
        &Plan::between(&wanted, &current.values, true),
        &current,
    );
    Ok(())
}

/// The plan, names only, and the secrets a push would restore from scheduled deletion.
fn print_plan(layout: &Layout, plan: &Plan, current: &Current) {
    print!("{}: {plan}", layout.label());
    for name in current.restored_by(layout, plan) {
        println!("  ! {name} is scheduled for deletion; a push restores it");
    }
}
