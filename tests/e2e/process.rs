//! The real binary: configuration errors, and a clean exit on SIGTERM/SIGINT.

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use hearth::sim::{self, FakeTelegram};

fn hearth() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hearth"));
    cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[test]
fn a_missing_token_is_named_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = hearth().current_dir(dir.path()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TELOXIDE_TOKEN is required"), "{err}");
}

#[test]
fn help_lists_the_subcommands() {
    let out = hearth().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("run") && text.contains("settings-table"), "{text}");
}

async fn exits_cleanly_on(signal: &str) {
    let fake = FakeTelegram::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut child = hearth()
        .current_dir(dir.path())
        .env("TELOXIDE_TOKEN", sim::TOKEN)
        .env("TELOXIDE_API_URL", fake.url().as_str())
        .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("h.db").display()))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it is polling.
    let started = Instant::now();
    while fake.calls_to("getUpdates").is_empty() && fake.calls_to("deleteWebhook").is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "the bot never started polling");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = child.id().to_string();
    assert!(Command::new("kill").args([signal, &pid]).status().unwrap().success());
    let stopped = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(stopped.elapsed() < Duration::from_secs(10), "still running 10 s after {signal}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn sigterm_drains_and_exits_zero() {
    exits_cleanly_on("-TERM").await;
}

#[tokio::test]
async fn sigint_drains_and_exits_zero() {
    exits_cleanly_on("-INT").await;
}
