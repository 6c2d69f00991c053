//! RFC 9457 problem details: the body of every error the API returns.

use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// An error, as `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the kind of problem, stable across releases (`/problems/{code}`).
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The stable code of the problem kind, the last segment of `type`.
    pub code: String,
    /// The request id, to quote when reporting the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The failing fields, for validation problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The record this one would duplicate, for a `duplicate_*` conflict: link to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<crate::named::NamedRef>,
    /// The records this one is likely to duplicate, for a `possible_duplicate` conflict:
    /// the caller checks them and sends the request again with an override and a reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<crate::named::NamedRef>,
}

impl Problem {
    pub fn new(status: u16, code: &str, title: &str) -> Self {
        Problem {
            problem_type: format!("/problems/{code}"),
            title: title.to_owned(),
            status,
            detail: None,
            instance: None,
            code: code.to_owned(),
            request_id: None,
            errors: Vec::new(),
            existing: None,
            candidates: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}
