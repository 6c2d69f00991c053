//! The assignment matrix and its history (see `danvan_domain::assignment`). A change
//! never edits a row's values: it closes the row the day before the change takes effect
//! (or, for a correction that takes effect on or before the row's first day, marks it
//! superseded) and inserts a successor linked both ways. The lists an assignment names
//! live in `assignment_links`, one row per (kind, id).

use crate::{
    areas, audit, catalog, new_id, now, parse_id,
    schema::{area_groups, areas as areas_table, assignment_links, assignments, users, working_groups},
    scope::Viewer,
    utc, working_groups as groups, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, ChangeAssignment, Coverage, CreateAssignment, EndAssignment, Overlap},
    catalog::CatalogKind,
    policy::{self, Reach},
    validation::FieldError,
};
use diesel::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = assignments, treat_none_as_null = true)]
struct AssignmentRow {
    id: String,
    working_group_id: String,
    user_id: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    note: String,
    replaces_id: Option<String>,
    replaced_by_id: Option<String>,
    superseded_at: Option<NaiveDateTime>,
    created_by: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The kinds of `assignment_links` rows, in the order of [`Lists`].
const LINK_KINDS: [&str; 4] = ["target_group", "field", "area", "area_group"];
/// The request field of each link kind.
const LIST_FIELDS: [&str; 4] = ["target_group_ids", "field_ids", "area_ids", "area_group_ids"];

/// The four lists an assignment names, as stored text ids, each sorted.
#[derive(Debug, Clone, Default)]
struct Lists([Vec<String>; 4]);

impl Lists {
    fn from_ids(lists: [&[Uuid]; 4]) -> Lists {
        Lists(lists.map(|list| {
            let mut ids: Vec<String> = list.iter().map(Uuid::to_string).collect();
            ids.sort();
            ids
        }))
    }

