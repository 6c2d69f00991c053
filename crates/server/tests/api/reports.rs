//! Reports over HTTP on both databases: obligations derived from the assignment matrix as
//! of the period (a member who joined mid-period, an assignment changed mid-period);
//! submitting, sending back, resubmitting and approving, which locks; reminders once per
//! obligation and day; urgent reports; the consolidated figures as the sum of the approved
//! submissions only; sign-off numbering under concurrency; the DOCX and PDF read back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{refused, TestApp};
use chrono::{Duration, NaiveDate};
use danvan_client::Client;
use danvan_domain::{
    area::Layout,
    assignment::{ChangeAssignment, CreateAssignment},
    catalog::CreateCatalogEntry,
    notification::NotificationKind,
    report::{
        Breakdown, CreateConsolidatedReport, CreateReportSubmission, CreateReportTemplate, FigureValue, Indicator,
        NarrativeAnswer, ObligationState, PeriodType, Question, ReportPeriod, ReportSection, ReportSubmission,
        ReporterSource, SubmissionStatus, SubmissionTransition, UpdateConsolidatedReport, UpdateReportSubmission,
    },
    role::Role,
    working_group::{AddMember, CreateWorkingGroup, MemberPosition},
};
use reqwest::StatusCode;
use uuid::Uuid;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    danvan_domain::calendar::today(chrono::Utc::now())
}

fn monthly(code: &str, due_day: i32) -> CreateReportTemplate {
    CreateReportTemplate {
        code: code.into(),
        name: format!("Báo cáo tháng {code}"),
        period_type: PeriodType::Monthly,
        due_day,
        grace_days: 2,
        reporters: vec![ReporterSource::Members],
        indicators: vec![
            Indicator {
                key: "meetings".into(),
                label: "Buổi tuyên truyền".into(),
                unit: "buổi".into(),
                breakdown: Breakdown::None,
            },
            Indicator {
                key: "people".into(),
                label: "Người được vận động".into(),
                unit: "người".into(),
                breakdown: Breakdown::TargetGroup,
            },
        ],
        questions: vec![
            Question { key: "results".into(), prompt: "Kết quả nổi bật".into(), required: true },
            Question { key: "proposals".into(), prompt: "Kiến nghị, đề xuất".into(), required: false },
        ],
    }
}

/// A working group, target groups and members with assignments; the admin manages them.
struct Matrix {
    group: Uuid,
    target_groups: Vec<Uuid>,
    hanoi: Uuid,
}

async fn matrix(app: &TestApp) -> Matrix {
    let plan = app
        .admin
        .create_plan(
            &danvan_domain::plan::CreatePlan {
                number: "16-KH/BDVTW".into(),
                title: "Kế hoạch".into(),
                issuing_body: "Ban Dân vận Trung ương".into(),
                issued_on: day("2021-09-13"),
                basis: Vec::new(),
                status: None,
            },
            None,
        )
        .await
        .unwrap();
    let group = app
        .admin
        .create_working_group(
            &CreateWorkingGroup { name: "Tổ công tác".into(), plan_id: plan.id, standing_unit_id: None },
            None,
        )
        .await
        .unwrap();
    let mut target_groups = Vec::new();
    for code in ["test_workers", "test_youth"] {
        let entry = CreateCatalogEntry {
            code: code.into(),
            name_vi: format!("Nhóm {code}"),
            name_en: code.into(),
            position: None,
        };
        target_groups.push(app.admin.create_target_group(&entry, None).await.unwrap().id);
    }
    let hanoi = app.admin.area_by_code(Layout::L2021, "01").await.unwrap().id;
    Matrix { group: group.id, target_groups, hanoi }
}

