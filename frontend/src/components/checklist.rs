//! A list of checkboxes in a fieldset, for choosing several entries of a short list
//! (target groups, fields, area groups) or, with a filter box, of a longer one (provinces).

use crate::{components::form::FieldErrorText, state::use_session, text::fold};
use std::{collections::BTreeSet, rc::Rc};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The options whose label matches `filter`, ignoring case and diacritics.
pub fn filtered<'a>(options: &'a [(Uuid, AttrValue)], filter: &str) -> Vec<&'a (Uuid, AttrValue)> {
    let wanted = fold(filter);
    options.iter().filter(|(_, label)| wanted.is_empty() || fold(label).contains(&wanted)).collect()
}

#[derive(Properties, PartialEq)]
pub struct CheckListProps {
    /// Prefix of the element ids; the fieldset's `data-testid` too.
    pub id: AttrValue,
    /// The API field the choice is sent as (for its error's test id).
    pub field: AttrValue,
    pub legend: AttrValue,
    /// `(id, label)` in display order.
    pub options: Rc<Vec<(Uuid, AttrValue)>>,
    pub chosen: BTreeSet<Uuid>,
    pub onchange: Callback<BTreeSet<Uuid>>,
    /// Shows a filter box above a long list.
    #[prop_or_default]
    pub filter: bool,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn CheckList(props: &CheckListProps) -> Html {
    let session = use_session();
    let filter = use_state(String::new);
    let shown = filtered(&props.options, if props.filter { &filter } else { "" });
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| filter.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let filter_id = format!("{}-filter", props.id);
    html! {
        <fieldset class={classes!("checklist-set", props.error.is_some().then_some("invalid"))} data-testid={props.id.clone()}>
            <legend>{ props.legend.clone() }</legend>
            if props.filter {
                <div class="field">
                    <label for={filter_id.clone()}>{ session.t("catalog.filter") }</label>
                    <input id={filter_id.clone()} data-testid={filter_id} type="search" value={(*filter).clone()}
                        oninput={on_filter} autocomplete="off" />
                </div>
                <p class="muted" aria-live="polite">
                    { format!("{}: {}/{}", session.t("catalog.chosen"), props.chosen.len(), props.options.len()) }
                </p>
            }
            if shown.is_empty() { <p class="empty">{ session.t("empty") }</p> }
            <ul class="checklist">
                { for shown.into_iter().map(|(id, label)| {
                    let id = *id;
                    let onchange = {
                        let (chosen, onchange) = (props.chosen.clone(), props.onchange.clone());
                        Callback::from(move |event: Event| {
                            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                            let mut next = chosen.clone();
                            if on { next.insert(id); } else { next.remove(&id); }
                            onchange.emit(next);
                        })
                    };
                    let input_id = format!("{}-{id}", props.id);
                    html! {
                        <li key={id.to_string()}>
                            <input type="checkbox" id={input_id.clone()} data-testid={format!("{}-option", props.id)}
                                value={id.to_string()} checked={props.chosen.contains(&id)} {onchange} disabled={props.disabled} />
                            <label for={input_id}>{ label.clone() }</label>
                        </li>
                    }
                }) }
            </ul>
            if let Some(error) = &props.error {
                <FieldErrorText field={props.field.clone()} input={props.id.clone()} message={error.clone()} />
            }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_ignores_case_and_diacritics() {
        let options = vec![
            (Uuid::from_u128(1), AttrValue::from("Chức sắc tôn giáo")),
            (Uuid::from_u128(2), AttrValue::from("Dân tộc")),
        ];
        let labels = |f: &str| filtered(&options, f).into_iter().map(|(_, l)| l.to_string()).collect::<Vec<_>>();
        assert_eq!(labels("ton giao"), ["Chức sắc tôn giáo"]);
        assert_eq!(labels("DÂN"), ["Dân tộc"]);
        assert_eq!(labels("").len(), 2);
    }
}
