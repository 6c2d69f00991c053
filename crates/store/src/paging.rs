//! Paging of every list in the store, in one style.
//!
//! A list reads `limit + 1` rows after the cursor it was given and answers one
//! [`Page`]: the first `limit` rows and, when there was one more, the cursor of the
//! next page. A cursor is opaque to clients: the sort key of the last row of a page,
//! base64url-encoded JSON, decoded here and refused as a `cursor` field error when it
//! is not one this list returned.
//!
//! Two kinds of order use it:
//! - **key cursors**: the list's own order (a code, a date then the id, …), seeked with
//!   [`seek!`] on a sort column plus the id as tie-breaker, or by hand where the order has
//!   more columns;
//! - **sync cursors**: with `updated_since`, rows changed after that time, oldest change
//!   first, ordered by `(updated_at, id)` with [`sync!`]. Lists of soft-deleted records
//!   then include the deleted ones as tombstones (`deleted_at` set) so that a mobile
//!   client learns about deletions; outside sync they leave them out.

use crate::StoreError;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{NaiveDate, NaiveDateTime};
pub use danvan_domain::page::Page;

/// The cursor of a sort key.
pub fn encode(key: &[String]) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The sort key inside a cursor of a list whose keys have `N` parts.
pub fn decode<const N: usize>(cursor: &str) -> Result<[String; N], StoreError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad_cursor())?;
    let key: Vec<String> = serde_json::from_slice(&bytes).map_err(|_| bad_cursor())?;
    key.try_into().map_err(|_| bad_cursor())
}

/// The error of a cursor this list did not return.
pub fn bad_cursor() -> StoreError {
    StoreError::invalid("cursor", "invalid_format", "is not a cursor this list returned")
}

/// A time as a cursor part, at the microseconds both backends keep.
pub fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// A time cursor part written by [`stamp`].
pub fn parse_stamp(text: &str) -> Result<NaiveDateTime, StoreError> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| bad_cursor())
}

/// A date cursor part (`YYYY-MM-DD`, as `NaiveDate` displays).
pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad_cursor())
}

/// The `(time, id)` after which a page of a time-ordered list starts, from its cursor.
pub fn after_stamp(cursor: Option<&str>) -> Result<Option<(NaiveDateTime, String)>, StoreError> {
    cursor
        .map(|cursor| {
            let [at, id] = decode(cursor)?;
            Ok((parse_stamp(&at)?, id))
        })
        .transpose()
}

/// The sort key of a row in a time-ordered list: its time, then its id.
pub fn stamp_key(at: NaiveDateTime, id: &str) -> Vec<String> {
    vec![stamp(at), id.to_owned()]
}

/// Makes a page of `limit + 1` fetched rows: the first `limit`, converted by `items`,
/// and the cursor of the row that ends the page when one more row was there.
pub fn paginate<R, T>(
    mut rows: Vec<R>,
    limit: usize,
    key_of: impl Fn(&R) -> Vec<String>,
    items: impl FnOnce(Vec<R>) -> Result<Vec<T>, StoreError>,
) -> Result<Page<T>, StoreError> {
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|row| encode(&key_of(row)))
    } else {
        None
    };
    Ok(Page { items: items(rows)?, next_cursor })
}

/// The rows of `limit + 1` to fetch for a page of `limit`.
pub fn fetch(limit: usize) -> usize {
    limit + 1
}

/// Orders a boxed `query` by `$column` then `$id` (`asc` or `desc`) and, given the
/// `Option<(value, id)>` of the last row of the page before, keeps only the rows after it.
/// The redundant bound on `$column` alone is what lets both databases start the index
/// range at the cursor; without it a deep page reads every row before it.
macro_rules! seek {
    ($query:expr, $column:expr, $id:expr, $after:expr, asc) => {{
        let mut query = $query;
        if let Some((value, id)) = $after {
            query = query
                .filter($column.ge(value.clone()))
                .filter($column.gt(value.clone()).or($column.eq(value).and($id.gt(id))));
        }
        query.order(($column.asc(), $id.asc()))
    }};
    ($query:expr, $column:expr, $id:expr, $after:expr, desc) => {{
        let mut query = $query;
        if let Some((value, id)) = $after {
            query = query
                .filter($column.le(value.clone()))
                .filter($column.lt(value.clone()).or($column.eq(value).and($id.lt(id))));
        }
        query.order(($column.desc(), $id.desc()))
    }};
}
pub(crate) use seek;

