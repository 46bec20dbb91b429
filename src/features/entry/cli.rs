//! The company's side, from the command line (`hearth customers …`, with
//! the bot's configuration from the environment): a signed sign-in link for
//! a customer, access codes for the customers without one, and founders'
//! personal invite links from a file of customer ids.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use teloxide::{requests::Request, requests::Requester, types::ChatId};

use super::{codes, founders, signed_link};
use crate::{
    config::Config,
    db,
    features::{
        customers::{csv_input, store as customers},
        stats::csv::to_csv,
    },
    kernel::deep_link::StartPayload,
    telegram,
};

/// The longest a signed link may be valid (days).
pub const MAX_DAYS: u32 = 3650;

/// `hearth customers link <customer_id> [--days N] [--bot NAME]`: the link,
/// valid `days` from `now` (the bot's username from Telegram unless given).
pub async fn link(
    config: &Config,
    customer_id: &str,
    days: u32,
    bot: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let secret = config.link_secret.as_ref().ok_or_else(|| {
        anyhow::anyhow!("HEARTH_LINK_SECRET is not set: it is the key links are signed with")
    })?;
    if !(1..=MAX_DAYS).contains(&days) {
        anyhow::bail!("--days must be 1 to {MAX_DAYS}");
    }
    let expires = (now + Duration::days(i64::from(days))).timestamp();
    // Checked before anything else is asked: an id too long for a link.
    signed_link::sign(secret.expose().as_bytes(), "check", customer_id, expires)?;
    let db = db::connect(&config.database_url).await?;
    if customers::by_id(&db, customer_id).await?.is_none() {
        anyhow::bail!("no customer {customer_id:?} in the registry (import them first)");
    }
    let username = match bot {
        Some(name) => signed_link::signed_username(name),
        None => {
            let me = telegram::raw_bot(config).get_me().send().await?;
            signed_link::signed_username(me.user.username.as_deref().unwrap_or(""))
        }
    };
    if username.is_empty() {
        anyhow::bail!("the bot has no username: pass --bot <username>");
    }
    let token = signed_link::sign(secret.expose().as_bytes(), &username, customer_id, expires)?;
    Ok(format!("https://t.me/{username}?start={}", StartPayload::Customer { token }.encode()))
}

/// `hearth customers codes [--out FILE]`: a code for each customer without
/// one (only its hash is stored); `customer_id,code` CSV, and how many.
pub async fn codes(config: &Config) -> anyhow::Result<(String, usize)> {
    let secret = config
        .secret
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("HEARTH_SECRET is not set: it is the key codes are hashed with"))?;
    let db = db::connect(&config.database_url).await?;
    let made = codes::generate(&db, secret).await?;
    let rows: Vec<Vec<String>> = made.iter().map(|(id, code)| vec![id.clone(), code.clone()]).collect();
    Ok((to_csv(&["customer_id", "code"], &rows)?, made.len()))
}

/// Writes `text` to a new file only (codes are never written over others),
/// readable by its owner alone where the system allows.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create {} (it must not exist): {e}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// The customer ids in a CSV file: the first column of each row (a
/// `customer_id` header skipped), each once, read by the registry's CSV reader.
pub fn ids_in(text: &[u8]) -> anyhow::Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for row in csv_input::first_column(text, "customer_id")? {
        for id in row.cells {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// `hearth customers invite FILE.csv --chat <id>`: a founder link for each
/// customer id in the file; `customer_id,link` CSV, and notes on the rest.
pub async fn invite(config: &Config, file: &Path, chat: i64) -> anyhow::Result<(String, Vec<String>)> {
    let text = std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let ids = ids_in(&text)?;
    if ids.is_empty() {
        anyhow::bail!("no customer ids in {}", file.display());
    }
    let db = db::connect(&config.database_url).await?;
    let bot = telegram::hearth_bot(telegram::raw_bot(config), config.limits);
    let invited = founders::invite(&bot, &db, ChatId(chat), &ids, None, Utc::now()).await?;
    let mut notes = Vec::new();
    if invited.no_right {
        notes.push(format!("the bot may not invite users to {chat}: make it an admin with that right"));
    }
    if !invited.unknown.is_empty() {
        notes.push(format!("not in the registry: {}", invited.unknown.join(", ")));
    }
    if !invited.failed.is_empty() {
        notes.push(format!("no link made for: {}", invited.failed.join(", ")));
    }
    Ok((invited.csv()?, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_a_csv_file() {
        let text = "customer_id,name\nc-1,\"Ann, Inc.\"\n\nc-2\nc-1,again\n";
        assert_eq!(ids_in(text.as_bytes()).unwrap(), ["c-1", "c-2"]);
        let err = ids_in(b"customer_id\nc-1\nc\xff\n").unwrap_err().to_string();
        assert!(err.contains("line 3, column 1"), "{err}");
    }

    #[test]
    fn files_are_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codes.csv");
        write_new(&path, "a").unwrap();
        assert!(write_new(&path, "b").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a");
    }
}
