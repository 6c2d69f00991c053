//! The task list's query plans: for every filter and every sort, and for each reach of
//! viewer, the page is read by walking the list keys' index of its sort from the key of
//! a filter, never by scanning `tasks` or the keys; and where one key drives the walk,
//! the index gives the order, with no sort of the matching rows (but for SQLite's choice
//! to read a date window whole and sort it). PostgreSQL is asked with
//! scans and sorts priced out (`enable_seqscan`, `enable_bitmapscan`, `enable_sort` off),
//! so that its plan shows whether an index serves the query, not what its statistics of
//! a small test database prefer.

use crate::support::{Backend, TestApp};
use chrono::{NaiveDate, Utc};
use danvan_domain::{
    role::Role,
    task::{TaskSort, TaskStatus},
};
use danvan_store::{
    diesel::connection::SimpleConnection,
    scope::{Scope, Viewer},
    tasks::{explain_list, TaskFilter},
};
use uuid::Uuid;

/// Each filter of the list on its own, and the combinations officials use most.
fn filters() -> Vec<(&'static str, TaskFilter, Drive)> {
    let id = Uuid::now_v7;
    let day = NaiveDate::from_ymd_opt(2021, 9, 1);
    let none = TaskFilter::default;
    vec![
        ("none", none(), Drive::OneKey),
        ("status", TaskFilter { statuses: vec![TaskStatus::New], ..none() }, Drive::OneKey),
        ("statuses", TaskFilter { statuses: vec![TaskStatus::New, TaskStatus::Blocked], ..none() }, Drive::OneKey),
        ("assignee_user_id", TaskFilter { assignee_user_id: Some(id()), ..none() }, Drive::OneKey),
        ("assignee_org_unit_id", TaskFilter { assignee_org_unit_id: Some(id()), ..none() }, Drive::OneKey),
        ("area_id", TaskFilter { area_id: Some(id()), ..none() }, Drive::OneKey),
        ("plan_item_id", TaskFilter { plan_item_id: Some(id()), ..none() }, Drive::OneKey),
        ("working_group_id", TaskFilter { working_group_id: Some(id()), ..none() }, Drive::OneKey),
        ("due_from+due_to", TaskFilter { due_from: day, due_to: day, ..none() }, Drive::OneKey),
        ("mine", TaskFilter { mine: true, ..none() }, Drive::SomeKeys),
        ("created_by_me", TaskFilter { created_by_me: true, ..none() }, Drive::OneKey),
        ("overdue", TaskFilter { overdue: true, ..none() }, Drive::OneKey),
        ("due_soon", TaskFilter { due_soon: true, ..none() }, Drive::OneKey),
        ("q", TaskFilter { q: Some("tiem chung".into()), ..none() }, Drive::OneKey),
        ("updated_since", TaskFilter { updated_since: Some(Utc::now()), ..none() }, Drive::OneKey),
        (
            "status+area_id",
            TaskFilter { statuses: vec![TaskStatus::InProgress], area_id: Some(id()), ..none() },
            Drive::OneKey,
        ),
        (
            "area_id+assignee_org_unit_id+overdue",
            TaskFilter { area_id: Some(id()), assignee_org_unit_id: Some(id()), overdue: true, ..none() },
            Drive::OneKey,
        ),
        ("mine+status", TaskFilter { mine: true, statuses: vec![TaskStatus::New], ..none() }, Drive::SomeKeys),
    ]
}

/// How the walk starts: from one key, whose index gives the order; or from a few keys
/// (a person and their unit, a viewer's provinces), whose rows are sorted once found.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Drive {
    OneKey,
    SomeKeys,
}

fn viewer(role: Role, all_areas: bool) -> Viewer {
    Viewer {
        user_id: Uuid::now_v7(),
        role,
        org_unit_id: Some(Uuid::now_v7()),
        scope: Scope {
            all_areas,
            province_ids: if all_areas { Vec::new() } else { vec![Uuid::now_v7(), Uuid::now_v7()] },
            org_units: None,
        },
    }
}

/// Whether SQLite reads the keys of a date window (`due_soon`, `updated_since`) and sorts
/// those: a choice of its own between two good plans, bounded by the window.
fn date_window(text: &str) -> bool {
    text.contains("due_on>?") || text.contains("updated_at>?")
}

