//! Entry's pure rules: the modes and policies as settings name them, what a
//! join request gets, access codes (their shape, their making, the limit on
//! wrong ones), the names of personal invite links, customer ids in a
//! message, and what a churn policy does to whom.

use chrono::{DateTime, Duration, Utc};

use crate::named::named_enum;

// ------------------------------------------------------------------ settings

/// `/set entry …`: who gets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Telegram's own rules; the bot leaves join requests alone.
    Open,
    /// Every applicant answers the entry question; the admins decide.
    Requests,
    /// Customers come in at once; others get `entry_fallback`.
    Customers,
}

named_enum!(Mode, "entry mode", {
    Open => "open",
    Requests => "requests",
    Customers => "customers",
});

/// `/set entry_fallback …`: what a non-customer gets in customers mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// An application to the admins, as in requests mode.
    Admins,
    /// A polite refusal (with the `/setentrylink` link).
    Decline,
}

named_enum!(Fallback, "entry fallback", {
    Admins => "admins",
    Decline => "decline",
});

/// `/set churned …`: what happens to a member whose customer churned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChurnPolicy {
    Keep,
    /// A warm goodbye in their DM (and a welcome back when they return).
    Goodbye,
    /// The goodbye, and out of the chat (banned and unbanned: free to rejoin).
    Remove,
}

named_enum!(ChurnPolicy, "churn policy", {
    Keep => "keep",
    Goodbye => "goodbye",
    Remove => "remove",
});

/// A setting's stored value as `T`, else `fallback` (a value from an older
/// version reads as the default).
pub fn setting<T: std::str::FromStr>(raw: &str, fallback: T) -> T {
    raw.parse().unwrap_or(fallback)
}

// ------------------------------------------------------------------ requests

/// Where a request to join stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Declined,
    /// Nobody decided within `request_expire_hours`: declined.
    Expired,
    /// Withdrawn by the applicant (Telegram: HIDE_REQUESTER_MISSING).
    Gone,
}

named_enum!(Status, "request status", {
    Pending => "pending",
    Approved => "approved",
    Declined => "declined",
    Expired => "expired",
    Gone => "gone",
});

/// Who or what decided a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// An admin's button.
    Admin,
    /// Proven a customer.
    Customer,
    /// Customers mode's `decline` fallback.
    Fallback,
    /// `request_expire_hours` passed.
    Expired,
    /// The applicant withdrew.
    Withdrawn,
}

named_enum!(How, "decision", {
    Admin => "admin",
    Customer => "customer",
    Fallback => "fallback",
    Expired => "expired",
    Withdrawn => "withdrawn",
});

/// What a join request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Open mode: not the bot's business.
    Ignore,
    /// The entry question in their DM, then an application to the admins
    /// (`code_hint`: they may prove they are a customer instead).
    Ask { code_hint: bool },
    /// A customer: approved at once.
    Approve,
    /// A polite refusal, then declined.
    Refuse,
}

pub fn plan(mode: Mode, fallback: Fallback, is_customer: bool) -> Plan {
    match (mode, is_customer, fallback) {
        (Mode::Open, ..) => Plan::Ignore,
        (Mode::Requests, ..) => Plan::Ask { code_hint: false },
        (Mode::Customers, true, _) => Plan::Approve,
        (Mode::Customers, false, Fallback::Admins) => Plan::Ask { code_hint: true },
        (Mode::Customers, false, Fallback::Decline) => Plan::Refuse,
    }
}

/// The longest answer kept (characters).
pub const MAX_ANSWER: usize = 1000;
/// The longest entry question (characters).
pub const MAX_QUESTION: usize = 500;

/// An answer as kept: trimmed, at most `MAX_ANSWER` characters; `None` when empty.
pub fn clean_answer(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(MAX_ANSWER).collect())
}

// ------------------------------------------------------------------ codes

/// Access codes are made from these 31 (no 0/O, 1/I/L: read aloud, typed by hand).
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Wrong codes an account may type in an hour.
pub const WRONG_CODES_PER_HOUR: usize = 5;

