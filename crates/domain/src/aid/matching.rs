//! How close two names are, for catching the same person entered twice: the Jaro–Winkler
//! similarity of their folded forms (no diacritics, lower case, single spaces), so that
//! "Nguyễn Văn An" and "Nguyen Van  An" are the same and "Nguyễn Văn Án" nearly so.

use crate::text::fold;

/// Names at least this close (with the same commune or household and a birth year that
/// does not differ) are offered as likely duplicates.
pub const LIKELY_SAME: f64 = 0.92;

/// The Jaro similarity of two strings, by characters: 1 for equal strings, 0 for strings
/// with nothing in common.
pub fn jaro(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_matched = vec![false; a.len()];
    let mut b_matched = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let start = i.saturating_sub(window);
        let end = (i + window + 1).min(b.len());
        for j in start..end {
            if !b_matched[j] && b[j] == *ca {
                a_matched[i] = true;
                b_matched[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_seq = a.iter().zip(&a_matched).filter(|(_, m)| **m).map(|(c, _)| c);
    let b_seq = b.iter().zip(&b_matched).filter(|(_, m)| **m).map(|(c, _)| c);
    let transpositions = a_seq.zip(b_seq).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

/// The Jaro–Winkler similarity: Jaro, raised for a common prefix of up to four characters.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let similarity = jaro(a, b);
    let prefix = a.chars().zip(b.chars()).take(4).take_while(|(x, y)| x == y).count();
    similarity + prefix as f64 * 0.1 * (1.0 - similarity)
}

/// How close two people's names are, read without diacritics, case or extra spaces.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    jaro_winkler(&fold(a), &fold(b))
}

/// Whether two names are close enough to be the same person's.
pub fn likely_same_name(a: &str, b: &str) -> bool {
    name_similarity(a, b) >= LIKELY_SAME
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.001
    }

    #[test]
    fn jaro_winkler_gives_the_textbook_values() {
        assert!(close(jaro("martha", "marhta"), 0.944), "{}", jaro("martha", "marhta"));
        assert!(close(jaro_winkler("martha", "marhta"), 0.961), "{}", jaro_winkler("martha", "marhta"));
        assert!(close(jaro_winkler("dwayne", "duane"), 0.84), "{}", jaro_winkler("dwayne", "duane"));
        assert!(close(jaro_winkler("dixon", "dicksonx"), 0.813), "{}", jaro_winkler("dixon", "dicksonx"));
        assert!(close(jaro_winkler("abc", "abc"), 1.0));
        assert!(close(jaro_winkler("abc", "xyz"), 0.0));
        assert!(close(jaro_winkler("", ""), 1.0));
        assert!(close(jaro_winkler("a", ""), 0.0));
    }

    #[test]
    fn names_match_without_diacritics_case_or_extra_spaces() {
        assert!(close(name_similarity("Nguyễn Văn An", "nguyen van  an"), 1.0));
        assert!(likely_same_name("Nguyễn Văn An", "Nguyễn Văn Ân"));
        assert!(likely_same_name("Trần Thị Hồng", "Tran Thi Hong"));
        assert!(likely_same_name("Lê Thị Ngọc Ánh", "Le Thi Ngoc Anh."));
    }

    #[test]
    fn different_people_are_not_likely_the_same() {
        assert!(!likely_same_name("Nguyễn Văn An", "Trần Thị Bình"));
        assert!(!likely_same_name("Nguyễn Văn An", "Nguyễn Thị Hoa"));
        assert!(!likely_same_name("Phạm Minh Tuấn", "Phạm Quang Huy"));
    }
}
