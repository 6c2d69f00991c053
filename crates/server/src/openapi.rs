//! The OpenAPI document: its root, security scheme and the problem responses the
//! endpoints share. Paths are collected from the handlers by utoipa-actix-web.

use danvan_domain::problem::Problem;
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dân vận API",
        version = "0.1.0",
        description = "REST API of Dân vận, the system behind the mass-mobilisation work of Plan 16-KH/BDVTW \
                       against COVID-19. Errors are RFC 9457 problem+json; lists page with `limit` and `cursor`; \
                       updates need `If-Match`; creates accept `Idempotency-Key`.",
        license(name = "MIT")
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem)),
    tags(
        (name = "system", description = "Health and readiness"),
        (name = "auth", description = "Logging in, tokens, the caller"),
        (name = "users", description = "User accounts"),
        (name = "org-units", description = "Org units of the Commission"),
        (name = "areas", description = "Administrative areas (2021 and 2025 layouts)"),
        (name = "area-groups", description = "Named sets of provinces"),
        (name = "audit", description = "The audit log"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Problems any authenticated read can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum ReadProblems {
    #[response(status = 400, description = "Malformed parameters", content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, description = "No valid access token", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The caller's role may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(status = 404, description = "No such resource", content_type = "application/problem+json")]
    NotFound(Problem),
    #[response(status = 422, description = "Parameters out of range", content_type = "application/problem+json")]
    Invalid(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy or unavailable; try again later (after Retry-After when sent)",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// Problems a login (`/auth/login`, `/auth/web/login`) can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum LoginProblems {
    #[response(
        status = 400,
        description = "Malformed request (or, for the web session, not from the web app's origin)",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(status = 401, description = "Wrong credentials", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(status = 413, description = "Body too large", content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(status = 422, description = "Invalid fields", content_type = "application/problem+json")]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many failed attempts",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    TooManyRequests(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy, e.g. too many logins waiting for a password check",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    Unavailable(Problem),
}

/// Problems a create can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum CreateProblems {
    #[response(status = 400, description = "Malformed request", content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, description = "No valid access token", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The caller's role may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(status = 404, description = "No such resource", content_type = "application/problem+json")]
    NotFound(Problem),
    #[response(status = 409, description = "Conflicts with stored data", content_type = "application/problem+json")]
    Conflict(Problem),
    #[response(status = 413, description = "Body too large", content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(
        status = 422,
        description = "Invalid fields (listed in `errors`), or an Idempotency-Key reused with another body",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy or unavailable; try again later (after Retry-After when sent)",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// Problems an upload (`POST /attachments`) can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum UploadProblems {
    #[response(
        status = 400,
        description = "Malformed request: a multipart body that cannot be read, a field other than `file`",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(status = 401, description = "No valid access token", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The caller sees the record but may not attach files to it",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "No such record, or one the caller does not see",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 413,
        description = "The file is larger than the server's `max_upload_bytes` (10 MiB unless configured)",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    #[response(
        status = 415,
        description = "The body is not `multipart/form-data`, or the file's content is none of JPEG, PNG, WebP, PDF, \
                       DOCX and XLSX (whatever its name or declared type)",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
    #[response(
        status = 422,
        description = "An empty file or two files (listed in `errors`), or an Idempotency-Key reused with \
                       another upload",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy or unavailable; try again later (after Retry-After when sent)",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// Problems an update or delete can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum UpdateProblems {
    #[response(status = 400, description = "Malformed request", content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, description = "No valid access token", content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The caller's role may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(status = 404, description = "No such resource", content_type = "application/problem+json")]
    NotFound(Problem),
    #[response(status = 409, description = "Conflicts with stored data", content_type = "application/problem+json")]
    Conflict(Problem),
    #[response(
        status = 412,
        description = "If-Match does not name the current version",
        content_type = "application/problem+json"
    )]
    PreconditionFailed(Problem),
    #[response(status = 413, description = "Body too large", content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(
        status = 422,
        description = "Invalid fields, listed in `errors`",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(status = 428, description = "If-Match is missing", content_type = "application/problem+json")]
    PreconditionRequired(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy or unavailable; try again later (after Retry-After when sent)",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// Documents the 415 that every operation with a body answers when the body is not JSON
/// (the JSON extractor's rule, so it holds for every such operation without each
/// listing it).
pub fn document_unsupported_media_type(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    for item in api.paths.paths.values_mut() {
        for operation in operations_mut(item).filter(|operation| operation.request_body.is_some()) {
            operation.responses.responses.entry("415".to_owned()).or_insert_with(|| {
                ResponseBuilder::new()
                    .description("The body is not JSON (`Content-Type: application/json`)")
                    .content(
                        "application/problem+json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                    )
                    .build()
                    .into()
            });
        }
    }
}

/// Gives every operation an id unique in the document, `{tag}_{handler}` (e.g.
/// `org_units_list`): handlers are named for what they do within their module, so two
/// modules both have a `list`, and code generators need unique ids.
pub fn qualify_operation_ids(api: &mut utoipa::openapi::OpenApi) {
    for operation in api.paths.paths.values_mut().flat_map(operations_mut) {
        let tag = operation.tags.as_ref().and_then(|tags| tags.first()).map(|tag| tag.replace('-', "_"));
        if let (Some(tag), Some(id)) = (tag, operation.operation_id.as_mut()) {
            if !id.starts_with(&format!("{tag}_")) {
                *id = format!("{tag}_{id}");
            }
        }
    }
}

fn operations_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// An `Idempotency-Key`: 1–255 visible ASCII characters.
const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,255}$";
/// A list's `cursor`: base64url without padding, as every list writes its `next_cursor`.
const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]{1,512}$";
/// `If-Match`: a list of entity tags (RFC 9110 §8.8.3). Not `*`, which would skip the
/// lost-update check (428).
const IF_MATCH_PATTERN: &str = r#"^[ \t]*(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*[ \t]*$"#;

/// States in the document the rules the server enforces that a schema can say but the
/// derived schemas do not, so that integrators' contract tests hold the server to them:
/// the formats of `If-Match`, `Idempotency-Key` and `cursor`, and a task's "at least one
/// assignee".
pub fn document_rules(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{
        path::ParameterIn,
        schema::{AllOfBuilder, AnyOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type},
    };
    for operation in api.paths.paths.values_mut().flat_map(operations_mut) {
        let parameters = operation.parameters.iter_mut().flatten();
        for parameter in parameters.filter_map(|parameter| match parameter {
            utoipa::openapi::RefOr::T(parameter) => Some(parameter),
            utoipa::openapi::RefOr::Ref(_) => None,
        }) {
            let (pattern, max_length) = match (parameter.name.as_str(), &parameter.parameter_in) {
                ("Idempotency-Key", ParameterIn::Header) => (IDEMPOTENCY_KEY_PATTERN, 255),
                ("cursor", ParameterIn::Query) => (CURSOR_PATTERN, 512),
                ("If-Match", ParameterIn::Header) => (IF_MATCH_PATTERN, 1024),
                _ => continue,
            };
            let schema = ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(max_length))
                .pattern(Some(pattern));
            parameter.schema = Some(schema.into());
        }
    }
    let schemas = api.components.as_mut().map(|components| &mut components.schemas);
    if let Some(create_task) = schemas.and_then(|schemas| schemas.get_mut("CreateTask")) {
        let not_empty = |field: &str| {
            let id = ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
            let ids = ArrayBuilder::new().items(id).min_items(Some(1));
            ObjectBuilder::new().property(field, ids).required(field)
        };
        let an_assignee =
            AnyOfBuilder::new().item(not_empty("assignee_user_ids")).item(not_empty("assignee_org_unit_ids"));
        *create_task = AllOfBuilder::new().item(create_task.clone()).item(an_assignee).into();
    }
}
