//! The bulk path: loading many synthetic tasks fast, for the benchmark (`danvan
//! seed-synthetic`, `cargo xtask bench`; see docs/performance.md). Each task gets the rows
//! a create through the API writes (the task, its assignees and areas, its list keys, its
//! `created` timeline event and its audit row), inserted many rows to a statement, a few
//! thousand tasks to a transaction through [`crate::db::write`]. Notifications are left out: the
//! assignees of a million tasks would otherwise each have tens of thousands unread.
//!
//! The tasks refer to what is already there: the 63 provinces of the 2021 layout (and their
//! districts), the active accounts (those that may create tasks create them, the others
//! are assigned), the live org units, the plan items, the first working group and the
//! active target groups. `danvan seed-demo` provides all of them.

use super::rows::TaskRow;
use crate::limit::LimitInText;
use crate::load_indexes::{build_indexes, drop_indexes};
use crate::{
    audit,
    schema::{
        areas, audit_log, catalog_entries, org_units, plan_items, task_areas, task_assignees, task_events, tasks,
        users, working_groups,
    },
    utc, Actor, DbConnection, StoreError,
};
use chrono::{Duration, NaiveDateTime};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{allows, Action},
    policy,
    role::Role,
    task::{transitions_from, Task, TaskEventKind, TaskPriority, TaskRelation, TaskStatus},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// What [`load_synthetic`] loads.
#[derive(Debug, Clone)]
pub struct SyntheticTasks {
    /// How many tasks.
    pub count: usize,
    /// The same seed, `now` and reference data give the same rows, ids included.
    pub seed: u64,
    /// The moment the tasks are loaded "as of": they were created over the 200 days before
    /// it and are due within 180 days either side of it.
    pub now: NaiveDateTime,
}

/// Tasks per transaction: about five rows each, so a transaction holds ten thousand rows
/// or so, and a failure loses at most that.
const TASKS_PER_TRANSACTION: usize = 2_000;

/// Over how many days before `now` the tasks were created.
const CREATED_OVER_DAYS: i64 = 200;
/// A task is due this many days after it was created, at least and at most; with
/// [`CREATED_OVER_DAYS`] that keeps every due date within 180 days of `now`.
const DUE_AFTER_DAYS: (i64, i64) = (20, 180);

/// A task's `created` event; [`super::rows::EventRow`] would insert its empty fields as
/// `DEFAULT`, which SQLite cannot take in a multi-row insert.
#[derive(Insertable)]
#[diesel(table_name = task_events, treat_none_as_null = true)]
struct EventInsert {
    id: String,
    task_id: String,
    kind: &'static str,
    at: NaiveDateTime,
    actor_id: String,
    from_status: Option<&'static str>,
    to_status: Option<&'static str>,
    percent: Option<i32>,
    comment: &'static str,
    assignees_json: String,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log, treat_none_as_null = true)]
struct AuditInsert {
    id: String,
    at: NaiveDateTime,
    actor_id: Option<String>,
    actor_username: Option<String>,
    action: &'static str,
    entity: &'static str,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    request_id: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = task_assignees)]
struct AssigneeInsert {
    task_id: String,
    kind: &'static str,
    ref_id: String,
}

#[derive(Insertable)]
#[diesel(table_name = task_areas)]
struct AreaInsert {
    task_id: String,
    area_id: String,
    province_id: String,
}

/// How far a load has got, for the caller to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many tasks are loaded (committed).
    Loaded(usize),
    /// The indexes dropped for the load are being built again, this many of them.
    BuildingIndexes(usize),
}

