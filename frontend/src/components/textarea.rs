//! A multi-line text field, with its label and its errors as the one-line fields have.

use crate::components::form::FieldErrorText;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextAreaFieldProps {
    /// Element id, also its `data-testid`.
    pub id: AttrValue,
    /// The API field the value is sent as.
    pub field: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or(4)]
    pub rows: u32,
}

#[component]
pub fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let oninput = {
        let oninput = props.oninput.clone();
        Callback::from(move |event: InputEvent| {
            oninput.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let described: Vec<String> = [(props.hint.is_some(), "hint"), (props.error.is_some(), "error")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, kind)| format!("{}-{kind}", props.id))
        .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="req" aria-hidden="true">{ " *" }</span> }
            </label>
            <textarea id={props.id.clone()} name={props.field.clone()} data-testid={props.id.clone()} rows={props.rows.to_string()}
                value={props.value.clone()} {oninput} required={props.required} disabled={props.disabled}
                aria-invalid={props.error.is_some().then_some("true")} aria-describedby={described} />
            if let Some(hint) = &props.hint { <p class="hint" id={format!("{}-hint", props.id)}>{ hint.clone() }</p> }
            if let Some(error) = &props.error {
                <FieldErrorText field={props.field.clone()} input={props.id.clone()} message={error.clone()} />
            }
        </div>
    }
}
