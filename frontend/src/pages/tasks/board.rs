//! The task board: one column per status (new, accepted, in progress, blocked, reopened,
//! done, verified; cancelled tasks folded below), a card per task. A card moves by its
//! buttons, one per status the server allows the caller (`allowed_transitions`), or by
//! dragging it onto a column that is one of those. A move sends the version the card was
//! read at; when someone else changed the task meanwhile (409/412) the board says so and
//! reloads.

use crate::{
    api::{self, tasks::TaskFilter},
    components::{
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        query_link::QueryLink,
        status::{ErrorNote, Loading},
        task_status::{assignee_names, status_label, DueDate, PriorityBadge},
        toast::{use_toast, Toast},
    },
    pages::tasks::{
        list::use_url_filter,
        model::{by_column, replace, stale},
    },
    route::Route,
    state::use_session,
};
use danvan_domain::task::{Task, TaskStatus, TaskTransition};
use std::rc::Rc;
use uuid::Uuid;
use yew::{platform::spawn_local, prelude::*};

#[component]
pub fn TaskBoard() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("tasks.board"));
    let toast = use_toast();
    let filter = use_url_filter();
    let reload = use_state(|| 0u32);
    let loaded =
        use_load(
            (filter.clone(), *reload),
            |(filter, _): (TaskFilter, u32)| async move { api::tasks::all(&filter).await },
        );
    // The board as last read, with the moves made since.
    let tasks = use_state(|| Rc::new(Vec::<Task>::new()));
    {
        let tasks = tasks.clone();
        let ready = loaded.ready().map(|list| Rc::new(list.clone()));
        use_effect_with(ready, move |ready| {
            if let Some(ready) = ready {
                tasks.set(ready.clone());
            }
        });
    }
    let busy = use_state(|| None::<Uuid>);
    let dragged = use_mut_ref(|| None::<Uuid>);
    let over = use_state(|| None::<TaskStatus>);

    let transition_task = {
        let (tasks, busy, reload, toast) = (tasks.clone(), busy.clone(), reload.clone(), toast.clone());
        Callback::from(move |(task, to): (Task, TaskStatus)| {
            if busy.is_some() || !task.allowed_transitions.contains(&to) {
                return;
            }
            busy.set(Some(task.id));
            let (tasks, busy, reload, toast) = (tasks.clone(), busy.clone(), reload.clone(), toast.clone());
            spawn_local(async move {
                match api::client()
                    .transition_task(
                        task.id,
                        &api::etag_of(task.version),
                        &TaskTransition { to, comment: String::new() },
                    )
                    .await
                {
                    Ok(moved) => {
                        let title = format!("{} → {}", moved.title, status_label(lang, moved.status));
                        tasks.set(Rc::new(replace(&tasks, moved)));
                        toast.emit(Toast::success(&title));
                    }
                    Err(error) => {
                        toast.emit(Toast::error(lang, &error));
                        if error.status().is_some_and(stale) {
                            reload.set(reload.wrapping_add(1));
                        }
                    }
                }
                busy.set(None);
            });
        })
    };

    let body = match &*loaded {
        Load::Failed(error) if tasks.is_empty() => html! { <ErrorNote error={error.clone()} /> },
        Load::Loading if tasks.is_empty() => html! { <Loading /> },
        _ => {
            let (columns, cancelled) = by_column(&tasks);
            let card = |task: &Task| {
                let ondragstart = {
                    let (dragged, id) = (dragged.clone(), task.id);
                    Callback::from(move |_: DragEvent| *dragged.borrow_mut() = Some(id))
                };
                let ondragend = {
                    let (dragged, over) = (dragged.clone(), over.clone());
                    Callback::from(move |_: DragEvent| {
                        *dragged.borrow_mut() = None;
                        over.set(None);
                    })
                };
                let draggable = !task.allowed_transitions.is_empty() && busy.is_none();
                html! {
                    <li class={classes!("card", "board-card", (*busy == Some(task.id)).then_some("busy"))} key={task.id.to_string()}
                        data-testid="board-card" data-task-id={task.id.to_string()} draggable={draggable.to_string()}
                        {ondragstart} {ondragend}>
                        <AppLink to={Route::Task { id: task.id }} class="board-title">{ &task.title }</AppLink>
                        <div class="board-meta">
                            <DueDate task={task.clone()} />
                            <PriorityBadge priority={task.priority} />
                        </div>
                        <div class="muted board-assignees">{ assignee_names(task) }</div>
                        if !task.allowed_transitions.is_empty() {
                            <div class="board-moves" role="group" aria-label={session.t("tasks.move_to")}>
                                { for task.allowed_transitions.iter().map(|to| {
                                    let onclick = {
                                        let (transition_task, task, to) = (transition_task.clone(), task.clone(), *to);
                                        Callback::from(move |_| transition_task.emit((task.clone(), to)))
                                    };
                                    html! {
                                        <button type="button" class="secondary small" data-testid={format!("board-move-{}", to.as_str())}
                                            disabled={busy.is_some()} {onclick}
                                            aria-label={format!("{}: {} → {}", task.title, session.t("tasks.move_to"), status_label(lang, *to))}>
                                            { format!("→ {}", status_label(lang, *to)) }
                                        </button>
                                    }
                                }) }
                            </div>
                        }
                    </li>
                }
            };
            let column = |(status, list): &(TaskStatus, Vec<Task>)| {
                let status = *status;
                let ondragover = {
                    let (dragged, tasks, over) = (dragged.clone(), tasks.clone(), over.clone());
                    Callback::from(move |event: DragEvent| {
                        let allowed = dragged
                            .borrow()
                            .and_then(|id| tasks.iter().find(|task| task.id == id).cloned())
                            .is_some_and(|task| task.allowed_transitions.contains(&status));
                        if allowed {
                            // Accepting the drop: the browser refuses drops by default.
                            event.prevent_default();
                            if *over != Some(status) {
                                over.set(Some(status));
                            }
                        }
                    })
                };
                let ondragleave = {
                    let over = over.clone();
                    Callback::from(move |_: DragEvent| over.set(None))
                };
                let ondrop = {
                    let (dragged, tasks, over, transition_task) =
                        (dragged.clone(), tasks.clone(), over.clone(), transition_task.clone());
                    Callback::from(move |event: DragEvent| {
                        event.prevent_default();
                        over.set(None);
                        let task =
                            dragged.borrow_mut().take().and_then(|id| tasks.iter().find(|task| task.id == id).cloned());
                        if let Some(task) = task {
                            transition_task.emit((task, status));
                        }
                    })
                };
                let heading = format!("board-heading-{}", status.as_str());
                html! {
                    <section class={classes!("board-column", (*over == Some(status)).then_some("drop"))}
                        data-testid={format!("board-column-{}", status.as_str())} aria-labelledby={heading.clone()}
                        {ondragover} {ondragleave} {ondrop}>
                        <h2 id={heading}>
                            { status_label(lang, status) }
                            <span class="count muted">{ format!(" ({})", list.len()) }</span>
                        </h2>
                        <ul class="board-cards">{ for list.iter().map(card) }</ul>
                    </section>
                }
            };
            html! {
                <>
                    if let Load::Failed(error) = &*loaded { <ErrorNote error={error.clone()} /> }
                    <div class="board" data-testid="task-board">{ for columns.iter().map(column) }</div>
                    if !cancelled.is_empty() {
                        <details class="board-cancelled" data-testid="board-cancelled">
                            <summary>{ format!("{} ({})", status_label(lang, TaskStatus::Cancelled), cancelled.len()) }</summary>
                            <ul class="board-cards">{ for cancelled.iter().map(card) }</ul>
                        </details>
                    }
                </>
            }
        }
    };
    html! {
        <section data-testid="task-board-page">
            <div class="page-head">
                <h1>{ session.t("tasks.board") }</h1>
                <div class="actions">
                    <QueryLink to={Route::Tasks} query={filter.pairs()} class="button secondary" testid="board-list-link">
                        { session.t("tasks.as_list") }
                    </QueryLink>
                </div>
            </div>
            if !filter.is_empty() { <p class="muted">{ session.t("tasks.board_filtered") }</p> }
            <p class="hint">{ session.t("tasks.board_hint") }</p>
            { body }
        </section>
    }
}