/// A member on the roster from `from`, assigned the target groups from `from` to `to`.
async fn member(
    app: &TestApp,
    m: &Matrix,
    username: &str,
    groups: &[Uuid],
    from: &str,
    to: Option<&str>,
) -> (Uuid, Client) {
    let (user, client) = app.user(username, Role::Member, None).await;
    let join = AddMember { user_id: user.id, position: MemberPosition::Member, joined_on: Some(day(from)) };
    app.admin.add_member(m.group, &join, None).await.unwrap();
    let assignment = CreateAssignment {
        user_id: user.id,
        target_group_ids: groups.to_vec(),
        field_ids: Vec::new(),
        area_ids: vec![m.hanoi],
        area_group_ids: Vec::new(),
        valid_from: Some(day(from)),
        valid_to: to.map(day),
        note: String::new(),
    };
    app.admin.create_assignment(m.group, &assignment, None).await.unwrap();
    (user.id, client)
}

fn start(template: Uuid, period: &str, figures: Vec<FigureValue>) -> CreateReportSubmission {
    CreateReportSubmission {
        template_id: template,
        period: Some(period.into()),
        urgent: false,
        title: String::new(),
        figures,
        narratives: vec![NarrativeAnswer {
            question: "results".into(),
            text: "Đã tổ chức tuyên truyền tại cơ sở.".into(),
        }],
    }
}

fn figure(indicator: &str, item: Option<Uuid>, value: i64) -> FigureValue {
    FigureValue { indicator: indicator.into(), item_id: item, value }
}

async fn transition(
    client: &Client,
    id: Uuid,
    to: SubmissionStatus,
    comment: &str,
) -> Result<ReportSubmission, danvan_client::ClientError> {
    let etag = client.get_report_submission(id).await?.etag;
    Ok(client
        .transition_report_submission(id, &etag, &SubmissionTransition { to, comment: comment.into() })
        .await?
        .value)
}

async fn kinds(client: &Client) -> Vec<NotificationKind> {
    client.list_notifications(&[("limit", "100")]).await.unwrap().items.into_iter().map(|n| n.kind).collect()
}

