//! The caller's own notifications behind the bell. Reading them first writes the
//! reminders due today (due tomorrow, overdue), once per task and day.

mod list;
mod read;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config.service(list::list).service(list::unread_count).service(read::mark_all_read).service(read::mark_read);
}
