//! Shared types of Dân vận: the vocabulary every other crate speaks.
//!
//! Nothing here touches a database or the network, so the crate builds for the browser
//! (wasm32) as well as the server. Request and response bodies live in one module per
//! resource; the `openapi` feature adds `utoipa::ToSchema` to them for the API document.

pub mod aid;
pub mod area;
pub mod assignment;
pub mod attachment;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod catalog;
pub mod community_team;
pub mod lang;
pub mod named;
pub mod notification;
pub mod org_unit;
pub mod page;
pub mod permission;
pub mod personal;
pub mod plan;
pub mod policy;
pub mod problem;
pub mod report;
pub mod role;
pub mod task;
pub mod text;
mod text_enum;
pub mod user;
pub mod validation;
pub mod working_group;

pub use uuid::Uuid;
