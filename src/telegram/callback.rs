//! Inline-button payloads. Each feature defines an enum of its buttons and
//! implements `Button` for it: one `encode` and one `decode`, written with
//! `Writer` and `Reader` as `<prefix>:<action>[:<field>…]`, at most 64 bytes
//! (Telegram's limit; a test encodes every variant with its longest fields).
//! Everything read back is untrusted: `decode` refuses anything it would not
//! have written, and handlers check what it names against the database.

use std::str::FromStr;

pub const MAX_LEN: usize = 64;

/// A feature's buttons as a typed value.
pub trait Button: Sized + Clone + Send + Sync + 'static {
    /// The feature's prefix, unique across features.
    const PREFIX: &'static str;

    /// The callback data (≤ 64 bytes for every value `examples` covers).
    fn encode(&self) -> String;

    /// The button `data` names, `None` for anything `encode` would not make.
    fn decode(data: &str) -> Option<Self>;

    /// Every variant with its longest fields, for the length test.
    fn examples() -> Vec<Self>;
}

/// Writes `<prefix>:<action>:<field>…`.
pub struct Writer(String);

impl Writer {
    pub fn new(prefix: &str, action: &str) -> Writer {
        Writer(format!("{prefix}:{action}"))
    }

    pub fn field(mut self, value: impl std::fmt::Display) -> Writer {
        use std::fmt::Write;
        let _ = write!(self.0, ":{value}");
        self
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Reads what `Writer` wrote: the action, then each field in turn; `end`
/// refuses leftovers.
pub struct Reader<'a> {
    parts: std::str::Split<'a, char>,
}

impl<'a> Reader<'a> {
    /// `None` unless `data` starts with `prefix:` and fits Telegram's limit.
    pub fn new(data: &'a str, prefix: &str) -> Option<(Reader<'a>, &'a str)> {
        if data.len() > MAX_LEN {
            return None;
        }
        let mut parts = data.split(':');
        if parts.next()? != prefix {
            return None;
        }
        let action = parts.next()?;
        Some((Reader { parts }, action))
    }

    /// The next field parsed as `T`.
    pub fn field<T: FromStr>(&mut self) -> Option<T> {
        self.parts.next()?.parse().ok()
    }

    /// The next field as text (for codes matched by the caller).
    pub fn word(&mut self) -> Option<&'a str> {
        self.parts.next()
    }

    /// The next field if there is one: `Some(None)` when the data ended,
    /// `None` when it is there but unreadable.
    pub fn optional<T: FromStr>(&mut self) -> Option<Option<T>> {
        match self.parts.next() {
            None => Some(None),
            Some(raw) => raw.parse().ok().map(Some),
        }
    }

    /// `Some(value)` if nothing is left over.
    pub fn end<T>(mut self, value: T) -> Option<T> {
        self.parts.next().is_none().then_some(value)
    }
}

/// Checks a `Button` type: every example encodes within 64 bytes under its
/// prefix and decodes back to itself. An `Err` names the first that does not.
pub fn check<B: Button + PartialEq + std::fmt::Debug>() -> Result<(), String> {
    let examples = B::examples();
    if examples.is_empty() {
        return Err(format!("{}: no examples", B::PREFIX));
    }
    for example in examples {
        let data = example.encode();
        if data.len() > MAX_LEN {
            return Err(format!("{example:?} encodes to {} bytes: {data}", data.len()));
        }
        if !data.starts_with(&format!("{}:", B::PREFIX)) {
            return Err(format!("{example:?} encodes without its prefix: {data}"));
        }
        if B::decode(&data).as_ref() != Some(&example) {
            return Err(format!("{example:?} does not decode back from {data}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Demo {
        Vote { poll: i64, score: u8 },
        Plain,
    }

    impl Button for Demo {
        const PREFIX: &'static str = "demo";

        fn encode(&self) -> String {
            match self {
                Demo::Vote { poll, score } => {
                    Writer::new(Self::PREFIX, "v").field(poll).field(score).finish()
                }
                Demo::Plain => Writer::new(Self::PREFIX, "p").finish(),
            }
        }

        fn decode(data: &str) -> Option<Self> {
            let (mut r, action) = Reader::new(data, Self::PREFIX)?;
            match action {
                "v" => {
                    let value = Demo::Vote { poll: r.field()?, score: r.field()? };
                    r.end(value)
                }
                "p" => r.end(Demo::Plain),
                _ => None,
            }
        }

        fn examples() -> Vec<Self> {
            vec![Demo::Vote { poll: i64::MIN, score: u8::MAX }, Demo::Plain]
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(check::<Demo>(), Ok(()));
        assert_eq!(Demo::decode("demo:v:12:9"), Some(Demo::Vote { poll: 12, score: 9 }));
        for forged in
            ["demo:v:12", "demo:v:12:9:1", "demo:v:x:9", "demo:v:1:300", "nps:v:1:2", "demo", "", "demo:q"]
        {
            assert_eq!(Demo::decode(forged), None, "{forged}");
        }
        assert_eq!(Demo::decode(&format!("demo:v:1:{}", "1".repeat(80))), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Demo::decode(&s);
        }
    }
}
