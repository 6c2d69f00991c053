//! The task list's filter and the reads built on it (a page, the whole board, the
//! export), and the plan-item choices of the task form.
//!
//! [`TaskFilter`] is the list's filter; it travels in the page's URL (`/tasks?status=new`)
//! and, unchanged, in the API's query, so a link opens the list already filtered and the
//! export holds the rows on screen.

use super::{client, ApiError};
use danvan_client::Download;
use danvan_domain::{
    page::Page,
    task::{Task, TaskSort, TaskStatus},
};
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
    pub fn page_pairs(&self, cursor: Option<&str>, limit: u32) -> Vec<(&'static str, String)> {
        let mut pairs = self.pairs();
        pairs.push(("limit", limit.to_string()));
        if let Some(cursor) = cursor {
            pairs.push(("cursor", cursor.to_owned()));
        }
        pairs
    }

    /// The API query of the export of this filter in `format` (`csv` or `xlsx`) and `lang`.
    pub fn export_pairs(&self, format: &str, lang: &str) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("format", format.to_owned()), ("lang", lang.to_owned())];
        pairs.extend(self.pairs());
        pairs
    }

    /// Whether anything is filtered (the sort is not a filter).
    pub fn is_empty(&self) -> bool {
        TaskFilter { sort: None, ..self.clone() } == TaskFilter::default()
    }
}

/// The query string of name/value pairs, as the API's own calls encode it.
fn to_query(pairs: &[(&'static str, String)]) -> String {
    super::query(&borrowed(pairs))
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

fn borrowed<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// One page of the tasks matching `filter`.
pub async fn list(filter: &TaskFilter, cursor: Option<&str>, limit: u32) -> Result<Page<Task>, ApiError> {
    client().list_tasks(&borrowed(&filter.page_pairs(cursor, limit))).await
}

/// Every task matching `filter` (bounded by the API's paging), e.g. for the board.
pub async fn all(filter: &TaskFilter) -> Result<Vec<Task>, ApiError> {
    client().all_tasks(&borrowed(&filter.pairs())).await
}

/// The export of `filter` as a file in `format` (`csv` or `xlsx`), its headings in `lang`.
pub async fn export(filter: &TaskFilter, format: &str, lang: &str) -> Result<Download, ApiError> {
    client().export_tasks(&borrowed(&filter.export_pairs(format, lang))).await
}

/// Plan items to pick from, as `(id, "plan number · item number title")`, plans newest first.
pub async fn plan_item_choices() -> Result<Vec<(Uuid, String)>, ApiError> {
    let client = client();
    let mut choices = Vec::new();
    for plan in client.all_plans().await? {
        for item in client.list_plan_items(plan.id).await? {
            choices.push((item.id, format!("{} · {} {}", plan.number, item.number, item.title)));
        }
    }
    Ok(choices)
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
        assert_eq!(to_query(&filter.page_pairs(None, 50)), "?mine=true&limit=50");
        assert_eq!(to_query(&filter.page_pairs(Some("c1"), 5)), "?mine=true&limit=5&cursor=c1");
        assert_eq!(to_query(&filter.export_pairs("csv", "en")), "?format=csv&lang=en&mine=true");
        assert!(!filter.is_empty());
        assert!(TaskFilter { sort: Some(TaskSort::DueOnDesc), ..TaskFilter::default() }.is_empty());
    }

    #[test]
    fn decoding_handles_escapes_and_leaves_malformed_ones() {
        assert_eq!(decode("h%C3%A0%20n%E1%BB%99i"), "hà nội");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz+x"), "%zz x");
    }
}