/// Loads `spec.count` synthetic tasks, telling `progress` after each transaction; returns
/// how many it loaded. Refuses a database without the reference data the tasks need (see
/// the module's documentation).
///
/// From [`REBUILD_INDEXES_FROM`] tasks on, the plain secondary indexes of the tables it
/// writes are dropped first and built again at the end, even when the load fails: every
/// insert is then an append to a primary key, and each index is built once from sorted
/// rows rather than updated at random places a million times. A load that is killed
/// midway leaves the database without them: fine for the benchmark's databases, made
/// afresh each run, and a reason to load only into throwaway ones. Where they cannot be
/// dropped (a role that does not own the tables) the load goes on with them, only slower.
///
/// On PostgreSQL it then refreshes the planner's statistics, as autovacuum soon would.
pub fn load_synthetic(
    conn: &mut DbConnection,
    actor: &Actor,
    spec: &SyntheticTasks,
    progress: &mut dyn FnMut(Progress),
) -> Result<usize, StoreError> {
    let refs = References::load(conn)?;
    let dropped =
        if spec.count >= REBUILD_INDEXES_FROM { drop_indexes(conn, &LOADED_TABLES, "task tables") } else { Vec::new() };
    let loaded = load_batches(conn, &refs, spec, progress);
    if !dropped.is_empty() {
        progress(Progress::BuildingIndexes(dropped.len()));
    }
    let rebuilt = build_indexes(conn, &dropped);
    let loaded = loaded?;
    rebuilt?;
    crate::db::write(conn, |conn| {
        let summary = serde_json::json!({ "synthetic_tasks": loaded, "seed": spec.seed });
        audit::record(conn, actor, AuditAction::Import, AuditEntity::Task, None, None::<&()>, Some(&summary))
    })?;
    if let DbConnection::Pg(_) = conn {
        let tables = LOADED_TABLES.join(", ");
        diesel::sql_query(format!("ANALYZE {tables}")).execute(conn)?;
    }
    Ok(loaded)
}

fn load_batches(
    conn: &mut DbConnection,
    refs: &References,
    spec: &SyntheticTasks,
    progress: &mut dyn FnMut(Progress),
) -> Result<usize, StoreError> {
    let mut rng = Rng::new(spec.seed);
    let step = step_micros(spec.count);
    let start = spec.now - Duration::days(CREATED_OVER_DAYS);
    let mut loaded = 0;
    while loaded < spec.count {
        let end = (loaded + TASKS_PER_TRANSACTION).min(spec.count);
        let mut batch = Batch::default();
        for index in loaded..end {
            // Creation times grow with the index (so do the UUIDv7 ids): appends to the
            // primary keys, as a live system's creates are.
            let offset = step * index as i64 + rng.below(step.max(1) as u64) as i64;
            let created_at = start + Duration::microseconds(offset);
            batch.add(refs, &mut rng, index, created_at, spec.now)?;
        }
        crate::db::write(conn, |conn| batch.insert(conn))?;
        loaded = end;
        progress(Progress::Loaded(loaded));
    }
    Ok(loaded)
}

/// The tables a load writes to.
const LOADED_TABLES: [&str; 6] =
    ["tasks", "task_assignees", "task_areas", "task_list_keys", "task_events", "audit_log"];

/// Loads of this many tasks or more drop the indexes first (see [`load_synthetic`]).
const REBUILD_INDEXES_FROM: usize = 50_000;

/// Microseconds between the creation times of consecutive tasks.
fn step_micros(count: usize) -> i64 {
    Duration::days(CREATED_OVER_DAYS).num_microseconds().unwrap_or(i64::MAX) / count.max(1) as i64
}

/// An account the tasks refer to.
struct Person {
    id: Uuid,
    username: String,
    name: String,
    role: Role,
    org_unit_id: Option<Uuid>,
}

/// An area a task may be in, with the province `task_areas` copies.
struct Place {
    id: Uuid,
    name: String,
    province_id: String,
}

/// What the synthetic tasks refer to, read once.
struct References {
    provinces: Vec<Place>,
    districts: HashMap<String, Vec<Place>>,
    creators: Vec<Person>,
    workers: Vec<Person>,
    units: Vec<NamedRef>,
    plan_items: Vec<NamedRef>,
    working_group: Option<Uuid>,
    target_groups: Vec<NamedRef>,
}

fn parse(id: &str) -> Result<Uuid, StoreError> {
    crate::parse_id(id)
}

fn named(rows: Vec<(String, String)>) -> Result<Vec<NamedRef>, StoreError> {
    rows.into_iter().map(|(id, name)| Ok(NamedRef { id: parse(&id)?, name })).collect()
}

