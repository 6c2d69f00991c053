//! Community COVID teams over HTTP on both databases: the registry's scope, filters and
//! export; the roster's phones, masked and revealed; the model pipeline's transition
//! table by role, evaluations, decision, adoptions and notifications; the scorecard
//! against the worked example of docs/community-teams.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{new_user, refused, TestApp};
use chrono::NaiveDate;
use danvan_client::Client;
use danvan_domain::{
    area::Layout,
    community_team::{
        may_move_model, Affiliation, CreateTeam, CreateTeamActivity, CreateTeamMember, Criterion, CriterionScore,
        EvaluateModel, IndicatorValueInput, MemberRole, ModelActor, ModelStatus, ModelTransition, NominateTeam,
        RecordAdoption, RecordIndicatorValues, Team, TeamStatus, UpdateTeamIndicator,
    },
    notification::NotificationKind,
    personal::RevealRequest,
    role::Role,
    user::CreateUser,
};
use reqwest::StatusCode;
use uuid::Uuid;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

async fn commune(app: &TestApp, layout: Layout, code: &str) -> Uuid {
    app.admin.area_by_code(layout, code).await.unwrap().id
}

async fn kind(app: &TestApp) -> Uuid {
    app.admin.list_team_kinds(Some(true)).await.unwrap()[0].id
}

fn team_body(name: &str, kind_id: Uuid, area_id: Uuid) -> CreateTeam {
    CreateTeam {
        name: name.into(),
        kind_id,
        area_id,
        founded_on: date("2021-08-01"),
        status: None,
        org_unit_id: None,
        partner_body: "UBND phường".into(),
        description: String::new(),
        households_covered: 120,
    }
}

/// An account of `role` limited to the provinces of `areas`.
async fn scoped(app: &TestApp, username: &str, role: Role, areas: Vec<Uuid>) -> Client {
    let request = CreateUser { scope_area_ids: areas, ..new_user(username, role) };
    app.admin.create_user(&request, None).await.unwrap();
    app.login(username, crate::support::PASSWORD).await
}

fn names(teams: &[Team]) -> Vec<String> {
    teams.iter().map(|team| team.name.clone()).collect()
}

async fn move_model(
    client: &Client,
    id: Uuid,
    to: ModelStatus,
) -> Result<danvan_domain::community_team::TeamModel, danvan_client::ClientError> {
    let etag = client.get_team_model(id).await?.etag;
    client.transition_team_model(id, &etag, &ModelTransition { to, note: format!("lý do {to}") }).await
}

fn scores(values: [i32; 5]) -> EvaluateModel {
    EvaluateModel {
        scores: Criterion::ALL
            .iter()
            .zip(values)
            .map(|(criterion, score)| CriterionScore { criterion: *criterion, score, comment: "Nhận xét".into() })
            .collect(),
        comment: "Mô hình tốt".into(),
    }
}

