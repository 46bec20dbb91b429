//! The registry from the command line (`hearth customers import|nps FILE.csv`,
//! with the bot's configuration from the environment): what main.rs calls,
//! and what the end-to-end tests call the same way.

use std::path::Path;

use super::import::{self, Report};
use crate::{
    config::{Config, Secret},
    db,
};

/// HEARTH_SECRET, which the registry cannot do without.
pub fn secret(config: &Config) -> anyhow::Result<&Secret> {
    config.secret.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "HEARTH_SECRET is not set: it is the key customers' emails, phones and access codes are hashed with (at least 16 characters; keep it, or nothing imported before will match)"
        )
    })
}

/// `hearth customers import FILE.csv`.
pub async fn import(config: &Config, file: &Path) -> anyhow::Result<Report> {
    let secret = secret(config)?;
    let db = db::connect(&config.database_url).await?;
    let report = import::import_file(&db, secret, file).await;
    db.close().await;
    Ok(report?)
}

/// `hearth customers nps FILE.csv` (no secret needed: nothing is hashed).
pub async fn nps(config: &Config, file: &Path) -> anyhow::Result<Report> {
    let db = db::connect(&config.database_url).await?;
    let report = import::import_nps_file(&db, file).await;
    db.close().await;
    Ok(report?)
}
