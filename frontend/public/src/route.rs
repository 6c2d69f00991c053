//! The public app's two pages, read from `window.location.pathname`: the server sends
//! `index.html` of this app for every path under `/public/`.

use danvan_domain::Uuid;

/// Where the list of campaigns is.
pub const HOME: &str = "/public/aid";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Campaigns,
    Campaign(Uuid),
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        if path == HOME || path == "/public" {
            return Route::Campaigns;
        }
        match path.strip_prefix("/public/aid/campaigns/").map(Uuid::parse_str) {
            Some(Ok(id)) => Route::Campaign(id),
            _ => Route::NotFound,
        }
    }

    pub fn href(self) -> String {
        match self {
            Route::Campaigns | Route::NotFound => HOME.to_owned(),
            Route::Campaign(id) => format!("{HOME}/campaigns/{id}"),
        }
    }
}

/// `1.2 tỷ`, `35 tr` / `1.2 bn`, `35 m`: an amount short enough for a label of the flow.
pub fn short_vnd(value: i64, lang: danvan_domain::lang::Lang) -> String {
    use danvan_domain::lang::Lang;
    let (billion, million, thousand) = match lang {
        Lang::Vi => ("tỷ", "tr", "nghìn"),
        Lang::En => ("bn", "m", "k"),
    };
    let tenths = |unit: i64| {
        let scaled = (value.unsigned_abs() as i64 * 10 + unit / 2) / unit;
        let (whole, tenth) = (scaled / 10, scaled % 10);
        let decimal = if lang == Lang::Vi { ',' } else { '.' };
        if tenth == 0 || whole >= 100 {
            whole.to_string()
        } else {
            format!("{whole}{decimal}{tenth}")
        }
    };
    let abs = value.unsigned_abs() as i64;
    let text = if abs >= 1_000_000_000 {
        format!("{} {billion}", tenths(1_000_000_000))
    } else if abs >= 1_000_000 {
        format!("{} {million}", tenths(1_000_000))
    } else if abs >= 1_000 {
        format!("{} {thousand}", tenths(1_000))
    } else {
        abs.to_string()
    };
    if value < 0 {
        format!("-{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_domain::lang::Lang;

    #[test]
    fn paths_name_the_pages() {
        let id = Uuid::from_u128(7);
        assert_eq!(Route::parse("/public/aid"), Route::Campaigns);
        assert_eq!(Route::parse("/public/aid/"), Route::Campaigns);
        assert_eq!(Route::parse("/public"), Route::Campaigns);
        assert_eq!(Route::parse(&Route::Campaign(id).href()), Route::Campaign(id));
        assert_eq!(Route::parse("/public/aid/campaigns/not-an-id"), Route::NotFound);
        assert_eq!(Route::parse("/public/other"), Route::NotFound);
    }

    #[test]
    fn short_amounts_round_to_a_tenth_in_each_language() {
        assert_eq!(short_vnd(1_250_000_000, Lang::Vi), "1,3 tỷ");
        assert_eq!(short_vnd(1_250_000_000, Lang::En), "1.3 bn");
        assert_eq!(short_vnd(35_000_000, Lang::Vi), "35 tr");
        assert_eq!(short_vnd(8_200_000, Lang::En), "8.2 m");
        assert_eq!(short_vnd(500, Lang::Vi), "500");
        assert_eq!(short_vnd(150_000_000_000, Lang::Vi), "150 tỷ");
    }
}
