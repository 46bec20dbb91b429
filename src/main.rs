use clap::{Parser, Subcommand};

/// hearth — a Telegram community bot: onboarding, rule enforcement, NPS,
/// referrals, silent-member nudges and analytics.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the bot with long polling (the default).
    Run,
    /// Watch the whole bot work, without a token: a scripted community story
    /// played against the built-in simulated Telegram, told as a transcript.
    Demo(hearth::demo::DemoOptions),
    /// A consistent online copy of the database (safe while the bot runs).
    Backup {
        /// The file to write (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Print the settings table (Markdown), as in the README.
    SettingsTable,
    /// Write a chat's data as CSV to standard output, from the database in
    /// DATABASE_URL: `hearth export --chat -100123 members > members.csv`.
    Export {
        /// The chat's id (as /stats shows it, e.g. -1001234567890).
        #[arg(long, allow_hyphen_values = true)]
        chat: i64,
        /// What to export: members, activity, referrals, nps, modlog, ideas, customers.
        what: String,
    },
    /// Benchmarks against the built-in fake Telegram on loopback (use
    /// --release): without a name, the list; `all` runs every one but `stats`.
    Bench(hearth::bench::BenchOptions),
    /// The customer registry (configuration from the environment, as the bot's).
    Customers {
        #[command(subcommand)]
        command: CustomersCmd,
    },
}

#[derive(Subcommand)]
enum CustomersCmd {
    /// Print a signed sign-in link for a customer (signed with HEARTH_LINK_SECRET).
    Link {
        /// The customer's id in the registry (at most 29 bytes).
        customer_id: String,
        /// How many days the link stays valid.
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// The bot's username (asked from Telegram when not given).
        #[arg(long)]
        bot: Option<String>,
    },
    /// Make an access code for every customer without one (only its hash is
    /// stored) and write customer_id,code CSV for the company to send out.
    Codes {
        /// The file to write (must not exist yet); standard output if not given.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Upsert customers from the CRM's CSV: a header row with customer_id
    /// and any of email, phone, telegram_id, telegram_username, since,
    /// churned_at (YYYY-MM-DD), plan, access_code. A missing column leaves
    /// that field as stored; an empty cell clears it. Needs HEARTH_SECRET.
    Import { file: std::path::PathBuf },
    /// Upsert the company's own NPS answers from CSV (customer_id, score
    /// 0–10, date YYYY-MM-DD), one per customer and date.
    Nps { file: std::path::PathBuf },
    /// A personal single-use invite link to a chat for each customer id in
    /// FILE.csv (its first column): prints customer_id,link CSV.
    Invite {
        file: std::path::PathBuf,
        /// The chat's id (e.g. -1001234567890).
        #[arg(long, allow_hyphen_values = true)]
        chat: i64,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    // The demo's transcript is the output: logs only when something is wrong.
    let default_filter = if matches!(cli.command, Some(Cmd::Demo(_))) { "warn" } else { "info" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command.unwrap_or(Cmd::Run) {
        Cmd::Run => match hearth::config::Config::from_env() {
            Ok(config) => hearth::app::run(config).await,
            Err(err) => Err(anyhow::anyhow!(err)),
        },
        Cmd::Demo(opts) => demo(&opts).await,
        Cmd::Backup { file } => backup(&file).await,
        Cmd::Export { chat, what } => export(chat, &what).await,
        Cmd::Bench(opts) => hearth::bench::run(&opts).await.map(|table| println!("{table}")),
        Cmd::Customers { command } => customers(command).await,
        Cmd::SettingsTable => {
            print!("{}", hearth::features::CATALOG.settings.markdown_table());
            Ok(())
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hearth: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn demo(opts: &hearth::demo::DemoOptions) -> anyhow::Result<()> {
    let report = hearth::demo::run(opts, true).await?;
    if report.failures.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("demo steps failed: {}", report.failures.join("; ")))
    }
}

async fn backup(file: &std::path::Path) -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://hearth.db".to_owned());
    let db = hearth::db::connect(&url).await?;
    hearth::db::backup(&db, file).await?;
    println!("backed up {url} to {}", file.display());
    Ok(())
}

async fn export(chat: i64, what: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://hearth.db".to_owned());
    let csv = hearth::features::stats::cli_export(&url, chat, what).await?;
    let mut out = std::io::stdout().lock();
    out.write_all(csv.as_bytes())?;
    out.flush()?;
    Ok(())
}

async fn customers(command: CustomersCmd) -> anyhow::Result<()> {
    use hearth::features::entry::cli;
    let config = hearth::config::Config::from_env()?;
    match command {
        CustomersCmd::Link { customer_id, days, bot } => {
            println!("{}", cli::link(&config, &customer_id, days, bot.as_deref(), chrono::Utc::now()).await?);
        }
        CustomersCmd::Codes { out } => {
            let (csv, count) = cli::codes(&config).await?;
            match out {
                Some(path) => {
                    cli::write_new(&path, &csv)?;
                    eprintln!("{count} new access codes written to {}", path.display());
                }
                None => {
                    print!("{csv}");
                    eprintln!("{count} new access codes");
                }
            }
        }
        CustomersCmd::Import { file } => {
            println!("{}", hearth::features::customers::cli::import(&config, &file).await?.summary());
        }
        CustomersCmd::Nps { file } => {
            println!("{}", hearth::features::customers::cli::nps(&config, &file).await?.summary());
        }
        CustomersCmd::Invite { file, chat } => {
            let (csv, notes) = cli::invite(&config, &file, chat).await?;
            print!("{csv}");
            for note in notes {
                eprintln!("hearth: {note}");
            }
        }
    }
    Ok(())
}
