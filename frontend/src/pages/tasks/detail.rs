//! One task: every field; the moves the server allows the caller (each with an optional
//! comment); the progress form for those who may report; an Edit link for those who may
//! edit; and the timeline, oldest first: created, every move, progress, reassignments and
//! edits, with who and when.

use crate::{
    api::{self, Tagged},
    components::{
        form::{begin_send, check, field_message, show_save_failure},
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
        task_status::{assignee_names, status_label, DueDate, PercentBar, PriorityBadge, StatusBadge},
        textarea::TextAreaField,
        toast::{use_toast, Toast},
    },
    format,
    i18n::{t, Lang},
    pages::IdProps,
    route::Route,
    state::use_session,
};
use danvan_domain::{
    named::NamedRef,
    task::{PostProgress, Task, TaskEvent, TaskEventKind, TaskStatus, TaskTransition},
    validation::FieldError,
};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::{platform::spawn_local, prelude::*};

/// What a timeline entry says happened, in `lang` (its comment shows apart).
pub fn event_text(lang: Lang, event: &TaskEvent) -> String {
    let status = |status: Option<TaskStatus>| status.map(|status| status_label(lang, status)).unwrap_or("—");
    match event.kind {
        TaskEventKind::Created => t(lang, "tasks.event.created").to_owned(),
        TaskEventKind::Moved => t(lang, "tasks.event.moved")
            .replace("{from}", status(event.from_status))
            .replace("{to}", status(event.to_status)),
        TaskEventKind::Progress => {
            t(lang, "tasks.event.progress").replace("{n}", &event.percent.unwrap_or_default().to_string())
        }
        TaskEventKind::Reassigned => {
            let names: Vec<&str> = event.assignees.iter().map(|named| named.name.as_str()).collect();
            t(lang, "tasks.event.reassigned").replace("{names}", &names.join(", "))
        }
        TaskEventKind::Edited => t(lang, "tasks.event.edited").to_owned(),
    }
}

