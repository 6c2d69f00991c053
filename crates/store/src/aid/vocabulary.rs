//! The item list (managed, seeded with what COVID relief handed out) and the locations
//! that keep goods.

use super::rows::{ItemRow, LocationRow};
use super::{contains, names, parse};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{aid_items, aid_locations, areas},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    aid::{
        CreateItem, CreateLocation, Item, ItemCategory, ItemUnit, Location, LocationKind, UpdateItem, UpdateLocation,
    },
    area::AreaLevel,
    audit::{AuditAction, AuditEntity},
    policy,
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

const ITEM_TAKEN: &str = "another item has this code";

/// Namespace of default ids, so they are the same on every installation.
const NAMESPACE: Uuid = Uuid::from_u128(0x5a1d_0c3e_8f42_4d7b_9e16_2b3c_4d5e_6f70);

/// (code, Vietnamese name, English name, unit, category): what COVID relief handed out.
const ITEMS: &[(&str, &str, &str, ItemUnit, ItemCategory)] = &[
    ("rice", "Gạo", "Rice", ItemUnit::Kg, ItemCategory::Food),
    ("noodles", "Mì tôm", "Instant noodles", ItemUnit::Box, ItemCategory::Food),
    ("cooking_oil", "Dầu ăn", "Cooking oil", ItemUnit::Bottle, ItemCategory::Food),
    ("masks", "Khẩu trang y tế", "Medical masks", ItemUnit::Box, ItemCategory::Medical),
    ("sanitiser", "Nước rửa tay sát khuẩn", "Hand sanitiser", ItemUnit::Bottle, ItemCategory::Hygiene),
    ("test_kits", "Kit xét nghiệm nhanh", "Rapid test kits", ItemUnit::Piece, ItemCategory::Medical),
    ("oximeters", "Máy đo SpO2", "Pulse oximeters", ItemUnit::Piece, ItemCategory::Medical),
    ("essentials_package", "Túi an sinh", "Essential-goods package", ItemUnit::Package, ItemCategory::Food),
];

/// The id of a default item.
pub fn default_item_id(code: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("aid_item:{code}").as_bytes())
}

impl ItemRow {
    pub(super) fn unit(&self) -> Result<ItemUnit, StoreError> {
        parse(&self.unit, ItemUnit::parse)
    }

