//! The two languages of the product. The UI catalogue lives in the web app; labels the
//! server itself writes (exports) live beside the type they name.

use serde::{Deserialize, Serialize};

/// A UI language: Vietnamese (the default) or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the Vietnamese or the English text.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The BCP 47 code, as the web app stores it and sets it on `<html lang>`.
    pub fn code(self) -> &'static str {
        self.pick("vi", "en")
    }

    /// The language of a BCP 47 code, if it is one of the two.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (what the language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_round_trips_through_its_code_and_switches_to_the_other() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }
}
