//! Rules checked against stored rows before a write — no cycle in the org unit tree, one
//! head per working group, a user on a roster once — hold when many requests race for
//! them at once, on both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{pairs, refused, TestApp};
use danvan_client::{etag_of, ClientError};
use danvan_domain::{
    org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind, UpdateOrgUnit},
    plan::CreatePlan,
    role::Role,
    working_group::{AddMember, CreateWorkingGroup, MemberPosition, UpdateMembership, WorkingGroup},
};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

/// Concurrent requests in each race.
const RACERS: usize = 20;

async fn unit(app: &TestApp, code: &str) -> OrgUnit {
    let request = CreateOrgUnit {
        parent_id: None,
        code: code.into(),
        name: format!("Đơn vị {code}"),
        kind: OrgUnitKind::Department,
    };
    app.admin.create_org_unit(&request, None).await.unwrap()
}

async fn group(app: &TestApp) -> WorkingGroup {
    let plan = CreatePlan {
        number: "16-KH/BDVTW".into(),
        title: "Kế hoạch 16".into(),
        issuing_body: "Ban Dân vận Trung ương".into(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2021, 9, 13).unwrap(),
        basis: Vec::new(),
        status: None,
    };
    let plan = app.admin.create_plan(&plan, None).await.unwrap();
    let request = CreateWorkingGroup { name: "Tổ công tác".into(), plan_id: plan.id, standing_unit_id: None };
    app.admin.create_working_group(&request, None).await.unwrap()
}

/// A race's loser may be told its rule was broken (409), that the record moved on (412),
/// or to come back (503); never anything else.
fn lost_fairly<T: std::fmt::Debug>(outcome: &Result<T, ClientError>) {
    if let Err(error) = outcome {
        let status = error.status().unwrap_or_default();
        assert!([409, 412, 422, 503].contains(&status), "unexpected refusal: {error}");
    }
}

/// Awaits every spawned request; how many succeeded.
async fn successes<T: std::fmt::Debug>(racers: Vec<tokio::task::JoinHandle<Result<T, ClientError>>>) -> usize {
    let mut won = 0;
    for racer in racers {
        let outcome = racer.await.unwrap();
        lost_fairly(&outcome);
        won += usize::from(outcome.is_ok());
    }
    won
}

