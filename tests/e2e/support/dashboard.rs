//! The dashboard seen from outside: a bot that serves it (HEARTH_LISTEN on
//! 127.0.0.1:0, the public base an https address, as Telegram's buttons
//! need), and `Browser` — an HTTP client that signs in as Telegram's
//! `login_url` would have it and keeps the session cookie and the last
//! page's CSRF token.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::TestBot;

pub const PUBLIC_URL: &str = "https://dash.example.org";

/// A bot serving the dashboard.
pub async fn dashboard_bot() -> TestBot {
    TestBot::start_configured(
        |_| {},
        |c| {
            c.listen = Some("127.0.0.1:0".parse().expect("an address"));
            c.public_url = Some(url::Url::parse(PUBLIC_URL).expect("a URL"));
        },
    )
    .await
}

/// `fields` and their `hash` as a query string: HMAC-SHA256 with `secret`
/// over the sorted `key=value` lines, as Telegram signs its data.
fn signed_query(fields: &[(&str, String)], secret: &[u8]) -> String {
    let mut sorted: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    sorted.sort();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(sorted.join("\n").as_bytes());
    let hash = hex::encode(mac.finalize().into_bytes());
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        query.append_pair(k, v);
    }
    query.append_pair("hash", &hash);
    query.finish()
}

/// `fields` signed as Telegram signs a `login_url`'s (key: SHA-256 of the token).
pub fn signed_login(fields: &[(&str, String)], token: &str) -> String {
    signed_query(fields, &Sha256::digest(token.as_bytes()))
}

/// A Mini App's initData for `user` signed at `auth_date` (key: HMAC of the
/// token with "WebAppData"), speaking `lang`.
pub fn init_data(user: i64, auth_date: i64, lang: &str, token: &str) -> String {
    let mut key = Hmac::<Sha256>::new_from_slice(b"WebAppData").expect("any key length");
    key.update(token.as_bytes());
    let user_json = format!(r#"{{"id":{user},"first_name":"Olga","language_code":"{lang}"}}"#);
    let fields = [("auth_date", auth_date.to_string()), ("query_id", "AAE1".to_owned()), ("user", user_json)];
    signed_query(&fields, &key.finalize().into_bytes())
}

/// A user's login_url fields, signed now (by the bot's clock).
pub fn login_query(bot: &TestBot, user: i64) -> String {
    let now = bot.ctx().clock.now().timestamp();
    let name =
        bot.with(|w| w.users.get(&user).map(|u| u.first_name.clone())).unwrap_or_else(|| "User".into());
    signed_login(
        &[("id", user.to_string()), ("first_name", name), ("auth_date", now.to_string())],
        hearth::sim::TOKEN,
    )
}

pub struct Browser {
    pub base: String,
    client: reqwest::Client,
    cookie: Option<String>,
    csrf: Option<String>,
}

impl Browser {
    /// A browser with no session.
    pub fn new(bot: &TestBot) -> Browser {
        let addr = bot.hearth().addrs.listen.expect("HEARTH_LISTEN is served");
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        Browser { base: format!("http://{addr}"), client, cookie: None, csrf: None }
    }

    /// Signed in as `user` through a `login_url` (Telegram's signed fields).
    pub async fn login(bot: &TestBot, user: i64) -> Browser {
        let mut browser = Browser::new(bot);
        let (status, _) = browser.get(&format!("/dashboard/auth/login?{}", login_query(bot, user))).await;
        assert!(status == 303 || status == 200, "signed in: {status}");
        assert!(browser.cookie.is_some(), "a session cookie");
        browser
    }

    pub fn has_session(&self) -> bool {
        self.cookie.is_some()
    }

    fn keep(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(reqwest::header::SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or("");
            if let Some(token) = pair.strip_prefix("hearth_session=") {
                self.cookie = (!token.is_empty()).then(|| token.to_owned());
            }
        }
    }

    fn remember_csrf(&mut self, body: &str) {
        let marker = "name=\"csrf\" value=\"";
        if let Some(start) = body.find(marker).map(|i| i + marker.len())
            && let Some(len) = body[start..].find('"')
        {
            self.csrf = Some(body[start..start + len].to_owned());
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            req = req.header(reqwest::header::COOKIE, format!("hearth_session={cookie}"));
        }
        req
    }

    /// GET `path`: the status and the body (a redirect's Location as its body).
    pub async fn get(&mut self, path: &str) -> (u16, String) {
        let response = self.request(reqwest::Method::GET, path).send().await.expect("the server answers");
        self.read(response).await
    }

    async fn read(&mut self, response: reqwest::Response) -> (u16, String) {
        self.keep(&response);
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let to = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok());
            return (status, to.unwrap_or("").to_owned());
        }
        let body = response.text().await.unwrap_or_default();
        self.remember_csrf(&body);
        (status, body)
    }

    /// POSTs a form with the CSRF token of the last page read; a 303 is
    /// followed (the page it leads to).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POSTs exactly `fields` (no CSRF token added); a 303 is followed.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let response = self
            .request(reqwest::Method::POST, path)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("the server answers");
        let (status, body) = self.read(response).await;
        if status == 303 {
            return self.get(&body).await;
        }
        (status, body)
    }
}
