//! What can go wrong in storage, in terms the HTTP layer maps to problems.

use danvan_domain::validation::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The caller's `If-Match` version is not the stored one.
    #[error("the record was changed by someone else (now version {current})")]
    VersionMismatch { current: i64 },
    /// The change breaks a rule that depends on stored data (a taken code, a cycle, …).
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    /// Fields that refer to things that do not exist, or are of the wrong kind.
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    #[error("configuration: {0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
}

impl StoreError {
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        StoreError::Conflict { code, detail: detail.into() }
    }

    pub fn invalid(field: &str, code: &str, message: &str) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, code, message)])
    }
}

/// Turns "no row" into [`StoreError::NotFound`].
pub trait OptionalRow<T> {
    fn found(self) -> Result<T, StoreError>;
}

impl<T> OptionalRow<T> for Result<T, diesel::result::Error> {
    fn found(self) -> Result<T, StoreError> {
        match self {
            Ok(value) => Ok(value),
            Err(diesel::result::Error::NotFound) => Err(StoreError::NotFound),
            Err(error) => Err(error.into()),
        }
    }
}

/// Maps a unique-index violation to a `taken` field error. The code checks for taken
/// values first; this covers two requests that pass that check at the same moment.
pub(crate) fn taken(field: &'static str, message: &'static str) -> impl FnOnce(diesel::result::Error) -> StoreError {
    move |error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::invalid(field, "taken", message)
        }
        other => other.into(),
    }
}

/// The outcome of an update guarded by `version = expected_version`: one row changed, or
/// someone else changed the record first.
pub(crate) fn one_row_updated(changed: usize, expected_version: i64) -> Result<(), StoreError> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::VersionMismatch { current: expected_version + 1 })
    }
}
