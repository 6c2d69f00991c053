//! The app's routes, which permission each needs, its title and its breadcrumb.

use danvan_domain::permission::Action;
use uuid::Uuid;
use yew_router::Routable;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/login")]
    Login,
    #[at("/")]
    Dashboard,
    #[at("/users")]
    Users,
    #[at("/users/new")]
    UserNew,
    #[at("/users/:id")]
    User { id: Uuid },
    #[at("/org-units")]
    OrgUnits,
    #[at("/areas")]
    Areas,
    #[at("/area-groups")]
    AreaGroups,
    #[at("/area-groups/:id")]
    AreaGroup { id: Uuid },
    #[at("/audit")]
    Audit,
    #[at("/plans")]
    Plans,
    #[at("/plans/:id")]
    Plan { id: Uuid },
    #[at("/working-groups")]
    WorkingGroups,
    #[at("/working-groups/:id")]
    WorkingGroup { id: Uuid },
    #[at("/working-groups/:id/assignments")]
    Assignments { id: Uuid },
    #[at("/my-tasks")]
    MyTasks,
    #[at("/tasks")]
    Tasks,
    #[at("/tasks/board")]
    TaskBoard,
    #[at("/tasks/new")]
    TaskNew,
    #[at("/tasks/:id")]
    Task { id: Uuid },
    #[at("/tasks/:id/edit")]
    TaskEdit { id: Uuid },
    #[at("/notifications")]
    Notifications,
    #[at("/community-teams")]
    CommunityTeams,
    #[at("/community-teams/new")]
    TeamNew,
    #[at("/community-teams/:id")]
    CommunityTeam { id: Uuid },
    #[at("/community-teams/:id/edit")]
    TeamEdit { id: Uuid },
    #[at("/team-scorecard")]
    TeamScorecard,
    #[at("/team-models")]
    TeamModels,
    #[at("/team-models/:id")]
    TeamModel { id: Uuid },
    #[at("/campaigns")]
    Campaigns,
    #[at("/campaigns/new")]
    CampaignNew,
    #[at("/campaigns/:id")]
    Campaign { id: Uuid },
    #[at("/campaigns/:id/edit")]
    CampaignEdit { id: Uuid },
    #[at("/donors")]
    Donors,
    #[at("/donors/new")]
    DonorNew,
    #[at("/donors/:id")]
    Donor { id: Uuid },
    #[at("/donations/new")]
    DonationNew,
    #[at("/donations/:id")]
    Donation { id: Uuid },
    #[at("/stock")]
    Stock,
    #[at("/stock/:id")]
    StockLocation { id: Uuid },
    #[at("/beneficiaries")]
    Beneficiaries,
    #[at("/beneficiaries/new")]
    BeneficiaryNew,
    #[at("/beneficiaries/:id")]
    Beneficiary { id: Uuid },
    #[at("/households/new")]
    HouseholdNew,
    #[at("/households/:id")]
    Household { id: Uuid },
    #[at("/distributions")]
    Rounds,
    #[at("/distributions/new")]
    RoundNew,
    #[at("/distributions/:id")]
    Round { id: Uuid },
    #[at("/distributions/:id/checklist")]
    RoundChecklist { id: Uuid },
    #[at("/reports")]
    Reports,
    #[at("/reports/review")]
    ReportReview,
    #[at("/reports/timeliness")]
    ReportTimeliness,
    #[at("/report-submissions/:id")]
    ReportSubmission { id: Uuid },
    #[at("/consolidated-reports")]
    ConsolidatedReports,
    #[at("/consolidated-reports/:id")]
    ConsolidatedReport { id: Uuid },
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// What the app knows of a route besides its path: the one row a new page adds.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteSpec {
    /// The permission a signed-in user needs to open it, if any.
    pub needs: Option<Action>,
    /// The catalogue key of the page's title.
    pub title_key: &'static str,
    /// The page one step up the breadcrumb; the dashboard when absent.
    pub parent: Option<Route>,
}

