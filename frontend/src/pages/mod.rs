//! The pages, one folder per module (named as the server's route modules), and the guard
//! every route passes: signed-out users go to `/login`, a missing permission shows
//! "forbidden", everything else renders inside the shell.

pub mod aid;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod community_teams;
pub mod dashboard;
pub mod not_found;
pub mod notifications;
pub mod org_units;
pub mod plans;
pub mod reports;
pub mod tasks;
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
        (Route::Login, false) => return html! { <auth::login::LoginPage /> },
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
        Route::Dashboard if role == Some(Role::Member) => html! { <tasks::my_tasks::MyTasks /> },
        Route::Dashboard => html! { <dashboard::Dashboard /> },
        Route::Users => html! { <users::list::UserList /> },
        Route::UserNew => html! { <users::form::UserNew /> },
        Route::User { id } => html! { <users::form::UserEdit {id} /> },
        Route::OrgUnits => html! { <org_units::OrgUnits /> },
        Route::Areas => html! { <areas::tree::Areas /> },
        Route::AreaGroups => html! { <areas::groups::AreaGroupList /> },
        Route::AreaGroup { id } => html! { <areas::groups::AreaGroupEdit {id} /> },
        Route::Audit => html! { <audit::Audit /> },
        Route::Plans => html! { <plans::PlanList /> },
        Route::Plan { id } => html! { <plans::PlanView {id} /> },
        Route::WorkingGroups => html! { <working_groups::list::WorkingGroupList /> },
        Route::WorkingGroup { id } => html! { <working_groups::roster::Roster {id} /> },
        Route::Assignments { id } => html! { <working_groups::assignments::Matrix {id} /> },
        Route::MyTasks => html! { <tasks::my_tasks::MyTasks /> },
        Route::Tasks => html! { <tasks::list::TaskList /> },
        Route::TaskBoard => html! { <tasks::board::TaskBoard /> },
        Route::TaskNew => html! { <tasks::form::TaskNew /> },
        Route::Task { id } => html! { <tasks::detail::TaskDetail {id} /> },
        Route::TaskEdit { id } => html! { <tasks::form::TaskEdit {id} /> },
        Route::Notifications => html! { <notifications::Notifications /> },
        Route::CommunityTeams => html! { <community_teams::list::TeamList /> },
        Route::TeamNew => html! { <community_teams::form::TeamNew /> },
        Route::CommunityTeam { id } => html! { <community_teams::team::TeamPage {id} /> },
        Route::TeamEdit { id } => html! { <community_teams::form::TeamEdit {id} /> },
        Route::TeamScorecard => html! { <community_teams::scorecard::Scorecard /> },
        Route::TeamModels => html! { <community_teams::pipeline::Pipeline /> },
        Route::TeamModel { id } => html! { <community_teams::team_model::TeamModelPage {id} /> },
        Route::Campaigns => html! { <aid::campaigns::CampaignList /> },
        Route::CampaignNew => html! { <aid::campaigns::CampaignNew /> },
        Route::Campaign { id } => html! { <aid::campaigns::CampaignPage {id} /> },
        Route::CampaignEdit { id } => html! { <aid::campaigns::CampaignEdit {id} /> },
        Route::Donors => html! { <aid::donors::DonorList /> },
        Route::DonorNew => html! { <aid::donors::DonorNew /> },
        Route::Donor { id } => html! { <aid::donors::DonorPage {id} /> },
        Route::DonationNew => html! { <aid::desk::DonationNew /> },
        Route::Donation { id } => html! { <aid::donation::DonationPage {id} /> },
        Route::Stock => html! { <aid::stock::StockList /> },
        Route::StockLocation { id } => html! { <aid::stock::StockLocationPage {id} /> },
        Route::Beneficiaries => html! { <aid::beneficiaries::registry::BeneficiaryList /> },
        Route::BeneficiaryNew => html! { <aid::beneficiaries::form::BeneficiaryNew /> },
        Route::Beneficiary { id } => html! { <aid::beneficiaries::person::BeneficiaryPage {id} /> },
        Route::HouseholdNew => html! { <aid::beneficiaries::form::HouseholdNew /> },
        Route::Household { id } => html! { <aid::beneficiaries::household::HouseholdPage {id} /> },
        Route::Rounds => html! { <aid::distributions::list::RoundList /> },
        Route::RoundNew => html! { <aid::distributions::builder::RoundNew /> },
        Route::Round { id } => html! { <aid::distributions::list::RoundPage {id} /> },
        Route::RoundChecklist { id } => html! { <aid::distributions::checklist::DeliveryChecklist {id} /> },
        Route::Reports => html! { <reports::mine::MyReports /> },
        Route::ReportReview => html! { <reports::review::ReviewQueue /> },
        Route::ReportTimeliness => html! { <reports::review::Timeliness /> },
        Route::ReportSubmission { id } => html! { <reports::submission::SubmissionPage {id} /> },
        Route::ConsolidatedReports => html! { <reports::consolidated::ConsolidatedList /> },
        Route::ConsolidatedReport { id } => html! { <reports::consolidated::ConsolidatedPage {id} /> },
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
