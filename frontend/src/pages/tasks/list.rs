//! The task list: filters (status, assignee, area, plan item, due dates, overdue, due
//! soon, words of the title, order) kept in the URL, so `/tasks?plan_item_id=…` opens
//! already filtered and the back button undoes a filter; "load more" paging; the export
//! of the same rows as CSV or Excel; links to the board and to assigning a task.

use crate::{
    api::{self, tasks::TaskFilter},
    components::{
        download::deliver,
        hooks::{use_debounced, use_title},
        link::AppLink,
        load::{use_load, use_paged},
        query_link::QueryLink,
        status::{Empty, ErrorNote, Loading},
        task_status::{assignee_names, status_label, DueDate, PercentBar, PriorityBadge, StatusBadge},
        toast::use_toast,
    },
    pages::tasks::model::{choices, sort_key},
    route::Route,
    state::use_session,
};
use danvan_domain::{
    area::Layout,
    permission::Action,
    task::{Task, TaskSort, TaskStatus},
};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Rows per page of the list.
const PAGE: u32 = 50;

/// The filter of the page's URL.
#[hook]
pub fn use_url_filter() -> TaskFilter {
    let location = use_location();
    TaskFilter::from_query(location.as_ref().map(|location| location.query_str()).unwrap_or_default())
}

/// Opens `route` with `filter` as its query.
pub fn open_filtered(navigator: &Navigator, route: &Route, filter: &TaskFilter, replace: bool) {
    let pairs = filter.pairs();
    let _ = match (pairs.is_empty(), replace) {
        (true, true) => {
            navigator.replace(route);
            Ok(())
        }
        (true, false) => {
            navigator.push(route);
            Ok(())
        }
        (false, true) => navigator.replace_with_query(route, pairs),
        (false, false) => navigator.push_with_query(route, pairs),
    };
}

#[derive(Properties, PartialEq)]
pub struct TaskTableProps {
    pub tasks: Rc<Vec<Task>>,
    #[prop_or(AttrValue::Static("tasks-table"))]
    pub testid: AttrValue,
}