impl Route {
    /// The route's permission, title and place in the breadcrumb.
    pub fn spec(&self) -> RouteSpec {
        use Action::*;
        let spec = |needs, title_key, parent| RouteSpec { needs, title_key, parent };
        match self {
            Route::Login => spec(None, "login.title", None),
            Route::Dashboard => spec(None, "nav.dashboard", None),
            Route::NotFound => spec(None, "not_found.title", None),
            Route::Users => spec(Some(UsersRead), "nav.users", None),
            Route::UserNew => spec(Some(UsersManage), "users.new", Some(Route::Users)),
            Route::User { .. } => spec(Some(UsersRead), "users.edit", Some(Route::Users)),
            Route::OrgUnits => spec(Some(OrgUnitsRead), "nav.org_units", None),
            Route::Areas => spec(Some(AreasRead), "nav.areas", None),
            Route::AreaGroups => spec(Some(AreasRead), "nav.area_groups", None),
            Route::AreaGroup { .. } => spec(Some(AreasRead), "area_groups.edit", Some(Route::AreaGroups)),
            Route::Audit => spec(Some(AuditRead), "nav.audit", None),
            Route::Plans => spec(Some(PlansRead), "nav.plans", None),
            Route::Plan { .. } => spec(Some(PlansRead), "plans.plan", Some(Route::Plans)),
            Route::WorkingGroups => spec(Some(PlansRead), "nav.working_groups", None),
            Route::WorkingGroup { .. } => spec(Some(PlansRead), "working_groups.roster", Some(Route::WorkingGroups)),
            Route::Assignments { id } => {
                spec(Some(PlansRead), "assignments.title", Some(Route::WorkingGroup { id: *id }))
            }
            Route::MyTasks => spec(Some(TasksRead), "nav.my_tasks", None),
            Route::Tasks => spec(Some(TasksRead), "nav.tasks", None),
            Route::TaskBoard => spec(Some(TasksRead), "tasks.board", Some(Route::Tasks)),
            Route::TaskNew => spec(Some(TasksCreate), "tasks.new", Some(Route::Tasks)),
            Route::Task { .. } => spec(Some(TasksRead), "tasks.detail", Some(Route::Tasks)),
            Route::TaskEdit { id } => spec(Some(TasksCreate), "tasks.edit", Some(Route::Task { id: *id })),
            Route::Notifications => spec(Some(NotificationsRead), "notifications.title", None),
            Route::CommunityTeams => spec(Some(CommunityTeamsRead), "nav.community_teams", None),
            Route::TeamNew => spec(Some(CommunityTeamsManage), "teams.new", Some(Route::CommunityTeams)),
            Route::CommunityTeam { .. } => spec(Some(CommunityTeamsRead), "teams.detail", Some(Route::CommunityTeams)),
            Route::TeamEdit { id } => {
                spec(Some(CommunityTeamsManage), "teams.edit", Some(Route::CommunityTeam { id: *id }))
            }
            Route::TeamScorecard => spec(Some(CommunityTeamsRead), "nav.team_scorecard", None),
            Route::TeamModels => spec(Some(CommunityTeamsRead), "nav.team_models", None),
            Route::TeamModel { .. } => spec(Some(CommunityTeamsRead), "models.detail", Some(Route::TeamModels)),
            Route::Campaigns => spec(Some(AidRead), "nav.campaigns", None),
            Route::CampaignNew => spec(Some(AidManage), "aid.campaign_new", Some(Route::Campaigns)),
            Route::Campaign { .. } => spec(Some(AidRead), "aid.campaign", Some(Route::Campaigns)),
            Route::CampaignEdit { id } => spec(Some(AidManage), "aid.campaign_edit", Some(Route::Campaign { id: *id })),
            Route::Donors => spec(Some(AidRead), "nav.donors", None),
            Route::DonorNew => spec(Some(DonationsRecord), "aid.donor_new", Some(Route::Donors)),
            Route::Donor { .. } => spec(Some(AidRead), "aid.donor", Some(Route::Donors)),
            Route::DonationNew => spec(Some(DonationsRecord), "nav.donation_new", None),
            Route::Donation { .. } => spec(Some(AidRead), "aid.donation", Some(Route::Campaigns)),
            Route::Stock => spec(Some(AidRead), "nav.stock", None),
            Route::StockLocation { .. } => spec(Some(AidRead), "aid.location", Some(Route::Stock)),
            Route::Beneficiaries => spec(Some(BeneficiariesRead), "nav.beneficiaries", None),
            Route::BeneficiaryNew => spec(Some(BeneficiariesManage), "ben.new", Some(Route::Beneficiaries)),
            Route::Beneficiary { .. } => spec(Some(BeneficiariesRead), "ben.person", Some(Route::Beneficiaries)),
            Route::HouseholdNew => spec(Some(BeneficiariesManage), "ben.household_new", Some(Route::Beneficiaries)),
            Route::Household { .. } => spec(Some(BeneficiariesRead), "ben.household", Some(Route::Beneficiaries)),
            Route::Rounds => spec(Some(BeneficiariesRead), "nav.distributions", None),
            Route::RoundNew => spec(Some(DistributionsManage), "distributions.new", Some(Route::Rounds)),
            Route::Round { .. } => spec(Some(BeneficiariesRead), "distributions.round", Some(Route::Rounds)),
            Route::RoundChecklist { id } => {
                spec(Some(DistributionsDeliver), "distributions.checklist", Some(Route::Round { id: *id }))
            }
            Route::Reports => spec(Some(ReportsRead), "nav.reports", None),
            Route::ReportReview => spec(Some(ReportsReview), "reports.review", Some(Route::Reports)),
            Route::ReportTimeliness => spec(Some(ReportsRead), "reports.timeliness", Some(Route::Reports)),
            Route::ReportSubmission { .. } => spec(Some(ReportsRead), "reports.report", Some(Route::Reports)),
            Route::ConsolidatedReports => spec(Some(ReportsRead), "reports.consolidated", Some(Route::Reports)),
            Route::ConsolidatedReport { .. } => {
                spec(Some(ReportsRead), "reports.consolidated_report", Some(Route::ConsolidatedReports))
            }
        }
    }

