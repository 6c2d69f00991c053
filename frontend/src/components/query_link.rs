//! An in-app link to a route with a query string, e.g. `/tasks?plan_item_id=…`: a real
//! `<a href>` that navigates without reloading.

use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QueryLinkProps {
    pub to: Route,
    /// `(name, value)` pairs of the query.
    pub query: Vec<(&'static str, String)>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn QueryLink(props: &QueryLinkProps) -> Html {
    let navigator = use_navigator();
    let pairs: Vec<(&str, &str)> = props.query.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let href = format!("{}{}", props.to.to_path(), crate::api::query(&pairs));
    let onclick = {
        let (to, query) = (props.to.clone(), props.query.clone());
        Callback::from(move |event: MouseEvent| {
            if event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key() || event.button() != 0 {
                return;
            }
            if let Some(navigator) = &navigator {
                if navigator.push_with_query(&to, &query).is_ok() {
                    event.prevent_default();
                }
            }
        })
    };
    html! {
        <a {href} class={props.class.clone()} data-testid={props.testid.clone()} {onclick}>{ props.children.clone() }</a>
    }
}
