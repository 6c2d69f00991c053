//! The categories of people to support (a managed list, seeded with the plan's: part one's
//! campaign categories by the same codes, and the groups section II.3 names), and the
//! categories of each beneficiary (`beneficiary_category_links`, which carry the person's
//! folded name so that a list by category walks one index).

use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, parse_id,
    schema::{beneficiary_category_links, support_categories},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDateTime;
use danvan_domain::{
    aid::{CategoryRef, CreateSupportCategory, SupportCategory, UpdateSupportCategory},
    audit::{AuditAction, AuditEntity},
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

const CODE_TAKEN: &str = "another category has this code";

/// Namespace of the seeded categories' ids, the same on every installation.
const NAMESPACE: Uuid = Uuid::from_u128(0x5a1d_0c3e_8f42_4d7b_9e16_2b3c_4d5e_6f71);

/// (code, Vietnamese name, English name): the plan's categories. The first nine are part
/// one's campaign categories (`BeneficiaryCategory`), by the same codes.
const SEEDED: &[(&str, &str, &str)] = &[
    ("poor_households", "Hộ nghèo", "Poor households"),
    ("near_poor_households", "Hộ cận nghèo", "Near-poor households"),
    ("lost_income", "Người mất việc làm, mất thu nhập", "People who lost their job or income"),
    ("patients_and_quarantined", "Người bệnh và gia đình cách ly", "Patients and families in quarantine"),
    ("elderly", "Người cao tuổi", "Elderly people"),
    ("people_with_disabilities", "Người khuyết tật", "People with disabilities"),
    ("children", "Trẻ em", "Children"),
    ("ethnic_minorities", "Đồng bào dân tộc thiểu số", "Ethnic minorities"),
    ("frontline_workers", "Lực lượng tuyến đầu", "Frontline workers"),
    ("lonely", "Người neo đơn", "People living alone"),
    ("enterprise_workers", "Công nhân lao động tại doanh nghiệp", "Enterprise workers"),
    ("poor_students", "Sinh viên nghèo", "Poor students"),
    ("young_workers_renting", "Lao động trẻ thuê trọ", "Young workers in rented rooms"),
    ("rural_women", "Phụ nữ nông thôn", "Rural women"),
    ("farmers", "Nông dân", "Farmers"),
    (
        "agent_orange_veterans",
        "Cựu chiến binh bị ảnh hưởng chất độc da cam/dioxin",
        "Veterans affected by Agent Orange/dioxin",
    ),
];

/// The id of a seeded category.
pub fn default_category_id(code: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("support_category:{code}").as_bytes())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = support_categories)]
#[diesel(treat_none_as_null = true)]
pub(super) struct CategoryRow {
    pub id: String,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = beneficiary_category_links)]
pub(super) struct LinkRow {
    pub category_id: String,
    pub beneficiary_id: String,
    pub name_folded: String,
}

