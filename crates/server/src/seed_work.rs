//! Demonstration data for the working group: Plan 16-KH/BDVTW with its real sections,
//! the group of 11 with placeholder people, sample assignments (one changed, so it has a
//! history; one province set leaving a gap; two members overlapping) and tasks in every
//! stage, with due dates around today so the reminders show. Each part is created only
//! when it is missing, so running it again changes nothing.

use chrono::{Duration, NaiveDate, Utc};
use danvan_domain::{
    area::Layout,
    assignment::{ChangeAssignment, CreateAssignment},
    calendar,
    catalog::CatalogKind,
    plan::{CreatePlan, CreatePlanItem, PlanStatus},
    task::{CreateTask, PostProgress, TaskPriority, TaskStatus, TaskTransition},
    working_group::{AddMember, CreateWorkingGroup, MemberPosition},
};
use danvan_store::{
    areas, assignments, catalog, org_units, plans, scope,
    tasks::{self, TaskViewer},
    users, working_groups, Actor, DbConnection, StoreError,
};
use serde::Deserialize;
use uuid::Uuid;

const PLAN_JSON: &str = include_str!("../../../data/plans/16-KH-BDVTW.json");
const GROUP_NAME: &str = "Tổ công tác phòng, chống dịch COVID-19 của Ban";
/// The day the sample assignments start: the week after the plan was issued.
const ASSIGNED_FROM: (i32, u32, u32) = (2021, 9, 15);

#[derive(Deserialize)]
struct PlanFile {
    number: String,
    title: String,
    issuing_body: String,
    issued_on: NaiveDate,
    status: PlanStatus,
    basis: Vec<String>,
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
struct ItemFile {
    number: String,
    title: String,
    body: String,
}

/// (username, position) of the 11 members.
const ROSTER: &[(&str, MemberPosition)] = &[
    ("totruong", MemberPosition::Head),
    ("thanhvien1", MemberPosition::Deputy),
    ("thuongtruc", MemberPosition::Secretary),
    ("thanhvien2", MemberPosition::Member),
    ("thanhvien3", MemberPosition::Member),
    ("thanhvien4", MemberPosition::Member),
    ("thanhvien5", MemberPosition::Member),
    ("thanhvien6", MemberPosition::Member),
    ("thanhvien7", MemberPosition::Member),
    ("thanhvien8", MemberPosition::Member),
    ("thanhvien9", MemberPosition::Member),
];

/// What one sample assignment covers.
struct SampleAssignment {
    member: &'static str,
    target_groups: &'static [&'static str],
    fields: &'static [&'static str],
    area_groups: &'static [&'static str],
    /// Provinces of the 2021 layout, by code.
    provinces: &'static [&'static str],
}

const ASSIGNMENTS: &[SampleAssignment] = &[
    SampleAssignment {
        member: "thanhvien1",
        target_groups: &["religious_dignitaries"],
        fields: &["religion"],
        area_groups: &["south-2021"],
        provinces: &[],
    },
    // Kon Tum, Gia Lai and Đắk Lắk only: Đắk Nông and Lâm Đồng are left as a gap.
    SampleAssignment {
        member: "thanhvien2",
        target_groups: &["ethnic_prestigious"],
        fields: &["ethnic_affairs"],
        area_groups: &[],
        provinces: &["62", "64", "66"],
    },
    SampleAssignment {
        member: "thanhvien3",
        target_groups: &["enterprise_workers", "young_workers_rented_rooms"],
        fields: &["labour"],
        area_groups: &["T78-2021"],
        provinces: &[],
    },
    SampleAssignment {
        member: "thanhvien4",
        target_groups: &["poor_students"],
        fields: &["social_welfare"],
        area_groups: &["north-2021"],
        provinces: &[],
    },
    SampleAssignment {
        member: "thanhvien5",
        target_groups: &["rural_women", "farmers"],
        fields: &["social_welfare"],
        area_groups: &["central-2021"],
        provinces: &[],
    },
    SampleAssignment {
        member: "thanhvien6",
        target_groups: &["agent_orange_veterans"],
        fields: &["social_welfare"],
        area_groups: &["north-2021", "central-2021"],
        provinces: &[],
    },
    SampleAssignment {
        member: "thanhvien7",
        target_groups: &["businesses_donors"],
        fields: &["mass_organisations"],
        area_groups: &["T78-2021"],
        provinces: &[],
    },
    // Workers in the south overlap with thanhvien3's T78 coverage.
    SampleAssignment {
        member: "thanhvien8",
        target_groups: &["recovered_f0", "enterprise_workers"],
        fields: &["health_support"],
        area_groups: &["south-2021"],
        provinces: &[],
    },
    SampleAssignment {
        member: "thanhvien9",
        target_groups: &["general_public"],
        fields: &["communication"],
        area_groups: &["north-2021", "central-2021", "south-2021"],
        provinces: &[],
    },
];

