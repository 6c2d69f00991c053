//! Tasks: `/tasks` (list, one task, create, edit, transitions, progress, timeline, export), and
//! the few reads the task form's pickers need (plans and their items, target groups).
//!
//! [`TaskFilter`] is the list's filter; it travels in the page's URL (`/tasks?status=new`)
//! and, unchanged, in the API's query, so a link opens the list already filtered and the
//! export holds the rows on screen.

use super::{encode, get, request, ApiError, Fetched, Req};
use danvan_domain::{
    catalog::CatalogEntry,
    page::Page,
    plan::{Plan, PlanItem},
    task::{CreateTask, PostProgress, Task, TaskEvent, TaskSort, TaskStatus, TaskTransition, UpdateTask},
};
use gloo::net::http::Method;
use uuid::Uuid;

/// The task list's filters; empty strings and `false` filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// Any of these statuses (none: every status).
    pub status: Vec<TaskStatus>,
    pub assignee_user_id: String,
    pub assignee_org_unit_id: String,
    pub area_id: String,
    pub plan_item_id: String,
    pub working_group_id: String,
    /// `yyyy-mm-dd`, inclusive.
    pub due_from: String,
    pub due_to: String,
    pub mine: bool,
    pub created_by_me: bool,
    pub overdue: bool,
    pub due_soon: bool,
    /// Words of the title (diacritics ignored by the server).
    pub q: String,
    /// `None`: the server's default order (due date).
    pub sort: Option<TaskSort>,
}

