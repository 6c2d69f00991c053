//! Building blocks shared by the pages: the app shell (header, navigation, breadcrumb),
//! toasts, form fields with their errors, loading and empty states, and data hooks.

pub mod bell;
pub mod breadcrumb;
pub mod checklist;
pub mod dates;
pub mod form;
pub mod link;
pub mod load;
pub mod nav;
pub mod query_link;
pub mod shell;
pub mod status;
pub mod task_status;
pub mod textarea;
pub mod toast;

use yew::prelude::*;

/// Sets `document.title` to "`title` · Dân vận" while the calling component shows.
#[hook]
pub fn use_title(title: &'static str) {
    use_effect_with(title, |title| {
        gloo::utils::document().set_title(&format!("{title} · Dân vận"));
    });
}