/// Characters in a code: `XXXX-XXXX-XXXX`, 31¹² ≈ 2⁵⁹ codes.
pub const CODE_LEN: usize = 12;

/// A code from random bytes, without bias (a byte of 248 or more is
/// skipped); `None` when they run out first.
pub fn code_from(random: &[u8]) -> Option<String> {
    let n = CODE_ALPHABET.len() as u8;
    let limit = 256 / usize::from(n) * usize::from(n);
    let chars: Vec<char> = random
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(CODE_LEN)
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % n)]))
        .collect();
    (chars.len() == CODE_LEN)
        .then(|| chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// Whether a DM looks like an access code (and is taken as a try): one
/// word of letters, digits and dashes, 6 to 40 of them, with a digit.
pub fn looks_like_code(text: &str) -> bool {
    let text = text.trim();
    let core: Vec<char> = text.chars().filter(|c| *c != '-').collect();
    (6..=40).contains(&core.len())
        && core.iter().all(char::is_ascii_alphanumeric)
        && core.iter().any(char::is_ascii_digit)
}

/// How long an account must wait before its next try, given the times of
/// its wrong codes: none while under `WRONG_CODES_PER_HOUR` in the last hour.
pub fn code_wait(wrong: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let hour = Duration::hours(1);
    let mut recent: Vec<DateTime<Utc>> =
        wrong.iter().copied().filter(|t| *t > now - hour && *t <= now).collect();
    if recent.len() < WRONG_CODES_PER_HOUR {
        return None;
    }
    recent.sort_unstable();
    // Once this one is an hour old, the count is under the limit again.
    let frees = recent[recent.len() - WRONG_CODES_PER_HOUR] + hour;
    Some(frees - now)
}

/// Minutes to tell someone who waits (rounded up, at least one).
pub fn minutes(wait: Duration) -> i64 {
    ((wait.num_seconds() + 59) / 60).max(1)
}

// ------------------------------------------------------------------ links

/// Telegram's limit on an invite link's name (characters).
pub const MAX_LINK_NAME: usize = 32;

/// What a personal invite link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A founder's, made by `/founders` or `hearth customers invite`.
    Founder,
    /// A proven customer's way in.
    Personal,
}

named_enum!(LinkKind, "link kind", {
    Founder => "founder",
    Personal => "personal",
});

/// The link's name (admins see it in the chat's invite links): the kind
/// and the customer id, within Telegram's 32 characters.
pub fn link_name(kind: LinkKind, customer_id: &str) -> String {
    let prefix = match kind {
        LinkKind::Founder => "founder ",
        LinkKind::Personal => "customer ",
    };
    format!("{prefix}{customer_id}").chars().take(MAX_LINK_NAME).collect()
}

/// The most customer ids one `/founders` takes.
pub const MAX_FOUNDERS: usize = 500;

/// Customer ids in a message or a file: separated by spaces, commas,
/// semicolons or lines, quotes dropped, a `customer_id` header skipped,
/// each once, in order, at most `MAX_FOUNDERS`.
pub fn parse_ids(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let words = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';');
    for word in words.map(|w| w.trim_matches(|c| c == '"' || c == '\'')) {
        if word.is_empty() || word.eq_ignore_ascii_case("customer_id") || out.iter().any(|o| o == word) {
            continue;
        }
        if out.len() == MAX_FOUNDERS {
            break;
        }
        out.push(word.to_owned());
    }
    out
}

// ------------------------------------------------------------------ churn

/// What a churn policy does to one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChurnActions {
    pub goodbye: bool,
    pub remove: bool,
}

