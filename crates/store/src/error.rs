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
    /// The caller sees the record but may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// The record would duplicate `existing` (a donor with the same tax code, …).
    #[error("{detail}")]
    Duplicate { code: &'static str, detail: String, existing: danvan_domain::named::NamedRef },
    /// The record is likely to duplicate the `candidates` (a person of a close name, born the
    /// same year, in the same commune): entered only with an override and a reason.
    #[error("{detail}")]
    PossibleDuplicates { code: &'static str, detail: String, candidates: Vec<danvan_domain::named::NamedRef> },
    /// Fields that refer to things that do not exist, or are of the wrong kind.
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    #[error("configuration: {0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    /// A personal value could not be sealed or opened (unknown key, changed or moved
    /// value). The text names the purpose and the key, never the value.
    #[error("personal data: {0}")]
    PersonalData(String),
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

/// Refuses a unique value another row holds: `taken` on `$field` when the boxed `$query`
/// of the rows holding the value finds one other than the row `$except` (by its `$id`
/// column; `None` on a create). Evaluates to `Result<(), StoreError>`; [`taken`] on the
/// write behind it covers two requests that pass this check at once.
macro_rules! refuse_taken {
    ($conn:expr, $query:expr, $id:expr, $except:expr, $field:expr, $message:expr) => {{
        let mut query = $query;
        if let Some(except) = $except {
            query = query.filter($id.ne(except.to_owned()));
        }
        match query.count().get_result::<i64>($conn) {
            Ok(0) => Ok(()),
            Ok(_) => Err($crate::StoreError::invalid($field, "taken", $message)),
            Err(error) => Err($crate::StoreError::from(error)),
        }
    }};
}
pub(crate) use refuse_taken;

/// What a version guard compares with the version the caller last read (`If-Match`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found {
    /// The version of the row as read before the change.
    Version(i64),
    /// How many rows a write filtered on `version = expected` changed; zero means a
    /// concurrent change got there first.
    Rows(usize),
}

/// The one version check of every guarded update and delete: read the row and call it
/// with [`Found::Version`] before changing anything, then write with
/// `filter(version.eq(expected))` and call it again with [`Found::Rows`]. Either way a
/// miss is [`StoreError::VersionMismatch`] (412 over HTTP).
pub(crate) fn expect_version(expected: i64, found: Found) -> Result<(), StoreError> {
    match found {
        Found::Version(current) if current == expected => Ok(()),
        Found::Version(current) => Err(StoreError::VersionMismatch { current }),
        Found::Rows(1) => Ok(()),
        // The row is there (it was read in this transaction) but has moved on.
        Found::Rows(_) => Err(StoreError::VersionMismatch { current: expected + 1 }),
    }
}

/// The write half of a version guard: stores the changed `$row` of the schema table
/// `$table` (by its `id`) where the stored version is still `$expected`, then makes the
/// [`Found::Rows`] check. A fifth argument turns the database error into the store's
/// first (e.g. [`taken`] on a table with a unique code). Evaluates to
/// `Result<(), StoreError>`. A macro, not a function: the update's type is the table's own.
macro_rules! save_versioned {
    ($conn:expr, $table:ident, $row:expr, $expected:expr) => {
        $crate::save_versioned!($conn, $table, $row, $expected, $crate::StoreError::from)
    };
    ($conn:expr, $table:ident, $row:expr, $expected:expr, $on_error:expr) => {{
        let (row, expected): (_, i64) = ($row, $expected);
        $crate::diesel::update($table::table.find(&row.id).filter($table::version.eq(expected)))
            .set(row)
            .execute($conn)
            .map_err($on_error)
            .and_then(|changed| $crate::expect_version(expected, $crate::Found::Rows(changed)))
    }};
}
pub(crate) use save_versioned;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_guard_passes_only_its_own_version_and_one_changed_row() {
        assert!(expect_version(3, Found::Version(3)).is_ok());
        assert!(matches!(expect_version(3, Found::Version(5)), Err(StoreError::VersionMismatch { current: 5 })));
        assert!(expect_version(3, Found::Rows(1)).is_ok());
        assert!(matches!(expect_version(3, Found::Rows(0)), Err(StoreError::VersionMismatch { current: 4 })));
    }
}