impl CategoryRow {
    fn into_domain(self) -> Result<SupportCategory, StoreError> {
        Ok(SupportCategory {
            id: parse_id(&self.id)?,
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            active: self.active,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }

    fn reference(&self) -> Result<CategoryRef, StoreError> {
        Ok(CategoryRef {
            id: parse_id(&self.id)?,
            code: self.code.clone(),
            name_vi: self.name_vi.clone(),
            name_en: self.name_en.clone(),
        })
    }
}

/// Adds the seeded categories that are missing (by code); those present stay as their
/// managers keep them. Runs at every start.
pub fn ensure_support_categories(conn: &mut DbConnection) -> Result<(), StoreError> {
    let present: Vec<String> = support_categories::table.select(support_categories::code).load(conn)?;
    let at = now();
    let rows: Vec<CategoryRow> = SEEDED
        .iter()
        .enumerate()
        .filter(|(_, (code, _, _))| !present.iter().any(|have| have == code))
        .map(|(position, (code, name_vi, name_en))| CategoryRow {
            id: default_category_id(code).to_string(),
            code: (*code).to_owned(),
            name_vi: (*name_vi).to_owned(),
            name_en: (*name_en).to_owned(),
            active: true,
            position: position as i64,
            version: 1,
            created_at: at,
            updated_at: at,
        })
        .collect();
    if !rows.is_empty() {
        crate::insert_many!(conn, support_categories::table, &rows, 9)?;
    }
    Ok(())
}

/// Every category in its order; only live or only retired ones when `active` is given.
pub fn list_support_categories(
    conn: &mut DbConnection,
    active: Option<bool>,
) -> Result<Vec<SupportCategory>, StoreError> {
    let mut query = support_categories::table.into_boxed();
    if let Some(active) = active {
        query = query.filter(support_categories::active.eq(active));
    }
    let rows: Vec<CategoryRow> = query
        .order((support_categories::position, support_categories::code))
        .select(CategoryRow::as_select())
        .load(conn)?;
    rows.into_iter().map(CategoryRow::into_domain).collect()
}

pub fn create_support_category(
    conn: &mut DbConnection,
    actor: &Actor,
    request: &CreateSupportCategory,
) -> Result<SupportCategory, StoreError> {
    let holders = support_categories::table.filter(support_categories::code.eq(request.code.clone())).into_boxed();
    crate::refuse_taken!(conn, holders, support_categories::id, None::<&str>, "code", CODE_TAKEN)?;
    let position = match request.position {
        Some(position) => position,
        None => support_categories::table
            .select(diesel::dsl::max(support_categories::position))
            .first_row::<Option<i64>>(conn)?
            .map_or(0, |last| last + 1),
    };
    let at = now();
    let row = CategoryRow {
        id: new_id(),
        code: request.code.clone(),
        name_vi: request.name_vi.trim().to_owned(),
        name_en: request.name_en.trim().to_owned(),
        active: true,
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(support_categories::table)
        .values(&row)
        .execute(conn)
        .map_err(crate::taken("code", CODE_TAKEN))?;
    let category = row.into_domain()?;
    let id = category.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::SupportCategory,
        Some(&id),
        None::<&()>,
        Some(&category),
    )?;
    Ok(category)
}

pub fn update_support_category(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateSupportCategory,
) -> Result<SupportCategory, StoreError> {
    let current: CategoryRow =
        support_categories::table.find(id.to_string()).select(CategoryRow::as_select()).first_row(conn).found()?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(name) = &request.name_vi {
        row.name_vi = name.trim().to_owned();
    }
    if let Some(name) = &request.name_en {
        row.name_en = name.trim().to_owned();
    }
    row.active = request.active.unwrap_or(row.active);
    row.position = request.position.unwrap_or(row.position);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, support_categories, &row, expected_version)?;
    let after = row.into_domain()?;
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::SupportCategory,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// The live categories of `ids` in the request's order, or a field error naming the first
/// one that is unknown or retired.
pub(super) fn live_categories(conn: &mut DbConnection, ids: &[Uuid]) -> Result<Vec<CategoryRow>, StoreError> {
    let wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let rows: Vec<CategoryRow> = support_categories::table
        .filter(support_categories::id.eq_any(&wanted))
        .select(CategoryRow::as_select())
        .load(conn)?;
    let mut found: HashMap<String, CategoryRow> = rows.into_iter().map(|row| (row.id.clone(), row)).collect();
    wanted
        .iter()
        .enumerate()
        .map(|(index, id)| match found.remove(id) {
            Some(row) if row.active => Ok(row),
            _ => Err(StoreError::invalid(&format!("category_ids[{index}]"), "unknown", "no live category has this id")),
        })
        .collect()
}

/// The categories of each of `beneficiaries`, in the list's order: one query.
pub(super) fn categories_of(
    conn: &mut DbConnection,
    beneficiaries: &[String],
) -> Result<HashMap<String, Vec<CategoryRef>>, StoreError> {
    let rows: Vec<(String, CategoryRow)> = beneficiary_category_links::table
        .inner_join(support_categories::table.on(support_categories::id.eq(beneficiary_category_links::category_id)))
        .filter(beneficiary_category_links::beneficiary_id.eq_any(beneficiaries))
        .order((support_categories::position, support_categories::code))
        .select((beneficiary_category_links::beneficiary_id, CategoryRow::as_select()))
        .load(conn)?;
    let mut by_person: HashMap<String, Vec<CategoryRef>> = HashMap::new();
    for (person, row) in rows {
        by_person.entry(person).or_default().push(row.reference()?);
    }
    Ok(by_person)
}

/// Replaces the categories of a person (named `name_folded`) by `categories`.
pub(super) fn set_categories(
    conn: &mut DbConnection,
    beneficiary: &str,
    name_folded: &str,
    categories: &[CategoryRow],
) -> Result<(), StoreError> {
    diesel::delete(
        beneficiary_category_links::table.filter(beneficiary_category_links::beneficiary_id.eq(beneficiary)),
    )
    .execute(conn)?;
    let links: Vec<LinkRow> = categories
        .iter()
        .map(|category| LinkRow {
            category_id: category.id.clone(),
            beneficiary_id: beneficiary.to_owned(),
            name_folded: name_folded.to_owned(),
        })
        .collect();
    crate::insert_many!(conn, beneficiary_category_links::table, &links, 3)?;
    Ok(())
}

/// The category ids of a person.
pub(super) fn category_ids_of(conn: &mut DbConnection, beneficiary: &str) -> Result<Vec<String>, StoreError> {
    Ok(beneficiary_category_links::table
        .filter(beneficiary_category_links::beneficiary_id.eq(beneficiary))
        .select(beneficiary_category_links::category_id)
        .order(beneficiary_category_links::category_id)
        .load(conn)?)
}

/// Keeps the folded name the category links carry in step with the person's.
pub(super) fn rename_links(conn: &mut DbConnection, beneficiary: &str, name_folded: &str) -> Result<(), StoreError> {
    diesel::update(
        beneficiary_category_links::table.filter(beneficiary_category_links::beneficiary_id.eq(beneficiary)),
    )
    .set(beneficiary_category_links::name_folded.eq(name_folded))
    .execute(conn)?;
    Ok(())
}
