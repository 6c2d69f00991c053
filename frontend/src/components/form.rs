//! Form fields: every input has a `<label for>`, and the errors for its API field
//! (from the domain's `validate()` before sending, or from the server's `errors[]`)
//! show right below it, translated by their `code`.

use crate::{
    api::ApiError,
    components::toast::Toast,
    i18n::{lookup, Lang},
};
use danvan_domain::validation::FieldError;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The message for one field error: the catalogue's wording of its code (with the
/// rule's number, e.g. a minimum length, filled in), else the server's English message.
pub fn message(lang: Lang, error: &FieldError) -> String {
    match lookup(lang, &format!("field_error.{}", error.code)) {
        Some(text) => match error.message.split(|c: char| !c.is_ascii_digit()).find(|part| !part.is_empty()) {
            Some(number) => text.replace("{n}", number),
            None => text.replace(" {n}", ""),
        },
        None => error.message.clone(),
    }
}

/// The messages for `field` (including its items, such as `province_ids[2]`), joined.
pub fn field_message(lang: Lang, errors: &[FieldError], field: &str) -> Option<AttrValue> {
    let messages: Vec<String> = errors
        .iter()
        .filter(|e| e.field == field || e.field.strip_prefix(field).is_some_and(|rest| rest.starts_with('[')))
        .map(|e| message(lang, e))
        .collect();
    (!messages.is_empty()).then(|| AttrValue::from(messages.join("; ")))
}

/// A callback that edits one part of a form's draft.
pub fn edit<T: Clone + 'static, V: 'static>(draft: &UseStateHandle<T>, apply: fn(&mut T, V)) -> Callback<V> {
    let draft = draft.clone();
    Callback::from(move |value| {
        let mut next = (*draft).clone();
        apply(&mut next, value);
        draft.set(next);
    })
}

/// Shows a failed save: field errors by their fields, anything else as a toast.
pub fn show_failure(lang: Lang, error: &ApiError, errors: &UseStateHandle<Vec<FieldError>>, toast: &Callback<Toast>) {
    if error.field_errors().is_empty() {
        toast.emit(Toast::error(lang, error));
    } else {
        errors.set(error.field_errors().to_vec());
    }
}

/// Shows a failed save as [`show_failure`] does and, when the record changed meanwhile
/// (409, 412), calls `reload` so that the reader sees it as it is now.
pub fn show_save_failure(
    lang: Lang,
    error: &ApiError,
    errors: &UseStateHandle<Vec<FieldError>>,
    toast: &Callback<Toast>,
    reload: &Callback<()>,
) {
    show_failure(lang, error, errors, toast);
    if matches!(error.status(), Some(409 | 412)) {
        reload.emit(());
    }
}

/// Shows the validation errors `failed` (none clears them) and tells whether the form may
/// be sent: nothing failed and it is not being sent already, in which case it now is.
pub fn begin_send(
    errors: &UseStateHandle<Vec<FieldError>>,
    busy: &UseStateHandle<bool>,
    failed: Vec<FieldError>,
) -> bool {
    let ready = failed.is_empty() && !**busy;
    errors.set(failed);
    if ready {
        busy.set(true);
    }
    ready
}