both_backends! {
    async fn concurrent_creates_keep_every_acknowledged_one_whatever_fails_beside_it(app) {
        // 45 codes, 15 of them asked for twice: on SQLite the writes meet in shared commits,
        // where each refused one must be undone alone.
        let codes: Vec<String> = (0..45).chain(0..15).map(|n| format!("GC-{n}")).collect();
        let racers: Vec<_> = codes
            .into_iter()
            .map(|code| {
                let admin = app.admin.clone();
                tokio::spawn(async move {
                    let request =
                        CreateOrgUnit { parent_id: None, name: format!("Đơn vị {code}"), code, kind: OrgUnitKind::Department };
                    admin.create_org_unit(&request, None).await
                })
            })
            .collect();
        let mut created = Vec::new();
        for racer in racers {
            match racer.await.unwrap() {
                Ok(unit) => created.push(unit),
                Err(error) => assert_eq!(error.status(), Some(422), "a taken code, nothing else: {error}"),
            }
        }
        assert_eq!(created.len(), 45, "one create of each code is acknowledged");
        let audited: Vec<String> = app
            .admin
            .all_audit(&[("entity", "org_unit"), ("action", "create")])
            .await
            .unwrap()
            .into_iter()
            .filter_map(|entry| entry.entity_id)
            .collect();
        for unit in &created {
            assert_eq!(app.admin.get_org_unit(unit.id).await.unwrap().value.code, unit.code);
            assert!(audited.contains(&unit.id.to_string()), "{} has its audit row", unit.code);
        }
        let stored = app.admin.all_org_units(&[]).await.unwrap();
        assert_eq!(stored.iter().filter(|unit| unit.code.starts_with("GC-")).count(), 45, "and nothing else was stored");
    }

    async fn concurrent_opposite_moves_never_make_a_cycle(app) {
        // Pairs of sibling units; in each pair one request moves A under B while another
        // moves B under A. Each check alone sees no cycle; together they would make one.
        let mut pairs = Vec::new();
        for index in 0..RACERS / 2 {
            pairs.push((unit(&app, &format!("A{index}")).await, unit(&app, &format!("B{index}")).await));
        }
        let mut racers = Vec::new();
        for (a, b) in &pairs {
            for (moved, under) in [(a, b), (b, a)] {
                let client = app.admin.clone();
                let (id, etag) = (moved.id, etag_of(moved.version));
                let change = UpdateOrgUnit { parent_id: Some(Some(under.id)), ..Default::default() };
                racers.push(tokio::spawn(async move { client.update_org_unit(id, &etag, &change).await }));
            }
        }
        successes(racers).await;

        let parents: HashMap<Uuid, Option<Uuid>> =
            app.admin.all_org_units(&[]).await.unwrap().into_iter().map(|u| (u.id, u.parent_id)).collect();
        for (a, b) in &pairs {
            let cycle = parents[&a.id] == Some(b.id) && parents[&b.id] == Some(a.id);
            assert!(!cycle, "{} and {} are each other's parent", a.code, b.code);
        }
    }

    async fn concurrent_promotions_leave_one_head(app) {
        let team = group(&app).await;
        let mut memberships = Vec::new();
        for index in 0..RACERS {
            let (user, _) = app.user(&format!("to_vien_{index}"), Role::Member, None).await;
            let add = AddMember { user_id: user.id, position: MemberPosition::Member, joined_on: None };
            memberships.push(app.admin.add_member(team.id, &add, None).await.unwrap());
        }
        let racers = memberships
            .iter()
            .map(|membership| {
                let (client, id) = (app.admin.clone(), membership.id);
                let promote = UpdateMembership { position: Some(MemberPosition::Head), ..Default::default() };
                tokio::spawn(async move { client.update_membership(id, &etag_of(1), &promote).await })
            })
            .collect();
        assert_eq!(successes(racers).await, 1, "exactly one promotion wins");
        let heads = app.admin.list_members(team.id, &[]).await.unwrap();
        let heads = heads.iter().filter(|m| m.position == MemberPosition::Head).count();
        assert_eq!(heads, 1);
    }

    async fn concurrent_additions_of_one_user_make_one_membership(app) {
        let team = group(&app).await;
        let (user, _) = app.user("tinh_nguyen", Role::Member, None).await;
        let racers = (0..RACERS)
            .map(|index| {
                let client = app.admin.clone();
                // Half ask for head, so the head rule races too.
                let position = if index % 2 == 0 { MemberPosition::Head } else { MemberPosition::Member };
                let add = AddMember { user_id: user.id, position, joined_on: None };
                tokio::spawn(async move { client.add_member(team.id, &add, None).await })
            })
            .collect();
        assert_eq!(successes(racers).await, 1, "exactly one addition wins");
        assert_eq!(app.admin.list_members(team.id, &[]).await.unwrap().len(), 1);
    }

    async fn walks_over_the_org_unit_tree_end_even_on_a_stored_cycle(app) {
        // No rule lets a cycle in, but one written by hand (or by a bug) must not make
        // every request of the units' officers spin forever.
        let (a, b) = (unit(&app, "CA").await, unit(&app, "CB").await);
        let (_, officer) = app.user("can_bo_don_vi", Role::UnitOfficer, Some(a.id)).await;
        app.run_sql(format!("UPDATE org_units SET parent_id = '{}' WHERE id = '{}'", b.id, a.id)).await.unwrap();
        app.run_sql(format!("UPDATE org_units SET parent_id = '{}' WHERE id = '{}'", a.id, b.id)).await.unwrap();

        let me = tokio::time::timeout(Duration::from_secs(10), officer.me()).await.expect("the scope walk ended");
        assert_eq!(me.unwrap().user.org_unit_id, Some(a.id));
        let c = unit(&app, "CC").await;
        let under_a = UpdateOrgUnit { parent_id: Some(Some(a.id)), ..Default::default() };
        let moved = tokio::time::timeout(Duration::from_secs(10), app.admin.update_org_unit(c.id, &etag_of(c.version), &under_a))
            .await
            .expect("the ancestor walk ended");
        let fields = refused(moved, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("parent_id", "cycle")]));
    }
}
