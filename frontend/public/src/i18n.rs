//! The public app's own small catalogue, Vietnamese and English; a test checks both
//! languages have the same keys. A missing key shows itself rather than an empty string.

use danvan_domain::lang::Lang;

/// `(key, text)` in Vietnamese.
const VI: &[(&str, &str)] = &[
    ("title", "Công khai cứu trợ"),
    ("intro", "Tiền và hàng các chiến dịch đã nhận, đã trao, đến đâu và cho ai. Số liệu cập nhật theo từng lần trao."),
    ("switch_lang", "English"),
    ("switch_lang_label", "Switch to English"),
    ("loading", "Đang tải…"),
    ("error", "Không tải được số liệu. Vui lòng thử lại sau."),
    ("not_found", "Không tìm thấy chiến dịch này."),
    ("back", "← Tất cả chiến dịch"),
    ("no_campaigns", "Chưa có chiến dịch nào được công khai."),
    ("status_open", "Đang vận động"),
    ("status_closed", "Đã kết thúc"),
    ("received_cash", "Tiền đã nhận"),
    ("received_goods", "Hàng đã nhận (giá trị)"),
    ("distributed_cash", "Tiền đã trao"),
    ("distributed_goods", "Hàng đã trao (giá trị)"),
    ("beneficiaries", "Người được hỗ trợ"),
    ("all_campaigns", "Tất cả chiến dịch"),
    ("since", "Từ ngày"),
    ("until", "đến ngày"),
    ("received_vs_distributed", "Đã nhận và đã trao"),
    ("share_distributed", "đã trao"),
    ("flow_title", "Cứu trợ đã đến đâu"),
    ("flow_desc", "Từ nhà hảo tâm qua chiến dịch đến tỉnh, thành và nhóm đối tượng; độ rộng mỗi dải tỉ lệ với số tiền (tiền mặt và giá trị hàng)."),
    ("flow_empty", "Chưa có lượt trao nào."),
    ("col_donors", "Nhà hảo tâm"),
    ("col_campaign", "Chiến dịch"),
    ("col_provinces", "Tỉnh, thành"),
    ("col_categories", "Nhóm đối tượng"),
    ("other_donors", "Nhà hảo tâm khác"),
    ("other_provinces", "Tỉnh, thành khác"),
    ("other_communes", "Các xã, phường khác"),
    ("items", "Hàng hóa"),
    ("item", "Mặt hàng"),
    ("received", "Đã nhận"),
    ("distributed", "Đã trao"),
    ("value", "Giá trị"),
    ("by_province", "Theo tỉnh, thành"),
    ("province", "Tỉnh, thành"),
    ("commune", "Xã, phường"),
    ("communes_of", "Theo xã, phường"),
    ("cash", "Tiền mặt"),
    ("goods_value", "Giá trị hàng"),
    ("people", "Số người"),
    ("by_category", "Theo nhóm đối tượng"),
    ("category", "Nhóm đối tượng"),
    ("k_rule", "Để bảo vệ người nhận, một xã, phường có dưới {k} người trong một nhóm không được nêu riêng: số liệu đó được cộng vào dòng “Các xã, phường khác” của tỉnh."),
    ("donors", "Nhà hảo tâm"),
    ("donors_note", "Chỉ nêu tên những nhà hảo tâm đồng ý công khai."),
    ("donor", "Nhà hảo tâm"),
    ("gave", "Đã ủng hộ"),
    ("no_donors", "Chưa có nhà hảo tâm nào đồng ý công khai tên."),
    ("nothing_yet", "Chưa có số liệu."),
    ("total", "Tổng"),
];

/// `(key, text)` in English.
const EN: &[(&str, &str)] = &[
    ("title", "Public aid figures"),
    ("intro", "What each campaign received and handed out, where it went and to whom. Updated with every delivery."),
    ("switch_lang", "Tiếng Việt"),
    ("switch_lang_label", "Chuyển sang tiếng Việt"),
    ("loading", "Loading…"),
    ("error", "The figures could not be loaded. Please try again later."),
    ("not_found", "This campaign was not found."),
    ("back", "← All campaigns"),
    ("no_campaigns", "No campaign is public yet."),
    ("status_open", "Open"),
    ("status_closed", "Closed"),
    ("received_cash", "Cash received"),
    ("received_goods", "Goods received (value)"),
    ("distributed_cash", "Cash handed out"),
    ("distributed_goods", "Goods handed out (value)"),
    ("beneficiaries", "People supported"),
    ("all_campaigns", "All campaigns"),
    ("since", "From"),
    ("until", "to"),
    ("received_vs_distributed", "Received and handed out"),
    ("share_distributed", "handed out"),
    ("flow_title", "Where the aid went"),
    ("flow_desc", "From donors through the campaign to provinces and groups of people; each band's width is proportional to the amount (cash and the value of goods)."),
    ("flow_empty", "Nothing has been handed out yet."),
    ("col_donors", "Donors"),
    ("col_campaign", "Campaign"),
    ("col_provinces", "Provinces"),
    ("col_categories", "Groups of people"),
    ("other_donors", "Other donors"),
    ("other_provinces", "Other provinces"),
    ("other_communes", "Other communes"),
    ("items", "Goods"),
    ("item", "Item"),
    ("received", "Received"),
    ("distributed", "Handed out"),
    ("value", "Value"),
    ("by_province", "By province"),
    ("province", "Province"),
    ("commune", "Commune"),
    ("communes_of", "By commune"),
    ("cash", "Cash"),
    ("goods_value", "Goods value"),
    ("people", "People"),
    ("by_category", "By group of people"),
    ("category", "Group"),
    ("k_rule", "To protect the people supported, a commune with fewer than {k} people in a group is not shown on its own: those figures are added to the province's “Other communes” row."),
    ("donors", "Donors"),
    ("donors_note", "Only donors who agreed to be named are named."),
    ("donor", "Donor"),
    ("gave", "Gave"),
    ("no_donors", "No donor has agreed to be named yet."),
    ("nothing_yet", "No figures yet."),
    ("total", "Total"),
];

/// The text of `key` in `lang`; the key itself when the catalogue lacks it.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let catalogue = match lang {
        Lang::Vi => VI,
        Lang::En => EN,
    };
    catalogue.iter().find(|(k, _)| *k == key).map_or(key, |(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_keys_once_each() {
        let keys = |list: &[(&'static str, &'static str)]| list.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        let (vi, en) = (keys(VI), keys(EN));
        let (vi_set, en_set): (BTreeSet<_>, BTreeSet<_>) = (vi.iter().collect(), en.iter().collect());
        assert_eq!(vi_set.len(), vi.len(), "a Vietnamese key repeats");
        assert_eq!(en_set.len(), en.len(), "an English key repeats");
        assert_eq!(vi_set, en_set);
        assert!(VI.iter().chain(EN).all(|(_, text)| !text.trim().is_empty()));
    }

    #[test]
    fn a_key_reads_in_each_language_and_an_unknown_one_shows_itself() {
        assert_eq!(t(Lang::Vi, "title"), "Công khai cứu trợ");
        assert_eq!(t(Lang::En, "title"), "Public aid figures");
        assert_eq!(t(Lang::En, "no_such_key"), "no_such_key");
    }
}