/// A sample task: where it stands and who moved it there.
struct SampleTask {
    title: &'static str,
    item: &'static str,
    assignee: Option<&'static str>,
    org_unit: Option<&'static str>,
    /// Provinces of the current (2025) layout, by code, as the task form offers them.
    provinces: &'static [&'static str],
    target_group: Option<&'static str>,
    /// Due date relative to today.
    due_in_days: i64,
    priority: TaskPriority,
    /// Moves after creation: the status and who makes the move.
    moves: &'static [(TaskStatus, Mover)],
    progress: Option<(i32, &'static str)>,
}

#[derive(Clone, Copy)]
enum Mover {
    Assignee,
    Head,
}

const TASKS: &[SampleTask] = &[
    SampleTask {
        title: "Tổng hợp tình hình nhân dân các tỉnh phía Nam trong tuần",
        item: "II.4",
        assignee: Some("thanhvien8"),
        org_unit: None,
        provinces: &["79"],
        target_group: Some("general_public"),
        due_in_days: 1,
        priority: TaskPriority::High,
        moves: &[(TaskStatus::Accepted, Mover::Assignee), (TaskStatus::InProgress, Mover::Assignee)],
        progress: Some((40, "Đã nhận báo cáo của 8/19 tỉnh, thành phía Nam.")),
    },
    SampleTask {
        title: "Vận động chức sắc tôn giáo tham gia phòng, chống dịch tại cộng đồng",
        item: "II.2",
        assignee: Some("thanhvien1"),
        org_unit: None,
        provinces: &["79", "75"],
        target_group: Some("religious_dignitaries"),
        due_in_days: 7,
        priority: TaskPriority::Normal,
        moves: &[(TaskStatus::Accepted, Mover::Assignee)],
        progress: None,
    },
    SampleTask {
        title: "Lập danh sách doanh nghiệp, nhà hảo tâm sẵn sàng hỗ trợ người dân",
        item: "II.3",
        assignee: Some("thanhvien7"),
        org_unit: None,
        provinces: &["79"],
        target_group: Some("businesses_donors"),
        due_in_days: -2,
        priority: TaskPriority::Urgent,
        moves: &[(TaskStatus::Accepted, Mover::Assignee), (TaskStatus::InProgress, Mover::Assignee)],
        progress: Some((60, "Đã liên hệ 24 doanh nghiệp; 15 doanh nghiệp đã cam kết.")),
    },
    SampleTask {
        title: "Theo dõi, tổng hợp các mô hình Tổ COVID cộng đồng hoạt động hiệu quả",
        item: "III.3",
        assignee: None,
        org_unit: Some("VP"),
        provinces: &[],
        target_group: None,
        due_in_days: 14,
        priority: TaskPriority::Normal,
        moves: &[],
        progress: None,
    },
    SampleTask {
        title: "Báo cáo kết quả hoạt động hỗ trợ Thành phố Hồ Chí Minh",
        item: "III.4",
        assignee: None,
        org_unit: Some("T78"),
        provinces: &["79"],
        target_group: None,
        due_in_days: 3,
        priority: TaskPriority::High,
        moves: &[],
        progress: None,
    },
    SampleTask {
        title: "Quán triệt Kế hoạch 16-KH/BDVTW tới các vụ, đơn vị",
        item: "II.1",
        assignee: Some("thanhvien4"),
        org_unit: None,
        provinces: &[],
        target_group: None,
        due_in_days: -10,
        priority: TaskPriority::Normal,
        moves: &[
            (TaskStatus::Accepted, Mover::Assignee),
            (TaskStatus::InProgress, Mover::Assignee),
            (TaskStatus::Done, Mover::Assignee),
            (TaskStatus::Verified, Mover::Head),
        ],
        progress: None,
    },
    SampleTask {
        title: "Vận động người có uy tín trong đồng bào dân tộc thiểu số ở Tây Nguyên",
        item: "II.2",
        assignee: Some("thanhvien2"),
        org_unit: None,
        provinces: &["52", "66"],
        target_group: Some("ethnic_prestigious"),
        due_in_days: 5,
        priority: TaskPriority::High,
        moves: &[(TaskStatus::Accepted, Mover::Assignee), (TaskStatus::Blocked, Mover::Assignee)],
        progress: None,
    },
    SampleTask {
        title: "Hỗ trợ sinh viên nghèo và thanh niên công nhân ở các khu nhà trọ",
        item: "II.3",
        assignee: Some("thanhvien3"),
        org_unit: None,
        provinces: &["79"],
        target_group: Some("young_workers_rented_rooms"),
        due_in_days: -1,
        priority: TaskPriority::Normal,
        moves: &[
            (TaskStatus::Accepted, Mover::Assignee),
            (TaskStatus::InProgress, Mover::Assignee),
            (TaskStatus::Done, Mover::Assignee),
        ],
        progress: None,
    },
];

