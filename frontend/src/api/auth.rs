//! The session: logging in installs the tokens and tells the app; logging out revokes
//! the refresh token and forgets both.

use super::{client, ApiError};
use crate::state::{SessionAction, Tokens};
use danvan_domain::auth::LoginRequest;

pub async fn login(credentials: &LoginRequest) -> Result<(), ApiError> {
    let tokens = Tokens::from(client().login(&credentials.username, &credentials.password).await?);
    super::set_tokens(Some(tokens.clone()));
    super::notify(SessionAction::LoggedIn(tokens));
    Ok(())
}

pub async fn logout() {
    if let Some(tokens) = super::tokens() {
        let _ = client().logout(&tokens.refresh_token).await;
    }
    super::set_tokens(None);
    super::notify(SessionAction::LoggedOut);
}
