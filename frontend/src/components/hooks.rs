//! Hooks shared by several pages: the document title, and a value that settles after
//! typing stops (search boxes). Data loading hooks live with their types in [`super::load`].

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Sets `document.title` to "`title` · Dân vận" while the calling component shows.
#[hook]
pub fn use_title(title: &'static str) {
    use_effect_with(title, |title| {
        gloo::utils::document().set_title(&format!("{title} · Dân vận"));
    });
}

/// A value that follows `value` once it has been still for `millis` (search boxes).
#[hook]
pub fn use_debounced(value: String, millis: u32) -> String {
    let settled = use_state(|| value.clone());
    {
        let settled = settled.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            let timer = Timeout::new(millis, move || settled.set(value));
            move || drop(timer)
        });
    }
    (*settled).clone()
}
