//! Fieldless enums that travel and are stored as text: one declaration gives the serde
//! names, the database text, `ALL`, `as_str` and `parse`, so the three never drift apart.

/// Declares `pub enum Name { Variant = "text", … }` with `ALL`, `as_str`, `parse` and `Display`.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$variant_meta:meta])* $variant:ident = $text:tt ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text sent over the API and stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|candidate| candidate.as_str() == value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::text_enum! {
        /// A test enum.
        pub enum Sample { First = "first", SecondOne = "second_one" }
    }

    #[test]
    fn text_round_trips_through_serde_and_parse() {
        for value in Sample::ALL {
            assert_eq!(Sample::parse(value.as_str()), Some(*value));
            let json = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", value.as_str()));
        }
        assert_eq!(Sample::parse("third"), None);
    }
}
