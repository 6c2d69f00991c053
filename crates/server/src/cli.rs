//! The `danvan` command line: `serve` (the default), `migrate`, `backup`, `restore`,
//! `export-openapi`, `create-user`, `seed-demo`, `seed-synthetic`, `rotate-personal-key`.

use crate::{app, auth::passwords, backup, config::Config, seed, seed_synthetic, Application};
use clap::{Parser, Subcommand};
use danvan_domain::{role::Role, user::CreateUser};
use danvan_store::Actor;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "danvan", version, about = "Dân vận: mass-mobilisation work against COVID-19 (Plan 16-KH/BDVTW)")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the HTTP server (settings from DANVAN_* variables; see the README).
    Serve,
    /// Apply pending database migrations and load reference data, then exit (as a role
    /// that may create tables; servers may then run with DANVAN_MIGRATE_ON_START=false).
    Migrate,
    /// Copy the SQLite database to FILE while the server runs (for PostgreSQL use pg_dump).
    Backup {
        /// Where to write the copy; it must not exist yet.
        #[arg(long)]
        output: PathBuf,
    },
    /// Put a backup in place of the SQLite database (stop the server first).
    Restore {
        /// A file written by `danvan backup`.
        file: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
    /// Add a new current personal-data key to DATA_DIR/personal-data-keys; the older keys
    /// stay to open what they sealed (stored values are not re-encrypted). Restart the
    /// servers to seal with it. Keys given in DANVAN_PERSONAL_DATA_KEYS are rotated there.
    RotatePersonalKey,
    /// Write the OpenAPI document of this build.
    ExportOpenapi {
        /// Where to write it; `-` for standard output.
        #[arg(long, default_value = "openapi/openapi.json")]
        output: PathBuf,
    },
    /// Create a user account.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// admin, leader, group_head, standing_unit, member, office, regional_office, unit_officer or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Load demonstration data (org units of the plan, one account per role); running it again changes nothing.
    SeedDemo {
        /// Password of the demonstration accounts.
        #[arg(long, env = "DANVAN_DEMO_PASSWORD", default_value = "danvan-demo-2021")]
        password: String,
        /// Seed even a database with accounts that are not the demo's (its well-known
        /// accounts and shared password would then sit beside real people's).
        #[arg(long)]
        force: bool,
    },
    /// Load many synthetic tasks, community teams and aid ledger rows fast, for benchmarks
    /// (`cargo xtask bench`). Tasks: spread evenly over the 63 provinces of the 2021 layout, every status
    /// and priority, due within 180 days of today, created by and assigned to the demo's
    /// accounts and org units (run `seed-demo` first), each with its assignees, areas,
    /// timeline event and audit row. Teams: spread evenly over the provinces of both
    /// layouts, in any of their communes, each with two or three members and a value of
    /// every indicator in use for each month of 2021. The same seed loads the same rows
    /// (relative to today).
    SeedSynthetic {
        /// How many tasks (0 for none).
        #[arg(long, default_value_t = 100_000)]
        tasks: usize,
        /// How many community teams (0 for none).
        #[arg(long, default_value_t = 0)]
        teams: usize,
        /// About how many stock movements of the aid ledger (0 for none), with the
        /// donations, cash entries and sums they imply: five campaigns, 2,000 donors and 50
        /// locations, donations in kind and in cash and transfers from July 2021 to now.
        #[arg(long, default_value_t = 0)]
        aid_ledger: usize,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Load even into a database with accounts that are not the demo's.
        #[arg(long)]
        force: bool,
    },
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(value).ok_or_else(|| format!("unknown role {value:?}"))
}

pub async fn run(cli: Cli, config: Config) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let application = Application::build(config.clone()).await?;
            tracing::info!(bind = %config.bind, port = application.port(), database = %crate::config::redact_url(&config.database_url), "listening");
            println!("Dân vận is listening on http://{}", config.bind);
            application.run_until_stopped().await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            // Whatever the servers are told: this is the command that migrates.
            let config = Config { migrate_on_start: true, ..config };
            app::prepare(&config).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Backup { output } => {
            println!("{}", backup::backup(&config, &output)?);
            Ok(())
        }
        Command::Restore { file, force } => {
            println!("{}", backup::restore(&config, &file, force)?);
            Ok(())
        }
        Command::RotatePersonalKey => {
            println!("{}", crate::personal_keys::rotate(config.personal_data_keys.as_deref(), &config.data_dir)?);
            Ok(())
        }
        Command::ExportOpenapi { output } => {
            let json = openapi_json()?;
            if output.as_os_str() == "-" {
                println!("{json}");
            } else {
                std::fs::write(&output, json + "\n").map_err(|e| format!("{}: {e}", output.display()))?;
                println!("Wrote {}", output.display());
            }
            Ok(())
        }
        Command::CreateUser { username, display_name, role, password_stdin } => {
            let state = app::prepare(&config).await?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (crate::auth::tokens::new_refresh_token()[..20].to_owned(), true)
            };
            let request = CreateUser {
                username,
                display_name,
                email: None,
                role,
                org_unit_id: None,
                password: password.clone(),
                scope_area_ids: Vec::new(),
                scope_area_group_ids: Vec::new(),
            };
            request.validate().map_err(|errors| {
                errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
            })?;
            let hash = passwords::hash_now(&request.password).map_err(|e| e.to_string())?;
            let mut conn = state.db.get().map_err(|e| e.to_string())?;
            let user = danvan_store::db::write(&mut conn, |conn| {
                danvan_store::users::create(conn, &Actor::system("cli"), &request, hash.clone())
            })
            .map_err(|e| match e {
                danvan_store::StoreError::Invalid(errors) => {
                    errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
                }
                other => other.to_string(),
            })?;
            println!("Created {} ({}) with id {}", user.username, user.role, user.id);
            if generated {
                println!("Password: {password}");
            }
            Ok(())
        }
        Command::SeedDemo { password, force } => {
            let state = app::prepare(&config).await?;
            let report = seed::seed_demo(&state.db, &state.keyring, &password, force)?;
            println!("{report}");
            Ok(())
        }
        Command::SeedSynthetic { tasks, teams, aid_ledger, seed, force } => {
            let state = app::prepare(&config).await?;
            let report = seed_synthetic::seed_synthetic(&state.db, tasks, teams, aid_ledger, seed, force)?;
            println!("{report}");
            Ok(())
        }
    }
}

/// The OpenAPI document as pretty JSON, as committed in `openapi/openapi.json`.
pub fn openapi_json() -> Result<String, String> {
    app::openapi().to_pretty_json().map_err(|e| e.to_string())
}
