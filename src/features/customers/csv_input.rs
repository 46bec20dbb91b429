//! The one way hearth reads a CSV file it is given (the registry import,
//! the NPS import, founders' invites): the `csv` crate, a UTF-8 BOM
//! skipped, CRLF or LF line ends, quoted cells (with commas, quotes and
//! line breaks in them), blank lines skipped, every cell trimmed. Text that
//! is not UTF-8 is an error naming its line and column; so is a header
//! without a required column, with a column it does not know, or with one
//! twice. A row with more or fewer cells than the header is the caller's to
//! reject (its line is known).

use std::io::Read;

/// Why a file cannot be read (the whole file is refused; nothing changes).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    #[error("line {line}, column {column}: not UTF-8 text (save the file as UTF-8)")]
    NotUtf8 { line: u64, column: usize },
    #[error("the file is empty: it needs a header row ({expected})")]
    Empty { expected: String },
    #[error("line 1: the header has no {0} column")]
    MissingColumn(&'static str),
    #[error("line 1, column {column}: unknown column {name:?} (known: {known})")]
    UnknownColumn { column: usize, name: String, known: String },
    #[error("line 1, column {column}: column {name:?} appears twice")]
    DuplicateColumn { column: usize, name: String },
    #[error("cannot read the file: {0}")]
    Read(String),
}

/// The columns a kind of file may have.
pub struct Columns {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Columns {
    fn known(&self) -> String {
        self.required.iter().chain(self.optional).copied().collect::<Vec<_>>().join(", ")
    }

    fn find(&self, name: &str) -> Option<&'static str> {
        self.required.iter().chain(self.optional).copied().find(|c| c.eq_ignore_ascii_case(name))
    }
}

/// A data row: the line it starts on (1 is the header) and its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// The input, noting where its line breaks are: the `csv` crate's own line
/// numbers skip blank lines and lag behind CRLF, so a record's line is found
/// from its byte offset instead.
struct Lines<R> {
    inner: R,
    read: u64,
    /// Line breaks (`\r` or `\n`, the flag says `\n`) not yet passed.
    breaks: std::cell::RefCell<std::collections::VecDeque<(u64, bool)>>,
    newlines_passed: std::cell::Cell<u64>,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let breaks = self.breaks.get_mut();
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' || *b == b'\r' {
                breaks.push_back((self.read + i as u64, *b == b'\n'));
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl<R> Lines<R> {
    fn new(inner: R) -> Lines<R> {
        Lines { inner, read: 0, breaks: Default::default(), newlines_passed: Default::default() }
    }

    /// The line (from 1) of the record the parser began at `byte`: past the
    /// line breaks there (blank lines, the previous record's end). Records
    /// are asked for in order.
    fn line_at(&self, byte: u64) -> u64 {
        let mut breaks = self.breaks.borrow_mut();
        let (mut start, mut passed) = (byte, self.newlines_passed.get());
        while let Some(&(at, newline)) = breaks.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            passed += u64::from(newline);
            breaks.pop_front();
        }
        self.newlines_passed.set(passed);
        passed + 1
    }
}

/// The reader every import uses (the settings of the one CSV path).
fn reader<R: Read>(input: R) -> ::csv::Reader<Lines<R>> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(Lines::new(input))
}

fn line_of<R: Read>(reader: &::csv::Reader<Lines<R>>, position: Option<&::csv::Position>) -> u64 {
    position.map(|p| reader.get_ref().line_at(p.byte())).unwrap_or(0)
}

/// A `csv` error as the person who made the file can act on it.
fn describe<R: Read>(reader: &::csv::Reader<Lines<R>>, err: ::csv::Error) -> CsvError {
    let line = line_of(reader, err.position());
    match err.kind() {
        ::csv::ErrorKind::Utf8 { err, .. } => CsvError::NotUtf8 { line, column: err.field() + 1 },
        ::csv::ErrorKind::Io(io) => CsvError::Read(io.to_string()),
        _ => CsvError::Read(format!("line {line}: {err}")),
    }
}

/// A CSV file with a header row of known columns, read row by row.
pub struct Table<R: Read> {
    reader: ::csv::Reader<Lines<R>>,
    /// The column each position of the header names.
    pub columns: Vec<&'static str>,
    record: ::csv::StringRecord,
}

impl<R: Read> Table<R> {
    /// Reads and checks the header.
    pub fn open(input: R, columns: &Columns) -> Result<Table<R>, CsvError> {
        let mut reader = reader(input);
        let mut header = ::csv::StringRecord::new();
        match reader.read_record(&mut header) {
            Ok(true) => {}
            Ok(false) => return Err(CsvError::Empty { expected: columns.known() }),
            Err(err) => return Err(describe(&reader, err)),
        }
        let mut found: Vec<&'static str> = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let Some(known) = columns.find(name) else {
                return Err(CsvError::UnknownColumn {
                    column: i + 1,
                    name: name.to_owned(),
                    known: columns.known(),
                });
            };
            if found.contains(&known) {
                return Err(CsvError::DuplicateColumn { column: i + 1, name: name.to_owned() });
            }
            found.push(known);
        }
        if let Some(missing) = columns.required.iter().find(|c| !found.contains(c)) {
            return Err(CsvError::MissingColumn(missing));
        }
        Ok(Table { reader, columns: found, record: ::csv::StringRecord::new() })
    }

    /// The next data row, `None` at the end.
    pub fn next_row(&mut self) -> Option<Result<Row, CsvError>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = line_of(&self.reader, self.record.position());
                Some(Ok(Row { line, cells: self.record.iter().map(str::to_owned).collect() }))
            }
            Err(err) => Some(Err(describe(&self.reader, err))),
        }
    }
}

