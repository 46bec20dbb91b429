//! kill -9 at random moments during a stream of joins and messages, then a
//! restart: every update takes effect exactly once (the counts in the
//! database equal what was sent).

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use hearth::sim::{self, FakeTelegram};

const CHATS: [i64; 3] = [-100_501, -100_502, -100_503];
const USERS: i64 = 12;
const MESSAGES_PER_USER: i64 = 15;

fn spawn(fake: &FakeTelegram, db_url: &str, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TELOXIDE_TOKEN", sim::TOKEN)
        .env("TELOXIDE_API_URL", fake.url().as_str())
        .env("DATABASE_URL", db_url)
        .env("HEARTH_TICK_SECS", "3600")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts")
}

/// A small xorshift, seeded from the clock and printed, so a failure can be
/// replayed with HEARTH_CRASH_SEED.
struct Rng(u64);
impl Rng {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_and_restart_loses_nothing_and_doubles_nothing() {
    let seed = std::env::var("HEARTH_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7) | 1
    });
    eprintln!("HEARTH_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    let fake = FakeTelegram::start().await.unwrap();
    fake.with(|w| {
        for (i, chat) in CHATS.iter().enumerate() {
            w.add_user(900 + i as i64, "Owner");
            w.add_group(*chat, &format!("Crash Test {i}"), 900 + i as i64);
        }
        for u in 0..USERS {
            w.add_user(10_000 + u, &format!("Member{u}"));
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("crash.db").display());

    // The stream: every member joins one chat, then talks.
    let feeder = {
        let fake = fake.clone();
        tokio::spawn(async move {
            for u in 0..USERS {
                let chat = CHATS[(u % 3) as usize];
                fake.with(|w| w.join(chat, 10_000 + u, None));
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
            for m in 0..MESSAGES_PER_USER {
                for u in 0..USERS {
                    let chat = CHATS[(u % 3) as usize];
                    fake.with(|w| w.say(chat, 10_000 + u, &format!("message {m} from {u}")));
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        })
    };

    let mut child = spawn(&fake, &db_url, dir.path());
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(150 + rng.next(350))).await;
        child.kill().expect("kill -9");
        let _ = child.wait();
        child = spawn(&fake, &db_url, dir.path());
    }
    feeder.await.unwrap();
    // The last process is up (its signal handlers installed) once it polls.
    let polls = fake.calls_to("getUpdates").len();
    let started = Instant::now();
    while fake.calls_to("getUpdates").len() == polls {
        assert!(started.elapsed() < Duration::from_secs(30), "the last process never polled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Let the last process finish everything, then stop it cleanly.
    let total_messages = USERS * MESSAGES_PER_USER;
    let started = Instant::now();
    loop {
        let confirmed = fake.with(|w| w.pending_updates()) == 0;
        if confirmed && count(&db_url, "SELECT COUNT(*) FROM inbox WHERE done_at IS NULL").await == Some(0) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the bot never caught up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success());

    assert_eq!(count(&db_url, "SELECT COUNT(*) FROM messages").await, Some(total_messages));
    assert_eq!(count(&db_url, "SELECT SUM(message_count) FROM members").await, Some(total_messages));
    assert_eq!(count(&db_url, "SELECT SUM(messages) FROM activity_daily").await, Some(total_messages));
    assert_eq!(count(&db_url, "SELECT SUM(join_count) FROM members").await, Some(USERS));
    assert_eq!(count(&db_url, "SELECT COUNT(*) FROM onboarding").await, Some(USERS));
    assert_eq!(count(&db_url, "SELECT COUNT(*) FROM member_events WHERE kind = 'joined'").await, Some(USERS));
}

async fn count(db_url: &str, sql: &str) -> Option<i64> {
    let db = hearth::db::connect(db_url).await.ok()?;
    let n = sqlx::query_scalar::<_, Option<i64>>(sql).fetch_one(&db).await.ok().flatten();
    db.close().await;
    n
}
