//! The template language: what a `templates/<name>.toml` file may say, and how its
//! `{{placeholders}}` and `when` conditions read the data.

use serde::Deserialize;
use serde_json::Value;

use crate::RenderError;

/// Names and sources of the built-in templates. A template is data, so adding one is a
/// file plus a line here (`template_names` is kept in step by a test).
pub(crate) const NAMES: &[&str] = &["receipt"];

fn source(name: &str) -> Option<&'static str> {
    match name {
        "receipt" => Some(include_str!("../templates/receipt.toml")),
        _ => None,
    }
}

pub(crate) fn load(name: &str) -> Result<Template, RenderError> {
    let text = source(name).ok_or_else(|| RenderError::UnknownTemplate(name.to_owned()))?;
    toml::from_str(text).map_err(|e| RenderError::Template(format!("{name}.toml: {e}")))
}

/// One document: blocks laid out top to bottom, page after page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    /// The PDF's title (document properties); placeholders allowed.
    pub title: String,
    /// Printed in the top margin of every page; may use `{{@page}}` and `{{@pages}}`.
    pub header: Option<String>,
    /// Printed in the bottom margin of every page; may use `{{@page}}` and `{{@pages}}`.
    pub footer: Option<String>,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Fields(Fields),
    Table(Table),
    Signatures(Signatures),
    Columns(Columns),
    Spacer(Spacer),
    Rule(Rule),
}

