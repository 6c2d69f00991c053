//! Calendar dates: "today" in Vietnam (from the browser's clock, as chrono's clock does
//! not reach the browser), dates in the reader's style, and a date input.

use crate::{components::form::TextField, format::now_millis, i18n::Lang};
use chrono::{DateTime, Datelike, NaiveDate};
use danvan_domain::calendar;
use yew::prelude::*;

/// Today's date in Vietnam.
pub fn today() -> NaiveDate {
    calendar::today(DateTime::from_timestamp_millis(now_millis() as i64).unwrap_or_default())
}

/// A date as the reader writes it: `13/09/2021` in Vietnamese, `2021-09-13` in English.
pub fn date(lang: Lang, day: NaiveDate) -> String {
    let (y, m, d) = (day.year(), day.month(), day.day());
    match lang {
        Lang::Vi => format!("{d:02}/{m:02}/{y:04}"),
        Lang::En => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// A period: "from – to", or "from –" while open-ended.
pub fn period(lang: Lang, from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{} – {}", date(lang, from), date(lang, to)),
        None => format!("{} –", date(lang, from)),
    }
}

/// The value of a date input (`yyyy-mm-dd`), if it holds a date.
pub fn parse(value: &str) -> Option<NaiveDate> {
    // `FromStr` reads exactly `yyyy-mm-dd`, with the code serde already brings.
    value.trim().parse().ok()
}

#[derive(Properties, PartialEq)]
pub struct DateFieldProps {
    /// Element id, also its `data-testid`.
    pub id: AttrValue,
    /// The API field the value is sent as.
    pub field: AttrValue,
    pub label: AttrValue,
    pub value: Option<NaiveDate>,
    /// The new date, or `None` when the input was cleared or holds no date.
    pub onchange: Callback<Option<NaiveDate>>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled `<input type="date">` holding an optional date.
#[component]
pub fn DateField(props: &DateFieldProps) -> Html {
    let oninput = props.onchange.reform(|value: String| parse(&value));
    html! {
        <TextField id={props.id.clone()} field={props.field.clone()} label={props.label.clone()} kind="date"
            value={props.value.map(|d| d.to_string()).unwrap_or_default()} {oninput}
            error={props.error.clone()} hint={props.hint.clone()} required={props.required} disabled={props.disabled} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_readers_way_and_parse_from_inputs() {
        let day = NaiveDate::from_ymd_opt(2021, 9, 13).unwrap_or_default();
        assert_eq!(date(Lang::Vi, day), "13/09/2021");
        assert_eq!(date(Lang::En, day), "2021-09-13");
        assert_eq!(period(Lang::En, day, None), "2021-09-13 –");
        assert_eq!(parse("2021-09-13"), Some(day));
        assert_eq!(parse(""), None);
        assert_eq!(parse("13/09/2021"), None);
        assert!(today().year() >= 2024);
    }
}
