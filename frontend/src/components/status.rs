//! Loading, empty, error and "forbidden" states, and the wording of API errors.

use crate::{
    api::ApiError,
    i18n::{lookup, t, Lang},
    state::use_session,
};
use yew::prelude::*;

/// A short title and an optional detail for an API error, in the reader's language: the
/// catalogue's wording of the problem's code (else the server's title), then its detail.
pub fn describe(lang: Lang, error: &ApiError) -> (String, Option<String>) {
    match (error.problem(), error.status()) {
        (None, None) => (t(lang, "error.network").to_owned(), None),
        (None, Some(status)) => (t(lang, "error.unexpected").to_owned(), Some(format!("HTTP {status}"))),
        (Some(problem), _) => {
            let title = lookup(lang, &format!("problem.{}", problem.code)).unwrap_or(&problem.title);
            (title.to_owned(), problem.detail.clone())
        }
    }
}

#[component]
pub fn Loading() -> Html {
    let session = use_session();
    html! { <p class="loading" role="status" aria-live="polite">{ session.t("loading") }</p> }
}

#[derive(Properties, PartialEq)]
pub struct EmptyProps {
    /// A catalogue key; "Không có dữ liệu" when absent.
    #[prop_or("empty")]
    pub key_name: &'static str,
}

#[component]
pub fn Empty(props: &EmptyProps) -> Html {
    let session = use_session();
    html! { <p class="empty" data-testid="empty">{ session.t(props.key_name) }</p> }
}

#[derive(Properties, PartialEq)]
pub struct ErrorNoteProps {
    pub error: ApiError,
}

/// A failed load, explained where the data would be.
#[component]
pub fn ErrorNote(props: &ErrorNoteProps) -> Html {
    let session = use_session();
    if props.error.status() == Some(403) {
        return html! { <Forbidden /> };
    }
    let (title, detail) = describe(session.lang(), &props.error);
    html! {
        <div class="error-note" role="alert">
            <strong>{ title }</strong>
            if let Some(detail) = detail { <p>{ detail }</p> }
        </div>
    }
}

/// Shown instead of a page the caller's role may not open.
#[component]
pub fn Forbidden() -> Html {
    let session = use_session();
    html! {
        <section class="forbidden" data-testid="forbidden" role="alert">
            <h1>{ session.t("forbidden.title") }</h1>
            <p>{ session.t("forbidden.detail") }</p>
        </section>
    }
}
