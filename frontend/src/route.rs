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
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The permission a signed-in user needs to open this route, if any.
    pub fn needs(&self) -> Option<Action> {
        match self {
            Route::Login | Route::Dashboard | Route::NotFound => None,
            Route::Users | Route::User { .. } => Some(Action::UsersRead),
            Route::UserNew => Some(Action::UsersManage),
            Route::OrgUnits => Some(Action::OrgUnitsRead),
            Route::Areas | Route::AreaGroups | Route::AreaGroup { .. } => Some(Action::AreasRead),
            Route::Audit => Some(Action::AuditRead),
            Route::Plans
            | Route::Plan { .. }
            | Route::WorkingGroups
            | Route::WorkingGroup { .. }
            | Route::Assignments { .. } => Some(Action::PlansRead),
            Route::MyTasks | Route::Tasks | Route::TaskBoard | Route::Task { .. } => Some(Action::TasksRead),
            Route::TaskNew | Route::TaskEdit { .. } => Some(Action::TasksCreate),
            Route::Notifications => Some(Action::NotificationsRead),
        }
    }

    /// The catalogue key of the page's title.
    pub fn title_key(&self) -> &'static str {
        match self {
            Route::Login => "login.title",
            Route::Dashboard => "nav.dashboard",
            Route::Users => "nav.users",
            Route::UserNew => "users.new",
            Route::User { .. } => "users.edit",
            Route::OrgUnits => "nav.org_units",
            Route::Areas => "nav.areas",
            Route::AreaGroups => "nav.area_groups",
            Route::AreaGroup { .. } => "area_groups.edit",
            Route::Audit => "nav.audit",
            Route::NotFound => "not_found.title",
            Route::Plans => "nav.plans",
            Route::Plan { .. } => "plans.plan",
            Route::WorkingGroups => "nav.working_groups",
            Route::WorkingGroup { .. } => "working_groups.roster",
            Route::Assignments { .. } => "assignments.title",
            Route::MyTasks => "nav.my_tasks",
            Route::Tasks => "nav.tasks",
            Route::TaskBoard => "tasks.board",
            Route::TaskNew => "tasks.new",
            Route::Task { .. } => "tasks.detail",
            Route::TaskEdit { .. } => "tasks.edit",
            Route::Notifications => "notifications.title",
        }
    }

    /// The trail from the dashboard to this page: title keys, with a link for all but the last.
    pub fn breadcrumb(&self) -> Vec<(&'static str, Option<Route>)> {
        let mut trail = vec![("nav.dashboard", Some(Route::Dashboard))];
        match self {
            Route::Dashboard | Route::Login => {}
            Route::UserNew | Route::User { .. } => trail.push(("nav.users", Some(Route::Users))),
            Route::AreaGroup { .. } => trail.push(("nav.area_groups", Some(Route::AreaGroups))),
            Route::Plan { .. } => trail.push(("nav.plans", Some(Route::Plans))),
            Route::WorkingGroup { .. } => trail.push(("nav.working_groups", Some(Route::WorkingGroups))),
            Route::Assignments { id } => {
                trail.push(("nav.working_groups", Some(Route::WorkingGroups)));
                trail.push(("working_groups.roster", Some(Route::WorkingGroup { id: *id })));
            }
            Route::TaskBoard | Route::TaskNew | Route::Task { .. } => trail.push(("nav.tasks", Some(Route::Tasks))),
            Route::TaskEdit { id } => {
                trail.push(("nav.tasks", Some(Route::Tasks)));
                trail.push(("tasks.detail", Some(Route::Task { id: *id })));
            }
            _ => {}
        }
        if *self != Route::Dashboard {
            trail.push((self.title_key(), None));
        } else if let Some(last) = trail.last_mut() {
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
    fn management_pages_need_management_rights() {
        assert_eq!(Route::UserNew.needs(), Some(Action::UsersManage));
        assert_eq!(Route::Audit.needs(), Some(Action::AuditRead));
        assert_eq!(Route::Dashboard.needs(), None);
    }
}