/// What is wrong with `plan` for a walk that starts as `drive` says, if anything.
fn fault(backend: Backend, plan: &[String], drive: Drive) -> Option<&'static str> {
    let text = plan.join("\n");
    match backend {
        Backend::Sqlite => {
            if plan.iter().any(|line| line.starts_with("SCAN tasks") || line.starts_with("SCAN task_list_keys")) {
                Some("scans a table")
            } else if !text.contains("SEARCH task_list_keys USING") {
                Some("does not walk the list keys")
            } else if drive == Drive::OneKey && text.contains("TEMP B-TREE FOR ORDER BY") && !date_window(&text) {
                Some("sorts the matching rows instead of walking the index in order")
            } else {
                None
            }
        }
        Backend::Postgres => {
            if text.contains("Seq Scan") {
                Some("scans a table")
            } else if !text.contains("on task_list_keys") {
                Some("does not walk the list keys")
            } else if drive == Drive::OneKey && text.contains("Sort") {
                Some("sorts the matching rows instead of walking the index in order")
            } else {
                None
            }
        }
    }
}

async fn every_filter_and_sort_walks_an_index_in_order(app: &TestApp) {
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let viewers = [
            ("leader", viewer(Role::Leader, true), false),
            ("regional office", viewer(Role::RegionalOffice, false), true),
            ("member", viewer(Role::Member, true), true),
        ];
        let mut faults = Vec::new();
        for (who, viewer, sees_some) in &viewers {
            for (name, filter, drive) in filters() {
                // A viewer who sees only some tasks starts from their keys when no filter names one.
                let one_key_named =
                    drive == Drive::OneKey && (name.contains("_id") || name == "created_by_me" || !sees_some);
                let drive = if one_key_named { Drive::OneKey } else { Drive::SomeKeys };
                for sort in TaskSort::ALL {
                    let plan = explain_list(&mut conn, viewer, &filter, *sort).unwrap();
                    if let Some(fault) = fault(backend, &plan, drive) {
                        faults.push(format!(
                            "{who}, {name}, sort {}: {fault}:\n  {}",
                            sort.as_str(),
                            plan.join("\n  ")
                        ));
                    }
                }
            }
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

/// The community team list and the scorecard: each filter walks the index that leads
/// with it, in the list's order, for a national viewer; a regional viewer's few
/// provinces are read through the same index (their rows sorted once found).
async fn team_lists_walk_an_index_in_order(app: &TestApp) {
    use danvan_domain::community_team::TeamStatus;
    use danvan_store::community_teams::{self as teams, scorecard, ScorecardFilter, TeamFilter};
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let id = Uuid::now_v7;
        let none = TeamFilter::default;
        let filters = [
            ("none", none()),
            ("province_id", TeamFilter { province_id: Some(id()), ..none() }),
            ("area_id", TeamFilter { area_id: Some(id()), ..none() }),
            ("kind_id", TeamFilter { kind_id: Some(id()), ..none() }),
            ("status", TeamFilter { status: Some(TeamStatus::Active), ..none() }),
            ("q", TeamFilter { q: Some("tan dinh".into()), ..none() }),
            ("province_id+status", TeamFilter { province_id: Some(id()), status: Some(TeamStatus::Active), ..none() }),
        ];
        let (table, sorted) = match backend {
            Backend::Sqlite => ("SCAN community_teams\n", "TEMP B-TREE FOR ORDER BY"),
            Backend::Postgres => ("Seq Scan", "Sort"),
        };
        let mut faults = Vec::new();
        let national = viewer(Role::Leader, true);
        let regional = viewer(Role::RegionalOffice, false);
        for (name, filter) in &filters {
            let plan = teams::explain_list(&mut conn, &national, filter).unwrap().join("\n") + "\n";
            if plan.contains(table) || plan.contains(sorted) {
                faults.push(format!("team list, {name}:\n  {plan}"));
            }
            let plan = teams::explain_list(&mut conn, &regional, filter).unwrap().join("\n") + "\n";
            if plan.contains(table) {
                faults.push(format!("team list for a regional office, {name}:\n  {plan}"));
            }
        }
        for (name, province_id) in [("national", None), ("province", Some(id()))] {
            let filter = ScorecardFilter { period: "2021-10".into(), province_id, area_group_id: None };
            let plan = scorecard::explain_list(&mut conn, &national, &filter).unwrap().join("\n") + "\n";
            if plan.contains("SCAN team_scores\n") || plan.contains("Seq Scan") || plan.contains(sorted) {
                faults.push(format!("scorecard, {name}:\n  {plan}"));
            }
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

/// The donation list and a location's stock movements: each filter walks the index that
/// leads with it, in the list's order (newest first), never the table and never a sort.
async fn aid_lists_walk_an_index_in_order(app: &TestApp) {
    use danvan_domain::aid::DonationChannel;
    use danvan_store::aid::{explain_donations, explain_movements, DonationFilter};
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let id = Uuid::now_v7;
        let none = DonationFilter::default;
        let filters = [
            ("none", none(), "donations_received"),
            ("campaign_id", DonationFilter { campaign_id: Some(id()), ..none() }, "donations_campaign"),
            ("donor_id", DonationFilter { donor_id: Some(id()), ..none() }, "donations_donor"),
            ("location_id", DonationFilter { location_id: Some(id()), ..none() }, "donations_location"),
            ("channel", DonationFilter { channel: Some(DonationChannel::InKind), ..none() }, "donations_channel"),
        ];
        let sorted = match backend {
            Backend::Sqlite => "TEMP B-TREE FOR ORDER BY",
            Backend::Postgres => "Sort",
        };
        let scans = |plan: &str, table: &str| plan.contains(&format!("SCAN {table}\n")) || plan.contains("Seq Scan");
        let mut faults = Vec::new();
        for (name, filter, index) in &filters {
            let plan = explain_donations(&mut conn, filter).unwrap().join("\n") + "\n";
            if scans(&plan, "donations") || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("donation list, {name} (expected {index}):\n  {plan}"));
            }
        }
        for (name, item, index) in [
            ("location_id", None, "stock_movements_location "),
            ("location_id+item_id", Some(id()), "stock_movements_location_item"),
        ] {
            let plan = explain_movements(&mut conn, id(), item).unwrap().join("\n") + "\n";
            if scans(&plan, "stock_movements") || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("stock movements, {name} (expected {}):\n  {plan}", index.trim()));
            }
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

/// The distribution round list (newest first) and a round's lines (by name): each filter
/// walks the index that leads with it, never the table; for a national reader never a
/// sort either (a regional office's provinces are several keys, sorted once found).
async fn distribution_lists_walk_an_index_in_order(app: &TestApp) {
    use danvan_domain::aid::{LineStatus, RoundStatus};
    use danvan_store::aid::{explain_lines, explain_rounds, LineFilter, RoundFilter};
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let id = Uuid::now_v7;
        let none = RoundFilter::default;
        let filters = [
            ("none", none(), "distribution_rounds_created"),
            ("campaign_id", RoundFilter { campaign_id: Some(id()), ..none() }, "distribution_rounds_campaign"),
            ("status", RoundFilter { status: Some(RoundStatus::Delivering), ..none() }, "distribution_rounds_status"),
            ("province_id", RoundFilter { province_id: Some(id()), ..none() }, "distribution_rounds_province"),
        ];
        let sorted = match backend {
            Backend::Sqlite => "TEMP B-TREE FOR ORDER BY",
            Backend::Postgres => "Sort",
        };
        let scans = |plan: &str, table: &str| plan.contains(&format!("SCAN {table}\n")) || plan.contains("Seq Scan");
        let mut faults = Vec::new();
        let national = viewer(Role::Leader, true);
        let regional = viewer(Role::RegionalOffice, false);
        for (name, filter, index) in &filters {
            let plan = explain_rounds(&mut conn, &national, filter).unwrap().join("\n") + "\n";
            if scans(&plan, "distribution_rounds") || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("round list, {name} (expected {index}):\n  {plan}"));
            }
            let plan = explain_rounds(&mut conn, &regional, filter).unwrap().join("\n") + "\n";
            if scans(&plan, "distribution_rounds") {
                faults.push(format!("round list for a regional office, {name}:\n  {plan}"));
            }
        }
        let lines = [
            ("none", LineFilter::default(), "distribution_lines_round"),
            ("status", LineFilter { status: Some(LineStatus::Planned), q: None }, "distribution_lines_round_status"),
            ("q", LineFilter { status: None, q: Some("nguyen".into()) }, "distribution_lines_round"),
        ];
        for (name, filter, index) in &lines {
            let plan = explain_lines(&mut conn, id(), filter).unwrap().join("\n") + "\n";
            if scans(&plan, "distribution_lines") || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("round lines, {name} (expected {index}):\n  {plan}"));
            }
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

