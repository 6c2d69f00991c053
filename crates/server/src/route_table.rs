//! The API's operations as the OpenAPI document lists them, for what routing alone
//! cannot say: which methods a path takes (405 with `Allow` rather than 404), and which
//! query parameters an operation knows (an unknown one is a 400, so that a misspelt
//! filter is reported rather than silently ignored).

use crate::error::ApiError;
use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
    web, Error, ResponseError,
};
use utoipa::openapi::{path::ParameterIn, OpenApi, RefOr};

struct Operation {
    segments: Vec<String>,
    method: &'static str,
    query: Vec<String>,
}

impl Operation {
    /// How well a concrete path fits: the count of literal segments, if it fits at all.
    fn fit(&self, segments: &[&str]) -> Option<usize> {
        if self.segments.len() != segments.len() {
            return None;
        }
        let mut literal = 0;
        for (template, segment) in self.segments.iter().zip(segments) {
            if template.starts_with('{') {
                if segment.is_empty() {
                    return None;
                }
            } else if template == segment {
                literal += 1;
            } else {
                return None;
            }
        }
        Some(literal)
    }
}

pub struct RouteTable(Vec<Operation>);

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

impl RouteTable {
    pub fn from_openapi(api: &OpenApi) -> RouteTable {
        let mut operations = Vec::new();
        for (path, item) in &api.paths.paths {
            let by_method = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
            for (method, operation) in METHODS.into_iter().zip(by_method) {
                let Some(operation) = operation else { continue };
                let query = operation
                    .parameters
                    .iter()
                    .flatten()
                    .filter_map(|parameter| match parameter {
                        RefOr::T(parameter) if parameter.parameter_in == ParameterIn::Query => {
                            Some(parameter.name.clone())
                        }
                        _ => None,
                    })
                    .collect();
                operations.push(Operation { segments: path.split('/').map(str::to_owned).collect(), method, query });
            }
        }
        RouteTable(operations)
    }

    /// The methods of the path template that fits `path` best (the most literal segments):
    /// `/tasks/export` takes GET only, though `/tasks/{id}` would also take PATCH.
    pub fn methods(&self, path: &str) -> Option<Vec<&'static str>> {
        let segments: Vec<&str> = path.split('/').collect();
        let best = self.0.iter().filter_map(|op| op.fit(&segments)).max()?;
        let fitting: Vec<&Operation> = self.0.iter().filter(|op| op.fit(&segments) == Some(best)).collect();
        Some(METHODS.into_iter().filter(|m| fitting.iter().any(|op| op.method == *m)).collect())
    }

    /// The methods [`RouteTable::methods`] allows for `path`, when `method` is not one of
    /// them: `PATCH /tasks/export` is a 405 for the export, not a malformed id of
    /// `PATCH /tasks/{id}`. `HEAD` counts as `GET`.
    pub fn refused_method(&self, method: &str, path: &str) -> Option<Vec<&'static str>> {
        let allowed = self.methods(path)?;
        let method = if method == "HEAD" { "GET" } else { method };
        (!allowed.contains(&method)).then_some(allowed)
    }

    /// Query parameters the operation for `method` and `path` does not declare.
    pub fn unknown_query(&self, method: &str, path: &str, query: &str) -> Vec<String> {
        let segments: Vec<&str> = path.split('/').collect();
        let operation = self
            .0
            .iter()
            .filter(|op| op.method == method)
            .filter_map(|op| op.fit(&segments).map(|fit| (fit, op)))
            .max_by_key(|(fit, _)| *fit)
            .map(|(_, op)| op);
        let Some(operation) = operation else { return Vec::new() };
        let mut unknown: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split('=').next().unwrap_or_default().to_owned())
            .filter(|name| !operation.query.contains(name))
            .collect();
        unknown.dedup();
        unknown
    }
}

/// Refuses, before any parameter is read, a method the path does not take (405 with
/// `Allow`) and then query parameters the operation does not declare (400).
pub async fn reject_unknown_query(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(routes) = req.app_data::<web::Data<RouteTable>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if req.method() != actix_web::http::Method::OPTIONS {
        if let Some(allowed) = routes.refused_method(req.method().as_str(), req.path()) {
            let response =
                actix_web::HttpResponse::MethodNotAllowed().insert_header(("Allow", allowed.join(", "))).finish();
            return Ok(req.into_response(response));
        }
    }
    let unknown = routes.unknown_query(req.method().as_str(), req.path(), req.query_string());
    if unknown.is_empty() {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let error = ApiError::BadRequest(format!("unknown query parameters: {}", unknown.join(", ")));
    Ok(req.into_response(error.error_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        RouteTable::from_openapi(&crate::app::openapi())
    }

    #[test]
    fn a_method_the_best_fitting_path_does_not_take_is_refused() {
        let table = table();
        assert_eq!(table.refused_method("PATCH", "/api/v1/tasks/export"), Some(vec!["GET"]));
        assert_eq!(table.refused_method("DELETE", "/api/v1/areas/tree"), Some(vec!["GET"]));
        assert_eq!(table.refused_method("PUT", "/api/v1/users"), Some(vec!["GET", "POST"]));
        assert_eq!(table.refused_method("PATCH", "/api/v1/tasks/0190b1d4-0000-7000-8000-000000000000"), None);
        assert_eq!(table.refused_method("GET", "/api/v1/tasks/export"), None);
        assert_eq!(table.refused_method("HEAD", "/api/v1/users"), None);
        assert_eq!(table.refused_method("GET", "/users/42"), None, "not an API path: the web app's");
    }

    #[test]
    fn a_path_lists_each_of_its_methods_once() {
        assert_eq!(table().methods("/api/v1/areas/tree"), Some(vec!["GET"]));
        assert_eq!(table().methods("/api/v1/users"), Some(vec!["GET", "POST"]));
        assert_eq!(table().methods("/api/v1/nothing"), None);
    }

    #[test]
    fn only_declared_query_parameters_pass() {
        let table = table();
        assert!(table.unknown_query("GET", "/api/v1/areas", "q=ha&limit=5&layout=2025").is_empty());
        assert_eq!(table.unknown_query("GET", "/api/v1/areas", "code=&=null"), vec![String::new()]);
        assert_eq!(table.unknown_query("GET", "/api/v1/areas/tree", "layout=2021&q=x"), vec!["q".to_owned()]);
        assert_eq!(table.unknown_query("GET", "/api/v1/users", "updatedSince=x"), vec!["updatedSince".to_owned()]);
    }
}
