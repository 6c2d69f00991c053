//! How a task's facts show everywhere: its status and priority (worded by the domain's
//! `label(Lang)`), its due date (red once overdue), its progress bar and its assignees.

use crate::{
    components::dates::{date, today},
    i18n::Lang,
    state::use_session,
};
use danvan_domain::task::{Task, TaskPriority, TaskStatus};
use yew::prelude::*;

pub fn status_label(lang: Lang, status: TaskStatus) -> &'static str {
    status.label(lang)
}

pub fn priority_label(lang: Lang, priority: TaskPriority) -> &'static str {
    priority.label(lang)
}

/// The people and org units a task is assigned to, by name.
pub fn assignee_names(task: &Task) -> String {
    let names: Vec<&str> =
        task.assignee_users.iter().chain(task.assignee_org_units.iter()).map(|named| named.name.as_str()).collect();
    names.join(", ")
}

#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    pub status: TaskStatus,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let session = use_session();
    html! {
        <span class={classes!("badge", "status", format!("status-{}", props.status.as_str()))}
            data-testid={props.testid.clone()} data-status={props.status.as_str()}>
            { status_label(session.lang(), props.status) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct PriorityBadgeProps {
    pub priority: TaskPriority,
}

#[component]
pub fn PriorityBadge(props: &PriorityBadgeProps) -> Html {
    let session = use_session();
    html! {
        <span class={classes!("priority", format!("priority-{}", props.priority.as_str()))}>
            { priority_label(session.lang(), props.priority) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct DueDateProps {
    pub task: Task,
}

/// The due date; red, with "overdue" said in words, when the task is late.
#[component]
pub fn DueDate(props: &DueDateProps) -> Html {
    let session = use_session();
    let late = props.task.is_overdue(today());
    html! {
        <span class={classes!("due", late.then_some("overdue"))}>
            <time datetime={props.task.due_on.to_string()}>{ date(session.lang(), props.task.due_on) }</time>
            if late { <span class="overdue-tag">{ format!(" · {}", session.t("tasks.overdue")) }</span> }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct PercentBarProps {
    pub percent: i32,
}

/// The reported progress as a bar with its number.
#[component]
pub fn PercentBar(props: &PercentBarProps) -> Html {
    let session = use_session();
    let percent = props.percent.clamp(0, 100);
    html! {
        <span class="percent">
            <progress max="100" value={percent.to_string()} aria-label={session.t("tasks.percent")}></progress>
            <span class="percent-num">{ format!("{percent}%") }</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_domain_in_the_ui_language() {
        assert_eq!(status_label(Lang::Vi, TaskStatus::InProgress), "Đang thực hiện");
        assert_eq!(status_label(Lang::En, TaskStatus::InProgress), "In progress");
        assert_eq!(priority_label(Lang::Vi, TaskPriority::Urgent), "Khẩn");
    }
}
