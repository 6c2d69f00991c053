//! The sign-in page's pure logic, tested natively: what the form says when the API refuses.

use crate::{
    api::ApiError,
    i18n::{t, Lang},
};

/// What the login form says when the API refuses.
pub fn failure_message(lang: Lang, error: &ApiError) -> &'static str {
    match error.status().unwrap_or_default() {
        0 => t(lang, "error.network"),
        401 => t(lang, "login.failed"),
        429 => t(lang, "login.throttled"),
        400 | 422 => t(lang, "login.invalid"),
        _ => t(lang, "error.unexpected"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_explained_in_the_readers_language() {
        let refused = ApiError::Unexpected { status: 401, detail: String::new() };
        assert_eq!(failure_message(Lang::Vi, &refused), "Sai tên đăng nhập hoặc mật khẩu");
        assert_eq!(failure_message(Lang::En, &refused), "Wrong username or password");
        assert_ne!(
            failure_message(Lang::Vi, &ApiError::Unexpected { status: 429, detail: String::new() }),
            failure_message(Lang::Vi, &refused)
        );
        assert_eq!(failure_message(Lang::En, &ApiError::network()), t(Lang::En, "error.network"));
    }
}
