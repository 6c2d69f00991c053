//! An in-app link: a real `<a href>` (keyboard, new tab) that navigates without reloading.

use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    /// Marks the link as the current page.
    #[prop_or_default]
    pub current: bool,
    /// Called after navigating, e.g. to close the mobile menu.
    #[prop_or_default]
    pub onnavigate: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn AppLink(props: &AppLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let (to, after) = (props.to.clone(), props.onnavigate.clone());
        Callback::from(move |event: MouseEvent| {
            if event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key() || event.button() != 0 {
                return;
            }
            if let Some(navigator) = &navigator {
                event.prevent_default();
                navigator.push(&to);
                after.emit(());
            }
        })
    };
    html! {
        <a href={props.to.to_path()} class={props.class.clone()} data-testid={props.testid.clone()}
            aria-current={props.current.then_some("page")} {onclick}>
            { props.children.clone() }
        </a>
    }
}
