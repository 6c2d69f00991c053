//! The pages, and the guard every route passes: signed-out users go to `/login`, a
//! missing permission shows "forbidden", everything else renders inside the shell.

pub mod area_groups;
pub mod areas;
pub mod assignments;
pub mod audit;
pub mod dashboard;
pub mod login;
pub mod my_tasks;
pub mod not_found;
pub mod notifications;
pub mod org_units;
pub mod plans;
pub mod task_board;
pub mod task_detail;
pub mod task_form;
pub mod tasks;
pub mod user_form;
pub mod users;
pub mod working_groups;

use crate::{
    components::{
        shell::Shell,
        status::{Forbidden, Loading},
    },
    route::Route,
    state::{use_session, SessionAction},
};
use danvan_domain::role::Role;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// Properties of a page about one record: its id from the route.
#[derive(Properties, PartialEq)]
pub struct IdProps {
    pub id: uuid::Uuid,
}

/// What `<Switch<Route>>` renders for a route.
pub fn switch(route: Route) -> Html {
    html! { <Guard {route} /> }
}

#[derive(Properties, PartialEq)]
pub struct GuardProps {
    pub route: Route,
}

/// Decides what a route shows for the current session.
#[component]
pub fn Guard(props: &GuardProps) -> Html {
    let session = use_session();
    let state = &session.state;
    let route = props.route.clone();
    match (&route, state.signed_in()) {
        (Route::Login, false) => return html! { <login::LoginPage /> },
        (Route::Login, true) => return html! { <Redirect<Route> to={Route::Dashboard} /> },
        (Route::NotFound, false) => return html! { <main class="standalone"><not_found::NotFound /></main> },
        (_, false) => return html! { <Redirect<Route> to={Route::Login} /> },
        _ => {}
    }
    if state.me.is_none() {
        return if state.me_failed {
            html! { <MeFailed /> }
        } else {
            html! { <main class="standalone"><Loading /></main> }
        };
    }
    let allowed = route.needs().is_none_or(|action| state.can(action));
    let page = if allowed {
        page(&route, state.me.as_ref().map(|me| me.user.role))
    } else {
        html! { <Forbidden /> }
    };
    html! { <Shell {route}>{ page }</Shell> }
}

fn page(route: &Route, role: Option<Role>) -> Html {
    match route.clone() {
        // A member's home is the list of their own tasks.
        Route::Dashboard if role == Some(Role::Member) => html! { <my_tasks::MyTasks /> },
        Route::Dashboard => html! { <dashboard::Dashboard /> },
        Route::Users => html! { <users::UserList /> },
        Route::UserNew => html! { <user_form::UserNew /> },
        Route::User { id } => html! { <user_form::UserEdit {id} /> },
        Route::OrgUnits => html! { <org_units::OrgUnits /> },
        Route::Areas => html! { <areas::Areas /> },
        Route::AreaGroups => html! { <area_groups::AreaGroupList /> },
        Route::AreaGroup { id } => html! { <area_groups::AreaGroupEdit {id} /> },
        Route::Audit => html! { <audit::Audit /> },
        Route::Plans => html! { <plans::PlanList /> },
        Route::Plan { id } => html! { <plans::PlanView {id} /> },
        Route::WorkingGroups => html! { <working_groups::WorkingGroupList /> },
        Route::WorkingGroup { id } => html! { <working_groups::Roster {id} /> },
        Route::Assignments { id } => html! { <assignments::Matrix {id} /> },
        Route::MyTasks => html! { <my_tasks::MyTasks /> },
        Route::Tasks => html! { <tasks::TaskList /> },
        Route::TaskBoard => html! { <task_board::TaskBoard /> },
        Route::TaskNew => html! { <task_form::TaskNew /> },
        Route::Task { id } => html! { <task_detail::TaskDetail {id} /> },
        Route::TaskEdit { id } => html! { <task_form::TaskEdit {id} /> },
        Route::Notifications => html! { <notifications::Notifications /> },
        Route::NotFound | Route::Login => html! { <not_found::NotFound /> },
    }
}

/// `GET /me` failed (not for a refused session): try again or sign out.
#[component]
fn MeFailed() -> Html {
    let session = use_session();
    let retry = {
        let dispatch = session.dispatch.clone();
        Callback::from(move |_| dispatch.emit(SessionAction::RetryMe))
    };
    let logout = Callback::from(|_| spawn_local(crate::api::auth::logout()));
    html! {
        <main class="standalone">
            <div class="error-note" role="alert">
                <strong>{ session.t("error.me_failed") }</strong>
                <div class="actions">
                    <button type="button" class="primary" onclick={retry}>{ session.t("action.retry") }</button>
                    <button type="button" class="secondary" data-testid="logout" onclick={logout}>{ session.t("logout") }</button>
                </div>
            </div>
        </main>
    }
}
