//! Demonstration data: the org units Plan 16-KH/BDVTW names, one account per role and
//! the working group's members, then the plan itself with its group, assignments and
//! tasks ([`crate::seed_work`]), so a newcomer sees a living system. Running it again
//! changes nothing.

use crate::auth::passwords;
use danvan_domain::{
    org_unit::{CreateOrgUnit, OrgUnitKind},
    role::Role,
    user::CreateUser,
};
use danvan_store::{personal::Keyring, Actor, Pool, StoreError};
use uuid::Uuid;

/// (code, parent code, name, kind)
const ORG_UNITS: &[(&str, Option<&str>, &str, OrgUnitKind)] = &[
    ("BDVTW", None, "Ban Dân vận Trung ương", OrgUnitKind::Commission),
    ("VDTND", Some("BDVTW"), "Vụ Đoàn thể Nhân dân", OrgUnitKind::Department),
    ("VP", Some("BDVTW"), "Văn phòng Ban", OrgUnitKind::Office),
    ("CDCQ", Some("BDVTW"), "Công đoàn cơ quan", OrgUnitKind::Association),
    ("CCBCQ", Some("BDVTW"), "Hội Cựu chiến binh cơ quan", OrgUnitKind::Association),
    ("T78", Some("BDVTW"), "Cơ quan thường trực tại TP. Hồ Chí Minh (T78)", OrgUnitKind::StandingOffice),
    ("T26", Some("BDVTW"), "Cơ quan thường trực tại TP. Đà Nẵng (T26)", OrgUnitKind::StandingOffice),
];

/// (username, display name, role, org unit code, area group code of the scope)
const ACCOUNTS: &[(&str, &str, Role, &str, Option<&str>)] = &[
    ("lanhdao", "Lãnh đạo Ban (demo)", Role::Leader, "BDVTW", None),
    ("totruong", "Tổ trưởng Tổ công tác (demo)", Role::GroupHead, "VDTND", None),
    ("thuongtruc", "Bộ phận thường trực (demo)", Role::StandingUnit, "VDTND", None),
    ("thanhvien1", "Thành viên Tổ công tác 1 (demo)", Role::Member, "VDTND", None),
    ("thanhvien2", "Thành viên Tổ công tác 2 (demo)", Role::Member, "VDTND", None),
    ("thanhvien3", "Thành viên Tổ công tác 3 (demo)", Role::Member, "CDCQ", None),
    ("thanhvien4", "Thành viên Tổ công tác 4 (demo)", Role::Member, "VDTND", None),
    ("thanhvien5", "Thành viên Tổ công tác 5 (demo)", Role::Member, "VP", None),
    ("thanhvien6", "Thành viên Tổ công tác 6 (demo)", Role::Member, "CCBCQ", None),
    ("thanhvien7", "Thành viên Tổ công tác 7 (demo)", Role::Member, "VP", None),
    ("thanhvien8", "Thành viên Tổ công tác 8 (demo)", Role::Member, "T78", None),
    ("thanhvien9", "Thành viên Tổ công tác 9 (demo)", Role::Member, "T26", None),
    ("vanphong", "Cán bộ Văn phòng (demo)", Role::Office, "VP", None),
    ("t78", "Cán bộ T78 (demo)", Role::RegionalOffice, "T78", Some("T78-2025")),
    ("t26", "Cán bộ T26 (demo)", Role::RegionalOffice, "T26", Some("T26-2025")),
    ("congdoan", "Cán bộ Công đoàn (demo)", Role::UnitOfficer, "CDCQ", None),
    ("xem", "Người xem (demo)", Role::Viewer, "BDVTW", None),
];