/// The report list (newest change first): each filter walks the index that leads with it,
/// never the table and never a sort; a member's own reports walk the reporter's index.
async fn report_lists_walk_an_index_in_order(app: &TestApp) {
    use danvan_domain::report::SubmissionStatus;
    use danvan_store::reports::{explain_submissions, SubmissionFilter};
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let id = Uuid::now_v7;
        let none = SubmissionFilter::default;
        let filters = [
            ("none", none(), "report_submissions_recent"),
            (
                "status",
                SubmissionFilter { status: Some(SubmissionStatus::Submitted), ..none() },
                "report_submissions_status",
            ),
            ("reporter_id", SubmissionFilter { reporter_id: Some(id()), ..none() }, "report_submissions_reporter"),
            ("template_id", SubmissionFilter { template_id: Some(id()), ..none() }, "report_submissions_template"),
            (
                "template_id and period",
                SubmissionFilter { template_id: Some(id()), period: Some("2026-11".into()), ..none() },
                "report_submissions_period",
            ),
        ];
        let sorted = match backend {
            Backend::Sqlite => "TEMP B-TREE FOR ORDER BY",
            Backend::Postgres => "Sort",
        };
        let scans = |plan: &str| plan.contains("SCAN report_submissions\n") || plan.contains("Seq Scan");
        let mut faults = Vec::new();
        let national = viewer(Role::StandingUnit, true);
        for (name, filter, index) in &filters {
            let plan = explain_submissions(&mut conn, &national, filter).unwrap().join("\n") + "\n";
            if scans(&plan) || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("report list, {name} (expected {index}):\n  {plan}"));
            }
        }
        let member = viewer(Role::Member, false);
        let plan = explain_submissions(&mut conn, &member, &none()).unwrap().join("\n") + "\n";
        if scans(&plan) || plan.contains(sorted) || !plan.contains("report_submissions_reporter") {
            faults.push(format!("a member's own reports:\n  {plan}"));
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

/// The beneficiary list (by folded name): each filter walks the index that leads with it,
/// the category through its links' own index, never the table and, for a national reader,
/// never a sort; a regional office's provinces never scan either.
async fn beneficiary_lists_walk_an_index_in_order(app: &TestApp) {
    use danvan_store::aid::{explain_beneficiaries, BeneficiaryFilter};
    let url = app.config.database_url.clone();
    let backend = app.backend;
    let faults = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        if backend == Backend::Postgres {
            conn.batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off;")
                .unwrap();
        }
        let id = Uuid::now_v7;
        let none = BeneficiaryFilter::default;
        let filters = [
            ("none", none(), "beneficiaries_name"),
            ("q", BeneficiaryFilter { q: Some("nguyen van".into()), ..none() }, "beneficiaries_name"),
            ("category_id", BeneficiaryFilter { category_id: Some(id()), ..none() }, "beneficiary_category_links_list"),
            ("area_id", BeneficiaryFilter { area_id: Some(id()), ..none() }, "beneficiaries_area"),
            ("province_id", BeneficiaryFilter { province_id: Some(id()), ..none() }, "beneficiaries_province"),
            ("household_id", BeneficiaryFilter { household_id: Some(id()), ..none() }, "beneficiaries_household"),
        ];
        let sorted = match backend {
            Backend::Sqlite => "TEMP B-TREE FOR ORDER BY",
            Backend::Postgres => "Sort",
        };
        let scans = |plan: &str| {
            ["beneficiaries", "beneficiary_category_links"]
                .iter()
                .any(|table| plan.contains(&format!("SCAN {table}\n")))
                || plan.contains("Seq Scan")
        };
        let mut faults = Vec::new();
        let national = viewer(Role::Leader, true);
        let regional = viewer(Role::RegionalOffice, false);
        for (name, filter, index) in &filters {
            let plan = explain_beneficiaries(&mut conn, &national, filter).unwrap().join("\n") + "\n";
            if scans(&plan) || plan.contains(sorted) || !plan.contains(index) {
                faults.push(format!("beneficiary list, {name} (expected {index}):\n  {plan}"));
            }
            let plan = explain_beneficiaries(&mut conn, &regional, filter).unwrap().join("\n") + "\n";
            if scans(&plan) {
                faults.push(format!("beneficiary list for a regional office, {name}:\n  {plan}"));
            }
        }
        faults
    })
    .await
    .unwrap();
    assert!(faults.is_empty(), "{} plans fall back:\n{}", faults.len(), faults.join("\n"));
}

both_backends! {
    async fn the_report_list_walks_an_index_per_filter_in_order(app) {
        report_lists_walk_an_index_in_order(&app).await;
    }

    async fn the_beneficiary_list_walks_an_index_per_filter_in_order(app) {
        beneficiary_lists_walk_an_index_in_order(&app).await;
    }

    async fn the_distribution_round_list_and_its_lines_walk_an_index_in_order(app) {
        distribution_lists_walk_an_index_in_order(&app).await;
    }

    async fn every_filter_and_sort_of_the_task_list_walks_an_index_in_order(app) {
        every_filter_and_sort_walks_an_index_in_order(&app).await;
    }

    async fn the_team_list_and_the_scorecard_walk_an_index_in_order(app) {
        team_lists_walk_an_index_in_order(&app).await;
    }

    async fn the_donation_list_and_the_stock_movements_walk_an_index_in_order(app) {
        aid_lists_walk_an_index_in_order(&app).await;
    }
}
