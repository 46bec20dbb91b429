//! `hearth demo` end to end: the whole story runs against the simulated
//! Telegram, every chapter is told, and no step failed.

use hearth::demo::{DemoOptions, run, run_serving};

fn options(lang: &str, dir: &std::path::Path) -> DemoOptions {
    DemoOptions {
        db: Some(dir.join("demo.db")),
        lang: lang.to_owned(),
        chart: Some(dir.join("stats.png")),
        dashboard: false,
        port: 0,
    }
}

/// The lines of the transcript under each chapter heading.
fn chapters(transcript: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in transcript.lines() {
        if line.starts_with("━━ ") {
            out.push((line.to_owned(), Vec::new()));
        } else if let Some((_, lines)) = out.last_mut() {
            lines.push(line.to_owned());
        }
    }
    out
}

#[tokio::test]
async fn the_demo_tells_every_chapter_and_no_step_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = run(&options("en", dir.path()), false).await.expect("the demo runs");
    assert!(report.failures.is_empty(), "failed steps: {:?}\n{}", report.failures, report.transcript);
    assert_eq!(
        report.chapters,
        ["welcome", "introduction", "moderation", "nps", "referral", "nudge", "stats"],
        "{}",
        report.transcript
    );
    let told = chapters(&report.transcript);
    assert_eq!(told.len(), 7);
    for (heading, lines) in &told {
        assert!(lines.iter().any(|l| l.contains("👤")), "{heading}: nobody acted\n{}", report.transcript);
        assert!(
            lines.iter().any(|l| l.contains("🤖")),
            "{heading}: the bot did nothing\n{}",
            report.transcript
        );
    }
    assert!(report.transcript.contains("Welcome to Hearth Garden, Alice"), "{}", report.transcript);
    assert!(report.transcript.contains("every step did what it should"));
    assert!(dir.path().join("demo.db").exists(), "--db keeps the database");
}

#[tokio::test]
async fn the_demo_speaks_russian() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = run(&options("ru", dir.path()), false).await.expect("the demo runs");
    assert!(report.failures.is_empty(), "failed steps: {:?}\n{}", report.failures, report.transcript);
    assert!(report.transcript.contains("Приходят новички"), "{}", report.transcript);
    assert!(report.transcript.contains("Добро пожаловать"), "{}", report.transcript);
    assert!(report.transcript.contains("каждый шаг сделал то, что должен"));
}

#[tokio::test]
async fn an_existing_database_is_not_reused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("demo.db"), b"").expect("a file");
    let err = run(&options("en", dir.path()), false).await.expect_err("the file exists");
    assert!(err.to_string().contains("already exists"), "{err}");
}

#[tokio::test]
async fn an_unknown_language_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = run(&options("de", dir.path()), false).await.expect_err("de is not offered");
    assert!(err.to_string().contains("en or ru"), "{err}");
}

/// `hearth demo --dashboard`: after the story the world stays, and the
/// printed one-time link signs in once to the community's dashboard.
#[tokio::test]
async fn the_demo_serves_its_dashboard_with_a_one_time_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = DemoOptions { dashboard: true, ..options("en", dir.path()) };
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let report = run_serving(&opts, false, |link| async move {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        let base = link.split("/dashboard").next().unwrap_or_default().to_owned();
        let first = client.get(&link).send().await.expect("answers");
        let cookie = first
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .to_owned();
        let mut out = vec![first.status().as_u16().to_string(), cookie.clone()];
        let chats = client.get(format!("{base}/dashboard/chats")).header("cookie", &cookie).send().await;
        let chats = chats.expect("answers");
        out.push(chats.status().as_u16().to_string());
        out.push(chats.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned());
        let again = client.get(&link).send().await.expect("answers");
        out.push(again.status().as_u16().to_string());
        *log.lock().expect("not poisoned") = out;
    })
    .await
    .expect("the demo runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.transcript.contains("/dashboard/auth/once/"), "the link is printed");
    let seen = seen.lock().expect("not poisoned").clone();
    assert_eq!(seen[0], "303", "{seen:?}");
    assert!(seen[1].starts_with("hearth_session="), "{seen:?}");
    assert_eq!(seen[2], "303", "{seen:?}");
    assert_eq!(seen[3], format!("/dashboard/c/{}/", hearth::demo::GROUP), "Olga's one chat");
    assert_eq!(seen[4], "401", "the link works once");
}