/// Creates what is missing; returns a summary for the terminal.
pub fn seed_demo(pool: &Pool, keyring: &Keyring, password: &str, force: bool) -> Result<String, String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let strangers = strangers(&mut conn)?;
    if !strangers.is_empty() && !force {
        return Err(format!(
            "this database has accounts that are not the demo's ({}{}); seed-demo adds well-known accounts \
             with one shared password, so it runs only on a demonstration database (--force to seed anyway)",
            strangers.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
            if strangers.len() > 5 { ", …" } else { "" }
        ));
    }
    let hash = passwords::hash_now(password).map_err(|e| e.to_string())?;
    let actor = Actor::system("seed-demo");
    let (units, accounts, seeded) = danvan_store::db::write(&mut conn, |conn| -> Result<_, SeedError> {
        let mut units = 0;
        for (code, parent, name, kind) in ORG_UNITS {
            if danvan_store::org_units::by_code(conn, code)?.is_some() {
                continue;
            }
            let parent_id = match parent {
                Some(parent) => danvan_store::org_units::by_code(conn, parent)?.map(|u| u.id),
                None => None,
            };
            let request = CreateOrgUnit { parent_id, code: (*code).into(), name: (*name).into(), kind: *kind };
            danvan_store::org_units::create(conn, &actor, &request)?;
            units += 1;
        }
        let mut accounts = 0;
        for (username, display_name, role, unit, group) in ACCOUNTS {
            if danvan_store::users::credentials(conn, username)?.is_some() {
                continue;
            }
            let org_unit_id = danvan_store::org_units::by_code(conn, unit)?.map(|u| u.id);
            let scope_area_group_ids: Vec<Uuid> = match group {
                Some(code) => area_group_id(conn, code)?.into_iter().collect(),
                None => Vec::new(),
            };
            let request = CreateUser {
                username: (*username).into(),
                display_name: (*display_name).into(),
                email: None,
                role: *role,
                org_unit_id,
                password: String::new(),
                scope_area_ids: Vec::new(),
                scope_area_group_ids,
            };
            danvan_store::users::create(conn, &actor, &request, hash.clone())?;
            accounts += 1;
        }
        let work = crate::seed_work::seed(conn, &actor).map_err(SeedError::Work)?;
        let teams = crate::seed_teams::seed(conn, keyring).map_err(SeedError::Work)?;
        let aid = crate::seed_aid::seed(conn, keyring).map_err(SeedError::Work)?;
        let people = crate::seed_beneficiaries::seed(conn, keyring).map_err(SeedError::Work)?;
        let today = crate::routes::working_groups::today();
        let reports = crate::seed_reports::seed(conn, today).map_err(SeedError::Work)?;
        Ok((units, accounts, (work, teams, aid, people, reports)))
    })
    .map_err(|e| e.to_string())?;
    let (work, teams, aid, people, reports) = seeded;
    Ok(format!(
        "Demo data: {units} org units and {accounts} accounts created ({} org units and {} accounts in the demo set); \
         {} plan items, {} working group members, {} assignments and {} tasks created; \
         {} community teams and {} nominated models created; \
         {} aid locations, {} donors, {} campaigns, {} pledges, {} donations ({} reversed), {} payments, \
         {} stock transfers and {} stock adjustments created; \
         {} households, {} beneficiaries and {} distribution rounds ({} deliveries) created; \
         {} report templates, {} reports and {} consolidated reports created. \
         Accounts created now log in with the password {password:?}.",
        ORG_UNITS.len(),
        ACCOUNTS.len(),
        work.plan_items,
        work.members,
        work.assignments,
        work.tasks,
        teams.teams,
        teams.models,
        aid.locations,
        aid.donors,
        aid.campaigns,
        aid.pledges,
        aid.donations,
        aid.reversed,
        aid.payments,
        aid.transfers,
        aid.adjustments,
        people.households,
        people.beneficiaries,
        people.rounds,
        people.delivered,
        reports.templates,
        reports.submissions,
        reports.consolidated,
    ))
}

/// The usernames of the database that are neither the demo's nor `admin`: real people,
/// whom demonstration data must not be mixed with.
pub(crate) fn strangers(conn: &mut danvan_store::DbConnection) -> Result<Vec<String>, String> {
    Ok(danvan_store::users::usernames(conn)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|name| name != "admin" && !ACCOUNTS.iter().any(|(demo, ..)| demo == name))
        .collect())
}

/// Why seeding stopped; nothing of it is kept.
#[derive(Debug, thiserror::Error)]
enum SeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Work(String),
}

impl danvan_store::db::Retryable for SeedError {
    fn is_retryable(&self) -> bool {
        matches!(self, SeedError::Store(error) if error.is_retryable())
    }
}

impl From<danvan_store::diesel::result::Error> for SeedError {
    fn from(error: danvan_store::diesel::result::Error) -> Self {
        SeedError::Store(error.into())
    }
}

pub(crate) fn area_group_id(conn: &mut danvan_store::DbConnection, code: &str) -> Result<Option<Uuid>, StoreError> {
    let filter = danvan_store::area_groups::AreaGroupFilter::default();
    let groups = danvan_store::area_groups::list(conn, &filter, 200, None)?;
    Ok(groups.items.into_iter().find(|g| g.code == code).map(|g| g.id))
}
