//! Plans and their items: everyone reads them, plan managers write them; and how far
//! the tasks of each item have got. One file per endpoint group.

mod create;
mod items;
mod list;
mod progress;
mod read;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list)
        .service(create::create)
        .service(read::get)
        .service(update::update)
        .service(items::list_items)
        .service(items::create_item)
        .service(items::get_item)
        .service(items::update_item)
        .service(items::delete_item)
        .service(progress::plan_progress);
}
