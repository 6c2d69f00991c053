//! Who may call what, and which rows they see: the role × endpoint matrix checked
//! against the permission table of `danvan_domain::permission`, and scope filtering
//! of users and areas.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod matrix_aid;
mod matrix_beneficiaries;
mod matrix_distributions;
mod matrix_reports;
mod matrix_teams;
mod matrix_work;
mod policy_rules;

use crate::support::{TestApp, ADMIN_PASSWORD, PASSWORD};
use danvan_client::Client;
use danvan_domain::{
    area::{AreaGroup, AreaGroupKind, CreateAreaGroup, Layout},
    org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind},
    permission::{self, Action},
    problem::Problem,
    role::Role,
    user::{CreateUser, User},
};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What an endpoint asks of its caller.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// Any logged-in user.
    Login,
    /// The role must allow the action, else 403 `forbidden`.
    Action(Action),
    /// The role must allow the action, else 404 `not_found`: the record's existence is
    /// not revealed to those who may not see it.
    Visible(Action),
    /// Only these roles succeed here, else 403 `forbidden`: the rule also asks for the
    /// caller's place on the record (say, head of this working group), which no role
    /// user of the matrix has.
    Roles(&'static [Role]),
    /// Only these roles reach the record, else 404 `not_found`: the record lies outside
    /// the others' reach (`danvan_domain::policy::work_reach`).
    Reaches(&'static [Role]),
    /// The answer each role gets, where the role, the caller's reach and the record's
    /// state all take part (a regional office without provinces, a model's evaluator).
    Per(fn(Role) -> (StatusCode, Option<&'static str>)),
}

/// One request of the matrix: a fully valid request, so that only the role decides.
struct Case {
    method: Method,
    /// The path as the OpenAPI document names it.
    template: &'static str,
    path: String,
    body: Option<Value>,
    /// A file sent as the `file` field of a multipart form, instead of a JSON body.
    file: Option<Vec<u8>>,
    if_match: Option<String>,
    need: Need,
    success: StatusCode,
}

impl Case {
    fn new(method: Method, template: &'static str, path: impl Into<String>, need: Need, success: StatusCode) -> Case {
        Case { method, template, path: path.into(), body: None, file: None, if_match: None, need, success }
    }

    fn body(mut self, body: Value) -> Case {
        self.body = Some(body);
        self
    }

    fn file(mut self, bytes: Vec<u8>) -> Case {
        self.file = Some(bytes);
        self
    }

    fn if_match(mut self, etag: String) -> Case {
        self.if_match = Some(etag);
        self
    }

    fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The status (and problem code) the permission table predicts for `role`.
fn expected(role: Role, need: Need, success: StatusCode) -> (StatusCode, Option<&'static str>) {
    match need {
        Need::Login => (success, None),
        Need::Action(action) if permission::allows(role, action) => (success, None),
        Need::Action(_) => (StatusCode::FORBIDDEN, Some("forbidden")),
        Need::Visible(action) if permission::allows(role, action) => (success, None),
        Need::Visible(_) => (StatusCode::NOT_FOUND, Some("not_found")),
        Need::Roles(roles) if roles.contains(&role) => (success, None),
        Need::Roles(_) => (StatusCode::FORBIDDEN, Some("forbidden")),
        Need::Reaches(roles) if roles.contains(&role) => (success, None),
        Need::Reaches(_) => (StatusCode::NOT_FOUND, Some("not_found")),
        Need::Per(answer) => answer(role),
    }
}

/// Sends a case; the status and, for errors, the problem code.
async fn send(client: &Client, case: &Case) -> (StatusCode, Option<String>) {
    let mut request = client.request(case.method.clone(), &case.path);
    if let Some(body) = &case.body {
        request = request.json(body);
    }
    if let Some(bytes) = &case.file {
        let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name("anh.png");
        request = request.multipart(reqwest::multipart::Form::new().part("file", part));
    }
    if let Some(etag) = &case.if_match {
        request = request.header(header::IF_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let code = (!status.is_success()).then(|| {
        serde_json::from_str::<Problem>(&text).map(|p| p.code).unwrap_or_else(|_| format!("<no problem body: {text}>"))
    });
    (status, code)
}

async fn org_unit(app: &TestApp, code: &str, parent_id: Option<Uuid>) -> OrgUnit {
    let request =
        CreateOrgUnit {
            parent_id, code: code.into(), name: format!("Đơn vị {code}"), kind: OrgUnitKind::Department
        };
    app.admin.create_org_unit(&request, None).await.unwrap()
}

async fn area_group(app: &TestApp, code: &str, province_ids: Vec<Uuid>) -> AreaGroup {
    let request = CreateAreaGroup {
        code: code.into(),
        name: format!("Nhóm {code}"),
        kind: AreaGroupKind::Custom,
        layout: Layout::L2025,
        province_ids,
    };
    app.admin.create_area_group(&request, None).await.unwrap()
}

/// What every role's run of the matrix shares.
struct Shared {
    /// The org unit every role user belongs to.
    unit: OrgUnit,
    /// A member of `unit`, whom the roles read, change and reset.
    peer: User,
    /// A 2025 province.
    province: danvan_domain::area::Area,
    group: AreaGroup,
    work: matrix_work::WorkShared,
    teams: matrix_teams::TeamsShared,
    aid: matrix_aid::AidShared,
    beneficiaries: matrix_beneficiaries::BeneficiariesShared,
}

/// Every protected endpoint, as a fully valid request for a caller with `own_id`; fresh
/// records to change and delete are made for each run (`tag` keeps them apart).
/// `POST /me/password` comes last: it ends the caller's sessions.
async fn protected_cases(
    app: &TestApp,
    shared: &Shared,
    tag: &str,
    own_id: Uuid,
    caller: Option<&Client>,
) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Login, Visible};
    let (ok, created, gone) = (StatusCode::OK, StatusCode::CREATED, StatusCode::NO_CONTENT);
    let patch_unit = org_unit(app, &format!("PU-{tag}"), None).await;
    let delete_unit = org_unit(app, &format!("DU-{tag}"), None).await;
    let patch_group = area_group(app, &format!("PG-{tag}"), vec![shared.province.id]).await;
    let delete_group = area_group(app, &format!("DG-{tag}"), vec![shared.province.id]).await;
    let peer_etag = app.admin.get_user(shared.peer.id).await.unwrap().etag;
    let patch_unit_etag = app.admin.get_org_unit(patch_unit.id).await.unwrap().etag;
    let delete_unit_etag = app.admin.get_org_unit(delete_unit.id).await.unwrap().etag;
    let patch_group_etag = app.admin.get_area_group(patch_group.id).await.unwrap().etag;
    let delete_group_etag = app.admin.get_area_group(delete_group.id).await.unwrap().etag;
    let (peer, unit, province, group) = (shared.peer.id, shared.unit.id, &shared.province, shared.group.id);
    let work = matrix_work::work_cases(app, shared, &shared.work, tag, own_id, caller).await;
    let mut cases = vec![
        Case::new(Method::GET, "/api/v1/me", "/api/v1/me", Login, ok),
        Case::new(Method::GET, "/api/v1/users", "/api/v1/users", Act(UsersRead), ok),
        Case::new(Method::POST, "/api/v1/users", "/api/v1/users", Act(UsersManage), created).body(json!({
            "username": format!("new.{tag}"),
            "display_name": format!("Tài khoản mới {tag}"),
            "role": "member",
            "password": PASSWORD,
        })),
        Case::new(Method::GET, "/api/v1/users/{id}", format!("/api/v1/users/{own_id}"), Login, ok),
        Case::new(Method::GET, "/api/v1/users/{id}", format!("/api/v1/users/{peer}"), Visible(UsersRead), ok),
        Case::new(Method::PATCH, "/api/v1/users/{id}", format!("/api/v1/users/{peer}"), Act(UsersManage), ok)
            .body(json!({ "display_name": format!("Đồng nghiệp ({tag})") }))
            .if_match(peer_etag),
        Case::new(
            Method::POST,
            "/api/v1/users/{id}/password",
            format!("/api/v1/users/{peer}/password"),
            Act(UsersManage),
            gone,
        )
        .body(json!({ "new_password": format!("peer-password-{tag}") })),
        Case::new(Method::GET, "/api/v1/org-units", "/api/v1/org-units", Act(OrgUnitsRead), ok),
        Case::new(Method::POST, "/api/v1/org-units", "/api/v1/org-units", Act(OrgUnitsManage), created).body(json!({
            "code": format!("NU-{tag}"),
            "name": format!("Đơn vị mới {tag}"),
            "kind": "department",
        })),
        Case::new(Method::GET, "/api/v1/org-units/{id}", format!("/api/v1/org-units/{unit}"), Act(OrgUnitsRead), ok),
        Case::new(
            Method::PATCH,
            "/api/v1/org-units/{id}",
            format!("/api/v1/org-units/{}", patch_unit.id),
            Act(OrgUnitsManage),
            ok,
        )
        .body(json!({ "name": format!("Đã đổi tên ({tag})") }))
        .if_match(patch_unit_etag),
        Case::new(
            Method::DELETE,
            "/api/v1/org-units/{id}",
            format!("/api/v1/org-units/{}", delete_unit.id),
            Act(OrgUnitsManage),
            gone,
        )
        .if_match(delete_unit_etag),
        Case::new(Method::GET, "/api/v1/areas", "/api/v1/areas?layout=2025&level=province", Act(AreasRead), ok),
        Case::new(Method::GET, "/api/v1/areas/tree", "/api/v1/areas/tree?layout=2025&depth=1", Act(AreasRead), ok),
        Case::new(Method::GET, "/api/v1/areas/counts", "/api/v1/areas/counts", Act(AreasRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/areas/by-code/{layout}/{code}",
            format!("/api/v1/areas/by-code/2025/{}", province.code),
            Act(AreasRead),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/areas/{id}", format!("/api/v1/areas/{}", province.id), Act(AreasRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/areas/{id}/children",
            format!("/api/v1/areas/{}/children", province.id),
            Act(AreasRead),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/area-groups", "/api/v1/area-groups", Act(AreasRead), ok),
        Case::new(Method::POST, "/api/v1/area-groups", "/api/v1/area-groups", Act(AreaGroupsManage), created).body(
            json!({
                "code": format!("NG-{tag}"),
                "name": format!("Nhóm mới {tag}"),
                "kind": "custom",
                "layout": "2025",
                "province_ids": [province.id],
            }),
        ),
        Case::new(Method::GET, "/api/v1/area-groups/{id}", format!("/api/v1/area-groups/{group}"), Act(AreasRead), ok),
        Case::new(
            Method::PATCH,
            "/api/v1/area-groups/{id}",
            format!("/api/v1/area-groups/{}", patch_group.id),
            Act(AreaGroupsManage),
            ok,
        )
        .body(json!({ "name": format!("Nhóm đã đổi tên ({tag})") }))
        .if_match(patch_group_etag),
        Case::new(
            Method::DELETE,
            "/api/v1/area-groups/{id}",
            format!("/api/v1/area-groups/{}", delete_group.id),
            Act(AreaGroupsManage),
            gone,
        )
        .if_match(delete_group_etag),
        Case::new(Method::GET, "/api/v1/audit", "/api/v1/audit", Act(AuditRead), ok),
    ];
    cases.extend(work);
    cases.extend(matrix_teams::team_cases(app, &shared.teams, tag).await);
    cases.extend(matrix_aid::aid_cases(app, &shared.aid, tag).await);
    cases.extend(matrix_beneficiaries::beneficiary_cases(app, &shared.beneficiaries, tag).await);
    cases.extend(matrix_distributions::distribution_cases(app, tag).await);
    cases.extend(matrix_reports::report_cases(app, tag, caller).await);
    cases.push(Case::new(Method::POST, "/api/v1/me/password", "/api/v1/me/password", Login, gone).body(json!({
        "current_password": PASSWORD,
        "new_password": format!("changed-password-{tag}"),
    })));
    cases
}

/// `(METHOD, path)` of every operation in the served OpenAPI document.
async fn documented_operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let document: Value =
        app.anonymous.request(Method::GET, "/api/v1/openapi.json").send().await.unwrap().json().await.unwrap();
    let paths = document["paths"].as_object().expect("the OpenAPI document has paths");
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

both_backends! {
    async fn every_role_gets_exactly_what_the_permission_table_allows_on_every_endpoint(app) {
        let unit = org_unit(&app, "MATRIX", None).await;
        let (peer, _) = app.user("matrix.peer", Role::Member, Some(unit.id)).await;
        let province = app.admin.list_areas(&[("layout", "2025"), ("level", "province"), ("limit", "1")]).await.unwrap().items.remove(0);
        let group = area_group(&app, "MATRIX-G", vec![province.id]).await;
        let mut shared = Shared { unit, peer, province, group, work: matrix_work::WorkShared::default(), teams: matrix_teams::teams_shared(&app).await, aid: matrix_aid::aid_shared(&app).await, beneficiaries: matrix_beneficiaries::beneficiaries_shared(&app).await };
        shared.work = matrix_work::work_shared(&app, &shared).await;
        let mut covered: BTreeSet<(String, String)> = BTreeSet::new();
        let mut failures: Vec<String> = Vec::new();

        // Without a token every protected endpoint is 401.
        for case in protected_cases(&app, &shared, "anon", app.admin_user.id, None).await {
            covered.insert((case.method.to_string(), case.template.to_owned()));
            let (status, code) = send(&app.anonymous, &case).await;
            if status != StatusCode::UNAUTHORIZED || code.as_deref() != Some("unauthorized") {
                failures.push(format!("anonymous: {} → {status} {code:?}, expected 401 unauthorized", case.label()));
            }
        }

        // Every role, every protected endpoint.
        for role in Role::ALL {
            let tag = role.as_str().replace('_', "-");
            let (user, client) = app.user(&format!("r.{tag}"), role, Some(shared.unit.id)).await;
            let me = client.me().await.unwrap();
            assert_eq!(me.permissions, permission::actions_of(role), "{role}: GET /me lists the role's actions");
            for case in protected_cases(&app, &shared, &tag, user.id, Some(&client)).await {
                let (status, code) = send(&client, &case).await;
                let (want_status, want_code) = expected(role, case.need, case.success);
                if status != want_status || code.as_deref() != want_code {
                    failures.push(format!(
                        "{role}: {} → {status} {code:?}, expected {want_status} {want_code:?} ({:?})",
                        case.label(),
                        case.need
                    ));
                }
            }
            // The last case changed the password, which ends the caller's sessions.
            let after = client.me().await.unwrap_err();
            assert_eq!(after.status(), Some(StatusCode::UNAUTHORIZED.as_u16()), "{role}: the token outlived its password change");
        }

        // The public endpoints need no token.
        let public = |method: &str, path: &str| (method.to_owned(), path.to_owned());
        for path in ["/healthz", "/readyz"] {
            let response = app.anonymous.request(Method::GET, path).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "GET {path}");
            covered.insert(public("GET", path));
        }
        let login = app.anonymous.request(Method::POST, "/api/v1/auth/login").json(&json!({ "username": "admin", "password": ADMIN_PASSWORD })).send().await.unwrap();
        assert_eq!(login.status(), StatusCode::OK, "POST /api/v1/auth/login");
        let pair: Value = login.json().await.unwrap();
        covered.insert(public("POST", "/api/v1/auth/login"));
        let refresh = app.anonymous.request(Method::POST, "/api/v1/auth/refresh").json(&json!({ "refresh_token": pair["refresh_token"] })).send().await.unwrap();
        assert_eq!(refresh.status(), StatusCode::OK, "POST /api/v1/auth/refresh");
        let pair: Value = refresh.json().await.unwrap();
        covered.insert(public("POST", "/api/v1/auth/refresh"));
        let logout = app.anonymous.request(Method::POST, "/api/v1/auth/logout").json(&json!({ "refresh_token": pair["refresh_token"] })).send().await.unwrap();
        assert_eq!(logout.status(), StatusCode::NO_CONTENT, "POST /api/v1/auth/logout");
        covered.insert(public("POST", "/api/v1/auth/logout"));
        // The web app's session, with its refresh token in a cookie.
        let web = ("X-Requested-With", "danvan-web");
        let login = app.anonymous.request(Method::POST, "/api/v1/auth/web/login").header(web.0, web.1).json(&json!({ "username": "admin", "password": ADMIN_PASSWORD })).send().await.unwrap();
        assert_eq!(login.status(), StatusCode::OK, "POST /api/v1/auth/web/login");
        let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        covered.insert(public("POST", "/api/v1/auth/web/login"));
        for (path, status) in [("/api/v1/auth/web/refresh", StatusCode::OK), ("/api/v1/auth/web/logout", StatusCode::NO_CONTENT)] {
            let answer = app.anonymous.request(Method::POST, path).header(web.0, web.1).header("Cookie", &cookie).send().await.unwrap();
            let cookie_now = answer.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
            assert_eq!(answer.status(), status, "POST {path}");
            covered.insert(public("POST", path));
            if path.ends_with("refresh") {
                assert_ne!(cookie_now, cookie);
            }
        }

        // The public figures of aid need no token (tests/api/transparency.rs checks what they say).
        let list = app.anonymous.request(Method::GET, "/api/v1/public/aid/campaigns").send().await.unwrap();
        assert_eq!(list.status(), StatusCode::OK, "GET /api/v1/public/aid/campaigns");
        covered.insert(public("GET", "/api/v1/public/aid/campaigns"));
        let list: Value = list.json().await.unwrap();
        let campaign = list["campaigns"][0]["id"].as_str().expect("the matrix's campaign is open").to_owned();
        let report = app.anonymous.request(Method::GET, &format!("/api/v1/public/aid/campaigns/{campaign}")).send().await.unwrap();
        assert_eq!(report.status(), StatusCode::OK, "GET /api/v1/public/aid/campaigns/{{id}}");
        covered.insert(public("GET", "/api/v1/public/aid/campaigns/{id}"));

        assert!(failures.is_empty(), "the server and the permission table disagree:\n{}", failures.join("\n"));
        // The matrix covers every documented endpoint, so a new one cannot slip past it.
        let documented = documented_operations(&app).await;
        let missing: Vec<_> = documented.difference(&covered).collect();
        let unknown: Vec<_> = covered.difference(&documented).collect();
        assert!(missing.is_empty() && unknown.is_empty(), "not in the matrix: {missing:?}; not documented: {unknown:?}");
        assert_eq!(covered.len(), 208, "206 API operations and the two health checks");
    }

    async fn unit_officers_see_only_users_of_their_unit_and_its_sub_units(app) {
        let a = org_unit(&app, "SCOPE-A", None).await;
        let a1 = org_unit(&app, "SCOPE-A1", Some(a.id)).await;
        let a11 = org_unit(&app, "SCOPE-A11", Some(a1.id)).await;
        let b = org_unit(&app, "SCOPE-B", None).await;
        let (officer, officer_client) = app.user("officer.a", Role::UnitOfficer, Some(a.id)).await;
        let (in_a, _) = app.user("member.a", Role::Member, Some(a.id)).await;
        let (in_a1, _) = app.user("member.a1", Role::Member, Some(a1.id)).await;
        let (in_a11, _) = app.user("viewer.a11", Role::Viewer, Some(a11.id)).await;
        let (in_b, _) = app.user("member.b", Role::Member, Some(b.id)).await;
        let (_nowhere, _) = app.user("member.none", Role::Member, None).await;

        let listed: BTreeSet<String> = officer_client.list_users(&[("limit", "200")]).await.unwrap().items.into_iter().map(|u| u.username).collect();
        let expected: BTreeSet<String> = [&officer, &in_a, &in_a1, &in_a11].iter().map(|u| u.username.clone()).collect();
        assert_eq!(listed, expected);

        // The admin sees them all, so the officer's list is a real restriction.
        let everyone = app.admin.list_users(&[("limit", "200")]).await.unwrap().items;
        assert!(everyone.iter().any(|u| u.id == in_b.id) && everyone.iter().any(|u| u.id == app.admin_user.id));

        for visible in [&officer, &in_a, &in_a1, &in_a11] {
            let found = officer_client.get_user(visible.id).await.unwrap();
            assert_eq!(found.value.id, visible.id);
        }
        for hidden in [&in_b, &app.admin_user] {
            let error = officer_client.get_user(hidden.id).await.unwrap_err();
            assert_eq!(error.status(), Some(StatusCode::NOT_FOUND.as_u16()), "{}", hidden.username);
            assert_eq!(error.code(), Some("not_found"));
        }
        // Filtering by the other unit does not get around the scope.
        let b_id = b.id.to_string();
        let filtered = officer_client.list_users(&[("org_unit_id", b_id.as_str())]).await.unwrap();
        assert!(filtered.items.is_empty(), "{:?}", filtered.items);
    }

    async fn regional_office_scope_is_its_area_group_and_admin_scope_is_everything(app) {
        let groups = app.admin.list_area_groups(&[("layout", "2025"), ("limit", "200")]).await.unwrap().items;
        let t78 = groups.into_iter().find(|g| g.code == "T78-2025").expect("the T78-2025 area group is loaded");
        assert!(!t78.province_ids.is_empty());
        let request = CreateUser {
            username: "regional.t78".into(),
            display_name: "Cán bộ T78".into(),
            email: None,
            role: Role::RegionalOffice,
            org_unit_id: None,
            password: PASSWORD.into(),
            scope_area_ids: Vec::new(),
            scope_area_group_ids: vec![t78.id],
        };
        app.admin.create_user(&request, None).await.unwrap();
        let regional = app.login("regional.t78", PASSWORD).await;
        let group_provinces: BTreeSet<Uuid> = t78.province_ids.iter().copied().collect();

        let me = regional.me().await.unwrap();
        assert!(!me.scope.all_areas);
        assert_eq!(me.scope.province_ids.iter().copied().collect::<BTreeSet<Uuid>>(), group_provinces);
        assert_eq!(me.scope.province_ids.len(), group_provinces.len(), "no province listed twice");

        let in_scope_query = [("in_scope", "true"), ("level", "province"), ("layout", "2025"), ("limit", "200")];
        let in_scope: BTreeSet<Uuid> = regional.list_areas(&in_scope_query).await.unwrap().items.into_iter().map(|a| a.id).collect();
        assert_eq!(in_scope, group_provinces);
        let all_provinces = regional.list_areas(&[("level", "province"), ("layout", "2025"), ("limit", "200")]).await.unwrap().items;
        assert_eq!(all_provinces.len(), 34, "without in_scope every province is listed");
        assert!(group_provinces.len() < 34);

        // A regional office without a configured scope sees no area at all.
        let (_, unscoped) = app.user("regional.none", Role::RegionalOffice, None).await;
        let me = unscoped.me().await.unwrap();
        assert!(!me.scope.all_areas);
        assert!(me.scope.province_ids.is_empty());
        let none = unscoped.list_areas(&in_scope_query).await.unwrap().items;
        assert!(none.is_empty(), "{} provinces in an empty scope", none.len());

        // The admin's scope is every area.
        let me = app.admin.me().await.unwrap();
        assert!(me.scope.all_areas);
        let everything = app.admin.list_areas(&in_scope_query).await.unwrap().items;
        assert_eq!(everything.len(), 34);
    }

    async fn members_and_viewers_cannot_list_users_but_read_their_own_record(app) {
        for (username, role) in [("only.member", Role::Member), ("only.viewer", Role::Viewer)] {
            let (user, client) = app.user(username, role, None).await;
            let error = client.list_users(&[]).await.unwrap_err();
            assert_eq!(error.status(), Some(StatusCode::FORBIDDEN.as_u16()), "{role}");
            assert_eq!(error.code(), Some("forbidden"), "{role}");
            let own = client.get_user(user.id).await.unwrap();
            assert_eq!(own.value.username, username);
            assert_eq!(own.value.role, role);
            assert_eq!(own.etag, format!("\"{}\"", own.value.version));
            let other = client.get_user(app.admin_user.id).await.unwrap_err();
            assert_eq!(other.status(), Some(StatusCode::NOT_FOUND.as_u16()), "{role} reading another account");
        }
    }
}
