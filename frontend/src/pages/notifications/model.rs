//! The notifications' pure logic, tested natively: what a notification says, in the
//! reader's language, and the page it opens (its task, or its community team model).

use crate::{
    components::{dates::date, model_status::model_status_label, task_status::status_label},
    i18n::{t, Lang},
    route::Route,
};
use danvan_domain::{
    community_team::ModelStatus,
    notification::{Notification, NotificationKind},
};

/// The catalogue key of what a model waiting in `status` asks of the reader.
fn waiting_key(status: Option<ModelStatus>) -> &'static str {
    match status {
        Some(ModelStatus::Nominated | ModelStatus::Evaluating) => "notifications.model_to_evaluate",
        Some(ModelStatus::AwaitingDecision) => "notifications.model_to_decide",
        Some(ModelStatus::NeedsEvidence) => "notifications.model_needs_evidence",
        _ => "notifications.model_waiting",
    }
}

/// What a notification says, in `lang`.
pub fn notification_text(lang: Lang, notification: &Notification) -> String {
    let key = match notification.kind {
        NotificationKind::Assigned => "notifications.assigned",
        NotificationKind::StatusChanged => "notifications.status_changed",
        NotificationKind::DueTomorrow => "notifications.due_tomorrow",
        NotificationKind::Overdue => "notifications.overdue",
        NotificationKind::ModelWaiting => waiting_key(notification.model_status),
        NotificationKind::ReportDue => "notifications.report_due",
        NotificationKind::ReportOverdue => "notifications.report_overdue",
        NotificationKind::ReportReturned => "notifications.report_returned",
        NotificationKind::ReportUrgent => "notifications.report_urgent",
    };
    let name =
        |named: &Option<danvan_domain::named::NamedRef>| named.as_ref().map_or("—", |n| n.name.as_str()).to_owned();
    let mut text = t(lang, key)
        .replace("{task}", &name(&notification.task))
        .replace("{model}", &name(&notification.model))
        .replace("{report}", &name(&notification.report_template))
        .replace("{period}", notification.report_period.as_deref().unwrap_or("—"))
        .replace("{status}", notification.status.map_or("—", |status| status_label(lang, status)))
        .replace("{model_status}", notification.model_status.map_or("—", |status| model_status_label(lang, status)))
        .replace("{date}", &notification.due_on.map(|due| date(lang, due)).unwrap_or_default());
    if let Some(actor) = &notification.actor {
        text.push_str(&t(lang, "notifications.by").replace("{name}", &actor.name));
    }
    text
}

/// The page a notification opens: its report's, its model's, else its task's; a reminder
/// of a report not started opens "My reports".
pub fn notification_route(notification: &Notification) -> Route {
    if let Some(id) = notification.report_submission_id {
        return Route::ReportSubmission { id };
    }
    match (&notification.model, &notification.task, &notification.report_template) {
        (Some(model), _, _) => Route::TeamModel { id: model.id },
        (None, Some(task), _) => Route::Task { id: task.id },
        (None, None, Some(_)) => Route::Reports,
        (None, None, None) => Route::Notifications,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use danvan_domain::{named::NamedRef, task::TaskStatus};
    use uuid::Uuid;

    fn notification(kind: NotificationKind) -> Notification {
        Notification {
            id: Uuid::from_u128(1),
            kind,
            task: Some(NamedRef { id: Uuid::from_u128(2), name: "Khảo sát".into() }),
            model: None,
            report_template: None,
            report_submission_id: None,
            report_period: None,
            model_status: None,
            actor: None,
            status: None,
            due_on: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
            read_at: None,
        }
    }

    #[test]
    fn notifications_read_in_the_ui_language() {
        let assigned = Notification {
            actor: Some(NamedRef { id: Uuid::nil(), name: "Tổ trưởng A".into() }),
            ..notification(NotificationKind::Assigned)
        };
        assert_eq!(notification_text(Lang::Vi, &assigned), "Bạn được giao nhiệm vụ “Khảo sát” · bởi Tổ trưởng A");
        assert_eq!(notification_text(Lang::En, &assigned), "You were assigned “Khảo sát” · by Tổ trưởng A");
        let moved = Notification { status: Some(TaskStatus::Done), ..notification(NotificationKind::StatusChanged) };
        assert_eq!(notification_text(Lang::Vi, &moved), "Nhiệm vụ “Khảo sát” chuyển sang Đã xong");
        assert_eq!(notification_text(Lang::En, &moved), "“Khảo sát” moved to Done");
        let due = Notification {
            due_on: NaiveDate::from_ymd_opt(2026, 5, 11),
            ..notification(NotificationKind::DueTomorrow)
        };
        assert_eq!(notification_text(Lang::Vi, &due), "Nhiệm vụ “Khảo sát” đến hạn ngày mai (11/05/2026)");
        assert_eq!(notification_text(Lang::En, &notification(NotificationKind::Overdue)), "“Khảo sát” is overdue");
        assert_eq!(notification_route(&due), Route::Task { id: Uuid::from_u128(2) });
    }

    #[test]
    fn a_waiting_model_says_what_it_waits_for_and_opens_the_model() {
        let waiting = |status| Notification {
            task: None,
            model: Some(NamedRef { id: Uuid::from_u128(5), name: "Tổ COVID phường 5".into() }),
            model_status: Some(status),
            ..notification(NotificationKind::ModelWaiting)
        };
        let nominated = waiting(ModelStatus::Nominated);
        assert_eq!(notification_text(Lang::Vi, &nominated), "Mô hình “Tổ COVID phường 5” đang chờ Văn phòng đánh giá");
        assert_eq!(
            notification_text(Lang::En, &nominated),
            "The model “Tổ COVID phường 5” waits for the Office's evaluation"
        );
        let decide = waiting(ModelStatus::AwaitingDecision);
        assert_eq!(notification_text(Lang::En, &decide), "The model “Tổ COVID phường 5” waits for your decision");
        let back = waiting(ModelStatus::NeedsEvidence);
        assert_eq!(notification_text(Lang::En, &back), "The model “Tổ COVID phường 5” was sent back for more evidence");
        assert_eq!(notification_route(&back), Route::TeamModel { id: Uuid::from_u128(5) });
        let orphan = Notification { model: None, ..back };
        assert_eq!(notification_route(&orphan), Route::Notifications);
    }

    #[test]
    fn a_report_reminder_names_its_report_and_period_and_opens_the_report() {
        let due = Notification {
            task: None,
            report_template: Some(NamedRef { id: Uuid::from_u128(7), name: "Báo cáo tháng".into() }),
            report_period: Some("2026-11".into()),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 5),
            ..notification(NotificationKind::ReportDue)
        };
        assert_eq!(notification_text(Lang::Vi, &due), "Báo cáo “Báo cáo tháng” kỳ 2026-11 đến hạn ngày 05/12/2026");
        assert_eq!(notification_route(&due), Route::Reports, "a report not started yet opens My reports");
        let returned = Notification {
            report_submission_id: Some(Uuid::from_u128(8)),
            ..notification(NotificationKind::ReportReturned)
        };
        assert_eq!(notification_route(&returned), Route::ReportSubmission { id: Uuid::from_u128(8) });
    }
}
