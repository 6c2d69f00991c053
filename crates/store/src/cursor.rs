//! Opaque list cursors: the sort key of the last row of a page, base64url-encoded JSON.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

pub fn encode(key: &[String]) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The key inside a cursor, if it has `parts` parts; `None` for anything else.
pub fn decode(cursor: &str, parts: usize) -> Option<Vec<String>> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let key: Vec<String> = serde_json::from_slice(&bytes).ok()?;
    (key.len() == parts).then_some(key)
}

/// Splits `limit + 1` fetched rows into a page and the cursor of the next one.
pub fn paginate<T>(mut rows: Vec<T>, limit: usize, key_of: impl Fn(&T) -> Vec<String>) -> (Vec<T>, Option<String>) {
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|row| encode(&key_of(row)));
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let key = vec!["2021".to_owned(), "01".to_owned()];
        assert_eq!(decode(&encode(&key), 2), Some(key.clone()));
        assert_eq!(decode(&encode(&key), 1), None);
        assert_eq!(decode("not a cursor!", 2), None);
    }

    #[test]
    fn a_full_page_points_at_its_last_row() {
        let (page, next) = paginate(vec![1, 2, 3], 2, |n| vec![n.to_string()]);
        assert_eq!(page, [1, 2]);
        assert_eq!(next.and_then(|c| decode(&c, 1)), Some(vec!["2".to_owned()]));
        let (page, next) = paginate(vec![1], 2, |n| vec![n.to_string()]);
        assert_eq!((page, next), (vec![1], None));
    }
}
