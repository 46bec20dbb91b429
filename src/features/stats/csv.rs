//! CSV as spreadsheets read it safely: UTF-8, a header row, RFC 4180 (CRLF
//! line ends; a cell with a comma, a quote or a line break is quoted, its
//! quotes doubled; every record as long as the header), written by the
//! `csv` crate — and no formulas: a cell that begins with `=`, `+`, `-`,
//! `@` (or a tab or carriage return) gets a leading `'` first, so a name
//! like `=HYPERLINK(…)` is shown as text instead of run. Plain numbers
//! (`-5`, `+3.5`) are left as they are: a spreadsheet reads them as numbers,
//! and nothing runs.

use std::borrow::Cow;

/// A header and its rows: what every export kind returns.
pub type Table = (Vec<&'static str>, Vec<Vec<String>>);

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// The cell transform: a cell a spreadsheet would run as a formula made
/// inert (a leading `'`); any other cell as it is.
pub fn neutralise(raw: &str) -> Cow<'_, str> {
    if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(raw) {
        Cow::Owned(format!("'{raw}"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// The writer of every export: RFC 4180 (CRLF, quotes only where needed).
fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new())
}

/// One record, each cell neutralised.
fn write_record<'a>(
    out: &mut ::csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<(), ::csv::Error> {
    out.write_record(cells.into_iter().map(neutralise).collect::<Vec<_>>().iter().map(|c| c.as_bytes()))
}

/// What was written, as text (the cells were text, so it is UTF-8).
fn finish(out: ::csv::Writer<Vec<u8>>) -> Result<String, ::csv::Error> {
    let bytes = out.into_inner().map_err(|err| err.into_error())?;
    String::from_utf8(bytes).map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err).into())
}

/// The whole document: the header, then the rows, each line ended by CRLF.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, ::csv::Error> {
    let mut out = writer();
    write_record(&mut out, header.iter().copied())?;
    for row in rows {
        write_record(&mut out, row.iter().map(String::as_str))?;
    }
    finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cell as the document holds it: written beside another, so that
    /// an empty cell is nothing (alone in a record it would be `""`).
    fn cell(raw: &str) -> String {
        let doc = to_csv(&["cell", "next"], &[vec![raw.to_owned(), "x".to_owned()]]).unwrap();
        doc.strip_prefix("cell,next\r\n").and_then(|r| r.strip_suffix(",x\r\n")).unwrap().to_owned()
    }

    /// Reads our output back with the `csv` crate's reader.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
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
        let text = to_csv(&["id", "name"], &rows).unwrap();
        assert!(text.ends_with("\r\n"));
        let back = parse(&text);
        assert_eq!(back[0], vec!["id", "name"]);
        assert_eq!(back[1], rows[0]);
        assert_eq!(back[2], rows[1]);
        assert_eq!(back[3], vec!["3".to_owned(), "'=cmd|' /C calc'!A0".to_owned()]);
        assert_eq!(back[4], rows[3]);
        assert_eq!(back.len(), 5);
    }

    proptest::proptest! {
        #[test]
        fn any_table_reads_back_neutralised(
            rows in proptest::collection::vec(proptest::collection::vec("[a-zя0-9 ,\"\r\n\t=+@.'-]{0,8}", 3), 0..8)
        ) {
            let text = to_csv(&["a", "b", "c"], &rows).unwrap();
            let back = parse(&text);
            proptest::prop_assert_eq!(back.len(), rows.len() + 1);
            for (row, read) in rows.iter().zip(&back[1..]) {
                let expected: Vec<String> = row.iter().map(|c| neutralise(c).into_owned()).collect();
                proptest::prop_assert_eq!(read, &expected);
            }
        }
    }
}
