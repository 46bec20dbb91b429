//! HTML parse mode helpers: every user-supplied string goes through `escape`.

pub use teloxide::utils::html::escape;
use teloxide::{types::MessageEntity, utils::render::Renderer};

/// Telegram's limit for one message's text, and for a caption.
pub const MAX_TEXT: usize = 4096;
pub const MAX_CAPTION: usize = 1024;

/// A user's display name: first and last name, escaped.
pub fn name(first: &str, last: Option<&str>) -> String {
    let full = match last {
        Some(last) if !last.trim().is_empty() => format!("{first} {last}"),
        _ => first.to_owned(),
    };
    let full = if full.trim().is_empty() { "…".to_owned() } else { full };
    escape(&truncate(&full, 64))
}

/// A link: `url` (escaped for the attribute) around `text`, which is HTML
/// already (escape what a user wrote first).
pub fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{}\">{text}</a>", escape(url).replace('"', "&quot;"))
}

/// A clickable mention that works without a username.
pub fn mention(user_id: i64, first: &str, last: Option<&str>) -> String {
    format!("<a href=\"tg://user?id={user_id}\">{}</a>", name(first, last))
}

/// A clickable mention of a user in hand (an update's sender, a newcomer):
/// the update's own name, which is fresher than a stored one.
pub fn mention_user(user: &teloxide::types::User) -> String {
    mention(user.id.0 as i64, &user.first_name, user.last_name.as_deref())
}

/// The text an HTML string shows, for places that take plain text (a
/// button's toast): tags dropped, Telegram's four entities decoded.
pub fn to_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// A message's text (or caption) as HTML with its formatting kept: its
/// entities rendered (teloxide's `Renderer`, which escapes the rest), from
/// the byte index `from` on (`0` for all of it; a cut inside a character
/// moves to the next one). Entities before the cut are dropped, those
/// across it clipped.
pub fn formatted(text: &str, entities: &[MessageEntity], from: usize) -> String {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let shift = text[..from].encode_utf16().count();
    let tail = &text[from..];
    let len = tail.encode_utf16().count();
    let kept: Vec<MessageEntity> = entities
        .iter()
        .filter_map(|e| {
            let start = e.offset.max(shift) - shift;
            let end = (e.offset + e.length).min(shift + len).checked_sub(shift)?;
            (end > start).then(|| MessageEntity { offset: start, length: end - start, ..e.clone() })
        })
        .collect();
    // The renderer hands back a text without entities as it is, unescaped.
    if kept.is_empty() { escape(tail) } else { Renderer::new(tail, &kept).as_html() }
}

/// A message's text, or else its caption, with the entities that go with it.
pub fn text_and_entities(msg: &teloxide::types::Message) -> (&str, &[MessageEntity]) {
    match (msg.text(), msg.caption()) {
        (Some(text), _) => (text, msg.entities().unwrap_or_default()),
        (None, Some(caption)) => (caption, msg.caption_entities().unwrap_or_default()),
        (None, None) => ("", &[]),
    }
}

/// A message's text or caption as HTML with its formatting kept, from the
/// byte `from` on (`formatted`): how a calendar post, a note and a
/// premoderated post keep what the member wrote.
pub fn message_html(msg: &teloxide::types::Message, from: usize) -> String {
    let (text, entities) = text_and_entities(msg);
    formatted(text, entities, from)
}

/// The visible length of an HTML message in UTF-16 units (how Telegram
/// counts its 4096 and 1024).
pub fn visible_len(html: &str) -> usize {
    to_plain(html).encode_utf16().count()
}

/// Cuts `s` to at most `max` characters on a char boundary, with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Cuts an HTML message so that its visible text fits `max` UTF-16 units
/// (how Telegram measures its 4096 and 1024 limits): never inside a tag or an
/// entity, with the tags left open closed again and an ellipsis at the cut.
/// Text that fits comes back unchanged.
pub fn truncate_html(s: &str, max: usize) -> String {
    enum Token<'a> {
        Open(&'a str, &'a str),
        Close(&'a str),
        Visible(&'a str, usize),
    }
    fn next_token(rest: &str) -> Option<Token<'_>> {
        let c = rest.chars().next()?;
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let inner = &rest[1..end];
            return Some(match inner.strip_prefix('/') {
                Some(_) => Token::Close(&rest[..=end]),
                None => Token::Open(&rest[..=end], inner.split_whitespace().next().unwrap_or("")),
            });
        }
        if c == '&'
            && let Some(end) = rest.find(';').filter(|&e| e <= 10)
        {
            // A numeric entity may stand for a character outside the BMP.
            let units = if rest[1..end].starts_with('#') { 2 } else { 1 };
            return Some(Token::Visible(&rest[..=end], units));
        }
        Some(Token::Visible(&rest[..c.len_utf8()], c.len_utf16()))
    }
    let visible_len = {
        let (mut rest, mut n) = (s, 0);
        while let Some(tok) = next_token(rest) {
            let raw = match tok {
                Token::Open(raw, _) | Token::Close(raw) => raw,
                Token::Visible(raw, units) => {
                    n += units;
                    raw
                }
            };
            rest = &rest[raw.len()..];
        }
        n
    };
    if visible_len <= max {
        return s.to_owned();
    }
    let budget = max.saturating_sub(1);
    let (mut out, mut open, mut used, mut rest) = (String::new(), Vec::new(), 0, s);
    while let Some(tok) = next_token(rest) {
        let raw = match tok {
            Token::Open(raw, name) => {
                open.push(name.to_ascii_lowercase());
                raw
            }
            Token::Close(raw) => {
                open.pop();
                raw
            }
            Token::Visible(raw, units) => {
                if used + units > budget {
                    break;
                }
                used += units;
                raw
            }
        };
        out.push_str(raw);
        rest = &rest[raw.len()..];
    }
    out.push('…');
    for name in open.iter().rev() {
        out.push_str(&format!("</{name}>"));
    }
    out
}

