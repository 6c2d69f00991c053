//! Plans and their items: everyone reads them, plan managers write them; and how far
//! the tasks of each item have got. One file per endpoint group.

mod create;
mod items;
mod list;
mod progress;
mod read;
mod update;

use crate::http::Versioned;
use danvan_domain::plan::{Plan, PlanItem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

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

impl Versioned for Plan {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

impl Versioned for PlanItem {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}