both_backends! {
    async fn obligations_follow_the_assignment_matrix_as_of_the_period(app) {
        let m = matrix(&app).await;
        let template = app.admin.create_report_template(&monthly("BC-THANG", 5), None).await.unwrap();
        let (all_month, all_client) = member(&app, &m, "ca.thang", &m.target_groups[..1], "2026-09-01", None).await;
        let (joined, _) = member(&app, &m, "moi.vao", &m.target_groups[..1], "2026-10-16", None).await;
        let (_, _) = member(&app, &m, "da.nghi", &m.target_groups[..1], "2026-08-01", Some("2026-09-30")).await;
        let (changed, _) = member(&app, &m, "doi.viec", &m.target_groups[..1], "2026-09-01", None).await;
        let row = app.admin.list_assignments(m.group, Some(day("2026-10-01"))).await.unwrap()
            .into_iter().find(|row| row.user_id == changed).unwrap();
        let etag = app.admin.get_assignment(row.id).await.unwrap().etag;
        let change = ChangeAssignment {
            target_group_ids: Some(vec![m.target_groups[1]]),
            effective_from: Some(day("2026-10-10")),
            ..Default::default()
        };
        app.admin.change_assignment(row.id, &etag, &change).await.unwrap();

        let october = app.admin.list_report_obligations(template.id, &[("period", "2026-10")]).await.unwrap();
        let reporters: Vec<Uuid> = october.iter().map(|o| o.reporter.id).collect();
        assert_eq!(october.len(), 3, "{reporters:?}");
        assert!(reporters.contains(&all_month) && reporters.contains(&joined) && reporters.contains(&changed));
        let of = |id: Uuid| october.iter().find(|o| o.reporter.id == id).unwrap();
        assert_eq!((of(all_month).basis.covered_from, of(all_month).basis.covered_to), (day("2026-10-01"), day("2026-10-31")));
        assert_eq!(of(joined).basis.covered_from, day("2026-10-16"), "owed from the day they joined");
        let changed_groups: Vec<Uuid> = of(changed).basis.target_groups.iter().map(|g| g.id).collect();
        assert_eq!(changed_groups.len(), 2, "both assignments of the month count");
        assert!(october.iter().all(|o| o.state == ObligationState::Late && o.due_on == day("2026-11-05")));
        assert!(october.iter().all(|o| o.late_after == day("2026-11-07")));

        // September: the one who left at its end owes it, the one who joined in October does not.
        let september = app.admin.list_report_obligations(template.id, &[("period", "2026-09")]).await.unwrap();
        assert_eq!(september.len(), 3);
        assert!(!september.iter().any(|o| o.reporter.id == joined));

        // A member sees their own obligation only; bad periods are refused.
        let own = all_client.list_report_obligations(template.id, &[("period", "2026-10")]).await.unwrap();
        assert_eq!(own.iter().map(|o| o.reporter.id).collect::<Vec<_>>(), [all_month]);
        refused(app.admin.list_report_obligations(template.id, &[("period", "2026-13")]).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        refused(all_client.report_timeliness(template.id, &[]).await, StatusCode::FORBIDDEN, "forbidden");
    }

    async fn a_report_is_sent_back_fixed_resubmitted_and_approval_locks_it(app) {
        let m = matrix(&app).await;
        let template = app.admin.create_report_template(&monthly("BC-THANG", 5), None).await.unwrap();
        let (_, reporter) = member(&app, &m, "bao.cao", &m.target_groups[..1], "2026-09-01", None).await;
        let (_, standing) = app.user("thuong.truc", Role::StandingUnit, None).await;
        let (_, other) = member(&app, &m, "nguoi.khac", &m.target_groups[1..], "2026-09-01", None).await;

        // Figures fit the template and what the reporter covers.
        let foreign = start(template.id, "2026-10", vec![figure("people", Some(m.target_groups[1]), 5)]);
        let fields = refused(reporter.create_report_submission(&foreign, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, [("figures[0].item_id".to_owned(), "not_covered".to_owned())]);
        let body = start(template.id, "2026-10", vec![figure("meetings", None, 4), figure("people", Some(m.target_groups[0]), 120)]);
        let draft = reporter.create_report_submission(&body, Some("start-1")).await.unwrap();
        assert_eq!(reporter.create_report_submission(&body, Some("start-1")).await.unwrap().id, draft.id, "a retried start is one report");
        refused(reporter.create_report_submission(&body, None).await, StatusCode::CONFLICT, "already_started");
        assert_eq!(draft.status, SubmissionStatus::Draft);
        assert!(draft.can_edit);
        refused(other.get_report_submission(draft.id).await, StatusCode::NOT_FOUND, "not_found");

        // Saved as it goes, then submitted; the standing unit sends it back with a comment.
        let etag = reporter.get_report_submission(draft.id).await.unwrap().etag;
        let empty = UpdateReportSubmission { narratives: Some(Vec::new()), ..Default::default() };
        reporter.update_report_submission(draft.id, &etag, &empty).await.unwrap();
        let fields = refused(transition(&reporter, draft.id, SubmissionStatus::Submitted, "").await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, [("narratives.results".to_owned(), "required".to_owned())]);
        let etag = reporter.get_report_submission(draft.id).await.unwrap().etag;
        let answered = UpdateReportSubmission { narratives: body.narratives.clone().into(), ..Default::default() };
        reporter.update_report_submission(draft.id, &etag, &answered).await.unwrap();
        let submitted = transition(&reporter, draft.id, SubmissionStatus::Submitted, "").await.unwrap();
        assert!(submitted.submitted_at.is_some() && !submitted.can_edit);
        let etag = reporter.get_report_submission(draft.id).await.unwrap().etag;
        refused(reporter.update_report_submission(draft.id, &etag, &answered).await, StatusCode::CONFLICT, "locked");
        refused(transition(&reporter, draft.id, SubmissionStatus::Approved, "").await, StatusCode::CONFLICT, "transition_not_allowed");
        refused(transition(&standing, draft.id, SubmissionStatus::Returned, "").await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        let queue = standing.list_report_submissions(&[("status", "submitted")]).await.unwrap();
        assert_eq!(queue.items.iter().map(|s| s.id).collect::<Vec<_>>(), [draft.id]);
        let returned = transition(&standing, draft.id, SubmissionStatus::Returned, "Bổ sung số liệu thanh niên").await.unwrap();
        assert_eq!(returned.review_comment, "Bổ sung số liệu thanh niên");
        assert!(kinds(&reporter).await.contains(&NotificationKind::ReportReturned));

        // Fixed and resubmitted; approved, which locks it; only the standing unit reopens.
        let etag = reporter.get_report_submission(draft.id).await.unwrap().etag;
        let fixed = UpdateReportSubmission { figures: Some(vec![figure("people", Some(m.target_groups[0]), 150)]), ..Default::default() };
        reporter.update_report_submission(draft.id, &etag, &fixed).await.unwrap();
        transition(&reporter, draft.id, SubmissionStatus::Submitted, "").await.unwrap();
        let approved = transition(&standing, draft.id, SubmissionStatus::Approved, "").await.unwrap();
        assert_eq!(approved.status, SubmissionStatus::Approved);
        assert_eq!(approved.history.len(), 4);
        assert_eq!(approved.submitted_at, submitted.submitted_at, "timeliness counts from the first submission");
        let etag = reporter.get_report_submission(draft.id).await.unwrap().etag;
        refused(reporter.update_report_submission(draft.id, &etag, &fixed).await, StatusCode::CONFLICT, "locked");
        refused(transition(&reporter, draft.id, SubmissionStatus::Returned, "Xin sửa").await, StatusCode::CONFLICT, "transition_not_allowed");
        let reopened = transition(&standing, draft.id, SubmissionStatus::Returned, "Mở lại để sửa").await.unwrap();
        assert!(reopened.allowed_transitions.is_empty(), "the standing unit waits for the reporter");
        let audit = app.admin.all_audit(&[("entity", "report_submission"), ("entity_id", &draft.id.to_string())]).await.unwrap();
        assert!(audit.iter().any(|entry| entry.action == danvan_domain::audit::AuditAction::Approve));
        assert!(audit.len() >= 8, "every change of the report is audited: {}", audit.len());
    }

    async fn reminders_come_once_per_obligation_and_day(app) {
        let m = matrix(&app).await;
        let last = ReportPeriod::last_ended(PeriodType::Monthly, today());
        // Due tomorrow: a `report_due` reminder today.
        let due_day = i32::try_from((today() + Duration::days(1) - last.end).num_days()).unwrap();
        let template = app.admin.create_report_template(&monthly("BC-NHAC", due_day), None).await.unwrap();
        let from = (last.start - Duration::days(40)).to_string();
        let (_, reporter) = member(&app, &m, "nhac.nho", &m.target_groups[..1], &from, None).await;
        let (_, standing) = app.user("thuong.truc", Role::StandingUnit, None).await;
        let due = |kinds: &[NotificationKind]| kinds.iter().filter(|k| **k == NotificationKind::ReportDue).count();
        let overdue = |kinds: &[NotificationKind]| kinds.iter().filter(|k| **k == NotificationKind::ReportOverdue).count();
        let first = kinds(&reporter).await;
        let again = kinds(&reporter).await;
        assert_eq!((due(&first), due(&again)), (1, 1), "one reminder per obligation and day");
        // The period before is past its grace: an overdue reminder, once today too.
        assert_eq!(overdue(&again), 1, "{again:?}");
        assert_eq!(due(&kinds(&standing).await), 0, "who owes nothing is not reminded");
        let notes = reporter.list_notifications(&[]).await.unwrap().items;
        let reminder = notes.iter().find(|n| n.kind == NotificationKind::ReportDue).unwrap();
        assert_eq!(reminder.report_template.as_ref().map(|t| t.id), Some(template.id));
        assert_eq!(reminder.report_period.as_deref(), Some(last.key.as_str()));
    }

    async fn an_urgent_report_tells_the_group_head_and_the_leadership_at_once(app) {
        let m = matrix(&app).await;
        let (head, head_client) = app.user("to.truong", Role::GroupHead, None).await;
        app.admin.add_member(m.group, &AddMember { user_id: head.id, position: MemberPosition::Head, joined_on: Some(day("2026-01-01")) }, None).await.unwrap();
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let (_, reporter) = member(&app, &m, "khan.cap", &m.target_groups[..1], "2026-09-01", None).await;
        let urgent = CreateReportTemplate {
            code: "BC-DOT-XUAT".into(),
            name: "Báo cáo đột xuất".into(),
            period_type: PeriodType::AdHoc,
            due_day: 0,
            grace_days: 0,
            reporters: Vec::new(),
            indicators: Vec::new(),
            questions: vec![Question { key: "situation".into(), prompt: "Tình hình".into(), required: true }],
        };
        let template = app.admin.create_report_template(&urgent, None).await.unwrap();
        let mut body = CreateReportSubmission {
            template_id: template.id,
            period: None,
            urgent: true,
            title: String::new(),
            figures: Vec::new(),
            narratives: vec![NarrativeAnswer { question: "situation".into(), text: "Phát sinh ổ dịch tại khu trọ.".into() }],
        };
        let fields = refused(reporter.create_report_submission(&body, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, [("title".to_owned(), "required".to_owned())]);
        body.title = "Ổ dịch tại khu trọ công nhân".into();
        let report = reporter.create_report_submission(&body, None).await.unwrap();
        assert_eq!(report.period, today().to_string());
        assert!(!kinds(&leader).await.contains(&NotificationKind::ReportUrgent), "a draft tells no one");
        transition(&reporter, report.id, SubmissionStatus::Submitted, "").await.unwrap();
        assert!(kinds(&leader).await.contains(&NotificationKind::ReportUrgent));
        assert!(kinds(&head_client).await.contains(&NotificationKind::ReportUrgent));
        refused(app.admin.list_report_obligations(template.id, &[]).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    }

    async fn the_consolidated_report_sums_approved_submissions_only_and_is_signed_off(app) {
        let m = matrix(&app).await;
        let template = app.admin.create_report_template(&monthly("BC-THANG", 5), None).await.unwrap();
        let (_, standing) = app.user("thuong.truc", Role::StandingUnit, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let workers = m.target_groups[0];
        let mut submissions = Vec::new();
        for (name, people, approve) in [("an.le", 100, true), ("binh.tran", 50, true), ("cuong.vo", 1000, false)] {
            let (_, client) = member(&app, &m, name, &m.target_groups[..1], "2026-09-01", None).await;
            let body = start(template.id, "2026-10", vec![figure("people", Some(workers), people), figure("meetings", None, 2)]);
            let draft = client.create_report_submission(&body, None).await.unwrap();
            transition(&client, draft.id, SubmissionStatus::Submitted, "").await.unwrap();
            if approve {
                transition(&standing, draft.id, SubmissionStatus::Approved, "").await.unwrap();
            }
            submissions.push(draft.id);
        }
        let request = CreateConsolidatedReport { template_id: template.id, period: "2026-10".into() };
        let report = standing.create_consolidated_report(&request, None).await.unwrap();
        refused(standing.create_consolidated_report(&request, None).await, StatusCode::CONFLICT, "already_consolidated");
        let people = report.figures.iter().find(|f| f.indicator == "people").unwrap();
        assert_eq!(people.total, 150, "the unapproved 1000 is left out");
        let mut sources: Vec<Uuid> = people.sources.iter().map(|s| s.submission_id).collect();
        sources.sort();
        let mut approved = submissions[..2].to_vec();
        approved.sort();
        assert_eq!(sources, approved, "each total names the submissions it sums");
        assert_eq!(report.figures.iter().find(|f| f.indicator == "meetings").unwrap().total, 4);
        assert_eq!((report.approved_count, report.excluded_count), (2, 1));
        assert!(report.sections[0].text.contains("Đã tổ chức tuyên truyền"), "{:?}", report.sections);
        assert_eq!(report.reporters.len(), 3);

        // Edited: each save a revision; the standing unit does not sign off.
        let etag = standing.get_consolidated_report(report.id).await.unwrap().etag;
        let edit = UpdateConsolidatedReport {
            sections: Some(vec![ReportSection { heading: "I. KẾT QUẢ CÔNG TÁC".into(), text: "Các tổ công tác đã vận động 150 công nhân.".into() }]),
            ..Default::default()
        };
        let edited = standing.update_consolidated_report(report.id, &etag, &edit).await.unwrap();
        assert_eq!(edited.value.revision, 2);
        refused(standing.sign_off_consolidated_report(report.id, &edited.etag).await, StatusCode::FORBIDDEN, "forbidden");
        let signed = leader.sign_off_consolidated_report(report.id, &edited.etag).await.unwrap().value;
        assert_eq!(signed.number.as_deref(), Some("1-BC/BDVTW"));
        let etag = standing.get_consolidated_report(report.id).await.unwrap().etag;
        refused(standing.update_consolidated_report(report.id, &etag, &edit).await, StatusCode::CONFLICT, "locked");
        let revisions = standing.list_consolidated_revisions(report.id).await.unwrap();
        assert_eq!(revisions.iter().map(|r| r.revision).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(revisions[0].note, "signed_off");

        // The Party document, read back by real readers.
        let pdf = leader.consolidated_report_document(report.id, "pdf").await.unwrap();
        assert_eq!(pdf.content_type, "application/pdf");
        assert_eq!(pdf.file_name().as_deref(), Some("1-BC-BDVTW.pdf"));
        let (text, _) = crate::aid::read_pdf(&pdf.bytes);
        for expected in [
            "ĐẢNG CỘNG SẢN VIỆT NAM", "BAN DÂN VẬN", "Số 1-BC/BDVTW", "BÁO CÁO", "I. KẾT QUẢ CÔNG TÁC",
            "SỐ LIỆU TỔNG HỢP", "150", "TÌNH HÌNH GỬI BÁO CÁO", "Nơi nhận", "K/T TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "lanh.dao",
        ] {
            assert!(text.contains(expected), "the PDF lacks {expected:?}: {text}");
        }
        let docx = leader.consolidated_report_document(report.id, "docx").await.unwrap();
        let text = docx_text(&docx.bytes);
        for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "1-BC/BDVTW", "I. KẾT QUẢ CÔNG TÁC", "150", "K/T TRƯỞNG BAN"] {
            assert!(text.contains(expected), "the DOCX lacks {expected:?}: {text}");
        }
        let (_, member_client) = app.user("xem.bao.cao", Role::Member, None).await;
        refused(member_client.get_consolidated_report(report.id).await, StatusCode::FORBIDDEN, "forbidden");
    }

    async fn sign_offs_at_once_take_distinct_numbers(app) {
        let (_, standing) = app.user("thuong.truc", Role::StandingUnit, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let mut reports = Vec::new();
        for code in ["BC-A", "BC-B", "BC-C", "BC-D"] {
            let template = app.admin.create_report_template(&monthly(code, 5), None).await.unwrap();
            let request = CreateConsolidatedReport { template_id: template.id, period: "2026-10".into() };
            let report = standing.create_consolidated_report(&request, None).await.unwrap();
            let etag = leader.get_consolidated_report(report.id).await.unwrap().etag;
            reports.push((report.id, etag));
        }
        let signing = reports.iter().map(|(id, etag)| leader.sign_off_consolidated_report(*id, etag));
        let mut numbers: Vec<String> =
            futures_util::future::join_all(signing).await.into_iter().map(|r| r.unwrap().value.number.unwrap()).collect();
        numbers.sort();
        assert_eq!(numbers, ["1-BC/BDVTW", "2-BC/BDVTW", "3-BC/BDVTW", "4-BC/BDVTW"]);
    }
}

/// The text of a DOCX as `docx-rs`'s reader parses it: every run of every paragraph,
/// including those inside tables.
fn docx_text(bytes: &[u8]) -> String {
    let docx = docx_rs::read_docx(bytes).unwrap();
    let json = serde_json::to_value(&docx.document).unwrap();
    let mut texts = Vec::new();
    collect_text(&json, &mut texts);
    texts.join(" ")
}

fn collect_text(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(serde_json::Value::String(kind)), Some(data)) = (map.get("type"), map.get("data")) {
                if kind == "text" {
                    if let Some(text) = data.get("text").and_then(|t| t.as_str()) {
                        into.push(text.to_owned());
                        return;
                    }
                }
            }
            map.values().for_each(|v| collect_text(v, into));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_text(v, into)),
        _ => {}
    }
}