/// Counts of what was created, for the terminal.
#[derive(Debug, Default)]
pub struct WorkSeeded {
    pub plan_items: usize,
    pub members: usize,
    pub assignments: usize,
    pub tasks: usize,
}

/// Creates whatever of the plan, the group, its assignments and tasks is missing.
pub fn seed(conn: &mut DbConnection, actor: &Actor) -> Result<WorkSeeded, String> {
    let mut seeded = WorkSeeded::default();
    let file: PlanFile = serde_json::from_str(PLAN_JSON).map_err(|e| format!("plan data: {e}"))?;
    let plan = match plans::by_number(conn, &file.number).map_err(text)? {
        Some(plan) => plan,
        None => {
            let request = CreatePlan {
                number: file.number.clone(),
                title: file.title.clone(),
                issuing_body: file.issuing_body.clone(),
                issued_on: file.issued_on,
                basis: file.basis.clone(),
                status: Some(file.status),
            };
            plans::create(conn, actor, &request).map_err(text)?
        }
    };
    for item in &file.items {
        if plans::item_by_number(conn, plan.id, &item.number).map_err(text)?.is_some() {
            continue;
        }
        let parent_id = match item.number.rsplit_once('.') {
            Some((parent, _)) => plans::item_by_number(conn, plan.id, parent).map_err(text)?.map(|parent| parent.id),
            None => None,
        };
        let request = CreatePlanItem {
            parent_id,
            number: item.number.clone(),
            title: item.title.clone(),
            body: item.body.clone(),
            position: None,
        };
        plans::create_item(conn, actor, plan.id, &request).map_err(text)?;
        seeded.plan_items += 1;
    }

    let group = match working_groups::by_name(conn, plan.id, GROUP_NAME).map_err(text)? {
        Some(group) => group,
        None => {
            let standing_unit_id = org_units::by_code(conn, "VDTND").map_err(text)?.map(|unit| unit.id);
            let request = CreateWorkingGroup { name: GROUP_NAME.into(), plan_id: plan.id, standing_unit_id };
            working_groups::create(conn, actor, &request).map_err(text)?
        }
    };
    let assigned_from = NaiveDate::from_ymd_opt(ASSIGNED_FROM.0, ASSIGNED_FROM.1, ASSIGNED_FROM.2)
        .ok_or("the sample assignment date is not a date")?;
    let roster = working_groups::roster(conn, group.id, working_groups::RosterView::All).map_err(text)?;
    for (username, position) in ROSTER {
        let user_id = user_id(conn, username)?;
        if roster.iter().any(|member| member.user_id == user_id) {
            continue;
        }
        let request = AddMember { user_id, position: *position, joined_on: Some(assigned_from) };
        working_groups::add_member(conn, actor, group.id, &request).map_err(text)?;
        seeded.members += 1;
    }

    let today = calendar::today(Utc::now());
    if assignments::in_force(conn, group.id, today).map_err(text)?.is_empty() {
        seeded.assignments = seed_assignments(conn, actor, group.id, assigned_from)?;
    }
    if !tasks_exist(conn, group.id)? {
        seeded.tasks = seed_tasks(conn, plan.id, group.id, today)?;
    }
    Ok(seeded)
}

fn seed_assignments(conn: &mut DbConnection, actor: &Actor, group: Uuid, from: NaiveDate) -> Result<usize, String> {
    let mut created = 0;
    for sample in ASSIGNMENTS {
        let request = CreateAssignment {
            user_id: user_id(conn, sample.member)?,
            target_group_ids: entries(conn, CatalogKind::TargetGroup, sample.target_groups)?,
            field_ids: entries(conn, CatalogKind::Field, sample.fields)?,
            area_ids: sample.provinces.iter().map(|code| areas::area_id(Layout::L2021, code)).collect(),
            area_group_ids: sample.area_groups.iter().map(|code| area_group(conn, code)).collect::<Result<_, _>>()?,
            valid_from: Some(from),
            valid_to: None,
            note: String::new(),
        };
        let assignment = assignments::create(conn, actor, group, &request, from).map_err(text)?;
        created += 1;
        // Two weeks in, the member for businesses and donors also took on Đà Nẵng.
        if sample.member == "thanhvien7" {
            let change = ChangeAssignment {
                area_ids: Some(vec![areas::area_id(Layout::L2021, "48")]),
                note: Some("Bổ sung địa bàn TP. Đà Nẵng từ 01/10/2021.".into()),
                effective_from: NaiveDate::from_ymd_opt(2021, 10, 1),
                ..ChangeAssignment::default()
            };
            assignments::change(conn, actor, assignment.id, assignment.version, &change, from).map_err(text)?;
        }
    }
    Ok(created)
}

