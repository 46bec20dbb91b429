//! HTML parse mode helpers: every user-supplied string goes through `escape`.

pub use teloxide::utils::html::escape;

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

/// A clickable mention that works without a username.
pub fn mention(user_id: i64, first: &str, last: Option<&str>) -> String {
    format!("<a href=\"tg://user?id={user_id}\">{}</a>", name(first, last))
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
    fn truncate_respects_chars() {
        assert_eq!(truncate("привет", 3), "пр…");
        assert_eq!(truncate("hi", 3), "hi");
    }

    #[test]
    fn fit_lines_stays_under_limit() {
        let lines: Vec<String> = (0..1000).map(|i| format!("line number {i} with some text")).collect();
        let out = fit_lines("head", &lines, |n| format!("…and {n} more"));
        assert!(out.chars().count() <= MAX_TEXT);
        assert!(out.ends_with("more"));
    }
}
