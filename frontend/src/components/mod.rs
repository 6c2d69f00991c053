//! Building blocks shared by the pages: the app shell (header, navigation, breadcrumb),
//! toasts, form fields with their errors, loading and empty states, and data hooks.

pub mod bell;
pub mod breadcrumb;
pub mod checklist;
pub mod dates;
pub mod form;
pub mod hooks;
pub mod i18n;
pub mod link;
pub mod load;
pub mod nav;
pub mod query_link;
pub mod shell;
pub mod status;
pub mod task_status;
pub mod textarea;
pub mod toast;