/// Tasks as a table: title, status, priority, due date, progress, assignees.
#[component]
pub fn TaskTable(props: &TaskTableProps) -> Html {
    let session = use_session();
    html! {
        <div class="table-wrap">
            <table data-testid={props.testid.clone()} class="tasks">
                <thead>
                    <tr>
                        <th scope="col">{ session.t("tasks.title") }</th>
                        <th scope="col">{ session.t("tasks.status") }</th>
                        <th scope="col">{ session.t("tasks.priority") }</th>
                        <th scope="col">{ session.t("tasks.due_on") }</th>
                        <th scope="col">{ session.t("tasks.percent") }</th>
                        <th scope="col">{ session.t("tasks.assignees") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.tasks.iter().map(|task| html! {
                        <tr data-testid="task-row" key={task.id.to_string()} data-task-id={task.id.to_string()}>
                            <td class="task-title-cell">
                                <AppLink to={Route::Task { id: task.id }} testid="task-link">{ &task.title }</AppLink>
                            </td>
                            <td><StatusBadge status={task.status} /></td>
                            <td><PriorityBadge priority={task.priority} /></td>
                            <td class="nowrap"><DueDate task={task.clone()} /></td>
                            <td><PercentBar percent={task.percent} /></td>
                            <td>{ assignee_names(task) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn TaskList() -> Html {
    let session = use_session();
    let lang = session.lang();
    use_title(session.t("nav.tasks"));
    let navigator = use_navigator();
    let toast = use_toast();
    let filter = use_url_filter();
    let apply = {
        let navigator = navigator.clone();
        Callback::from(move |next: TaskFilter| {
            if let Some(navigator) = &navigator {
                open_filtered(navigator, &Route::Tasks, &next, false);
            }
        })
    };

    // Words typed in the search box reach the URL once typing pauses.
    let typed = use_state(|| filter.q.clone());
    let settled = use_debounced((*typed).clone(), 300);
    {
        let (filter, apply) = (filter.clone(), apply.clone());
        use_effect_with(settled, move |settled| {
            if settled.trim() != filter.q.trim() {
                apply.emit(TaskFilter { q: settled.trim().to_owned(), ..filter });
            }
        });
    }
    {
        // A link or the back button changed the words: the box follows.
        let typed = typed.clone();
        use_effect_with(filter.q.clone(), move |q| {
            if typed.trim() != q.trim() {
                typed.set(q.clone());
            }
        });
    }

    let paged = use_paged(filter.clone(), |filter: TaskFilter, cursor| async move {
        api::tasks::list(&filter, cursor.as_deref(), PAGE).await
    });
    let users = use_load(session.state.can(Action::UsersRead), |allowed| async move {
        if allowed {
            api::client().all_users(&[]).await
        } else {
            Ok(Vec::new())
        }
    });
    let provinces = use_load((), |()| api::provinces(Layout::L2025));
    let plan_items = use_load((), |()| api::tasks::plan_item_choices());
    let exporting = use_state(|| false);

    let set = |change: fn(&mut TaskFilter, String)| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |event: Event| {
            let mut next = filter.clone();
            let target = event.target_unchecked_into::<HtmlInputElement>();
            change(&mut next, target.value());
            apply.emit(next);
        })
    };
    let pick = |change: fn(&mut TaskFilter, String)| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |event: Event| {
            let mut next = filter.clone();
            change(&mut next, event.target_unchecked_into::<HtmlSelectElement>().value());
            apply.emit(next);
        })
    };
    let flag = |change: fn(&mut TaskFilter, bool)| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |event: Event| {
            let mut next = filter.clone();
            change(&mut next, event.target_unchecked_into::<HtmlInputElement>().checked());
            apply.emit(next);
        })
    };
    let toggle_status = |status: TaskStatus| {
        let (filter, apply) = (filter.clone(), apply.clone());
        Callback::from(move |event: Event| {
            let mut next = filter.clone();
            next.status.retain(|s| *s != status);
            if event.target_unchecked_into::<HtmlInputElement>().checked() {
                next.status.push(status);
                next.status.sort();
            }
            apply.emit(next);
        })
    };
    let clear = {
        let (apply, typed, sort) = (apply.clone(), typed.clone(), filter.sort);
        Callback::from(move |_| {
            typed.set(String::new());
            apply.emit(TaskFilter { sort, ..TaskFilter::default() });
        })
    };
    let export = |format: &'static str| {
        let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
        Callback::from(move |_| {
            if *exporting {
                return;
            }
            exporting.set(true);
            let (filter, exporting, toast) = (filter.clone(), exporting.clone(), toast.clone());
            spawn_local(async move {
                let answer = api::tasks::export(&filter, format, lang.code()).await;
                deliver(lang, answer, &format!("tasks.{format}"), &toast);
                exporting.set(false);
            });
        })
    };
    let more = {
        let more = paged.more.clone();
        Callback::from(move |_| more.emit(()))
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| typed.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };

    let select = |id: &'static str, label: &'static str, value: &str, options: Vec<(String, String)>, onchange| {
        html! {
            <div class="field">
                <label for={id}>{ session.t(label) }</label>
                <select {id} data-testid={id} {onchange}>
                    { for options.into_iter().map(|(option, text)| {
                        let selected = option == value;
                        html! { <option value={option} {selected}>{ text }</option> }
                    }) }
                </select>
            </div>
        }
    };
    let check = |id: &'static str, label: &'static str, checked: bool, onchange| {
        html! {
            <div class="field check">
                <input type="checkbox" {id} data-testid={id} {checked} {onchange} />
                <label for={id}>{ session.t(label) }</label>
            </div>
        }
    };
    let user_options = choices(
        lang,
        users.ready().into_iter().flatten().filter(|u| u.active).map(|u| (u.id.to_string(), u.display_name.clone())),
    );
    let province_options =
        choices(lang, provinces.ready().into_iter().flatten().map(|a| (a.id.to_string(), a.name.clone())));
    let mut item_options =
        choices(lang, plan_items.ready().into_iter().flatten().map(|(id, label)| (id.to_string(), label.clone())));
    if !filter.plan_item_id.is_empty() && !item_options.iter().any(|(id, _)| *id == filter.plan_item_id) {
        // Linked to an item the pickers have not loaded (yet): keep it selectable.
        item_options.push((filter.plan_item_id.clone(), filter.plan_item_id.clone()));
    }
    let sort_options: Vec<(String, String)> =
        TaskSort::ALL.iter().map(|sort| (sort.as_str().to_owned(), session.t(sort_key(*sort)).to_owned())).collect();
    let sort_value = filter.sort.unwrap_or(TaskSort::DueOn).as_str();
    let list = &*paged.list;

    html! {
        <section data-testid="tasks-page">
            <div class="page-head">
                <h1>{ session.t("nav.tasks") }</h1>
                <div class="actions">
                    <QueryLink to={Route::TaskBoard} query={filter.pairs()} class="button secondary" testid="tasks-board-link">
                        { session.t("tasks.board") }
                    </QueryLink>
                    if session.state.can(Action::TasksCreate) {
                        <QueryLink to={Route::TaskNew} class="button primary" testid="task-new"
                            query={TaskFilter { plan_item_id: filter.plan_item_id.clone(), ..TaskFilter::default() }.pairs()}>
                            { session.t("tasks.new") }
                        </QueryLink>
                    }
                </div>
            </div>
            <form class="card filters" role="search" aria-label={session.t("tasks.filters")}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field">
                    <label for="tasks-filter-q">{ session.t("tasks.search") }</label>
                    <input id="tasks-filter-q" data-testid="tasks-filter-q" type="search" value={(*typed).clone()} {oninput}
                        autocomplete="off" placeholder={session.t("tasks.search_hint")} />
                </div>
                if session.state.can(Action::UsersRead) {
                    { select("tasks-filter-assignee", "tasks.assignee", &filter.assignee_user_id, user_options,
                        pick(|f, v| f.assignee_user_id = v)) }
                }
                { select("tasks-filter-area", "tasks.area", &filter.area_id, province_options, pick(|f, v| f.area_id = v)) }
                { select("tasks-filter-plan-item", "tasks.plan_item", &filter.plan_item_id, item_options,
                    pick(|f, v| f.plan_item_id = v)) }
                <div class="field">
                    <label for="tasks-filter-due-from">{ session.t("tasks.due_from") }</label>
                    <input id="tasks-filter-due-from" data-testid="tasks-filter-due-from" type="date"
                        value={filter.due_from.clone()} onchange={set(|f, v| f.due_from = v)} />
                </div>
                <div class="field">
                    <label for="tasks-filter-due-to">{ session.t("tasks.due_to") }</label>
                    <input id="tasks-filter-due-to" data-testid="tasks-filter-due-to" type="date"
                        value={filter.due_to.clone()} onchange={set(|f, v| f.due_to = v)} />
                </div>
                { select("tasks-sort", "tasks.sort", sort_value, sort_options,
                    pick(|f, v| f.sort = TaskSort::parse(&v).filter(|s| *s != TaskSort::DueOn))) }
                <fieldset class="statuses">
                    <legend>{ session.t("tasks.status") }</legend>
                    { for TaskStatus::ALL.iter().map(|status| {
                        let id = format!("tasks-filter-status-{}", status.as_str());
                        html! {
                            <span class="field check">
                                <input type="checkbox" id={id.clone()} data-testid={id.clone()}
                                    checked={filter.status.contains(status)} onchange={toggle_status(*status)} />
                                <label for={id}>{ status_label(lang, *status) }</label>
                            </span>
                        }
                    }) }
                </fieldset>
                <div class="flags">
                    { check("tasks-filter-mine", "tasks.mine", filter.mine, flag(|f, v| f.mine = v)) }
                    { check("tasks-filter-overdue", "tasks.overdue", filter.overdue, flag(|f, v| f.overdue = v)) }
                    { check("tasks-filter-due-soon", "tasks.due_soon", filter.due_soon, flag(|f, v| f.due_soon = v)) }
                </div>
                <div class="actions">
                    <button type="button" class="secondary" data-testid="tasks-filter-clear" onclick={clear}
                        disabled={filter.is_empty()}>{ session.t("action.clear") }</button>
                    <button type="button" class="secondary" data-testid="tasks-export-csv" onclick={export("csv")}
                        disabled={*exporting}>{ session.t("tasks.export_csv") }</button>
                    <button type="button" class="secondary" data-testid="tasks-export-xlsx" onclick={export("xlsx")}
                        disabled={*exporting}>{ session.t("tasks.export_xlsx") }</button>
                </div>
            </form>
            if let Some(error) = &list.error { <ErrorNote error={error.clone()} /> }
            if list.items.is_empty() {
                if list.loading { <Loading /> } else if list.error.is_none() { <Empty key_name="tasks.none" /> }
            } else {
                <TaskTable tasks={list.items.clone()} />
                if list.next.is_some() {
                    <button type="button" class="secondary more" data-testid="tasks-more" onclick={more} disabled={list.loading}>
                        { session.t(if list.loading { "loading" } else { "action.more" }) }
                    </button>
                }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, pages::tasks::model::tests::task, testing::render};
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn the_table_shows_status_priority_and_overdue_in_both_languages() {
        fn view() -> Html {
            let tasks =
                Rc::new(vec![task(1, TaskStatus::InProgress, "2001-01-01"), task(2, TaskStatus::Done, "2001-01-01")]);
            html! { <TaskTable {tasks} /> }
        }
        let vi = render(Lang::Vi, Some(Role::GroupHead), view).await;
        assert!(vi.contains("Đang thực hiện") && vi.contains("Cao") && vi.contains("01/01/2001"), "{vi}");
        assert!(vi.contains("Quá hạn"), "an open task past its date is overdue: {vi}");
        assert_eq!(vi.matches("overdue-tag").count(), 1, "a done task is never overdue: {vi}");
        assert!(vi.contains(r#"href="/tasks/00000000-0000-0000-0000-000000000001""#));
        let en = render(Lang::En, Some(Role::GroupHead), view).await;
        assert!(
            en.contains("In progress") && en.contains("High") && en.contains("2001-01-01") && en.contains("Overdue"),
            "{en}"
        );
    }
}
