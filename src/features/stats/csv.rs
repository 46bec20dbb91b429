//! CSV as spreadsheets read it safely: UTF-8, a header row, RFC 4180 quoting
//! (CRLF line ends; a cell with a comma, a quote or a line break is quoted,
//! its quotes doubled), and no formulas: a cell that begins with `=`, `+`,
//! `-`, `@` (or a tab or carriage return) gets a leading `'`, so a name like
//! `=HYPERLINK(…)` is shown as text instead of run. Plain numbers (`-5`,
//! `+3.5`) are left as they are: a spreadsheet reads them as numbers, and
//! nothing runs.

/// A header and its rows: what every export kind returns.
pub type Table = (Vec<&'static str>, Vec<Vec<String>>);

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// One cell, neutralised and quoted as needed.
pub fn cell(raw: &str) -> String {
    let risky = raw.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(raw);
    let value = if risky { format!("'{raw}") } else { raw.to_owned() };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// The whole document: the header, then the rows, each line ended by CRLF.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let joined: Vec<String> = cells.collect();
        out.push_str(&joined.join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| cell(h)));
    for row in rows {
        line(&mut row.iter().map(|c| cell(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small RFC 4180 reader, to read our output back.
    pub(crate) fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
            } else {
                match c {
                    '"' => quoted = true,
                    ',' => row.push(std::mem::take(&mut field)),
                    '\r' if chars.peek() == Some(&'\n') => {
                        chars.next();
                        row.push(std::mem::take(&mut field));
                        rows.push(std::mem::take(&mut row));
                    }
                    _ => field.push(c),
                }
            }
        }
        rows
    }

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("+7 999"), "'+7 999");
        assert_eq!(cell("-rm"), "'-rm");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(cell("-5"), "-5");
        assert_eq!(cell("+3.5"), "+3.5");
        assert_eq!(cell("-"), "'-");
        assert_eq!(cell(""), "");
        assert_eq!(cell("Ёлка"), "Ёлка");
    }

    #[test]
    fn reads_back() {
        let rows = vec![
            vec!["1".to_owned(), "Smith, John".to_owned()],
            vec!["2".to_owned(), "\"Quoted\"\nname".to_owned()],
            vec!["3".to_owned(), "=cmd|' /C calc'!A0".to_owned()],
            vec!["4".to_owned(), "Иван".to_owned()],
        ];
        let text = to_csv(&["id", "name"], &rows);
        assert!(text.ends_with("\r\n"));
        let back = parse(&text);
        assert_eq!(back[0], vec!["id", "name"]);
        assert_eq!(back[1], rows[0]);
        assert_eq!(back[2], rows[1]);
        assert_eq!(back[3], vec!["3".to_owned(), "'=cmd|' /C calc'!A0".to_owned()]);
        assert_eq!(back[4], rows[3]);
        assert_eq!(back.len(), 5);
    }
}
