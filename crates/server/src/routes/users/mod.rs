//! User accounts: listed within the caller's visibility, managed by administrators.
//! One file per endpoint.

mod create;
mod list;
mod password;
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
        .service(password::reset_password);
}