/// The errors of a domain `validate()`, as a list.
pub fn check(result: Result<(), Vec<FieldError>>) -> Vec<FieldError> {
    result.err().unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct FieldErrorTextProps {
    /// The API field name; the element's test id is `field-error-<field>`.
    pub field: AttrValue,
    /// The id of the input it explains (the element gets `<id>-error`).
    pub input: AttrValue,
    pub message: AttrValue,
}

/// One field's error message.
#[component]
pub fn FieldErrorText(props: &FieldErrorTextProps) -> Html {
    html! {
        <p class="field-error" id={format!("{}-error", props.input)} data-testid={format!("field-error-{}", props.field)}>
            { props.message.clone() }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Element id, also its `data-testid`.
    pub id: AttrValue,
    /// The API field the value is sent as.
    pub field: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let oninput = props.oninput.clone();
        Callback::from(move |event: InputEvent| oninput.emit(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let described = describedby(&props.id, props.error.is_some(), props.hint.is_some());
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>
                { props.label.clone() }
                if props.required { <span class="req" aria-hidden="true">{ " *" }</span> }
            </label>
            <input id={props.id.clone()} name={props.field.clone()} data-testid={props.id.clone()} type={props.kind.clone()}
                value={props.value.clone()} {oninput} disabled={props.disabled} required={props.required}
                autocomplete={props.autocomplete.clone()} placeholder={props.placeholder.clone()} list={props.list.clone()}
                aria-invalid={props.error.is_some().then_some("true")} aria-describedby={described} />
            if let Some(hint) = &props.hint { <p class="hint" id={format!("{}-hint", props.id)}>{ hint.clone() }</p> }
            if let Some(error) = &props.error {
                <FieldErrorText field={props.field.clone()} input={props.id.clone()} message={error.clone()} />
            }
        </div>
    }
}

fn describedby(id: &str, error: bool, hint: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, kind)| format!("{id}-{kind}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub field: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// `(value, label)` pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |event: Event| onchange.emit(event.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} name={props.field.clone()} data-testid={props.id.clone()} {onchange}
                disabled={props.disabled} aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={describedby(&props.id, props.error.is_some(), false)}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ label.clone() }</option>
                }) }
            </select>
            if let Some(error) = &props.error {
                <FieldErrorText field={props.field.clone()} input={props.id.clone()} message={error.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    pub onchange: Callback<bool>,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |event: Event| onchange.emit(event.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    html! {
        <div class="field check">
            <input type="checkbox" id={props.id.clone()} data-testid={props.id.clone()} checked={props.checked}
                {onchange} disabled={props.disabled} />
            <label for={props.id.clone()}>{ props.label.clone() }</label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testing::render;

    fn error(field: &str, code: &str, message: &str) -> FieldError {
        FieldError::new(field, code, message)
    }

    #[test]
    fn messages_translate_codes_and_keep_numbers() {
        let short = error("password", "too_short", "must have at least 10 characters");
        assert_eq!(message(Lang::Vi, &short), "Cần ít nhất 10 ký tự");
        assert_eq!(message(Lang::En, &short), "Must have at least 10 characters");
        let taken = error("username", "taken", "another account has this username");
        assert_eq!(message(Lang::Vi, &taken), "Giá trị này đã được dùng");
        let odd = error("x", "no_such_code", "something else");
        assert_eq!(message(Lang::Vi, &odd), "something else");
    }

    #[test]
    fn field_messages_gather_a_fields_items() {
        let errors = vec![
            error("province_ids[2]", "not_a_province", "is not a province of the 2025 layout"),
            error("name", "required", "must not be empty"),
        ];
        assert!(field_message(Lang::En, &errors, "province_ids").is_some());
        assert_eq!(field_message(Lang::En, &errors, "name").as_deref(), Some("Required"));
        assert_eq!(field_message(Lang::En, &errors, "code"), None);
        assert_eq!(field_message(Lang::En, &errors, "nam"), None);
    }

    #[tokio::test]
    async fn a_field_shows_its_label_and_error() {
        let html = render(crate::i18n::Lang::Vi, None, || {
            html! {
                <TextField id="user-username" field="username" label="Tên đăng nhập" value="X"
                    oninput={Callback::noop()} error={Some(AttrValue::from("Sai định dạng"))} />
            }
        })
        .await;
        assert!(html.contains(r#"<label for="user-username">"#), "{html}");
        assert!(html.contains(r#"data-testid="field-error-username""#), "{html}");
        assert!(html.contains("Sai định dạng"));
        assert!(html.contains(r#"aria-describedby="user-username-error""#));
        assert!(html.contains(r#"aria-invalid="true""#));
    }

    #[tokio::test]
    async fn a_field_without_errors_has_no_error_element() {
        let html = render(crate::i18n::Lang::Vi, None, || {
            html! { <TextField id="org-name" field="name" label="Tên" value="" oninput={Callback::noop()} /> }
        })
        .await;
        assert!(!html.contains("field-error"), "{html}");
    }
}
