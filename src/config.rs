//! Configuration from the environment (and a `.env` file, loaded by `main`),
//! validated once at start. Every error names the variable and the form it
//! expects.

use std::{fmt, net::SocketAddr, time::Duration};

use teloxide::adaptors::throttle::Limits;
use url::Url;

use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{var} is required: {expected}")]
    Missing { var: &'static str, expected: &'static str },
    #[error("{var}={value:?} is invalid: expected {expected}")]
    Invalid { var: &'static str, value: String, expected: &'static str },
}

/// A secret (the bot token, the API token, HMAC keys), kept out of logs and
/// `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

/// The bot token is a `Secret`.
pub type Token = Secret;

impl Secret {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Compares a secret someone sent with the one expected, in time that does
/// not depend on where they differ.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    given.len() == expected.len() && bool::from(given.ct_eq(expected))
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub token: Token,
    /// A local Bot API server (or the fake one in tests); `None` = api.telegram.org.
    pub api_url: Option<Url>,
    pub database_url: String,
    pub default_lang: Lang,
    /// Period of the background scheduler.
    pub tick: Duration,
    /// Long-polling timeout; kept below teloxide's 17 s HTTP timeout.
    pub poll_timeout: Duration,
    /// Outgoing message limits (Telegram: 1/s per chat, 20/min per group, 30/s overall).
    pub limits: Limits,
    /// Where hearth's HTTP server listens (HEARTH_LISTEN): the webhook, the
    /// CRM's API and the dashboard, whichever are configured.
    pub listen: Option<SocketAddr>,
    /// Webhook mode instead of long polling, when set (needs `listen`).
    pub webhook: Option<Webhook>,
    /// The bearer token the CRM's API requires (HEARTH_API_TOKEN; needs `listen`).
    pub api_token: Option<Secret>,
    /// The key of the hashes that keep customers' emails, phones and access
    /// codes unreadable (HEARTH_SECRET): required once customers are used.
    pub secret: Option<Secret>,
    /// The key that signs customers' links (HEARTH_LINK_SECRET).
    pub link_secret: Option<Secret>,
    /// The public base URL of hearth's pages (HEARTH_PUBLIC_URL): https, or
    /// http on a loopback address (tests, the demo).
    pub public_url: Option<Url>,
    /// Where /metrics, /healthz and /readyz are served, when set.
    pub metrics_addr: Option<SocketAddr>,
}

#[derive(Debug, Clone)]
pub struct Webhook {
    /// The public HTTPS URL Telegram posts to.
    pub url: Url,
    /// Checked on every request (X-Telegram-Bot-Api-Secret-Token).
    pub secret: Secret,
}

