//! Dân vận web app: a Yew single-page app for administrators and officials over the
//! REST API at `/api/v1` (same origin). Vietnamese by default, English on request.
//!
//! [`App`] holds the session (restored from `localStorage`), loads the caller (`GET /me`),
//! and routes every path through the guard in [`pages`].

pub mod api;
pub mod components;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod route;
pub mod state;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

use components::toast::ToastProvider;
use route::Route;
use state::{Session, SessionAction, SessionCtx};
use std::rc::Rc;
use yew::{platform::spawn_local, prelude::*};
use yew_router::prelude::*;

/// The whole app.
#[component]
pub fn App() -> Html {
    let session = use_reducer(|| {
        let restored = state::storage::load();
        api::set_tokens(restored.tokens.clone());
        restored
    });
    let dispatch = session.dispatcher().to_callback();
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |()| api::set_notify(dispatch));
    }
    // Another tab renewed the session or signed out: this tab follows it.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |()| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "storage", move |event| {
                use web_sys::wasm_bindgen::JsCast;
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
                if event.key().as_deref() != Some(state::storage::TOKENS) {
                    return;
                }
                match event.new_value().and_then(|value| serde_json::from_str::<state::Tokens>(&value).ok()) {
                    Some(tokens) => api::adopt(tokens),
                    None => {
                        api::set_tokens(None);
                        dispatch.emit(SessionAction::LoggedOut);
                    }
                }
            });
            move || drop(listener)
        });
    }
    // Keep the tokens and the language for the next visit; tell the page its language.
    {
        let snapshot = (*session).clone();
        use_effect_with((snapshot.tokens.clone(), snapshot.lang), move |_| {
            state::storage::save(&snapshot);
            if let Some(html) = gloo::utils::document().document_element() {
                let _ = html.set_attribute("lang", snapshot.lang.code());
            }
        });
    }
    // Load the caller once signed in.
    {
        let dispatch = dispatch.clone();
        let wanted = session.signed_in() && session.me.is_none() && !session.me_failed;
        use_effect_with(wanted, move |wanted| {
            if *wanted {
                spawn_local(async move {
                    match api::client().me().await {
                        Ok(me) => dispatch.emit(SessionAction::Loaded(Rc::new(me))),
                        // A refused session has already been ended by the API layer.
                        Err(error) if error.status() == Some(401) => {}
                        Err(_) => dispatch.emit(SessionAction::MeFailed),
                    }
                });
            }
        });
    }
    let context = SessionCtx { state: Rc::new(Session::clone(&session)), dispatch };
    html! {
        <ContextProvider<SessionCtx> {context}>
            <ToastProvider>
                <BrowserRouter>
                    <Switch<Route> render={pages::switch} />
                </BrowserRouter>
            </ToastProvider>
        </ContextProvider<SessionCtx>>
    }
}
