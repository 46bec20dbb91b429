//! Data Telegram signs with the bot's token, checked as Telegram documents:
//! a Mini App's `initData` (core.telegram.org/bots/webapps, "Validating data
//! received via the Mini App") and the Login Widget's fields, which a
//! `login_url` button hands to its page (core.telegram.org/widgets/login,
//! "Checking authorization").
//!
//! ```text
//! data_check_string = every field but hash, as key=value, sorted by key, joined by "\n"
//! Mini App:      secret = HMAC-SHA256(key = "WebAppData", msg = bot token)
//! Login Widget:  secret = SHA-256(bot token)
//! hash          = hex(HMAC-SHA256(key = secret, msg = data_check_string))
//! ```
//!
//! The hash is compared in constant time; data signed more than `max_age`
//! ago (by its `auth_date`) is refused, so a leaked link or page cannot be
//! replayed for long. Errors never carry the data, the hash or the token.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The longest signed data accepted, in bytes (Telegram's is well under 4 KiB).
pub const MAX_LEN: usize = 8 * 1024;
/// How far ahead of our clock an `auth_date` may be (clocks drift).
const CLOCK_SKEW: i64 = 300;

/// Who Telegram says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUser {
    pub id: u64,
    pub first_name: String,
    pub username: Option<String>,
    /// IETF language tag of the user's Telegram (Mini Apps only).
    pub language_code: Option<String>,
    /// When Telegram signed it.
    pub auth_date: DateTime<Utc>,
}

/// Why signed data is refused. For logs and a 401: it names the failure,
/// never the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignedError {
    #[error("the sign-in data is too long")]
    TooLong,
    #[error("the sign-in data is not well formed")]
    Malformed,
    #[error("the sign-in data has no hash")]
    NoHash,
    #[error("the sign-in data's hash does not match: altered, or signed for another bot")]
    Forged,
    #[error("the sign-in data has expired")]
    Expired,
    #[error("the sign-in data is dated in the future")]
    FromTheFuture,
}

/// A Mini App's `initData` (the URL-encoded query string Telegram gives the
/// page), checked with the bot's `token` at `now`.
pub fn check_web_app(
    init_data: &str,
    token: &str,
    now: DateTime<Utc>,
    max_age: Duration,
) -> Result<SignedUser, SignedError> {
    if init_data.len() > MAX_LEN {
        return Err(SignedError::TooLong);
    }
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(init_data.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let secret = {
        let mut mac = HmacSha256::new_from_slice(b"WebAppData").map_err(|_| SignedError::Malformed)?;
        mac.update(token.as_bytes());
        mac.finalize().into_bytes()
    };
    verify(&fields, &secret)?;
    let auth_date = fresh(&fields, now, max_age)?;
    let user = field(&fields, "user").ok_or(SignedError::Malformed)?;
    let user: WebAppUser = serde_json::from_str(user).map_err(|_| SignedError::Malformed)?;
    Ok(SignedUser {
        id: user.id,
        first_name: user.first_name,
        username: user.username,
        language_code: user.language_code,
        auth_date,
    })
}

/// The Login Widget's fields (a `login_url` button's query: id, first_name,
/// last_name, username, photo_url, auth_date, hash), checked with the bot's
/// `token` at `now`.
pub fn check_login(
    fields: &[(String, String)],
    token: &str,
    now: DateTime<Utc>,
    max_age: Duration,
) -> Result<SignedUser, SignedError> {
    if fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>() > MAX_LEN {
        return Err(SignedError::TooLong);
    }
    let secret = Sha256::digest(token.as_bytes());
    verify(fields, &secret)?;
    let auth_date = fresh(fields, now, max_age)?;
    let id = field(fields, "id").and_then(|id| id.parse().ok()).ok_or(SignedError::Malformed)?;
    Ok(SignedUser {
        id,
        first_name: field(fields, "first_name").unwrap_or_default().to_owned(),
        username: field(fields, "username").map(str::to_owned),
        language_code: None,
        auth_date,
    })
}

/// The `user` field of `initData` (the parts hearth uses).
#[derive(serde::Deserialize)]
struct WebAppUser {
    id: u64,
    #[serde(default)]
    first_name: String,
    username: Option<String>,
    language_code: Option<String>,
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Checks the `hash` field against the others, keyed by `secret`.
fn verify(fields: &[(String, String)], secret: &[u8]) -> Result<(), SignedError> {
    let mut hashes = fields.iter().filter(|(k, _)| k == "hash");
    let (Some((_, hash)), None) = (hashes.next(), hashes.next()) else {
        return Err(if fields.iter().any(|(k, _)| k == "hash") {
            SignedError::Malformed
        } else {
            SignedError::NoHash
        });
    };
    let expected = hex::decode(hash).map_err(|_| SignedError::Forged)?;
    let mut rest: Vec<&(String, String)> = fields.iter().filter(|(k, _)| k != "hash").collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    // A key given twice would make the check string ambiguous.
    if rest.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(SignedError::Malformed);
    }
    let check: Vec<String> = rest.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| SignedError::Malformed)?;
    mac.update(check.join("\n").as_bytes());
    mac.verify_slice(&expected).map_err(|_| SignedError::Forged)
}