/// Reads a whole file through, refusing it before anything is applied if any
/// line is unreadable: how many data rows it has.
pub fn check<R: Read>(input: R, columns: &Columns) -> Result<u64, CsvError> {
    let mut table = Table::open(input, columns)?;
    let mut rows = 0;
    while let Some(row) = table.next_row() {
        row?;
        rows += 1;
    }
    Ok(rows)
}

/// The first cell of each row, with its line, the header (if its first cell
/// is `header`) skipped: a list of ids, with or without a header row.
pub fn first_column<R: Read>(input: R, header: &str) -> Result<Vec<Row>, CsvError> {
    let mut reader = reader(input);
    let mut record = ::csv::StringRecord::new();
    let mut out = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => return Err(describe(&reader, err)),
        }
        let line = line_of(&reader, record.position());
        let Some(first) = record.get(0).filter(|c| !c.is_empty()) else { continue };
        if line == 1 && first.eq_ignore_ascii_case(header) {
            continue;
        }
        out.push(Row { line, cells: vec![first.to_owned()] });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Columns = Columns { required: &["customer_id"], optional: &["email", "plan"] };

    fn rows(text: &[u8]) -> Result<(Vec<&'static str>, Vec<Row>), CsvError> {
        let mut table = Table::open(text, &COLUMNS)?;
        let mut out = Vec::new();
        while let Some(row) = table.next_row() {
            out.push(row?);
        }
        Ok((table.columns.clone(), out))
    }

    fn row(line: u64, cells: &[&str]) -> Row {
        Row { line, cells: cells.iter().map(|c| c.to_string()).collect() }
    }

    #[test]
    fn bom_crlf_quotes_blank_lines_and_spaces() {
        let text = "\u{feff}Customer_ID,plan\r\nc-1, gold \r\n\r\n\"c-2\",\"Pro, yearly\"\r\n\"c-3\",\"two\r\nlines \"\"quoted\"\"\"\r\n";
        let (columns, got) = rows(text.as_bytes()).unwrap();
        assert_eq!(columns, ["customer_id", "plan"]);
        assert_eq!(
            got,
            [
                row(2, &["c-1", "gold"]),
                row(4, &["c-2", "Pro, yearly"]),
                row(5, &["c-3", "two\r\nlines \"quoted\""])
            ]
        );
    }

    #[test]
    fn a_header_must_name_known_columns_once_and_the_required_ones() {
        assert_eq!(rows(b"email,plan\nx,y\n").unwrap_err(), CsvError::MissingColumn("customer_id"));
        assert!(matches!(
            rows(b"customer_id,name\n").unwrap_err(),
            CsvError::UnknownColumn { column: 2, ref name, .. } if name == "name"
        ));
        assert!(matches!(
            rows(b"customer_id,plan,PLAN\n").unwrap_err(),
            CsvError::DuplicateColumn { column: 3, .. }
        ));
        assert!(matches!(rows(b"").unwrap_err(), CsvError::Empty { .. }));
        let err = rows(b"customer_id,name\n").unwrap_err().to_string();
        assert!(err.contains("line 1, column 2") && err.contains("\"name\""), "{err}");
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line_and_column() {
        let err = rows(b"customer_id,plan\nc-1,gold\nc-2,caf\xe9\n").unwrap_err();
        assert_eq!(err, CsvError::NotUtf8 { line: 3, column: 2 });
        assert_eq!(err.to_string(), "line 3, column 2: not UTF-8 text (save the file as UTF-8)");
        assert_eq!(
            check(&b"customer_id\nc-1\n\xff\n"[..], &COLUMNS).unwrap_err(),
            CsvError::NotUtf8 { line: 3, column: 1 }
        );
        assert_eq!(check(&b"customer_id\nc-1\nc-2\n"[..], &COLUMNS), Ok(2));
    }

    #[test]
    fn rows_keep_their_own_length_for_the_caller_to_judge() {
        let (_, got) = rows(b"customer_id,plan\nc-1\nc-2,a,b\n").unwrap();
        assert_eq!(got, [row(2, &["c-1"]), row(3, &["c-2", "a", "b"])]);
    }

    #[test]
    fn a_first_column_with_or_without_a_header() {
        let text = "customer_id,name\nc-1,\"Ann, Inc.\"\n\nc-2\n";
        assert_eq!(
            first_column(text.as_bytes(), "customer_id").unwrap(),
            [row(2, &["c-1"]), row(4, &["c-2"])]
        );
        assert_eq!(first_column(&b"c-9\r\n"[..], "customer_id").unwrap(), [row(1, &["c-9"])]);
        assert!(first_column(&b"c-1\n\xfe\n"[..], "customer_id").is_err());
    }
}
