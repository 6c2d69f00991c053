//! Folding Vietnamese text for client-side filters: lower case, no diacritics, `đ` as `d`,
//! runs of white space as one space. It agrees with `danvan_domain::text::fold` (a test
//! checks every Vietnamese letter) but needs no Unicode normalisation tables, which
//! would add about 100 KB to the browser bundle.

/// Each base letter followed by the lower-case letters that fold to it.
const FAMILIES: [&str; 7] =
    ["aàáảãạăằắẳẵặâầấẩẫậ", "dđ", "eèéẻẽẹêềếểễệ", "iìíỉĩị", "oòóỏõọôồốổỗộơờớởỡợ", "uùúủũụưừứửữự", "yỳýỷỹỵ"];

/// The base letter of a lower-case Vietnamese letter.
fn base(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    FAMILIES.iter().find(|family| family.chars().skip(1).any(|x| x == c)).and_then(|f| f.chars().next()).unwrap_or(c)
}

/// Combining diacritical marks, as typed in decomposed (NFD) text.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(word.chars().flat_map(char::to_lowercase).filter(|c| !is_combining(*c)).map(base));
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_domain_fold_on_every_vietnamese_letter() {
        let letters: String = FAMILIES.concat();
        let upper: String = letters.chars().flat_map(char::to_uppercase).collect();
        // Decomposed (NFD) input: base letters followed by combining marks.
        let decomposed = "Tha\u{0300}nh pho\u{0302}\u{0301} Ha\u{0300} No\u{0302}\u{0323}i";
        for sample in [&letters, &upper, decomposed, "  Thành phố   Hồ Chí Minh ", "Đắk Lắk", "ab\tc", ""] {
            assert_eq!(fold(sample), danvan_domain::text::fold(sample), "{sample}");
        }
        assert_eq!(fold(decomposed), "thanh pho ha noi");
    }
}
