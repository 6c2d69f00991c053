//! The breadcrumb above each page: dashboard › section › page.

use crate::{components::link::AppLink, route::Route, state::use_session};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BreadcrumbProps {
    pub route: Route,
}

#[component]
pub fn Breadcrumb(props: &BreadcrumbProps) -> Html {
    let session = use_session();
    html! {
        <nav class="breadcrumb" aria-label={session.t("breadcrumb.label")}>
            <ol>
                { for props.route.breadcrumb().into_iter().map(|(key, link)| html! {
                    <li>
                        if let Some(to) = link {
                            <AppLink {to}>{ session.t(key) }</AppLink>
                        } else {
                            <span aria-current="page">{ session.t(key) }</span>
                        }
                    </li>
                }) }
            </ol>
        </nav>
    }
}
