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
    pages::tasks::{
        list::TaskTable,
        model::{my_groups, MyGroups},
    },
    route::Route,
    state::use_session,
};
use danvan_domain::task::Task;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn MyTasks() -> Html {
    let session = use_session();
    use_title(session.t("nav.my_tasks"));
    let tasks = use_load((), |()| async { api::tasks::all(&TaskFilter { mine: true, ..TaskFilter::default() }).await });
    let body = match &*tasks {
        Load::Loading => html! { <Loading /> },
        Load::Failed(error) => html! { <ErrorNote error={error.clone()} /> },
        Load::Ready(tasks) => {
            let groups = my_groups(tasks, today());
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
