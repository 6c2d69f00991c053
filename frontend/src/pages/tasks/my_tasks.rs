//! "My tasks", a member's home page: the tasks assigned to the caller (directly or through
//! their org unit), grouped as overdue, due soon, the rest still open, and recently done.

use crate::{
    api::{self, tasks::TaskFilter},
    components::{
        dates::today,
        hooks::use_title,
        link::AppLink,
        load::{use_load, Load},
        status::{Empty, ErrorNote, Loading},
    },
    pages::tasks::list::TaskTable,
    route::Route,
    state::use_session,
};
use chrono::{Duration, NaiveDate};
use danvan_domain::{
    calendar,
    task::{Task, TaskStatus},
};
use std::rc::Rc;
use yew::prelude::*;

/// How many days a finished task stays under "recently done".
pub const RECENT_DAYS: i64 = 14;

/// The caller's tasks, grouped for the page. Cancelled tasks are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MyGroups {
    pub overdue: Vec<Task>,
    pub due_soon: Vec<Task>,
    pub open: Vec<Task>,
    pub done: Vec<Task>,
}

/// Sorts `tasks` into the groups as seen on `today`: open ones by due date, done ones
/// (finished within [`RECENT_DAYS`]) newest first.
pub fn group(tasks: &[Task], today: NaiveDate) -> MyGroups {
    let mut groups = MyGroups::default();
    let soon = calendar::due_soon_until(today);
    let recent = today - Duration::days(RECENT_DAYS);
    for task in tasks {
        if task.status.is_open() {
            let list = if task.due_on < today {
                &mut groups.overdue
            } else if task.due_on <= soon {
                &mut groups.due_soon
            } else {
                &mut groups.open
            };
            list.push(task.clone());
        } else if matches!(task.status, TaskStatus::Done | TaskStatus::Verified)
            && calendar::today(task.updated_at) >= recent
        {
            groups.done.push(task.clone());
        }
    }
    for list in [&mut groups.overdue, &mut groups.due_soon, &mut groups.open] {
        list.sort_by_key(|task| (task.due_on, -task.priority.rank()));
    }
    groups.done.sort_by_key(|task| std::cmp::Reverse(task.updated_at));
    groups
}

#[component]
pub fn MyTasks() -> Html {
    let session = use_session();
    use_title(session.t("nav.my_tasks"));
    let tasks = use_load((), |()| async { api::tasks::all(&TaskFilter { mine: true, ..TaskFilter::default() }).await });
    let body = match &*tasks {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(tasks) => {
            let groups = group(tasks, today());
            let section = |key: &'static str, testid: &'static str, list: Vec<Task>| {
                if list.is_empty() {
                    return html! {};
                }
                html! {
                    <section class={classes!("my-group", testid)} data-testid={testid}>
                        <h2>{ format!("{} ({})", session.t(key), list.len()) }</h2>
                        <TaskTable tasks={Rc::new(list)} testid={format!("{testid}-table")} />
                    </section>
                }
            };
            let empty = groups == MyGroups::default();
            html! {
                <>
                    if empty { <Empty key_name="my_tasks.none" /> }
                    { section("my_tasks.overdue", "my-overdue", groups.overdue) }
                    { section("my_tasks.due_soon", "my-due-soon", groups.due_soon) }
                    { section("my_tasks.open", "my-open", groups.open) }
                    { section("my_tasks.done", "my-done", groups.done) }
                </>
            }
        }
    };
    html! {
        <section data-testid="my-tasks">
            <div class="page-head">
                <h1>{ session.t("nav.my_tasks") }</h1>
                <AppLink to={Route::Tasks} class="button secondary" testid="my-tasks-all">{ session.t("my_tasks.all") }</AppLink>
            </div>
            if let Some(name) = session.state.me.as_ref().map(|me| me.user.display_name.clone()) {
                <p class="muted">{ format!("{}, {name}.", session.t("dashboard.welcome")) }</p>
            }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::tasks::list::tests::task;

    #[test]
    fn tasks_fall_into_overdue_due_soon_open_and_recently_done() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap_or_default();
        let recently =
            chrono::DateTime::parse_from_rfc3339("2026-05-09T03:00:00Z").map(|t| t.to_utc()).unwrap_or_default();
        let mut done = task(4, TaskStatus::Verified, "2026-05-01");
        done.updated_at = recently;
        let old_done = task(5, TaskStatus::Done, "2026-01-01");
        let tasks = vec![
            task(1, TaskStatus::InProgress, "2026-05-09"),
            task(2, TaskStatus::New, "2026-05-13"),
            task(3, TaskStatus::Blocked, "2026-05-14"),
            done,
            old_done,
            task(6, TaskStatus::Cancelled, "2026-05-01"),
            task(7, TaskStatus::Accepted, "2026-05-10"),
        ];
        let groups = group(&tasks, today);
        let ids = |list: &[Task]| list.iter().map(|task| task.id.as_u128()).collect::<Vec<_>>();
        assert_eq!(ids(&groups.overdue), [1]);
        assert_eq!(ids(&groups.due_soon), [7, 2]);
        assert_eq!(ids(&groups.open), [3]);
        assert_eq!(ids(&groups.done), [4]);
    }
}