/// Names, joined; "—" for none.
fn names(list: &[NamedRef]) -> String {
    if list.is_empty() {
        "—".to_owned()
    } else {
        list.iter().map(|named| named.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[component]
pub fn TaskDetail(props: &IdProps) -> Html {
    let session = use_session();
    use_title(session.t("tasks.detail"));
    let reload = use_state(|| 0u32);
    let task = use_load((props.id, *reload), |(id, _)| async move { api::client().get_task(id).await });
    let timeline = use_load((props.id, *reload), |(id, _)| async move { api::client().task_timeline(id).await });
    let on_changed = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    match &*task {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(task) => html! {
            <section data-testid="task-detail">
                <TaskFacts task={task.clone()} />
                <Moves task={task.value.clone()} on_changed={on_changed.clone()} />
                if task.value.can_report {
                    <ProgressForm task={task.value.clone()} on_changed={on_changed.clone()} />
                }
                <h2>{ session.t("tasks.timeline") }</h2>
                { match &*timeline {
                    Load::Loading => html! { <Loading /> },
                    Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
                    Load::Ready(events) if events.is_empty() => html! { <Empty /> },
                    Load::Ready(events) => html! { <Timeline events={events.clone()} /> },
                } }
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct TaskFactsProps {
    task: Rc<Tagged<Task>>,
}

#[component]
fn TaskFacts(props: &TaskFactsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let task = &props.task.value;
    let fact = |label: &'static str, value: Html| {
        html! { <><dt>{ session.t(label) }</dt><dd>{ value }</dd></> }
    };
    html! {
        <>
            <div class="page-head">
                <h1 data-testid="task-title">{ &task.title }</h1>
                <div class="actions">
                    <StatusBadge status={task.status} testid="task-status" />
                    if task.can_edit {
                        <AppLink to={Route::TaskEdit { id: task.id }} class="button secondary" testid="task-edit">
                            { session.t("action.edit") }
                        </AppLink>
                    }
                </div>
            </div>
            <div class="card">
                if !task.description.trim().is_empty() {
                    <p class="task-description" data-testid="task-description">{ &task.description }</p>
                }
                <dl class="facts">
                    { fact("tasks.status", html! { status_label(lang, task.status) }) }
                    { fact("tasks.priority", html! { <PriorityBadge priority={task.priority} /> }) }
                    { fact("tasks.due_on", html! { <DueDate task={task.clone()} /> }) }
                    { fact("tasks.percent", html! { <PercentBar percent={task.percent} /> }) }
                    { fact("tasks.assignees", html! { <span data-testid="task-assignees">{ assignee_names(task) }</span> }) }
                    { fact("tasks.plan_item", html! { task.plan_item.as_ref().map_or("—".to_owned(), |item| item.name.clone()) }) }
                    { fact("tasks.areas", html! { names(&task.areas) }) }
                    { fact("tasks.target_group", html! { task.target_group.as_ref().map_or("—".to_owned(), |g| g.name.clone()) }) }
                    { fact("tasks.created_by", html! { &task.created_by.name }) }
                    { fact("tasks.created_at", html! { format::datetime(lang, &task.created_at) }) }
                    { fact("tasks.updated_at", html! { format::datetime(lang, &task.updated_at) }) }
                </dl>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ChangeProps {
    task: Task,
    on_changed: Callback<()>,
}

/// The moves the caller may make now, with one optional comment.
#[component]
fn Moves(props: &ChangeProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let comment = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    if props.task.allowed_transitions.is_empty() {
        return html! {};
    }
    let send = |to: TaskStatus| {
        let (comment, errors, busy, toast, on_changed, task) = (
            comment.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.task.clone(),
        );
        Callback::from(move |_| {
            let request = TaskTransition { to, comment: comment.trim().to_owned() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (comment, errors, busy, toast, on_changed, task) =
                (comment.clone(), errors.clone(), busy.clone(), toast.clone(), on_changed.clone(), task.clone());
            spawn_local(async move {
                match api::client().transition_task(task.id, &api::etag_of(task.version), &request).await {
                    Ok(moved) => {
                        comment.set(String::new());
                        let done = t(lang, "tasks.moved").replace("{status}", status_label(lang, moved.status));
                        toast.emit(Toast::success(&done));
                        on_changed.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_changed),
                }
                busy.set(false);
            });
        })
    };
    let oninput = {
        let comment = comment.clone();
        Callback::from(move |value| comment.set(value))
    };
    html! {
        <section class="card task-moves" aria-labelledby="task-moves-heading">
            <h2 id="task-moves-heading">{ session.t("tasks.move_to") }</h2>
            <TextAreaField id="task-move-comment" field="comment" label={session.t("tasks.move_comment")} rows={2}
                value={(*comment).clone()} {oninput} error={field_message(lang, &errors, "comment")} />
            <div class="actions">
                { for props.task.allowed_transitions.iter().map(|to| html! {
                    <button type="button" class={move_class(*to)} data-testid={format!("task-move-{}", to.as_str())}
                        disabled={*busy} onclick={send(*to)}>
                        { status_label(lang, *to) }
                    </button>
                }) }
            </div>
        </section>
    }
}

/// Finishing moves stand out; cancelling warns.
fn move_class(to: TaskStatus) -> &'static str {
    match to {
        TaskStatus::Cancelled => "danger",
        TaskStatus::Accepted | TaskStatus::InProgress | TaskStatus::Done | TaskStatus::Verified => "primary",
        _ => "secondary",
    }
}

/// Reporting progress: a percent (slider and number) and a comment.
#[component]
fn ProgressForm(props: &ChangeProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let toast = use_toast();
    let percent = use_state(|| props.task.percent);
    let comment = use_state(String::new);
    let errors = use_state(Vec::<FieldError>::new);
    let busy = use_state(|| false);
    let key = use_state(api::new_key);
    {
        let percent = percent.clone();
        use_effect_with(props.task.percent, move |now| percent.set(*now));
    }
    let onsubmit = {
        let (percent, comment, errors, busy, key, toast, on_changed, id, etag) = (
            percent.clone(),
            comment.clone(),
            errors.clone(),
            busy.clone(),
            key.clone(),
            toast.clone(),
            props.on_changed.clone(),
            props.task.id,
            api::etag_of(props.task.version),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = PostProgress { percent: *percent, comment: comment.trim().to_owned() };
            if !begin_send(&errors, &busy, check(request.validate())) {
                return;
            }
            let (comment, errors, busy, key, toast, on_changed, etag) = (
                comment.clone(),
                errors.clone(),
                busy.clone(),
                key.clone(),
                toast.clone(),
                on_changed.clone(),
                etag.clone(),
            );
            spawn_local(async move {
                match api::client().post_progress(id, &etag, &request, Some(&key)).await {
                    Ok(_) => {
                        comment.set(String::new());
                        key.set(api::new_key());
                        toast.emit(Toast::success(t(lang, "tasks.progress_saved")));
                        on_changed.emit(());
                    }
                    Err(error) => show_save_failure(lang, &error, &errors, &toast, &on_changed),
                }
                busy.set(false);
            });
        })
    };
    let set_percent = {
        let percent = percent.clone();
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(value) = value.trim().parse::<i32>() {
                percent.set(value.clamp(0, 100));
            }
        })
    };
    let set_comment = {
        let comment = comment.clone();
        Callback::from(move |value| comment.set(value))
    };
    let percent_error = field_message(lang, &errors, "percent");
    html! {
        <section class="card form task-progress" aria-labelledby="task-progress-heading">
            <h2 id="task-progress-heading">{ session.t("tasks.report_progress") }</h2>
            <form novalidate=true {onsubmit}>
                <div class={classes!("field", percent_error.is_some().then_some("invalid"))}>
                    <label for="task-progress-percent">{ session.t("tasks.percent") }</label>
                    <div class="percent-inputs">
                        <input type="range" min="0" max="100" step="5" value={percent.to_string()} oninput={set_percent.clone()}
                            aria-label={session.t("tasks.percent")} data-testid="task-progress-slider" />
                        <input id="task-progress-percent" data-testid="task-progress-percent" type="number" min="0" max="100"
                            value={percent.to_string()} oninput={set_percent} />
                    </div>
                    if let Some(message) = percent_error {
                        <p class="field-error" data-testid="field-error-percent">{ message }</p>
                    }
                </div>
                <TextAreaField id="task-progress-comment" field="comment" label={session.t("tasks.progress_comment")} rows={3}
                    required=true value={(*comment).clone()} oninput={set_comment} error={field_message(lang, &errors, "comment")} />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="task-progress-submit" disabled={*busy}>
                        { session.t("tasks.report_progress") }
                    </button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub events: Rc<Vec<TaskEvent>>,
}

/// The task's history, oldest first.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    html! {
        <ol class="timeline" data-testid="task-timeline">
            { for props.events.iter().map(|event| html! {
                <li data-testid="timeline-entry" data-kind={event.kind.as_str()} key={event.id.to_string()}>
                    <div class="timeline-head">
                        <strong>{ event_text(lang, event) }</strong>
                        <span class="muted">
                            { format!(" · {} · ", event.actor.name) }
                            <time datetime={event.at.to_rfc3339()}>{ format::datetime(lang, &event.at) }</time>
                        </span>
                    </div>
                    if !event.comment.trim().is_empty() { <p class="timeline-comment">{ &event.comment }</p> }
                </li>
            }) }
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;
    use danvan_domain::role::Role;
    use uuid::Uuid;

    fn event(kind: TaskEventKind) -> TaskEvent {
        TaskEvent {
            id: Uuid::from_u128(kind as u128),
            task_id: Uuid::from_u128(1),
            kind,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: NamedRef { id: Uuid::from_u128(2), name: "Lê Văn Tổ Trưởng".into() },
            from_status: None,
            to_status: None,
            percent: None,
            comment: String::new(),
            assignees: vec![],
        }
    }

    #[test]
    fn timeline_entries_say_what_happened() {
        let moved = TaskEvent {
            from_status: Some(TaskStatus::Accepted),
            to_status: Some(TaskStatus::InProgress),
            ..event(TaskEventKind::Moved)
        };
        assert_eq!(event_text(Lang::Vi, &moved), "Chuyển trạng thái: Đã nhận → Đang thực hiện");
        assert_eq!(event_text(Lang::En, &moved), "Status: Accepted → In progress");
        let progress = TaskEvent { percent: Some(50), ..event(TaskEventKind::Progress) };
        assert_eq!(event_text(Lang::Vi, &progress), "Cập nhật tiến độ: 50%");
        assert_eq!(event_text(Lang::En, &progress), "Progress: 50%");
        let reassigned = TaskEvent {
            assignees: vec![
                NamedRef { id: Uuid::nil(), name: "A".into() },
                NamedRef { id: Uuid::nil(), name: "B".into() },
            ],
            ..event(TaskEventKind::Reassigned)
        };
        assert_eq!(event_text(Lang::En, &reassigned), "Reassigned to A, B");
        assert_eq!(event_text(Lang::Vi, &event(TaskEventKind::Created)), "Tạo nhiệm vụ");
        assert_eq!(event_text(Lang::En, &event(TaskEventKind::Edited)), "Edited the task");
    }

    #[tokio::test]
    async fn the_timeline_shows_actor_text_and_comment() {
        fn view() -> Html {
            let done = TaskEvent {
                from_status: Some(TaskStatus::InProgress),
                to_status: Some(TaskStatus::Done),
                comment: "Đã hoàn thành báo cáo".into(),
                ..event(TaskEventKind::Moved)
            };
            html! { <Timeline events={Rc::new(vec![event(TaskEventKind::Created), done])} /> }
        }
        let vi = render(Lang::Vi, Some(Role::Member), view).await;
        assert_eq!(vi.matches(r#"data-testid="timeline-entry""#).count(), 2, "{vi}");
        assert!(
            vi.contains("Đang thực hiện → Đã xong")
                && vi.contains("Lê Văn Tổ Trưởng")
                && vi.contains("Đã hoàn thành báo cáo")
        );
        let en = render(Lang::En, Some(Role::Member), view).await;
        assert!(en.contains("Status: In progress → Done") && en.contains("Created the task"), "{en}");
    }
}