/// Whether `value` is a calendar date as `yyyy-mm-dd`.
fn is_date(value: &str) -> bool {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

impl TaskFilter {
    /// The filter as name/value pairs, empty ones left out, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let status: Vec<&str> = self.status.iter().map(|status| status.as_str()).collect();
        let flag = |on: bool| if on { "true".to_owned() } else { String::new() };
        let pairs = vec![
            ("status", status.join(",")),
            ("assignee_user_id", self.assignee_user_id.clone()),
            ("assignee_org_unit_id", self.assignee_org_unit_id.clone()),
            ("area_id", self.area_id.clone()),
            ("plan_item_id", self.plan_item_id.clone()),
            ("working_group_id", self.working_group_id.clone()),
            ("due_from", self.due_from.clone()),
            ("due_to", self.due_to.clone()),
            ("mine", flag(self.mine)),
            ("created_by_me", flag(self.created_by_me)),
            ("overdue", flag(self.overdue)),
            ("due_soon", flag(self.due_soon)),
            ("q", self.q.trim().to_owned()),
            ("sort", self.sort.map(|sort| sort.as_str().to_owned()).unwrap_or_default()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    /// The query string of the filter (`?status=new&q=...`), or empty.
    pub fn to_query(&self) -> String {
        to_query(&self.pairs())
    }

    /// The filter a query string describes (`?` optional). Values the API would refuse
    /// (a malformed id or date, an unknown status) are dropped, so a hand-edited link
    /// shows a list rather than an error.
    pub fn from_query(query: &str) -> TaskFilter {
        let mut filter = TaskFilter::default();
        for part in query.trim_start_matches('?').split('&').filter(|part| !part.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let value = decode(value);
            let id = || if value.parse::<Uuid>().is_ok() { value.clone() } else { String::new() };
            let date = || if is_date(&value) { value.clone() } else { String::new() };
            match decode(name).as_str() {
                "status" => {
                    filter.status = value.split(',').filter_map(TaskStatus::parse).collect();
                    filter.status.sort();
                    filter.status.dedup();
                }
                "assignee_user_id" => filter.assignee_user_id = id(),
                "assignee_org_unit_id" => filter.assignee_org_unit_id = id(),
                "area_id" => filter.area_id = id(),
                "plan_item_id" => filter.plan_item_id = id(),
                "working_group_id" => filter.working_group_id = id(),
                "due_from" => filter.due_from = date(),
                "due_to" => filter.due_to = date(),
                "mine" => filter.mine = value == "true",
                "created_by_me" => filter.created_by_me = value == "true",
                "overdue" => filter.overdue = value == "true",
                "due_soon" => filter.due_soon = value == "true",
                "q" => filter.q = value,
                "sort" => filter.sort = TaskSort::parse(&value),
                _ => {}
            }
        }
        filter
    }

    /// The API query of one page of this filter.
    pub fn page_query(&self, cursor: Option<&str>, limit: u32) -> String {
        let mut pairs = self.pairs();
        pairs.push(("limit", limit.to_string()));
        if let Some(cursor) = cursor {
            pairs.push(("cursor", cursor.to_owned()));
        }
        to_query(&pairs)
    }

    /// The API query of the export of this filter in `format` (`csv` or `xlsx`) and `lang`.
    pub fn export_query(&self, format: &str, lang: &str) -> String {
        let mut pairs = vec![("format", format.to_owned()), ("lang", lang.to_owned())];
        pairs.extend(self.pairs());
        to_query(&pairs)
    }

    /// Whether anything is filtered (the sort is not a filter).
    pub fn is_empty(&self) -> bool {
        TaskFilter { sort: None, ..self.clone() } == TaskFilter::default()
    }
}

fn to_query(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Undoes percent-encoding (and `+` for a space, as forms write it); malformed escapes
/// stay as they are.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let byte = bytes
                    .get(index + 1..index + 3)
                    .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                match byte {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One page of the tasks matching `filter`.
pub async fn list(filter: &TaskFilter, cursor: Option<&str>, limit: u32) -> Result<Page<Task>, ApiError> {
    get(format!("/tasks{}", filter.page_query(cursor, limit))).await
}

/// Every task matching `filter` (bounded by the API's paging), e.g. for the board.
pub async fn all(filter: &TaskFilter) -> Result<Vec<Task>, ApiError> {
    super::all(&format!("/tasks{}", filter.to_query())).await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<Task>, ApiError> {
    request(Req::get(format!("/tasks/{id}"))).await
}

pub async fn create(body: &CreateTask, idempotency_key: &str) -> Result<Task, ApiError> {
    request(Req::post("/tasks", body).header("Idempotency-Key", idempotency_key)).await.map(|f| f.value)
}

pub async fn update(id: Uuid, body: &UpdateTask, etag: &str) -> Result<Fetched<Task>, ApiError> {
    request(Req::patch(format!("/tasks/{id}"), body, etag)).await
}

/// The `If-Match` value of a task as the server tags it (`"3"`).
pub fn etag_of(task: &Task) -> String {
    format!("\"{}\"", task.version)
}

/// Takes `task` to another status along the transition table; `If-Match` is the version the caller saw.
pub async fn transition_task(task: &Task, body: &TaskTransition) -> Result<Task, ApiError> {
    let req =
        Req::new(Method::POST, format!("/tasks/{}/transitions", task.id)).json(body).header("If-Match", etag_of(task));
    request(req).await.map(|f| f.value)
}

pub async fn post_progress(id: Uuid, body: &PostProgress, idempotency_key: &str) -> Result<TaskEvent, ApiError> {
    let req = Req::post(format!("/tasks/{id}/progress"), body).header("Idempotency-Key", idempotency_key);
    request(req).await.map(|f| f.value)
}

/// What happened to a task, oldest first.
pub async fn timeline(id: Uuid) -> Result<Vec<TaskEvent>, ApiError> {
    get(format!("/tasks/{id}/timeline")).await
}

/// The file name in a `Content-Disposition` header, if it names one.
pub fn attachment_name(disposition: &str) -> Option<String> {
    disposition.split(';').map(str::trim).find_map(|part| {
        let value = part.strip_prefix("filename=")?;
        let name = value.trim_matches('"').trim();
        (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
    })
}

/// The export of `filter` as a file: its bytes and its name. Sent with the session's
/// token (renewed once when refused, as every other call).
pub async fn export(filter: &TaskFilter, format: &str, lang: &str) -> Result<(Vec<u8>, String), ApiError> {
    let req = Req::get(format!("/tasks/export{}", filter.export_query(format, lang)));
    let sent = super::tokens().map(|tokens| tokens.access_token);
    let mut response = super::send(&req, sent.as_deref()).await?;
    if response.status() == 401 {
        match super::renew().await {
            super::Renewal::Renewed(tokens) => response = super::send(&req, Some(&tokens.access_token)).await?,
            super::Renewal::Refused => super::expire(),
            super::Renewal::Unreachable => return Err(ApiError::network()),
        }
    }
    let status = response.status();
    if !(200..300).contains(&status) {
        let text = response.text().await.unwrap_or_default();
        return Err(ApiError { status, problem: serde_json::from_str(&text).ok() });
    }
    let name = response
        .headers()
        .get("content-disposition")
        .and_then(|value| attachment_name(&value))
        .unwrap_or_else(|| format!("tasks.{format}"));
    let bytes = response.binary().await.map_err(|_| ApiError::network())?;
    Ok((bytes, name))
}

/// Every plan (bounded by the API's paging), newest first.
pub async fn plans() -> Result<Vec<Plan>, ApiError> {
    super::all("/plans").await
}

/// The items of one plan.
pub async fn plan_items(plan_id: Uuid) -> Result<Vec<PlanItem>, ApiError> {
    get(format!("/plans/{plan_id}/items")).await
}

/// Plan items to pick from, as `(id, "plan number · item number title")`, plans newest first.
pub async fn plan_item_choices() -> Result<Vec<(Uuid, String)>, ApiError> {
    let mut choices = Vec::new();
    for plan in plans().await? {
        for item in plan_items(plan.id).await? {
            choices.push((item.id, format!("{} · {} {}", plan.number, item.number, item.title)));
        }
    }
    Ok(choices)
}

/// The target groups still offered for new records.
pub async fn target_groups() -> Result<Vec<CatalogEntry>, ApiError> {
    get("/target-groups?active=true").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_the_url() {
        let filter = TaskFilter {
            status: vec![TaskStatus::New, TaskStatus::InProgress],
            assignee_user_id: Uuid::from_u128(1).to_string(),
            area_id: Uuid::from_u128(2).to_string(),
            plan_item_id: Uuid::from_u128(3).to_string(),
            due_from: "2026-01-01".into(),
            due_to: "2026-12-31".into(),
            overdue: true,
            due_soon: true,
            mine: true,
            q: "vận động & hỗ trợ".into(),
            sort: Some(TaskSort::PriorityDesc),
            ..TaskFilter::default()
        };
        let query = filter.to_query();
        assert!(query.starts_with("?status=new%2Cin_progress&"), "{query}");
        assert!(query.contains("sort=-priority"), "{query}");
        assert_eq!(TaskFilter::from_query(&query), filter);
        assert_eq!(TaskFilter::from_query(""), TaskFilter::default());
        assert_eq!(TaskFilter::default().to_query(), "");
    }

    #[test]
    fn bad_values_in_a_link_are_dropped() {
        let filter =
            TaskFilter::from_query("?plan_item_id=nope&due_from=2026-02-30&status=new,bogus,new&overdue=1&q=a+b&x=y");
        assert_eq!(filter, TaskFilter { status: vec![TaskStatus::New], q: "a b".into(), ..TaskFilter::default() });
        let id = Uuid::from_u128(9);
        assert_eq!(TaskFilter::from_query(&format!("plan_item_id={id}")).plan_item_id, id.to_string());
    }

    #[test]
    fn api_queries_add_paging_and_export_settings() {
        let filter = TaskFilter { mine: true, ..TaskFilter::default() };
        assert_eq!(filter.page_query(None, 50), "?mine=true&limit=50");
        assert_eq!(filter.page_query(Some("c1"), 5), "?mine=true&limit=5&cursor=c1");
        assert_eq!(filter.export_query("csv", "en"), "?format=csv&lang=en&mine=true");
        assert!(!filter.is_empty());
        assert!(TaskFilter { sort: Some(TaskSort::DueOnDesc), ..TaskFilter::default() }.is_empty());
    }

    #[test]
    fn decoding_handles_escapes_and_leaves_malformed_ones() {
        assert_eq!(decode("h%C3%A0%20n%E1%BB%99i"), "hà nội");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz+x"), "%zz x");
    }

    #[test]
    fn attachment_names_come_from_the_header() {
        assert_eq!(attachment_name(r#"attachment; filename="nhiem-vu.csv""#).as_deref(), Some("nhiem-vu.csv"));
        assert_eq!(attachment_name("attachment"), None);
        assert_eq!(attachment_name("attachment; filename=../x"), None);
    }
}