both_backends! {
    async fn the_registry_is_scoped_filtered_and_exported(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        let kind = kind(&app).await;
        let hanoi = commune(&app, Layout::L2021, "00001").await;
        let saigon = commune(&app, Layout::L2021, "26734").await;
        let hcm = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        office.create_team(&team_body("Tổ COVID Phúc Xá", kind, hanoi), None).await.unwrap();
        let tan_dinh = office.create_team(&team_body("Tổ COVID Tân Định", kind, saigon), None).await.unwrap();
        let mut paused = team_body("Tổ tự quản Đa Kao", kind, saigon);
        paused.status = Some(TeamStatus::Paused);
        office.create_team(&paused, None).await.unwrap();
        assert_eq!(tan_dinh.province.id, hcm);
        assert!(tan_dinh.can_manage);

        // A district is not where a team works; members read but do not register.
        let district = app.admin.area_by_code(Layout::L2021, "760").await.unwrap().id;
        let fields = refused(office.create_team(&team_body("Tổ quận", kind, district), None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, [("area_id".to_owned(), "not_a_commune".to_owned())]);
        refused(member.create_team(&team_body("Tổ", kind, hanoi), None).await, StatusCode::FORBIDDEN, "forbidden");
        assert_eq!(member.all_teams(&[]).await.unwrap().len(), 3);

        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![hcm]).await;
        let seen = regional.all_teams(&[]).await.unwrap();
        assert_eq!(names(&seen), ["Tổ COVID Tân Định", "Tổ tự quản Đa Kao"]);
        assert!(seen.iter().all(|team| team.province.id == hcm));
        let hanoi_team = member.all_teams(&[("q", "phuc xa")]).await.unwrap();
        assert_eq!(names(&hanoi_team), ["Tổ COVID Phúc Xá"]);
        refused(regional.get_team(hanoi_team[0].id).await, StatusCode::NOT_FOUND, "not_found");

        let hcm_text = hcm.to_string();
        let active = member.all_teams(&[("province_id", hcm_text.as_str()), ("status", "active")]).await.unwrap();
        assert_eq!(names(&active), ["Tổ COVID Tân Định"]);
        let page = member.list_teams(&[("limit", "1")]).await.unwrap();
        assert_eq!(page.items.len(), 1);
        assert!(page.next_cursor.is_some());

        // The export follows the filters and the caller's scope.
        let csv = regional.export_teams(&[("format", "csv"), ("lang", "en")]).await.unwrap().bytes;
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("Tổ tự quản Đa Kao") && !text.contains("Phúc Xá"));
        let filtered = member.export_teams(&[("status", "paused")]).await.unwrap().bytes;
        assert_eq!(String::from_utf8(filtered).unwrap().lines().count(), 2);
        let xlsx = member.export_teams(&[("format", "xlsx")]).await.unwrap().bytes;
        assert!(xlsx.starts_with(b"PK"));

        // The map counts teams per province the caller sees.
        let map = regional.team_map().await.unwrap();
        assert_eq!(map.len(), 1);
        assert_eq!((map[0].province_id, map[0].teams), (hcm, 2));
        assert!(map[0].latitude.is_some());
    }

    async fn phones_are_masked_shown_to_contacts_only_and_revealed_with_a_reason(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        let team = office.create_team(&team_body("Tổ COVID Phúc Xá", kind(&app).await, commune(&app, Layout::L2021, "00001").await), None).await.unwrap();
        let request = CreateTeamMember {
            name: "Nguyễn Thị Hoa".into(),
            role: MemberRole::Leader,
            affiliation: Affiliation::WomensUnion,
            joined_on: date("2021-08-01"),
            left_on: None,
            phone: Some("0912 345 678".into()),
        };
        let created = office.create_team_member(team.id, &request, Some("member-1")).await.unwrap();
        assert_eq!(created.phone.as_deref(), Some("•••••••678"));
        let bad = CreateTeamMember { phone: Some("12345".into()), ..request.clone() };
        refused(office.create_team_member(team.id, &bad, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(member.list_team_members(team.id).await.unwrap()[0].phone, None);
        refused(member.reveal_team_member_phone(created.id, &RevealRequest { reason: "Liên hệ hỗ trợ F0".into() }).await, StatusCode::FORBIDDEN, "forbidden");
        let revealed = office.reveal_team_member_phone(created.id, &RevealRequest { reason: "Liên hệ hỗ trợ F0".into() }).await.unwrap();
        assert_eq!(revealed.phone, "0912345678");
        // The audit keeps who revealed what and why, never the number.
        let log = app.admin.request(reqwest::Method::GET, "/api/v1/audit?entity=team_member&limit=50").send().await.unwrap();
        let log = log.text().await.unwrap();
        assert!(log.contains("reveal") && log.contains("Liên hệ hỗ trợ F0"), "{log}");
        assert!(!log.contains("345678") && !log.contains("345 678"), "{log}");
    }

    async fn the_pipeline_follows_its_transition_table_by_role(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        let hcm = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![hcm]).await;
        let team = office.create_team(&team_body("Tổ COVID Tân Định", kind(&app).await, commune(&app, Layout::L2021, "26734").await), None).await.unwrap();
        let nominate = NominateTeam { team_id: team.id, rationale: "Hỗ trợ F0 hiệu quả".into(), evidence: "Báo cáo tháng 9".into() };
        refused(member.nominate_team(&nominate, None).await, StatusCode::FORBIDDEN, "forbidden");
        let model = regional.nominate_team(&nominate, None).await.unwrap();
        refused(office.nominate_team(&nominate, None).await, StatusCode::CONFLICT, "already_nominated");
        assert_eq!(model.status, ModelStatus::Nominated);
        // The Office is told a nomination waits for it.
        let bell = office.list_notifications(&[]).await.unwrap();
        assert!(bell.items.iter().any(|n| n.kind == NotificationKind::ModelWaiting && n.model.as_ref().map(|m| m.id) == Some(model.id)));

        // Every pair of statuses, for each relation, answers as the table says.
        let callers: [(&Client, Vec<ModelActor>); 4] = [
            (&regional, vec![ModelActor::Nominator]),
            (&office, vec![ModelActor::Office]),
            (&leader, vec![ModelActor::Leadership]),
            (&member, vec![]),
        ];
        // An evaluation exists, so that sending to the leadership depends on the table alone.
        app.run_sql(format!("UPDATE team_models SET status = 'evaluating' WHERE id = '{}'", model.id)).await.unwrap();
        office.evaluate_team_model(model.id, &scores([4, 4, 4, 4, 4]), None).await.unwrap();
        for from in ModelStatus::ALL {
            for to in ModelStatus::ALL {
                for (client, actors) in &callers {
                    app.run_sql(format!("UPDATE team_models SET status = '{from}' WHERE id = '{}'", model.id)).await.unwrap();
                    let answer = move_model(client, model.id, *to).await;
                    if may_move_model(*from, *to, actors) {
                        assert_eq!(answer.unwrap().status, *to, "{from} → {to} by {actors:?}");
                    } else {
                        refused(answer, StatusCode::CONFLICT, "transition_not_allowed");
                    }
                }
            }
        }
    }

    async fn a_model_goes_from_nomination_to_adoption_with_its_evidence(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, second) = app.user("van.phong.2", Role::Office, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let kind = kind(&app).await;
        let team = office.create_team(&team_body("Tổ COVID Tân Định", kind, commune(&app, Layout::L2021, "26734").await), None).await.unwrap();
        let model = office.nominate_team(&NominateTeam { team_id: team.id, rationale: "Hiệu quả".into(), evidence: String::new() }, None).await.unwrap();
        refused(office.evaluate_team_model(model.id, &scores([5, 4, 4, 5, 3]), None).await, StatusCode::CONFLICT, "not_evaluating");
        move_model(&office, model.id, ModelStatus::Evaluating).await.unwrap();
        refused(move_model(&office, model.id, ModelStatus::AwaitingDecision).await, StatusCode::CONFLICT, "not_evaluated");
        office.evaluate_team_model(model.id, &scores([5, 4, 4, 5, 3]), None).await.unwrap();
        refused(office.evaluate_team_model(model.id, &scores([5, 4, 4, 5, 3]), None).await, StatusCode::CONFLICT, "already_evaluated");
        let mine = second.evaluate_team_model(model.id, &scores([2, 4, 4, 5, 3]), None).await.unwrap();
        refused(office.update_model_evaluation(mine.id, &format!("\"{}\"", mine.version), &scores([1, 1, 1, 1, 1])).await, StatusCode::CONFLICT, "not_yours");
        second.update_model_evaluation(mine.id, &format!("\"{}\"", mine.version), &scores([3, 4, 4, 5, 3])).await.unwrap();
        let summary = leader.list_model_evaluations(model.id).await.unwrap();
        assert_eq!(summary.evaluations.len(), 2);
        assert_eq!((summary.criteria[0].average, summary.criteria[0].spread), (4.0, 1.0));
        move_model(&office, model.id, ModelStatus::AwaitingDecision).await.unwrap();
        let bell = leader.list_notifications(&[]).await.unwrap();
        assert!(bell.items.iter().any(|n| n.model_status == Some(ModelStatus::AwaitingDecision)));
        let decided = move_model(&leader, model.id, ModelStatus::Recommended).await.unwrap();
        assert_eq!(decided.decided_by.map(|who| who.name), Some("Người dùng lanh.dao".to_owned()));
        assert!(!decided.can_record_adoption && decided.evaluation_count == 2);

        // Adopted in another province by a team registered with the adoption.
        let hanoi = commune(&app, Layout::L2021, "00001").await;
        let adoption = office
            .record_model_adoption(model.id, &RecordAdoption { team_id: None, new_team: Some(team_body("Tổ COVID Phúc Xá", kind, hanoi)), adopted_on: date("2021-10-15"), adaptations: "Thêm tổ trực đêm".into() }, None)
            .await
            .unwrap();
        assert_eq!(adoption.area.id, hanoi);
        let again = RecordAdoption { team_id: Some(adoption.team.id), new_team: None, adopted_on: date("2021-11-01"), adaptations: String::new() };
        refused(office.record_model_adoption(model.id, &again, None).await, StatusCode::CONFLICT, "already_adopted");
        // Its indicators before and after the adoption month.
        let indicator = office.list_team_indicators(Some(true)).await.unwrap()[0].clone();
        for (period, value) in [("2021-08", 10.0), ("2021-09", 20.0), ("2021-10", 40.0), ("2021-11", 50.0)] {
            let values = RecordIndicatorValues { period: period.into(), values: vec![IndicatorValueInput { indicator_id: indicator.id, value: Some(value) }] };
            office.record_indicator_values(adoption.team.id, &values).await.unwrap();
        }
        let compared = leader.model_adoption_comparison(adoption.id).await.unwrap();
        let line = compared.indicators.iter().find(|line| line.indicator.id == indicator.id).unwrap();
        assert_eq!((line.before, line.after, line.improved), (Some(15.0), Some(45.0), Some(true)));
        assert_eq!(line.series.len(), 4);
        let timeline = leader.team_model_timeline(model.id).await.unwrap();
        let kinds: Vec<&str> = timeline.iter().map(|event| event.kind.as_str()).collect();
        assert_eq!(kinds, ["nominated", "moved", "evaluated", "evaluated", "evaluated", "moved", "moved", "adopted"]);
        let map = leader.team_map().await.unwrap();
        let adopted_in: Vec<i64> = map.iter().map(|province| province.adoptions).collect();
        assert_eq!(adopted_in.iter().sum::<i64>(), 1);
    }

    async fn the_scorecard_scores_the_worked_example(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let kind = kind(&app).await;
        // The worked example weighs two indicators: households (×2) and response time (×1, lower is better).
        for indicator in office.list_team_indicators(None).await.unwrap() {
            let change = match indicator.code.as_str() {
                "households_covered" => UpdateTeamIndicator { weight: Some(2.0), ..Default::default() },
                "response_hours" => UpdateTeamIndicator { weight: Some(1.0), ..Default::default() },
                _ => UpdateTeamIndicator { active: Some(false), ..Default::default() },
            };
            office.update_team_indicator(indicator.id, &format!("\"{}\"", indicator.version), &change).await.unwrap();
        }
        let indicators = office.list_team_indicators(Some(true)).await.unwrap();
        let id_of = |code: &str| indicators.iter().find(|indicator| indicator.code == code).unwrap().id;
        let (households, response) = (id_of("households_covered"), id_of("response_hours"));
        let saigon = [commune(&app, Layout::L2021, "26734").await, commune(&app, Layout::L2021, "26737").await];
        let hanoi = commune(&app, Layout::L2021, "00001").await;
        let mut teams = Vec::new();
        for (name, area, values) in [
            ("Tổ A", saigon[0], vec![(households, 120.0), (response, 2.0)]),
            ("Tổ B", saigon[1], vec![(households, 80.0), (response, 6.0)]),
            ("Tổ C", hanoi, vec![(households, 100.0)]),
        ] {
            let team = office.create_team(&team_body(name, kind, area), None).await.unwrap();
            let inputs = values.into_iter().map(|(indicator_id, value)| IndicatorValueInput { indicator_id, value: Some(value) }).collect();
            office.record_indicator_values(team.id, &RecordIndicatorValues { period: "2021-10".into(), values: inputs }).await.unwrap();
            teams.push(team);
        }
        let page = office.team_scorecard(&[("period", "2021-10")]).await.unwrap();
        let lines: Vec<(String, f64, i64, i64)> = page.items.iter().map(|line| (line.team.name.clone(), line.score, line.rank_national, line.rank_province)).collect();
        assert_eq!(lines, [("Tổ A".to_owned(), 100.0, 1, 1), ("Tổ C".to_owned(), 33.33, 2, 1), ("Tổ B".to_owned(), 0.0, 3, 2)]);
        assert_eq!(page.items[0].trend.len(), 1);
        // Within a province; and scope: a regional office of Hồ Chí Minh City sees its two teams.
        let province = teams[0].province.id.to_string();
        let in_province = office.team_scorecard(&[("period", "2021-10"), ("province_id", province.as_str())]).await.unwrap();
        assert_eq!(in_province.items.iter().map(|line| line.rank_province).collect::<Vec<_>>(), [1, 2]);
        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![teams[0].province.id]).await;
        let seen = regional.team_scorecard(&[("period", "2021-10")]).await.unwrap();
        assert_eq!(seen.items.iter().map(|line| line.team.name.as_str()).collect::<Vec<_>>(), ["Tổ A", "Tổ B"]);
        let paged = office.team_scorecard(&[("period", "2021-10"), ("limit", "2")]).await.unwrap();
        let cursor = paged.next_cursor.unwrap();
        let rest = office.team_scorecard(&[("period", "2021-10"), ("limit", "2"), ("cursor", cursor.as_str())]).await.unwrap();
        assert_eq!(rest.items.iter().map(|line| line.team.name.as_str()).collect::<Vec<_>>(), ["Tổ B"]);
        // A changed value scores the month again.
        let inputs = vec![IndicatorValueInput { indicator_id: households, value: Some(200.0) }];
        office.record_indicator_values(teams[1].id, &RecordIndicatorValues { period: "2021-10".into(), values: inputs }).await.unwrap();
        let again = office.team_scorecard(&[("period", "2021-10")]).await.unwrap();
        assert_eq!(again.items[0].team.name, "Tổ B");
        let csv = String::from_utf8(regional.export_team_scorecard(&[("period", "2021-10"), ("lang", "en")]).await.unwrap().bytes).unwrap();
        assert_eq!(csv.lines().count(), 3, "{csv}");
        // An activity logged is read back newest first.
        let log = CreateTeamActivity { occurred_on: date("2021-10-02"), kind: danvan_domain::community_team::ActivityKind::F0HomeCare, households_reached: 12, people_supported: 30, note: "Phát túi thuốc".into() };
        office.create_team_activity(teams[0].id, &log, None).await.unwrap();
        assert_eq!(regional.list_team_activities(teams[0].id, &[]).await.unwrap().items.len(), 1);
    }
}
