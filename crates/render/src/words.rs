//! Amounts of Vietnamese đồng in words, as written on receipts ("Bằng chữ").

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
const BILLION: u64 = 1_000_000_000;

/// `1_500_000` → "Một triệu năm trăm nghìn đồng"; 0 → "Không đồng"; negative → "Âm …".
pub fn vnd_in_words(amount: i64) -> String {
    let mut words = Vec::new();
    if amount < 0 {
        words.push("âm");
    }
    let n = amount.unsigned_abs();
    if n == 0 {
        words.push("không");
    } else {
        number(n, true, &mut words);
    }
    words.push("đồng");
    let text = words.join(" ");
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Above a billion the count of billions is itself read as a number ("một nghìn năm trăm
/// tỷ"), which is how amounts past "nghìn tỷ" are said.
fn number(n: u64, leading: bool, words: &mut Vec<&'static str>) {
    if n >= BILLION {
        number(n / BILLION, leading, words);
        words.push("tỷ");
        below_billion(n % BILLION, false, words);
    } else {
        below_billion(n, leading, words);
    }
}

fn below_billion(n: u64, leading: bool, words: &mut Vec<&'static str>) {
    let mut read_before = !leading;
    for (group, scale) in [(n / 1_000_000, Some("triệu")), (n / 1_000 % 1_000, Some("nghìn")), (n % 1_000, None)] {
        if group == 0 {
            continue;
        }
        // Once something has been said, a group is read in full: "một nghìn không trăm linh năm".
        three_digits(group, read_before, words);
        words.extend(scale);
        read_before = true;
    }
}

fn three_digits(n: u64, full: bool, words: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = ((n / 100) as usize, (n / 10 % 10) as usize, (n % 10) as usize);
    if hundreds > 0 || full {
        words.extend([DIGITS[hundreds], "trăm"]);
    }
    match tens {
        0 if units > 0 && (hundreds > 0 || full) => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        _ => words.extend([DIGITS[tens], "mươi"]),
    }
    match units {
        0 => {}
        1 if tens >= 2 => words.push("mốt"),
        5 if tens >= 1 => words.push("lăm"),
        _ => words.push(DIGITS[units]),
    }
}

#[cfg(test)]
mod tests {
    use super::vnd_in_words;

    #[test]
    fn reads_amounts_the_vietnamese_way() {
        for (amount, words) in [
            (0, "Không đồng"),
            (1, "Một đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (11, "Mười một đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi bốn đồng"),
            (25, "Hai mươi lăm đồng"),
            (50, "Năm mươi đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (115, "Một trăm mười lăm đồng"),
            (1_000, "Một nghìn đồng"),
            (1_005, "Một nghìn không trăm linh năm đồng"),
            (1_050, "Một nghìn không trăm năm mươi đồng"),
            (15_000, "Mười lăm nghìn đồng"),
            (1_500_000, "Một triệu năm trăm nghìn đồng"),
            (10_000_000, "Mười triệu đồng"),
            (2_021_000_000, "Hai tỷ không trăm hai mươi mốt triệu đồng"),
            (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
            (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
            (-250_000, "Âm hai trăm năm mươi nghìn đồng"),
        ] {
            assert_eq!(vnd_in_words(amount), words, "{amount}");
        }
    }

    #[test]
    fn the_extremes_do_not_overflow() {
        // 9 223 372 036 854 775 807: nine billion billion (tỷ tỷ), read as a count of tỷ.
        let max = vnd_in_words(i64::MAX);
        assert!(max.starts_with("Chín tỷ hai trăm hai mươi ba triệu"), "{max}");
        assert!(max.ends_with("năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng"), "{max}");
        assert!(vnd_in_words(i64::MIN).starts_with("Âm chín tỷ"));
        assert!(vnd_in_words(i64::MIN).ends_with("tám trăm linh tám đồng"));
    }
}