fn seed_tasks(conn: &mut DbConnection, plan: Uuid, group: Uuid, today: NaiveDate) -> Result<usize, String> {
    let head = user_id(conn, "totruong")?;
    for sample in TASKS {
        let item = plans::item_by_number(conn, plan, sample.item).map_err(text)?.map(|item| item.id);
        let assignee = sample.assignee.map(|username| user_id(conn, username)).transpose()?;
        let unit = match sample.org_unit {
            Some(code) => org_units::by_code(conn, code).map_err(text)?.map(|unit| unit.id),
            None => None,
        };
        let target_group = match sample.target_group {
            Some(code) => catalog::by_code(conn, CatalogKind::TargetGroup, code).map_err(text)?.map(|entry| entry.id),
            None => None,
        };
        let request = CreateTask {
            title: sample.title.into(),
            description: String::new(),
            plan_item_id: item,
            working_group_id: Some(group),
            assignee_user_ids: assignee.into_iter().collect(),
            assignee_org_unit_ids: unit.into_iter().collect(),
            area_ids: sample.provinces.iter().map(|code| areas::area_id(Layout::L2025, code)).collect(),
            target_group_id: target_group,
            due_on: today + Duration::days(sample.due_in_days),
            priority: Some(sample.priority),
        };
        let (head_actor, head_viewer) = viewer(conn, head)?;
        let mut task = tasks::create(conn, &head_actor, &head_viewer, &request).map_err(|e| e.to_string())?;
        for (status, mover) in sample.moves {
            let mover = match mover {
                Mover::Head => head,
                Mover::Assignee => assignee.ok_or("a sample task moved by its assignee has none")?,
            };
            let (actor, viewer) = viewer(conn, mover)?;
            let request = TaskTransition { to: *status, comment: String::new() };
            task = tasks::transition_task(conn, &actor, &viewer, task.id, task.version, &request)
                .map_err(|e| e.to_string())?;
            if let (TaskStatus::InProgress, Some((percent, comment))) = (status, sample.progress) {
                let request = PostProgress { percent, comment: comment.into() };
                tasks::post_progress(conn, &actor, &viewer, task.id, task.version, &request)
                    .map_err(|e| e.to_string())?;
                task = tasks::get(conn, &viewer, task.id).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(TASKS.len())
}

/// The seed acts as the people themselves, so the timeline reads as their work.
pub(crate) fn viewer(conn: &mut DbConnection, user_id: Uuid) -> Result<(Actor, TaskViewer), String> {
    let user = users::get(conn, user_id).map_err(text)?;
    let scope = scope::resolve(conn, &user).map_err(text)?;
    let actor = Actor { user_id: Some(user.id), username: Some(user.username.clone()), request_id: None };
    Ok((actor, TaskViewer::new(&user, &scope)))
}

fn tasks_exist(conn: &mut DbConnection, group: Uuid) -> Result<bool, String> {
    use danvan_store::{diesel::prelude::*, schema::tasks as table};
    let count: i64 = table::table
        .filter(table::working_group_id.eq(group.to_string()))
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    Ok(count > 0)
}

pub(crate) fn user_id(conn: &mut DbConnection, username: &str) -> Result<Uuid, String> {
    users::credentials(conn, username)
        .map_err(text)?
        .map(|credentials| credentials.user_id)
        .ok_or_else(|| format!("the demo account {username} is missing"))
}

fn entries(conn: &mut DbConnection, kind: CatalogKind, codes: &[&str]) -> Result<Vec<Uuid>, String> {
    codes
        .iter()
        .map(|code| {
            catalog::by_code(conn, kind, code)
                .map_err(text)?
                .map(|entry| entry.id)
                .ok_or_else(|| format!("the {kind} {code} is missing"))
        })
        .collect()
}

fn area_group(conn: &mut DbConnection, code: &str) -> Result<Uuid, String> {
    crate::seed::area_group_id(conn, code).map_err(text)?.ok_or_else(|| format!("the area group {code} is missing"))
}

fn text(error: StoreError) -> String {
    error.to_string()
}
