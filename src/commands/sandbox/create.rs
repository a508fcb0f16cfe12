//! `tri agent sandbox create [--account-id N] [--image IMAGE | --source-repo OWNER/NAME
//! [--branch B]]`.

use super::super::shared::{created_doc, print_doc, CtxReporter};
use super::Ctx;
use crate::error::Result;
use crate::recorder::Recorder;
use crate::sandbox::lifecycle::{self, CreateOptions};
use crate::sandbox::SandboxProvider;
use crate::workspace::Workspace;
use clap::Args;

/// `tri agent sandbox create`.
#[derive(Debug, Args, Default)]
pub struct CreateArgs {
    /// Use this farm account (1..8) instead of choosing one.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub account_id: Option<u32>,
    /// A container image for the service to run, e.g. ghcr.io/owner/app:tag.
    #[arg(long, value_name = "IMAGE", conflicts_with = "source_repo")]
    pub image: Option<String>,
    /// A GitHub repository OWNER/NAME for Railway to build.
    #[arg(long, value_name = "OWNER/NAME")]
    pub source_repo: Option<String>,
    /// The branch of --source-repo to build.
    #[arg(long, value_name = "BRANCH", requires = "source_repo")]
    pub branch: Option<String>,
}

/// Runs `create` for `key`.
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    args: &CreateArgs,
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let opts = CreateOptions {
        account_id: args.account_id,
        image: args.image.clone(),
        source_repo: args.source_repo.clone(),
        branch: args.branch.clone(),
    };
    let created = lifecycle::create(
        ws,
        key,
        &opts,
        provider,
        &mut CtxReporter::new(ctx, recorder),
    )?;
    let doc = created_doc(ctx, key, created);
    Ok(print_doc(ctx, doc))
}
