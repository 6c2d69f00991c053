//! Building and starting the application: database, reference data, first admin,
//! middleware, routes, API docs. Tests start it on port 0.

use crate::{
    auth::{
        passwords::{HashLimits, Passwords},
        throttle::{self, LoginThrottle},
        tokens,
    },
    config::Config,
    database::Database,
    error::ApiError,
    http, metrics, middleware,
    openapi::ApiDoc,
    route_table::{self, RouteTable},
    routes,
    spa::{self, WebDir},
    state::AppState,
};
use actix_cors::Cors;
use actix_web::{dev::Server, middleware::from_fn, web, App, HttpRequest, HttpResponse, HttpServer};
use danvan_domain::{role::Role, user::CreateUser};
use danvan_store::{Actor, Pool};
use std::{net::TcpListener, sync::Arc};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// The OpenAPI document of every mounted endpoint.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    crate::openapi::qualify_operation_ids(&mut api);
    crate::openapi::document_unsupported_media_type(&mut api);
    crate::openapi::document_rules(&mut api);
    api
}

/// A running server.
pub struct Application {
    server: Server,
    port: u16,
    /// The server of `metrics_bind`, and its port.
    metrics: Option<(Server, u16)>,
    pool: Pool,
    retention: Retention,
}

/// Opens the database (migrating it), loads reference data, creates the first admin on
/// an empty database, and prepares everything a server needs; does not listen.
pub async fn prepare(config: &Config) -> Result<AppState, String> {
    let url = config.database_url.clone();
    let (pool_size, synchronous) = (config.pool_size, config.sqlite_synchronous);
    let migrations = if config.migrate_on_start {
        danvan_store::db::Migrations::Apply
    } else {
        danvan_store::db::Migrations::Require
    };
    let pool = blocking(move || {
        danvan_store::db::connect_with(&url, pool_size, synchronous, migrations).map_err(|e| e.to_string())
    })
    .await?;
    let loading = pool.clone();
    let started = std::time::Instant::now();
    if let Some(report) = blocking(move || {
        let mut conn = loading.get().map_err(|e| e.to_string())?;
        let report = danvan_store::areas::ensure_loaded(&mut conn).map_err(|e| e.to_string())?;
        danvan_store::catalog::ensure_loaded(&mut conn).map_err(|e| e.to_string())?;
        danvan_store::community_teams::ensure_loaded(&mut conn).map_err(|e| e.to_string())?;
        danvan_store::aid::ensure_items(&mut conn).map_err(|e| e.to_string())?;
        danvan_store::aid::ensure_support_categories(&mut conn).map_err(|e| e.to_string())?;
        Ok::<_, String>(report)
    })
    .await?
    {
        let elapsed_ms = started.elapsed().as_millis() as u64;
        tracing::info!(
            areas = report.areas,
            area_groups = report.area_groups,
            elapsed_ms,
            "loaded administrative areas"
        );
    }
    let passwords = Passwords::new(HashLimits {
        concurrent: config.max_concurrent_hashes,
        queued: config.max_queued_hashes,
        wait: std::time::Duration::from_millis(config.max_hash_wait_ms),
    })?;
    create_first_admin(&pool, &passwords, config.admin_password.clone(), &config.data_dir).await?;
    let secret = tokens::load_or_create_secret(config.jwt_secret.as_deref(), &config.data_dir)
        .map_err(|e| format!("JWT secret: {e}"))?;
    let keyring = crate::personal_keys::load_or_create(config.personal_data_keys.as_deref(), &config.data_dir)?;
    Ok(AppState {
        db: Database::new(pool, &config.database_url, config.sqlite_synchronous)?,
        tokens: tokens::TokenKeys::new(&secret, config.access_token_ttl)?,
        keyring: Arc::new(keyring),
        passwords,
        throttle: LoginThrottle::new(
            &secret,
            throttle::Limits {
                per_account: config.login_max_failures_per_account,
                per_address: config.login_max_failures_per_ip,
                max_wait_secs: i64::try_from(config.login_max_wait_secs).unwrap_or(i64::MAX),
                forget_after_secs: i64::try_from(config.login_window_secs).unwrap_or(i64::MAX),
            },
        ),
        trusted_proxies: crate::auth::address::parse_networks(&config.trusted_proxies)
            .map_err(|e| format!("trusted_proxies: {e}"))?,
        config: Arc::new(config.clone()),
        metrics: Default::default(),
    })
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
    web::block(work).await.map_err(|e| e.to_string())?
}

