//! The committed OpenAPI document is the one the code generates, and it documents what
//! the API promises of every operation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

fn committed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json")).unwrap()
}

#[test]
fn committed_openapi_document_is_fresh() {
    let generated = danvan_server::cli::openapi_json().unwrap() + "\n";
    assert!(
        generated == committed(),
        "openapi/openapi.json differs from the code: run `cargo xtask export-openapi` and commit the result"
    );
}

fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                found.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    found
}

#[test]
fn every_api_operation_is_secured_and_documents_its_problems() {
    let document: Value = serde_json::from_str(&committed()).unwrap();
    assert_eq!(document["info"]["title"], "Dân vận API");
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    let public = [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/web/login",
        "/api/v1/auth/web/refresh",
        "/api/v1/auth/web/logout",
    ];
    let api_operations: Vec<_> =
        operations(&document).into_iter().filter(|(_, path, _)| path.starts_with("/api/v1/")).collect();
    assert!(api_operations.len() >= 25, "{} operations", api_operations.len());
    for (method, path, operation) in api_operations {
        let responses = operation["responses"].as_object().unwrap();
        for status in ["400", "500"] {
            let problem = &responses.get(status).unwrap_or_else(|| panic!("{method} {path} lacks {status}"))["content"];
            assert!(problem["application/problem+json"].is_object(), "{method} {path} {status} is not problem+json");
        }
        // The public figures (`/api/v1/public/...`) answer anyone: no security, no 401.
        if path.starts_with("/api/v1/public/") {
            assert!(operation.get("security").is_none() && !responses.contains_key("401"), "{method} {path} is public");
        } else if !public.contains(&path.as_str()) {
            assert!(responses.contains_key("401"), "{method} {path} lacks 401");
            assert_eq!(operation["security"][0]["bearer"], serde_json::json!([]), "{method} {path} is not secured");
        }
        if method == "PATCH" || method == "DELETE" {
            assert!(responses.contains_key("412") && responses.contains_key("428"), "{method} {path} lacks 412/428");
        }
    }
}

/// Code generators need a unique id per operation and OpenAPI a description per response.
#[test]
fn operation_ids_are_unique_and_every_response_is_described() {
    let document: Value = serde_json::from_str(&committed()).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for (method, path, operation) in operations(&document) {
        let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(ids.insert(id.to_owned()), "{method} {path}: operationId {id} is used twice");
        for (status, response) in operation["responses"].as_object().unwrap() {
            assert!(response["description"].is_string(), "{method} {path} {status} has no description");
        }
    }
}

/// The rules the server checks that a schema can say are in the document, so that an
/// integrator's contract tests (and ours, schemathesis) hold the server to them.
#[test]
fn the_document_states_the_formats_and_rules_the_server_checks() {
    let document: Value = serde_json::from_str(&committed()).unwrap();
    let mut seen = (0, 0, 0);
    for (method, path, operation) in operations(&document) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let pattern = parameter["schema"]["pattern"].as_str();
            match (parameter["name"].as_str(), parameter["in"].as_str()) {
                (Some("Idempotency-Key"), Some("header")) => {
                    assert_eq!(pattern, Some("^[!-~]{1,255}$"), "{method} {path}");
                    seen.0 += 1;
                }
                (Some("cursor"), Some("query")) => {
                    assert_eq!(pattern, Some("^[A-Za-z0-9_-]{1,512}$"), "{method} {path}");
                    seen.1 += 1;
                }
                (Some("If-Match"), Some("header")) => {
                    assert!(pattern.is_some_and(|p| p.contains("(W/)?")), "{method} {path}");
                    seen.2 += 1;
                }
                _ => {}
            }
        }
    }
    assert!(seen.0 >= 5 && seen.1 >= 5 && seen.2 >= 10, "Idempotency-Key, cursor and If-Match parameters: {seen:?}");
    // A task needs at least one assignee, a person or an org unit.
    let any_of = &document["components"]["schemas"]["CreateTask"]["allOf"][1]["anyOf"];
    let required: Vec<_> = any_of.as_array().unwrap().iter().map(|one| one["required"][0].as_str().unwrap()).collect();
    assert_eq!(required, ["assignee_user_ids", "assignee_org_unit_ids"]);
    assert!(any_of
        .as_array()
        .unwrap()
        .iter()
        .all(|one| one["properties"][one["required"][0].as_str().unwrap()]["minItems"] == 1));
}
