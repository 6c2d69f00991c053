//! The frame around every signed-in page: the header (brand, menu button on narrow
//! screens, the notifications bell, the user's name and org unit, the language switch,
//! logging out), the navigation, the breadcrumb and the page itself.

use crate::{
    api,
    components::{
        bell::{Bell, BellCtx, Ticks},
        breadcrumb::Breadcrumb,
        link::AppLink,
        load::use_load,
        nav::Nav,
    },
    route::Route,
    state::{use_session, SessionAction},
};
use danvan_domain::permission::Action;
use yew::{platform::spawn_local, prelude::*};

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub route: Route,
    pub children: Html,
}

#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let session = use_session();
    let menu_open = use_state(|| false);
    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_| menu_open.set(!*menu_open))
    };
    let close_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |()| menu_open.set(false))
    };
    // Pages that mark notifications read bump this, and the bell asks again.
    let bell_tick = use_reducer(Ticks::default);
    let bell = {
        let dispatcher = bell_tick.dispatcher();
        use_memo((), move |()| BellCtx(Callback::from(move |()| dispatcher.dispatch(()))))
    };
    html! {
        <ContextProvider<BellCtx> context={(*bell).clone()}>
        <div class="app">
            <a class="skip" href="#main">{ session.t("skip_to_content") }</a>
            <header class="topbar">
                <AppLink to={Route::Dashboard} class="brand">{ "Dân vận" }</AppLink>
                <button type="button" class="menu-toggle" aria-controls="main-nav"
                    aria-expanded={(*menu_open).to_string()} onclick={toggle_menu}>
                    { session.t("nav.menu") }
                </button>
                <Account bell_tick={bell_tick.0} />
            </header>
            <div class="layout">
                <Nav open={*menu_open} onnavigate={close_menu} />
                <main id="main" tabindex="-1">
                    <Breadcrumb route={props.route.clone()} />
                    { props.children.clone() }
                </main>
            </div>
        </div>
        </ContextProvider<BellCtx>>
    }
}

/// The language switch button (also on the login page).
#[component]
pub fn LangSwitch() -> Html {
    let session = use_session();
    let onclick = {
        let dispatch = session.dispatch.clone();
        Callback::from(move |_| dispatch.emit(SessionAction::ToggleLang))
    };
    html! {
        <button type="button" class="lang" data-testid="lang-switch" lang={session.lang().other().code()}
            aria-label={session.t("lang.switch_label")} {onclick}>
            { session.t("lang.switch") }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct AccountProps {
    bell_tick: u32,
}

/// The bell, who is signed in, the language switch and the logout button.
#[component]
fn Account(props: &AccountProps) -> Html {
    let session = use_session();
    let state = session.state.clone();
    let unit_id = state.me.as_ref().and_then(|me| me.user.org_unit_id);
    let unit = use_load(unit_id, |id| async move {
        match id {
            Some(id) => api::client().get_org_unit(id).await.map(|unit| Some(unit.value.name)),
            None => Ok(None),
        }
    });
    let name = state.me.as_ref().map(|me| me.user.display_name.clone()).unwrap_or_default();
    let logout = Callback::from(|_| spawn_local(api::auth::logout()));
    html! {
        <div class="account">
            if state.can(Action::NotificationsRead) { <Bell tick={props.bell_tick} /> }
            <span class="user" data-testid="user-menu">
                <span class="user-name">{ name }</span>
                if let Some(Some(unit)) = unit.ready() { <span class="user-unit">{ unit.clone() }</span> }
            </span>
            <LangSwitch />
            <button type="button" class="secondary" data-testid="logout" onclick={logout}>{ session.t("logout") }</button>
        </div>
    }
}
