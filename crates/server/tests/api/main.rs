//! The integration suite: the real server on port 0 over a real SQLite file and a real
//! PostgreSQL database, called over HTTP. One test binary with a module per area, so the
//! suite links once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

mod aid;
mod attachments;
mod audit;
mod auth;
mod backup;
mod beneficiaries;
mod community_teams;
mod conventions;
mod conventions_by_document;
mod database_roles;
mod distributions;
mod invariants;
mod login_throttle;
mod metrics;
mod openapi;
mod permissions;
mod query_plans;
mod reports;
mod resources;
mod smoke;
mod spa;
mod tasks;
mod transparency;
mod web_session;
mod work;