/// Telegram's published limits, with groups at 20/min (teloxide's default is 10).
pub fn telegram_limits() -> Limits {
    Limits {
        messages_per_sec_chat: 1,
        messages_per_min_chat: 20,
        messages_per_min_channel_or_supergroup: 20,
        messages_per_sec_overall: 30,
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `get`, so tests can validate without touching
    /// the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let token = get("TELOXIDE_TOKEN").ok_or(ConfigError::Missing {
            var: "TELOXIDE_TOKEN",
            expected: "the token @BotFather gave you, like 123456789:AA...",
        })?;
        if !looks_like_token(&token) {
            return Err(ConfigError::Invalid {
                var: "TELOXIDE_TOKEN",
                value: "***".into(),
                expected: "<bot id>:<secret>, as given by @BotFather",
            });
        }

        let api_url = match get("TELOXIDE_API_URL") {
            None => None,
            Some(raw) => {
                let url = Url::parse(raw.trim_end_matches('/'))
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or(ConfigError::Invalid {
                        var: "TELOXIDE_API_URL",
                        value: raw.clone(),
                        expected: "an http(s) URL such as http://127.0.0.1:8081",
                    })?;
                Some(url)
            }
        };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| "sqlite://hearth.db".to_owned());
        if !database_url.starts_with("sqlite:") {
            return Err(ConfigError::Invalid {
                var: "DATABASE_URL",
                value: database_url,
                expected: "a SQLite URL such as sqlite://hearth.db",
            });
        }

        let default_lang = match get("HEARTH_DEFAULT_LANG") {
            None => Lang::En,
            Some(raw) => Lang::parse(&raw).ok_or(ConfigError::Invalid {
                var: "HEARTH_DEFAULT_LANG",
                value: raw,
                expected: "en or ru",
            })?,
        };

        let tick = match get("HEARTH_TICK_SECS") {
            None => Duration::from_secs(60),
            Some(raw) => {
                raw.parse::<u64>().ok().filter(|s| (1..=86_400).contains(s)).map(Duration::from_secs).ok_or(
                    ConfigError::Invalid {
                        var: "HEARTH_TICK_SECS",
                        value: raw,
                        expected: "a whole number of seconds from 1 to 86400",
                    },
                )?
            }
        };

        let listen = match get("HEARTH_LISTEN") {
            None => None,
            Some(raw) => Some(raw.parse::<SocketAddr>().map_err(|_| ConfigError::Invalid {
                var: "HEARTH_LISTEN",
                value: raw.clone(),
                expected: "an address and port such as 0.0.0.0:8080",
            })?),
        };
        // What needs the HTTP server names it in the error.
        let needs_listen = |expected: &'static str| match listen {
            Some(_) => Ok(()),
            None => Err(ConfigError::Missing { var: "HEARTH_LISTEN", expected }),
        };
        let webhook = match get("HEARTH_WEBHOOK_URL") {
            None => None,
            Some(raw_url) => {
                let url = Url::parse(&raw_url).ok().filter(|u| u.scheme() == "https").ok_or(
                    ConfigError::Invalid {
                        var: "HEARTH_WEBHOOK_URL",
                        value: raw_url.clone(),
                        expected: "the public https:// URL Telegram should post updates to",
                    },
                )?;
                needs_listen("webhook mode needs the local address to listen on, such as 0.0.0.0:8080")?;
                let secret = match get("HEARTH_WEBHOOK_SECRET") {
                    Some(s)
                        if (1..=256).contains(&s.len())
                            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
                    {
                        Secret(s)
                    }
                    Some(_) => {
                        return Err(ConfigError::Invalid {
                            var: "HEARTH_WEBHOOK_SECRET",
                            value: "***".into(),
                            expected: "1 to 256 characters of A-Z, a-z, 0-9, _ and -",
                        });
                    }
                    None => Secret(random_secret()),
                };
                Some(Webhook { url, secret })
            }
        };
        let api_token = match get("HEARTH_API_TOKEN") {
            None => None,
            Some(t) if t.len() >= 16 && t.is_ascii() && !t.contains(char::is_whitespace) => {
                needs_listen("the CRM's API is served on HEARTH_LISTEN, such as 0.0.0.0:8080")?;
                Some(Secret(t))
            }
            Some(_) => {
                return Err(ConfigError::Invalid {
                    var: "HEARTH_API_TOKEN",
                    value: "***".into(),
                    expected: "at least 16 printable ASCII characters without spaces",
                });
            }
        };
        let key = |var: &'static str| match get(var) {
            None => Ok(None),
            Some(k) if k.len() >= 16 => Ok(Some(Secret(k))),
            Some(_) => {
                Err(ConfigError::Invalid { var, value: "***".into(), expected: "at least 16 characters" })
            }
        };
        let secret = key("HEARTH_SECRET")?;
        if api_token.is_some() && secret.is_none() {
            return Err(ConfigError::Missing {
                var: "HEARTH_SECRET",
                expected: "the key (at least 16 characters) customers' emails, phones and access codes are hashed with: the customers API (HEARTH_API_TOKEN) needs it",
            });
        }
        let link_secret = key("HEARTH_LINK_SECRET")?;
        let public_url = match get("HEARTH_PUBLIC_URL") {
            None => None,
            Some(raw) => {
                let url = Url::parse(raw.trim_end_matches('/')).ok().filter(public_url_allowed).ok_or(
                    ConfigError::Invalid {
                        var: "HEARTH_PUBLIC_URL",
                        value: raw.clone(),
                        expected: "the public https:// base URL of hearth's pages (http only for 127.0.0.1 or localhost)",
                    },
                )?;
                needs_listen("hearth's pages are served on HEARTH_LISTEN, such as 0.0.0.0:8080")?;
                Some(url)
            }
        };
        let metrics_addr = match get("HEARTH_METRICS_ADDR") {
            None => None,
            Some(raw) => Some(raw.parse::<SocketAddr>().map_err(|_| ConfigError::Invalid {
                var: "HEARTH_METRICS_ADDR",
                value: raw.clone(),
                expected: "an address and port such as 127.0.0.1:9090",
            })?),
        };

        Ok(Self {
            token: Secret(token),
            api_url,
            database_url,
            default_lang,
            tick,
            poll_timeout: Duration::from_secs(10),
            limits: telegram_limits(),
            listen,
            webhook,
            api_token,
            secret,
            link_secret,
            public_url,
            metrics_addr,
        })
    }
}

/// 64 hex characters from the OS-seeded keys of `RandomState` (a fresh
/// secret each start; setWebhook is called with it every time).
fn random_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    (0..4u64)
        .map(|i| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(i);
            format!("{:016x}", h.finish())
        })
        .collect()
}

