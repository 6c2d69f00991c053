//! The bell in the header: a link to the notifications with the number of unread ones,
//! asked again every minute, on every change of page, and when a page says it read some
//! (through [`use_bell_refresh`]).

use crate::{api, components::link::AppLink, route::Route, state::use_session};
use gloo::timers::callback::Interval;
use std::rc::Rc;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::use_route;

/// How often the count is asked again, in milliseconds.
const POLL_MS: u32 = 60_000;

/// How a page tells the bell to ask again (after marking notifications read).
#[derive(Clone, Default, PartialEq)]
pub struct BellCtx(pub Callback<()>);

/// The callback that refreshes the bell (does nothing outside the shell).
#[hook]
pub fn use_bell_refresh() -> Callback<()> {
    use_context::<BellCtx>().unwrap_or_default().0
}

/// A counter that only goes up: each tick asks again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ticks(pub u32);

impl Reducible for Ticks {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Ticks(self.0.wrapping_add(1)))
    }
}

/// The badge text: the count, "99+" above 99, nothing at zero.
pub fn badge(count: i64) -> Option<String> {
    match count {
        ..=0 => None,
        1..=99 => Some(count.to_string()),
        _ => Some("99+".to_owned()),
    }
}

#[derive(Properties, PartialEq)]
pub struct BellProps {
    /// Changes when a page asks for a refresh.
    #[prop_or_default]
    pub tick: u32,
}

#[component]
pub fn Bell(props: &BellProps) -> Html {
    let session = use_session();
    let route = use_route::<Route>();
    let ticks = use_reducer(Ticks::default);
    {
        let dispatcher = ticks.dispatcher();
        use_effect_with((), move |()| {
            let interval = Interval::new(POLL_MS, move || dispatcher.dispatch(()));
            move || drop(interval)
        });
    }
    // The last count known: a refresh in flight keeps showing it.
    let count = use_state(|| 0i64);
    {
        let count = count.clone();
        use_effect_with((route, props.tick, ticks.0), move |_| {
            spawn_local(async move {
                if let Ok(unread) = api::client().unread_count().await.map(|count| count.unread) {
                    count.set(unread);
                }
            });
        });
    }
    let label = match *count {
        0 => session.t("notifications.none_unread").to_owned(),
        n => session.t("notifications.unread_count").replace("{n}", &n.to_string()),
    };
    html! {
        <AppLink to={Route::Notifications} class="bell" testid="bell">
            <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">
                <path d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1l-2-2z" />
            </svg>
            <span class="sr-only">{ format!("{}: {label}", session.t("notifications.title")) }</span>
            if let Some(text) = badge(*count) {
                <span class="bell-count" data-testid="bell-count" aria-hidden="true">{ text }</span>
            }
        </AppLink>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_shows_small_counts_and_caps_large_ones() {
        assert_eq!(badge(0), None);
        assert_eq!(badge(-1), None);
        assert_eq!(badge(7).as_deref(), Some("7"));
        assert_eq!(badge(100).as_deref(), Some("99+"));
    }
}