/// The file beside the data that holds a generated first password: standard output is
/// often a log stream that others read and keep, so the password is never printed.
pub const ADMIN_PASSWORD_FILE: &str = "admin-password.txt";

/// On an empty database: an `admin` account with the configured password, or a
/// generated one written to [`ADMIN_PASSWORD_FILE`] in `data_dir`, readable by its owner only.
async fn create_first_admin(
    pool: &Pool,
    passwords: &Passwords,
    configured: Option<String>,
    data_dir: &std::path::Path,
) -> Result<(), String> {
    let counting = pool.clone();
    let users = blocking(move || {
        let mut conn = counting.get().map_err(|e| e.to_string())?;
        danvan_store::users::count(&mut conn).map_err(|e| e.to_string())
    })
    .await?;
    if users > 0 {
        return Ok(());
    }
    let generated = configured.is_none();
    let password = configured.unwrap_or_else(|| tokens::new_refresh_token()[..20].to_owned());
    let request = CreateUser {
        username: "admin".into(),
        display_name: "Quản trị hệ thống".into(),
        email: None,
        role: Role::Admin,
        org_unit_id: None,
        password: password.clone(),
        scope_area_ids: Vec::new(),
        scope_area_group_ids: Vec::new(),
    };
    request.validate().map_err(|errors| {
        let fields: Vec<String> = errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        format!("DANVAN_ADMIN_PASSWORD is not acceptable: {}", fields.join("; "))
    })?;
    let hash = passwords.hash(password.clone()).await.map_err(|e| e.to_string())?;
    // The file comes first: an admin committed without it would have a password nobody
    // knows, while a file without its admin is written again at the next start.
    let file = data_dir.join(ADMIN_PASSWORD_FILE);
    if generated {
        crate::files::write_private(&file, &format!("{password}\n"))
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    let pool = pool.clone();
    blocking(move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        danvan_store::db::write(&mut conn, |conn| {
            danvan_store::users::create(conn, &Actor::system("bootstrap"), &request, hash.clone())
        })
        .map_err(|e| e.to_string())
    })
    .await?;
    if generated {
        println!(
            "Created the first administrator `admin`; its password is in {} (delete the file once you have signed in \
             and changed it).",
            file.display()
        );
    } else {
        println!("Created the first administrator `admin` with the password from DANVAN_ADMIN_PASSWORD.");
    }
    Ok(())
}

/// How long records that only serve for a while are kept, in seconds.
#[derive(Debug, Clone, Copy)]
struct Retention {
    idempotency_keys: i64,
    login_failures: i64,
}

/// Deletes, every hour, the sessions whose tokens have all expired, the idempotency
/// records no retry may claim, and login failures and addresses no longer counted;
/// several servers may each do it, the deletes are the same.
async fn purge_expired(pool: Pool, retention: Retention) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        let pool = pool.clone();
        let purged = web::block(move || -> Result<[usize; 3], danvan_store::StoreError> {
            let mut conn = pool.get()?;
            let now = danvan_store::now();
            let seconds = chrono::Duration::seconds;
            let sessions = danvan_store::tokens::purge_expired(&mut conn, now)?;
            let keys = danvan_store::idempotency::purge(&mut conn, now - seconds(retention.idempotency_keys))?;
            let logins = danvan_store::login_throttle::purge(
                &mut conn,
                now - seconds(retention.login_failures),
                now - chrono::Duration::days(throttle::KNOWN_ADDRESS_DAYS),
            )?;
            Ok([sessions, keys, logins])
        })
        .await
        .map_err(|error| error.to_string())
        .and_then(|purged| purged.map_err(|error| error.to_string()));
        match purged {
            Ok([tokens, keys, logins]) if tokens + keys + logins > 0 => {
                tracing::info!(tokens, keys, logins, "purged expired records")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "purging expired records failed"),
        }
    }
}

impl Application {
    /// Prepares the state and binds `config.bind` (port 0 picks a free port).
    pub async fn build(config: Config) -> Result<Application, String> {
        let state = prepare(&config).await?;
        let listener = TcpListener::bind(&config.bind).map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
        Application::start(state, listener)
    }

