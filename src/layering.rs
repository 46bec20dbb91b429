//! The house's floors, checked: each layer imports only the ones below it
//! (ARCHITECTURE.md, "The floors"). A test reads the sources as text, so a
//! new upward import fails `cargo test` naming the file.

#[cfg(test)]
mod tests {
    use std::{
        collections::BTreeSet,
        path::{Path, PathBuf},
    };

    fn src() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
    }

    /// The .rs files at `path` (a file, or a folder walked whole), but for
    /// test-only helpers (`testing.rs`).
    fn sources(path: &Path) -> Vec<PathBuf> {
        if path.is_file() {
            return vec![path.to_owned()];
        }
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                out.extend(sources(&p));
            } else if p.extension().is_some_and(|e| e == "rs")
                && p.file_name().is_some_and(|n| n != "testing.rs")
            {
                out.push(p);
            }
        }
        out
    }

    /// The top-level modules of the crate a file's code names (`crate::x…`,
    /// and each branch of `crate::{x, y::z}`), before its test module.
    fn crate_modules(text: &str) -> BTreeSet<String> {
        let code: String = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        let mut found = BTreeSet::new();
        let mut rest = code.as_str();
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // The branches at depth one of the braces that follow.
                let (mut depth, mut word, mut start) = (1, String::new(), true);
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 1 => start = true,
                        c if depth == 1 && start && (c.is_alphanumeric() || c == '_') => word.push(c),
                        _ if depth == 1 && !word.is_empty() => {
                            found.insert(std::mem::take(&mut word));
                            start = false;
                        }
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
                if !word.is_empty() {
                    found.insert(word);
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.insert(name);
            }
        }
        found
    }

    /// Files under `place` that name a module of `forbidden`, with the names.
    fn offenders(place: &str, forbidden: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for file in sources(&src().join(place)) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let bad: Vec<String> =
                crate_modules(&text).into_iter().filter(|m| forbidden.contains(&m.as_str())).collect();
            if !bad.is_empty() {
                out.push(format!("{} imports {}", file.display(), bad.join(", ")));
            }
        }
        out
    }

    const TOP: &[&str] = &["app", "tree", "web", "demo", "bench"];

    fn and(extra: &[&'static str]) -> Vec<&'static str> {
        extra.iter().chain(TOP).copied().collect()
    }

    #[test]
    fn the_reader_sees_grouped_and_inline_imports() {
        let text = "use crate::{\n    db::Db,\n    features::{a, b},\n    kernel,\n};\nfn f() { crate::ingest::x(); }";
        let names: Vec<String> = crate_modules(text).into_iter().collect();
        assert_eq!(names, ["db", "features", "ingest", "kernel"]);
    }

    #[test]
    fn the_base_imports_no_layer() {
        let above = and(&["features", "kernel", "ingest", "telegram", "scheduler"]);
        for base in [
            "config.rs",
            "db.rs",
            "i18n.rs",
            "clock.rs",
            "duration.rs",
            "named.rs",
            "phrase.rs",
            "charts.rs",
            "settings.rs",
        ] {
            assert_eq!(offenders(base, &above), Vec::<String>::new());
        }
    }

    #[test]
    fn the_edge_imports_nothing_above_it() {
        assert_eq!(
            offenders("telegram", &and(&["features", "kernel", "ingest", "scheduler"])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_kernel_imports_no_feature() {
        assert_eq!(offenders("kernel", &and(&["features", "ingest", "scheduler"])), Vec::<String>::new());
    }

    #[test]
    fn ingestion_and_the_scheduler_import_no_feature() {
        assert_eq!(offenders("ingest", &and(&["features"])), Vec::<String>::new());
        assert_eq!(offenders("scheduler.rs", &and(&["features"])), Vec::<String>::new());
    }

    #[test]
    fn no_feature_imports_the_top_of_the_house() {
        assert_eq!(offenders("features", TOP), Vec::<String>::new());
    }
}
