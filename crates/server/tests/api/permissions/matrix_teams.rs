//! The community-team endpoints of the role × endpoint matrix. The matrix's role users
//! have no area scope: every role but the regional office sees every team, and a
//! regional office without provinces sees none (404 on a team's records).

use super::{Case, Need};
use crate::support::TestApp;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

/// What every role's run shares: a ward, a kind, and a model recommended by a leader.
#[derive(Default, Clone)]
pub struct TeamsShared {
    kind: String,
    commune: String,
    recommended: String,
}

async fn send(client: &danvan_client::Client, method: Method, path: &str, etag: Option<String>, body: Value) -> Value {
    let mut request = client.request(method, path).json(&body);
    if let Some(etag) = etag {
        request = request.header(header::IF_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

fn etag(value: &Value) -> String {
    format!("\"{}\"", value["version"])
}

fn rubric(score: u8) -> Value {
    let criteria = ["effectiveness", "community_participation", "sustainability", "replicability", "cost_efficiency"];
    json!({ "scores": criteria.iter().map(|criterion| json!({ "criterion": criterion, "score": score })).collect::<Vec<_>>() })
}

async fn new_team(app: &TestApp, shared: &TeamsShared, name: &str) -> Value {
    let body = json!({ "name": name, "kind_id": shared.kind, "area_id": shared.commune, "founded_on": "2021-08-01" });
    send(&app.admin, Method::POST, "/api/v1/community-teams", None, body).await
}

/// A model of a new team, moved by the administrator through `steps`.
async fn model(app: &TestApp, shared: &TeamsShared, name: &str, steps: &[&str]) -> Value {
    let team = new_team(app, shared, name).await;
    let mut model = send(
        &app.admin,
        Method::POST,
        "/api/v1/team-models",
        None,
        json!({ "team_id": id(&team), "rationale": "Hiệu quả" }),
    )
    .await;
    for step in steps {
        let path = format!("/api/v1/team-models/{}/transitions", id(&model));
        model = send(&app.admin, Method::POST, &path, Some(etag(&model)), json!({ "to": step })).await;
    }
    model
}

pub async fn teams_shared(app: &TestApp) -> TeamsShared {
    let kinds = app.admin.list_team_kinds(Some(true)).await.unwrap();
    let commune = app.admin.area_by_code(danvan_domain::area::Layout::L2021, "00001").await.unwrap();
    let mut shared =
        TeamsShared { kind: kinds[0].id.to_string(), commune: commune.id.to_string(), recommended: String::new() };
    let model = model(app, &shared, "Tổ mô hình của ma trận", &["evaluating"]).await;
    let model_id = id(&model);
    send(&app.admin, Method::POST, &format!("/api/v1/team-models/{model_id}/evaluations"), None, rubric(4)).await;
    let path = format!("/api/v1/team-models/{model_id}/transitions");
    let model: Value = app
        .admin
        .request(Method::GET, &format!("/api/v1/team-models/{model_id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let awaiting =
        send(&app.admin, Method::POST, &path, Some(etag(&model)), json!({ "to": "awaiting_decision" })).await;
    let (_, leader) = app.user("matrix.leader", Role::Leader, None).await;
    send(&leader, Method::POST, &path, Some(etag(&awaiting)), json!({ "to": "recommended", "note": "Nhân rộng" }))
        .await;
    shared.recommended = model_id;
    shared
}

/// The module's cases for one role's run (`tag` keeps its records apart).
pub async fn team_cases(app: &TestApp, shared: &TeamsShared, tag: &str) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Per};
    let (ok, created) = (StatusCode::OK, StatusCode::CREATED);
    let seen_by_all_but_regional: &'static [Role] = &[
        Role::Admin,
        Role::Leader,
        Role::GroupHead,
        Role::StandingUnit,
        Role::Member,
        Role::Office,
        Role::UnitOfficer,
        Role::Viewer,
    ];
    let team = new_team(app, shared, &format!("Tổ {tag}")).await;
    let team_id = id(&team);
    let member = send(
        &app.admin,
        Method::POST,
        &format!("/api/v1/community-teams/{team_id}/members"),
        None,
        json!({ "name": "Thành viên", "role": "member", "affiliation": "resident", "joined_on": "2021-08-01", "phone": "0912345678" }),
    )
    .await;
    let activity = send(
        &app.admin,
        Method::POST,
        &format!("/api/v1/community-teams/{team_id}/activities"),
        None,
        json!({ "occurred_on": "2021-09-01", "kind": "hotline" }),
    )
    .await;
    let kind = send(
        &app.admin,
        Method::POST,
        "/api/v1/team-kinds",
        None,
        json!({ "code": format!("k-{tag}"), "name_vi": "Loại", "name_en": "Kind" }),
    )
    .await;
    let indicator = send(
        &app.admin,
        Method::POST,
        "/api/v1/team-indicators",
        None,
        json!({ "code": format!("i-{tag}"), "name_vi": "Chỉ tiêu", "name_en": "Indicator", "unit": "hộ", "higher_is_better": true, "weight": 0 }),
    )
    .await;
    let nominated = model(app, shared, &format!("Tổ đề cử {tag}"), &[]).await;
    let evaluating = model(app, shared, &format!("Tổ đánh giá {tag}"), &["evaluating"]).await;
    let scored = model(app, shared, &format!("Tổ đã chấm {tag}"), &["evaluating"]).await;
    let evaluation =
        send(&app.admin, Method::POST, &format!("/api/v1/team-models/{}/evaluations", id(&scored)), None, rubric(3))
            .await;
    let adoptions = format!("/api/v1/team-models/{}/adoptions", shared.recommended);
    let adoption_list: Value = app.admin.request(Method::GET, &adoptions).send().await.unwrap().json().await.unwrap();
    let adoption = match adoption_list[0]["id"].as_str() {
        Some(adoption) => adoption.to_owned(),
        None => id(&send(
            &app.admin,
            Method::POST,
            &adoptions,
            None,
            json!({ "team_id": team_id, "adopted_on": "2021-10-15" }),
        )
        .await),
    };
    let (nominated_id, evaluating_id) = (id(&nominated), id(&evaluating));
    let upload = |seed: u8| {
        let part = reqwest::multipart::Part::bytes(crate::attachments::png(40, 30, seed)).file_name("anh.png");
        let form = reqwest::multipart::Form::new().part("file", part);
        app.admin
            .request(Method::POST, &format!("/api/v1/attachments?owner_kind=team&owner_id={team_id}"))
            .multipart(form)
            .send()
    };
    let photo: Value = upload(1).await.unwrap().json().await.unwrap();
    let doomed: Value = upload(2).await.unwrap().json().await.unwrap();
    let attachments = format!("/api/v1/attachments?owner_kind=team&owner_id={team_id}");
    let photo_path = |rest: &str| format!("/api/v1/attachments/{}{rest}", id(&photo));
    let team_path = |rest: &str| format!("/api/v1/community-teams/{team_id}{rest}");
    let reach = Need::Reaches(seen_by_all_but_regional);
    vec![
        Case::new(Method::GET, "/api/v1/team-kinds", "/api/v1/team-kinds", Act(CommunityTeamsRead), ok),
        Case::new(Method::POST, "/api/v1/team-kinds", "/api/v1/team-kinds", Act(CommunityTeamsManage), created)
            .body(json!({ "code": format!("nk-{tag}"), "name_vi": "Loại mới", "name_en": "New kind" })),
        Case::new(Method::PATCH, "/api/v1/team-kinds/{id}", format!("/api/v1/team-kinds/{}", id(&kind)), Act(CommunityTeamsManage), ok)
            .body(json!({ "name_en": "Renamed" }))
            .if_match(etag(&kind)),
        Case::new(Method::GET, "/api/v1/team-indicators", "/api/v1/team-indicators", Act(CommunityTeamsRead), ok),
        Case::new(Method::POST, "/api/v1/team-indicators", "/api/v1/team-indicators", Act(CommunityTeamsManage), created).body(json!({
            "code": format!("ni-{tag}"), "name_vi": "Chỉ tiêu mới", "name_en": "New indicator", "unit": "%", "higher_is_better": true, "weight": 0
        })),
        Case::new(Method::PATCH, "/api/v1/team-indicators/{id}", format!("/api/v1/team-indicators/{}", id(&indicator)), Act(CommunityTeamsManage), ok)
            .body(json!({ "name_en": "Renamed" }))
            .if_match(etag(&indicator)),
        Case::new(Method::GET, "/api/v1/community-teams", "/api/v1/community-teams", Act(CommunityTeamsRead), ok),
        Case::new(Method::GET, "/api/v1/community-teams/export", "/api/v1/community-teams/export", Act(CommunityTeamsRead), ok),
        Case::new(Method::GET, "/api/v1/community-teams/map", "/api/v1/community-teams/map", Act(CommunityTeamsRead), ok),
        Case::new(Method::POST, "/api/v1/community-teams", "/api/v1/community-teams", Act(CommunityTeamsManage), created).body(json!({
            "name": format!("Tổ mới {tag}"), "kind_id": shared.kind, "area_id": shared.commune, "founded_on": "2021-08-01"
        })),
        Case::new(Method::GET, "/api/v1/community-teams/{id}", team_path(""), reach, ok),
        Case::new(Method::PATCH, "/api/v1/community-teams/{id}", team_path(""), Act(CommunityTeamsManage), ok)
            .body(json!({ "households_covered": 99 }))
            .if_match(etag(&team)),
        Case::new(Method::GET, "/api/v1/community-teams/{id}/members", team_path("/members"), reach, ok),
        Case::new(Method::POST, "/api/v1/community-teams/{id}/members", team_path("/members"), Act(CommunityTeamsManage), created)
            .body(json!({ "name": "Thành viên mới", "role": "deputy", "affiliation": "police", "joined_on": "2021-08-01" })),
        Case::new(Method::PATCH, "/api/v1/team-members/{id}", format!("/api/v1/team-members/{}", id(&member)), Act(CommunityTeamsManage), ok)
            .body(json!({ "role": "leader" }))
            .if_match(etag(&member)),
        Case::new(Method::POST, "/api/v1/team-members/{id}/reveal-phone", format!("/api/v1/team-members/{}/reveal-phone", id(&member)),
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::OK, None),
                Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
                _ => (StatusCode::FORBIDDEN, Some("forbidden")),
            }), ok)
            .body(json!({ "reason": "Liên hệ hỗ trợ" })),
        Case::new(Method::GET, "/api/v1/community-teams/{id}/activities", team_path("/activities"), reach, ok),
        Case::new(Method::POST, "/api/v1/community-teams/{id}/activities", team_path("/activities"), Act(CommunityTeamsManage), created)
            .body(json!({ "occurred_on": "2021-09-02", "kind": "disinfection" })),
        Case::new(Method::PATCH, "/api/v1/team-activities/{id}", format!("/api/v1/team-activities/{}", id(&activity)), Act(CommunityTeamsManage), ok)
            .body(json!({ "note": "Sửa" }))
            .if_match(etag(&activity)),
        Case::new(Method::GET, "/api/v1/community-teams/{id}/indicator-values", team_path("/indicator-values"), reach, ok),
        Case::new(Method::POST, "/api/v1/community-teams/{id}/indicator-values", team_path("/indicator-values"), Act(CommunityTeamsManage), ok)
            .body(json!({ "period": "2021-10", "values": [{ "indicator_id": id(&indicator), "value": 5 }] })),
        Case::new(Method::GET, "/api/v1/community-teams/{id}/scorecard", team_path("/scorecard"), reach, ok),
        Case::new(Method::GET, "/api/v1/team-scorecard", "/api/v1/team-scorecard", Act(CommunityTeamsRead), ok),
        Case::new(Method::GET, "/api/v1/team-scorecard/export", "/api/v1/team-scorecard/export", Act(CommunityTeamsRead), ok),
        Case::new(Method::GET, "/api/v1/team-models", "/api/v1/team-models", Act(CommunityTeamsRead), ok),
        Case::new(Method::POST, "/api/v1/team-models", "/api/v1/team-models",
            Per(|role| match role {
                Role::Admin | Role::Office | Role::UnitOfficer => (StatusCode::CREATED, None),
                // Allowed to nominate, but the team is outside its (empty) provinces.
                Role::RegionalOffice => (StatusCode::UNPROCESSABLE_ENTITY, Some("validation")),
                _ => (StatusCode::FORBIDDEN, Some("forbidden")),
            }), created)
            .body(json!({ "team_id": team_id, "rationale": "Hiệu quả" })),
        Case::new(Method::GET, "/api/v1/team-models/{id}", format!("/api/v1/team-models/{nominated_id}"), reach, ok),
        Case::new(Method::PATCH, "/api/v1/team-models/{id}", format!("/api/v1/team-models/{nominated_id}"),
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::OK, None),
                Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
                _ => (StatusCode::CONFLICT, Some("forbidden_edit")),
            }), ok)
            .body(json!({ "evidence": "Thêm minh chứng" }))
            .if_match(etag(&nominated)),
        Case::new(Method::POST, "/api/v1/team-models/{id}/transitions", format!("/api/v1/team-models/{evaluating_id}/transitions"),
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::OK, None),
                Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
                _ => (StatusCode::CONFLICT, Some("transition_not_allowed")),
            }), ok)
            .body(json!({ "to": "needs_evidence", "note": "Thiếu số liệu" }))
            .if_match(etag(&evaluating)),
        Case::new(Method::GET, "/api/v1/team-models/{id}/timeline", format!("/api/v1/team-models/{nominated_id}/timeline"), reach, ok),
        Case::new(Method::GET, "/api/v1/team-models/{id}/evaluations", format!("/api/v1/team-models/{evaluating_id}/evaluations"), reach, ok),
        Case::new(Method::POST, "/api/v1/team-models/{id}/evaluations", format!("/api/v1/team-models/{}/evaluations", id(&scored)),
            Act(TeamModelsEvaluate), created)
            .body(rubric(5)),
        Case::new(Method::PATCH, "/api/v1/model-evaluations/{id}", format!("/api/v1/model-evaluations/{}", id(&evaluation)),
            // The evaluation is the bootstrap administrator's, not the caller's.
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::CONFLICT, Some("not_yours")),
                _ => (StatusCode::FORBIDDEN, Some("forbidden")),
            }), ok)
            .body(rubric(2))
            .if_match(etag(&evaluation)),
        Case::new(Method::GET, "/api/v1/team-models/{id}/adoptions", adoptions.clone(), reach, ok),
        Case::new(Method::POST, "/api/v1/team-models/{id}/adoptions", adoptions, Act(TeamModelsEvaluate), created).body(json!({
            "new_team": { "name": format!("Tổ nhân rộng {tag}"), "kind_id": shared.kind, "area_id": shared.commune, "founded_on": "2021-10-01" },
            "adopted_on": "2021-10-15"
        })),
        Case::new(Method::GET, "/api/v1/model-adoptions/{id}/comparison", format!("/api/v1/model-adoptions/{adoption}/comparison"), reach, ok),
        Case::new(Method::GET, "/api/v1/attachments", attachments.clone(), reach, ok),
        Case::new(Method::POST, "/api/v1/attachments", attachments,
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::CREATED, None),
                Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
                _ => (StatusCode::FORBIDDEN, Some("forbidden")),
            }), created)
            .file(crate::attachments::png(20, 20, tag.len() as u8)),
        Case::new(Method::GET, "/api/v1/attachments/{id}", photo_path(""), reach, ok),
        Case::new(Method::GET, "/api/v1/attachments/{id}/content", photo_path("/content"), reach, ok),
        Case::new(Method::GET, "/api/v1/attachments/{id}/thumbnail", photo_path("/thumbnail"), reach, ok),
        Case::new(Method::DELETE, "/api/v1/attachments/{id}", format!("/api/v1/attachments/{}", id(&doomed)),
            Per(|role| match role {
                Role::Admin | Role::Office => (StatusCode::NO_CONTENT, None),
                Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
                _ => (StatusCode::FORBIDDEN, Some("forbidden")),
            }), StatusCode::NO_CONTENT)
            .if_match(etag(&doomed)),
    ]
}