/// The sync order of a boxed `query` over a table with `updated_at` and `id`: the rows
/// changed after `$since`, oldest change first, after the cursor `$cursor`
/// (`Option<&str>`). Evaluates to `Result<query, StoreError>`; the rows' keys are
/// [`stamp_key`]`(updated_at, id)`.
macro_rules! sync {
    ($query:expr, $updated_at:expr, $id:expr, $since:expr, $cursor:expr) => {
        $crate::paging::after_stamp($cursor).map(|after| {
            $crate::paging::seek!($query.filter($updated_at.gt($since.naive_utc())), $updated_at, $id, after, asc)
        })
    };
}
pub(crate) use sync;

/// One page of a boxed `query` in the sync order ([`sync!`]) after `$since`: `$row`s
/// loaded, keyed by [`stamp_key`] and turned into items by `$items`. Evaluates to
/// `Result<Page<_>, StoreError>`; an unreadable cursor or a failed load returns from the
/// calling function, as `?` would.
macro_rules! sync_page {
    ($conn:expr, $query:expr, $table:ident, $row:ty, $since:expr, $after:expr, $limit:expr, $items:expr) => {{
        let query = $crate::paging::sync!($query, $table::updated_at, $table::id, $since, $after)?;
        let rows: Vec<$row> =
            $crate::limit::LimitInText::limit_in_text(query, $crate::paging::fetch($limit)).load($conn)?;
        $crate::paging::paginate(rows, $limit, |row| $crate::paging::stamp_key(row.updated_at, &row.id), $items)
    }};
}
pub(crate) use sync_page;

/// One page of a boxed `query` in the order of the unique text column `$table::$key`,
/// after the cursor `$after`: `$row`s loaded, keyed by that column and turned into items
/// by `$items`. Evaluates and returns early as [`sync_page!`] does.
macro_rules! key_page {
    ($conn:expr, $query:expr, $table:ident :: $key:ident, $row:ty, $after:expr, $limit:expr, $items:expr) => {{
        let mut query = $query;
        if let Some(cursor) = $after {
            let [key] = $crate::paging::decode(cursor)?;
            query = query.filter($table::$key.gt(key));
        }
        let rows: Vec<$row> =
            $crate::limit::LimitInText::limit_in_text(query.order($table::$key), $crate::paging::fetch($limit))
                .load($conn)?;
        $crate::paging::paginate(rows, $limit, |row| vec![row.$key.clone()], $items)
    }};
}
pub(crate) use key_page;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let key = vec!["2021".to_owned(), "01".to_owned()];
        assert_eq!(decode::<2>(&encode(&key)).ok().map(Vec::from), Some(key.clone()));
        assert!(matches!(decode::<1>(&encode(&key)), Err(StoreError::Invalid(_))));
        assert!(matches!(decode::<2>("not a cursor!"), Err(StoreError::Invalid(_))));
    }

    #[test]
    fn a_full_page_points_at_its_last_row_and_the_last_page_at_nothing() {
        let page = paginate(vec![1, 2, 3], 2, |n| vec![n.to_string()], Ok).ok();
        let next = page.as_ref().and_then(|page| page.next_cursor.clone());
        assert_eq!(page.map(|page| page.items), Some(vec![1, 2]));
        assert_eq!(next.and_then(|c| decode::<1>(&c).ok()), Some(["2".to_owned()]));
        let page = paginate(vec![1], 2, |n| vec![n.to_string()], Ok).ok();
        assert_eq!(page, Some(Page { items: vec![1], next_cursor: None }));
    }

    #[test]
    fn a_time_key_survives_its_cursor_to_the_microsecond() {
        let at = NaiveDate::from_ymd_opt(2021, 9, 13)
            .and_then(|day| day.and_hms_micro_opt(8, 30, 0, 123_456))
            .unwrap_or_default();
        let cursor = encode(&stamp_key(at, "some-id"));
        assert_eq!(after_stamp(Some(&cursor)).ok().flatten(), Some((at, "some-id".to_owned())));
        assert!(after_stamp(Some(&encode(&["yesterday".to_owned(), "id".to_owned()]))).is_err());
        assert_eq!(after_stamp(None).ok().flatten(), None);
    }
}
