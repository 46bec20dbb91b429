//! Access codes: made by `hearth customers codes` (one per customer without
//! one, only their keyed hash stored), typed by the customer in a DM with
//! the bot. A code is single-use — bound to the first account that redeems
//! it — and an account may type `WRONG_CODES_PER_HOUR` wrong ones an hour,
//! then it waits (and is told how long).

use std::io::Read;

use chrono::Duration;
use teloxide::types::{Message, User};

use super::{logic, proofs, store};
use crate::{
    db::Db,
    features::customers::{
        keys::{self, Kind},
        store::{self as customers, Via},
    },
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, send::reply},
};

/// A DM while no dialogue is open: a code, if it looks like one.
pub async fn on_free_message(bot: &HearthBot, ctx: &Ctx, msg: &Message) -> HandlerResult {
    let Some(user) = msg.from.as_ref().filter(|u| !u.is_bot) else { return Ok(()) };
    match msg.text() {
        Some(text) if ctx.config.secret.is_some() && logic::looks_like_code(text) => {
            redeem(bot, ctx, msg, user, text).await
        }
        _ => Ok(()),
    }
}

/// Checks a typed code (unless the account must wait) and admits the
/// customer it belongs to.
pub async fn redeem(bot: &HearthBot, ctx: &Ctx, msg: &Message, user: &User, text: &str) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(secret) = &ctx.config.secret else { return Ok(()) };
    let now = ctx.clock.now();
    let wrong = store::wrong_since(&ctx.db, user.id, now - Duration::hours(1)).await?;
    if let Some(wait) = logic::code_wait(&wrong, now) {
        tracing::info!(user_id = user.id.0, "access code refused: too many wrong ones");
        reply(bot, msg, t!(lang, "entry-code-wait", minutes = logic::minutes(wait))).await?;
        return Ok(());
    }
    let customer = match keys::hash(secret, Kind::AccessCode, text) {
        Some(hash) => customers::by_code_hash(&ctx.db, &hash).await?,
        None => None,
    };
    let taken = match &customer {
        Some(c) => customers::linked_user(&ctx.db, &c.customer_id).await?.is_some_and(|u| u != user.id),
        None => false,
    };
    let (Some(customer), false) = (customer, taken) else {
        store::record_attempt(&ctx.db, user.id, now, false).await?;
        let mut wrong = wrong;
        wrong.push(now);
        let left = logic::WRONG_CODES_PER_HOUR.saturating_sub(wrong.len());
        tracing::info!(user_id = user.id.0, taken, left, "access code refused");
        let text = match (taken, logic::code_wait(&wrong, now)) {
            (true, _) => t!(lang, "entry-code-used"),
            (false, Some(wait)) => t!(lang, "entry-code-wrong-last", minutes = logic::minutes(wait)),
            (false, None) => t!(lang, "entry-code-wrong", left = left),
        };
        reply(bot, msg, text).await?;
        return Ok(());
    };
    store::record_attempt(&ctx.db, user.id, now, true).await?;
    proofs::admit(bot, ctx, msg, user, &customer, Via::AccessCode).await
}

/// Random bytes from the operating system (/dev/urandom); where it cannot
/// be read, from the OS-seeded keys of `RandomState` run through HMAC.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    if std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut out)).is_ok() {
        return out;
    }
    use hmac::{Hmac, Mac};
    use std::hash::{BuildHasher, Hasher};
    let mut seed = Vec::new();
    for i in 0..4u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        seed.extend_from_slice(&h.finish().to_le_bytes());
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    out.clear();
    let mut counter = 0u64;
    while out.len() < n {
        let Ok(mut mac) = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&seed) else { break };
        mac.update(&nanos.as_nanos().to_le_bytes());
        mac.update(&counter.to_le_bytes());
        out.extend_from_slice(&mac.finalize().into_bytes());
        counter += 1;
    }
    out.truncate(n);
    out
}

/// A fresh code (with a digit, so that a DM recognises it).
fn new_code() -> String {
    loop {
        if let Some(code) = logic::code_from(&random_bytes(32)).filter(|c| logic::looks_like_code(c)) {
            return code;
        }
    }
}

/// Makes a code for every customer without one and stores its hash:
/// `(customer_id, code)` for the company to send out (the codes themselves
/// are not kept).
pub async fn generate(db: &Db, secret: &crate::config::Secret) -> anyhow::Result<Vec<(String, String)>> {
    let mut made = Vec::new();
    for customer_id in customers::without_code(db).await? {
        // A clash with another customer's hash (60 bits: never, in practice) draws again.
        for _ in 0..3 {
            let code = new_code();
            let hash = keys::hash(secret, Kind::AccessCode, &code)
                .ok_or_else(|| anyhow::anyhow!("an access code hashed to nothing"))?;
            if customers::set_code_hash(db, &customer_id, &hash).await? {
                made.push((customer_id.clone(), code));
                break;
            }
            if customers::by_id(db, &customer_id).await?.is_some_and(|c| c.access_code_hash.is_some()) {
                break;
            }
        }
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_recognised() {
        let a = new_code();
        let b = new_code();
        assert_ne!(a, b);
        assert!(logic::looks_like_code(&a));
        assert_eq!(a.len(), 14);
        assert_eq!(random_bytes(100).len(), 100);
    }

    #[tokio::test]
    async fn one_code_per_customer_without_one() {
        let (_dir, db) = crate::db::scratch().await;
        for (id, code) in [("c-1", None), ("c-2", Some("had-one"))] {
            sqlx::query(
                "INSERT INTO customers (customer_id, access_code_hash, updated_at) VALUES (?, ?, '')",
            )
            .bind(id)
            .bind(code)
            .execute(&db)
            .await
            .unwrap();
        }
        let secret = crate::config::Secret::new("a-secret-of-16-chars-or-more");
        let made = generate(&db, &secret).await.unwrap();
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].0, "c-1");
        let hash = keys::hash(&secret, Kind::AccessCode, &made[0].1.to_lowercase()).unwrap();
        assert_eq!(customers::by_code_hash(&db, &hash).await.unwrap().unwrap().customer_id, "c-1");
        assert!(generate(&db, &secret).await.unwrap().is_empty(), "nobody is left without one");
    }
}