/// Admins are never removed (they still get the goodbye).
pub fn churn_actions(policy: ChurnPolicy, is_admin: bool) -> ChurnActions {
    match policy {
        ChurnPolicy::Keep => ChurnActions::default(),
        ChurnPolicy::Goodbye => ChurnActions { goodbye: true, remove: false },
        ChurnPolicy::Remove => ChurnActions { goodbye: true, remove: !is_admin },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        assert_eq!(plan(Mode::Open, Fallback::Decline, true), Plan::Ignore);
        assert_eq!(plan(Mode::Requests, Fallback::Decline, true), Plan::Ask { code_hint: false });
        assert_eq!(plan(Mode::Customers, Fallback::Decline, true), Plan::Approve);
        assert_eq!(plan(Mode::Customers, Fallback::Admins, false), Plan::Ask { code_hint: true });
        assert_eq!(plan(Mode::Customers, Fallback::Decline, false), Plan::Refuse);
        assert_eq!(setting("customers", Mode::Open), Mode::Customers);
        assert_eq!(setting("nonsense", Mode::Open), Mode::Open);
    }

    #[test]
    fn codes_look_like_codes() {
        let code = code_from(&[0, 1, 2, 3, 250, 4, 5, 6, 7, 8, 9, 30, 31]).unwrap();
        assert_eq!(code, "2345-6789-ABZ2", "248 and above skipped");
        assert!(looks_like_code(&code));
        assert_eq!(code_from(&[0; 11]), None);
        assert!(looks_like_code(" ab12cd34 "));
        for not in
            ["hello", "I am a developer", "12345", "abc-de", "ab12 cd34", "ключ12345", &"a1".repeat(21)]
        {
            assert!(!looks_like_code(not), "{not}");
        }
        assert!(CODE_ALPHABET.iter().all(|c| !b"01ILO".contains(c)));
    }

    #[test]
    fn five_wrong_codes_an_hour_then_a_wait() {
        let t = |m: i64| DateTime::from_timestamp(1_800_000_000 + m * 60, 0).unwrap();
        let now = t(30);
        let four = [t(1), t(5), t(10), t(20)];
        assert_eq!(code_wait(&four, now), None);
        let five = [t(20), t(1), t(5), t(10), t(29)];
        assert_eq!(code_wait(&five, now), Some(Duration::minutes(31)));
        assert_eq!(minutes(Duration::minutes(31)), 31);
        assert_eq!(minutes(Duration::seconds(61)), 2);
        assert_eq!(minutes(Duration::seconds(1)), 1);
        // An hour after the oldest, one more try.
        assert_eq!(code_wait(&five, t(61)), None);
        // Six wrong: the second oldest decides.
        let six = [t(1), t(2), t(5), t(10), t(20), t(29)];
        assert_eq!(code_wait(&six, now), Some(Duration::minutes(32)));
    }

    #[test]
    fn link_names_fit_telegram() {
        assert_eq!(link_name(LinkKind::Founder, "c-1"), "founder c-1");
        let long = link_name(LinkKind::Personal, &"x".repeat(40));
        assert_eq!(long.chars().count(), MAX_LINK_NAME);
        assert!(link_name(LinkKind::Founder, &"я".repeat(40)).chars().count() <= MAX_LINK_NAME);
    }

    #[test]
    fn ids_in_a_message() {
        assert_eq!(parse_ids("customer_id\nc-1, c-2;c-3 \"c-4\"\n c-1"), ["c-1", "c-2", "c-3", "c-4"]);
        assert!(parse_ids("  ,; ").is_empty());
        let many: String = (0..600).map(|i| format!("c{i} ")).collect();
        assert_eq!(parse_ids(&many).len(), MAX_FOUNDERS);
    }

    #[test]
    fn churn_never_removes_admins() {
        assert_eq!(churn_actions(ChurnPolicy::Keep, false), ChurnActions::default());
        assert_eq!(churn_actions(ChurnPolicy::Goodbye, false), ChurnActions { goodbye: true, remove: false });
        assert_eq!(churn_actions(ChurnPolicy::Remove, false), ChurnActions { goodbye: true, remove: true });
        assert_eq!(churn_actions(ChurnPolicy::Remove, true), ChurnActions { goodbye: true, remove: false });
    }

    #[test]
    fn answers_are_trimmed_and_bounded() {
        assert_eq!(clean_answer("  hi "), Some("hi".into()));
        assert_eq!(clean_answer("   "), None);
        assert_eq!(clean_answer(&"я".repeat(2000)).unwrap().chars().count(), MAX_ANSWER);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = looks_like_code(&s);
            let _ = parse_ids(&s);
            let _ = clean_answer(&s);
            let _ = link_name(LinkKind::Founder, &s);
        }
    }
}
