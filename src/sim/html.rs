//! Telegram's HTML parse mode, as strictly as Telegram checks it: a stray `<`
//! or `&` in a message is a 400 "can't parse entities", exactly the bug that
//! unescaped user names cause.

const TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

/// Returns the visible text, or Telegram's error description.
pub fn parse(html: &str) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').ok_or_else(|| err("unclosed start tag"))?;
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(top) if top == name => {}
                        _ => return Err(err(&format!("unexpected end tag \"{name}\""))),
                    }
                } else {
                    let name = inner.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                    if !TAGS.contains(&name.as_str()) {
                        return Err(err(&format!("unsupported start tag \"{name}\"")));
                    }
                    open.push(name);
                }
                rest = &rest[end + 1..];
            }
            '&' => {
                let end = rest.find(';').filter(|&e| e <= 10).ok_or_else(|| err("unclosed entity"))?;
                let entity = &rest[1..end];
                let decoded = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => entity
                        .strip_prefix('#')
                        .and_then(|n| match n.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse().ok(),
                        })
                        .and_then(char::from_u32)
                        .ok_or_else(|| err(&format!("unsupported entity \"{entity}\"")))?,
                };
                out.push(decoded);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if let Some(tag) = open.pop() {
        return Err(err(&format!("can't find end tag corresponding to start tag \"{tag}\"")));
    }
    Ok(out)
}

fn err(detail: &str) -> String {
    format!("Bad Request: can't parse entities: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_escaped_and_rejects_raw() {
        assert_eq!(parse("<b>a &lt;b&gt;</b> &amp; <a href=\"tg://user?id=1\">x</a>").unwrap(), "a <b> & x");
        assert!(parse("<b>x").is_err());
        assert!(parse("a < b").is_err());
        assert!(parse("Tom & Jerry").is_err());
        assert!(parse("<script>").is_err());
    }
}