    fn into_domain(self) -> Result<Item, StoreError> {
        Ok(Item {
            id: parse_id(&self.id)?,
            unit: self.unit()?,
            category: parse(&self.category, ItemCategory::parse)?,
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
}

/// Loads the default items once; later starts leave the list as its managers keep it.
pub fn ensure_items(conn: &mut DbConnection) -> Result<(), StoreError> {
    let present: i64 = aid_items::table.count().get_result(conn)?;
    if present > 0 {
        return Ok(());
    }
    let at = now();
    let rows: Vec<ItemRow> = ITEMS
        .iter()
        .enumerate()
        .map(|(position, (code, name_vi, name_en, unit, category))| ItemRow {
            id: default_item_id(code).to_string(),
            code: (*code).to_owned(),
            name_vi: (*name_vi).to_owned(),
            name_en: (*name_en).to_owned(),
            unit: unit.as_str().to_owned(),
            category: category.as_str().to_owned(),
            active: true,
            position: position as i64,
            version: 1,
            created_at: at,
            updated_at: at,
        })
        .collect();
    crate::insert_many!(conn, aid_items::table, &rows, 11)?;
    Ok(())
}

/// Items in their order; only live or only retired ones when `active` is given.
pub fn list_items(conn: &mut DbConnection, active: Option<bool>) -> Result<Vec<Item>, StoreError> {
    let mut query = aid_items::table.into_boxed();
    if let Some(active) = active {
        query = query.filter(aid_items::active.eq(active));
    }
    let rows: Vec<ItemRow> = query.order((aid_items::position, aid_items::code)).load(conn)?;
    rows.into_iter().map(ItemRow::into_domain).collect()
}

/// The items of `ids`, by id.
pub(super) fn items_by_id(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, ItemRow>, StoreError> {
    let rows: Vec<ItemRow> = aid_items::table.filter(aid_items::id.eq_any(ids)).load(conn)?;
    Ok(rows.into_iter().map(|row| (row.id.clone(), row)).collect())
}

/// The live items of `ids`, or a field error naming `field` for the first one missing:
/// what new goods may be.
pub(super) fn live_items(
    conn: &mut DbConnection,
    ids: &[Uuid],
    field: &str,
) -> Result<HashMap<String, ItemRow>, StoreError> {
    items_of(conn, ids, field, true)
}

/// The items of `ids`, retired ones too: stock already held of a retired item must still
/// move and be counted.
pub(super) fn known_items(
    conn: &mut DbConnection,
    ids: &[Uuid],
    field: &str,
) -> Result<HashMap<String, ItemRow>, StoreError> {
    items_of(conn, ids, field, false)
}

fn items_of(
    conn: &mut DbConnection,
    ids: &[Uuid],
    field: &str,
    live_only: bool,
) -> Result<HashMap<String, ItemRow>, StoreError> {
    let wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let found = items_by_id(conn, &wanted)?;
    for (index, id) in wanted.iter().enumerate() {
        if !found.get(id).is_some_and(|item| item.active || !live_only) {
            return Err(StoreError::invalid(
                &format!("{field}[{index}].item_id"),
                "unknown",
                if live_only { "no live item has this id" } else { "no item has this id" },
            ));
        }
    }
    Ok(found)
}

pub fn create_item(conn: &mut DbConnection, actor: &Actor, request: &CreateItem) -> Result<Item, StoreError> {
    let holders = aid_items::table.filter(aid_items::code.eq(request.code.clone())).into_boxed();
    crate::refuse_taken!(conn, holders, aid_items::id, None::<&str>, "code", ITEM_TAKEN)?;
    let position = match request.position {
        Some(position) => position,
        None => aid_items::table
            .select(diesel::dsl::max(aid_items::position))
            .first_row::<Option<i64>>(conn)?
            .map_or(0, |last| last + 1),
    };
    let at = now();
    let row = ItemRow {
        id: new_id(),
        code: request.code.clone(),
        name_vi: request.name_vi.trim().to_owned(),
        name_en: request.name_en.trim().to_owned(),
        unit: request.unit.as_str().to_owned(),
        category: request.category.as_str().to_owned(),
        active: true,
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(aid_items::table).values(&row).execute(conn)?;
    let item = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::AidItem,
        Some(&item.id.to_string()),
        None::<&()>,
        Some(&item),
    )?;
    Ok(item)
}

pub fn update_item(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateItem,
) -> Result<Item, StoreError> {
    let current: ItemRow = aid_items::table.find(id.to_string()).first_row(conn).found()?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(name) = &request.name_vi {
        row.name_vi = name.trim().to_owned();
    }
    if let Some(name) = &request.name_en {
        row.name_en = name.trim().to_owned();
    }
    if let Some(category) = request.category {
        row.category = category.as_str().to_owned();
    }
    row.active = request.active.unwrap_or(row.active);
    row.position = request.position.unwrap_or(row.position);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, aid_items, &row, expected_version)?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::AidItem,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Filters of the location list.
#[derive(Debug, Clone, Default)]
pub struct LocationFilter {
    pub province_id: Option<Uuid>,
    /// Words of the name, without diacritics.
    pub q: Option<String>,
}

fn assemble_locations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<LocationRow>,
) -> Result<Vec<Location>, StoreError> {
    let mut area_ids: Vec<String> =
        rows.iter().flat_map(|row| [row.area_id.clone(), row.province_id.clone()]).collect();
    area_ids.sort();
    area_ids.dedup();
    let units: Vec<String> = rows.iter().map(|row| row.org_unit_id.clone()).collect();
    let area_names: HashMap<String, String> = names!(conn, areas, name, &area_ids);
    let unit_names: HashMap<String, String> = names!(conn, org_units, name, &units);
    rows.into_iter()
        .map(|row| {
            let province = parse_id(&row.province_id)?;
            Ok(Location {
                id: parse_id(&row.id)?,
                kind: parse(&row.kind, LocationKind::parse)?,
                org_unit: crate::named(&row.org_unit_id, &unit_names)?,
                area: crate::named(&row.area_id, &area_names)?,
                province: crate::named(&row.province_id, &area_names)?,
                can_manage_stock: policy::manages_stock_at(viewer.role, &viewer.scope.province_ids, province),
                name: row.name,
                address: row.address,
                active: row.active,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// Locations by name (without diacritics), `limit` at a time.
pub fn list_locations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &LocationFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Location>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let mut query = aid_locations::table.into_boxed();
    if let Some(province) = filter.province_id {
        query = query.filter(aid_locations::province_id.eq(province.to_string()));
    }
    if let Some(words) = filter.q.as_deref().map(fold).filter(|words| !words.is_empty()) {
        query = query.filter(aid_locations::name_folded.like(contains(&words)).escape('\\'));
    }
    let rows: Vec<LocationRow> = paging::seek!(query, aid_locations::name_folded, aid_locations::id, after, asc)
        .select(LocationRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| assemble_locations(conn, viewer, rows),
    )
}

pub(super) fn find_location(conn: &mut DbConnection, id: Uuid) -> Result<LocationRow, StoreError> {
    aid_locations::table.find(id.to_string()).select(LocationRow::as_select()).first_row(conn).found()
}

pub fn get_location(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Location, StoreError> {
    let row = find_location(conn, id)?;
    Ok(assemble_locations(conn, viewer, vec![row])?.remove(0))
}

/// A live location named by a request, or a field error; 403 when the caller may not
/// move goods there.
pub(super) fn usable_location(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: Uuid,
    field: &str,
) -> Result<LocationRow, StoreError> {
    let row = match find_location(conn, id) {
        Ok(row) if row.active => row,
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(StoreError::invalid(field, "unknown", "no open location has this id"))
        }
        Err(error) => return Err(error),
    };
    if !manages(viewer, &row)? {
        return Err(StoreError::Forbidden);
    }
    Ok(row)
}

/// Whether the viewer moves goods in and out of the location.
pub(super) fn manages(viewer: &Viewer, row: &LocationRow) -> Result<bool, StoreError> {
    Ok(policy::manages_stock_at(viewer.role, &viewer.scope.province_ids, parse_id(&row.province_id)?))
}

/// The commune or ward of a request, with its province.
pub(super) fn commune(conn: &mut DbConnection, area_id: Uuid) -> Result<(String, String), StoreError> {
    let found: Option<(String, String)> = areas::table
        .find(area_id.to_string())
        .filter(areas::level.eq(AreaLevel::Commune.as_str()))
        .select((areas::id, areas::province_id))
        .first_row(conn)
        .optional()?;
    found.ok_or_else(|| StoreError::invalid("area_id", "unknown", "no commune or ward has this id"))
}

pub(super) fn known_org_unit(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    use crate::schema::org_units;
    let found: i64 =
        org_units::table.find(id.to_string()).filter(org_units::deleted_at.is_null()).count().get_result(conn)?;
    if found == 0 {
        return Err(StoreError::invalid("org_unit_id", "unknown", "no org unit has this id"));
    }
    Ok(())
}

pub fn create_location(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateLocation,
) -> Result<Location, StoreError> {
    known_org_unit(conn, request.org_unit_id)?;
    let (area_id, province_id) = commune(conn, request.area_id)?;
    let at = now();
    let row = LocationRow {
        id: new_id(),
        name: request.name.trim().to_owned(),
        name_folded: fold(&request.name),
        kind: request.kind.as_str().to_owned(),
        org_unit_id: request.org_unit_id.to_string(),
        area_id,
        province_id,
        address: request.address.trim().to_owned(),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(aid_locations::table).values(&row).execute(conn)?;
    let location = assemble_locations(conn, viewer, vec![row])?.remove(0);
    let id = location.id.to_string();
    audit::record(conn, actor, AuditAction::Create, AuditEntity::AidLocation, Some(&id), None::<&()>, Some(&location))?;
    Ok(location)
}

pub fn update_location(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateLocation,
) -> Result<Location, StoreError> {
    let current = find_location(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = assemble_locations(conn, viewer, vec![current.clone()])?.remove(0);
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
        row.name_folded = fold(name);
    }
    if let Some(kind) = request.kind {
        row.kind = kind.as_str().to_owned();
    }
    if let Some(unit) = request.org_unit_id {
        known_org_unit(conn, unit)?;
        row.org_unit_id = unit.to_string();
    }
    if let Some(address) = &request.address {
        row.address = address.trim().to_owned();
    }
    row.active = request.active.unwrap_or(row.active);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, aid_locations, &row, expected_version)?;
    let after = assemble_locations(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::AidLocation,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