    /// The permission a signed-in user needs to open this route, if any.
    pub fn needs(&self) -> Option<Action> {
        self.spec().needs
    }

    /// The catalogue key of the page's title.
    pub fn title_key(&self) -> &'static str {
        self.spec().title_key
    }

    /// This route and the pages above it, nearest first, without the dashboard.
    pub fn ancestry(&self) -> Vec<Route> {
        let mut chain = Vec::new();
        let mut next = (*self != Route::Dashboard).then(|| self.clone());
        // The parents form a tree; the bound only guards against a cycle written by mistake.
        while let Some(route) = next.filter(|_| chain.len() < 8) {
            next = route.spec().parent;
            chain.push(route);
        }
        chain
    }

    /// The trail from the dashboard to this page: title keys, with a link for all but the last.
    pub fn breadcrumb(&self) -> Vec<(&'static str, Option<Route>)> {
        let mut trail = vec![("nav.dashboard", Some(Route::Dashboard))];
        trail.extend(self.ancestry().into_iter().rev().map(|route| (route.title_key(), Some(route))));
        if let Some(last) = trail.last_mut() {
            last.1 = None;
        }
        trail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_routes() {
        let id = Uuid::from_u128(7);
        assert_eq!(Route::recognize("/"), Some(Route::Dashboard));
        assert_eq!(Route::recognize("/users/new"), Some(Route::UserNew));
        assert_eq!(Route::recognize(&format!("/users/{id}")), Some(Route::User { id }));
        assert_eq!(Route::recognize("/users/not-a-uuid"), Some(Route::NotFound));
        assert_eq!(Route::recognize("/nowhere"), Some(Route::NotFound));
        assert_eq!(Route::AreaGroup { id }.to_path(), format!("/area-groups/{id}"));
        assert_eq!(Route::recognize("/community-teams/new"), Some(Route::TeamNew));
        assert_eq!(Route::recognize(&format!("/community-teams/{id}/edit")), Some(Route::TeamEdit { id }));
        assert_eq!(Route::recognize(&format!("/team-models/{id}")), Some(Route::TeamModel { id }));
        assert_eq!(Route::TeamScorecard.to_path(), "/team-scorecard");
    }

    #[test]
    fn breadcrumbs_link_every_step_but_the_last() {
        let id = Uuid::from_u128(1);
        assert_eq!(Route::Dashboard.breadcrumb(), vec![("nav.dashboard", None)]);
        assert_eq!(
            Route::User { id }.breadcrumb(),
            vec![("nav.dashboard", Some(Route::Dashboard)), ("nav.users", Some(Route::Users)), ("users.edit", None)]
        );
    }

    #[test]
    fn nested_pages_trail_through_their_parents() {
        let id = Uuid::from_u128(2);
        assert_eq!(
            Route::Assignments { id }.breadcrumb(),
            vec![
                ("nav.dashboard", Some(Route::Dashboard)),
                ("nav.working_groups", Some(Route::WorkingGroups)),
                ("working_groups.roster", Some(Route::WorkingGroup { id })),
                ("assignments.title", None),
            ]
        );
        assert_eq!(Route::TaskEdit { id }.ancestry(), vec![Route::TaskEdit { id }, Route::Task { id }, Route::Tasks]);
        assert_eq!(Route::Login.breadcrumb(), vec![("nav.dashboard", Some(Route::Dashboard)), ("login.title", None)]);
    }

    #[test]
    fn management_pages_need_management_rights() {
        assert_eq!(Route::UserNew.needs(), Some(Action::UsersManage));
        assert_eq!(Route::Audit.needs(), Some(Action::AuditRead));
        assert_eq!(Route::Dashboard.needs(), None);
        assert_eq!(Route::TeamNew.needs(), Some(Action::CommunityTeamsManage));
        assert_eq!(Route::TeamModels.needs(), Some(Action::CommunityTeamsRead));
    }
}
