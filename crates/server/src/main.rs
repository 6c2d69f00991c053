//! The `danvan` binary.

use clap::Parser;
use danvan_server::{cli, Config};
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let parsed = cli::Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("danvan: configuration: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_format == "json" {
        subscriber.json().flatten_event(true).init();
    } else {
        subscriber.init();
    }
    match cli::run(parsed, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("danvan: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