    fn parsed(&self, index: usize) -> Result<Vec<Uuid>, StoreError> {
        self.0[index].iter().map(|id| parse_id(id)).collect()
    }
}

impl AssignmentRow {
    fn into_domain(self, lists: &Lists) -> Result<Assignment, StoreError> {
        Ok(Assignment {
            id: parse_id(&self.id)?,
            working_group_id: parse_id(&self.working_group_id)?,
            user_id: parse_id(&self.user_id)?,
            target_group_ids: lists.parsed(0)?,
            field_ids: lists.parsed(1)?,
            area_ids: lists.parsed(2)?,
            area_group_ids: lists.parsed(3)?,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            note: self.note,
            replaces_id: self.replaces_id.as_deref().map(parse_id).transpose()?,
            replaced_by_id: self.replaced_by_id.as_deref().map(parse_id).transpose()?,
            superseded_at: self.superseded_at.map(utc),
            created_by: self.created_by.as_deref().map(parse_id).transpose()?,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }

    /// Whether the row is the last of its chain, the only one that may change.
    fn is_head(&self) -> bool {
        self.replaced_by_id.is_none() && self.superseded_at.is_none()
    }
}

/// The lists of each of `ids`.
fn lists_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Lists>, StoreError> {
    let links: Vec<(String, String, String)> = assignment_links::table
        .filter(assignment_links::assignment_id.eq_any(ids))
        .order(assignment_links::ref_id)
        .load(conn)?;
    let mut by_row: HashMap<String, Lists> = HashMap::new();
    for (assignment, kind, reference) in links {
        let index = LINK_KINDS
            .iter()
            .position(|known| *known == kind)
            .ok_or_else(|| StoreError::Corrupt(format!("assignment link kind {kind:?}")))?;
        by_row.entry(assignment).or_default().0[index].push(reference);
    }
    Ok(by_row)
}

fn to_domain(conn: &mut DbConnection, rows: Vec<AssignmentRow>) -> Result<Vec<Assignment>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let lists = lists_of(conn, &ids)?;
    let empty = Lists::default();
    rows.into_iter()
        .map(|row| {
            let row_lists = lists.get(&row.id).unwrap_or(&empty);
            row.into_domain(row_lists)
        })
        .collect()
}

fn one(conn: &mut DbConnection, row: AssignmentRow) -> Result<Assignment, StoreError> {
    to_domain(conn, vec![row])?.pop().ok_or(StoreError::NotFound)
}

fn set_links(conn: &mut DbConnection, assignment: &str, lists: &Lists) -> Result<(), StoreError> {
    for (kind, ids) in LINK_KINDS.iter().zip(&lists.0) {
        for id in ids {
            diesel::insert_into(assignment_links::table)
                .values((
                    assignment_links::assignment_id.eq(assignment),
                    assignment_links::kind.eq(*kind),
                    assignment_links::ref_id.eq(id),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn group_exists(conn: &mut DbConnection, group: Uuid) -> Result<(), StoreError> {
    let count: i64 = working_groups::table.find(group.to_string()).count().get_result(conn)?;
    if count == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// The rows of a group in force on `date`.
fn in_force_rows(conn: &mut DbConnection, group: Uuid, date: NaiveDate) -> Result<Vec<AssignmentRow>, StoreError> {
    Ok(assignments::table
        .filter(assignments::working_group_id.eq(group.to_string()))
        .filter(assignments::superseded_at.is_null())
        .filter(assignments::valid_from.le(date))
        .filter(assignments::valid_to.is_null().or(assignments::valid_to.ge(date)))
        .order((assignments::valid_from, assignments::id))
        .load(conn)?)
}

/// A group's whole matrix on `date`: the rows in force that day, by first day. Not
/// limited to a caller's reach: for the coverage report and the demo seed; callers read
/// [`list`].
pub fn in_force(conn: &mut DbConnection, group: Uuid, date: NaiveDate) -> Result<Vec<Assignment>, StoreError> {
    group_exists(conn, group)?;
    let rows = in_force_rows(conn, group, date)?;
    to_domain(conn, rows)
}

/// A group's matrix on `date` as `viewer` may read it: the rows in force that day within
/// their reach, by first day.
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    group: Uuid,
    date: NaiveDate,
) -> Result<Vec<Assignment>, StoreError> {
    let rows = in_force(conn, group, date)?;
    seen_by(conn, viewer, rows)
}

/// The rows among `rows` within `viewer`'s reach (`danvan_domain::policy::work_reach`):
/// all of them; those covering a province of their scope and their own; or their own
/// only. A row is their own when it is theirs or, for a unit officer, a person's of their
/// unit or its sub-units.
fn seen_by(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<Assignment>) -> Result<Vec<Assignment>, StoreError> {
    let reach = viewer.reach();
    if reach == Reach::Everything {
        return Ok(rows);
    }
    let mut people = HashSet::from([viewer.user_id.to_string()]);
    if policy::reaches_unit_scope(viewer.role) {
        let units: Vec<String> = viewer.scope.org_units.iter().flatten().map(Uuid::to_string).collect();
        let in_units: Vec<String> =
            users::table.filter(users::org_unit_id.eq_any(units)).select(users::id).load(conn)?;
        people.extend(in_units);
    }
    let provinces: HashSet<String> = match reach {
        Reach::ProvincesAndOwn => viewer.scope.province_ids.iter().map(Uuid::to_string).collect(),
        _ => HashSet::new(),
    };
    let mut seen = Vec::with_capacity(rows.len());
    for row in rows {
        let own = people.contains(&row.user_id.to_string());
        if own || (!provinces.is_empty() && provinces_named(conn, &row)?.iter().any(|p| provinces.contains(p))) {
            seen.push(row);
        }
    }
    Ok(seen)
}

fn find(conn: &mut DbConnection, id: Uuid) -> Result<AssignmentRow, StoreError> {
    assignments::table.find(id.to_string()).first(conn).found()
}

/// One row, if `viewer` reaches it; else not found.
pub fn get(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Assignment, StoreError> {
    let row = find(conn, id)?;
    let row = one(conn, row)?;
    seen_by(conn, viewer, vec![row])?.pop().ok_or(StoreError::NotFound)
}

/// The chain the row belongs to, oldest first, as far as `viewer` reaches it; not found
/// when they do not reach the row asked for.
pub fn history(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Vec<Assignment>, StoreError> {
    get(conn, viewer, id)?;
    let chain = chain(conn, id)?;
    seen_by(conn, viewer, chain)
}

/// The whole chain the row belongs to, oldest first.
fn chain(conn: &mut DbConnection, id: Uuid) -> Result<Vec<Assignment>, StoreError> {
    let mut first = find(conn, id)?;
    let mut seen = HashSet::from([first.id.clone()]);
    while let Some(previous) = first.replaces_id.clone() {
        if !seen.insert(previous.clone()) {
            return Err(StoreError::Corrupt(format!("assignment chain of {id} loops")));
        }
        first = assignments::table.find(&previous).first(conn).found()?;
    }
    let mut chain = vec![first];
    while let Some(next) = chain.last().and_then(|row| row.replaced_by_id.clone()) {
        if chain.iter().any(|row| row.id == next) {
            return Err(StoreError::Corrupt(format!("assignment chain of {id} loops")));
        }
        chain.push(assignments::table.find(&next).first(conn).found()?);
    }
    to_domain(conn, chain)
}

/// Refuses ids that name nothing of the right kind: `unknown` on each such entry.
fn check_references(conn: &mut DbConnection, lists: &Lists) -> Result<(), StoreError> {
    let mut found: [Vec<String>; 4] = Default::default();
    found[0] = catalog::existing(conn, CatalogKind::TargetGroup, &lists.0[0])?;
    found[1] = catalog::existing(conn, CatalogKind::Field, &lists.0[1])?;
    found[2] = areas_table::table.filter(areas_table::id.eq_any(&lists.0[2])).select(areas_table::id).load(conn)?;
    found[3] = area_groups::table
        .filter(area_groups::id.eq_any(&lists.0[3]))
        .filter(area_groups::deleted_at.is_null())
        .select(area_groups::id)
        .load(conn)?;
    let errors: Vec<FieldError> = (0..4)
        .flat_map(|index| {
            let found = &found[index];
            lists.0[index]
                .iter()
                .filter(|id| !found.contains(id))
                .map(move |id| FieldError::new(LIST_FIELDS[index], "unknown", format!("{id} does not exist")))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses a retired target group or field, unless the row being changed already named
/// it: `retired` on each such entry.
fn check_active(conn: &mut DbConnection, lists: &Lists, kept: [&[Uuid]; 2]) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    for (index, kind) in [(0, CatalogKind::TargetGroup), (1, CatalogKind::Field)] {
        let active = catalog::active_ids(conn, kind)?;
        let kept: Vec<String> = kept[index].iter().map(Uuid::to_string).collect();
        for id in lists.0[index].iter().filter(|id| !active.contains(id) && !kept.contains(id)) {
            errors.push(FieldError::new(LIST_FIELDS[index], "retired", format!("{id} is retired")));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses a set of lists that names no target group or field, or no area or area group.
fn check_not_empty(lists: &Lists) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    if lists.0[0].is_empty() && lists.0[1].is_empty() {
        errors.push(FieldError::new("target_group_ids", "required", "name at least one target group or field"));
    }
    if lists.0[2].is_empty() && lists.0[3].is_empty() {
        errors.push(FieldError::new("area_ids", "required", "name at least one area or area group"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses the values of a new row of a chain: lists that name nothing, or name what
/// does not exist or is retired (unless the row before named it, `kept`), and a last day
/// before the first.
fn check_values(
    conn: &mut DbConnection,
    lists: &Lists,
    kept: [&[Uuid]; 2],
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
) -> Result<(), StoreError> {
    check_not_empty(lists)?;
    check_references(conn, lists)?;
    check_active(conn, lists, kept)?;
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(StoreError::invalid("valid_to", "before_start", "must not be before the first day"));
    }
    Ok(())
}

fn insert(conn: &mut DbConnection, row: &AssignmentRow, lists: &Lists) -> Result<(), StoreError> {
    diesel::insert_into(assignments::table).values(row).execute(conn)?;
    set_links(conn, &row.id, lists)
}

/// Adds an assignment for a member of the group; `today` fills in an absent first day.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    group: Uuid,
    request: &CreateAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    group_exists(conn, group)?;
    let valid_from = request.valid_from.unwrap_or(today);
    if !groups::is_member_on(conn, group, request.user_id, valid_from)? {
        return Err(StoreError::invalid("user_id", "not_member", "is not on the group's roster on the first day"));
    }
    let lists =
        Lists::from_ids([&request.target_group_ids, &request.field_ids, &request.area_ids, &request.area_group_ids]);
    check_values(conn, &lists, [&[], &[]], valid_from, request.valid_to)?;
    let at = now();
    let row = AssignmentRow {
        id: new_id(),
        working_group_id: group.to_string(),
        user_id: request.user_id.to_string(),
        valid_from,
        valid_to: request.valid_to,
        note: request.note.trim().to_owned(),
        replaces_id: None,
        replaced_by_id: None,
        superseded_at: None,
        created_by: actor.user_id.map(|id| id.to_string()),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    insert(conn, &row, &lists)?;
    let assignment = one(conn, row)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Assignment,
        Some(&assignment.id.to_string()),
        None::<&()>,
        Some(&assignment),
    )?;
    Ok(assignment)
}

/// The group a row belongs to, for the caller's right to change it.
pub fn group_of(conn: &mut DbConnection, id: Uuid) -> Result<Uuid, StoreError> {
    parse_id(&find(conn, id)?.working_group_id)
}

/// The row a change starts from: the last of its chain, still at the version the caller read.
fn find_head(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<AssignmentRow, StoreError> {
    let current = find(conn, id)?;
    if !current.is_head() {
        return Err(StoreError::conflict(
            "superseded",
            "this row was already replaced; change the latest row of its history",
        ));
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    Ok(current)
}

/// Stores the changed `row` and audits `action` from `before` to `after`, the row that
/// now holds the assignment's values, which it answers.
fn finish(
    conn: &mut DbConnection,
    actor: &Actor,
    action: AuditAction,
    row: &AssignmentRow,
    expected_version: i64,
    before: &Assignment,
    after: AssignmentRow,
) -> Result<Assignment, StoreError> {
    crate::save_versioned!(conn, assignments, row, expected_version)?;
    let after = one(conn, after)?;
    audit::record(conn, actor, action, AuditEntity::Assignment, Some(&row.id), Some(before), Some(&after))?;
    Ok(after)
}

/// Replaces a row with a successor carrying the new values from `effective_from` (today
/// when absent). Returns the successor.
pub fn change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &ChangeAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    let current = find_head(conn, id, expected_version)?;
    let before = one(conn, current.clone())?;
    let effective_from = request.effective_from.unwrap_or(today);
    if current.valid_to.and_then(|to| to.succ_opt()).is_some_and(|next| effective_from > next) {
        return Err(StoreError::invalid(
            "effective_from",
            "after_end",
            "must not be later than the day after the last day",
        ));
    }
    let pick = |new: &Option<Vec<Uuid>>, old: &[Uuid]| new.clone().unwrap_or_else(|| old.to_vec());
    let target_groups = pick(&request.target_group_ids, &before.target_group_ids);
    let fields = pick(&request.field_ids, &before.field_ids);
    let area_list = pick(&request.area_ids, &before.area_ids);
    let area_group_list = pick(&request.area_group_ids, &before.area_group_ids);
    let lists = Lists::from_ids([&target_groups, &fields, &area_list, &area_group_list]);
    let valid_to = request.valid_to.unwrap_or(current.valid_to);
    check_values(conn, &lists, [&before.target_group_ids, &before.field_ids], effective_from, valid_to)?;
    let at = now();
    let successor = AssignmentRow {
        id: new_id(),
        working_group_id: current.working_group_id.clone(),
        user_id: current.user_id.clone(),
        valid_from: effective_from,
        valid_to,
        note: request.note.as_deref().map_or_else(|| current.note.clone(), |note| note.trim().to_owned()),
        replaces_id: Some(current.id.clone()),
        replaced_by_id: None,
        superseded_at: None,
        created_by: actor.user_id.map(|id| id.to_string()),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    insert(conn, &successor, &lists)?;
    let mut old = current;
    if effective_from > old.valid_from {
        // `effective_from` is after the row's first day, so it has a day before it.
        old.valid_to = Some(effective_from.pred_opt().unwrap_or(effective_from));
    } else {
        old.superseded_at = Some(at);
    }
    old.replaced_by_id = Some(successor.id.clone());
    old.version += 1;
    old.updated_at = at;
    finish(conn, actor, AuditAction::Change, &old, expected_version, &before, successor)
}

/// Sets the last day of a row in place (today when absent).
pub fn end(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &EndAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    let current = find_head(conn, id, expected_version)?;
    let on = request.on.unwrap_or(today);
    if on < current.valid_from {
        return Err(StoreError::invalid("on", "before_start", "must not be before the assignment's first day"));
    }
    let before = one(conn, current.clone())?;
    let mut row = current;
    row.valid_to = Some(on);
    row.version += 1;
    row.updated_at = now();
    finish(conn, actor, AuditAction::End, &row, expected_version, &before, row.clone())
}

// --- coverage ---

/// The provinces of `layout` by code.
fn provinces_of_layout(conn: &mut DbConnection, layout: Layout) -> Result<Vec<String>, StoreError> {
    Ok(areas_table::table
        .filter(areas_table::layout.eq(layout.as_str()))
        .filter(areas_table::level.eq("province"))
        .order(areas_table::code)
        .select(areas_table::id)
        .load(conn)?)
}

/// The provinces (of either layout) an assignment covers through its areas and area groups.
fn provinces_named(conn: &mut DbConnection, assignment: &Assignment) -> Result<Vec<String>, StoreError> {
    let area_ids: Vec<String> = assignment.area_ids.iter().map(Uuid::to_string).collect();
    let group_ids: Vec<String> = assignment.area_group_ids.iter().map(Uuid::to_string).collect();
    let mut found = areas::provinces_of(conn, &area_ids)?;
    found.extend(areas::provinces_of_groups(conn, &group_ids)?);
    Ok(found)
}

/// The provinces of `layout` an assignment covers through its areas and area groups.
fn covered_provinces(
    conn: &mut DbConnection,
    assignment: &Assignment,
    layout_provinces: &HashSet<String>,
) -> Result<BTreeSet<String>, StoreError> {
    let found = provinces_named(conn, assignment)?;
    Ok(found.into_iter().filter(|province| layout_provinces.contains(province)).collect())
}

/// Entries of `all` that none of `named` mentions, in `all`'s order.
fn uncovered(all: Vec<String>, named: &HashSet<Uuid>) -> Result<Vec<Uuid>, StoreError> {
    all.iter().map(|id| parse_id(id)).filter(|id| id.as_ref().map_or(true, |id| !named.contains(id))).collect()
}

fn sorted_ids(ids: impl IntoIterator<Item = String>) -> Result<Vec<Uuid>, StoreError> {
    let mut parsed: Vec<Uuid> = ids.into_iter().map(|id| parse_id(&id)).collect::<Result<_, _>>()?;
    parsed.sort();
    Ok(parsed)
}

/// Where the group's matrix on `date` leaves provinces of `layout`, active target groups
/// or active fields uncovered, and where two members share a target group in a province.
pub fn coverage(conn: &mut DbConnection, group: Uuid, date: NaiveDate, layout: Layout) -> Result<Coverage, StoreError> {
    let matrix = in_force(conn, group, date)?;
    let all_provinces = provinces_of_layout(conn, layout)?;
    let layout_provinces: HashSet<String> = all_provinces.iter().cloned().collect();
    let mut covered: Vec<BTreeSet<String>> = Vec::with_capacity(matrix.len());
    for assignment in &matrix {
        covered.push(covered_provinces(conn, assignment, &layout_provinces)?);
    }
    let covered_anywhere: HashSet<Uuid> = covered.iter().flatten().map(|id| parse_id(id)).collect::<Result<_, _>>()?;
    let named_target_groups: HashSet<Uuid> = matrix.iter().flat_map(|a| a.target_group_ids.iter().copied()).collect();
    let named_fields: HashSet<Uuid> = matrix.iter().flat_map(|a| a.field_ids.iter().copied()).collect();
    let mut overlaps = Vec::new();
    for (i, first) in matrix.iter().enumerate() {
        for (j, second) in matrix.iter().enumerate().skip(i + 1) {
            if first.user_id == second.user_id {
                continue;
            }
            let mut target_groups: Vec<Uuid> =
                first.target_group_ids.iter().filter(|id| second.target_group_ids.contains(id)).copied().collect();
            let provinces = sorted_ids(covered[i].intersection(&covered[j]).cloned())?;
            if target_groups.is_empty() || provinces.is_empty() {
                continue;
            }
            target_groups.sort();
            let (a, b) = if first.user_id <= second.user_id { (first, second) } else { (second, first) };
            overlaps.push(Overlap {
                user_ids: vec![a.user_id, b.user_id],
                assignment_ids: vec![a.id, b.id],
                target_group_ids: target_groups,
                province_ids: provinces,
            });
        }
    }
    Ok(Coverage {
        as_of: date,
        layout,
        uncovered_province_ids: uncovered(all_provinces, &covered_anywhere)?,
        uncovered_target_group_ids: uncovered(
            catalog::active_ids(conn, CatalogKind::TargetGroup)?,
            &named_target_groups,
        )?,
        uncovered_field_ids: uncovered(catalog::active_ids(conn, CatalogKind::Field)?, &named_fields)?,
        overlaps,
    })
}