impl Block {
    pub(crate) fn when(&self) -> Option<&str> {
        match self {
            Block::Heading(b) => b.when.as_deref(),
            Block::Paragraph(b) => b.when.as_deref(),
            Block::Fields(b) => b.when.as_deref(),
            Block::Table(b) => b.when.as_deref(),
            Block::Signatures(b) => b.when.as_deref(),
            Block::Columns(b) => b.when.as_deref(),
            Block::Spacer(b) => b.when.as_deref(),
            Block::Rule(b) => b.when.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Align {
    #[default]
    Left,
    Center,
    Right,
}

// Sizes and heights in templates are points on A4; smaller paper scales them.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    /// Level 1 is centred, the others start at the left, unless this says otherwise.
    pub align: Option<Align>,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Paragraph {
    pub text: String,
    #[serde(default)]
    pub align: Align,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    /// A line under the text as wide as its last line (the motto of an official header).
    #[serde(default)]
    pub underline: bool,
    pub size: Option<f32>,
    /// Not to be the first thing on a page: what came before moves along with it (a total
    /// under its table).
    #[serde(default)]
    pub keep_with_previous: bool,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fields {
    pub rows: Vec<Field>,
    /// The label column's share of the width.
    pub label_width: Option<f32>,
    pub size: Option<f32>,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Field {
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Table {
    /// Path of the array in the data; one row per element, whose cells resolve
    /// placeholders against that element (`{{@index}}` is its 1-based number).
    pub rows: String,
    pub columns: Vec<TableColumn>,
    pub size: Option<f32>,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TableColumn {
    pub header: String,
    pub value: String,
    /// Share of the table's width; the shares are normalised, so they need not add up to 1.
    pub width: f32,
    #[serde(default)]
    pub align: Align,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Signatures {
    pub signers: Vec<Signer>,
    /// Room left to sign (and stamp) between the note and the name.
    pub space: Option<f32>,
    /// Not alone at the top of a page: signatures stay with the end of the text they sign.
    #[serde(default)]
    pub keep_with_previous: bool,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Signer {
    pub title: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Columns {
    pub columns: Vec<Column>,
    pub gap: Option<f32>,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Column {
    /// Share of the width; columns without one split what the others leave.
    pub width: Option<f32>,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spacer {
    pub height: f32,
    pub when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    /// Share of the column's width.
    pub width: Option<f32>,
    #[serde(default = "center")]
    pub align: Align,
    pub thickness: Option<f32>,
    pub when: Option<String>,
}

fn center() -> Align {
    Align::Center
}

/// What placeholders resolve against: the document's data, or a table row with its number;
/// page numbers exist only while the page header and footer are written.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub data: &'a Value,
    pub index: Option<usize>,
    pub page: Option<(usize, usize)>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(data: &'a Value) -> Self {
        Scope { data, index: None, page: None }
    }
}

fn lookup<'v>(data: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(data, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The array a table is bound to. Absent is an error like any missing value: a table
/// that may have no rows says so with `when`.
pub(crate) fn array<'v>(data: &'v Value, path: &str) -> Result<&'v [Value], RenderError> {
    match lookup(data, path) {
        None | Some(Value::Null) => Err(RenderError::MissingValue(path.to_owned())),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(RenderError::Template(format!("`{path}` is not an array"))),
    }
}

/// `when = "path"`: shown unless the value is absent, null, false, blank or empty.
pub(crate) fn present(data: &Value, path: &str) -> bool {
    match lookup(data, path) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Object(map)) => !map.is_empty(),
        Some(_) => true,
    }
}

/// Replaces every `{{path}}` in `text`. A value the data lacks is an error naming it, so a
/// server that forgot a field gets told rather than printing a document with a hole in it.
pub(crate) fn fill(text: &str, scope: Scope<'_>) -> Result<String, RenderError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end =
            after.find("}}").ok_or_else(|| RenderError::Template(format!("unclosed placeholder in \"{text}\"")))?;
        out.push_str(&resolve(after[..end].trim(), scope)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn resolve(name: &str, scope: Scope<'_>) -> Result<String, RenderError> {
    let builtin = |value: Option<usize>, place: &str| {
        value
            .map(|n| n.to_string())
            .ok_or_else(|| RenderError::Template(format!("{{{{{name}}}}} is only known {place}")))
    };
    match name {
        "" => Err(RenderError::Template("empty placeholder {{}}".to_owned())),
        "@index" => builtin(scope.index, "in a table row"),
        "@page" => builtin(scope.page.map(|p| p.0), "in the page header and footer"),
        "@pages" => builtin(scope.page.map(|p| p.1), "in the page header and footer"),
        _ => match lookup(scope.data, name) {
            None | Some(Value::Null) => Err(RenderError::MissingValue(name.to_owned())),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(_) => Err(RenderError::Template(format!("{{{{{name}}}}} is not a text value"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_nested_paths_and_keeps_empty_strings() {
        let data = json!({"donor": {"name": "Hoàng Phúc", "tax": ""}, "n": 5, "xs": ["a", "b"]});
        let got = fill("{{ donor.name }}|{{donor.tax}}|{{n}}|{{xs.1}}", Scope::new(&data));
        assert_eq!(got.ok().as_deref(), Some("Hoàng Phúc||5|b"));
    }

    #[test]
    fn a_missing_value_is_an_error_naming_it() {
        let data = json!({"donor": {"name": null}});
        for (text, name) in [("Số: {{number}}", "number"), ("{{donor.name}}", "donor.name"), ("{{a.b.c}}", "a.b.c")] {
            match fill(text, Scope::new(&data)) {
                Err(RenderError::MissingValue(got)) => assert_eq!(got, name),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_placeholders_are_template_errors() {
        let data = json!({"o": {"k": "v"}});
        for text in ["{{o", "{{}}", "{{o}}", "{{@index}}", "{{@page}}"] {
            assert!(matches!(fill(text, Scope::new(&data)), Err(RenderError::Template(_))), "{text}");
        }
        let row = Scope { index: Some(3), page: Some((1, 2)), ..Scope::new(&data) };
        assert_eq!(fill("{{@index}}. {{@page}}/{{@pages}}", row).ok().as_deref(), Some("3. 1/2"));
    }

    #[test]
    fn when_skips_absent_empty_and_false() {
        let data = json!({"s": "x", "blank": " ", "f": false, "t": true, "a": [], "o": {}, "n": null, "z": 0});
        let shown: Vec<&str> =
            ["s", "blank", "f", "t", "a", "o", "n", "z", "none"].into_iter().filter(|p| present(&data, p)).collect();
        assert_eq!(shown, ["s", "t", "z"]);
    }

    #[test]
    fn every_named_template_parses() {
        for name in NAMES {
            if let Err(e) = load(name) {
                panic!("{name}: {e}");
            }
        }
        assert!(matches!(load("nope"), Err(RenderError::UnknownTemplate(n)) if n == "nope"));
    }

    #[test]
    fn unknown_keys_in_a_block_are_refused() {
        let text = "title = \"t\"\n[[blocks]]\ntype = \"paragraph\"\ntext = \"x\"\nbolld = true\n";
        assert!(toml::from_str::<Template>(text).is_err());
        let text = "title = \"t\"\n[[blocks]]\ntype = \"paragraph\"\ntext = \"x\"\nbold = true\n";
        assert!(toml::from_str::<Template>(text).is_ok());
    }
}