    pub fn start(state: AppState, listener: TcpListener) -> Result<Application, String> {
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let pool = Pool::clone(&state.db);
        let config = state.config.clone();
        let retention = Retention {
            idempotency_keys: config.idempotency_ttl_secs,
            login_failures: i64::try_from(config.login_window_secs).unwrap_or(i64::MAX),
        };
        let state = web::Data::new(state);
        let metrics_state = state.clone();
        let api = openapi();
        let operations = web::Data::new(RouteTable::from_openapi(&api));
        let web_dir = WebDir(config.web_dir.clone());
        let blocking = blocking_threads(&config);
        let server = HttpServer::new(move || {
            let operations = operations.clone();
            // The document's own route goes first: the `/api/v1` scope would answer 404 for it.
            let (app, _) = App::new()
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/v1/openapi.json", api.clone()))
                // Mounted before the document is collected, so that it stays out of it: `metrics::guarded` says why.
                .service(web::resource("/metrics").to(metrics::guarded))
                .into_utoipa_app()
                .app_data(state.clone())
                .app_data(operations.clone())
                .app_data(http::json_config(config.max_body_bytes))
                .app_data(web::PayloadConfig::new(config.max_body_bytes))
                .app_data(http::query_config())
                .app_data(http::path_config())
                .configure(routes::configure)
                .split_for_parts();
            let web_dir = web_dir.clone();
            app.default_service(web::to(move |req: HttpRequest| {
                let (operations, web_dir) = (operations.clone(), web_dir.clone());
                async move { unmatched(&operations, &web_dir, &req).await }
            }))
            .wrap(from_fn(route_table::reject_unknown_query))
            .wrap(cors(&config.cors_origin_list()))
            .wrap(from_fn(metrics::record))
            .wrap(from_fn(middleware::problem_details))
            .wrap(from_fn(middleware::security_headers))
            .wrap(from_fn(middleware::request_id))
        })
        // Each blocking thread holds a pooled connection or hashes a password; more threads
        // would only wait for one, each with its stack and its allocator's memory.
        .worker_max_blocking_threads(blocking)
        .listen(listener)
        .map_err(|e| e.to_string())?
        .shutdown_timeout(10)
        .run();
        let metrics = match metrics_state.config.metrics_bind.clone() {
            Some(bind) => Some(metrics_server(metrics_state, &bind)?),
            None => None,
        };
        Ok(Application { server, port, metrics, pool, retention })
    }

    /// The port of the metrics address, when `metrics_bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A handle to stop the server from elsewhere.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped, purging what has expired (sessions, idempotency keys) every hour.
    /// The metrics address, if any, stops with the API's.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let purging = purge_expired(self.pool.clone(), self.retention);
        let metrics = self.metrics.map(|(server, _)| {
            let handle = server.handle();
            tokio::spawn(server);
            handle
        });
        let served = tokio::select! {
            served = self.server => served,
            () = purging => Ok(()),
        };
        if let Some(metrics) = metrics {
            metrics.stop(true).await;
        }
        served
    }
}

/// The blocking threads of a worker: one per pooled connection and per concurrent hash.
fn blocking_threads(config: &Config) -> usize {
    (config.pool_size as usize).saturating_add(config.max_concurrent_hashes)
}

/// One worker serving `GET /metrics` without a token and nothing else: the address is
/// meant to be reachable by the scraper only.
fn metrics_server(state: web::Data<AppState>, bind: &str) -> Result<(Server, u16), String> {
    let listener = TcpListener::bind(bind).map_err(|e| format!("cannot listen on {bind} for metrics: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(metrics::open))
            .default_service(web::to(metrics::not_found))
    })
    .workers(1)
    .listen(listener)
    .map_err(|e| e.to_string())?
    .shutdown_timeout(1)
    .run();
    Ok((server, port))
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PATCH", "PUT", "DELETE"])
        .allow_any_header()
        .expose_headers(["ETag", "Location", "Retry-After", "X-Request-Id", "Idempotent-Replayed"])
        .max_age(3600)
}

/// Whatever no route took: a 405 for a known path, a 404 problem under the API, else the web app.
async fn unmatched(operations: &RouteTable, web_dir: &WebDir, req: &HttpRequest) -> HttpResponse {
    use actix_web::{HttpMessage, ResponseError};
    req.extensions_mut().insert(metrics::Unmatched);
    if let Some(methods) = operations.methods(req.path()) {
        return HttpResponse::MethodNotAllowed().insert_header(("Allow", methods.join(", "))).finish();
    }
    let api = req.path() == "/api" || req.path().starts_with("/api/");
    if !api && (req.method() == actix_web::http::Method::GET || req.method() == actix_web::http::Method::HEAD) {
        return spa::serve(web_dir, req).await;
    }
    ApiError::NotFound.error_response()
}