/// https anywhere; http only on a loopback address (tests, the demo).
fn public_url_allowed(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => match url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

fn looks_like_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, secret)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !secret.is_empty()
                && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const TOKEN: (&str, &str) = ("TELOXIDE_TOKEN", "123:abc_DEF-1");

    #[test]
    fn defaults() {
        let c = load(&[TOKEN]).unwrap();
        assert_eq!(c.database_url, "sqlite://hearth.db");
        assert_eq!(c.default_lang, Lang::En);
        assert_eq!(c.tick, Duration::from_secs(60));
        assert!(c.api_url.is_none());
        assert_eq!(c.limits.messages_per_min_channel_or_supergroup, 20);
    }

    #[test]
    fn missing_token_names_the_variable() {
        let err = load(&[]).unwrap_err();
        assert!(err.to_string().starts_with("TELOXIDE_TOKEN is required"));
    }

    #[test]
    fn bad_values_name_variable_and_form() {
        let err = load(&[TOKEN, ("HEARTH_DEFAULT_LANG", "de")]).unwrap_err();
        assert_eq!(err.to_string(), "HEARTH_DEFAULT_LANG=\"de\" is invalid: expected en or ru");
        let err = load(&[TOKEN, ("HEARTH_TICK_SECS", "0")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_TICK_SECS"));
        let err = load(&[TOKEN, ("TELOXIDE_API_URL", "ftp://x")]).unwrap_err();
        assert!(err.to_string().contains("TELOXIDE_API_URL"));
        let err = load(&[TOKEN, ("DATABASE_URL", "postgres://x")]).unwrap_err();
        assert!(err.to_string().contains("DATABASE_URL"));
    }

    #[test]
    fn token_is_never_printed() {
        let err = load(&[("TELOXIDE_TOKEN", "123:zqzq with space")]).unwrap_err();
        assert!(!err.to_string().contains("zqzq"));
        let c = load(&[("TELOXIDE_TOKEN", "123:supersecret")]).unwrap();
        assert!(!format!("{c:?}").contains("supersecret"));
    }

    #[test]
    fn webhook_needs_url_and_listen() {
        let c = load(&[
            TOKEN,
            ("HEARTH_WEBHOOK_URL", "https://bot.example.com/tg"),
            ("HEARTH_LISTEN", "0.0.0.0:8080"),
        ])
        .unwrap();
        let hook = c.webhook.unwrap();
        assert_eq!(hook.secret.expose().len(), 64);
        let err = load(&[TOKEN, ("HEARTH_WEBHOOK_URL", "https://bot.example.com/tg")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_LISTEN"));
        let err =
            load(&[TOKEN, ("HEARTH_WEBHOOK_URL", "http://x"), ("HEARTH_LISTEN", "0.0.0.0:1")]).unwrap_err();
        assert!(err.to_string().contains("https"));
        let err = load(&[TOKEN, ("HEARTH_METRICS_ADDR", "nowhere")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_METRICS_ADDR"));
    }

    #[test]
    fn listen_alone_serves_pages_and_api_without_a_webhook() {
        let c = load(&[TOKEN, ("HEARTH_LISTEN", "127.0.0.1:8080")]).unwrap();
        assert!(c.webhook.is_none() && c.listen.is_some());
        let c = load(&[
            TOKEN,
            ("HEARTH_LISTEN", "127.0.0.1:8080"),
            ("HEARTH_API_TOKEN", "crm-token-0123456789"),
            ("HEARTH_SECRET", "a-secret-of-16-chars-or-more"),
            ("HEARTH_PUBLIC_URL", "https://bot.example.com/"),
        ])
        .unwrap();
        assert_eq!(c.public_url.unwrap().as_str(), "https://bot.example.com/");
        assert!(!format!("{:?}", c.api_token).contains("crm-token"));
        let err = load(&[TOKEN, ("HEARTH_API_TOKEN", "crm-token-0123456789")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_LISTEN"));
        // The API hashes emails and phones: it names the key it lacks.
        let err =
            load(&[TOKEN, ("HEARTH_LISTEN", "127.0.0.1:1"), ("HEARTH_API_TOKEN", "crm-token-0123456789")])
                .unwrap_err();
        assert!(err.to_string().contains("HEARTH_SECRET") && !err.to_string().contains("crm-token"), "{err}");
        let err =
            load(&[TOKEN, ("HEARTH_LISTEN", "127.0.0.1:1"), ("HEARTH_API_TOKEN", "short")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_API_TOKEN") && !err.to_string().contains("short"));
        for bad in ["http://bot.example.com", "ftp://x", "nonsense"] {
            let err =
                load(&[TOKEN, ("HEARTH_LISTEN", "127.0.0.1:1"), ("HEARTH_PUBLIC_URL", bad)]).unwrap_err();
            assert!(err.to_string().contains("HEARTH_PUBLIC_URL"), "{bad}");
        }
        for ok in ["http://127.0.0.1:8080", "http://localhost:9000/hearth", "https://h.example.org"] {
            assert!(
                load(&[TOKEN, ("HEARTH_LISTEN", "127.0.0.1:1"), ("HEARTH_PUBLIC_URL", ok)]).is_ok(),
                "{ok}"
            );
        }
        let err = load(&[TOKEN, ("HEARTH_SECRET", "tooshort")]).unwrap_err();
        assert!(err.to_string().contains("HEARTH_SECRET") && !err.to_string().contains("tooshort"));
    }

    #[test]
    fn api_url_trailing_slash_trimmed() {
        let c = load(&[TOKEN, ("TELOXIDE_API_URL", "http://127.0.0.1:8081/")]).unwrap();
        assert_eq!(c.api_url.unwrap().as_str(), "http://127.0.0.1:8081/");
    }
}
