//! The catalogue of every string the interface shows, in Vietnamese (the default) and
//! English. Both tables have the same keys (a test checks it); [`t`] looks one up.

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The BCP 47 code, as stored and as set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the switch button offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

fn table(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Vi => VI,
        Lang::En => EN,
    }
}

/// The entry `key` in `lang`, if the catalogue has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    table(lang).iter().find(|(k, _)| *k == key).map(|(_, text)| *text)
}

/// The entry `key` in `lang`; a missing key (a bug the tests look for) shows as "…"
/// rather than nothing.
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("…")
}

const VI: &[(&str, &str)] = &[
    // General
    ("loading", "Đang tải…"),
    ("empty", "Không có dữ liệu"),
    ("skip_to_content", "Bỏ qua, tới nội dung chính"),
    ("logout", "Đăng xuất"),
    ("lang.switch", "English"),
    ("lang.switch_label", "Switch to English"),
    ("breadcrumb.label", "Vị trí trang"),
    ("action.save", "Lưu"),
    ("action.cancel", "Hủy"),
    ("action.create", "Tạo mới"),
    ("action.edit", "Sửa"),
    ("action.deactivate", "Vô hiệu hóa"),
    ("action.activate", "Kích hoạt lại"),
    ("action.reset_password", "Đặt lại mật khẩu"),
    ("action.search", "Tìm kiếm"),
    ("action.clear", "Xóa bộ lọc"),
    ("action.more", "Xem thêm"),
    ("action.retry", "Thử lại"),
    ("action.close", "Đóng"),
    // Navigation
    ("nav.label", "Điều hướng chính"),
    ("nav.menu", "Menu"),
    ("nav.dashboard", "Bảng điều khiển"),
    ("nav.users", "Người dùng"),
    ("nav.org_units", "Đơn vị"),
    ("nav.areas", "Địa bàn"),
    ("nav.area_groups", "Vùng/Khu vực phụ trách"),
    ("nav.audit", "Nhật ký hệ thống"),
    // Login
    ("login.title", "Đăng nhập"),
    ("login.subtitle", "Hệ thống công tác dân vận"),
    ("login.username", "Tên đăng nhập"),
    ("login.password", "Mật khẩu"),
    ("login.submit", "Đăng nhập"),
    ("login.signing_in", "Đang đăng nhập…"),
    ("login.failed", "Sai tên đăng nhập hoặc mật khẩu"),
    ("login.throttled", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."),
    ("login.invalid", "Vui lòng kiểm tra lại thông tin đăng nhập"),
    ("login.expired", "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."),
    // Errors and states
    ("error.network", "Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại."),
    ("error.unexpected", "Đã xảy ra lỗi không mong muốn"),
    ("error.me_failed", "Không tải được thông tin tài khoản."),
    ("forbidden.title", "Không có quyền truy cập"),
    ("forbidden.detail", "Vai trò của bạn không được phép mở trang này."),
    ("not_found.title", "Không tìm thấy trang"),
    ("not_found.detail", "Địa chỉ này không tồn tại hoặc đã bị chuyển đi."),
    ("not_found.home", "Về Bảng điều khiển"),
    // Problems, by code
    ("problem.bad_request", "Yêu cầu không hợp lệ"),
    ("problem.validation", "Dữ liệu chưa hợp lệ"),
    ("problem.unauthorized", "Cần đăng nhập"),
    ("problem.forbidden", "Không có quyền thực hiện"),
    ("problem.not_found", "Không tìm thấy"),
    ("problem.method_not_allowed", "Thao tác không được hỗ trợ"),
    ("problem.precondition_required", "Thiếu phiên bản bản ghi"),
    ("problem.precondition_failed", "Bản ghi vừa được người khác thay đổi; đã tải lại bản mới nhất"),
    ("problem.idempotency_key_reused", "Yêu cầu trùng lặp với nội dung khác"),
    ("problem.too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau"),
    ("problem.payload_too_large", "Dữ liệu gửi lên quá lớn"),
    ("problem.unavailable", "Hệ thống tạm thời không sẵn sàng"),
    ("problem.internal", "Lỗi máy chủ"),
    ("problem.in_use", "Đang được sử dụng, chưa thể thực hiện"),
    ("problem.own_account", "Không thể thực hiện trên chính tài khoản của bạn"),
    // Field errors, by code
    ("field_error.required", "Không được để trống"),
    ("field_error.too_short", "Cần ít nhất {n} ký tự"),
    ("field_error.too_long", "Tối đa {n} ký tự"),
    ("field_error.invalid_format", "Sai định dạng"),
    ("field_error.taken", "Giá trị này đã được dùng"),
    ("field_error.not_found", "Không tồn tại"),
    ("field_error.cycle", "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới"),
    ("field_error.too_many", "Quá nhiều mục"),
    ("field_error.not_a_province", "Không phải tỉnh/thành phố của phân cấp này"),
    ("field_error.out_of_range", "Ngoài giới hạn cho phép"),
    ("field_error.invalid", "Giá trị không hợp lệ"),
    ("field_error.wrong", "Không đúng"),
    // Roles
    ("role.admin", "Quản trị hệ thống"),
    ("role.leader", "Lãnh đạo Ban"),
    ("role.group_head", "Tổ trưởng Tổ công tác"),
    ("role.standing_unit", "Đơn vị thường trực"),
    ("role.member", "Thành viên Tổ công tác"),
    ("role.office", "Văn phòng"),
    ("role.regional_office", "Cơ quan thường trực khu vực"),
    ("role.unit_officer", "Cán bộ đơn vị"),
    ("role.viewer", "Chỉ xem"),
    // Dashboard
    ("dashboard.welcome", "Xin chào"),
    ("dashboard.users", "Người dùng"),
    ("dashboard.org_units", "Đơn vị"),
    ("dashboard.areas", "Địa bàn"),
    ("dashboard.open", "Xem danh sách"),
    ("dashboard.recent", "Hoạt động gần đây"),
    ("dashboard.all_audit", "Xem toàn bộ nhật ký"),
    // Users
    ("users.new", "Tạo người dùng"),
    ("users.edit", "Thông tin người dùng"),
    ("users.search", "Tìm người dùng"),
    ("users.search_hint", "Tên đăng nhập hoặc họ tên"),
    ("users.created", "Đã tạo người dùng"),
    ("users.saved", "Đã lưu thay đổi"),
    ("users.deactivated", "Đã vô hiệu hóa tài khoản"),
    ("users.activated", "Đã kích hoạt lại tài khoản"),
    ("users.password_reset", "Đã đặt lại mật khẩu"),
    ("user.username", "Tên đăng nhập"),
    ("user.username_hint", "3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang"),
    ("user.display_name", "Họ và tên"),
    ("user.email", "Thư điện tử"),
    ("user.role", "Vai trò"),
    ("user.org_unit", "Đơn vị"),
    ("user.no_org_unit", "— Không thuộc đơn vị nào —"),
    ("user.password", "Mật khẩu"),
    ("user.password_hint", "Ít nhất 10 ký tự"),
    ("user.new_password", "Mật khẩu mới"),
    ("user.status", "Trạng thái"),
    ("user.active", "Đang hoạt động"),
    ("user.inactive", "Đã vô hiệu hóa"),
    // Org units
    ("org_units.new", "Tạo đơn vị"),
    ("org_units.pick", "Chọn một đơn vị trong cây để xem hoặc sửa."),
    ("org_units.no_parent", "— Cấp cao nhất —"),
    ("org_units.created", "Đã tạo đơn vị"),
    ("org_units.saved", "Đã lưu đơn vị"),
    ("org_unit.code", "Mã"),
    ("org_unit.code_hint", "1–32 ký tự: chữ không dấu, số, gạch dưới, gạch ngang"),
    ("org_unit.name", "Tên đơn vị"),
    ("org_unit.kind", "Loại"),
    ("org_unit.parent", "Đơn vị cấp trên"),
    ("org_kind.commission", "Ban"),
    ("org_kind.department", "Vụ"),
    ("org_kind.office", "Văn phòng"),
    ("org_kind.association", "Đoàn thể"),
    ("org_kind.standing_office", "Cơ quan thường trực"),
    ("org_kind.other", "Khác"),
    // Areas
    ("areas.layout", "Phân cấp"),
    ("areas.tree", "Cây địa bàn"),
    ("areas.search", "Tìm địa bàn"),
    ("areas.search_hint", "Gõ tên, có thể không dấu: ha noi"),
    ("areas.no_match", "Không tìm thấy địa bàn phù hợp"),
    ("areas.pick", "Chọn một địa bàn để xem chi tiết."),
    ("areas.expand", "Mở"),
    ("areas.collapse", "Thu gọn"),
    ("area.code", "Mã"),
    ("area.kind", "Loại hình"),
    ("area.level", "Cấp"),
    ("area.region", "Vùng"),
    ("area.coordinates", "Tọa độ"),
    ("area.children", "Số đơn vị trực thuộc"),
    ("level.province", "Tỉnh/Thành phố"),
    ("level.district", "Quận/Huyện"),
    ("level.commune", "Xã/Phường"),
    ("level.plural.province", "tỉnh/thành"),
    ("level.plural.district", "quận/huyện"),
    ("level.plural.commune", "xã/phường"),
    ("region.north", "Miền Bắc"),
    ("region.central", "Miền Trung"),
    ("region.highlands", "Tây Nguyên"),
    ("region.south", "Miền Nam"),
    // Area groups
    ("area_groups.edit", "Vùng/Khu vực phụ trách"),
    ("area_groups.saved", "Đã lưu vùng phụ trách"),
    ("area_group.code", "Mã"),
    ("area_group.name", "Tên"),
    ("area_group.kind", "Loại"),
    ("area_group.provinces", "Số tỉnh"),
    ("area_group.coverage", "Các tỉnh/thành phố thuộc vùng"),
    ("area_group.filter", "Lọc tỉnh/thành phố"),
    ("area_group.chosen", "Đã chọn"),
    ("group_kind.region", "Vùng"),
    ("group_kind.coverage", "Địa bàn phụ trách"),
    ("group_kind.custom", "Tùy chỉnh"),
    // Audit
    ("audit.filters", "Bộ lọc nhật ký"),
    ("audit.at", "Thời điểm"),
    ("audit.actor", "Người thực hiện"),
    ("audit.anyone", "— Tất cả —"),
    ("audit.system", "Hệ thống"),
    ("audit.action", "Thao tác"),
    ("audit.entity", "Đối tượng"),
    ("audit.entity_id", "Mã đối tượng"),
    ("audit.from", "Từ ngày"),
    ("audit.to", "Đến ngày"),
    ("audit.changes", "Chi tiết"),
    ("audit.before", "Trước"),
    ("audit.after", "Sau"),
    ("audit.request_id", "Mã yêu cầu"),
    ("audit.action.create", "Tạo mới"),
    ("audit.action.update", "Cập nhật"),
    ("audit.action.delete", "Xóa"),
    ("audit.action.login", "Đăng nhập"),
    ("audit.action.logout", "Đăng xuất"),
    ("audit.action.activate", "Kích hoạt lại"),
    ("audit.action.deactivate", "Vô hiệu hóa"),
    ("audit.action.revoke_sessions", "Thu hồi phiên đăng nhập"),
    ("audit.action.import", "Nạp dữ liệu"),
    ("audit.action.reset_password", "Đặt lại mật khẩu"),
    ("audit.action.change_password", "Đổi mật khẩu"),
    ("audit.entity.user", "Người dùng"),
    ("audit.entity.org_unit", "Đơn vị"),
    ("audit.entity.area_group", "Vùng phụ trách"),
    ("audit.entity.session", "Phiên đăng nhập"),
    ("audit.entity.area", "Địa bàn"),
];

const EN: &[(&str, &str)] = &[
    // General
    ("loading", "Loading…"),
    ("empty", "No data"),
    ("skip_to_content", "Skip to main content"),
    ("logout", "Sign out"),
    ("lang.switch", "Tiếng Việt"),
    ("lang.switch_label", "Chuyển sang tiếng Việt"),
    ("breadcrumb.label", "Breadcrumb"),
    ("action.save", "Save"),
    ("action.cancel", "Cancel"),
    ("action.create", "Create"),
    ("action.edit", "Edit"),
    ("action.deactivate", "Deactivate"),
    ("action.activate", "Reactivate"),
    ("action.reset_password", "Reset password"),
    ("action.search", "Search"),
    ("action.clear", "Clear filters"),
    ("action.more", "Load more"),
    ("action.retry", "Try again"),
    ("action.close", "Close"),
    // Navigation
    ("nav.label", "Main navigation"),
    ("nav.menu", "Menu"),
    ("nav.dashboard", "Dashboard"),
    ("nav.users", "Users"),
    ("nav.org_units", "Org units"),
    ("nav.areas", "Areas"),
    ("nav.area_groups", "Area groups"),
    ("nav.audit", "Audit log"),
    // Login
    ("login.title", "Sign in"),
    ("login.subtitle", "Mass mobilisation work system"),
    ("login.username", "Username"),
    ("login.password", "Password"),
    ("login.submit", "Sign in"),
    ("login.signing_in", "Signing in…"),
    ("login.failed", "Wrong username or password"),
    ("login.throttled", "Too many failed attempts. Please try again in a few minutes."),
    ("login.invalid", "Please check your sign-in details"),
    ("login.expired", "Your session has expired. Please sign in again."),
    // Errors and states
    ("error.network", "Cannot reach the server. Check the network and try again."),
    ("error.unexpected", "Something unexpected went wrong"),
    ("error.me_failed", "Could not load your account."),
    ("forbidden.title", "Access denied"),
    ("forbidden.detail", "Your role may not open this page."),
    ("not_found.title", "Page not found"),
    ("not_found.detail", "This address does not exist or has moved."),
    ("not_found.home", "Back to the dashboard"),
    // Problems, by code
    ("problem.bad_request", "Invalid request"),
    ("problem.validation", "Some fields are not valid"),
    ("problem.unauthorized", "Sign-in required"),
    ("problem.forbidden", "Not allowed"),
    ("problem.not_found", "Not found"),
    ("problem.method_not_allowed", "Operation not supported"),
    ("problem.precondition_required", "Record version missing"),
    ("problem.precondition_failed", "Someone else just changed this record; the latest version is loaded"),
    ("problem.idempotency_key_reused", "Duplicate request with different content"),
    ("problem.too_many_requests", "Too many requests, please try again later"),
    ("problem.payload_too_large", "The data sent is too large"),
    ("problem.unavailable", "The system is temporarily unavailable"),
    ("problem.internal", "Server error"),
    ("problem.in_use", "Still in use, cannot be done yet"),
    ("problem.own_account", "Not possible on your own account"),
    // Field errors, by code
    ("field_error.required", "Required"),
    ("field_error.too_short", "Must have at least {n} characters"),
    ("field_error.too_long", "Must have at most {n} characters"),
    ("field_error.invalid_format", "Invalid format"),
    ("field_error.taken", "Already in use"),
    ("field_error.not_found", "Does not exist"),
    ("field_error.cycle", "A unit cannot move under itself or a unit below it"),
    ("field_error.too_many", "Too many items"),
    ("field_error.not_a_province", "Not a province of this layout"),
    ("field_error.out_of_range", "Out of range"),
    ("field_error.invalid", "Invalid value"),
    ("field_error.wrong", "Incorrect"),
    // Roles
    ("role.admin", "Administrator"),
    ("role.leader", "Commission leader"),
    ("role.group_head", "Working group head"),
    ("role.standing_unit", "Standing unit"),
    ("role.member", "Working group member"),
    ("role.office", "Office"),
    ("role.regional_office", "Regional office"),
    ("role.unit_officer", "Unit officer"),
    ("role.viewer", "Viewer"),
    // Dashboard
    ("dashboard.welcome", "Hello"),
    ("dashboard.users", "Users"),
    ("dashboard.org_units", "Org units"),
    ("dashboard.areas", "Areas"),
    ("dashboard.open", "Open the list"),
    ("dashboard.recent", "Recent activity"),
    ("dashboard.all_audit", "See the whole audit log"),
    // Users
    ("users.new", "New user"),
    ("users.edit", "User details"),
    ("users.search", "Search users"),
    ("users.search_hint", "Username or name"),
    ("users.created", "User created"),
    ("users.saved", "Changes saved"),
    ("users.deactivated", "Account deactivated"),
    ("users.activated", "Account reactivated"),
    ("users.password_reset", "Password reset"),
    ("user.username", "Username"),
    ("user.username_hint", "3–64 characters: lower-case letters, digits, '.', '_' or '-'"),
    ("user.display_name", "Full name"),
    ("user.email", "E-mail"),
    ("user.role", "Role"),
    ("user.org_unit", "Org unit"),
    ("user.no_org_unit", "— No org unit —"),
    ("user.password", "Password"),
    ("user.password_hint", "At least 10 characters"),
    ("user.new_password", "New password"),
    ("user.status", "Status"),
    ("user.active", "Active"),
    ("user.inactive", "Deactivated"),
    // Org units
    ("org_units.new", "New org unit"),
    ("org_units.pick", "Pick a unit in the tree to see or edit it."),
    ("org_units.no_parent", "— Top level —"),
    ("org_units.created", "Org unit created"),
    ("org_units.saved", "Org unit saved"),
    ("org_unit.code", "Code"),
    ("org_unit.code_hint", "1–32 characters: letters, digits, '_' or '-'"),
    ("org_unit.name", "Name"),
    ("org_unit.kind", "Kind"),
    ("org_unit.parent", "Parent unit"),
    ("org_kind.commission", "Commission"),
    ("org_kind.department", "Department"),
    ("org_kind.office", "Office"),
    ("org_kind.association", "Association"),
    ("org_kind.standing_office", "Standing office"),
    ("org_kind.other", "Other"),
    // Areas
    ("areas.layout", "Layout"),
    ("areas.tree", "Area tree"),
    ("areas.search", "Search areas"),
    ("areas.search_hint", "Type a name, diacritics optional: ha noi"),
    ("areas.no_match", "No matching area"),
    ("areas.pick", "Pick an area to see its details."),
    ("areas.expand", "Expand"),
    ("areas.collapse", "Collapse"),
    ("area.code", "Code"),
    ("area.kind", "Kind"),
    ("area.level", "Level"),
    ("area.region", "Region"),
    ("area.coordinates", "Coordinates"),
    ("area.children", "Areas below"),
    ("level.province", "Province"),
    ("level.district", "District"),
    ("level.commune", "Commune"),
    ("level.plural.province", "provinces"),
    ("level.plural.district", "districts"),
    ("level.plural.commune", "communes"),
    ("region.north", "North"),
    ("region.central", "Central"),
    ("region.highlands", "Central Highlands"),
    ("region.south", "South"),
    // Area groups
    ("area_groups.edit", "Area group"),
    ("area_groups.saved", "Area group saved"),
    ("area_group.code", "Code"),
    ("area_group.name", "Name"),
    ("area_group.kind", "Kind"),
    ("area_group.provinces", "Provinces"),
    ("area_group.coverage", "Provinces in the group"),
    ("area_group.filter", "Filter provinces"),
    ("area_group.chosen", "Chosen"),
    ("group_kind.region", "Region"),
    ("group_kind.coverage", "Coverage"),
    ("group_kind.custom", "Custom"),
    // Audit
    ("audit.filters", "Audit log filters"),
    ("audit.at", "When"),
    ("audit.actor", "Who"),
    ("audit.anyone", "— Anyone —"),
    ("audit.system", "System"),
    ("audit.action", "Action"),
    ("audit.entity", "Entity"),
    ("audit.entity_id", "Entity id"),
    ("audit.from", "From"),
    ("audit.to", "To"),
    ("audit.changes", "Details"),
    ("audit.before", "Before"),
    ("audit.after", "After"),
    ("audit.request_id", "Request id"),
    ("audit.action.create", "Create"),
    ("audit.action.update", "Update"),
    ("audit.action.delete", "Delete"),
    ("audit.action.login", "Sign in"),
    ("audit.action.logout", "Sign out"),
    ("audit.action.activate", "Reactivate"),
    ("audit.action.deactivate", "Deactivate"),
    ("audit.action.revoke_sessions", "Revoke sessions"),
    ("audit.action.import", "Import"),
    ("audit.action.reset_password", "Password reset"),
    ("audit.action.change_password", "Password change"),
    ("audit.entity.user", "User"),
    ("audit.entity.org_unit", "Org unit"),
    ("audit.entity.area_group", "Area group"),
    ("audit.entity.session", "Session"),
    ("audit.entity.area", "Area"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_domain::{
        area::{AreaGroupKind, AreaLevel, Region},
        org_unit::OrgUnitKind,
        role::Role,
    };
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<&'static str> {
        table(lang).iter().map(|(key, _)| *key).collect()
    }

    #[test]
    fn both_catalogues_have_the_same_keys_once_each() {
        assert_eq!(keys(Lang::Vi), keys(Lang::En));
        assert_eq!(keys(Lang::Vi).len(), VI.len(), "a key is listed twice in VI");
        assert_eq!(keys(Lang::En).len(), EN.len(), "a key is listed twice in EN");
    }

    #[test]
    fn no_entry_is_empty() {
        for lang in [Lang::Vi, Lang::En] {
            for (key, text) in table(lang) {
                assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn every_enum_value_has_a_name() {
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(Role::ALL.iter().map(|r| format!("role.{}", r.as_str())));
        wanted.extend(OrgUnitKind::ALL.iter().map(|k| format!("org_kind.{}", k.as_str())));
        wanted.extend(AreaGroupKind::ALL.iter().map(|k| format!("group_kind.{}", k.as_str())));
        wanted.extend(Region::ALL.iter().map(|r| format!("region.{}", r.as_str())));
        for level in AreaLevel::ALL {
            wanted.push(format!("level.{}", level.as_str()));
            wanted.push(format!("level.plural.{}", level.as_str()));
        }
        for code in ["required", "too_short", "too_long", "invalid_format", "taken", "not_found", "cycle", "too_many"] {
            wanted.push(format!("field_error.{code}"));
        }
        wanted.extend(crate::pages::audit::ACTIONS.iter().map(|a| format!("audit.action.{a}")));
        wanted.extend(crate::pages::audit::ENTITIES.iter().map(|e| format!("audit.entity.{e}")));
        for key in wanted {
            assert!(lookup(Lang::Vi, &key).is_some(), "{key} is missing");
        }
    }

    /// Every literal that looks like a catalogue key in the sources is in the catalogue.
    #[test]
    fn every_key_the_code_uses_exists() {
        let prefixes: BTreeSet<&str> = keys(Lang::Vi).iter().map(|key| key.split('.').next().unwrap_or(key)).collect();
        let singles: BTreeSet<&str> = keys(Lang::Vi).into_iter().filter(|key| !key.contains('.')).collect();
        let mut missing = Vec::new();
        let mut checked = 0;
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).into_iter().flatten().flatten().map(|entry| entry.path()));
                continue;
            }
            if path.ends_with("i18n.rs") || path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for literal in source.split('"').skip(1).step_by(2) {
                let is_key = literal.contains('.')
                    && literal.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
                    && prefixes.contains(literal.split('.').next().unwrap_or_default());
                if is_key || singles.contains(literal) {
                    checked += 1;
                    if lookup(Lang::Vi, literal).is_none() {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} keys found: the scan is broken");
        assert!(missing.is_empty(), "missing catalogue keys: {missing:?}");
    }

    #[test]
    fn languages_round_trip_through_their_codes() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(t(Lang::Vi, "nav.users"), "Người dùng");
        assert_eq!(t(Lang::En, "no.such.key"), "…");
    }
}
