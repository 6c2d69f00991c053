//! Text helpers shared by the server (search columns) and the browser (client-side filters).

use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text for search: lower case, no diacritics, `đ` as `d`, runs of
/// white space as one space. "Thành phố Hà Nội" and "thanh pho ha noi" fold alike.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut last_was_space = true;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            if !last_was_space {
                folded.push(' ');
            }
            last_was_space = true;
            continue;
        }
        folded.extend(c.to_lowercase());
        last_was_space = false;
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese_names_to_plain_lower_case() {
        assert_eq!(fold("Thành phố Hà Nội"), "thanh pho ha noi");
        assert_eq!(fold("  Đắk   Lắk "), "dak lak");
        assert_eq!(fold("Phường Phúc Xá"), "phuong phuc xa");
        assert_eq!(fold("Thừa Thiên Huế"), "thua thien hue");
    }

    #[test]
    fn composed_and_decomposed_input_fold_alike() {
        let decomposed: String = unicode_normalization::UnicodeNormalization::nfd("Hồ Chí Minh").collect();
        assert_eq!(fold(&decomposed), fold("Hồ Chí Minh"));
    }
}
