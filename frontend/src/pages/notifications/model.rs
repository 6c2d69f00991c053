//! The notifications' pure logic, tested natively: what a notification says, in the
//! reader's language.

use crate::{
    components::{dates::date, task_status::status_label},
    i18n::{t, Lang},
};
use danvan_domain::notification::{Notification, NotificationKind};

/// What a notification says, in `lang`.
pub fn notification_text(lang: Lang, notification: &Notification) -> String {
    let key = match notification.kind {
        NotificationKind::Assigned => "notifications.assigned",
        NotificationKind::StatusChanged => "notifications.status_changed",
        NotificationKind::DueTomorrow => "notifications.due_tomorrow",
        NotificationKind::Overdue => "notifications.overdue",
    };
    let mut text = t(lang, key)
        .replace("{task}", &notification.task.name)
        .replace("{status}", notification.status.map_or("—", |status| status_label(lang, status)))
        .replace("{date}", &notification.due_on.map(|due| date(lang, due)).unwrap_or_default());
    if let Some(actor) = &notification.actor {
        text.push_str(&t(lang, "notifications.by").replace("{name}", &actor.name));
    }
    text
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
            task: NamedRef { id: Uuid::from_u128(2), name: "Khảo sát".into() },
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
    }
}
