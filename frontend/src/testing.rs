//! Test helpers: a caller of a given role, and server-side rendering of a component
//! inside the app's contexts (session, router).

use crate::{
    i18n::Lang,
    state::{Session, SessionCtx, Tokens},
};
use danvan_domain::{
    auth::{Me, ScopeSummary},
    role::Role,
    user::User,
};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::{
    history::{AnyHistory, MemoryHistory},
    Router,
};

/// The caller of `role`, with that role's permissions.
pub fn me(role: Role) -> Rc<Me> {
    let now = chrono::DateTime::UNIX_EPOCH;
    Rc::new(Me {
        user: User {
            id: uuid::Uuid::nil(),
            username: "admin".into(),
            display_name: "Nguyễn Văn Quản".into(),
            email: None,
            role,
            org_unit_id: None,
            scope_area_ids: vec![],
            scope_area_group_ids: vec![],
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
        },
        permissions: danvan_domain::permission::actions_of(role),
        scope: ScopeSummary { all_areas: true, province_ids: vec![] },
    })
}

#[derive(Properties)]
pub struct HarnessProps {
    pub lang: Lang,
    /// Signed in with this role, or signed out.
    pub role: Option<Role>,
    pub view: fn() -> Html,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && self.role == other.role && std::ptr::fn_addr_eq(self.view, other.view)
    }
}

/// Provides the session and a router (in memory) to `view`.
#[component]
pub fn Harness(props: &HarnessProps) -> Html {
    let state = Session {
        lang: props.lang,
        tokens: props.role.map(|_| Tokens { access_token: "a".into() }),
        me: props.role.map(me),
        ..Session::default()
    };
    let context = SessionCtx { state: Rc::new(state), dispatch: Callback::noop() };
    let history = AnyHistory::from(MemoryHistory::new());
    html! {
        <ContextProvider<SessionCtx> {context}>
            <Router {history}>{ (props.view)() }</Router>
        </ContextProvider<SessionCtx>>
    }
}

/// Renders `view` to HTML with `yew::ServerRenderer`.
pub async fn render(lang: Lang, role: Option<Role>, view: fn() -> Html) -> String {
    yew::ServerRenderer::<Harness>::with_props(move || HarnessProps { lang, role, view })
        .hydratable(false)
        .render()
        .await
}
