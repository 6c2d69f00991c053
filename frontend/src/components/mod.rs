//! Building blocks shared by the pages: the app shell (header, navigation, breadcrumb),
//! toasts, form fields with their errors, loading and empty states, data hooks, the charts and
//! the map of Vietnam.

pub mod bell;
pub mod breadcrumb;
pub mod chart_model;
pub mod charts;
pub mod checklist;
pub mod dates;
pub mod download;
pub mod form;
pub mod hooks;
pub mod i18n;
pub mod link;
pub mod load;
pub mod map_model;
pub mod model_status;
pub mod nav;
pub mod query_link;
pub mod shell;
pub mod status;
pub mod task_status;
pub mod textarea;
pub mod toast;
pub mod vietnam_map;
pub mod vietnam_outline;
