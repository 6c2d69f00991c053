//! The session: logging in installs the access token and tells the app; logging out
//! ends the session (the server clears its refresh cookie) and forgets the token.

use super::{client, ApiError};
use crate::state::{SessionAction, Tokens};
use danvan_domain::auth::LoginRequest;

pub async fn login(credentials: &LoginRequest) -> Result<(), ApiError> {
    let tokens = Tokens::from(client().web_login(&credentials.username, &credentials.password).await?);
    super::set_tokens(Some(tokens.clone()));
    super::notify(SessionAction::LoggedIn(tokens));
    Ok(())
}

pub async fn logout() {
    let _ = client().web_logout().await;
    super::set_tokens(None);
    super::notify(SessionAction::LoggedOut);
}