impl References {
    fn load(conn: &mut DbConnection) -> Result<References, StoreError> {
        let places = |level: &str, conn: &mut DbConnection| -> Result<Vec<Place>, StoreError> {
            areas::table
                .filter(areas::layout.eq("2021"))
                .filter(areas::level.eq(level.to_owned()))
                .order(areas::code.asc())
                .select((areas::id, areas::name, areas::province_id))
                .load::<(String, String, String)>(conn)?
                .into_iter()
                .map(|(id, name, province_id)| Ok(Place { id: parse(&id)?, name, province_id }))
                .collect()
        };
        let provinces = places("province", conn)?;
        let mut districts: HashMap<String, Vec<Place>> = HashMap::new();
        for district in places("district", conn)? {
            districts.entry(district.province_id.clone()).or_default().push(district);
        }
        let people: Vec<(String, String, String, String, Option<String>)> = users::table
            .filter(users::active.eq(true))
            .order(users::username.asc())
            .select((users::id, users::username, users::display_name, users::role, users::org_unit_id))
            .load(conn)?;
        let mut creators = Vec::new();
        let mut workers = Vec::new();
        for (id, username, name, role, unit) in people {
            let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?;
            let person =
                Person { id: parse(&id)?, username, name, role, org_unit_id: unit.as_deref().map(parse).transpose()? };
            // The administrator is a technical account, not one that plans or does work.
            if role == Role::Admin {
                continue;
            }
            if allows(role, Action::TasksCreate) {
                creators.push(person);
            } else if allows(role, Action::TasksWork) {
                workers.push(person);
            }
        }
        let units = named(
            org_units::table
                .filter(org_units::deleted_at.is_null())
                .order(org_units::code.asc())
                .select((org_units::id, org_units::name))
                .load(conn)?,
        )?;
        let plan_items = plan_items::table
            .order((plan_items::plan_id.asc(), plan_items::position.asc(), plan_items::id.asc()))
            .select((plan_items::id, plan_items::number, plan_items::title))
            .load::<(String, String, String)>(conn)?
            .into_iter()
            .map(|(id, number, title)| Ok(NamedRef { id: parse(&id)?, name: format!("{number}. {title}") }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let working_group = working_groups::table
            .order((working_groups::created_at.asc(), working_groups::id.asc()))
            .select(working_groups::id)
            .first_row::<String>(conn)
            .optional()?
            .as_deref()
            .map(parse)
            .transpose()?;
        let target_groups = named(
            catalog_entries::table
                .filter(catalog_entries::kind.eq("target_group"))
                .filter(catalog_entries::active.eq(true))
                .order((catalog_entries::position.asc(), catalog_entries::id.asc()))
                .select((catalog_entries::id, catalog_entries::name_vi))
                .load(conn)?,
        )?;
        if provinces.is_empty() {
            return Err(StoreError::conflict("no_areas", "the areas of the 2021 layout are not loaded"));
        }
        if creators.is_empty() || (workers.is_empty() && units.is_empty()) {
            return Err(StoreError::conflict(
                "no_accounts",
                "synthetic tasks need active accounts that may create tasks and accounts or org units to \
                 assign them to: run `danvan seed-demo` first",
            ));
        }
        Ok(References { provinces, districts, creators, workers, units, plan_items, working_group, target_groups })
    }
}

/// The rows of one transaction's tasks.
#[derive(Default)]
struct Batch {
    tasks: Vec<TaskRow>,
    assignees: Vec<AssigneeInsert>,
    areas: Vec<AreaInsert>,
    events: Vec<EventInsert>,
    audit: Vec<AuditInsert>,
}

const ACTIONS: &[&str] = &[
    "Vận động",
    "Thăm hỏi, tặng quà",
    "Tuyên truyền phòng, chống dịch cho",
    "Hỗ trợ lương thực, thực phẩm cho",
    "Nắm tình hình tư tưởng của",
    "Vận động tiêm vắc-xin cho",
    "Khảo sát đời sống của",
    "Tập huấn Tổ COVID cộng đồng cho",
    "Đối thoại với",
    "Tổng hợp kiến nghị của",
];

const TARGETS: &[&str] = &[
    "đồng bào dân tộc thiểu số",
    "chức sắc, chức việc tôn giáo",
    "công nhân khu công nghiệp",
    "người lao động thuê trọ",
    "học sinh, sinh viên khó khăn",
    "phụ nữ nông thôn",
    "hội viên cựu chiến binh",
    "doanh nghiệp, nhà hảo tâm",
    "người đã khỏi COVID-19",
    "nhân dân khu phong tỏa",
];

const DESCRIPTIONS: &[&str] = &[
    "Phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể địa phương; báo cáo kết quả về Tổ công tác.",
    "Nắm chắc số hộ, số người cần hỗ trợ; đề xuất nguồn lực còn thiếu.",
    "Kết hợp kiểm tra việc thực hiện quy định phòng, chống dịch tại cơ sở.",
    "Tổng hợp ý kiến, kiến nghị của nhân dân, chuyển cơ quan có thẩm quyền giải quyết.",
];

/// Picks by weight; the weights of `options` add up to 100.
fn weighted<T: Copy>(rng: &mut Rng, options: &[(T, u64)], fallback: T) -> T {
    let mut roll = rng.below(100);
    for (value, weight) in options {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    fallback
}

impl Batch {
    /// Adds the rows of the task number `index`, created at `created_at`.
    fn add(
        &mut self,
        refs: &References,
        rng: &mut Rng,
        index: usize,
        created_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let id = rng.uuid_v7(created_at);
        let creator = rng.pick(&refs.creators).ok_or(StoreError::NotFound)?;
        let (users, units) = assignees(refs, rng);

        // Every province gets the same number of tasks, give or take one; some name a
        // district rather than the whole province, some a second province as well.
        let province = refs.provinces.get(index % refs.provinces.len()).ok_or(StoreError::NotFound)?;
        let first = match refs.districts.get(&province.id.to_string()) {
            Some(districts) if rng.below(100) < 30 => rng.pick(districts).unwrap_or(province),
            _ => province,
        };
        let mut places = vec![first];
        if rng.below(100) < 10 {
            let other = rng.pick(&refs.provinces).unwrap_or(province);
            if other.id != province.id {
                places.push(other);
            }
        }

        let title = format!(
            "{} {} tại {} (đợt {})",
            rng.pick(ACTIONS).unwrap_or(&""),
            rng.pick(TARGETS).unwrap_or(&""),
            first.name,
            1 + rng.below(4)
        );
        let description = if rng.below(2) == 0 { "" } else { rng.pick(DESCRIPTIONS).unwrap_or(&"") };
        let plan_item = if rng.below(100) < 80 { rng.pick(&refs.plan_items) } else { None };
        let target_group = if rng.below(100) < 60 { rng.pick(&refs.target_groups) } else { None };
        let working_group = plan_item.and(refs.working_group);
        let due_on = created_at.date() + Duration::days(rng.between(DUE_AFTER_DAYS.0, DUE_AFTER_DAYS.1));
        let priority = weighted(
            rng,
            &[(TaskPriority::Low, 20), (TaskPriority::Normal, 50), (TaskPriority::High, 20)],
            TaskPriority::Urgent,
        );
        let status = rng.pick(TaskStatus::ALL).copied().unwrap_or(TaskStatus::New);
        let percent = match status {
            TaskStatus::New | TaskStatus::Accepted => 0,
            TaskStatus::InProgress => 10 * rng.between(1, 9) as i32,
            TaskStatus::Blocked => 10 * rng.between(1, 8) as i32,
            TaskStatus::Done | TaskStatus::Verified => 100,
            TaskStatus::Cancelled => 10 * rng.between(0, 5) as i32,
            TaskStatus::Reopened => 10 * rng.between(5, 9) as i32,
        };
        let (version, updated_at) = if status == TaskStatus::New {
            (1, created_at)
        } else {
            let since = (now - created_at).num_microseconds().unwrap_or(0).max(0) as u64;
            (2 + rng.between(0, 3), created_at + Duration::microseconds(rng.below(since.max(1)) as i64))
        };

        let row = TaskRow {
            id: id.to_string(),
            title_folded: fold(&title),
            title,
            description: description.to_owned(),
            plan_item_id: plan_item.map(|item| item.id.to_string()),
            working_group_id: working_group.map(|group| group.to_string()),
            target_group_id: target_group.map(|group| group.id.to_string()),
            due_on,
            priority: priority.as_str().to_owned(),
            priority_rank: priority.rank(),
            status: status.as_str().to_owned(),
            percent,
            created_by: creator.id.to_string(),
            version,
            created_at,
            updated_at,
        };
        let user_refs: Vec<NamedRef> = users.iter().map(|p| NamedRef { id: p.id, name: p.name.clone() }).collect();
        let unit_refs: Vec<NamedRef> = units.iter().map(|&unit| unit.clone()).collect();
        for user in &user_refs {
            self.assignees.push(AssigneeInsert { task_id: row.id.clone(), kind: "user", ref_id: user.id.to_string() });
        }
        for unit in &unit_refs {
            self.assignees.push(AssigneeInsert {
                task_id: row.id.clone(),
                kind: "org_unit",
                ref_id: unit.id.to_string(),
            });
        }
        for place in &places {
            self.areas.push(AreaInsert {
                task_id: row.id.clone(),
                area_id: place.id.to_string(),
                province_id: place.province_id.clone(),
            });
        }
        // The timeline lists the assignees as a create names them: people first.
        let assigned: Vec<&NamedRef> = user_refs.iter().chain(&unit_refs).collect();
        self.events.push(EventInsert {
            id: rng.uuid_v7(created_at).to_string(),
            task_id: row.id.clone(),
            kind: TaskEventKind::Created.as_str(),
            at: created_at,
            actor_id: creator.id.to_string(),
            from_status: None,
            to_status: Some(TaskStatus::New.as_str()),
            percent: None,
            comment: "",
            assignees_json: serde_json::to_string(&assigned).unwrap_or_else(|_| "[]".into()),
        });
        let snapshot = Snapshot {
            id,
            creator,
            users: user_refs,
            units: unit_refs,
            areas: places.iter().map(|p| NamedRef { id: p.id, name: p.name.clone() }).collect(),
            plan_item,
            target_group,
            priority,
        };
        self.audit.push(AuditInsert {
            id: rng.uuid_v7(created_at).to_string(),
            at: created_at,
            actor_id: Some(creator.id.to_string()),
            actor_username: Some(creator.username.clone()),
            action: AuditAction::Create.as_str(),
            entity: AuditEntity::Task.as_str(),
            entity_id: Some(row.id.clone()),
            before_json: None,
            after_json: serde_json::to_string(&created_task(&row, snapshot)).ok(),
            request_id: None,
        });
        self.tasks.push(row);
        Ok(())
    }

    /// Inserts the batch; parents first, as the foreign keys want.
    fn insert(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        crate::insert_many!(conn, tasks::table, &self.tasks, 16)?;
        crate::insert_many!(conn, task_assignees::table, &self.assignees, 3)?;
        crate::insert_many!(conn, task_areas::table, &self.areas, 3)?;
        crate::insert_many!(conn, task_events::table, &self.events, 10)?;
        crate::insert_many!(conn, audit_log::table, &self.audit, 10)?;
        // What the lists walk is derived from the rows above by the function every write
        // of a task calls, so the bulk path cannot drift from it.
        let ids: Vec<String> = self.tasks.iter().map(|task| task.id.clone()).collect();
        super::keys::reindex(conn, &ids)
    }
}

/// Who a task is assigned to: mostly one person; else one org unit, a person with their
/// own unit, or two people.
fn assignees<'a>(refs: &'a References, rng: &mut Rng) -> (Vec<&'a Person>, Vec<&'a NamedRef>) {
    let person = rng.pick(&refs.workers);
    let unit = rng.pick(&refs.units);
    let roll = rng.below(100);
    let (users, units): (Vec<&Person>, Vec<&NamedRef>) = match (person, unit) {
        (Some(person), _) if roll < 55 => (vec![person], vec![]),
        (_, Some(unit)) if roll < 75 => (vec![], vec![unit]),
        (Some(person), Some(unit)) if roll < 90 => {
            let own = person.org_unit_id.and_then(|id| refs.units.iter().find(|u| u.id == id));
            (vec![person], vec![own.unwrap_or(unit)])
        }
        (Some(person), _) => {
            let other = rng.pick(&refs.workers).filter(|other| other.id != person.id);
            (std::iter::once(person).chain(other).collect(), vec![])
        }
        (None, unit) => (vec![], unit.into_iter().collect()),
    };
    (users, units)
}

/// What the task's audit row shows besides its row: the names of what it refers to.
struct Snapshot<'a> {
    id: Uuid,
    creator: &'a Person,
    users: Vec<NamedRef>,
    units: Vec<NamedRef>,
    areas: Vec<NamedRef>,
    plan_item: Option<&'a NamedRef>,
    target_group: Option<&'a NamedRef>,
    priority: TaskPriority,
}

/// The task `row` as it was just created (status `new`, version 1), as its creator sees
/// it: what a create's audit row records. The synthetic task may since have "moved on".
fn created_task(row: &TaskRow, refs: Snapshot) -> Task {
    let by_name = |mut list: Vec<NamedRef>| {
        list.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        list
    };
    let creator = refs.creator;
    let user_ids: Vec<Uuid> = refs.users.iter().map(|u| u.id).collect();
    let unit_ids: Vec<Uuid> = refs.units.iter().map(|u| u.id).collect();
    let relations =
        policy::task_relations(creator.role, creator.id, creator.org_unit_id, creator.id, &user_ids, &unit_ids);
    Task {
        id: refs.id,
        title: row.title.clone(),
        description: row.description.clone(),
        plan_item: refs.plan_item.cloned(),
        working_group_id: row.working_group_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()),
        assignee_users: by_name(refs.users),
        assignee_org_units: by_name(refs.units),
        areas: by_name(refs.areas),
        target_group: refs.target_group.cloned(),
        due_on: row.due_on,
        priority: refs.priority,
        status: TaskStatus::New,
        percent: 0,
        created_by: NamedRef { id: creator.id, name: creator.name.clone() },
        allowed_transitions: transitions_from(TaskStatus::New, &relations),
        can_edit: relations.contains(&TaskRelation::Manager),
        can_report: !relations.is_empty() && TaskStatus::New.takes_progress(),
        version: 1,
        created_at: utc(row.created_at),
        updated_at: utc(row.created_at),
    }
}