/// Joins lines into one message, dropping whole lines past Telegram's limit
/// (counted generously on the HTML, so tags never get cut in half).
pub fn fit_lines(header: &str, lines: &[String], more: impl Fn(usize) -> String) -> String {
    let mut out = header.to_owned();
    for (i, line) in lines.iter().enumerate() {
        let tail = more(lines.len() - i);
        if out.chars().count() + line.chars().count() + tail.chars().count() + 2 > MAX_TEXT {
            out.push('\n');
            out.push_str(&tail);
            return out;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped() {
        assert_eq!(name("<b>x</b>", Some("&")), "&lt;b&gt;x&lt;/b&gt; &amp;");
        assert_eq!(mention(7, "*_[", None), "<a href=\"tg://user?id=7\">*_[</a>");
        assert_eq!(name("  ", None), "…");
    }

    #[test]
    fn formatting_is_kept_from_a_cut_on() {
        use teloxide::types::MessageEntityKind;
        let entity = |kind, offset, length| MessageEntity { kind, offset, length };
        // "/note x Hello <you> & 😀 world": "Hello" bold, "world" italic.
        let text = "/note x Hello <you> & 😀 world";
        let from = text.find("Hello").unwrap();
        let entities = [
            entity(MessageEntityKind::BotCommand, 0, 5),
            entity(MessageEntityKind::Bold, 8, 5),
            entity(MessageEntityKind::Italic, 25, 5),
        ];
        assert_eq!(formatted(text, &entities, from), "<b>Hello</b> &lt;you&gt; &amp; 😀 <i>world</i>");
        assert_eq!(formatted("a<b", &[], 0), "a&lt;b");
        // An entity across the cut is clipped to it.
        assert_eq!(formatted("abcdef", &[entity(MessageEntityKind::Bold, 1, 4)], 3), "<b>de</b>f");
    }

    #[test]
    fn truncate_respects_chars() {
        assert_eq!(truncate("привет", 3), "пр…");
        assert_eq!(truncate("hi", 3), "hi");
    }

    #[test]
    fn truncate_html_never_cuts_a_tag_or_an_entity() {
        let long = format!("<b>{}</b> &amp; <a href=\"https://x.y\">link</a>", "я".repeat(5000));
        let cut = truncate_html(&long, MAX_TEXT);
        let visible = crate::sim::visible_text(&cut);
        assert!(crate::sim::html_is_valid(&cut), "{}", &cut[cut.len() - 40..]);
        assert_eq!(visible.encode_utf16().count(), MAX_TEXT);
        assert!(cut.ends_with("…</b>"));
        assert_eq!(truncate_html("<i>short &lt;</i>", 10), "<i>short &lt;</i>");
        assert_eq!(truncate_html("ab&amp;cd", 3), "ab…");
        assert_eq!(truncate_html("😀😀😀", 4), "😀…");
    }

    proptest::proptest! {
        #[test]
        fn truncated_html_stays_valid_and_fits(
            parts in proptest::collection::vec((0u8..4, "[a-zя😀 ]{0,20}"), 0..40),
            max in 1usize..200,
        ) {
            let mut html = String::new();
            for (kind, text) in parts {
                match kind {
                    0 => html.push_str(&format!("<b>{}</b>", escape(&text))),
                    1 => html.push_str(&format!("<a href=\"tg://user?id=1\">{}</a>", escape(&text))),
                    2 => html.push_str("&amp;&lt;"),
                    _ => html.push_str(&escape(&text)),
                }
            }
            let cut = truncate_html(&html, max);
            proptest::prop_assert!(crate::sim::html_is_valid(&cut), "{}", cut);
            proptest::prop_assert!(crate::sim::visible_text(&cut).encode_utf16().count() <= max);
        }
    }

    #[test]
    fn fit_lines_stays_under_limit() {
        let lines: Vec<String> = (0..1000).map(|i| format!("line number {i} with some text")).collect();
        let out = fit_lines("head", &lines, |n| format!("…and {n} more"));
        assert!(out.chars().count() <= MAX_TEXT);
        assert!(out.ends_with("more"));
    }
}
