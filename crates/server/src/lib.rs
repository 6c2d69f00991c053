//! The Dân vận server: the REST API over the store, with authentication, the shared
//! HTTP conventions (problem+json, paging, ETags, idempotent creates) and the OpenAPI
//! document.

pub mod app;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod database;
pub mod error;
pub mod export;
mod files;
pub mod http;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod personal_keys;
pub mod route_table;
pub mod routes;
pub mod seed;
pub mod seed_aid;
pub mod seed_beneficiaries;
pub mod seed_reports;
pub mod seed_synthetic;
pub mod seed_teams;
pub mod seed_work;
pub mod spa;
pub mod state;

pub use app::{openapi, Application};
pub use config::Config;
