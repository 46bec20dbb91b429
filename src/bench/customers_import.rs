//! The customer registry import: a generated CSV of many customers (emails,
//! phones, Telegram ids, dates, plans, some churned) through `hearth
//! customers import`'s own function into a fresh database — the first
//! import, then the same file again (every row unchanged).

use std::{io::Write, time::Instant};

use super::{BenchOptions, Benchmark, mark};
use crate::{config::Secret, features::customers::import};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "customers-import",
    about: "Import a CSV of 1 000 000 customers into the registry, then the same file again",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let count = opts.import_customers;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("customers.csv");
    eprintln!("customers-import: writing {count} customers …");
    write_file(&path, count)?;
    let mib = std::fs::metadata(&path)?.len() as f64 / (1024.0 * 1024.0);
    let db = crate::db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await?;
    let secret = Secret::new("a-benchmark-secret-of-16-chars");

    eprintln!("customers-import: importing {mib:.0} MiB …");
    let started = Instant::now();
    let first = import::import_file(&db, &secret, &path).await?;
    let first_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        first.added == count && first.rejected.is_empty(),
        "first import: {}",
        first.summary().lines().take(5).collect::<Vec<_>>().join("; ")
    );
    eprintln!("customers-import: importing it again …");
    let started = Instant::now();
    let again = import::import_file(&db, &secret, &path).await?;
    let again_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(again.unchanged == count, "re-import: {}", again.summary());
    db.close().await;

    Ok(format!(
        "| `hearth customers import` of {count} generated customers ({mib:.0} MiB of CSV: email, phone, Telegram id and username, dates, plan; 1 in 10 churned), into a fresh database / the same file again (all unchanged) | {first_secs:.1} s ({:.0} rows/s) / {again_secs:.1} s | < 60 s | {} |\n",
        count as f64 / first_secs,
        mark(first_secs < 60.0)
    ))
}

/// The generated CSV: every column the import knows but access codes.
fn write_file(path: &std::path::Path, count: u64) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "customer_id,email,phone,telegram_id,telegram_username,since,churned_at,plan")?;
    for i in 0..count {
        let churned =
            if i % 10 == 0 { format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1) } else { String::new() };
        writeln!(
            out,
            "cust-{i:08},Customer.{i}@Example.com,+1 555 {:07},{},user_{i},2025-{:02}-{:02},{churned},{}",
            i % 10_000_000,
            100_000_000 + i,
            i % 12 + 1,
            i % 28 + 1,
            ["basic", "pro", "\"team, yearly\""][(i % 3) as usize]
        )?;
    }
    out.flush()?;
    Ok(())
}
