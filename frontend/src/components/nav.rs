//! The main navigation: only the entries the caller's permissions allow.

use crate::{components::link::AppLink, route::Route, state::use_session, state::Session};
use yew::prelude::*;
use yew_router::prelude::use_route;

/// One navigation entry.
#[derive(Clone, Debug, PartialEq)]
pub struct NavEntry {
    pub route: Route,
    /// Catalogue key of its label.
    pub label: &'static str,
    pub testid: &'static str,
}

/// Every entry, in menu order.
pub fn entries() -> [NavEntry; 21] {
    let entry = |route, label, testid| NavEntry { route, label, testid };
    [
        entry(Route::Dashboard, "nav.dashboard", "nav-dashboard"),
        entry(Route::MyTasks, "nav.my_tasks", "nav-my-tasks"),
        entry(Route::Tasks, "nav.tasks", "nav-tasks"),
        entry(Route::Plans, "nav.plans", "nav-plans"),
        entry(Route::WorkingGroups, "nav.working_groups", "nav-working-groups"),
        entry(Route::CommunityTeams, "nav.community_teams", "nav-community-teams"),
        entry(Route::TeamScorecard, "nav.team_scorecard", "nav-team-scorecard"),
        entry(Route::TeamModels, "nav.team_models", "nav-team-models"),
        entry(Route::Campaigns, "nav.campaigns", "nav-campaigns"),
        entry(Route::Donors, "nav.donors", "nav-donors"),
        entry(Route::DonationNew, "nav.donation_new", "nav-donation-new"),
        entry(Route::Stock, "nav.stock", "nav-stock"),
        entry(Route::Beneficiaries, "nav.beneficiaries", "nav-beneficiaries"),
        entry(Route::Rounds, "nav.distributions", "nav-distributions"),
        entry(Route::Reports, "nav.reports", "nav-reports"),
        entry(Route::Notifications, "nav.notifications", "nav-notifications"),
        entry(Route::Users, "nav.users", "nav-users"),
        entry(Route::OrgUnits, "nav.org_units", "nav-org-units"),
        entry(Route::Areas, "nav.areas", "nav-areas"),
        entry(Route::AreaGroups, "nav.area_groups", "nav-area-groups"),
        entry(Route::Audit, "nav.audit", "nav-audit"),
    ]
}

/// The entries `session` may use.
pub fn visible(session: &Session) -> Vec<NavEntry> {
    entries().into_iter().filter(|entry| entry.route.needs().is_none_or(|action| session.can(action))).collect()
}

/// The section a route belongs to, for highlighting its entry: the nearest of its
/// breadcrumb's pages that the menu lists.
fn section(route: &Route) -> Route {
    let menu = entries();
    route
        .ancestry()
        .into_iter()
        .find(|page| menu.iter().any(|entry| entry.route == *page))
        .unwrap_or_else(|| route.clone())
}

#[derive(Properties, PartialEq)]
pub struct NavProps {
    /// Open on narrow screens (the menu button toggles it).
    #[prop_or_default]
    pub open: bool,
    /// Called after following an entry.
    #[prop_or_default]
    pub onnavigate: Callback<()>,
}

#[component]
pub fn Nav(props: &NavProps) -> Html {
    let session = use_session();
    let current = use_route::<Route>().map(|route| section(&route));
    html! {
        <nav id="main-nav" class={classes!("nav", props.open.then_some("open"))} aria-label={session.t("nav.label")}>
            <ul>
                { for visible(&session.state).into_iter().map(|entry| {
                    let here = current.as_ref() == Some(&entry.route);
                    html! {
                        <li>
                            <AppLink to={entry.route} testid={entry.testid} current={here}
                                class={classes!(here.then_some("active"))} onnavigate={props.onnavigate.clone()}>
                                { session.t(entry.label) }
                            </AppLink>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Lang, testing::render};
    use danvan_domain::role::Role;

    #[tokio::test]
    async fn an_admin_sees_every_entry() {
        let html = render(Lang::Vi, Some(Role::Admin), || html! { <Nav /> }).await;
        for entry in entries() {
            assert!(html.contains(&format!(r#"data-testid="{}""#, entry.testid)), "{} in {html}", entry.testid);
        }
        assert!(html.contains("Nhật ký hệ thống"));
        assert!(html.contains(r#"href="/org-units""#));
    }

    #[tokio::test]
    async fn a_viewer_sees_only_reference_data() {
        let html = render(Lang::En, Some(Role::Viewer), || html! { <Nav /> }).await;
        for shown in ["nav-dashboard", "nav-org-units", "nav-areas", "nav-area-groups"] {
            assert!(html.contains(shown), "{shown} in {html}");
        }
        for hidden in ["nav-users", "nav-audit"] {
            assert!(!html.contains(hidden), "{hidden} in {html}");
        }
        assert!(html.contains("Areas"));
    }

    #[tokio::test]
    async fn a_leader_lists_users_but_not_the_audit_log() {
        let html = render(Lang::Vi, Some(Role::Leader), || html! { <Nav /> }).await;
        assert!(html.contains("nav-users"));
        assert!(!html.contains("nav-audit"));
    }
}