/// The `auth_date`, if within `max_age` of `now` (and not ahead of it).
fn fresh(
    fields: &[(String, String)],
    now: DateTime<Utc>,
    max_age: Duration,
) -> Result<DateTime<Utc>, SignedError> {
    let at = field(fields, "auth_date")
        .and_then(|d| d.parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .ok_or(SignedError::Malformed)?;
    if at > now + Duration::seconds(CLOCK_SKEW) {
        return Err(SignedError::FromTheFuture);
    }
    if now - at > max_age {
        return Err(SignedError::Expired);
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

    // Computed independently with Python's hmac:
    //   fields = {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc", "user": <the JSON below>,
    //             "auth_date": "1764700000", "signature": "abc_DEF-123"}
    //   dcs = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    //   secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    //   hmac.new(secret, dcs.encode(), hashlib.sha256).hexdigest()
    //   urllib.parse.urlencode(list(fields.items()) + [("hash", h)], quote_via=urllib.parse.quote)
    const INIT_DATA: &str = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vlad%22%2C%22last_name%22%3A%22%3Cb%3E%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22allows_write_to_pm%22%3Atrue%7D&auth_date=1764700000&signature=abc_DEF-123&hash=2adccca4828aaeedf434298e1b96f2e1bc00987f3ab843b893f5e200f76c66e4";

    // The same for the Login Widget, with secret = hashlib.sha256(token.encode()).digest().
    const LOGIN_HASH: &str = "b407db4c7b7f31090625232a5b94961567abeee17aaf8a35aa34997ff90090fc";

    fn signed_at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_700_000, 0).unwrap_or_default()
    }

    fn day() -> Duration {
        Duration::days(1)
    }

    fn login(hash: &str) -> Vec<(String, String)> {
        [
            ("id", "279058397"),
            ("first_name", "Vlad"),
            ("username", "vdkfrost"),
            ("photo_url", "https://t.me/i/userpic/320/x.jpg"),
            ("auth_date", "1764700000"),
            ("hash", hash),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn a_mini_apps_init_data_signed_for_this_bot_is_accepted() {
        let now = signed_at() + Duration::hours(3);
        let user = check_web_app(INIT_DATA, TOKEN, now, day()).unwrap();
        assert_eq!((user.id, user.first_name.as_str()), (279058397, "Vlad"));
        assert_eq!((user.username.as_deref(), user.language_code.as_deref()), (Some("vdkfrost"), Some("ru")));
        assert_eq!(user.auth_date, signed_at());
    }

    #[test]
    fn altered_replayed_or_foreign_init_data_is_refused() {
        let now = signed_at();
        let other_bot = "654321:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
        assert_eq!(check_web_app(INIT_DATA, other_bot, now, day()), Err(SignedError::Forged));
        let altered = INIT_DATA.replace("279058397", "279058398");
        assert_eq!(check_web_app(&altered, TOKEN, now, day()), Err(SignedError::Forged));
        let later = INIT_DATA.replace("auth_date=1764700000", "auth_date=1764790000");
        assert_eq!(
            check_web_app(&later, TOKEN, now, day()),
            Err(SignedError::Forged),
            "a fresher date is a forgery"
        );
        let hashless = INIT_DATA.split("&hash=").next().unwrap_or_default();
        assert_eq!(check_web_app(hashless, TOKEN, now, day()), Err(SignedError::NoHash));
        let twice = format!("{INIT_DATA}&hash=00");
        assert_eq!(check_web_app(&twice, TOKEN, now, day()), Err(SignedError::Malformed));
        let not_hex = INIT_DATA.replace("hash=2a", "hash=zz");
        assert_eq!(check_web_app(&not_hex, TOKEN, now, day()), Err(SignedError::Forged));
        assert_eq!(
            check_web_app(INIT_DATA, TOKEN, now + Duration::hours(25), day()),
            Err(SignedError::Expired)
        );
        assert_eq!(
            check_web_app(INIT_DATA, TOKEN, now - Duration::hours(1), day()),
            Err(SignedError::FromTheFuture)
        );
        assert_eq!(check_web_app(&"a=b&".repeat(3000), TOKEN, now, day()), Err(SignedError::TooLong));
        assert_eq!(check_web_app("%%%&&&=", TOKEN, now, day()), Err(SignedError::NoHash));
        assert_eq!(check_web_app("", TOKEN, now, day()), Err(SignedError::NoHash));
    }

    #[test]
    fn a_login_widgets_fields_signed_for_this_bot_are_accepted() {
        let user = check_login(&login(LOGIN_HASH), TOKEN, signed_at(), day()).unwrap();
        assert_eq!((user.id, user.username.as_deref()), (279058397, Some("vdkfrost")));
        // The Mini App's key does not sign a login, nor the login's a Mini App.
        let webapp_hash = "2adccca4828aaeedf434298e1b96f2e1bc00987f3ab843b893f5e200f76c66e4";
        assert_eq!(check_login(&login(webapp_hash), TOKEN, signed_at(), day()), Err(SignedError::Forged));
    }

    #[test]
    fn altered_or_expired_logins_are_refused() {
        let now = signed_at();
        let mut altered = login(LOGIN_HASH);
        altered[0].1 = "1".into();
        assert_eq!(check_login(&altered, TOKEN, now, day()), Err(SignedError::Forged));
        let mut added = login(LOGIN_HASH);
        added.push(("last_name".into(), "X".into()));
        assert_eq!(check_login(&added, TOKEN, now, day()), Err(SignedError::Forged), "a field added");
        let mut removed = login(LOGIN_HASH);
        removed.remove(3);
        assert_eq!(check_login(&removed, TOKEN, now, day()), Err(SignedError::Forged), "a field removed");
        assert_eq!(
            check_login(&login(LOGIN_HASH), TOKEN, now + Duration::days(2), day()),
            Err(SignedError::Expired)
        );
        assert_eq!(check_login(&login(LOGIN_HASH)[..5], TOKEN, now, day()), Err(SignedError::NoHash));
        let mut long = login(LOGIN_HASH);
        long.push(("x".into(), "y".repeat(MAX_LEN)));
        assert_eq!(check_login(&long, TOKEN, now, day()), Err(SignedError::TooLong));
    }

    #[test]
    fn errors_never_carry_the_data() {
        let shown = [SignedError::Forged, SignedError::Expired, SignedError::Malformed]
            .iter()
            .map(|e| format!("{e} {e:?}"))
            .collect::<String>();
        assert!(!shown.contains("279058397") && !shown.contains(TOKEN) && !shown.contains("2adccca4"));
    }
}
