//! The target groups and fields Plan 16-KH/BDVTW names (sections II.2 and II.3 and the
//! glossary), loaded on first start so the working group can assign work at once.
//! Administrators and the group head can rename, reorder, retire and add entries later.

use crate::{audit, db, schema::catalog_entries, Actor, DbConnection, StoreError};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::catalog::CatalogKind;
use diesel::prelude::*;
use uuid::Uuid;

/// Namespace of default entry ids, so they are the same on every installation.
const CATALOG_NAMESPACE: Uuid = Uuid::from_u128(0x2b8e_41f0_7c1d_4a3e_9f60_5d7a_0c9b_e8f1);

/// (code, Vietnamese name, English name)
const TARGET_GROUPS: &[(&str, &str, &str)] = &[
    ("religious_dignitaries", "Chức sắc tôn giáo", "Religious dignitaries"),
    (
        "ethnic_prestigious",
        "Người có uy tín trong đồng bào dân tộc thiểu số",
        "Prestigious people among ethnic minorities",
    ),
    ("enterprise_workers", "Người lao động trong các doanh nghiệp", "Workers in enterprises"),
    ("poor_students", "Sinh viên nghèo", "Poor students"),
    ("young_workers_rented_rooms", "Thanh niên công nhân trong các khu nhà trọ", "Young workers in rented rooms"),
    ("rural_women", "Hội viên phụ nữ nông thôn", "Rural women"),
    ("farmers", "Hội viên nông dân", "Farmers"),
    (
        "agent_orange_veterans",
        "Hội viên cựu chiến binh bị ảnh hưởng chất độc da cam/dioxin",
        "Veterans affected by Agent Orange/dioxin",
    ),
    ("businesses_donors", "Doanh nghiệp, nhà hảo tâm", "Businesses and donors"),
    ("recovered_f0", "Người đã khỏi bệnh COVID-19 (F0)", "Recovered F0 patients"),
    ("general_public", "Các tầng lớp nhân dân", "The general public"),
];

/// (code, Vietnamese name, English name)
const FIELDS: &[(&str, &str, &str)] = &[
    ("religion", "Tôn giáo", "Religion"),
    ("ethnic_affairs", "Dân tộc", "Ethnic affairs"),
    ("labour", "Lao động, việc làm", "Labour"),
    ("social_welfare", "An sinh xã hội", "Social welfare"),
    ("communication", "Thông tin, truyền thông", "Communication"),
    ("health_support", "Hỗ trợ y tế, lực lượng tuyến đầu", "Health and front-line support"),
    ("mass_organisations", "Đoàn thể nhân dân", "Mass organisations"),
];

/// The id a default entry gets.
pub fn default_id(kind: CatalogKind, code: &str) -> Uuid {
    Uuid::new_v5(&CATALOG_NAMESPACE, format!("{}:{code}", kind.as_str()).as_bytes())
}

/// Loads the defaults into an empty catalogue; returns how many, or `None` when the
/// catalogue already had entries.
pub fn ensure_loaded(conn: &mut DbConnection) -> Result<Option<usize>, StoreError> {
    db::write(conn, |conn| {
        let present: i64 = catalog_entries::table.count().get_result(conn)?;
        if present > 0 {
            return Ok(None);
        }
        let now = crate::now();
        let mut inserted = 0;
        for (kind, entries) in [(CatalogKind::TargetGroup, TARGET_GROUPS), (CatalogKind::Field, FIELDS)] {
            for (position, (code, name_vi, name_en)) in entries.iter().enumerate() {
                diesel::insert_into(catalog_entries::table)
                    .values((
                        catalog_entries::id.eq(default_id(kind, code).to_string()),
                        catalog_entries::kind.eq(kind.as_str()),
                        catalog_entries::code.eq(*code),
                        catalog_entries::name_vi.eq(*name_vi),
                        catalog_entries::name_en.eq(*name_en),
                        catalog_entries::active.eq(true),
                        catalog_entries::position.eq(position as i64),
                        catalog_entries::version.eq(1_i64),
                        catalog_entries::created_at.eq(now),
                        catalog_entries::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                inserted += 1;
            }
        }
        let summary = serde_json::json!({ "target_groups": TARGET_GROUPS.len(), "fields": FIELDS.len() });
        audit::record(
            conn,
            &Actor::system("import"),
            AuditAction::Import,
            AuditEntity::CatalogEntry,
            None,
            None::<&()>,
            Some(&summary),
        )?;
        Ok(Some(inserted))
    })
}