/// SplitMix64: a few lines, fast, and the same sequence for the same seed on every
/// platform, which `rand`'s default generators do not promise across versions. The
/// synthetic community teams draw from it too (`community_teams::load_synthetic`).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1).max(0) as u64) as i64
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// A UUIDv7 of the moment `at`, its random bits from this generator.
    pub(crate) fn uuid_v7(&mut self, at: NaiveDateTime) -> Uuid {
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.next().to_le_bytes());
        random[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        let millis = at.and_utc().timestamp_millis().max(0) as u64;
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::load_indexes::IndexDefinition;
    use danvan_domain::{
        org_unit::{CreateOrgUnit, OrgUnitKind},
        task::TaskSort,
        user::CreateUser,
    };

    fn database(name: &str) -> (std::path::PathBuf, crate::Pool) {
        let dir = std::env::temp_dir().join(format!("danvan-bulk-{name}-{}", Uuid::now_v7()));
        let pool = crate::db::connect(&format!("sqlite://{}/danvan.db", dir.display()), 1).unwrap();
        let mut conn = pool.get().unwrap();
        crate::areas::ensure_loaded(&mut conn).unwrap();
        crate::catalog::ensure_loaded(&mut conn).unwrap();
        let actor = Actor::system("test");
        crate::db::write(&mut conn, |conn| -> Result<(), StoreError> {
            let unit = crate::org_units::create(
                conn,
                &actor,
                &CreateOrgUnit {
                    parent_id: None,
                    code: "U1".into(),
                    name: "Đơn vị 1".into(),
                    kind: OrgUnitKind::Office,
                },
            )?;
            for (username, role) in [("lead", Role::GroupHead), ("one", Role::Member), ("two", Role::Member)] {
                let request = CreateUser {
                    username: username.into(),
                    display_name: format!("Người {username}"),
                    email: None,
                    role,
                    org_unit_id: Some(unit.id),
                    password: String::new(),
                    scope_area_ids: Vec::new(),
                    scope_area_group_ids: Vec::new(),
                };
                crate::users::create(conn, &actor, &request, "not-a-hash".into())?;
            }
            Ok(())
        })
        .unwrap();
        drop(conn);
        (dir, pool)
    }

    #[test]
    fn loads_tasks_that_read_back_and_the_same_seed_gives_the_same_rows() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let spec = SyntheticTasks { count: TASKS_PER_TRANSACTION + 150, seed: 7, now };
        let mut rows = Vec::new();
        for name in ["a", "b"] {
            let (dir, pool) = database(name);
            let mut conn = pool.get().unwrap();
            let mut seen = Vec::new();
            let loaded = load_synthetic(&mut conn, &Actor::system("test"), &spec, &mut |n| seen.push(n)).unwrap();
            let expected = vec![Progress::Loaded(TASKS_PER_TRANSACTION), Progress::Loaded(spec.count)];
            assert_eq!((loaded, seen), (spec.count, expected));
            let stored: Vec<TaskRow> = tasks::table.order(tasks::id.asc()).load(&mut conn).unwrap();
            let provinces: Vec<String> =
                task_areas::table.select(task_areas::province_id).distinct().load(&mut conn).unwrap();
            assert_eq!(provinces.len(), 63);
            let statuses: Vec<String> = tasks::table.select(tasks::status).distinct().load(&mut conn).unwrap();
            assert_eq!(statuses.len(), TaskStatus::ALL.len());
            let audited: i64 =
                audit_log::table.filter(audit_log::entity.eq("task")).count().get_result(&mut conn).unwrap();
            assert_eq!(audited as usize, spec.count + 1);
            let events: i64 = task_events::table.count().get_result(&mut conn).unwrap();
            assert_eq!(events as usize, spec.count);
            for row in &stored {
                let due = (row.due_on - now.date()).num_days();
                assert!((-180..=180).contains(&due), "{due}");
                assert!(row.created_at <= row.updated_at && row.updated_at <= now);
                assert_eq!(Uuid::parse_str(&row.id).unwrap().get_version_num(), 7);
                assert_eq!(row.title_folded, fold(&row.title));
            }
            // The creator reads a task back as the API would.
            let creator: String =
                users::table.filter(users::username.eq("lead")).select(users::id).first(&mut conn).unwrap();
            let user = crate::users::get(&mut conn, parse(&creator).unwrap()).unwrap();
            let scope = crate::scope::Scope { all_areas: true, province_ids: Vec::new(), org_units: None };
            let viewer = super::super::TaskViewer::new(&user, &scope);
            let first = super::super::get(&mut conn, &viewer, parse(&stored[0].id).unwrap()).unwrap();
            assert!(!first.areas.is_empty());
            assert!(!first.assignee_users.is_empty() || !first.assignee_org_units.is_empty());
            // And finds them in a filtered list, as the benchmark asks for them.
            let filter = super::super::TaskFilter {
                statuses: vec![TaskStatus::InProgress],
                area_id: Some(parse(&provinces[0]).unwrap()),
                ..Default::default()
            };
            let page = super::super::list(&mut conn, &viewer, &filter, TaskSort::DueOn, 50, None).unwrap();
            assert!(!page.items.is_empty());
            assert!(page.items.iter().all(|task| task.status == TaskStatus::InProgress));
            rows.push(stored.into_iter().map(|row| (row.id, row.title, row.status, row.due_on)).collect::<Vec<_>>());
            drop(conn);
            drop(pool);
            std::fs::remove_dir_all(dir).ok();
        }
        assert_eq!(rows[0], rows[1]);
    }

    #[test]
    fn the_indexes_dropped_for_a_large_load_come_back_the_same() {
        let (dir, pool) = database("indexes");
        let mut conn = pool.get().unwrap();
        let definitions = |conn: &mut DbConnection| {
            let query = "SELECT name, coalesce(sql, '') AS definition FROM sqlite_master WHERE type = 'index' \
                         ORDER BY name";
            diesel::sql_query(query)
                .load::<IndexDefinition>(conn)
                .unwrap()
                .into_iter()
                .map(|index| (index.name, index.definition))
                .collect::<Vec<_>>()
        };
        let before = definitions(&mut conn);
        let dropped = drop_indexes(&mut conn, &LOADED_TABLES, "task tables");
        assert!(dropped.iter().any(|index| index.name == "tasks_due"), "{:?}", dropped.len());
        assert!(dropped.iter().all(|index| !index.definition.contains("UNIQUE")));
        assert!(definitions(&mut conn).len() < before.len());
        build_indexes(&mut conn, &dropped).unwrap();
        assert_eq!(definitions(&mut conn), before);
        drop(conn);
        drop(pool);
        std::fs::remove_dir_all(dir).ok();
    }
}
